"""The one error type users see: a readable line naming the file, field and problem, in the
reader's language. A problem is a key of innovsd/messages.py (English and Vietnamese) with its
values; it is put into words only when shown, so the CLI can show it in the language of --lang
even when it was raised before that option was read."""

import string
import warnings

from innovsd.i18n import formatted, translated, translated_plural
from innovsd.messages import PROBLEMS


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


class _Formatter(string.Formatter):
    """Fills a template in ``lang``: nested problems and terms in that language, numbers in its
    format (0,5 and 1.000 in Vietnamese)."""

    def __init__(self, lang: str):
        self.lang = lang

    def format_field(self, value, format_spec: str) -> str:
        if isinstance(value, (Problem, Term, InputError)):
            return value.text(self.lang)
        if isinstance(value, list) and value and all(isinstance(v, InputError) for v in value):
            return "; ".join(v.text(self.lang) for v in value)
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
        where = ": ".join(part.text(lang) if isinstance(part, Term) else part for part in (self.source, self.field) if part)
        problem = self.message.text(lang)
        return f"{where}: {problem}" if where else problem

    def __str__(self) -> str:
        return self.text()

    def __reduce__(self):  # errors cross process pools (figure workers, engine chunks)
        return _rebuild, (type(self), self.message, self.source, self.field)


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
