"""Numbers as each language writes them (Babel's CLDR data: decimal mark, grouping, percent), and
one spacing before "%" everywhere."""

from __future__ import annotations

import math
import re

from innovsd.i18n import formatted

PERCENT = re.compile(r"(?<=[\d)])[ \u00a0\u202f]?%")


def number(value: float | None, lang: str, digits: int = 1) -> str:
    """51.5 in English, 51,5 in Vietnamese; thousands 1,234 / 1.234."""
    if value is None or not math.isfinite(value):
        return "–"
    return formatted(float(value), f",.{digits}f", lang)


def signed(value: float | None, lang: str, digits: int = 1) -> str:
    """+1.5 / -1.5 with the language's decimal mark."""
    shown = number(value, lang, digits)
    return "+" + shown if value is not None and math.isfinite(value) and value >= 0 else shown


def rounded(value: float | None, lang: str) -> str:
    """A whole number without decimals, anything else with one: targets and bounds (62–65, 1,5)."""
    return number(value, lang, 0 if value is None or float(value).is_integer() else 1)


def significant(value: float | None, lang: str, digits: int = 3, sign: bool = False) -> str:
    """``digits`` significant digits (like {:.3g}) with the language's decimal mark; large numbers whole."""
    if value is None or not math.isfinite(value):
        return "–"
    if abs(value) >= 10 ** digits:
        return ("+" if sign and value > 0 else "") + number(value, lang, 0)
    shown = formatted(float(value), f".{digits}g", lang)
    return "+" + shown if sign and value >= 0 else shown


def percent(share: float | None, lang: str, digits: int = 0) -> str:
    """0.07 as '7%', in the language's percent format."""
    return "–" if share is None or not math.isfinite(share) else spaced(formatted(float(share), f".{digits}%", lang))


def spaced(text: str) -> str:
    """One spacing before "%" everywhere, a non-breaking space: "43,5 %" never breaks across lines."""
    return PERCENT.sub("\u00a0%", text)
