"""The official 2030 targets (scenarios/targets.csv), how a simulation is scored on them, and the
share of an ensemble that meets one."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from innovsd.model.engine import Simulation
from innovsd.model import fields
from innovsd.errors import InputError
from innovsd.resources import data_file
from innovsd.tables import csv_rows

TARGETS_FILE = data_file("innovsd.scenarios", "targets.csv")
COLUMNS = ("id", "indicator", "kind", "start", "year", "low", "high", "unit", "title_en", "title_vi", "source", "section", "note")


@dataclass(frozen=True)
class Target:
    id: str
    indicator: str
    kind: str  # "level" or "growth"
    start: int | None  # base year of a growth target
    year: int
    low: float
    high: float | None
    unit: str
    title: dict[str, str]
    source: str
    section: str
    note: str

    def value(self, sim: Simulation, year: int | None = None) -> np.ndarray:
        """The indicator as the target measures it, per member: the level in ``year`` or
        the average compound growth (%/yr) from the base year to ``year``."""
        year = self.year if year is None else year
        if self.kind == "level":
            return sim.at(self.indicator, year)
        base = sim.at(self.indicator, self.start)
        span = year - self.start
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(base > 0, ((sim.at(self.indicator, year) / base) ** (1.0 / span) - 1.0) * 100.0, np.nan)

    def met(self, value: np.ndarray) -> np.ndarray:
        """A range target counts as met from its lower bound: overshooting is not a failure."""
        return np.asarray(value) >= self.low

    def describe(self, lang: str = "en") -> str:
        bound = f"{self.low:g}-{self.high:g}" if self.high is not None else f">= {self.low:g}"
        if self.kind == "growth":
            return f"{bound} %/yr ({self.start}-{self.year})"
        return f"{bound} {self.unit} ({self.year})"


def target_probability(sim: Simulation, target: Target, year: int | None = None) -> float:
    """Share of members meeting ``target`` in ``year``; a member whose value is not finite counts
    as not meeting it."""
    value = target.value(sim, year)
    with np.errstate(invalid="ignore"):
        met = target.met(value) & np.isfinite(value)
    return float(np.mean(met))


def load_targets(path: Path = TARGETS_FILE) -> list[Target]:
    targets = []
    for _, where, row in csv_rows(path, COLUMNS):
        kind = row["kind"].strip()
        if kind not in ("level", "growth"):
            raise InputError("level or growth", kind=kind, source=where, field="kind")
        target = Target(
            id=row["id"].strip(), indicator=row["indicator"].strip(), kind=kind,
            start=fields.year(row["start"], source=where, field="start", optional=kind == "level"),
            year=fields.year(row["year"], source=where, field="year"),
            low=fields.number(row["low"], source=where, field="low"),
            high=fields.number(row["high"], source=where, field="high", optional=True),
            unit=row["unit"].strip(), title={"en": row["title_en"].strip(), "vi": row["title_vi"].strip()},
            source=row["source"].strip(), section=row["section"].strip(), note=row["note"].strip(),
        )
        if kind == "growth" and (target.start is None or target.start >= target.year):
            raise InputError("growth target needs a base year", source=where, field="start")
        targets.append(target)
    return targets
