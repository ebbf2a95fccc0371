"""Reading numbers and years out of data files, with the one-line error users see."""

from __future__ import annotations

import math

from innovsd.errors import InputError


def number(text, *, source: str | None, field: str, optional: bool = False) -> float | None:
    """A finite number; empty text gives None where the field is optional."""
    if optional and (text is None or str(text).strip() == ""):
        return None
    try:
        value = float(text)
    except (TypeError, ValueError):
        raise InputError("not a number", text=text, source=source, field=field) from None
    if not math.isfinite(value):
        raise InputError("not a finite number", text=text, source=source, field=field)
    return value


def year(text, *, source: str | None, field: str, optional: bool = False) -> int | None:
    """A whole year (2025 or 2025.0); empty text gives None where the field is optional."""
    if optional and (text is None or str(text).strip() == ""):
        return None
    try:
        value = float(text)
    except (TypeError, ValueError):
        raise InputError("not a year", text=text, source=source, field=field) from None
    if not value.is_integer():
        raise InputError("not a whole year", text=text, source=source, field=field)
    return int(value)
