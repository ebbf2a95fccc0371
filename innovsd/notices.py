"""Slow one-off steps the library takes without being asked (compiling the model's kernel on its
first use), announced to whoever shows progress. The library never prints: it names the step by a
phrase key of innovsd/present/words.py, and the one who called ``showing`` puts it into words (the
CLI shows a one-line status while the step lasts)."""

from __future__ import annotations

from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import Callable, Iterator

Show = Callable[[str], AbstractContextManager]
_shows: list[Show] = []


@contextmanager
def showing(show: Show) -> Iterator[None]:
    """Within the block, each slow step runs inside ``show(key)``."""
    _shows.append(show)
    try:
        yield
    finally:
        _shows.remove(show)


def notice(key: str) -> AbstractContextManager:
    """The context a slow step named ``key`` runs in: the innermost ``showing``'s, or nothing."""
    return _shows[-1](key) if _shows else nullcontext()
