"""The sensitivity and target-seeking workflows behind `innovsd.sensitivity` and `innovsd.seek`:
check inputs, sample, run, analyse, return the numbers; drawing and files are the caller's."""

from __future__ import annotations

import warnings
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import pandas as pd

from innovsd.calibration.history import load_history
from innovsd.errors import InputError
from innovsd.model import budget, fields
from innovsd.model.engine import Engine, Simulation
from innovsd.model.horizon import check_year, time_grid
from innovsd.model.parameters import ParameterSet, ParameterTable, load_parameter_set

from innovsd.model.results import ensemble_quantiles

from . import seek as seeking
from .levers import Lever, find_lever, load_levers
from . import sensitivity as sa
from .library import load_scenario, shipped_names

DEFAULT_OUTPUT = "TFP contribution to GRDP growth"
# Below these sizes the indices are noise (a one-row Sobol design gave S1 = 1.48 with conf 0).
MIN_N = {"sobol": 32, "morris": 2, "mc": 2}


def sample_memory(runs: int, factors: int, outputs: int, times: int) -> float:
    """Bytes a study holds at its peak: the design (unit and scaled copies, and the sample
    table written out), the outputs' whole series (and their concatenation from chunks)."""
    return 8.0 * runs * (3 * factors + outputs * (2 * times + 1))


def _check_size(method: str, n: int, factors: int, outputs: int, engine: Engine) -> None:
    if n < MIN_N[method]:
        raise InputError("sample too small", n=n, method=method, least=MIN_N[method], field="n")
    runs = sa.sample_size(method, n, factors)
    times = int(round((engine.final_time - engine.initial_time) / engine.saveper)) + 1
    budget.check(sample_memory(runs, factors, outputs, times), "too much memory", runs=runs, field="n")


def base_scenario(name: str | None, engine: Engine) -> tuple[str, dict, dict, dict]:
    """The named scenario, else the shipped baseline if there is one, else model defaults:
    its name, constants, lever paths and display name by language."""
    if name is None and "baseline" not in shipped_names():
        return "baseline", {}, {}, {}
    chosen = load_scenario(name or "baseline", engine)
    return chosen.name, dict(chosen.params), dict(chosen.paths), dict(chosen.title)


def set_label(pset: ParameterSet) -> str:
    return pset.label("model defaults (no calibrated set)")


@dataclass
class SensitivityStudy:
    scenario: str
    method: str
    n: int
    seed: int
    year: int
    outputs: list[str]
    parameter_set: ParameterSet
    from_posterior: bool
    factors: list
    fixed: dict[str, float]
    result: object  # scenarios.sensitivity analysis result: .indices, .X, .Y, .non_finite()
    simulation: Simulation
    title: dict[str, str] = field(default_factory=dict)  # the scenario's display name by language
    history: list = field(default_factory=list)  # calibration observations, drawn behind the fan

    def label(self, lang: str) -> str:
        return self.title.get(lang) or self.scenario

    def to_dataframe(self) -> pd.DataFrame:
        """The indices of every output, one row per parameter and output (indices.csv)."""
        return self.indices_frame()

    @property
    def indices(self) -> dict[str, pd.DataFrame]:
        return self.result.indices

    def indices_frame(self) -> pd.DataFrame:
        return pd.concat([f.reset_index().assign(output=o, year=self.year) for o, f in self.indices.items()])

    def quantiles(self) -> dict[str, pd.DataFrame]:
        return {out: ensemble_quantiles(self.simulation, out) for out in self.outputs}

    def sample_columns(self) -> list[str]:
        """The sample table's columns: the factors, then each output in the analysed year."""
        return [f.name for f in self.factors] + [f"{o} {self.year}" for o in self.outputs]

    def sample_rows(self) -> np.ndarray:
        """The sample table (sample.csv.gz): one row per run, its factor values and then its outputs."""
        return np.column_stack([self.result.X, self.result.Y])

    def summary(self) -> dict:
        return {
            "command": "sensitivity", "scenario": self.scenario, "method": self.method, "n": self.n,
            "runs": len(self.result.X), "seed": self.seed, "year": self.year, "outputs": self.outputs,
            "parameter_set": set_label(self.parameter_set),
            "factors": [{"name": f.name, "distribution": f.source, "low": f.low, "high": f.high} for f in self.factors],
            "fixed": self.fixed, "non_finite_runs": self.result.non_finite(),
        }


