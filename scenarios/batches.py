"""Big ensembles cut into chunks of whole kernel blocks, run in this process or on an executor's
workers (any ``concurrent.futures`` executor: a process pool, a Dask client's ``get_executor()``),
and the ensemble statistics computed from them.

Every member is simulated on its own lane of a kernel block, so how the members are grouped into
chunks and blocks does not change any member's numbers: a run spread over workers gives the
in-process run's results exactly.
"""

from __future__ import annotations

import math
from concurrent.futures import Executor
from typing import TYPE_CHECKING, Callable, Iterable, Sequence

import numpy as np

if TYPE_CHECKING:
    from innovsd.model.engine import Engine

IN_PROCESS_CHUNK = 10_000  # members per kernel call in this process: memory stays bounded
SPREAD_CHUNKS = 16  # an executor's job is cut into at least this many chunks (for up to 16 workers)
MIN_BLOCKS, MAX_BLOCKS = 64, 313  # a chunk on a worker: enough blocks for its threads, at most ~10,000 members


def lanes() -> int:
    """Members in one block of the compiled kernel."""
    from innovsd.model.kernel import LANES

    return LANES


def chunk_size(total: int, executor: Executor | None = None) -> int:
    """Members per chunk: ``IN_PROCESS_CHUNK`` here; on an executor a whole number of kernel blocks,
    small enough to give every worker several chunks of a mid-sized job, large enough to keep a
    worker's threads on full blocks."""
    if executor is None:
        return IN_PROCESS_CHUNK
    block = lanes()
    blocks = math.ceil(math.ceil(total / SPREAD_CHUNKS) / block)
    return block * min(max(blocks, MIN_BLOCKS), MAX_BLOCKS)


def run_chunk(mdl_path: str, params, paths, outputs, save_years):
    """Executor entry point: one run on the worker's own engine (loaded once per worker process)."""
    from innovsd.model.engine import shared_engine

    return shared_engine(mdl_path).run(params, paths, outputs, save_years=save_years)


def results(futures: Iterable, sizes: Sequence[int], progress: Callable[[int], None] | None = None) -> list:
    """Each future's result in order, calling ``progress(size)`` as each is done."""
    out = []
    for future, size in zip(futures, sizes):
        out.append(future.result())
        if progress:
            progress(size)
    return out


def percentiles(values: np.ndarray, q: Sequence[float], axis: int) -> np.ndarray:
    """``np.nanpercentile(values, q, axis)``: the same numbers, computed for all columns at once where
    they hold no NaN (nanpercentile loops over every column in Python as soon as one NaN is there)."""
    with np.errstate(invalid="ignore"):
        out = np.percentile(values, q, axis=axis)
    missing = np.isnan(values).any(axis=axis)
    if missing.any():
        import warnings

        with warnings.catch_warnings(), np.errstate(invalid="ignore"):
            warnings.simplefilter("ignore", RuntimeWarning)  # an all-NaN column is NaN, as before
            out[:, missing] = np.nanpercentile(np.moveaxis(values, axis, -1)[missing], q, axis=-1)
    return out


def engine_of(engine: "Engine | str") -> "Engine":
    """The engine itself, or on a worker the one loaded from its model file."""
    if isinstance(engine, str):
        from innovsd.model.engine import shared_engine

        return shared_engine(engine)
    return engine
