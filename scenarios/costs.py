"""What a policy costs the city and what it buys: the present value of its cost, its benefit-cost
ratio and the TFP points per 1,000 bn VND, read from the model's cost and outcome variables.

Every setting (discount rate, years, the variables read) is in scenarios/appraisal.csv with its
source. Flows are at the model's constant 2013 prices, discounted at a real rate and stated at the
price year's prices; a scenario's cost and benefit are its flows minus the baseline's.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from innovsd.errors import InputError
from innovsd.model import fields
from innovsd.model.engine import Engine, Simulation
from innovsd.resources import data_file
from innovsd.tables import csv_rows

APPRAISAL_FILE = data_file("innovsd.scenarios", "appraisal.csv")
LEVERS_FILE = data_file("innovsd.scenarios", "levers.csv")
COLUMNS = ("name", "value", "unit", "source", "note")
NUMBERS = ("discount rate",)
YEARS = ("price year", "present year", "cost from", "cost to", "benefit to")
VARIABLES = ("cost variable", "benefit variable", "price variable", "share variable", "growth variable")
PER = 1000.0  # points are stated per this many bn VND of present cost


@dataclass(frozen=True)
class Appraisal:
    """The settings of scenarios/appraisal.csv, with the final year the model reaches."""

    rate: float
    price_year: int
    present_year: int
    cost_from: int
    cost_to: int
    benefit_to: int  # the model's final time when that is earlier
    variables: dict[str, str]  # "cost variable" -> model variable, ...
    source: str  # the discount rate's source

    @property
    def outputs(self) -> list[str]:
        return list(dict.fromkeys(self.variables.values()))

    def variable(self, role: str) -> str:
        return self.variables[f"{role} variable"]


def load_appraisal(engine: Engine, path: Path = APPRAISAL_FILE) -> Appraisal:
    rows = {row["name"].strip(): (where, row) for _, where, row in csv_rows(Path(path), COLUMNS)}
    missing = [n for n in NUMBERS + YEARS + VARIABLES if n not in rows]
    if missing:
        raise InputError("missing setting", names=", ".join(missing), source=str(path))
    rate_where, rate_row = rows["discount rate"]
    rate = fields.number(rate_row["value"], source=rate_where, field="value")
    if not 0 <= rate < 1:
        raise InputError("outside plausible range", value=rate, low=0, high=1, unit="1/Year", source=rate_where,
                         field="value")
    years = {n: fields.year(rows[n][1]["value"], source=rows[n][0], field="value") for n in YEARS}
    for name in YEARS:
        if not engine.initial_time <= years[name] <= max(engine.final_time, years["benefit to"]):
            raise InputError("year outside the horizon", year=years[name], first=engine.initial_time,
                             last=engine.final_time, source=rows[name][0], field="value")
    if not years["cost from"] <= years["cost to"] <= engine.final_time:
        raise InputError("cost years", first=years["cost from"], last=years["cost to"], source=str(path))
    variables = {n: engine.canonical(rows[n][1]["value"], source=rows[n][0]) for n in VARIABLES}
    return Appraisal(rate, years["price year"], years["present year"], years["cost from"], years["cost to"],
                     min(years["benefit to"], int(engine.final_time)), variables, rate_row["source"].strip())


def yearly(sim: Simulation, variable: str, first: int, last: int) -> np.ndarray:
    """A flow's amount in each year ``first..last`` (members × years): its mean over the saved times of
    the year (the value at the year's start when saved yearly), times one year."""
    times, values = sim.times, sim.values[variable]
    columns = []
    for year in range(first, last + 1):
        inside = (times >= year - 1e-9) & (times < year + 1 - 1e-9)
        if not inside.any():
            raise InputError("not a saved time", year=year, first=times[0], last=times[-1])
        columns.append(values[:, inside].mean(axis=1))
    return np.stack(columns, axis=1)


def present_value(appraisal: Appraisal, sim: Simulation, base: Simulation, role: str, first: int, last: int,
                  rate: float | None = None) -> np.ndarray:
    """Per member of ``sim``: the discounted sum over ``first..last`` of its flow minus the baseline's,
    in bn VND at the price year's prices (``base``: one member, or as many as ``sim``); ``rate`` 0
    gives the plain sum."""
    variable = appraisal.variable(role)
    extra = yearly(sim, variable, first, last) - yearly(base, variable, first, last)
    factors = (1.0 + (appraisal.rate if rate is None else rate)) ** -(np.arange(first, last + 1) - appraisal.present_year)
    prices = base.at(appraisal.variable("price"), appraisal.price_year)
    return extra @ factors * prices


def city_cost(appraisal: Appraisal, sim: Simulation, base: Simulation) -> np.ndarray:
    """Per member: the present value of the city's extra cost over the cost years."""
    return present_value(appraisal, sim, base, "cost", appraisal.cost_from, appraisal.cost_to)


def _ratio(numerator: float, denominator: float, scale: float = 1.0) -> float | None:
    """None when there is nothing to divide by (a policy that costs the city nothing, or saves)."""
    return scale * numerator / denominator if denominator > 1e-9 else None


@dataclass(frozen=True)
class PolicyCost:
    """One scenario against the baseline, read from its central run."""

    cost: float  # present value of the extra city cost, cost years, bn VND at price-year prices
    cost_to_horizon: float  # the same to the benefit horizon
    benefit: float  # present value of the extra real GRDP to the benefit horizon
    bcr: float | None  # benefit / cost to the horizon; None without a cost
    share_points: float  # TFP share minus the baseline's in the compare year (percentage points)
    growth_points: float  # TFP growth minus the baseline's in the compare year (points of %/yr)
    share_per_1000: float | None  # share points per 1,000 bn VND of ``cost``
    growth_per_1000: float | None
    horizon: int
    uncosted: tuple[str, ...] = ()  # levers the scenario sets whose money is not the city's (no ratio then)
    cost_sum: float = 0.0  # the extra city cost over the cost years undiscounted, bn VND at price-year prices

    def record(self) -> dict:
        return {"cost_pv": self.cost, "cost_sum": self.cost_sum, "cost_pv_to_horizon": self.cost_to_horizon,
                "benefit_pv": self.benefit,
                "benefit_cost_ratio": self.bcr, "tfp_share_points": self.share_points,
                "tfp_growth_points": self.growth_points, "tfp_share_points_per_1000bn": self.share_per_1000,
                "tfp_growth_points_per_1000bn": self.growth_per_1000, "horizon": self.horizon,
                "uncosted_levers": list(self.uncosted)}


def uncosted_levers(engine: Engine, path: Path = LEVERS_FILE) -> set[str]:
    """Levers without a city cost variable in scenarios/levers.csv (the investment ratio: private and
    FDI money): a scenario that moves one has no benefit-cost ratio the city could read as its own."""
    return {engine.canonical(row["variable"], source=where) for _, where, row in csv_rows(Path(path), ("variable", "cost_variable"))
            if not row["cost_variable"].strip()}


def policy_cost(appraisal: Appraisal, sim: Simulation, base: Simulation, year: int,
                uncosted: tuple[str, ...] = ()) -> PolicyCost:
    """The cost, benefit-cost ratio and points per 1,000 bn VND of the run ``sim`` (first member);
    with ``uncosted`` levers moved, no ratios (their cost is not in the city's)."""
    horizon = appraisal.benefit_to
    cost = float(city_cost(appraisal, sim, base)[0])
    spent = float(present_value(appraisal, sim, base, "cost", appraisal.cost_from, appraisal.cost_to, rate=0.0)[0])
    lifetime = float(present_value(appraisal, sim, base, "cost", appraisal.cost_from, horizon)[0])
    benefit = float(present_value(appraisal, sim, base, "benefit", appraisal.cost_from, horizon)[0])
    points = {role: float(sim.at(appraisal.variable(role), year)[0] - base.at(appraisal.variable(role), year)[0])
              for role in ("share", "growth")}
    if uncosted:
        return PolicyCost(cost, lifetime, benefit, None, points["share"], points["growth"], None, None, horizon,
                          tuple(uncosted), spent)
    return PolicyCost(cost, lifetime, benefit, _ratio(benefit, lifetime), points["share"], points["growth"],
                      _ratio(points["share"], cost, PER), _ratio(points["growth"], cost, PER), horizon, (), spent)


def appraise(appraisal: Appraisal, central: dict[str, Simulation], base: Simulation, year: int,
             uncosted: dict[str, tuple[str, ...]] | None = None) -> dict[str, PolicyCost]:
    """scenario -> its PolicyCost against ``base`` (the baseline's central run); ``uncosted``: scenario
    -> the levers it moves that have no city cost."""
    return {name: policy_cost(appraisal, sim, base, year, (uncosted or {}).get(name, ())) for name, sim in central.items()}
