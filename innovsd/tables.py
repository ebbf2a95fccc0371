"""The one checked reader for every input file: a regular file of bounded size, UTF-8 (with or
without a byte-order mark); for tables every column present, every row whole, no huge field, no
repeated row and not too many rows, every field cleaned (innovsd/text.py); for JSON no key given
twice, no NaN, no deep nesting. Paths one file gives for another are resolved from that file's
folder and stay inside the folders innovsd reads. Each problem is one ``InputError`` naming the
file, line and field."""

from __future__ import annotations

import codecs
import csv
import json
import os
import stat
from pathlib import Path
from typing import Iterator

from innovsd.errors import InputError, MissingFile, Term
from innovsd.text import clean, echo

MAX_INPUT_BYTES = 10_000_000  # the largest shipped data file is ~0.1 MB
MAX_FIELD_CHARS = 100_000
MAX_ROWS = 10_000  # of any table; the shipped ones have under 100
MAX_DEPTH = 20  # nesting of JSON arrays and objects; a parameter set needs 5
INTEGER_DIGITS = 20  # a longer integer is no quantity (schema.MAX_MAGNITUDE refuses it anyway)


def read_input(path: Path | str, what: str = "file", limit: int = MAX_INPUT_BYTES) -> str:
    """The text of a user's input file: a regular file (never a device, pipe or folder), at most
    ``limit`` bytes, UTF-8 with or without a byte-order mark; anything else is one clear error."""
    path = Path(path)
    source, what = str(path), Term(what)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise MissingFile("file not found", what=what, source=source) from None
    except OSError as error:
        raise InputError("cannot read file", what=what, reason=error.strerror or error, source=source) from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError("is a folder", what=what, source=source)
    if not stat.S_ISREG(info.st_mode):
        raise InputError("not a regular file", what=what, source=source)
    if info.st_size > limit:
        raise InputError("file too large", size=info.st_size / 1e6, limit=limit / 1e6, what=what, source=source)
    try:
        with path.open("rb") as handle:
            raw = handle.read(limit + 1)
    except OSError as error:
        raise InputError("cannot read file", what=what, reason=error.strerror or error, source=source) from None
    if len(raw) > limit:
        raise InputError("file over limit", limit=limit / 1e6, what=what, source=source)
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError("utf-16", source=source)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise InputError("not utf-8", byte=raw[error.start], line=line, source=source) from None


def csv_rows(path: Path, columns: tuple[str, ...], max_rows: int = MAX_ROWS) -> Iterator[tuple[int, str, dict]]:
    """(line, "file:line", row) for each data row, after checking the file (``read_input``), its
    header, that every row has all its fields, no field is huge, no row repeats another and there
    are at most ``max_rows``; every field cleaned (one line, no control characters)."""
    path = Path(path)
    text = read_input(path, "data file")
    lines = text.splitlines(keepends=True)
    for number, line in enumerate(lines, start=1):
        if len(line) > MAX_FIELD_CHARS:
            raise InputError("line too long", limit=MAX_FIELD_CHARS, source=f"{path}:{number}")
    reader = csv.DictReader(lines)
    try:
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise InputError("missing column(s)", columns=", ".join(missing), source=str(path), field="header")
        seen: dict[tuple, int] = {}
        for count, row in enumerate(reader, start=1):
            where = f"{path}:{reader.line_num}"
            if count > max_rows:
                raise InputError("too many rows", limit=max_rows, source=where)
            if None in row or any(row[c] is None for c in columns):
                raise InputError("wrong number of fields", source=where)
            if any(len(value) > MAX_FIELD_CHARS for value in row.values()):
                raise InputError("field too long", limit=MAX_FIELD_CHARS, source=where)
            row = {name: clean(value) for name, value in row.items()}
            key = tuple(row[c] for c in columns)
            if key in seen:
                raise InputError("duplicate row", line=seen[key], source=where)
            seen[key] = reader.line_num
            yield reader.line_num, where, row
    except csv.Error as error:
        raise InputError("not valid CSV", detail=error, source=f"{path}:{reader.line_num}") from None


class _Refused(ValueError):
    def __init__(self, error: InputError):
        super().__init__(str(error))
        self.error = error


def _unique_keys(pairs: list) -> dict:
    seen = set()
    for key, _ in pairs:
        if key in seen:
            raise _Refused(InputError("key given twice", key=key))
        seen.add(key)
    return dict(pairs)


def _no_constant(name: str):
    raise _Refused(InputError("not a finite number", text=name))


def _integer(text: str) -> int:
    if len(text.lstrip("-")) > INTEGER_DIGITS:
        raise _Refused(InputError("number too large", text=text, limit=1e15))
    return int(text)


def _depth(data) -> int:
    deepest, stack = 0, [(data, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            deepest = max(deepest, depth)
            if deepest > MAX_DEPTH:
                break
            stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


def read_json(path: Path | str, what: str = "file", limit: int = MAX_INPUT_BYTES):
    """The data of a JSON input file (``read_input``): no key given twice in an object, no NaN
    or infinity, no integer longer than ``INTEGER_DIGITS`` digits, no nesting deeper than
    ``MAX_DEPTH``; a schema checks the rest."""
    path = Path(path)
    text = read_input(path, what, limit)
    try:
        data = json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_no_constant, parse_int=_integer)
    except _Refused as refused:
        raise InputError(refused.error.message, source=str(path)) from None
    except RecursionError:
        raise InputError("nested too deep", limit=MAX_DEPTH, source=str(path)) from None
    except ValueError as error:
        raise InputError("not valid JSON", detail=echo(error), source=str(path)) from None
    if _depth(data) > MAX_DEPTH:
        raise InputError("nested too deep", limit=MAX_DEPTH, source=str(path))
    return data


def resolved(path: Path | str, *, source: str | None = None) -> Path:
    """``path`` with its symbolic links followed; a loop of links is one clear error."""
    try:
        return Path(path).resolve()
    except (RuntimeError, OSError):
        raise InputError("symlink loop", source=source or str(path)) from None


def readable_roots(near: Path | None = None) -> list[Path]:
    """The folders innovsd reads files from when another file names them: the naming file's
    folder, the working folder, the user's home folder and the installed package."""
    from importlib.resources import files

    roots = [Path(str(files("innovsd"))).parent, Path.cwd(), Path.home()]
    if near is not None:
        roots.insert(0, Path(near).parent)
    return [resolved(root) for root in roots]


def named_path(text: str, near: Path, *, field: str | None = None) -> Path:
    """The file that ``near`` (a file) names by ``text``: a relative path, from ``near``'s folder,
    that stays inside ``readable_roots``; an absolute path or one leading elsewhere is an error."""
    where = str(near)
    if not text or Path(text).is_absolute() or os.path.splitdrive(text)[0]:
        raise InputError("path not relative", path=text, source=where, field=field)
    path = Path(near).parent / text
    target = resolved(path, source=where)
    if not any(target.is_relative_to(root) for root in readable_roots(near)):
        raise InputError("path outside", path=text, source=where, field=field)
    return path
