"""Memory a batched run will need, estimated before it starts: a command whose inputs (an ensemble
of many draws, many chains or steps, a large sample) would need more than ``MEMORY_LIMIT`` is
refused at once with the estimate, instead of running out of memory part way."""

from __future__ import annotations

from innovsd.errors import InputError

# Bytes of arrays a command may hold on top of the process itself (about 0.4 GB with the model
# loaded): it stays under 2 GB.
MEMORY_LIMIT = 1.5e9


def run_bytes(members: int, outputs: int, times: int) -> float:
    """The saved values of one batched run: 8 bytes per member, output and saved time."""
    return 8.0 * members * outputs * times


def check(need: float, problem: str, *, field: str | None = None, source: str | None = None, **values) -> None:
    """Refuse with ``problem`` (a key of innovsd/messages.py with {need} and {limit} in GB) when
    ``need`` bytes exceed the limit."""
    if need > MEMORY_LIMIT:
        raise InputError(problem, need=need / 1e9, limit=MEMORY_LIMIT / 1e9, field=field, source=source, **values)