def sensitivity_runs(method: str, n: int, engine: Engine, scenario: str | None = None, params=None,
                     ranges: bool = False) -> int:
    """How many model runs ``sensitivity`` will make (for a progress bar)."""
    table = ParameterTable()
    pset = load_parameter_set(params, table)
    _, scenario_params, _, _ = base_scenario(scenario, engine)
    posterior = None if ranges else sa.posterior(pset)
    runs = sa.sample_size(method, n, len(sa.factors(table, exclude=list(scenario_params), posterior=posterior)))
    return runs * (2 if _is_policy(scenario, engine) else 1)  # a policy runs with its baseline


def _is_policy(scenario: str | None, engine: Engine) -> bool:
    """A scenario other than the baseline (whose effect is measured against the baseline)."""
    return scenario is not None and base_scenario(scenario, engine)[0] != "baseline" and "baseline" in shipped_names()


def sensitivity(engine: Engine, *, scenario: str | None = None, method: str = "sobol", n: int = 1024,
                year: int = 2030, outputs: list[str] | None = None, params=None, ranges: bool = False,
                seed: int = 0, progress: Callable[[int], None] | None = None,
                executor: Executor | None = None) -> SensitivityStudy:
    if method not in sa.METHODS:
        raise InputError("not one of", value=method, known=", ".join(sa.METHODS), field="method")
    if n < 1:
        raise InputError("not a positive sample size", n=n, field="n")
    fields.seed(seed)
    table = ParameterTable()
    pset = load_parameter_set(params, table)
    outputs = [engine.canonical(o, source="output") for o in (outputs or [DEFAULT_OUTPUT])]
    check_year(year, engine, field="year")
    name, scenario_params, paths, label = base_scenario(scenario, engine)
    posterior = None if ranges else sa.posterior(pset)
    if params is not None and not ranges and posterior is None:
        raise InputError("no ensemble to sample", source=str(pset.path or "params"), field="ensemble")
    factor_list = sa.factors(table, exclude=list(scenario_params), posterior=posterior)
    policy = _is_policy(scenario, engine)
    _check_size(method, n, len(factor_list), len(outputs) * (3 if policy else 1), engine)
    fixed = {**pset.values, **scenario_params}
    names = [f.name for f in factor_list]
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        model = sa.EnsembleModel(engine, names, outputs, year, fixed=fixed, paths=paths, progress=progress,
                                 executor=executor)
        if policy:
            _, base_params, base_paths, _ = base_scenario("baseline", engine)
            model = sa.PolicyDifference(model, sa.EnsembleModel(engine, names, outputs, year, fixed={
                **pset.values, **base_params}, paths=base_paths, progress=progress, executor=executor))
        result = sa.run_analysis(factor_list, model, method, n, seed, output_names=model.outputs)
    return SensitivityStudy(name, method, n, seed, year, model.outputs, pset, posterior is not None, factor_list, fixed,
                            result, model.simulation, label, load_history(None, engine))


