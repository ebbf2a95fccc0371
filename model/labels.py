"""Display names of indicators and interface words, in English and Vietnamese."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import InputError

INDICATOR_TABLE = Path(__file__).with_name("indicators.csv")
LANGUAGES = ("en", "vi")

# Words the tables and figures use around the indicator names.
WORDS = {
    "year": {"en": "Year", "vi": "Năm"},
    "history": {"en": "History (source documents)", "vi": "Số liệu lịch sử (tài liệu nguồn)"},
    "target": {"en": "2030 target", "vi": "Mục tiêu 2030"},
    "scenario": {"en": "Scenario", "vi": "Kịch bản"},
    "indicator": {"en": "Indicator", "vi": "Chỉ tiêu"},
    "met": {"en": "met", "vi": "đạt"},
    "not met": {"en": "not met", "vi": "chưa đạt"},
    "never": {"en": "not by 2035", "vi": "chưa đạt đến 2035"},
    "vs baseline": {"en": "vs baseline", "vi": "so với cơ sở"},
    "first year met": {"en": "First year target met", "vi": "Năm đầu tiên đạt mục tiêu"},
    "probability": {"en": "Probability of meeting", "vi": "Xác suất đạt"},
    "band": {"en": "5-95% band", "vi": "khoảng 5-95%"},
    "simulated": {"en": "Simulated", "vi": "Mô phỏng"},
    "observed": {"en": "Observed", "vi": "Quan sát"},
    "source": {"en": "Source", "vi": "Nguồn"},
    "model note": {
        "en": "innovsd model of Hai Phong's ST&I ecosystem (pre-2025 city boundary)",
        "vi": "Mô hình innovsd về hệ sinh thái KH,CN&ĐMST Hải Phòng (địa giới trước 2025)",
    },
}


@dataclass(frozen=True)
class Indicator:
    variable: str
    key: bool
    title: dict[str, str]
    unit: dict[str, str]


@lru_cache(maxsize=1)
def indicators() -> dict[str, Indicator]:
    with INDICATOR_TABLE.open(encoding="utf-8", newline="") as handle:
        return {
            row["variable"]: Indicator(
                row["variable"], row["key"] == "yes",
                {"en": row["title_en"], "vi": row["title_vi"]},
                {"en": row["unit_en"], "vi": row["unit_vi"]},
            )
            for row in csv.DictReader(handle)
        }


def key_indicators() -> list[str]:
    return [i.variable for i in indicators().values() if i.key]


def check_language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise InputError(f"language '{lang}' is not one of {', '.join(LANGUAGES)}", field="--lang")
    return lang


def word(key: str, lang: str) -> str:
    return WORDS[key][lang]


def title(variable: str, lang: str) -> str:
    found = indicators().get(variable)
    return found.title[lang] if found else variable


def unit(variable: str, lang: str) -> str:
    found = indicators().get(variable)
    return found.unit[lang] if found else ""


def label(variable: str, lang: str) -> str:
    """Title with its unit, for axes and table headers."""
    u = unit(variable, lang)
    return f"{title(variable, lang)} ({u})" if u else title(variable, lang)
