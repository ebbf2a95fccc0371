"""The one error type users see: a readable line naming the file, field and problem."""


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
