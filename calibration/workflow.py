"""The calibration and fit workflows behind `innovsd.calibrate` and `innovsd.fit`: read and
check inputs, run, and return results; printing and files are the caller's."""

from __future__ import annotations

from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from innovsd.errors import InputError
from innovsd.model import budget, fields
from innovsd.model.engine import Engine
from innovsd.model.horizon import time_grid
from innovsd.model.parameters import ParameterSet, ParameterTable, load_parameter_set
from innovsd.model.structures import structure as structure_named, structures
from innovsd.resources import SHIPPED, file_sha256, portable_path, recorded_path
from innovsd.tables import named_path

from . import calibrate as calib
from . import fit as fitting
from . import posterior
from .history import (HISTORY_FILE, PRIORS_FILE, Observation, load_history, load_output_priors, save_grid,
                      simulate_observations)
from .payoff import Problem

DEFAULTS = calib.Settings()


@dataclass
class CalibrationResult:
    parameter_set: ParameterSet
    result: calib.Result
    rows: list[fitting.FitRow]
    stats: list[dict]
    identification: list[dict]
    data_file: Path
    priors_file: Path

    def to_dataframe(self):
        """One row per calibrated parameter: fitted value, bounds, prior, posterior 5/50/95 %,
        identification figures and flags (identification.csv)."""
        import pandas as pd

        return pd.DataFrame([{**row, "flags": "; ".join(row["flags"])} for row in self.identification])


def calibrate(engine: Engine, *, data=None, priors=None, until: int | None = None, seed: int = DEFAULTS.seed,
              chains: int = DEFAULTS.chains, steps: int = DEFAULTS.steps, ess: int = DEFAULTS.ess,
              generations: int = DEFAULTS.maxiter,
              on_generation: Callable[[int, float], None] | None = None,
              on_step: Callable[[int], None] | None = None, command: str = "",
              executor: Executor | None = None, structure: str | None = None) -> CalibrationResult:
    """Fit, sample the posterior and judge the fit; ``command`` is how the caller asked for it (the
    parameter set's provenance records it, so the set can be made again). ``structure`` names the
    S&T -> TFP form fitted (model/structures.csv; None: the first, the model's default)."""
    if generations < 1:
        raise InputError("generations", generations=generations, field="generations")
    if steps < 0 or ess < 1:
        raise InputError("steps and ess", steps=steps, ess=ess, field="steps/ess")
    fields.seed(seed)
    if steps > 0 and chains < 2:
        raise InputError("too few chains", chains=chains, field="chains")
    if steps > 0 and ess > chains * steps:
        raise InputError("ess beyond draws", ess=ess, chains=chains, steps=steps, field="ess")
    table = ParameterTable()
    data_file = Path(data) if data is not None else HISTORY_FILE
    observations = load_history(data_file, engine)
    used = fitting.in_sample(observations, until)
    if not used:
        raise InputError("no observation until", until=until, source=str(data_file), field="until")
    priors_file = Path(priors) if priors is not None else PRIORS_FILE
    # A backtest may not lean on anything about later years, priors included.
    output_priors = [p for p in load_output_priors(priors_file, engine) if until is None or p.observation.end <= until]
    chosen = structure_named(structure) if structure is not None else structures()[0]
    problem = Problem(engine, used, table.calibrated(), output_priors, executor, dict(chosen.settings))
    if steps > 0 and chains < 2:
        raise InputError("too few chains", chains=chains, field="chains")
    settings = calib.Settings(seed=seed, maxiter=generations, chains=chains, steps=steps, ess=ess)
    budget.check(calib.memory_need(settings, problem), "calibration memory", chains=chains, steps=steps,
                 field="chains" if chains != DEFAULTS.chains else "steps")  # the option the user raised
    result = calib.calibrate(problem, settings, on_generation=on_generation, on_step=on_step)

    theta = dict(zip(problem.names, result.theta))
    rows = fitting.fit_rows(observations, simulate_observations(engine, observations, {**problem.fixed, **theta})[0], until)
    stats = fitting.series_statistics(rows)
    ident = calib.identification(problem, result.theta, result.ensemble, result.diagnostics)
    parameter_set = calib.parameter_set(
        problem, result, settings, data_file=data_file, priors_file=priors_file, until=until, table_file=table.path,
        command=command, structure=chosen.name,
        fit=fitting.summary(problem, result.theta, rows, stats),
    )
    parameter_set.provenance["identification"] = ident
    return CalibrationResult(parameter_set, result, rows, stats, ident, data_file, priors_file)


