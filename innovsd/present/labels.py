"""Names of what the model computes, as readers see them: indicators (model/indicators.csv: titles,
short titles, units) and every other variable and parameter (model/names_vi.csv: Vietnamese title
and documentation; the English ones are the model's own name and documentation)."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache

from innovsd.model.indicator_table import INDICATOR_TABLE, Indicator, indicators, key_indicators  # noqa: F401
from innovsd.resources import data_file

from .words import WORDS, rounded, spaced, word

NAMES_VI = data_file("innovsd.model", "names_vi.csv")


@dataclass(frozen=True)
class Name:
    variable: str
    title_vi: str
    doc_en: str  # the .mdl documentation the Vietnamese was translated from (tests catch a changed one)
    doc_vi: str


@lru_cache(maxsize=1)
def names() -> dict[str, Name]:
    with NAMES_VI.open(encoding="utf-8", newline="") as handle:
        return {row["variable"]: Name(row["variable"], row["title_vi"], row["doc_en"], row["doc_vi"])
                for row in csv.DictReader(handle)}


def _element(variable: str) -> tuple[str, str]:
    """``name[element,...]`` -> (name, the elements as readers see them); a plain name -> (name, "")."""
    base, mark, rest = variable.partition("[")
    return (base, rest.rstrip("]")) if mark else (variable, "")


def _element_text(elements: str, lang: str) -> str:
    return ", ".join(word(f"element {e}", lang) if f"element {e}" in WORDS else e for e in elements.split(","))


def title(variable: str, lang: str) -> str:
    """An indicator's display title; any other variable or parameter as a phrase in ``lang``; one
    element of a subscripted variable with its element's name (a region)."""
    base, elements = _element(variable)
    if elements:
        return f"{title(base, lang)}: {_element_text(elements, lang)}"
    found = indicators().get(variable)
    if found:
        return found.title[lang]
    named = names().get(variable)
    if lang == "vi" and named:
        return named.title_vi
    return variable[:1].upper() + variable[1:] if named else variable


def documentation(variable: str, english: str, lang: str) -> str:
    """The .mdl documentation (``english``) in ``lang``."""
    named = names().get(variable)
    return named.doc_vi if lang == "vi" and named and named.doc_vi else english


def short(variable: str, lang: str) -> str:
    base, elements = _element(variable)
    found = indicators().get(base)
    if found and elements:
        return f"{found.short[lang]}: {_element_text(elements, lang)}"
    return found.short[lang] if found else variable


def unit(variable: str, lang: str) -> str:
    found = indicators().get(_element(variable)[0])
    return found.unit[lang] if found else ""


def label(variable: str, lang: str) -> str:
    """Title with its unit, for axes and table headers."""
    u = unit(variable, lang)
    return f"{title(variable, lang)} ({u})" if u else title(variable, lang)


def unit_text(units: str, lang: str) -> str:
    """Model units for reading: 'bnVND/Year' is 'tỷ đồng/năm' in Vietnamese (each name a phrase of
    the word table; English keeps the model's own)."""
    return re.sub(r"[A-Za-z]+", lambda m: word(f"unit {m.group(0)}", lang) if f"unit {m.group(0)}" in WORDS
                  else m.group(0), units)


def target_text(t, lang: str) -> str:
    """Compact target bound in display units, e.g. '62–65 %' or '≥ 16 %/năm (2025–2030)'."""
    low = rounded(t.low, lang)
    bound = f"{low}–{rounded(t.high, lang)}" if t.high is not None else f"≥ {low}"
    if t.kind == "growth":
        return spaced(f"{bound} {word('percent per year', lang)} ({t.start}–{t.year})")
    return spaced(f"{bound} {unit(t.indicator, lang)}")
