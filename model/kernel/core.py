"""The kernel of one model: its facts, its generated variants (compiled or plain, one per set of
time paths) and runs of blocks of members."""

from __future__ import annotations

import hashlib
import importlib.util
import itertools
import json
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from functools import lru_cache
from pathlib import Path
from typing import Mapping, Sequence

import numpy as np

from innovsd.notices import notice

from . import cache
from .build import generate
from .errors import Unsupported
from .grid import path_arrays, save_steps
from .plan import Layout, plan
from .runtime import LANES
from .translate import clean

# Below this many members one thread is faster: waking a pool costs more than it saves, and
# on a shared CPU a batch waits for its slowest thread (measured with numba's pool: 18 members
# 2.4 ms on one thread, 7.9 ms on two; 170 members 17.5 ms vs 10.9 ms).
PARALLEL_MIN_MEMBERS = 64
FACTS = ("unsupported", "constants", "time_tables", "variables", "subscripts", "structural", "pysd_differs")


def element(name: str) -> str:
    """A run's name of a value as the kernel keys it: ``name`` or ``name[element,...]``."""
    base, mark, rest = str(name).partition("[")
    elements = [e.strip() for e in rest.rstrip().rstrip("]").split(",")] if mark else []
    return f"{clean(base)}[{','.join(elements)}]" if elements else clean(base)


@lru_cache(maxsize=1)
def numba_available() -> bool:
    return importlib.util.find_spec("numba") is not None


def _first_call(function):
    """A compiled function's first call in this process compiles it (or loads its machine code from
    the cache): a step of a minute or more on a large model, announced to whoever shows progress."""
    return nullcontext() if function.signatures else notice("compiling the kernel")


_threads_pid: int | None = None
_pool: tuple[int, ThreadPoolExecutor] | None = None  # (threads, pool)


def _may_use_threads() -> bool:
    """A process forked (e.g. by a ProcessPoolExecutor, one worker per core) after its parent ran
    the kernel runs members serially: its siblings use the other cores."""
    global _threads_pid
    if _threads_pid is None:
        _threads_pid = os.getpid()
    return _threads_pid == os.getpid()


def _threads() -> int:
    """numba's count of threads: NUMBA_NUM_THREADS, or numba.set_num_threads once its threads run
    (asking numba.get_num_threads before would start them, and nothing here uses them)."""
    import numba
    from numba.np.ufunc import parallel

    return numba.get_num_threads() if parallel._is_initialized else numba.config.NUMBA_NUM_THREADS


