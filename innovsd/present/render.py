"""Figures drawn in worker processes while the command goes on printing and writing tables.

The pool is forked early, before the simulation kernel starts its threads, and its workers import
matplotlib while the parent runs the model. Workers leave Ctrl-C to the parent and die with it
(Linux: the kernel sends them SIGTERM when the parent goes); where fork is missing (Windows) the
figures are drawn in the calling process, one after another.
"""

from __future__ import annotations

import os
import signal
from concurrent.futures import Future
from typing import Callable, Iterable, Sequence

from innovsd.errors import InputError

FORMATS = ("png", "svg", "pdf")
DEFAULT_FORMATS = ("png", "pdf")
PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent dies
# A worker's start (importing matplotlib, the first figure's fonts and backends) costs the CPU of half
# a figure or more: with fewer figures than this each, one worker fewer (a second or so longer).
FIGURES_PER_WORKER = 4


def parse_formats(text: str | Sequence[str]) -> tuple[str, ...]:
    """'png,svg' (or a list of such) -> ('png', 'svg'), in the order given, each once."""
    parts = [text] if isinstance(text, str) else list(text)
    chosen = [p.strip().lower() for part in parts for p in part.split(",") if p.strip()]
    for fmt in chosen:
        if fmt not in FORMATS:
            raise InputError("not one of", value=fmt, known=", ".join(FORMATS), field="formats")
    if not chosen:
        raise InputError("not one of", value=text, known=", ".join(FORMATS), field="formats")
    return tuple(dict.fromkeys(chosen))


def _die_with(parent: int) -> None:
    """Worker start: ignore Ctrl-C (the parent cancels and reports it once); SIGTERM and SIGHUP
    end a worker at once (not the parent's handler it was forked with), and so does the parent's
    end, however it ends."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass  # not Linux: a worker ends when it finds the parent's end of the queue closed
    if os.getppid() != parent:  # the parent went before prctl took effect
        os._exit(1)


def _warm(modules: Sequence[str]) -> None:
    """Import what the figures need while the parent is busy."""
    import importlib

    for name in modules:
        importlib.import_module(name)


def call(module: str, function: str, *args):
    """``module.function(*args)``, the module imported where this runs: a figure handed to the pool by
    name, so the process that hands it on never imports matplotlib (only the workers draw)."""
    import importlib

    return getattr(importlib.import_module(module), function)(*args)


class _Done(Future):
    """The result of a job run in the calling process, as a finished future."""

    def __init__(self, fn: Callable, args: tuple):
        super().__init__()
        try:
            self.set_result(fn(*args))
        except BaseException as error:  # noqa: BLE001 - re-raised by .result(), as a pool would
            if isinstance(error, KeyboardInterrupt):
                raise
            self.set_exception(error)


class FigurePool:
    """Up to ``workers`` forked processes drawing figures; ``submit`` returns a future.

    ``modules`` are imported by each worker as it starts. Use as a context manager: leaving it
    normally waits for the figures; leaving it on an error or Ctrl-C cancels them and ends the workers."""

    def __init__(self, workers: int | None = None, modules: Sequence[str] = ("innovsd.present.compare_figures",),
                 figures: int | None = None):
        """``workers``: processes drawing (1: this one); by default one forked per FIGURES_PER_WORKER of
        the ``figures`` to come (when known), at most one per core (and 4)."""
        import multiprocessing

        forked = workers is None or workers > 1
        if workers is None:
            workers = min(os.cpu_count() or 1, 4)
            if figures is not None:
                workers = max(1, min(workers, -(-figures // FIGURES_PER_WORKER)))
        self.workers = workers
        self._pool = None
        if forked and "fork" in multiprocessing.get_all_start_methods():
            from concurrent.futures import ProcessPoolExecutor

            self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("fork"),
                                             initializer=_die_with, initargs=(os.getpid(),))
            # The first submit forks every worker: now, while this process has no other threads.
            for _ in range(self.workers):
                self._pool.submit(_warm, tuple(modules))

    @property
    def parallel(self) -> bool:
        return self._pool is not None

    def submit(self, fn: Callable, *args) -> Future:
        if self._pool is None:
            return _Done(fn, args)
        return self._pool.submit(fn, *args)

    def draw(self, module: str, function: str, *args) -> Future:
        """``submit`` of ``module.function`` by its names (see ``call``)."""
        return self.submit(call, module, function, *args)

    def results(self, futures: Iterable[Future], progress: Callable[[int], None] | None = None) -> list:
        """Each future's result in order, calling ``progress(1)`` as each is ready."""
        out = []
        for future in futures:
            out.append(future.result())
            if progress:
                progress(1)
        return out

    def close(self, cancel: bool = False) -> None:
        """Wait for every figure, or (``cancel``) drop those not started and end the workers; either
        way the pool's own thread is finished before this returns, so nothing is left to fail at exit."""
        if self._pool is None:
            return
        if cancel:
            self._pool.shutdown(wait=False, cancel_futures=True)
            for worker in list((self._pool._processes or {}).values()):  # no public way to end them
                worker.terminate()
        self._pool.shutdown(wait=True)

    def __enter__(self) -> "FigurePool":
        return self

    def __exit__(self, kind, error, trace) -> None:
        self.close(cancel=kind is not None)
