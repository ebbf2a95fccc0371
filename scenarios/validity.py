"""The model's validity checks as `innovsd check` runs them: the model's own (model/checks.py) plus
the distance of a run to every history observation and each shipped policy's implied return to R&D,
which need the history and the scenarios."""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from innovsd.calibration.history import load_history, simulated
from innovsd.errors import InputWarning, Problem
from innovsd.model import checks
from innovsd.model.engine import Engine
from innovsd.model.horizon import DISPLAY_END, time_grid
from innovsd.model.parameters import ParameterTable, ParamsLike, load_parameter_set
from innovsd.model.structures import structures
from innovsd.tables import csv_rows

from .levers import LEVERS_FILE
from .library import load_scenarios

if TYPE_CHECKING:
    import pandas as pd

HISTORY_TOLERANCE = 0.25  # a default run this far (relative) from an observation needs attention


def history_distances(engine: Engine, values: dict[str, float]) -> list[checks.CheckResult]:
    """How far the run is from every observation in the history file."""
    observations = load_history(None, engine)
    grid = time_grid(engine)
    sim = engine.run(values, outputs=sorted({o.variable for o in observations}), save_years=grid)
    results = []
    for o, value in zip(observations, simulated(observations, sim)[0]):
        error = (value - o.value) / o.value
        results.append(checks.CheckResult(
            Problem("check history", observation=o.label), abs(error) <= HISTORY_TOLERANCE,
            Problem("observed and simulated", observed=o.value, unit=o.unit, simulated=float(value), error=float(error),
                    document=o.source),
            {"observed": o.value, "simulated": float(value), "relative_error": float(error)},
            advisory=True,
        ))
    return results


@dataclass
class CheckReport:
    """Every check with its status (pass, warn: advisory, fail) and detail; ``notes``: checks that
    could not run here (unit checking without the optional Simlin)."""

    results: list[checks.CheckResult]
    notes: list[Problem] = field(default_factory=list)
    history_tolerance: float = HISTORY_TOLERANCE  # relative distance above which a history check warns

    def with_status(self, status: str) -> list[checks.CheckResult]:
        return [r for r in self.results if r.status == status]

    def records(self) -> list[dict]:
        """One dict per check: name, passed, detail, figures, advisory, status (what --json prints)."""
        return [r.record() for r in self.results]

    def to_dataframe(self) -> "pd.DataFrame":
        import pandas as pd

        return pd.DataFrame([{"name": r.name, "status": r.status, "detail": r.detail} for r in self.results])


def check(engine: Engine, params: ParamsLike = None) -> CheckReport:
    """The validity checks of ``validity_checks`` as a report."""
    results = validity_checks(engine, params)
    skipped = [] if any(r.title.key == "check dimensions" for r in results) else [Problem("no unit checking")]
    return CheckReport(results, notes=skipped)


def validity_checks(engine: Engine, params: ParamsLike = None) -> list[checks.CheckResult]:
    """Units, extreme conditions, integration error, mass balance, distance to every observation,
    the frontier bound and each shipped policy's implied return to R&D and multiplier."""
    table = ParameterTable()
    values = load_parameter_set(params, table).values
    results = [checks.check_units(engine)] + list(filter(None, [checks.check_dimensions(engine.mdl_path)]))
    results += checks.check_extremes(engine, values)
    results.append(checks.check_integration(engine, values))
    results += checks.check_mass_balance(engine, values)
    results += history_distances(engine, values)
    results.append(checks.check_frontier_bound(engine, values))
    results += checks.check_policy_returns(engine, values, policy_runs(engine, table))
    return results + lever_monotonicity(engine, values, table) + structure_checks(engine, params, values, table)


