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
from innovsd.resources import data_file

EXTREME_CONDITIONS = data_file("innovsd.model", "extreme_conditions.csv")
INTEGRATION_TOLERANCE = 0.01  # halving the time step may change results by less than 1%
BALANCE_TOLERANCE = 1e-9  # relative: Euler bookkeeping is exact up to rounding


@dataclass
class CheckResult:
    name: str
    passed: bool
    detail: str
    figures: dict = field(default_factory=dict)
    # Advisory checks (distance to history) warn instead of failing: sparse, partly
    # contradictory data should inform the modeller, not block the command.
    advisory: bool = False

    @property
    def status(self) -> str:
        return "pass" if self.passed else ("warn" if self.advisory else "fail")


def stock_flows(mdl_path: Path) -> dict[str, list[tuple[int, str]]]:
    """Each stock's flows with their signs, from its INTEG equation (pysd's parser)."""
    return structure(Path(mdl_path)).stock_flows


def check_units(engine: Engine) -> CheckResult:
    missing_units = [v.name for v in engine.variables.values() if v.name != "Time" and not v.units]
    missing_doc = [v.name for v in engine.variables.values() if v.name != "Time" and not v.doc]
    passed = not missing_units and not missing_doc
    detail = f"{len(engine.variables) - 1} variables all have units and documentation" if passed else (
        f"no units: {', '.join(missing_units) or '-'}; no documentation: {', '.join(missing_doc) or '-'}"
    )
    return CheckResult("units and documentation present", passed, detail,
                       {"variables": len(engine.variables) - 1, "missing": len(missing_units) + len(missing_doc)})


