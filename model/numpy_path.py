"""pysd's own generated code driven batched: every constant may be a numpy array with one value per
ensemble member, and one pass of an Euler loop simulates the whole ensemble.

A few pysd helpers assume scalars (``float(...)`` around MIN/MAX; ``IF THEN ELSE``, ``ZIDZ`` and
``XIDZ`` branch with a Python ``if``; a lookup compares its argument with its points): the
translated module gets array-aware versions of the same semantics, set on that module only. This
path is the reference the kernel is tested against, and the engine's fallback."""

from __future__ import annotations

import warnings
from typing import Callable, Mapping, Sequence

import numpy as np

SMALL_VENSIM = 1e-6  # what Vensim (and pysd) treat as zero in ZIDZ/XIDZ


def _labelled(*values) -> bool:
    """Whether a value is an xarray DataArray (a subscripted value): pysd's own helpers take those."""
    return any(hasattr(value, "dims") and not isinstance(value, np.ndarray) for value in values)


def _array_float(value):
    """pysd wraps scalar MIN/MAX results in float(); keep arrays as arrays."""
    if _labelled(value):
        return value
    if isinstance(value, np.ndarray) and value.ndim > 0:
        return value.astype(float)
    return float(value)


def _array_if_then_else(condition, val_if_true, val_if_false):
    """Vensim IF THEN ELSE for a scalar or an array condition (pysd's needs a scalar)."""
    if _labelled(condition):
        from pysd.py_backend.functions import if_then_else

        return if_then_else(condition, val_if_true, val_if_false)
    if np.ndim(condition) == 0:
        return val_if_true() if condition else val_if_false()
    if np.all(condition):
        return val_if_true()
    if not np.any(condition):
        return val_if_false()
    return np.where(condition, val_if_true(), val_if_false())


def _array_zidz(numerator, denominator):
    """Vensim ZIDZ for scalars or arrays: 0 where the denominator is (nearly) zero."""
    return _array_xidz(numerator, denominator, 0.0)


def _array_xidz(numerator, denominator, x):
    """Vensim XIDZ for scalars or arrays: x where the denominator is (nearly) zero."""
    if _labelled(numerator, denominator, x):
        from pysd.py_backend.functions import xidz

        return xidz(numerator, denominator, x)
    if np.ndim(numerator) == 0 and np.ndim(denominator) == 0:
        return x if abs(denominator) < SMALL_VENSIM else numerator / denominator
    small = np.abs(denominator) < SMALL_VENSIM
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(small, x, np.divide(numerator, np.where(small, 1.0, denominator)))


class MemberLookup:
    """A one-dimensional lookup table that also takes one argument per member (pysd's compares a
    scalar with its points); interpolated as pysd does, ends held."""

    def __init__(self, lookup):
        self.lookup = lookup

    def __call__(self, x, final_subs=None):
        data = getattr(self.lookup, "data", None)
        if isinstance(x, np.ndarray) and x.ndim > 0 and getattr(data, "ndim", 0) == 1:
            return np.interp(x, data.coords["lookup_dim"].values, data.values)
        return self.lookup(x, final_subs)

    def __getattr__(self, name):
        return getattr(self.lookup, name)


def _keep_order(delay) -> None:
    """DELAY1 and DELAY3 keep their order however short the delay time (Vensim); pysd lowers it until
    order * TIME STEP fits, as Vensim does for DELAY N only. Its test of that reads TIME STEP."""
    lowering = type(delay).initialize

    def initialize(init_val=None):
        time_step, delay.tstep = delay.tstep, (lambda: 0.0)
        try:
            lowering(delay, init_val)
        finally:
            delay.tstep = time_step
    delay.initialize = initialize


def make_array_aware(model) -> None:
    """Give the translated module the array-aware helpers above, and Vensim's DELAY3 order."""
    from pysd.py_backend.lookups import Lookups
    from pysd.py_backend.statefuls import Delay

    module = model.components._components
    for stateful in model._stateful_elements.values():
        if type(stateful) is Delay:
            _keep_order(stateful)
    module.float = _array_float
    module.if_then_else = _array_if_then_else
    module.zidz = _array_zidz
    module.xidz = _array_xidz
    for name, value in list(vars(module).items()):
        if isinstance(value, Lookups):
            setattr(module, name, MemberLookup(value))


