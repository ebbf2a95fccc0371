"""The one error type users see: a readable line naming the file, field and problem, in the
reader's language. A problem is a key of innovsd/messages.py (English and Vietnamese) with its
values; it is put into words only when shown, so the CLI can show it in the language of --lang
even when it was raised before that option was read."""

import string
import warnings

from innovsd.i18n import formatted, translated, translated_plural
from innovsd.messages import PROBLEMS
from innovsd.text import ECHO_CHARS, echo

LISTED = 20  # problems a combined error names; the rest are counted
FIRST_CHARS = 120  # the first of several problems, clipped so the count still fits the 300-character line


class Term:
    """A word inside a problem that is itself translated (a kind of file, a calibration stage);
    an unknown key shows ``default`` (text read from a file may name a stage this version lacks)."""

    def __init__(self, key: str, default: str | None = None):
        if key not in PROBLEMS and default is None:
            raise KeyError(f"no message '{key}' in innovsd/messages.py")
        self.key, self.default = key, default

    def text(self, lang: str = "en") -> str:
        return translated(self.key, PROBLEMS[self.key], lang) if self.key in PROBLEMS else self.default

    def __str__(self) -> str:
        return self.text()


class Problem:
    """One sentence of innovsd/messages.py with the values of its {placeholders}."""

    def __init__(self, key: str, /, **values):  # positional-only: a placeholder may be called key
        if key not in PROBLEMS:
            raise KeyError(f"no message '{key}' in innovsd/messages.py")
        self.key, self.values = key, values

    def text(self, lang: str = "en") -> str:
        entry = PROBLEMS[self.key]
        sentence = translated_plural(self.key, entry, self.values["n"], lang) if isinstance(entry, tuple) \
            else translated(self.key, entry, lang)
        return _Formatter(lang).format(sentence, **self.values)

    def __str__(self) -> str:
        return self.text()


class Said(str):
    """A whole message innovsd composed, framed as it is ("error: {text}"); any other text value
    of a problem is quoted at most ``ECHO_CHARS`` long."""


class _Formatter(string.Formatter):
    """Fills a template in ``lang``: nested problems and terms in that language, numbers in its
    format (0,5 and 1.000 in Vietnamese)."""

    def __init__(self, lang: str):
        self.lang = lang

    def format_field(self, value, format_spec: str) -> str:
        if isinstance(value, (Problem, Term, InputError, Listing, Clipped)):
            return value.text(self.lang)
        if isinstance(value, str) and not isinstance(value, Said):  # a value from a file or an option
            return echo(value)
        return formatted(value, format_spec, self.lang)


class InputError(ValueError):
    """Bad input from a user: a file, a field or a value. The CLI prints it as one line.
    ``problem`` is a key of innovsd/messages.py (``values`` fill it) or a ``Problem``.
    A ValueError, so ``except ValueError`` in a notebook catches it too."""

    def __init__(self, problem: "str | Problem", /, *, source: str | None = None, field: str | None = None, **values):
        self.message = problem if isinstance(problem, Problem) else Problem(problem, **values)
        self.source = source
        self.field = field
        super().__init__(str(self))

    @property
    def problem(self) -> str:
        return self.message.text()

    def text(self, lang: str = "en") -> str:
        where = ": ".join(part.text(lang) if isinstance(part, (Term, Problem)) else echo(part, limit)
                          for part, limit in ((self.source, ECHO_CHARS), (self.field, ECHO_CHARS // 2)) if part)
        problem = self.message.text(lang)
        return f"{where}: {problem}" if where else problem

    def __str__(self) -> str:
        return self.text()

    def __reduce__(self):  # errors cross process pools (figure workers, engine chunks)
        return _rebuild, (type(self), self.message, self.source, self.field)


class Listing:
    """The problems after the first of a file, as one error names them: the first few, then "…"."""

    def __init__(self, errors: list[InputError], shown: int = LISTED - 1):
        self.errors, self.more = errors[:shown], len(errors) > shown

    def text(self, lang: str = "en") -> str:
        return "; ".join(e.text(lang) for e in self.errors) + ("; …" if self.more else "")


class Clipped:
    """A problem's text cut to ``width`` characters (with "…")."""

    def __init__(self, problem, width: int):
        self.problem, self.width = problem, width

    def text(self, lang: str = "en") -> str:
        whole = self.problem.text(lang) if hasattr(self.problem, "text") else str(self.problem)
        return whole if len(whole) <= self.width else whole[: self.width - 1].rstrip() + "…"


def combined(found: list[InputError]) -> InputError:
    """Several problems as one error: the first in front, then the next ones (at most ``LISTED``
    in all; those on another line of the first's file named by their line alone) and how many
    there are."""
    first, rest = found[0], found[1:]
    if not rest:
        return first
    file = str(first.source).rpartition(":")[0] if isinstance(first.source, str) else None
    for error in rest[: LISTED - 1]:
        line = str(error.source).rpartition(":")
        if file and line[0] == file and line[2].isdigit():
            error.source = Problem("at line", line=int(line[2]))
        elif error.source == first.source:
            error.source = None
    return InputError("and more", first=Clipped(first.message, FIRST_CHARS), n=len(rest), more=Listing(rest), source=first.source,
                      field=first.field)


class MissingFile(InputError, FileNotFoundError):
    """An input file that is not there: also a FileNotFoundError."""


def _rebuild(kind, message, source, field):
    return kind(message, source=source, field=field)


class InputWarning(UserWarning):
    """Input that works but deserves a doubt (a parameter set made for another model version, or
    an interrupted calibration). The CLI prints it as one line starting "warning:"."""

    def __init__(self, error: InputError):
        super().__init__(str(error))
        self.error = error


def warn(problem: str, /, *, source: str | None = None, field: str | None = None, **values) -> None:
    warnings.warn(InputWarning(InputError(problem, source=source, field=field, **values)), stacklevel=2)