@dataclass
class SeekStudy:
    goal: seeking.Target
    lever: Lever
    year: int
    scenario: str
    probability: float | None
    parameter_set: ParameterSet
    result: seeking.SeekResult
    level: float  # the answer, or the top of the range when out of reach
    baseline: Simulation
    with_lever: Simulation
    title: dict[str, str] = field(default_factory=dict)  # the scenario's display name by language
    response: pd.DataFrame | None = None  # level -> p5, p50, p95 of the target's measure over the ensemble

    def label(self, lang: str) -> str:
        return self.title.get(lang) or self.scenario

    def to_dataframe(self) -> pd.DataFrame:
        """The levels tried and what each gave (search.csv)."""
        return self.search_frame()

    def search_frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.result.evaluated, columns=["level", "share_met" if self.probability else "value"])

    def indicator_frame(self) -> pd.DataFrame:
        return pd.concat({"baseline": ensemble_quantiles(self.baseline, self.goal.indicator),
                          "with_lever": ensemble_quantiles(self.with_lever, self.goal.indicator)}, names=["run"])

    def summary(self) -> dict:
        r, goal, lever = self.result, self.goal, self.lever
        return {
            "command": "seek", "target": goal.id, "indicator": goal.indicator, "threshold": goal.low, "year": self.year,
            "lever": lever.variable, "lever_range": [lever.low, lever.high], "unit": lever.unit,
            "scenario": self.scenario, "probability": self.probability, "members": r.members,
            "parameter_set": set_label(self.parameter_set), "reached": r.reached, "answer": r.answer,
            "at_answer": r.at_answer, "at_top_of_range": r.at_top, "at_bottom_of_range": r.at_bottom,
            "measure": "share of members meeting it" if self.probability else goal.indicator,
        }


def seek_runs(probability: float | None, params=None) -> int:
    """How many member-runs ``seek`` makes at most (for a progress bar)."""
    if probability is None:
        return 4 * seeking.GRID
    pset = load_parameter_set(params, ParameterTable())
    members = sa.posterior_members(pset)
    return 4 * seeking.GRID * (len(next(iter(members.values()))) if members else 1)


def seek(engine: Engine, *, target: str, by: int | None = None, lever: str = "budget", scenario: str | None = None,
         probability: float | None = None, params=None, progress: Callable[[int], None] | None = None,
         executor: Executor | None = None) -> SeekStudy:
    table = ParameterTable()
    pset = load_parameter_set(params, table)
    chosen_lever = find_lever(load_levers(engine, table), lever)
    goal = seeking.parse_target(target, engine, by)
    year = by or goal.year
    name, scenario_params, paths, label = base_scenario(scenario, engine)
    scenario_params.pop(chosen_lever.variable, None)
    members = None
    if probability is not None:
        if not 0 < probability <= 1:
            raise InputError("not a probability", probability=probability, field="probability")
        members = {k: v for k, v in sa.posterior_members(pset).items() if k not in scenario_params}
        # Each pass runs every draw at every level, with a lever path (or a constant) per run.
        size = len(next(iter(members.values()))) if members else 1
        budget.check(16.0 * size * seeking.GRID * (len(time_grid(engine)) + len(members) + 4), "ensemble memory",
                     members=size, runs=seeking.GRID, source=set_label(pset))
    fixed = {**pset.values, **scenario_params}
    seeker = seeking.Seeker(engine, chosen_lever, goal, year, fixed=fixed, paths=paths, members=members,
                            progress=progress, executor=executor)
    result = seeking.seek(seeker, probability)
    level = result.answer if result.reached else chosen_lever.high
    baseline = seeker.baseline([goal.indicator])
    with_lever = seeker.simulate(np.array([level]), [goal.indicator])
    spread = {k: v for k, v in sa.posterior_members(pset).items() if k not in scenario_params} \
        if pset.ensemble_size else {}
    response = response_band(seeking.Seeker(engine, chosen_lever, goal, year, fixed=fixed, paths=paths, members=spread,
                                            executor=executor)) if spread else None
    return SeekStudy(goal, chosen_lever, year, name, probability, pset, result, level, baseline, with_lever, label,
                     response)


RESPONSE_LEVELS = 9  # lever levels at which the ensemble's spread is drawn


def response_band(seeker: seeking.Seeker) -> pd.DataFrame:
    """The target's measure (level, or growth) at evenly spaced lever levels: 5, 50 and 95 % of
    the members, for the response curve's uncertainty band."""
    lever = seeker.lever
    levels = np.linspace(lever.low, lever.high, RESPONSE_LEVELS)
    sim = seeker.simulate(levels, [seeker.target.indicator], seeker.save_years)
    values = seeker.target.value(sim, seeker.year).reshape(seeker.n_members, len(levels))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a level where no member is finite stays NaN
        p5, p50, p95 = np.nanpercentile(values, (5, 50, 95), axis=0)
    return pd.DataFrame({"level": levels, "p5": p5, "p50": p50, "p95": p95})
