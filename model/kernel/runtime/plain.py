"""The plain-Python twin of ``compiled``: one member run without numba or a JIT.

``njit`` is a no-op, ``prange`` is ``range`` and ``float`` is a float64 cast, so that division by
zero and a negative base's fractional power give inf/NaN as numpy (and numba's
error_model='numpy') do. exp, log and ^ follow the compiled kernel's fdlibm arithmetic step for
step in Python floats: the same IEEE operations, so the same bits."""

import builtins
import math

import numpy as np

from . import helpers
from .fdlibm import (EXP_OVERFLOW, EXP_UNDERFLOW, INV_LN2, LG1, LG2, LG3, LG4, LG5, LG6, LG7, LN2_HI,
                     LN2_LO, P1, P2, P3, P4, P5, SHIFT)

__all__ = ["np", "njit", "prange", "float", "LANES", "_exp", "_log", "_pow", "_vexp", "_vlog", "_vpow", "_min",
           "_max", "_xidz", "_integer", "_quantum", "_modulo", "_step", "_ramp", "_ramp_open", "_pulse",
           "_pulse_train", "_delay_order", "_fixed_length", "_trend",
           "_vector_select", "_allocate_by_priority", "_invert_matrix",
           "_vector_sorting", "_vector_reorder", "_sin", "_cos", "_tan", "_asin", "_acos",
           "_atan", "_sinh", "_cosh", "_tanh"]

LANES = 1
prange = range
float = np.float64  # noqa: A001 (the generated code's float() is a float64 cast)


def njit(*args, **options):
    return args[0] if args and callable(args[0]) else (lambda function: function)


def _exp(x):
    x = builtins.float(x)  # Python floats: faster than numpy's scalars, the same arithmetic
    if x != x:
        return np.float64(x)
    if x > EXP_OVERFLOW:
        return np.float64(np.inf)
    if x < EXP_UNDERFLOW:
        return np.float64(0.0)
    xc = min(max(x, -746.0), 710.0)
    kd = (xc * INV_LN2 + SHIFT) - SHIFT
    hi = xc - kd * LN2_HI
    lo = kd * LN2_LO
    r = hi - lo
    t = r * r
    c = r - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))))
    y = 1.0 - ((lo - (r * c) / (2.0 - c)) - hi)
    e = int(kd) + 1100
    half = e >> 1
    return np.float64(math.ldexp(math.ldexp(y, half - 550), e - half - 550))


def _log(x):
    x = builtins.float(x)
    if x != x or x < 0.0:
        return np.float64(np.nan)
    if x == 0.0:
        return np.float64(-np.inf)
    if x == math.inf:
        return np.float64(x)
    m, e = math.frexp(x)
    m = m * 2.0  # x = m * 2**(e - 1), m in [1, 2)
    high = int((m - 1.0) * 1048576.0)  # the top 20 bits of the mantissa
    wide = high >= 0x6A09C  # fdlibm's bit test: 1 + f within [sqrt(2)/2, sqrt(2))
    f = (m * 0.5 if wide else m) - 1.0
    dk = builtins.float(e - 1 + (1 if wide else 0))
    s = f / (2.0 + f)
    z = s * s
    w = z * z
    R = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7))) + w * (LG2 + w * (LG4 + w * LG6))
    hfsq = 0.5 * f * f
    if 0x6147a <= high <= 0x6b851:
        return np.float64(dk * LN2_HI - ((hfsq - (s * (hfsq + R) + dk * LN2_LO)) - f))
    return np.float64(dk * LN2_HI - ((s * (f - R) - dk * LN2_LO) - f))


def _pow(a, b):
    # the compiled kernel's pow_lane, its shortcuts included
    if b == 2.0:
        return a * a
    if b == 0.5:
        return np.sqrt(a)
    if b == -1.0:
        return 1.0 / np.float64(a)  # 1 / 0 is inf, as compiled
    if b == 1.0:
        return a
    if b == 0.0 or a == 1.0:
        return np.float64(1.0)
    r = _exp(b * _log(abs(a)))
    if a < 0.0:  # a negative base takes an integer power only
        r = (-r if np.floor(b * 0.5) != b * 0.5 else r) if np.floor(b) == b else np.float64(np.nan)
    if a == np.floor(a) and b == np.floor(b) and b > 0.0 and abs(r) < 17592186044416.0:
        r = np.float64(round(builtins.float(r)))  # ties to even, as np.rint
    return r


def _vexp(x, a, r):
    x[r] = _exp(x[a])


def _vlog(x, a, r):
    x[r] = _log(x[a])


def _vpow(x, a, b, r):
    x[r] = _pow(x[a], x[b])


_min = helpers.minimum
_max = helpers.maximum
_xidz = helpers.xidz
_integer = helpers.integer
_quantum = helpers.quantum
_modulo = helpers.modulo
_step = helpers.step
_ramp = helpers.ramp
_ramp_open = helpers.ramp_open
_pulse = helpers.pulse
_pulse_train = helpers.pulse_train
_delay_order = helpers.delay_order
_fixed_length = helpers.fixed_length
_trend = helpers.trend
_vector_select = helpers.vector_select
_allocate_by_priority = helpers.allocate_by_priority
_invert_matrix = helpers.invert_matrix
_vector_sorting = helpers.vector_sorting
_vector_reorder = helpers.vector_reorder


def _libm(function, numpy_function):
    """libm's function through Python's math (the compiled kernel calls libm too); where math raises
    (outside the domain, overflow) numpy's value: NaN or inf."""
    def call(x):
        try:
            return np.float64(function(builtins.float(x)))
        except (ValueError, OverflowError):
            return np.float64(numpy_function(x))
    return call


_sin, _cos, _tan = _libm(math.sin, np.sin), _libm(math.cos, np.cos), _libm(math.tan, np.tan)
_asin, _acos, _atan = _libm(math.asin, np.arcsin), _libm(math.acos, np.arccos), _libm(math.atan, np.arctan)
_sinh, _cosh, _tanh = _libm(math.sinh, np.sinh), _libm(math.cosh, np.cosh), _libm(math.tanh, np.tanh)
