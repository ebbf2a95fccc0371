"""The one checked reader for every input file: a regular file of bounded size, UTF-8 (with or
without a byte-order mark), and for tables every column present, every row whole, no huge field and
no repeated row. Each problem is one ``InputError`` naming the file, line and field."""

from __future__ import annotations

import codecs
import csv
import stat
from pathlib import Path
from typing import Iterator

from innovsd.errors import InputError, MissingFile, Term

MAX_INPUT_BYTES = 10_000_000  # the largest shipped data file is ~0.1 MB
MAX_FIELD_CHARS = 100_000


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


def csv_rows(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[int, str, dict]]:
    """(line, "file:line", row) for each data row, after checking the file (``read_input``), its
    header, that every row has all its fields, no field is huge and no row repeats another."""
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
        for line, row in enumerate(reader, start=2):
            where = f"{path}:{reader.line_num}"
            if None in row or any(row[c] is None for c in columns):
                raise InputError("wrong number of fields", source=where)
            if any(len(value) > MAX_FIELD_CHARS for value in row.values()):
                raise InputError("field too long", limit=MAX_FIELD_CHARS, source=where)
            key = tuple(" ".join(row[c].split()) for c in columns)
            if key in seen:
                raise InputError("duplicate row", line=seen[key], source=where)
            seen[key] = reader.line_num
            yield reader.line_num, where, row
    except csv.Error as error:
        raise InputError("not valid CSV", detail=error, source=f"{path}:{reader.line_num}") from None
