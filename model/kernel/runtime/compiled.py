"""The compiled kernel's runtime: numba versions of exp, log, ^ and Vensim's functions.

exp and log are arithmetic (fdlibm's e_exp.c and e_log.c, within 1 ulp of the exact value;
exp(0) = 1 and log(1) = 0 exactly) without branches or double <-> int64 conversions (AVX2 has
none), so that a loop of them over a block's members vectorises, which libm's calls do not.
``plain`` computes the same bits in Python floats."""

import math

import numpy as np
from llvmlite import ir
from numba import njit, prange
from numba.core import types
from numba.extending import intrinsic, overload

from . import LANES, helpers
from .fdlibm import (EXP_OVERFLOW, EXP_UNDERFLOW, INV_LN2, LG1, LG2, LG3, LG4, LG5, LG6, LG7, LN2_HI,
                     LN2_LO, P1, P2, P3, P4, P5, SHIFT)

__all__ = ["np", "njit", "prange", "LANES", "_exp", "_log", "_pow", "_vexp", "_vlog", "_vpow", "_min", "_max",
           "_xidz", "_integer", "_quantum", "_modulo", "_step", "_ramp", "_ramp_open", "_pulse", "_pulse_train",
           "_delay_order", "_fixed_length", "_trend",
           "_vector_select", "_allocate_by_priority", "_invert_matrix",
           "_vector_sorting", "_vector_reorder", "_sin", "_cos", "_tan", "_asin", "_acos",
           "_atan", "_sinh", "_cosh", "_tanh"]



@intrinsic
def _bits_of(typingctx, x):
    def codegen(context, builder, signature, args):
        return builder.bitcast(args[0], ir.IntType(64))
    return types.int64(types.float64), codegen


@intrinsic
def _float_of(typingctx, x):
    def codegen(context, builder, signature, args):
        return builder.bitcast(args[0], ir.DoubleType())
    return types.float64(types.int64), codegen


def _bits(x):
    """A double's bits as an int64 (compiled: a bit cast; in Python, so that the lanes' Python
    source runs too: ``exp_lane.py_func``)."""
    return int(np.float64(x).view(np.int64))


def _float(n):
    """The double whose bits are the int64 ``n``."""
    return float(np.int64(n).view(np.float64))


@overload(_bits, inline="always")
def _compiled_bits(x):
    return lambda x: _bits_of(x)


@overload(_float, inline="always")
def _compiled_float(n):
    return lambda n: _float_of(n)


@njit(cache=True, inline="always", error_model="numpy")
def exp_lane(x):
    xc = min(max(x, -746.0), 710.0) if x == x else 0.0
    shifted = xc * INV_LN2 + SHIFT
    kd = shifted - SHIFT  # x / ln 2 rounded
    hi = xc - kd * LN2_HI
    lo = kd * LN2_LO
    r = hi - lo
    t = r * r
    c = r - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))))
    y = 1.0 - ((lo - (r * c) / (2.0 - c)) - hi)
    # y * 2**k in two factors, so that results near either end of the range stay representable
    e = (_bits(shifted) + 1100) & 0xFFFFF  # k + 1100, in [23, 2126]
    half = e >> 1
    y = y * _float((half + 473) << 52) * _float((e - half + 473) << 52)
    if x > EXP_OVERFLOW:
        y = np.inf
    if x < EXP_UNDERFLOW:
        y = 0.0
    if x != x:
        y = x
    return y


@njit(cache=True, inline="always", error_model="numpy")
def log_lane(x):
    tiny = x < 2.2250738585072014e-308
    bits = _bits(x * 18014398509481984.0 if tiny else x) & 0x7FFFFFFFFFFFFFFF  # subnormals * 2**54
    mantissa = bits & 0x000FFFFFFFFFFFFF
    carry = (mantissa + 0x00095F6400000000) & 0x0010000000000000  # 1 + f within [sqrt(2)/2, sqrt(2))
    e = (bits >> 52) + (carry >> 52) - (54 if tiny else 0) + 1024  # k + 2047 >= 0
    dk = _float(e | 0x4330000000000000) - 4503599627372543.0  # k as a double: 2**52 + e - (2**52 + 2047)
    f = _float(mantissa | (carry ^ 0x3FF0000000000000)) - 1.0
    high = mantissa >> 32
    s = f / (2.0 + f)
    z = s * s
    w = z * z
    R = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7))) + w * (LG2 + w * (LG4 + w * LG6))
    hfsq = 0.5 * f * f
    if ((high - 0x6147a) | (0x6b851 - high)) > 0:
        y = dk * LN2_HI - ((hfsq - (s * (hfsq + R) + dk * LN2_LO)) - f)
    else:
        y = dk * LN2_HI - ((s * (f - R) - dk * LN2_LO) - f)
    if x == 0.0:
        y = -np.inf
    if x < 0.0 or x != x:
        y = np.nan
    if x == np.inf:
        y = x
    return y


