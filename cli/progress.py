"""The one progress display of the CLI: bars drawn only once work starts (an input error found
before prints as one clean line), none with --quiet."""

from __future__ import annotations

from contextlib import contextmanager

from innovsd.cli.app import errors, settings


class Bars:
    """Progress bars for tasks added with ``task``, on ``console`` (default: stderr, so --json on
    stdout stays clean). ``transient`` bars vanish when done."""

    def __init__(self, *columns, console=None, transient: bool = True):
        self.columns, self.console, self.transient = columns, console, transient
        self.tasks: list[tuple[str, int, dict]] = []
        self.bar = None

    def task(self, what: str, total: int, **fields) -> int:
        self.tasks.append((what, total, fields))
        return len(self.tasks) - 1

    def _started(self):
        if self.bar is None:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            columns = self.columns or (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                       TimeRemainingColumn())
            self.bar = Progress(*columns, console=self.console or errors.get(), transient=self.transient)
            for what, total, fields in self.tasks:
                self.bar.add_task(what, total=total, **fields)
            self.bar.start()
        return self.bar

    def advance(self, task: int, n: int) -> None:
        if not settings.quiet:
            self._started().advance(task, n)

    def update(self, task: int, **changes) -> None:
        if not settings.quiet:
            self._started().update(task, **changes)

    def finish(self, task: int) -> None:
        """End a task's bar where it got to: work that stops early (a converged chain) is done."""
        if self.bar is not None:
            done = self.bar.tasks[task].completed
            self.bar.update(task, total=done or self.bar.tasks[task].total)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.stop()


def progress(what: str, total: int):
    """One bar: the context manager and the callback that advances it (what the API takes)."""
    bars = Bars()
    task = bars.task(what, total)
    return bars, lambda n: bars.advance(task, n)


@contextmanager
def status(key: str):
    """A slow one-off step of the library (``innovsd.notices``) as one line on stderr while it lasts:
    a transient spinner on a terminal, the line printed once elsewhere or above a bar already drawn;
    nothing with --quiet."""
    if settings.quiet:
        yield
        return
    from rich.errors import LiveError
    from innovsd.present.words import word

    console, text = errors.get(), word(key, settings.lang)
    spinner = console.status(text) if console.is_terminal else None
    try:
        if spinner is not None:
            spinner.start()
    except LiveError:
        spinner = None
    if spinner is None:
        console.print(text, highlight=False, soft_wrap=True)
    try:
        yield
    finally:
        if spinner is not None:
            spinner.stop()
