"""Large ensembles in chunks (memory bounded whatever the sample's size), in this process or on an
executor's workers, and the per-process registry of engines those workers load once."""

from __future__ import annotations

from concurrent.futures import Executor
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Mapping, Sequence

import numpy as np

from innovsd.errors import InputError

from .simulation import Simulation

if TYPE_CHECKING:
    from .engine import Engine


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
    jobs = []
    for start, stop in bounds:
        chunk = dict(fixed or {})
        chunk.update({k: np.asarray(v[start:stop], dtype=float) for k, v in samples.items()})
        job_paths = {k: (y, v[start:stop] if np.ndim(v) == 2 else v) for k, (y, v) in (paths or {}).items()}
        jobs.append((chunk, job_paths))
    parts: list[Simulation] = []
    if executor is None:
        for (chunk, job_paths), (start, stop) in zip(jobs, bounds):
            parts.append(engine.run(chunk, job_paths, outputs, save_years=save_years, final_time=final_time))
            if progress:
                progress(stop - start)
    else:
        futures = [executor.submit(_run_chunk, str(engine.mdl_path), chunk, job_paths, outputs, save_years, final_time)
                   for chunk, job_paths in jobs]
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