@njit(cache=True, inline="always", error_model="numpy")
def pow_lane(a, b):
    r = exp_lane(b * log_lane(abs(a)))
    if a < 0.0:  # a negative base takes an integer power only
        r = (-r if np.floor(b * 0.5) != b * 0.5 else r) if np.floor(b) == b else np.nan
    # a whole number to a whole power is that whole number, as C's pow gives it (below 2**44 the
    # error of exp(b log a) stays under a half)
    if a == np.floor(a) and b == np.floor(b) and b > 0.0 and abs(r) < 17592186044416.0:
        r = np.rint(r)
    if b == 0.0 or a == 1.0:
        r = 1.0
    # numpy's array ** scalar takes these shortcuts; the batched numpy path, and the
    # calibration shipped from it, went through them
    if b == 2.0:
        r = a * a
    if b == 0.5:
        r = np.sqrt(a)
    if b == -1.0:
        r = 1.0 / a
    if b == 1.0:
        r = a
    return r


# One value at a time (start values, saved values): calls, compiled once.
@njit(cache=True, error_model="numpy")
def _exp(x):
    return exp_lane(x)


@njit(cache=True, error_model="numpy")
def _log(x):
    return log_lane(x)


@njit(cache=True, error_model="numpy")
def _pow(a, b):
    return pow_lane(a, b)


# A row of LANES values at a time, in the block's rows `x`: vectorised loops (unsigned
# indices: numba wraps a negative signed index around, and that check stops LLVM).
@njit(cache=True, error_model="numpy")
def _vexp(x, a, r):
    for i in range(LANES):
        x[np.uint64(r + i)] = exp_lane(x[np.uint64(a + i)])


@njit(cache=True, error_model="numpy")
def _vlog(x, a, r):
    for i in range(LANES):
        x[np.uint64(r + i)] = log_lane(x[np.uint64(a + i)])


@njit(cache=True, error_model="numpy")
def _vpow(x, a, b, r):
    for i in range(LANES):
        x[np.uint64(r + i)] = pow_lane(x[np.uint64(a + i)], x[np.uint64(b + i)])


# Compiled in each process that compiles a kernel (numba's disk cache would key them on helpers.py
# alone, blind to these options); a kernel loaded from its cache carries their code.
_min = njit(error_model="numpy")(helpers.minimum)
_max = njit(error_model="numpy")(helpers.maximum)
_xidz = njit(error_model="numpy")(helpers.xidz)
_integer = njit(error_model="numpy")(helpers.integer)
_quantum = njit(error_model="numpy")(helpers.quantum)
_modulo = njit(error_model="numpy")(helpers.modulo)
_step = njit(error_model="numpy")(helpers.step)
_ramp = njit(error_model="numpy")(helpers.ramp)
_ramp_open = njit(error_model="numpy")(helpers.ramp_open)
_pulse = njit(error_model="numpy")(helpers.pulse)
_pulse_train = njit(error_model="numpy")(helpers.pulse_train)
_delay_order = njit(error_model="numpy")(helpers.delay_order)
_fixed_length = njit(error_model="numpy")(helpers.fixed_length)
_trend = njit(error_model="numpy")(helpers.trend)
_vector_select = njit(error_model="numpy")(helpers.vector_select)
_allocate_by_priority = njit(error_model="numpy")(helpers.allocate_by_priority)
_invert_matrix = njit(error_model="numpy")(helpers.invert_matrix)
_vector_sorting = njit(error_model="numpy")(helpers.vector_sorting)
_vector_reorder = njit(error_model="numpy")(helpers.vector_reorder)


# Trigonometric functions are libm's (numba calls it), so that the plain twin, which calls libm
# through Python's math, gives the same bits (numpy's own implementations can differ by an ulp).
@njit(cache=True, error_model="numpy")
def _sin(x):
    return math.sin(x)


@njit(cache=True, error_model="numpy")
def _cos(x):
    return math.cos(x)


@njit(cache=True, error_model="numpy")
def _tan(x):
    return math.tan(x)


@njit(cache=True, error_model="numpy")
def _asin(x):
    return math.asin(x)


@njit(cache=True, error_model="numpy")
def _acos(x):
    return math.acos(x)


@njit(cache=True, error_model="numpy")
def _atan(x):
    return math.atan(x)


@njit(cache=True, error_model="numpy")
def _sinh(x):
    return math.sinh(x)


@njit(cache=True, error_model="numpy")
def _cosh(x):
    return math.cosh(x)


@njit(cache=True, error_model="numpy")
def _tanh(x):
    return math.tanh(x)
