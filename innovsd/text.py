"""User text: cleaned once where a file or an option is read, then escaped for each place it goes.

Cleaning removes what no reader wants and an attacker does (control characters: terminal escape
sequences, NUL, bell; and the invisible marks that reorder text). Escaping belongs to the
destination: Rich markup (``rich.markup.escape`` at the print), figures (matplotlib never parses
math text: innovsd/present/figures.py), spreadsheet and CSV cells (``cell``), JSON inside an HTML
page (``html_json``), error lines (``echo``, and the CLI's one-line cap).
"""

from __future__ import annotations

import json
import re

# C0 and C1 control characters, zero-width and direction marks (bidirectional overrides and
# isolates reorder what a reader sees), the byte-order mark.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
ECHO_CHARS = 200  # of a value quoted in an error
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet may run as a formula (OWASP)


def clean(text: str) -> str:
    """One line of user text: whitespace runs (line breaks and tabs too) as one space, control
    characters and invisible marks removed."""
    return CONTROL.sub("", " ".join(str(text).split()))


def has_control(text: str) -> bool:
    return bool(CONTROL.search(str(text)))


def shorten(text: str, limit: int = ECHO_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def echo(value, limit: int = ECHO_CHARS) -> str:
    """A value as an error quotes it: cleaned, at most ``limit`` characters (a huge value costs
    no more than its first part)."""
    if not isinstance(value, str):
        import reprlib

        shortener = reprlib.Repr()
        shortener.maxstring = shortener.maxother = limit
        value = shortener.repr(value)
    return shorten(clean(value[: 4 * limit]), limit)


def quoted(value, limit: int = ECHO_CHARS) -> str:
    """A value as an error shows what it got: a text in quotes with its control characters
    escaped ('a\\x1b'), anything else as ``echo``."""
    if isinstance(value, str):
        return shorten(repr(value[: 2 * limit]), limit)
    return echo(value, limit)


def cell(value):
    """A spreadsheet or CSV cell that no program runs as a formula: text starting with = + - @
    (or a tab or carriage return) gets a leading apostrophe, OWASP's rule against CSV injection."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def cells(frame):
    """A DataFrame with every text cell (and column name) passed through ``cell``."""
    from pandas.api.types import is_numeric_dtype

    out = frame.copy()
    for column in out.columns:
        if not is_numeric_dtype(out[column].dtype):
            out[column] = out[column].map(cell)
    return out.rename(columns=cell)


def html_json(data) -> str:
    """JSON to inline in an HTML page's <script>: <, > and & written as \\u escapes (and the two
    line separators JavaScript once refused), so no text in it can close the script, open a
    comment or start an entity."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
                         ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text
