"""Historical observations (calibration/data/history.csv) and their simulated counterparts.

The history is sparse and mixed, so each observation kind is compared with the quantity the
source actually reports, computed from the simulation of every ensemble member at once:

- ``point``: the value at the instant ``start`` (model time Y is "year Y": stocks at the start
  of the year, rates as they stand then).
- ``mean``: the mean of the yearly values at ``start``, ``start+1`` ... ``end``.
- ``sum``: the total of a flow over the years ``start`` .. ``end`` inclusive, i.e. the integral
  of the rate over [start, end+1). It is taken with the left-rectangle rule over the saved times
  in that interval. Calibration saves every time step, so this is exactly what Euler
  integration would add to a stock of the flow; with yearly saved values it degrades to
  "the rate at the start of each year times one year" (fine for slowly varying flows).
- ``growth``: compound annual growth from base year ``start`` to ``end`` in %/yr,
  ``((x_end / x_start) ** (1 / (end - start)) - 1) * 100`` (the same rule as growth targets).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

import innovsd.schema as schema
from innovsd.model.engine import Engine, Simulation
from innovsd.model.horizon import time_grid
from innovsd.errors import InputError
from innovsd.resources import data_file
from innovsd.tables import csv_rows

HISTORY_FILE = data_file("innovsd.calibration", "data/history.csv")
PRIORS_FILE = HISTORY_FILE.with_name("priors.csv")
PRIOR_COLUMNS = ("variable", "kind", "start", "end", "value", "sd", "unit", "basis", "source", "section", "note")
COLUMNS = ("variable", "kind", "start", "end", "value", "unit", "weight", "source", "section", "note")
KINDS = ("point", "mean", "sum", "growth")
TINY = 1e-9  # observations are shares, rates and counts: anything this small is a typo for 0
MAX_OBSERVATIONS = 2_000  # rows of a history or priors file; the shipped history has 28


class ObservationRow(schema.Row):
    """A row of the history (and of the output priors): its fields' types and sizes."""
    variable: schema.Name
    kind: schema.Text(20, required=True)
    start: schema.Whole
    end: schema.Whole
    value: schema.NumberText
    unit: schema.Text(100)
    source: schema.Text()
    section: schema.Text()
    note: schema.Text(schema.NOTE_CHARS)


class HistoryRow(ObservationRow):
    weight: schema.NumberText


class PriorRow(ObservationRow):
    sd: schema.NumberText
    basis: schema.Text(100)


def _row(model, row: dict, where: str):
    """A CSV row as ``model``, or its first problem naming the line and field."""
    found = schema.problems(model, row)
    if found:
        loc, problem = found[0]
        raise InputError(problem, source=where, field=".".join(map(str, loc)) or None)
    return model.model_validate(row)


@dataclass(frozen=True)
class Observation:
    row: int  # line in the file, for messages
    variable: str
    kind: str
    start: int
    end: int
    value: float
    unit: str
    weight: float
    source: str
    section: str

    @property
    def label(self) -> str:
        period = f"{self.start}" if self.start == self.end else f"{self.start}-{self.end}"
        return f"{self.variable} {self.kind} {period}"


def _observation(line: int, where: str, row: ObservationRow, engine: Engine, weight: float) -> Observation:
    """One checked observation: a model variable, a known kind, years within the horizon."""
    try:
        variable = engine.canonical(row.variable)
    except InputError:
        raise InputError("not a variable", name=row.variable, source=where, field="variable") from None
    kind = row.kind.lower()
    if kind not in KINDS:
        raise InputError("unknown kind", kind=row.kind, known=", ".join(KINDS), source=where, field="kind")
    start, end = row.start, row.end
    if end < start:
        raise InputError("end before start", end=end, start=start, source=where, field="end")
    if kind == "point" and end != start:
        raise InputError("point needs end = start", source=where, field="end")
    if kind == "growth" and end == start:
        raise InputError("growth needs end > start", source=where, field="end")
    if start < engine.initial_time:
        raise InputError(
            "starts before the model", start=start, initial=engine.initial_time,
            source=where, field="start",
        )
    last = end + 1 if kind == "sum" else end
    if last > engine.final_time:
        raise InputError("ends after the model", last=last, final=engine.final_time, source=where, field="end")
    if abs(row.value) < TINY:
        raise InputError("too close to 0", value=row.value, source=where, field="value")
    return Observation(line, variable, kind, start, end, row.value, row.unit, weight, row.source, row.section)


