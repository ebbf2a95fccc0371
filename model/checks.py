"""The model's own validity checks, as `innovsd check` runs them.

Each check returns a CheckResult; the extreme-condition settings live in
model/extreme_conditions.csv so that the check says what it tests in data, not in code.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .engine import Engine, Simulation
from .horizon import time_grid
from .mdl import structure
from innovsd.errors import Problem
from innovsd.resources import data_file

EXTREME_CONDITIONS = data_file("innovsd.model", "extreme_conditions.csv")
INTEGRATION_TOLERANCE = 0.01  # halving the time step may change results by less than 1%
BALANCE_TOLERANCE = 1e-9  # relative: Euler bookkeeping is exact up to rounding


@dataclass
class CheckResult:
    """A check's title and finding are sentences of innovsd/messages.py, so they can be shown in
    any language; ``name`` and ``detail`` are their English."""

    title: Problem
    passed: bool
    finding: Problem
    figures: dict = field(default_factory=dict)
    # Advisory checks (distance to history) warn instead of failing: sparse, partly
    # contradictory data should inform the modeller, not block the command.
    advisory: bool = False

    def __post_init__(self):
        if not isinstance(self.title, Problem) or not isinstance(self.finding, Problem):
            raise TypeError("a check's title and finding are Problem(KEY, ...) of innovsd/messages.py")

    @property
    def name(self) -> str:
        return self.title.text()

    @property
    def detail(self) -> str:
        return self.finding.text()

    @property
    def status(self) -> str:
        return "pass" if self.passed else ("warn" if self.advisory else "fail")

    def record(self) -> dict:
        return {"name": self.name, "passed": self.passed, "detail": self.detail, "figures": self.figures,
                "advisory": self.advisory, "status": self.status}


def stock_flows(mdl_path: Path) -> dict[str, list[tuple[int, str]]]:
    """Each stock's flows with their signs, from its INTEG equation (pysd's parser)."""
    return structure(Path(mdl_path)).stock_flows


def check_units(engine: Engine) -> CheckResult:
    missing_units = [v.name for v in engine.variables.values() if v.name != "Time" and not v.units]
    missing_doc = [v.name for v in engine.variables.values() if v.name != "Time" and not v.doc]
    passed = not missing_units and not missing_doc
    finding = Problem("all have units and documentation", n=len(engine.variables) - 1) if passed else Problem(
        "without units or documentation", units=", ".join(missing_units) or "-", documentation=", ".join(missing_doc) or "-")
    return CheckResult(Problem("check units and documentation"), passed, finding,
                       {"variables": len(engine.variables) - 1, "missing": len(missing_units) + len(missing_doc)})


def check_dimensions(mdl_path: Path) -> CheckResult | None:
    """Dimensional consistency of every equation, by Simlin's unit inference (an independent engine
    that reads the same .mdl), not just the presence of units. None without Simlin (the optional
    innovsd[vensim], which has no Windows wheel)."""
    try:
        import simlin
    except ImportError:
        return None
    messages = [error.message for error in simlin.load(str(mdl_path)).project.get_errors()]
    finding = Problem("units match") if not messages else Problem(
        "unit problems", n=len(messages), first=messages[0].splitlines()[0])
    return CheckResult(Problem("check dimensions"), not messages, finding, {"problems": len(messages)})


def _load_conditions(path: Path = EXTREME_CONDITIONS) -> list[dict]:
    with Path(path).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _expectations(text: str) -> list[tuple[str, float, str, float]]:
    """'variable@year<=value; ...' from the expect column of extreme_conditions.csv."""
    found = []
    for item in filter(None, (part.strip() for part in text.split(";"))):
        match = re.fullmatch(r"(.+?)@(\d{4})\s*(<=|>=)\s*([-+0-9.eE]+)", item)
        if match is None:
            raise ValueError(f"{EXTREME_CONDITIONS.name}: expect: cannot read '{item}'")
        found.append((match.group(1).strip(), float(match.group(2)), match.group(3), float(match.group(4))))
    return found


def _met(sim: Simulation, name: str, year: float, op: str, value: float) -> bool:
    x = float(sim.at(name, year)[0])
    tolerance = 1e-9 * max(1.0, abs(value))
    return x <= value + tolerance if op == "<=" else x >= value - tolerance


def check_extremes(engine: Engine, base: dict[str, float]) -> list[CheckResult]:
    """Under each extreme input no stock goes negative, nothing becomes NaN or infinite, and the
    expected values written next to the condition (extreme_conditions.csv, column expect) hold."""
    results = []
    for condition in _load_conditions():
        params = dict(base)
        paths = {}
        for assignment in condition["settings"].split(";"):
            name, _, value = assignment.partition("=")
            name, value = name.strip(), float(value)
            if name in engine.levers:
                paths[name] = ([engine.initial_time, engine.final_time], np.array([value, value]))
            else:
                params[name] = value
        expected = _expectations(condition.get("expect", ""))
        # One element of a regional variable (name[element]) is saved under that name.
        sim = engine.run(params, paths, engine.output_names() + [e[0] for e in expected if "[" in e[0]])
        negative = [s for s in engine.stocks if (sim[s] < -1e-9).any()]
        not_finite = [k for k, v in sim.values.items() if not np.isfinite(v).all()]
        unmet = [e for e in expected if not _met(sim, *e)]
        passed = not negative and not not_finite and not unmet
        tfp = float(sim.at("TFP contribution to GRDP growth", 2030)[0])
        growth = float(sim.at("TFP growth rate", 2030)[0])
        finding = Problem("extreme holds", expected=condition.get("expect") or "-", growth=growth, tfp=tfp) if passed \
            else Problem("extreme fails", negative=", ".join(negative) or "-", not_finite=", ".join(not_finite) or "-",
                         unmet="; ".join(f"{n}@{y:g}{op}{v:g}" for n, y, op, v in unmet) or "-")
        results.append(CheckResult(Problem("check extreme", condition=condition["name"]), passed, finding,
                                   {"tfp_2030": tfp, "tfp_growth_2030": growth}))
    return results


def check_integration(engine: Engine, params: dict[str, float]) -> CheckResult:
    """Halve the time step: every saved value must move by less than 1% (relative to scale)."""
    coarse = engine.run(params)
    fine = engine.run(params, time_step=engine.time_step / 2)
    worst_name, worst = "", 0.0
    for name, values in coarse.values.items():
        scale = np.maximum(np.abs(values).max(), 1e-12)
        error = float(np.abs(fine[name] - values).max() / scale)
        if error > worst:
            worst_name, worst = name, error
    passed = worst < INTEGRATION_TOLERANCE
    return CheckResult(
        Problem("check integration"), passed,
        Problem("largest change", change=worst, variable=worst_name, dt=engine.time_step, half=engine.time_step / 2),
        {"max_relative_change": worst, "variable": worst_name},
    )


def check_mass_balance(engine: Engine, params: dict[str, float]) -> list[CheckResult]:
    """Each stock equals its initial value plus the time-integral of its inflows minus outflows."""
    dt = engine.time_step
    grid = time_grid(engine)
    flows = stock_flows(engine.mdl_path)
    names = set(flows) | {f for terms in flows.values() for _, f in terms}
    sim: Simulation = engine.run(params, outputs=sorted(names), save_years=grid)
    results = []
    for stock, terms in flows.items():
        level = sim[stock][0]  # (times,) or (times, elements) for a regional stock
        net = sum(sign * sim[flow][0][:-1] for sign, flow in terms)
        accumulated = level[:1] + np.concatenate([np.zeros_like(level[:1]), np.cumsum(net * dt, axis=0)])
        scale = max(np.abs(level).max(), 1e-12)
        error = float(np.abs(accumulated - level).max() / scale)
        results.append(CheckResult(
            Problem("check mass balance", stock=stock), error < BALANCE_TOLERANCE,
            Problem("balance error", error=error), {"relative_error": error, "flows": len(terms)},
        ))
    return results


# -- structural checks of the R&D channel -------------------------------------------------------
# Published social rates of return to R&D lie between about 10 and 100 %/yr (Griliches 1992; Hall,
# Mairesse & Mohnen 2010); a policy whose implied return falls outside has an effect the
# literature cannot support.
RETURN_RANGE = (0.10, 1.00)
RETURN_YEARS = (2026, 2035)  # a decade: long enough for the 5-year mean lag to act
MULTIPLIER_YEARS = (2026, 2030)
# Fastest sustained TFP growth seen in catch-up economies is a few %/yr (Young 1995; Bosworth &
# Collins 2008); Hai Phong's measured 2016-2025 residual is 5-7 %/yr. 10 %/yr is the bound no
# budget may push it through.
TFP_GROWTH_BOUND = 0.10
# A real-GRDP multiplier above 3 per VND of city money is beyond what public-investment studies
# report (Ramey 2011; Bom & Ligthart 2014 find output elasticities that give multipliers of 1-3).
MULTIPLIER_BOUND = 3.0
POLICY_OUTPUTS = ["TFP growth rate", "research intensity", "GRDP", "city policy cost"]


def _window(sim: Simulation, name: str, years: tuple[int, int]) -> np.ndarray:
    idx = [sim.index_of(y) for y in range(years[0], years[1] + 1)]
    return sim[name][0, idx]


def check_policy_returns(engine: Engine, params: dict[str, float],
                         scenarios: list[tuple[str, dict, dict, bool, bool]]) -> list[CheckResult]:
    """For each policy scenario (name, constants, lever paths, whether it moves research money
    only, whether the city pays for it) against the baseline (the first one): the implied social
    return of a research policy = extra TFP growth / extra effective R&D as a share of GRDP, summed
    over 2026-2035, within the literature's range; and for every policy the city pays for, the
    multiplier = extra real GRDP / extra city policy cost 2026-2030, at most ``MULTIPLIER_BOUND``
    (the investment ratio is private and FDI money: a larger GRDP raises the S&T budget a little,
    which is no price of the extra GRDP)."""
    runs = []
    for name, scenario_params, paths, research, costed in scenarios:
        merged = dict(params)
        merged.update(scenario_params)
        runs.append((name, research, costed, engine.run(merged, paths, POLICY_OUTPUTS)))
    (_, _, _, base), results = runs[0], []

    def extra(sim, name, years):
        return float((_window(sim, name, years) - _window(base, name, years)).sum())

    for name, research, costed, sim in runs[1:]:
        extra_grdp, extra_cost = extra(sim, "GRDP", MULTIPLIER_YEARS), extra(sim, "city policy cost", MULTIPLIER_YEARS)
        if research:
            extra_rd = extra(sim, "research intensity", RETURN_YEARS) / 100
            implied = extra(sim, "TFP growth rate", RETURN_YEARS) / extra_rd if abs(extra_rd) > 1e-12 else float("nan")
            results.append(CheckResult(
                Problem("check return to R&D", scenario=name), bool(RETURN_RANGE[0] <= implied <= RETURN_RANGE[1]),
                Problem("implied return", implied=implied, low=RETURN_RANGE[0], high=RETURN_RANGE[1]),
                {"implied_return": implied, "extra_rd_share": extra_rd},
            ))
        if costed:
            multiplier = extra_grdp / extra_cost if extra_cost > 1e-9 else float("inf")
            results.append(CheckResult(
                Problem("check multiplier", scenario=name), bool(multiplier <= MULTIPLIER_BOUND),
                Problem("multiplier finding", multiplier=multiplier, bound=MULTIPLIER_BOUND, grdp=extra_grdp,
                        cost=extra_cost, first=MULTIPLIER_YEARS[0], last=MULTIPLIER_YEARS[1]),
                {"multiplier": multiplier, "extra_grdp": extra_grdp, "extra_cost": extra_cost},
            ))
        else:
            results.append(CheckResult(Problem("check multiplier", scenario=name), True, Problem("no city cost"),
                                       {"extra_grdp": extra_grdp, "extra_cost": extra_cost}))
    return results


def check_frontier_bound(engine: Engine, params: dict[str, float], budget_share: float = 10.0) -> CheckResult:
    """Under a 10 % S&T budget floor from 2026, TFP growth stays below the stated bound and
    below the model's own ceiling (absorption at full capacity)."""
    paths = {"ST budget share policy": ([engine.initial_time, 2025, 2026, engine.final_time],
                                        np.array([0.0, 0.0, budget_share, budget_share]))}
    # The ceiling is each region's (absorption at full capacity at its own gap).
    sim = engine.run(params, paths, ["regional TFP growth rate", "TFP growth ceiling"])
    growth, ceiling = sim["regional TFP growth rate"][0], sim["TFP growth ceiling"][0]
    worst = float(growth.max())
    below_ceiling = bool((growth <= ceiling + 1e-12).all())
    passed = worst < TFP_GROWTH_BOUND and below_ceiling
    return CheckResult(
        Problem("check frontier bound", share=budget_share), passed,
        Problem("highest TFP growth", growth=worst, bound=TFP_GROWTH_BOUND,
                ceiling=Problem("never above the ceiling") if below_ceiling else Problem("above the ceiling")),
        {"max_tfp_growth": worst},
    )