def structure_checks(engine: Engine, params: ParamsLike, values: dict[str, float],
                     table: ParameterTable) -> list[checks.CheckResult]:
    """The causal checks (returns to R&D, multipliers, monotone levers) under every other S&T -> TFP
    structure of model/structures.csv, each with its own calibrated set (or ``params`` with its switch)."""
    from .structures import structure_set

    results = []
    for other in structures():
        if all(values.get(k, engine.constants.get(k)) == v for k, v in other.settings.items()):
            continue  # the structure the checks above ran
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", InputWarning)  # a structure without its set: said in the title
            pset, calibrated = structure_set(other, params, table)
        found = checks.check_policy_returns(engine, pset.values, policy_runs(engine, table))
        found += lever_monotonicity(engine, pset.values, table)
        label = other.name if calibrated or params is not None else Problem("structure defaults", name=other.name)
        results += [checks.CheckResult(Problem("check under structure", structure=label, check=r.title), r.passed,
                                       r.finding, {**r.figures, "structure": other.name}, r.advisory) for r in found]
    return results


def lever_kinds(engine: Engine) -> tuple[set[str], set[str], set[str]]:
    """The model names of the levers (levers.csv) that move research money (``research``), of the
    others, and of those the city pays for (a ``cost_variable``; not the investment ratio)."""
    research, other, costed = set(), set(), set()
    for _, where, row in csv_rows(LEVERS_FILE, ("variable", "research", "cost_variable")):
        name = engine.canonical(row["variable"], source=where)
        (research if row["research"].strip() == "yes" else other).add(name)
        if row["cost_variable"].strip():
            costed.add(name)
    return research, other, costed


def policy_runs(engine: Engine, table: ParameterTable) -> list[tuple[str, dict, dict, bool, bool]]:
    """Baseline first, then every shipped policy scenario: (name, constants, lever paths, whether it
    sets research levers only: its implied return to R&D is then checked, whether it sets a lever
    the city pays for: its multiplier is then checked)."""
    scenarios = load_scenarios(None, engine, table)
    ordered = sorted(scenarios, key=lambda s: s.name != "baseline")
    research, other, costed = lever_kinds(engine)
    runs = []
    for s in ordered:
        moved = set(s.levers) | set(s.params)
        runs.append((s.name, s.params, s.paths, bool(moved & research) and not moved & other, bool(moved & costed)))
    return runs


MONOTONE_LEVELS = 4  # levels of each lever from the bottom to the top of its range
MONOTONE_TOLERANCE = 1e-9  # relative: a fall this small is rounding


def lever_monotonicity(engine: Engine, values: dict[str, float], table: ParameterTable,
                       year: int = 2030) -> list[checks.CheckResult]:
    """More of any lever never gives less TFP: each lever (scenarios/levers.csv) at evenly spaced
    levels over its range, ramped to the level by ``year`` as seek does, in one batched run; every
    region's TFP level at every time from the policy start to the display horizon (2035, the
    policy analysis' horizon) must not fall from one level to the next. The largest fall up to the
    final time is reported beside it."""
    from .compare import elements
    from .levers import load_levers
    from .seek import POLICY_START, Seeker
    from .targets import Target

    outputs = elements(engine, "TFP level")
    probe = Target("monotone", outputs[0], "level", None, year, 0.0, None, "", {"en": "", "vi": ""}, "", "", "")
    start = values.get(POLICY_START, engine.constants[POLICY_START])
    results = []
    for lever in load_levers(engine, table).values():
        levels = np.linspace(lever.low, lever.high, MONOTONE_LEVELS)
        sim = Seeker(engine, lever, probe, year, fixed=values).simulate(levels, outputs)
        falls = {}
        for label, window in (("horizon", (sim.times >= start) & (sim.times <= DISPLAY_END)), ("final", sim.times >= start)):
            tfp = np.stack([sim[name][:, window] for name in outputs])  # (regions, levels, times)
            falls[label] = max(0.0, float(np.max((tfp[:, :-1] - tfp[:, 1:]) / np.abs(tfp[:, 1:]))))
        results.append(checks.CheckResult(
            Problem("check monotone", lever=lever.id), falls["horizon"] <= MONOTONE_TOLERANCE,
            Problem("monotone finding", levels=MONOTONE_LEVELS, low=lever.low, high=lever.high, fall=falls["horizon"],
                    last=DISPLAY_END, final=falls["final"], final_year=engine.final_time),
            {"largest_fall": falls["horizon"], "largest_fall_to_final_time": falls["final"], "levels": levels.tolist()},
        ))
    return results
