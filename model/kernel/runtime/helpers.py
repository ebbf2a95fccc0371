"""Vensim's functions on one value at a time, with pysd's semantics (pysd.py_backend.functions).

Plain Python that numba compiles unchanged: ``compiled`` wraps each in ``njit``, ``plain`` uses them
as they are. None calls another (a compiled function can call compiled functions only)."""

import numpy as np

from .fdlibm import SMALL_VENSIM


def minimum(a, b):
    # np.minimum: NaN wins
    return a if a < b else (b if b <= a else np.nan)


def maximum(a, b):
    return a if a > b else (b if b >= a else np.nan)


def xidz(a, b, x):
    return x if abs(b) < SMALL_VENSIM else a / b


def integer(a):
    return np.float64(np.trunc(a))


def quantum(a, b):
    return a if b < SMALL_VENSIM else b * np.float64(np.trunc(a / b))


def modulo(a, b):
    return a - (a if b < SMALL_VENSIM else b * np.float64(np.trunc(a / b)))


def step(t, dt, value, start):
    return value if t + dt / 2 > start else 0.0


def ramp(t, slope, start, finish):
    return slope * (min(finish, t) - start) if t + SMALL_VENSIM > start else 0.0


def ramp_open(t, slope, start):
    """RAMP without a finish time (XMILE's form): it never stops."""
    return slope * (t - start) if t + SMALL_VENSIM > start else 0.0


def pulse(t, start, width):
    return 1.0 if start - SMALL_VENSIM <= t < start + width else 0.0


def pulse_train(t, start, repeat, width, end):
    if repeat == 0.0:
        return 1.0 if start - SMALL_VENSIM <= t < start + width else 0.0
    if start <= t < end:
        return 1.0 if (t - start + SMALL_VENSIM) % repeat < width else 0.0
    return 0.0


def delay_order(order, dt, delay_time):
    """pysd lowers a delay's order until order * TIME STEP fits in the delay time."""
    while order > 1 and order * dt > delay_time:
        order -= 1
    return order


def fixed_length(delay_time, dt):
    """Number of steps a DELAY FIXED holds its input, as pysd counts them."""
    return np.float64(np.round(max(delay_time / dt, 1.0) + SMALL_VENSIM))


def trend(value, average, average_time):
    """TREND's output: ZIDZ(input - average, average time * |average|)."""
    scale = average_time * abs(average)
    return 0.0 if abs(scale) < SMALL_VENSIM else (value - average) / scale