def _run_blocks(run_blocks, blocks: int, arguments: tuple, many: bool) -> None:
    """Blocks of members on numba's count of threads (each call holds no lock on Python): this
    thread and helpers from a pool take chunks in turn, small enough that an idle thread takes over
    when another is descheduled on a shared CPU. A first call (it compiles, or loads the machine code)
    runs its first chunk alone, so that it happens once, before helpers call in."""
    global _pool
    threads = _threads() if many and _may_use_threads() else 1
    chunk = blocks if threads < 2 else max(1, blocks // (threads * 8))
    starts = iter(range(0, blocks, chunk))
    if not run_blocks.signatures:
        first = next(starts)
        run_blocks(first, min(first + chunk, blocks), *arguments)
    if chunk >= blocks:
        for start in starts:
            run_blocks(start, min(start + chunk, blocks), *arguments)
        return
    taking, stop = threading.Lock(), threading.Event()

    def work() -> None:
        try:
            while not stop.is_set():
                with taking:
                    start = next(starts, None)
                if start is None:
                    return
                run_blocks(start, min(start + chunk, blocks), *arguments)
        except BaseException:
            stop.set()  # on an error (or Ctrl-C) the others end after the chunk they hold
            raise

    if _pool is None or _pool[0] != threads:
        # One helper per other thread for each of up to ``threads`` callers at once (an ensemble
        # keeps two chunks in flight); a helper that starts late finds nothing left and returns.
        _pool = (threads, ThreadPoolExecutor(threads, thread_name_prefix="innovsd-kernel"))
    helpers = [_pool[1].submit(work) for _ in range(threads - 1)]
    work()
    for helper in helpers:
        helper.result()


def _pysd_values(mdl_path: Path):
    """pysd's values of equations that read data files: constants, lookup tables, data series."""
    from ..translation import load_translation

    model = load_translation(mdl_path)
    module = model.components._components

    def value(name: str, axis: str | None):
        """``axis`` None: the value at the start; "lookup_dim": the table; "time": the series."""
        py_name = model.namespace[name]
        prefixes = {"lookup_dim": ("_ext_lookup_",), "time": ("_ext_data_", "_data_")}.get(axis, ())
        for prefix in prefixes:
            holder = getattr(module, prefix + py_name, None)
            if holder is not None:
                return holder.data
        return getattr(model.components, py_name)()

    return value


@lru_cache(maxsize=4)
def _parsed(mdl_path: Path, folder: str):
    """pysd's parse of a model, once per process and content (``folder`` names the content)."""
    from .source import parse

    return parse(mdl_path)


@lru_cache(maxsize=4)
def _translator(mdl_path: Path, folder: str):
    from .translate import Translator

    externals = lru_cache(maxsize=1)(lambda: _pysd_values(mdl_path))
    return Translator(mdl_path, externals=lambda name, axis: externals()(name, axis),
                      parsed=_parsed(mdl_path, folder))


class Kernel:
    """The compiled model. ``run`` takes what Engine.run takes (names checked by the caller) and
    returns (times, values by output, each shaped (members, times, *subscripts)).

    The .mdl is parsed only when a source is missing from the cache: a run whose variant is
    cached imports neither pysd nor (for one member in plain Python) numba."""

    def __init__(self, mdl_path: Path | str):
        self.mdl_path = Path(mdl_path)
        self._folder = cache.folder(self.mdl_path)
        facts = read_facts(self.mdl_path, self)
        if facts["unsupported"]:
            raise Unsupported(facts["unsupported"])
        self.constants: dict[str, float] = {k: float(v) for k, v in facts["constants"].items()}
        self.time_tables = {k: (tuple(x), tuple(y), m) for k, (x, y, m) in facts["time_tables"].items()}
        self.variables: dict[str, list[str]] = facts["variables"]  # key -> ranges
        self.subscripts: dict[str, list[str]] = facts["subscripts"]
        self.structural: dict[str, float] = facts["structural"]
        self._variants: dict[tuple, tuple[object, Layout]] = {}
        self._grids: dict[tuple, tuple] = {}

    @property
    def _translator(self):
        return _translator(self.mdl_path, self._folder.name)

    @property
    def _parsed(self):
        return _parsed(self.mdl_path, self._folder.name)

    def elements(self, name: str) -> list[str]:
        """The kernel's keys of a value's elements, in row-major order of its subscripts."""
        key = element(name)
        ranges = self.variables.get(key, [])
        if not ranges or "[" in key:
            return [key]
        return [f"{key}[{','.join(e)}]" for e in itertools.product(*(self.subscripts[r] for r in ranges))]

    def compiled(self, paths: Mapping[str, object]) -> bool:
        """Whether this process has already loaded the compiled variant for runs with ``paths``."""
        return (tuple(sorted(set(self.time_tables) | {element(k) for k in paths})), True) in self._variants

    def _variant(self, path_keys: Sequence[str], compiled: bool = True):
        key = (tuple(sorted(path_keys)), compiled)
        if key not in self._variants:
            name = hashlib.sha256("\n".join(key[0]).encode()).hexdigest()[:12] + ("" if compiled else "_plain")
            runtime = "compiled" if compiled else "plain"
            module = cache.load_module(self._folder, name)
            if module is None or getattr(module, "LAYOUT", None) is None:
                body, _ = generate(self._translator, key[0], LANES if compiled else 1, casts=not compiled)
                header = f"from innovsd.model.kernel.runtime.{runtime} import *  # noqa: F403\n\n"
                module = cache.load_module(self._folder, name, header + body)
            constants, paths, variables, on_demand = module.LAYOUT
            self._variants[key] = (module, Layout(constants, paths, variables, on_demand))
        return self._variants[key]

    def _grid(self, initial_time, time_step, n_steps, saveper, final_time, save_years, paths):
        """Time-grid inputs of the kernel, cached: a calibration calls with the same grid and paths
        thousands of times."""
        given = {element(k): (xs, ys, "interpolate") for k, (xs, ys) in paths.items()}
        key = None
        if all(np.ndim(ys) == 1 for _, ys, _ in given.values()):
            key = (initial_time, time_step, n_steps, saveper, final_time,
                   None if save_years is None else tuple(np.asarray(save_years, dtype=float).tolist()),
                   tuple((name, np.asarray(xs, float).tobytes(), np.asarray(ys, float).tobytes())
                         for name, (xs, ys, _) in sorted(given.items())))
            if key in self._grids:
                return self._grids[key]
        times = initial_time + np.arange(n_steps + 1) * time_step
        saved, save_col = save_steps(initial_time, final_time, time_step, saveper, n_steps, save_years)
        grid = (*path_arrays({**self.time_tables, **given}, times), saved, save_col)
        if key is not None:
            if len(self._grids) >= 32:
                self._grids.clear()
            self._grids[key] = grid
        return grid

    def constant_matrix(self, layout: Layout, params: Mapping[str, object], members: int) -> np.ndarray:
        """One row per member, one column per constant: defaults, then ``params`` (per element)."""
        given = {element(k): v for k, v in params.items()}
        for key, value in self.structural.items():
            if key in given and not np.all(np.asarray(given[key], float) == value):
                raise Unsupported(f"a change of '{key}', which sets the number of stages of a delay or smooth")
        varied = {k for k, v in given.items() if np.ndim(v) > 0}
        row = np.array([0.0 if k in varied else float(given.get(k, self.constants.get(k, 0.0)))
                        for k in layout.constants])
        consts = np.repeat(row[None, :], members, axis=0)
        for j, key in enumerate(layout.constants):
            if key in varied:
                consts[:, j] = given[key]
        return consts

    def run(
        self,
        params: Mapping[str, float | np.ndarray],
        paths: Mapping[str, tuple[Sequence[float], np.ndarray]],
        outputs: Sequence[str],
        members: int,
        *,
        initial_time: float,
        final_time: float,
        time_step: float,
        saveper: float,
        save_years: Sequence[float] | None = None,
        compiled: bool = True,
    ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """Simulate ``members`` runs; ``params`` by element (``name[element]``) or whole (one value,
        or one per member). ``compiled`` False runs the same generated code as plain Python (no
        numba, no JIT: for one member)."""
        initial_time, final_time, time_step, saveper = map(float, (initial_time, final_time, time_step, saveper))
        controls = {"initial_time": initial_time, "final_time": final_time, "time_step": time_step, "saveper": saveper}
        for key, value in self.structural.items():
            if key in controls and controls[key] != value:
                raise Unsupported(f"a change of '{key}', which sets the number of stages of a delay or smooth")
        n_steps = int(round((final_time - initial_time) / time_step))
        names, pv, pstride, pidx, pw, times, save_col = self._grid(
            initial_time, time_step, n_steps, saveper, final_time, save_years, paths)
        module, layout = self._variant(names, compiled)
        consts = self.constant_matrix(layout, params, members)
        position = {k: i for i, k in enumerate(layout.variables)}
        wanted = {name: self.elements(name) for name in outputs}
        keys = [k for k in dict.fromkeys(k for ks in wanted.values() for k in ks) if k in position]
        sel = np.array([position[k] for k in keys], dtype=np.int64)
        # Contiguous whatever the number of members: one machine code for single runs and ensembles.
        out = np.empty((members, len(sel), len(times)))
        arguments = (consts, pv, pstride, pidx, pw, initial_time, time_step, final_time, saveper, n_steps,
                     save_col, sel, layout.need(keys), out)
        blocks = -(-members // (LANES if compiled else 1))
        if not compiled:
            with np.errstate(all="ignore"):
                module.run_blocks(0, blocks, *arguments)
        else:
            with _first_call(module.run_blocks):
                _run_blocks(module.run_blocks, blocks, arguments, members >= PARALLEL_MIN_MEMBERS)
        column = {k: j for j, k in enumerate(keys)}
        values = {}
        for name, ks in wanted.items():
            index = [column.get(k, -1) for k in ks]
            block = out[:, index, :] if column else np.empty((members, len(ks), len(times)))
            block[:, np.array(index) < 0, :] = np.nan  # elements a subscripted equation leaves undefined
            ranges = [] if "[" in element(name) else self.variables.get(element(name), [])
            if not ranges:
                values[name] = block[:, 0, :]
            else:
                shape = [len(self.subscripts[r]) for r in ranges]
                values[name] = np.moveaxis(block, 1, -1).reshape(members, len(times), *shape)
        return times, values


def read_facts(mdl_path: Path, kernel: Kernel | None = None) -> dict:
    """What runs need besides the generated sources (defaults, time tables, subscripts), or why the
    kernel cannot run the model; and the equations pysd's own code reads otherwise than Vensim."""
    place = cache.folder(mdl_path)
    text = cache.read_facts(place)
    if text is not None:
        try:
            facts = json.loads(text)
            if set(FACTS) <= set(facts):
                return facts
        except ValueError:
            pass
    if kernel is None:
        kernel = Kernel.__new__(Kernel)
        kernel.mdl_path, kernel._folder = Path(mdl_path), place
    facts = dict.fromkeys(FACTS)
    try:
        try:
            facts["pysd_differs"] = kernel._parsed[1]
        except Exception as error:  # noqa: BLE001 (pysd's parser fails in many ways on what it cannot read)
            raise Unsupported(f"what pysd cannot parse ({type(error).__name__}: {str(error).strip()[:160]})") from None
        translator = kernel._translator
        plan(translator.nodes, list(translator.time_tables))  # a cycle shows now, not mid-run
        facts.update(constants=translator.constants, variables=translator.variables,
                     subscripts=translator.dims.ranges, structural=translator.structural,
                     time_tables={k: list(v) for k, v in translator.time_tables.items()})
    except Unsupported as error:
        facts["unsupported"] = error.construct
    except Exception as error:  # noqa: BLE001 (a translator failure must not stop a run: pysd's path runs it)
        facts["unsupported"] = f"a construct the kernel's translator failed on ({type(error).__name__}: {error})"
    cache.write_facts(place, json.dumps(facts))
    return facts


def load(mdl_path: Path | str) -> Kernel | None:
    """The model's kernel, or None when the model is outside the subset."""
    try:
        return Kernel(mdl_path)
    except Unsupported:
        return None
