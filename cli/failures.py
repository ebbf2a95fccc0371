"""How a command ends when it does not end well: one line for every error (a traceback only with
--debug), and SIGINT, SIGTERM and SIGHUP alike stop it as Ctrl-C does: the best calibration so far
saved, claimed files released, figure workers ended, output folders left ``.partial``."""

from __future__ import annotations

import os
import signal
import sys

from innovsd.errors import InputError
from innovsd.text import clean, echo

LINE_CHARS = 300  # of an error or warning line
STOPS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))
# Libraries innovsd reads, computes and writes with: their errors arise from the input or the place
# the files go, and are said as one line.
LIBRARIES = ("pandas", "numpy", "scipy", "matplotlib", "PIL", "xlsxwriter", "docx", "lxml", "yaml", "xarray",
             "emcee", "SALib", "numba", "pysd", "simlin", "pysimlin")


def one_line(text: str) -> str:
    """What the terminal gets: one line, no control characters, at most ``LINE_CHARS``."""
    line = clean(text)
    return line if len(line) <= LINE_CHARS else line[: LINE_CHARS - 1] + "…"


def catch_signals(settings) -> dict:
    """Every stopping signal raises KeyboardInterrupt where it arrives (remembered in
    ``settings.interrupted``: typer turns the interrupt into a plain exit code before ``main``
    sees it); one the command was started ignoring stays ignored (`nohup innovsd calibrate`
    outlives its terminal). Returns the handlers it replaced."""

    def stop_here(signum, frame):
        settings.interrupted = signum
        # Objects torn down half-built (numba's compiler) must not print "Exception ignored".
        sys.unraisablehook = lambda unraisable: None
        raise KeyboardInterrupt

    return {number: signal.signal(number, stop_here) for number in STOPS
            if signal.getsignal(number) is not signal.SIG_IGN}


def restore(previous: dict) -> None:
    for number, handler in previous.items():
        signal.signal(number, handler)


def exit_code(settings) -> int:
    """128 + the signal, as shells report a process a signal ended (130 for Ctrl-C)."""
    return 128 + int(settings.interrupted or signal.SIGINT)


def ignore_signals() -> None:
    """After the first stop: a second one must not interrupt the clean-up with a traceback."""
    for number in STOPS:
        signal.signal(number, signal.SIG_IGN)


def _chain(error: BaseException):
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        yield error
        error = error.__cause__ or error.__context__


def failure(error: Exception, folder) -> tuple[InputError | None, int]:
    """The error line (None: say nothing) and exit code for an error that is not an InputError.
    ``folder``: the command's output folder, named when the file system refused a write."""
    if isinstance(error, BrokenPipeError):  # the reader of our output left (`| head`): nothing to add
        _quiet_stdout()
        return None, 128 + getattr(signal, "SIGPIPE", 13)
    where = str(folder) if folder else None
    for cause in _chain(error):
        if isinstance(cause, OSError):
            return InputError("cannot write here", reason=cause.strerror or echo(cause),
                              source=getattr(cause, "filename", None) or where), 2
    if isinstance(error, MemoryError):
        return InputError("out of memory"), 2
    if isinstance(error, RecursionError):
        return InputError("too deep to process"), 2
    module = type(error).__module__.split(".")[0]
    if module in LIBRARIES:
        return InputError("library failed", library=module, detail=echo(error), source=where), 2
    return InputError("internal error", kind=type(error).__name__, detail=echo(error)), 1


def _quiet_stdout() -> None:
    """Point stdout at nothing, so the interpreter's last flush cannot fail again."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
