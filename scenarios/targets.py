"""The official targets (scenarios/targets.csv), how a simulation is scored on them, and the share
of an ensemble that meets one.

The file lists every quantitative 2025 and 2030 target of the source documents, each with its
source, date and status: ``modelled`` (scored: the indicator is a model variable) or ``outside``
(not scored, with the reason). A TFP-share target may name, in ``tfp_growth_basis``, the GRDP-growth
target it is read against: GSO's TFP share is TFP growth / GRDP growth, so the share at that growth
needs TFP growth = share x GRDP growth."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from innovsd.model.engine import Simulation
from innovsd.model import fields
from innovsd.errors import InputError
from innovsd.resources import data_file
from innovsd.tables import csv_rows

TARGETS_FILE = data_file("innovsd.scenarios", "targets.csv")
COLUMNS = ("id", "indicator", "kind", "start", "year", "low", "high", "unit", "title_en", "title_vi", "source", "section",
           "note", "status", "reason", "date", "scope", "tfp_growth_basis")
STATUSES = ("modelled", "outside")
DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?$")  # a document's date, as precise as it is known


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
    status: str = "modelled"
    reason: str = ""
    date: str = ""
    scope: str = ""
    tfp_growth_basis: str = ""  # id of the GRDP-growth target a TFP share is read against

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
    """The modelled targets: what scorecards, seek and the explorer score."""
    return [t for t in load_target_record(path) if t.status == "modelled"]


def load_target_record(path: Path = TARGETS_FILE) -> list[Target]:
    """Every row of the targets file, modelled and outside, checked: a source, a date and a status on
    each; a reason on each outside row; an indicator and a bound on each modelled one."""
    targets = []
    for _, where, row in csv_rows(path, COLUMNS):
        text = {k: row[k].strip() for k in COLUMNS}
        status = text["status"]
        if status not in STATUSES:
            raise InputError("not one of", value=status, known=", ".join(STATUSES), source=where, field="status")
        for column in ("id", "source"):
            if not text[column]:
                raise InputError("empty field", source=where, field=column)
        if not DATE.match(text["date"]):
            raise InputError("not a date", text=text["date"], source=where, field="date")
        modelled = status == "modelled"
        if not modelled and not text["reason"]:
            raise InputError("outside needs a reason", source=where, field="reason")
        if modelled and not text["indicator"]:
            raise InputError("empty field", source=where, field="indicator")
        kind = text["kind"]
        if kind not in ("level", "growth"):
            raise InputError("level or growth", kind=kind, source=where, field="kind")
        target = Target(
            id=text["id"], indicator=text["indicator"], kind=kind,
            start=fields.year(text["start"], source=where, field="start", optional=kind == "level" or not modelled),
            year=fields.year(text["year"], source=where, field="year"),
            low=fields.number(text["low"], source=where, field="low", optional=not modelled),
            high=fields.number(text["high"], source=where, field="high", optional=True),
            unit=text["unit"], title={"en": text["title_en"], "vi": text["title_vi"]},
            source=text["source"], section=text["section"], note=text["note"], status=status,
            reason=text["reason"], date=text["date"], scope=text["scope"], tfp_growth_basis=text["tfp_growth_basis"],
        )
        if modelled and kind == "growth" and (target.start is None or target.start >= target.year):
            raise InputError("growth target needs a base year", source=where, field="start")
        targets.append(target)
    growth = {t.id for t in targets if t.status == "modelled" and t.kind == "growth"}
    for target in targets:
        if target.tfp_growth_basis and target.tfp_growth_basis not in growth:
            raise InputError("not one of", value=target.tfp_growth_basis, known=", ".join(sorted(growth)),
                             source=str(path), field=f"{target.id}: tfp_growth_basis")
    return targets


def required_tfp_growth(share: Target, targets: list[Target]) -> tuple[float, float] | None:
    """The TFP growth (%/yr) a TFP-share target needs at the GRDP growth of its basis target: the
    lowest (share's low at the basis' low) and the highest (share's high, else low, at the basis'
    high, else low); None without a basis."""
    basis = next((t for t in targets if t.id == share.tfp_growth_basis), None) if share.tfp_growth_basis else None
    if basis is None:
        return None
    top = share.high if share.high is not None else share.low
    return (round(share.low / 100 * basis.low, 9),
            round(top / 100 * (basis.high if basis.high is not None else basis.low), 9))
