"""The model's own validity checks, as `innovsd check` runs them.

Each check returns a CheckResult; the extreme-condition settings live in
model/extreme_conditions.csv so that the check says what it tests in data, not in code.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .engine import Engine, Simulation
from .mdl import structure
from innovsd.tables import data_file

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


def _load_conditions(path: Path = EXTREME_CONDITIONS) -> list[dict]:
    with Path(path).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def check_extremes(engine: Engine, base: dict[str, float]) -> list[CheckResult]:
    """Under each extreme input no stock goes negative and nothing becomes NaN or infinite."""
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
        passed = not negative and not not_finite
        tfp = float(sim.at("TFP contribution to GRDP growth", 2030)[0])
        detail = (f"no negative stock, all finite; TFP contribution 2030 = {tfp:.1f}%" if passed
                  else f"negative: {', '.join(negative) or '-'}; not finite: {', '.join(not_finite) or '-'}")
        results.append(CheckResult(f"extreme: {condition['name']}", passed, detail, {"tfp_2030": tfp}))
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
    grid = np.arange(engine.initial_time, engine.final_time + dt / 2, dt)
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
