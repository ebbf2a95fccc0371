"""The indicators with display names (model/indicators.csv): which are key, their titles and units."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache

from innovsd.resources import data_file

INDICATOR_TABLE = data_file("innovsd.model", "indicators.csv")


@dataclass(frozen=True)
class Indicator:
    variable: str
    key: bool
    title: dict[str, str]
    short: dict[str, str]  # for narrow table columns
    unit: dict[str, str]


@lru_cache(maxsize=1)
def indicators() -> dict[str, Indicator]:
    with INDICATOR_TABLE.open(encoding="utf-8", newline="") as handle:
        return {
            row["variable"]: Indicator(
                row["variable"], row["key"] == "yes",
                {"en": row["title_en"], "vi": row["title_vi"]},
                {"en": row["short_en"], "vi": row["short_vi"]},
                {"en": row["unit_en"], "vi": row["unit_vi"]},
            )
            for row in csv.DictReader(handle)
        }


def key_indicators() -> list[str]:
    return [i.variable for i in indicators().values() if i.key]
