"""The kernel's runtime (model/kernel/runtime): fdlibm's exp, log and ^ compiled and in plain Python,
against numpy on large samples, and Vensim's functions on one value."""

from __future__ import annotations

import numpy as np
import pytest
from numba import njit

from innovsd.model.kernel.runtime import compiled, helpers, plain

SAMPLE = 1_000_000
PLAIN_SAMPLE = 100_000  # the plain twin runs in Python: a smaller sample keeps the test fast


@njit(cache=True)
def _apply(function, xs):
    out = np.empty_like(xs)
    for i in range(xs.shape[0]):
        out[i] = function(xs[i])
    return out


@njit(cache=True)
def _apply2(function, a, b):
    out = np.empty_like(a)
    for i in range(a.shape[0]):
        out[i] = function(a[i], b[i])
    return out


def _ulps(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Distance in units in the last place between finite doubles of the same sign."""
    return np.abs(a.view(np.int64) - b.view(np.int64))


@pytest.fixture(scope="module")
def rng():
    return np.random.default_rng(2024)


def _exp_inputs(rng, n):
    return np.concatenate([rng.uniform(-745.0, 709.7, n // 2), rng.uniform(-5.0, 5.0, n // 4),
                           rng.normal(0.0, 1e-8, n - n // 2 - n // 4)])


def _log_inputs(rng, n):
    exponents = rng.uniform(-1022.0, 1023.0, n // 2)
    return np.concatenate([np.exp2(exponents) * rng.uniform(1.0, 2.0, n // 2), rng.uniform(0.5, 2.0, n // 4),
                           rng.uniform(1e-310, 1e-307, n - n // 2 - n // 4)])  # subnormals and near


def test_compiled_exp_is_within_one_ulp_of_numpy(rng):
    xs = _exp_inputs(rng, SAMPLE)
    ours, theirs = _apply(compiled._exp, xs), np.exp(xs)
    finite = np.isfinite(theirs) & (theirs > 0)
    assert finite.sum() > 0.99 * SAMPLE
    assert _ulps(ours[finite], theirs[finite]).max() <= 1


def test_compiled_log_is_within_one_ulp_of_numpy(rng):
    xs = _log_inputs(rng, SAMPLE)
    ours, theirs = _apply(compiled._log, xs), np.log(xs)
    assert np.all(np.isfinite(theirs))
    same_sign = np.sign(ours) == np.sign(theirs)
    assert same_sign.mean() > 0.999
    assert _ulps(ours[same_sign], theirs[same_sign]).max() <= 1
    # around 1, where log changes sign, compare with the ulp of numpy's value
    assert np.all(np.abs(ours - theirs) <= np.spacing(np.abs(theirs)))


def test_compiled_pow_follows_numpy_within_the_error_of_its_exponent(rng):
    """x^y is exp(y log|x|): the rounding of y log|x| (half an ulp of it) and the logarithm's own
    error (an ulp of log|x|, times y) become a relative error of the result: about 1.5 |y log x| ulps."""
    a = np.exp(rng.uniform(-20.0, 20.0, SAMPLE))
    b = rng.uniform(-15.0, 15.0, SAMPLE)
    ours, theirs = _apply2(compiled._pow, a, b), np.power(a, b)
    finite = np.isfinite(theirs) & (theirs > 0)
    allowed = 2 + 2 * np.abs(b * np.log(a))
    assert np.all(_ulps(ours[finite], theirs[finite]) <= allowed[finite])
    negative = -np.abs(rng.uniform(0.1, 10.0, 1000))
    whole = rng.integers(-6, 7, 1000).astype(float)
    signed = _apply2(compiled._pow, negative, whole)
    np.testing.assert_allclose(signed, np.power(negative, whole), rtol=1e-10)
    assert np.all(np.isnan(_apply2(compiled._pow, negative, whole + 0.5)))


def test_exact_values_and_ends():
    for exp, log, power in ((compiled._exp, compiled._log, compiled._pow), (plain._exp, plain._log, plain._pow)):
        assert exp(0.0) == 1.0 and log(1.0) == 0.0
        assert power(7.3, 0.0) == 1.0 and power(1.0, 123.4) == 1.0 and power(0.0, 2.0) == 0.0
        assert power(-2.0, 2.0) == 4.0 and power(-2.0, 3.0) == -8.0 and power(3.0, 3.0) == 27.0  # whole powers
        assert exp(-np.inf) == 0.0 and exp(np.inf) == np.inf and exp(800.0) == np.inf and exp(-800.0) == 0.0
        assert log(0.0) == -np.inf and log(np.inf) == np.inf
        assert np.isnan(log(-1.0)) and np.isnan(exp(np.nan)) and np.isnan(log(np.nan))


def test_plain_twins_give_the_compiled_bits(rng):
    xs = _exp_inputs(rng, PLAIN_SAMPLE)
    assert np.array_equal(np.array([plain._exp(x) for x in xs]), _apply(compiled._exp, xs))
    xs = _log_inputs(rng, PLAIN_SAMPLE)
    assert np.array_equal(np.array([plain._log(x) for x in xs]), _apply(compiled._log, xs))
    a = np.concatenate([np.exp(rng.uniform(-20, 20, PLAIN_SAMPLE // 2)), -rng.uniform(0.1, 10, PLAIN_SAMPLE // 2)])
    b = np.concatenate([rng.uniform(-15, 15, PLAIN_SAMPLE // 2), rng.integers(-6, 7, PLAIN_SAMPLE // 2) * 1.0])
    b[::97] = 0.5  # numpy's shortcuts too (x^2, x^0.5, x^-1, x^1)
    b[::89] = 2.0
    a[::83], b[::83] = np.round(a[::83] % 40), 3.0  # whole numbers to whole powers
    assert np.array_equal(np.array([plain._pow(x, y) for x, y in zip(a, b)]), _apply2(compiled._pow, a, b),
                          equal_nan=True)


@pytest.mark.parametrize("name", ["minimum", "maximum", "xidz", "integer", "quantum", "modulo", "step", "ramp",
                                  "ramp_open", "pulse", "pulse_train", "delay_order", "fixed_length", "trend"])
def test_helpers_compiled_and_plain_agree(rng, name):
    """Each Vensim helper is one plain function, compiled by numba as it is: the same numbers."""
    arity = helpers.__dict__[name].__code__.co_argcount
    values = np.round(rng.uniform(-3.0, 6.0, (400, arity)), 1)
    values[::7, -1] = 0.0
    for row in values:  # float64s, as the kernel's rows hold: 1 / 0 is inf in both
        with np.errstate(all="ignore"):
            expected = getattr(helpers, name)(*row)
        got = getattr(compiled, "_" + name.replace("minimum", "min").replace("maximum", "max"))(*row)
        assert got == expected or (np.isnan(got) and np.isnan(expected)), (name, row)


def test_helpers_follow_pysd():
    from pysd.py_backend import functions

    class Clock:
        def __init__(self, t, dt):
            self.t, self.dt = t, dt

        def __call__(self):
            return self.t

        def time_step(self):
            return self.dt

    for t in np.arange(0.0, 10.0, 0.25):
        clock = Clock(t, 0.25)
        assert helpers.step(t, 0.25, 3.0, 2.0) == functions.step(clock, 3.0, 2.0)
        assert helpers.ramp(t, 0.5, 2.0, 6.0) == functions.ramp(clock, 0.5, 2.0, 6.0)
        assert helpers.ramp_open(t, 0.5, 2.0) == functions.ramp(clock, 0.5, 2.0)
        assert helpers.pulse(t, 3.0, 1.5) == functions.pulse(clock, 3.0, width=1.5)
        assert helpers.pulse_train(t, 1.0, 2.0, 0.5, 8.0) == functions.pulse(clock, 1.0, repeat_time=2.0, width=0.5,
                                                                            end=8.0)
    for a, b in ((7.5, 2.0), (-7.5, 2.0), (3.0, 0.0), (5.0, 1e-7)):
        assert helpers.quantum(a, b) == functions.quantum(a, b)
        assert helpers.modulo(a, b) == functions.modulo(a, b)
        assert helpers.xidz(a, b, -1.0) == functions.xidz(a, b, -1.0)
    assert helpers.integer(-2.7) == functions.integer(-2.7)


def test_the_compiled_lanes_as_python_give_the_compiled_bits(rng):
    """The compiled source itself, run by Python (its bit casts have Python twins): the same numbers,
    so what numba compiles is the arithmetic written there."""
    xs = _exp_inputs(rng, 5_000)
    assert np.array_equal([compiled.exp_lane.py_func(x) for x in xs], _apply(compiled._exp, xs))
    xs = _log_inputs(rng, 5_000)
    assert np.array_equal([compiled.log_lane.py_func(x) for x in xs], _apply(compiled._log, xs))
    a, b = np.exp(rng.uniform(-5, 5, 2_000)), rng.uniform(-4, 4, 2_000)
    with np.errstate(all="ignore"):
        assert np.array_equal([compiled.pow_lane.py_func(x, y) for x, y in zip(a, b)], _apply2(compiled._pow, a, b))


def test_functions_over_vectors_follow_pysd_compiled_and_plain(rng):
    """ALLOCATE BY PRIORITY, VECTOR SELECT and INVERT MATRIX on one element at a time, as the kernel
    calls them, against pysd's own functions over the whole vector."""
    import xarray as xr
    from pysd.py_backend import allocation, functions

    for _ in range(60):  # every length 2..6 many times over; each case calls pysd through xarray 11 times
        n = int(rng.integers(2, 7))
        request = np.round(rng.uniform(0, 10, n), 1) * (rng.uniform(size=n) > 0.2)
        priority = np.round(rng.uniform(0, 10, n), 1)
        width, supply = float(rng.uniform(0.5, 5)), float(rng.uniform(0, request.sum() * 1.2))
        expected = allocation._allocate_by_priority_1d(request.copy(), priority.copy(), width, supply)
        for i in range(n):
            args = (float(i), tuple(request), tuple(priority), width, supply)
            got = plain._allocate_by_priority(*args)
            assert got == compiled._allocate_by_priority(*args)
            assert got == pytest.approx(expected[i], rel=1e-9, abs=1e-12)
        selection = np.round(rng.uniform(-1, 2, n)) * (rng.uniform(size=n) > 0.3)
        values = rng.uniform(0.5, 3, n)
        for action in range(11):
            got = plain._vector_select(tuple(selection), tuple(values), -1.0, float(action))
            assert got == compiled._vector_select(tuple(selection), tuple(values), -1.0, float(action))
            with np.errstate(all="ignore"):
                wanted = functions.vector_select(xr.DataArray(selection, {"d": list("abcdef"[:n])}, ["d"]),
                                                 xr.DataArray(values, {"d": list("abcdef"[:n])}, ["d"]),
                                                 ["d"], -1.0, action, 0)
            assert got == pytest.approx(float(wanted), rel=1e-12, nan_ok=True), (action, selection)
        matrix = rng.uniform(-2, 2, (3, 3)) + 3 * np.eye(3)
        inverse = np.linalg.inv(matrix)
        for i in range(3):
            for j in range(3):
                got = plain._invert_matrix(float(i), float(j), tuple(matrix.ravel()))
                assert got == compiled._invert_matrix(float(i), float(j), tuple(matrix.ravel()))
                assert got == pytest.approx(inverse[i, j], rel=1e-12, abs=1e-14)


def test_sorting_functions_follow_pysd_compiled_and_plain(rng):
    """VECTOR SORT ORDER, VECTOR RANK and VECTOR REORDER one element at a time, with NaN, against
    pysd's own functions over the whole vector; ties keep their order (numpy's sort orders them as
    the machine's sort does)."""
    import xarray as xr
    from pysd.py_backend import functions

    for _ in range(100):
        n = int(rng.integers(1, 17))
        values = np.where(rng.uniform(size=n) < 0.2, np.nan, rng.uniform(-5, 5, n))
        vector = xr.DataArray(values, {"d": [f"e{i}" for i in range(n)]}, ["d"])
        for direction in (1.0, 0.0, -1.0):
            order = functions.vector_sort_order(vector, direction).values
            rank = functions.vector_rank(vector, direction).values
            reordered = functions.vector_reorder(vector, functions.vector_sort_order(vector, direction)).values
            for i in range(n):
                for twin in (plain, compiled):
                    assert twin._vector_sorting(float(i), tuple(values), direction, 0.0) == order[i]
                    assert twin._vector_sorting(float(i), tuple(values), direction, 1.0) == rank[i]
                    got = twin._vector_reorder(float(i), tuple(values), tuple(order.astype(float)))
                    assert got == reordered[i] or np.isnan(got) and np.isnan(reordered[i])
    ties = (2.0, 1.0, 2.0, 1.0)
    for twin in (plain, compiled):
        assert [twin._vector_sorting(float(i), ties, 1.0, 0.0) for i in range(4)] == [1.0, 3.0, 0.0, 2.0]
        assert [twin._vector_sorting(float(i), ties, 1.0, 1.0) for i in range(4)] == [3.0, 1.0, 4.0, 2.0]


@pytest.mark.parametrize("name", ["sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh"])
def test_trigonometric_functions_are_libms_compiled_and_plain(rng, name):
    xs = np.concatenate([rng.uniform(-20, 20, 3_000), rng.uniform(-1.2, 1.2, 1_000),
                         [0.0, -0.0, np.inf, -np.inf, np.nan, 800.0, -800.0, 1e300]])
    with np.errstate(all="ignore"):
        ours = _apply(getattr(compiled, "_" + name), xs)
        twin = np.array([getattr(plain, "_" + name)(x) for x in xs])
        numpy_values = getattr(np, {"asin": "arcsin", "acos": "arccos", "atan": "arctan"}.get(name, name))(xs)
    assert np.array_equal(ours, twin, equal_nan=True)
    finite = np.isfinite(numpy_values) & (np.abs(numpy_values) > 1e-300)
    assert np.all(np.abs(ours[finite] - numpy_values[finite]) <= 2 * np.spacing(np.abs(numpy_values[finite])))
    assert np.array_equal(np.isnan(ours), np.isnan(numpy_values))
