"""Run the Vensim model through pysd, one parameter set or thousands at once.

The equations live only in the .mdl file. pysd translates it to Python once (cached by the
file's hash); we drive pysd's generated components with our own Euler loop so that every
constant may be a numpy array with one value per ensemble member: one pass of the loop then
simulates the whole ensemble. A few pysd helpers assume scalars (``float(...)`` around
MIN/MAX, and ``IF THEN ELSE``, ``ZIDZ`` and ``XIDZ`` branch with a Python ``if``); we replace
them in the generated module's namespace with array-aware versions of the same semantics.

When the model is inside the kernel's subset (model/kernel.py), runs go through the kernel
generated from the same parse instead: compiled for batches, as plain Python for one member.
The numpy path above stays the reference the kernel is tested against, and the fallback. The
facts a run needs (names, units, constants, times) are cached, so pysd is loaded only when
that path or a new translation needs it.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import warnings
from concurrent.futures import Executor
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Mapping, Sequence

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

from innovsd.errors import InputError
from innovsd.cache import cache_root, read_sealed, seal, sealed, write_sealed
from innovsd.resources import data_file

SMALL_VENSIM = 1e-6  # what Vensim (and pysd) treat as zero in ZIDZ/XIDZ
FACTS_FORMAT = 1  # of the cached model facts (Engine._facts)

MODEL_FILE = data_file("innovsd.model", "haiphong_innovation.mdl")
CONTROL_NAMES = ("INITIAL TIME", "FINAL TIME", "TIME STEP", "SAVEPER")

ParamValue = float | np.ndarray
# A lever path: (years, values); values shaped (years,) or (members, years).
LeverPath = tuple[Sequence[float], np.ndarray]


def _array_float(value):
    """pysd wraps scalar MIN/MAX results in float(); keep arrays as arrays."""
    if isinstance(value, np.ndarray) and value.ndim > 0:
        return value.astype(float)
    return float(value)


def _array_if_then_else(condition, val_if_true, val_if_false):
    """Vensim IF THEN ELSE for a scalar or an array condition (pysd's needs a scalar)."""
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
    if np.ndim(numerator) == 0 and np.ndim(denominator) == 0:
        return x if abs(denominator) < SMALL_VENSIM else numerator / denominator
    small = np.abs(denominator) < SMALL_VENSIM
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(small, x, np.divide(numerator, np.where(small, 1.0, denominator)))


def _euler_step(model, dt: float) -> None:
    """pysd's Euler step, one stock at a time: pysd stacks all stocks into one object
    array, which fails when some stocks are per-member arrays and others still scalars."""
    stocks = model._dynamicstateful_elements
    derivatives = [stock.ddt() for stock in stocks]
    for stock, derivative in zip(stocks, derivatives):
        stock.update(stock.state + derivative * dt)


def _give_states_a_member_axis(model, members: int) -> None:
    """Give every stock's state a trailing member axis. A state whose initial value does not
    depend on the varied constants starts scalar (an SMOOTH's per-stage vector), and its
    derivative only becomes per-member later, which pysd's SMOOTH cannot absorb."""
    for element in model._dynamicstateful_elements:
        state = np.asarray(element.state, dtype=float)
        per_stage = type(element).__name__ != "Integ"  # SMOOTH/DELAY keep one row per stage
        if state.ndim == (1 if per_stage else 0):
            element.update(np.repeat(state[..., None], members, axis=-1))


def translate(mdl_path: Path, *, rebuild: bool = False) -> Path:
    """Translate the .mdl with pysd once per content and pysd version; return the .py file.

    The cached translation is imported, so it is used only when every file still has the hash
    recorded when it was written (``tables.sealed``); otherwise (truncated, planted, changed,
    or ``rebuild``) it is translated again: a broken cache never needs a manual delete."""
    import pysd

    mdl_path = Path(mdl_path)
    if not mdl_path.is_file():
        raise InputError("model file not found", source=str(mdl_path))
    digest = hashlib.sha256(mdl_path.read_bytes() + pysd.__version__.encode()).hexdigest()[:16]
    target = cache_root() / f"{mdl_path.stem}-{digest}"
    py_file = target / f"{mdl_path.stem}.py"
    if not rebuild and sealed(target) and py_file.is_file():
        return py_file
    # Translate in a private folder, seal it and rename it into place, so concurrent runs
    # never see a half-written file.
    scratch = Path(tempfile.mkdtemp(dir=target.parent))
    try:
        shutil.copy(mdl_path, scratch / mdl_path.name)
        pysd.read_vensim(str(scratch / mdl_path.name))
        seal(scratch)
        if not rebuild and sealed(target) and py_file.is_file():
            return py_file  # another process finished the same translation meanwhile
        if target.exists():
            stale = Path(tempfile.mkdtemp(dir=target.parent))
            try:
                target.rename(stale / "old")
            except OSError:
                pass
            shutil.rmtree(stale, ignore_errors=True)
        try:
            scratch.rename(target)
        except OSError:
            if not sealed(target):
                raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return py_file


def _load_translation(mdl_path: Path):
    """pysd's model from the verified cache; a translation that does not import is rebuilt once."""
    import pysd

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return pysd.load(str(translate(mdl_path)))
        except InputError:
            raise
        except Exception:
            return pysd.load(str(translate(mdl_path, rebuild=True)))


@dataclass(frozen=True)
class Variable:
    name: str
    py_name: str
    units: str
    kind: str  # "constant", "stock", "lever", "auxiliary", "initial"
    doc: str


@dataclass
class Simulation:
    """Saved results: each variable is an array shaped (members, times)."""

    times: np.ndarray
    values: dict[str, np.ndarray]
    time_step: float = 0.0
    meta: dict = field(default_factory=dict)

    def __getitem__(self, name: str) -> np.ndarray:
        return self.values[name]

    @property
    def n_members(self) -> int:
        return next(iter(self.values.values())).shape[0] if self.values else 0

    def index_of(self, year: float) -> int:
        # np.isclose's tolerance on the sorted times, without its per-call overhead: a
        # calibration step looks up dozens of years per run, thousands of runs in a row.
        times = self.times
        i = int(np.searchsorted(times, year))
        for j in (i - 1, i):
            if 0 <= j < len(times) and abs(times[j] - year) <= 1e-8 + 1e-5 * abs(year):
                return j
        raise InputError("not a saved time", year=year, first=times[0], last=times[-1])

    def at(self, name: str, year: float) -> np.ndarray:
        return self.values[name][:, self.index_of(year)]

    def member(self, index: int = 0) -> "pd.DataFrame":
        import pandas as pd

        frame = pd.DataFrame({name: v[index] for name, v in self.values.items()}, index=self.times)
        frame.index.name = "year"
        return frame

    def take(self, members: np.ndarray | slice) -> "Simulation":
        return Simulation(self.times, {k: v[members] for k, v in self.values.items()}, self.time_step, dict(self.meta))

    @staticmethod
    def concat(parts: Sequence["Simulation"]) -> "Simulation":
        first = parts[0]
        values = {k: np.concatenate([p.values[k] for p in parts]) for k in first.values}
        return Simulation(first.times, values, first.time_step, dict(first.meta))


class Engine:
    """One translated model. Not thread-safe: use one Engine per thread or process."""

    def __init__(self, mdl_path: Path | str = MODEL_FILE, *, use_kernel: bool | None = None):
        """``use_kernel``: None picks the compiled kernel for batches and its plain-Python form
        for one member (no JIT, no pysd); True the compiled kernel at every size; False pysd's
        own code driven batched (the reference the kernel is tested against)."""
        self.mdl_path = Path(mdl_path)
        self.use_kernel = use_kernel
        facts = self._facts()
        self.variables: dict[str, Variable] = {v[0]: Variable(*v) for v in facts["variables"]}
        self._lookup = {name.lower(): name for name in self.variables}
        self.constants: dict[str, float] = {k: float(v) for k, v in facts["constants"].items()}
        # A lever is a time lookup whose documentation says so; other time lookups are data.
        self.levers = [v.name for v in self.variables.values() if v.kind == "lever" and v.doc.startswith("Lever:")]
        self.stocks = [v.name for v in self.variables.values() if v.kind == "stock"]
        self.initial_time, self.final_time, self.time_step, self.saveper = map(float, facts["times"])

    def _facts(self) -> dict:
        """Names, kinds, units, documentation, constants and time settings, as pysd reads them;
        cached beside pysd's translation so that a run which needs no pysd code imports no pysd."""
        from .kernel import _version

        if not self.mdl_path.is_file():
            raise InputError("model file not found", source=str(self.mdl_path))
        digest = hashlib.sha256(self.mdl_path.read_bytes() + f"{_version('pysd')} {FACTS_FORMAT}".encode())
        cached = cache_root() / f"{self.mdl_path.stem}-{digest.hexdigest()[:16]}.engine.json"
        text = read_sealed(cached)
        if text is not None:
            try:
                facts = json.loads(text)
                if {"variables", "constants", "times"} <= set(facts):
                    return facts
            except ValueError:
                pass  # unreadable: read the translation again and overwrite it
        import pandas as pd

        model = self._pysd
        variables = []
        for row in model.doc.itertuples(index=False):
            kind = {
                ("Constant", "Normal"): "constant",
                ("Stateful", "Integ"): "stock",
                ("Stateful", "Initial"): "initial",
                ("Auxiliary", "with Lookup"): "lever",
            }.get((row.Type, row.Subtype), "auxiliary")
            units = "" if pd.isna(row.Units) else str(row.Units)
            doc = "" if pd.isna(row.Comment) else " ".join(str(row.Comment).split())
            variables.append([row._0, row._1, units, kind, doc])
        constants = {name: float(getattr(model.components, py_name)())
                     for name, py_name, _, kind, _ in variables if kind == "constant" and name not in CONTROL_NAMES}
        times = [float(getattr(model.components, f)()) for f in ("initial_time", "final_time", "time_step", "saveper")]
        facts = {"variables": variables, "constants": constants, "times": times}
        write_sealed(cached, json.dumps(facts))
        return facts

    @cached_property
    def _pysd(self):
        """pysd's translated model with array-aware helpers, loaded on first use of the numpy path."""
        model = _load_translation(self.mdl_path)
        module = model.components._components
        module.float = _array_float
        module.if_then_else = _array_if_then_else
        module.zidz = _array_zidz
        module.xidz = _array_xidz
        return model

    @cached_property
    def _originals(self) -> dict[str, Callable]:
        return {name: getattr(self._pysd.components, self.variables[name].py_name) for name in self.levers}

    # -- names -------------------------------------------------------------------------
    def canonical(self, name: str, *, source: str | None = None) -> str:
        """The model's spelling of a variable name (case-insensitive match)."""
        found = self._lookup.get(" ".join(str(name).split()).lower())
        if found is None:
            raise InputError("not a variable", name=name, source=source)
        return found

    def output_names(self) -> list[str]:
        return [v.name for v in self.variables.values() if v.kind in ("stock", "auxiliary", "lever")]

    @cached_property
    def kernel(self):
        """The kernel generated from the model (model/kernel.py), or None: model outside its
        subset, or switched off; runs then take the numpy path below."""
        if self.use_kernel is False:
            return None
        from . import kernel  # numba is imported only by runs that compile

        return kernel.load(self.mdl_path)

    # -- running -----------------------------------------------------------------------
    def _members(self, params: Mapping[str, ParamValue], paths: Mapping[str, LeverPath]) -> int:
        sizes = {np.size(v) for v in params.values() if np.ndim(v) > 0}
        sizes |= {np.shape(v[1])[0] for v in paths.values() if np.ndim(v[1]) == 2}
        if len(sizes) > 1:
            raise InputError("ensemble arrays differ", sizes=sorted(sizes))
        return sizes.pop() if sizes else 1

    def _path_function(self, years: Sequence[float], values: np.ndarray) -> Callable[[], ParamValue]:
        xs = np.asarray(years, dtype=float)
        ys = np.asarray(values, dtype=float)
        clock = self._pysd.time
        if ys.ndim == 1:
            return lambda: float(np.interp(clock(), xs, ys))
        # One path per member: interpolate every row at once (ends are held, as in Vensim).
        def per_member():
            t = min(max(clock(), xs[0]), xs[-1])
            i = min(int(np.searchsorted(xs, t, side="right")) - 1, len(xs) - 2)
            w = (t - xs[i]) / (xs[i + 1] - xs[i])
            return ys[:, i] * (1 - w) + ys[:, i + 1] * w
        return per_member

    def run(
        self,
        params: Mapping[str, ParamValue] | None = None,
        paths: Mapping[str, LeverPath] | None = None,
        outputs: Iterable[str] | None = None,
        *,
        time_step: float | None = None,
        final_time: float | None = None,
        save_years: Sequence[float] | None = None,
    ) -> Simulation:
        """Simulate once; arrays in ``params`` (or 2-D lever paths) make it an ensemble run.

        Every constant and lever is set on every call, so nothing sticks between runs.
        """
        params = {self.canonical(k): v for k, v in (params or {}).items()}
        paths = {self.canonical(k): v for k, v in (paths or {}).items()}
        for name in params:
            if name not in self.constants:
                raise InputError("not a constant", name=name)
        for name in paths:
            if name not in self.levers and name not in self.constants:
                raise InputError("not a lever", name=name)
        n = self._members(params, paths)
        batched = any(np.ndim(v) > 0 for v in params.values()) or any(np.ndim(v[1]) == 2 for v in paths.values())
        outputs = [self.canonical(o) for o in (outputs or self.output_names())]
        kernel = self.kernel
        if kernel is not None:
            from .kernel import numba_available

            # One member runs as plain Python (no JIT to wait for) unless this process has
            # compiled the variant already; numba missing: batches take the numpy path.
            compiled = numba_available() and (self.use_kernel is True or n > 1 or kernel.compiled(paths))
            if compiled or n == 1:
                dt = time_step or self.time_step
                times, values = kernel.run(
                    params, paths, outputs, n, initial_time=self.initial_time,
                    final_time=final_time or self.final_time, time_step=dt, saveper=self.saveper,
                    save_years=save_years, compiled=compiled,
                )
                return Simulation(times, values, dt)

        setters: dict[str, Callable] = {}
        for name, default in self.constants.items():
            value = params.get(name, default)
            value = np.asarray(value, dtype=float) if np.ndim(value) else float(value)
            setters[self.variables[name].py_name] = (lambda v=value: v)
        for name in self.levers:
            setters[self.variables[name].py_name] = self._originals[name]
        for name, (years, values) in paths.items():
            setters[self.variables[name].py_name] = self._path_function(years, values)

        model = self._pysd
        # pysd freezes run-constant elements (constant_cache) while configuring and only
        # thaws them when collecting its own output; thaw here, or the next run would see
        # values derived from this run's constants.
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                model._config_simulation(
                    params=setters, return_columns=[], return_timestamps=None,
                    initial_condition="original", final_time=final_time or self.final_time,
                    time_step=time_step or self.time_step, saveper=self.saveper,
                    cache_output=False, progress=False,
                )
            dt = float(model.time.time_step())
            t0 = float(model.time())
            t_end = float(model.time.final_time())
            n_steps = int(round((t_end - t0) / dt))
            keep_times = np.arange(t0, t_end + dt / 2, self.saveper)
            if save_years is not None:
                keep_times = np.asarray(sorted(save_years), dtype=float)
            keep_steps = {int(round((t - t0) / dt)) for t in keep_times}
            functions = [getattr(model.components, self.variables[o].py_name) for o in outputs]
            saved = [np.empty((n, len(keep_times))) for _ in outputs]
            if batched:
                _give_states_a_member_axis(model, n)
            column = 0
            for k in range(n_steps + 1):
                if k in keep_steps:
                    for store, function in zip(saved, functions):
                        store[:, column] = function()
                    column += 1
                if k == n_steps:
                    break
                _euler_step(model, dt)
                model.time.update(t0 + (k + 1) * dt)
                model.clean_caches()
        finally:
            model._remove_constant_cache()
        return Simulation(keep_times[:column], dict(zip(outputs, saved)), dt)

    def run_ensemble(
        self,
        samples: Mapping[str, np.ndarray],
        *,
        paths: Mapping[str, LeverPath] | None = None,
        outputs: Iterable[str] | None = None,
        save_years: Sequence[float] | None = None,
        chunk_size: int = 10_000,
        executor: Executor | None = None,
        progress: Callable[[int], None] | None = None,
        fixed: Mapping[str, float] | None = None,
    ) -> Simulation:
        """Run a large sample in chunks, so memory stays bounded whatever its size.

        ``samples`` holds one array per varied constant (all the same length); ``fixed``
        sets constants shared by every member. With an ``executor`` (anything with
        ``submit``, e.g. a ProcessPoolExecutor or a Dask client's executor) chunks run
        there, each worker process loading the model once.
        """
        sizes = {len(v) for v in samples.values()}
        if len(sizes) != 1:
            raise InputError("ensemble arrays differ", sizes=sorted(sizes))
        total = sizes.pop()
        outputs = list(outputs or self.output_names())
        bounds = [(start, min(start + chunk_size, total)) for start in range(0, total, chunk_size)]
        jobs = []
        for start, stop in bounds:
            chunk = dict(fixed or {})
            chunk.update({k: np.asarray(v[start:stop], dtype=float) for k, v in samples.items()})
            job_paths = {k: (y, v[start:stop] if np.ndim(v) == 2 else v) for k, (y, v) in (paths or {}).items()}
            jobs.append((chunk, job_paths))
        parts: list[Simulation] = []
        if executor is None:
            for (chunk, job_paths), (start, stop) in zip(jobs, bounds):
                parts.append(self.run(chunk, job_paths, outputs, save_years=save_years))
                if progress:
                    progress(stop - start)
        else:
            futures = [
                executor.submit(_run_chunk, str(self.mdl_path), chunk, job_paths, outputs, save_years)
                for chunk, job_paths in jobs
            ]
            for future, (start, stop) in zip(futures, bounds):
                parts.append(future.result())
                if progress:
                    progress(stop - start)
        return Simulation.concat(parts)


_shared_engines: dict[str, Engine] = {}


def shared_engine(mdl_path: Path | str = MODEL_FILE) -> Engine:
    """One Engine per model file and process: loading costs a second or two, runs reset all state."""
    key = str(Path(mdl_path).resolve())
    if key not in _shared_engines:
        _shared_engines[key] = Engine(mdl_path)
    return _shared_engines[key]


def _run_chunk(mdl_path: str, params, paths, outputs, save_years) -> Simulation:
    """Executor entry point: one Engine per worker process, loaded on first use."""
    return shared_engine(mdl_path).run(params, paths, outputs, save_years=save_years)