@dataclass
class FitReport:
    parameter_set: ParameterSet
    observations: list[Observation]
    data_file: Path
    rows: list[fitting.FitRow]
    stats: list[dict]
    until: int | None
    times: np.ndarray
    best: dict[str, np.ndarray]
    band: dict[str, tuple[np.ndarray, np.ndarray]] | None
    notes: list[str] = field(default_factory=list)

    def to_dataframe(self):
        """The ``table()``: one row per observation."""
        return self.table()

    def table(self):
        """Per observation: observed, point prediction, error, 90 % predictive interval (from the
        posterior draws plus measurement error; empty without draws), inside it, in or out of sample."""
        import pandas as pd

        return pd.DataFrame([{
            "variable": r.observation.variable, "kind": r.observation.kind, "start": r.observation.start,
            "end": r.observation.end, "observed": r.observation.value, "simulated": r.simulated,
            "error": r.error, "relative_error_percent": r.relative_error,
            "predictive_5": r.low, "predictive_95": r.high, "inside_90": r.inside,
            "predictive_width": r.width, "relative_width_percent": None if r.low is None else 100 * r.relative_width,
            "informative": r.informative, "in_sample": r.in_sample,
        } for r in self.rows])

    def out_of_sample(self) -> dict | None:
        """Coverage of the 90 % predictive intervals, their mean width (percent of the observed
        value), how many are too wide to tell anything, and the mean error (point - observed) of
        the rows the set was not fitted on, per series; None when all were fitted."""
        later = [r for r in self.rows if not r.in_sample]
        if not later:
            return None
        summary = {}
        for variable in dict.fromkeys(r.observation.variable for r in later):
            mine = [r for r in later if r.observation.variable == variable]
            judged = [r for r in mine if r.inside is not None]
            summary[variable] = {"n": len(mine), "mean_error": float(np.mean([r.error for r in mine])),
                                 "coverage_90": float(np.mean([r.inside for r in judged])) if judged else None,
                                 "mean_width_percent": float(np.mean([100 * r.relative_width for r in judged]))
                                 if judged else None,
                                 "too_wide": sum(not r.informative for r in judged)}
        return summary


def recorded_data_file(parameter_set: ParameterSet) -> Path | None:
    """The history file a parameter set was fitted on, if its provenance names one that exists:
    shipped data by its place in the package, any other file relative to the set's own folder
    (never an absolute path, never outside the folders innovsd reads)."""
    text = parameter_set.provenance.get("data_file")
    if not text:
        return None
    if text.replace("\\", "/").partition("/")[0] in SHIPPED:
        path = recorded_path(text)
    elif parameter_set.path is not None:
        path = named_path(text, parameter_set.path, field="provenance.data_file")
    else:
        return None
    return path if path.is_file() else None


def fit(engine: Engine, *, params=None, data=None) -> FitReport:
    """Judge a parameter set on the history it was fitted on, unless ``data`` names another
    file; a note says when the file or its content differs from the one recorded."""
    table = ParameterTable()
    parameter_set = load_parameter_set(params, table)
    notes = []
    recorded = recorded_data_file(parameter_set)
    data_file = Path(data) if data is not None else (recorded or HISTORY_FILE)
    expected_sha = parameter_set.provenance.get("data_sha256")
    if parameter_set.provenance.get("data_file") and recorded is None and data is None:
        notes.append(f"the history file this set was fitted on ({parameter_set.provenance['data_file']}) is not "
                     f"here; judging it on {portable_path(data_file)}")
    elif expected_sha and data_file.is_file() and file_sha256(data_file) != expected_sha:
        notes.append(f"{portable_path(data_file)} differs from the history this set was fitted on (data_sha256)")
    expected = parameter_set.provenance.get("model_sha256")
    if expected and expected != file_sha256(engine.mdl_path):
        notes.append("the model file changed since this set was calibrated (model_sha256 differs)")

    observations = load_history(data_file, engine)
    until = parameter_set.provenance.get("until")
    values = parameter_set.values
    variables = list(dict.fromkeys(o.variable for o in observations))
    # Every draw's run saved at every time step (the observations' periods), then yearly (the band).
    fine = len(save_grid(engine, observations))
    budget.check(budget.run_bytes(parameter_set.ensemble_size, len(variables), fine + len(time_grid(engine, step=1.0)))
                 * 2 + 24.0 * parameter_set.ensemble_size * len(observations), "ensemble memory",
                 members=parameter_set.ensemble_size, runs=1, source=parameter_set.label())
    intervals = None
    if parameter_set.ensemble:
        members = {**values, **parameter_set.ensemble_arrays()}
        intervals = posterior.predictive(observations, simulate_observations(engine, observations, members))
    rows = fitting.fit_rows(observations, simulate_observations(engine, observations, values)[0], until, intervals)
    stats = fitting.series_statistics(rows)
    sim = engine.run(values, outputs=variables)
    best = {v: sim.values[v][0] for v in variables}
    band = None
    if parameter_set.ensemble:
        draws = engine.run_ensemble(parameter_set.ensemble_arrays(), outputs=variables, fixed=values)
        band = {v: tuple(np.percentile(draws.values[v], posterior.PREDICTIVE_LEVELS, axis=0)) for v in variables}
    return FitReport(parameter_set, observations, data_file, rows, stats, until, sim.times, best, band, notes)
