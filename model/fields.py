"""Reading numbers and years out of data files, with the one-line error users see."""

from __future__ import annotations

import csv
import math
from pathlib import Path
from typing import Iterator

from .errors import InputError


def csv_rows(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[int, str, dict]]:
    """(line, "file:line", row) for each data row, after checking the file, its header and
    that every row has all its fields."""
    path = Path(path)
    if not path.is_file():
        raise InputError("file not found", source=str(path))
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise InputError(f"missing column(s) {', '.join(missing)}", source=str(path), field="header")
        for line, row in enumerate(reader, start=2):
            where = f"{path}:{line}"
            if None in row or any(row[c] is None for c in columns):
                raise InputError("wrong number of fields", source=where)
            yield line, where, row


def number(text, *, source: str | None, field: str, optional: bool = False) -> float | None:
    """A finite number; empty text gives None where the field is optional."""
    if optional and (text is None or str(text).strip() == ""):
        return None
    try:
        value = float(text)
    except (TypeError, ValueError):
        raise InputError(f"'{text}' is not a number", source=source, field=field) from None
    if not math.isfinite(value):
        raise InputError(f"'{text}' is not a finite number", source=source, field=field)
    return value


def year(text, *, source: str | None, field: str, optional: bool = False) -> int | None:
    """A whole year (2025 or 2025.0); empty text gives None where the field is optional."""
    if optional and (text is None or str(text).strip() == ""):
        return None
    try:
        value = float(text)
    except (TypeError, ValueError):
        raise InputError(f"'{text}' is not a year", source=source, field=field) from None
    if not value.is_integer():
        raise InputError(f"'{text}' is not a whole year", source=source, field=field)
    return int(value)