def _euler_step(model, dt: float) -> None:
    """pysd's Euler step, one stock at a time: pysd stacks all stocks into one object array, which
    fails when some stocks are per-member arrays and others still scalars. A DELAY FIXED reads its
    input when updated: read it before any state moves, as the kernel does."""
    stocks = model._dynamicstateful_elements
    derivatives = [stock.ddt() for stock in stocks]
    for stock in stocks:
        if type(stock).__name__ == "DelayFixed":
            stock.input_func()
    for stock, derivative in zip(stocks, derivatives):
        stock.update(stock.state + derivative * dt)


def _give_states_a_member_axis(model, members: int) -> None:
    """Give every stock's state a trailing member axis. A state whose initial value does not
    depend on the varied constants starts scalar (an SMOOTH's per-stage vector), and its
    derivative only becomes per-member later, which pysd's SMOOTH cannot absorb."""
    for element in model._dynamicstateful_elements:
        state = np.asarray(element.state, dtype=float)
        per_stage = type(element).__name__ not in ("Integ", "NonNegativeInteg", "Trend", "Forecast", "DelayFixed",
                                                   "SampleIfTrue")
        if state.ndim == (1 if per_stage else 0):
            element.update(np.repeat(state[..., None], members, axis=-1))


def path_function(clock: Callable[[], float], years: Sequence[float], values: np.ndarray) -> Callable:
    xs = np.asarray(years, dtype=float)
    ys = np.asarray(values, dtype=float)
    if ys.ndim == 1:
        return lambda: float(np.interp(clock(), xs, ys))

    # One path per member: interpolate every row at once (ends are held, as in Vensim).
    def per_member():
        t = min(max(clock(), xs[0]), xs[-1])
        i = min(int(np.searchsorted(xs, t, side="right")) - 1, len(xs) - 2)
        w = (t - xs[i]) / (xs[i + 1] - xs[i])
        return ys[:, i] * (1 - w) + ys[:, i + 1] * w
    return per_member


def run(model, setters: Mapping[str, Callable], outputs: Callable[[], Sequence[Callable]], members: int,
        batched: bool, *, initial_time: float, final_time: float, time_step: float, saveper: float,
        save_years: Sequence[float] | None, shapes: Sequence[tuple]) -> tuple[np.ndarray, list[np.ndarray]]:
    """Euler steps of pysd's components with ``setters`` in place; each function ``outputs()`` gives
    (once they are in place) saved as (members, times, *shape)."""
    # pysd freezes run-constant elements (constant_cache) while configuring and only thaws them
    # when collecting its own output; thaw here, or the next run would see values derived from
    # this run's constants.
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model._config_simulation(
                params=dict(setters), return_columns=[], return_timestamps=None, initial_condition="original",
                final_time=final_time, time_step=time_step, saveper=saveper, cache_output=False, progress=False)
        dt = float(model.time.time_step())
        t0 = float(model.time())
        t_end = float(model.time.final_time())
        n_steps = int(round((t_end - t0) / dt))
        keep_times = np.arange(t0, t_end + dt / 2, saveper)
        if save_years is not None:
            keep_times = np.asarray(sorted(save_years), dtype=float)
        keep_steps = {int(round((t - t0) / dt)) for t in keep_times}
        functions = outputs()
        saved = [np.empty((members, len(keep_times), *shape)) for shape in shapes]
        if batched:
            _give_states_a_member_axis(model, members)
        column = 0
        for k in range(n_steps + 1):
            if k in keep_steps:
                for store, function in zip(saved, functions):
                    store[:, column] = np.broadcast_to(np.asarray(function(), dtype=float), store[:, column].shape)
                column += 1
            if k == n_steps:
                break
            _euler_step(model, dt)
            model.time.update(t0 + (k + 1) * dt)
            model.clean_caches()
    finally:
        model._remove_constant_cache()
    return keep_times[:column], [store[:, :column] for store in saved]