def load_history(path: Path | str | None, engine: Engine) -> list[Observation]:
    """Read and check the history file against the model (names, years within its horizon)."""
    path = Path(path) if path else HISTORY_FILE
    observations, seen = [], {}
    for line, where, raw in csv_rows(path, COLUMNS, MAX_OBSERVATIONS):
        row = _row(HistoryRow, raw, where)
        if not 0 < row.weight <= 1:
            raise InputError("weight not in (0, 1]", weight=row.weight, source=where, field="weight")
        found = _observation(line, where, row, engine, row.weight)
        same = (found.variable, found.kind, found.start, found.end, found.value, found.source)  # 2013 is 2013.0
        if same in seen:
            raise InputError("duplicate row", line=seen[same], source=where)
        seen[same] = line
        observations.append(found)
    if not observations:
        raise InputError("no observations", source=str(path))
    return observations


@dataclass(frozen=True)
class OutputPrior:
    """An assumption about a simulated quantity the documents do not report (e.g. the 2025
    innovating share): it enters the payoff as ((sim - value) / sd) ** 2, like a parameter
    prior, and is never shown or counted as data."""

    observation: Observation
    sd: float
    basis: str


def load_output_priors(path: Path | str | None, engine: Engine) -> list[OutputPrior]:
    path = Path(path) if path else PRIORS_FILE
    priors = []
    for line, where, raw in csv_rows(path, PRIOR_COLUMNS, MAX_OBSERVATIONS):
        row = _row(PriorRow, raw, where)
        if row.sd <= 0:
            raise InputError("sd not positive", sd=row.sd, source=where, field="sd")
        priors.append(OutputPrior(_observation(line, where, row, engine, 1.0), row.sd, row.basis))
    return priors


def horizon(observations: list[Observation]) -> tuple[int, int]:
    """First and last model time the observations need (sums integrate to end + 1)."""
    first = min(o.start for o in observations)
    last = max(o.end + 1 if o.kind == "sum" else o.end for o in observations)
    return first, last


def save_grid(engine: Engine, observations: list[Observation]) -> np.ndarray:
    """Every time step from the initial time to the last one the observations need: saving
    every step makes period sums integrate exactly as the model's Euler steps do."""
    return time_grid(engine, until=horizon(observations)[1])


def simulate_observations(engine: Engine, observations: list[Observation], values: dict) -> np.ndarray:
    """Simulated counterparts for one parameter set (or arrays of them): (members, observations)."""
    grid = save_grid(engine, observations)
    sim = engine.run(values, outputs=sorted({o.variable for o in observations}), final_time=float(grid[-1]), save_years=grid)
    return simulated(observations, sim)


def simulated(observations: list[Observation], sim: Simulation) -> np.ndarray:
    """The simulated counterpart of each observation, shaped (members, observations)."""
    columns = []
    for o in observations:
        series = sim.values[o.variable]
        if o.kind == "point":
            columns.append(series[:, sim.index_of(o.start)])
        elif o.kind == "mean":
            idx = [sim.index_of(y) for y in range(o.start, o.end + 1)]
            columns.append(series[:, idx].mean(axis=1))
        elif o.kind == "sum":
            columns.append(_integral(sim, series, o.start, o.end + 1))
        else:
            base, last = series[:, sim.index_of(o.start)], series[:, sim.index_of(o.end)]
            with np.errstate(divide="ignore", invalid="ignore"):
                ratio = np.where((base > 0) & (last > 0), last / base, np.nan)
                columns.append((ratio ** (1.0 / (o.end - o.start)) - 1.0) * 100.0)
    return np.column_stack(columns)


def _integral(sim: Simulation, series: np.ndarray, start: float, stop: float) -> np.ndarray:
    """Left-rectangle integral of a rate over [start, stop) on the saved times."""
    sim.index_of(start), sim.index_of(stop)  # both ends must be saved times
    times = sim.times
    inside = np.flatnonzero((times >= start - 1e-9) & (times < stop - 1e-9))
    widths = np.diff(np.append(times[inside], stop))
    return series[:, inside] @ widths
