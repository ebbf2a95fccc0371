"""How a big ensemble is cut into chunks for an executor's workers (any ``concurrent.futures``
executor: a process pool, a Dask client's ``get_executor()``): whole kernel blocks per chunk.

Every member is simulated on its own lane of a kernel block, so how members are grouped into
chunks and blocks does not change any member's numbers: a run spread over workers gives the
in-process run's results exactly.
"""

from __future__ import annotations

import math
from concurrent.futures import Executor
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .engine import Engine

IN_PROCESS_CHUNK = 10_000  # members per kernel call in this process: memory stays bounded
SPREAD_CHUNKS = 16  # an executor's job is cut into at least this many chunks (for up to 16 workers)
MIN_BLOCKS, MAX_BLOCKS = 64, 313  # a chunk on a worker: enough blocks for its threads, at most ~10,000 members


def chunk_size(total: int, executor: Executor | None = None) -> int:
    """Members per chunk: ``IN_PROCESS_CHUNK`` here; on an executor a whole number of kernel blocks,
    small enough to give every worker several chunks of a mid-sized job, large enough to keep a
    worker's threads on full blocks."""
    if executor is None:
        return IN_PROCESS_CHUNK
    from .kernel import LANES

    blocks = math.ceil(math.ceil(total / SPREAD_CHUNKS) / LANES)
    return LANES * min(max(blocks, MIN_BLOCKS), MAX_BLOCKS)


def engine_of(engine: "Engine | str") -> "Engine":
    """The engine itself, or on a worker the one loaded once from this model file."""
    if isinstance(engine, str):
        from .engine import shared_engine

        return shared_engine(engine)
    return engine
