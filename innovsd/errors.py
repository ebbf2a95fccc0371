"""The one error type users see: a readable line naming the file, field and problem."""

import warnings


class InputError(Exception):
    """Bad input from a user: a file, a field or a value. The CLI prints it as one line."""

    def __init__(self, problem: str, *, source: str | None = None, field: str | None = None):
        self.problem = problem
        self.source = source
        self.field = field
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ": ".join(part for part in (self.source, self.field) if part)
        return f"{where}: {self.problem}" if where else self.problem


class InputWarning(UserWarning):
    """Input that works but deserves a doubt (a parameter set made for another model version, or
    an interrupted calibration). The CLI prints it as one line starting "warning:"."""


def warn(problem: str, *, source: str | None = None, field: str | None = None) -> None:
    warnings.warn(InputWarning(str(InputError(problem, source=source, field=field))), stacklevel=2)