def check_dimensions(mdl_path: Path) -> CheckResult:
    """Dimensional consistency of every equation, by Simlin's unit inference (an independent engine
    that reads the same .mdl), not just the presence of units."""
    import simlin

    messages = [error.message for error in simlin.load(str(mdl_path)).project.get_errors()]
    detail = ("Simlin's unit checker: every equation's units match its declared units" if not messages
              else f"{len(messages)} problem(s); first: {messages[0].splitlines()[0]}")
    return CheckResult("dimensional consistency", not messages, detail, {"problems": len(messages)})


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
        sim = engine.run(params, paths)
        negative = [s for s in engine.stocks if (sim[s] < -1e-9).any()]
        not_finite = [k for k, v in sim.values.items() if not np.isfinite(v).all()]
        unmet = [e for e in _expectations(condition.get("expect", "")) if not _met(sim, *e)]
        passed = not negative and not not_finite and not unmet
        tfp = float(sim.at("TFP contribution to GRDP growth", 2030)[0])
        growth = float(sim.at("TFP growth rate", 2030)[0])
        detail = (f"no negative stock, all finite, expectations met ({condition.get('expect') or '-'}); "
                  f"TFP growth 2030 = {growth:.2%}/yr, TFP contribution 2030 = {tfp:.1f}%" if passed else
                  f"negative: {', '.join(negative) or '-'}; not finite: {', '.join(not_finite) or '-'}; "
                  f"expectations not met: {'; '.join(f'{n}@{y:g}{op}{v:g}' for n, y, op, v in unmet) or '-'}")
        results.append(CheckResult(f"extreme: {condition['name']}", passed, detail, {"tfp_2030": tfp, "tfp_growth_2030": growth}))
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
        "integration error (time step halved)", passed,
        f"largest change {worst:.3%} ({worst_name}) at dt={engine.time_step:g} vs {engine.time_step / 2:g}",
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
        level = sim[stock][0]
        net = sum(sign * sim[flow][0][:-1] for sign, flow in terms)
        accumulated = level[0] + np.concatenate([[0.0], np.cumsum(net * dt)])
        scale = max(np.abs(level).max(), 1e-12)
        error = float(np.abs(accumulated - level).max() / scale)
        results.append(CheckResult(
            f"mass balance: {stock}", error < BALANCE_TOLERANCE,
            f"max |stock - (initial + inflows - outflows)| = {error:.1e} of its scale",
            {"relative_error": error, "flows": len(terms)},
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
POLICY_OUTPUTS = ["TFP growth rate", "research intensity", "GRDP", "city ST outlays"]


def _window(sim: Simulation, name: str, years: tuple[int, int]) -> np.ndarray:
    idx = [sim.index_of(y) for y in range(years[0], years[1] + 1)]
    return sim[name][0, idx]


def check_policy_returns(engine: Engine, params: dict[str, float],
                         scenarios: list[tuple[str, dict, dict]]) -> list[CheckResult]:
    """For each policy scenario (name, constants, lever paths) against the baseline (the first
    one): implied social return = extra TFP growth / extra effective R&D as a share of GRDP,
    summed over 2026-2035; multiplier = extra real GRDP / extra city S&T outlays 2026-2030."""
    runs = []
    for name, scenario_params, paths in scenarios:
        merged = dict(params)
        merged.update(scenario_params)
        runs.append((name, engine.run(merged, paths, POLICY_OUTPUTS)))
    (_, base), results = runs[0], []
    for name, sim in runs[1:]:
        extra_growth = (_window(sim, "TFP growth rate", RETURN_YEARS) - _window(base, "TFP growth rate", RETURN_YEARS)).sum()
        extra_rd = ((_window(sim, "research intensity", RETURN_YEARS) - _window(base, "research intensity", RETURN_YEARS)) / 100).sum()
        extra_grdp = (_window(sim, "GRDP", MULTIPLIER_YEARS) - _window(base, "GRDP", MULTIPLIER_YEARS)).sum()
        extra_cost = (_window(sim, "city ST outlays", MULTIPLIER_YEARS) - _window(base, "city ST outlays", MULTIPLIER_YEARS)).sum()
        implied = extra_growth / extra_rd if abs(extra_rd) > 1e-12 else float("nan")
        multiplier = extra_grdp / extra_cost if abs(extra_cost) > 1e-9 else float("nan")
        passed = bool(RETURN_RANGE[0] <= implied <= RETURN_RANGE[1])
        results.append(CheckResult(
            f"implied return to R&D: {name}", passed,
            f"implied social return {implied:.0%}/yr (literature {RETURN_RANGE[0]:.0%}-{RETURN_RANGE[1]:.0%}); "
            f"multiplier {multiplier:.2f} (extra real GRDP {extra_grdp:,.0f} / extra city S&T outlays "
            f"{extra_cost:,.0f} bn VND, {MULTIPLIER_YEARS[0]}-{MULTIPLIER_YEARS[1]})",
            {"implied_return": implied, "multiplier": multiplier, "extra_grdp": extra_grdp, "extra_cost": extra_cost},
        ))
    return results


def check_frontier_bound(engine: Engine, params: dict[str, float], budget_share: float = 10.0) -> CheckResult:
    """Under a 10 % S&T budget floor from 2026, TFP growth stays below the stated bound and
    below the model's own ceiling (absorption at full capacity)."""
    paths = {"ST budget share policy": ([engine.initial_time, 2025, 2026, engine.final_time],
                                        np.array([0.0, 0.0, budget_share, budget_share]))}
    sim = engine.run(params, paths, ["TFP growth rate", "TFP growth ceiling"])
    growth, ceiling = sim["TFP growth rate"][0], sim["TFP growth ceiling"][0]
    worst = float(growth.max())
    passed = worst < TFP_GROWTH_BOUND and bool((growth <= ceiling + 1e-12).all())
    return CheckResult(
        f"frontier bound under a {budget_share:g}% S&T budget", passed,
        f"highest TFP growth {worst:.2%}/yr (bound {TFP_GROWTH_BOUND:.0%}/yr; never above the model's ceiling: "
        f"{bool((growth <= ceiling + 1e-12).all())})",
        {"max_tfp_growth": worst},
    )
