"""Reading numbers and years out of data files and options, with the one-line error users see.
Strict as the schemas are (innovsd/schema.py): a number is a number or its plain ASCII decimal
text, finite and of sensible size; never a boolean."""

from __future__ import annotations

import math
import numbers

from innovsd.errors import InputError
from innovsd.schema import MAX_MAGNITUDE, parse_number


def number(text, *, source: str | None, field: str, optional: bool = False) -> float | None:
    """A finite number; empty text gives None where the field is optional."""
    if optional and (text is None or str(text).strip() == ""):
        return None
    if isinstance(text, str):
        try:
            return parse_number(text)
        except OverflowError:
            raise InputError("number too large", text=text, limit=MAX_MAGNITUDE, source=source, field=field) from None
        except ValueError:
            raise InputError("not a number", text=text, source=source, field=field) from None
    if isinstance(text, bool) or not isinstance(text, numbers.Real):
        raise InputError("not a number", text=text, source=source, field=field)
    if not math.isfinite(text):
        raise InputError("not a finite number", text=text, source=source, field=field)
    if abs(text) > MAX_MAGNITUDE:
        raise InputError("number too large", text=text, limit=MAX_MAGNITUDE, source=source, field=field)
    return float(text)


SEEDS = 2**32  # seeds 0 .. 2**32 - 1: what every random generator innovsd uses accepts


def seed(value, *, field: str = "seed") -> int:
    """A random seed: a whole number from 0 to 2**32 - 1."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < SEEDS:
        raise InputError("seed", seed=value, limit=SEEDS - 1, field=field)
    return value


def year(text, *, source: str | None, field: str, optional: bool = False) -> int | None:
    """A whole year (2025 or 2025.0); empty text gives None where the field is optional."""
    if optional and (text is None or str(text).strip() == ""):
        return None
    try:
        value = number(text, source=source, field=field)
    except InputError:
        raise InputError("not a year", text=text, source=source, field=field) from None
    if not value.is_integer():
        raise InputError("not a whole year", text=text, source=source, field=field)
    return int(value)
