"""Large ensembles in chunks (memory bounded whatever the sample's size), in this process or on an
executor's workers, and the per-process registry of engines those workers load once."""

from __future__ import annotations

from collections import deque
from concurrent.futures import Executor, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Mapping, Sequence

import numpy as np

from innovsd.errors import InputError

from .simulation import Simulation

if TYPE_CHECKING:
    from .engine import Engine

IN_FLIGHT = 2  # chunks run at once in this process: memory for two, and one is always queued


def run_ensemble(
    engine: "Engine",
    samples: Mapping[str, np.ndarray],
    *,
    paths: Mapping | None = None,
    outputs: Iterable[str] | None = None,
    save_years: Sequence[float] | None = None,
    chunk_size: int = 10_000,
    executor: Executor | None = None,
    progress: Callable[[int], None] | None = None,
    fixed: Mapping[str, float] | None = None,
    final_time: float | None = None,
) -> Simulation:
    """``samples`` holds one array per varied constant (all the same length); ``fixed`` sets
    constants shared by every member. With an ``executor`` (anything with ``submit``, e.g. a
    ProcessPoolExecutor or a Dask client's executor) chunks run there, each worker process
    loading the model once. ``final_time`` stops every run there (default: the model's final
    time): the steps before it are the same steps, so the years read agree to the bit."""
    sizes = {len(v) for v in samples.values()}
    if len(sizes) != 1:
        raise InputError("ensemble arrays differ", sizes=sorted(sizes))
    total = sizes.pop()
    outputs = list(outputs or engine.output_names())
    bounds = [(start, min(start + chunk_size, total)) for start in range(0, total, chunk_size)]

    def job(start: int, stop: int) -> tuple[dict, dict]:
        chunk = dict(fixed or {})
        chunk.update({k: np.asarray(v[start:stop], dtype=float) for k, v in samples.items()})
        return chunk, {k: (y, v[start:stop] if np.ndim(v) == 2 else v) for k, (y, v) in (paths or {}).items()}

    def run(start: int, stop: int) -> Simulation:
        return engine.run(*job(start, stop), outputs, save_years=save_years, final_time=final_time)

    parts: list[Simulation] = []
    if executor is None:
        # The first chunk runs here (a first call loads or compiles the kernel, and Ctrl-C stops it
        # there); then ``IN_FLIGHT`` chunks run at once, so the kernel's threads never wait while a
        # chunk's inputs are built or its outputs shaped.
        ahead = ThreadPoolExecutor(IN_FLIGHT, thread_name_prefix="innovsd-chunk")
        pending: deque = deque()
        try:
            for index, (start, stop) in enumerate(bounds):
                if index == 0:
                    parts.append(run(start, stop))
                    if progress:
                        progress(stop - start)
                    continue
                pending.append((ahead.submit(run, start, stop), stop - start))
                while len(pending) >= IN_FLIGHT or (pending and index == len(bounds) - 1):
                    future, size = pending.popleft()
                    parts.append(future.result())
                    if progress:
                        progress(size)
        finally:
            ahead.shutdown(wait=not pending, cancel_futures=True)
    else:
        futures = [executor.submit(_run_chunk, str(engine.mdl_path), *job(start, stop), outputs, save_years,
                                   final_time) for start, stop in bounds]
        for future, (start, stop) in zip(futures, bounds):
            parts.append(future.result())
            if progress:
                progress(stop - start)
    return Simulation.concat(parts)


_shared_engines: dict[str, "Engine"] = {}


def shared_engine(mdl_path: Path | str | None = None) -> "Engine":
    """One Engine per model file and process: loading costs a second or two, runs reset all state."""
    from .engine import MODEL_FILE, Engine

    key = str(Path(mdl_path or MODEL_FILE).resolve())
    if key not in _shared_engines:
        _shared_engines[key] = Engine(mdl_path or MODEL_FILE)
    return _shared_engines[key]


def _run_chunk(mdl_path: str, params, paths, outputs, save_years, final_time=None) -> Simulation:
    """Executor entry point: one Engine per worker process, loaded on first use."""
    return shared_engine(mdl_path).run(params, paths, outputs, save_years=save_years, final_time=final_time)
