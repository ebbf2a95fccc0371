"""Run scenarios side by side and score them against the 2030 targets.

Each scenario runs once with the parameter set's values (the central line) and, where the
set carries an ensemble of calibrated draws, once more over the whole ensemble in one batched
pass (the uncertainty band and the probability of meeting each target).
"""

from __future__ import annotations

import math
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

import numpy as np
import pandas as pd

from innovsd.model.engine import Engine, Simulation
from innovsd.model.chunks import engine_of
from innovsd.errors import InputError
from innovsd.model.indicator_table import indicators
from innovsd.model.parameters import ParameterSet

from .batches import percentiles
from .library import Scenario
from .targets import Target, target_probability

if TYPE_CHECKING:
    import xarray as xr

BAND = (5, 95)  # percentiles of the uncertainty band
STATISTICS = ("central", f"p{BAND[0]}", f"p{BAND[1]}")  # of each scenario in the comparison's Dataset


@dataclass
class Comparison:
    scenarios: list[Scenario]
    central: dict[str, Simulation]  # scenario -> one-member run
    ensemble: dict[str, Simulation] = field(default_factory=dict)  # scenario -> all members (may be empty)
    baseline: Simulation | None = None  # reference for "difference to baseline"

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.scenarios]

    @property
    def ensemble_size(self) -> int:
        return next(iter(self.ensemble.values())).n_members if self.ensemble else 0


def output_variables(engine: Engine, targets: list[Target]) -> list[str]:
    """What a comparison saves: every indicator with a display name, the targets' indicators, the levers."""
    names = [v for v in indicators() if v in engine.variables]
    names += [t.indicator for t in targets] + list(engine.levers)
    return list(dict.fromkeys(names))


def _scenario_runs(engine: Engine | str, values: dict, paths: dict, outputs: list[str], draws: dict):
    """One scenario's central run and (with draws) its ensemble run; on a worker, ``engine`` is the
    model file's path."""
    engine = engine_of(engine)
    central = engine.run(values, paths, outputs)
    return central, engine.run_ensemble(draws, paths=paths, outputs=outputs, fixed=values) if draws else None


def run_comparison(
    engine: Engine,
    scenarios: list[Scenario],
    parameter_set: ParameterSet,
    outputs: list[str],
    baseline: Scenario | None = None,
    progress: Callable[[int], None] | None = None,
    executor: Executor | None = None,
) -> Comparison:
    """Central run of every scenario, plus ensemble runs when the parameter set has draws; each
    scenario one job on ``executor`` when given."""
    central, ensemble = {}, {}
    samples = parameter_set.ensemble_arrays()
    jobs = []
    for scenario in scenarios:
        values = {**parameter_set.values, **scenario.params}
        # A scenario's own settings win over the calibrated draws of the same constant.
        draws = {k: v for k, v in samples.items() if k not in scenario.params}
        if samples and not draws:
            raise InputError("sets every varied constant", source=str(scenario.file))
        jobs.append((values, dict(scenario.paths), outputs, draws))
    pending = [executor.submit(_scenario_runs, str(engine.mdl_path), *job) for job in jobs] if executor else jobs
    for scenario, job in zip(scenarios, pending):
        runs = job.result() if executor else _scenario_runs(engine, *job)
        central[scenario.name] = runs[0]
        if runs[1] is not None:
            ensemble[scenario.name] = runs[1]
        if progress:
            progress(1)
    reference = central.get("baseline")
    if reference is None and baseline is not None:
        reference = engine.run({**parameter_set.values, **baseline.params}, baseline.paths, outputs)
    return Comparison(scenarios, central, ensemble, reference)


# -- scoring -----------------------------------------------------------------------------
def target_value(target: Target, sim: Simulation, year: int) -> np.ndarray:
    """The target's measure per member; NaN for a growth target before its base year."""
    if target.kind == "growth" and year <= target.start:
        return np.full(sim.n_members, np.nan)
    return target.value(sim, year)


def first_year_met(target: Target, sim: Simulation, since: float | None = None) -> int | None:
    """First saved year from ``since`` (the first policy year: a target is not "met" in the
    history the model reproduces) in which the central run meets the target (growth: after the
    base year)."""
    for year in sim.times:
        if (since is not None and year < since) or (target.kind == "growth" and year <= target.start):
            continue
        value = target_value(target, sim, int(year))[0]
        if np.isfinite(value) and target.met(value):
            return int(year)
    return None


@dataclass
class Score:
    value: float
    met: bool | None  # None when the value is not defined
    vs_baseline: float | None
    probability: float | None  # share of ensemble members meeting the target
    first_year: int | None
    band: tuple[float, float] | None = None


def scorecard(comparison: Comparison, targets: list[Target], year: int,
              since: float | None = None) -> dict[str, dict[str, Score]]:
    """target id -> scenario -> Score in ``year``; first years counted from ``since``."""
    card: dict[str, dict[str, Score]] = {}
    for target in targets:
        row = {}
        reference = target_value(target, comparison.baseline, year)[0] if comparison.baseline else math.nan
        for name in comparison.names:
            sim = comparison.central[name]
            value = float(target_value(target, sim, year)[0])
            defined = math.isfinite(value)
            probability = band = None
            if name in comparison.ensemble and defined:
                members = comparison.ensemble[name]
                probability = target_probability(members, target, year)
                band = tuple(float(x) for x in np.nanpercentile(target_value(target, members, year), BAND))
            row[name] = Score(
                value=value,
                met=bool(target.met(value)) if defined else None,
                vs_baseline=value - reference if defined and math.isfinite(reference) else None,
                probability=probability,
                first_year=first_year_met(target, sim, since),
                band=band,
            )
        card[target.id] = row
    return card


# -- the comparison as labelled arrays, and as a table -----------------------------------
def comparison_dataset(comparison: Comparison, engine: Engine, attrs: dict | None = None) -> "xr.Dataset":
    """One variable per saved output, dims scenario × statistic × time: the central run, and the
    5 and 95 % of the ensemble (NaN where none ran). The baseline the comparison measures against
    is there even when it is not compared itself (coordinate ``compared``)."""
    import xarray as xr

    names = comparison.names
    extra = ["baseline"] if comparison.baseline is not None and "baseline" not in names else []
    times = comparison.central[names[0]].times
    data = {}
    for variable in comparison.central[names[0]].values:
        cube = np.full((len(names) + len(extra), len(STATISTICS), len(times)), np.nan)
        for i, name in enumerate(names):
            cube[i, 0] = comparison.central[name].values[variable][0]
            if name in comparison.ensemble:
                # As model.results.ensemble_quantiles: a member's non-finite value is left out.
                members = comparison.ensemble[name].values[variable]
                cube[i, 1], cube[i, 2] = percentiles(np.where(np.isfinite(members), members, np.nan), BAND, axis=0)
        if extra:
            cube[-1, 0] = comparison.baseline.values[variable][0]
        described = engine.variables[variable]
        data[variable] = xr.Variable(("scenario", "statistic", "time"), cube,
                                     {"units": described.units, "description": described.doc})
    coords = {"scenario": names + extra, "statistic": list(STATISTICS), "time": ("time", times, {"units": "year"}),
              "compared": ("scenario", [True] * len(names) + [False] * len(extra))}
    return xr.Dataset(data, coords=coords, attrs={"ensemble_members": comparison.ensemble_size, **(attrs or {})})


def results_frame(dataset: "xr.Dataset") -> pd.DataFrame:
    """scenario, variable, year, value (central run) [, p5, p95 where an ensemble ran], for the
    compared scenarios: what results.csv holds."""
    compared = np.flatnonzero(dataset["compared"].values)
    names, variables = dataset["scenario"].values[compared], list(dataset.data_vars)
    years = dataset["time"].values.astype(int)
    # One array scenario × variable × statistic × time, read once from the Dataset (not per cell).
    cube = np.stack([dataset[v].transpose("scenario", "statistic", "time").values[compared] for v in variables], axis=1)
    statistics = list(dataset["statistic"].values)
    rows = len(names) * len(variables) * len(years)
    frame = pd.DataFrame({"scenario": np.repeat([str(n) for n in names], len(variables) * len(years)),
                          "variable": np.tile(np.repeat(variables, len(years)), len(names)),
                          "year": np.tile(years, len(names) * len(variables)),
                          "value": cube[:, :, statistics.index("central"), :].reshape(rows)})
    if dataset.attrs["ensemble_members"]:
        for statistic in STATISTICS[1:]:
            frame[statistic] = cube[:, :, statistics.index(statistic), :].reshape(rows)
    return frame


def scorecard_frame(card: dict[str, dict[str, Score]], targets: list[Target], year: int, lang: str = "en") -> pd.DataFrame:
    rows = []
    for target in targets:
        for scenario, score in card[target.id].items():
            row = {
                "target": target.id, "indicator": target.title[lang], "year": year,
                "target_low": target.low, "target_high": target.high, "unit": "%/yr" if target.kind == "growth" else target.unit,
                "scenario": scenario, "value": score.value, "met": score.met, "vs_baseline": score.vs_baseline,
                "first_year_met": score.first_year, "source": f"{target.source} {target.section}",
            }
            if score.probability is not None:
                row["probability_met"] = score.probability
                row[f"p{BAND[0]}"], row[f"p{BAND[1]}"] = score.band
            rows.append(row)
    frame = pd.DataFrame(rows)
    frame["first_year_met"] = frame["first_year_met"].astype("Int64")  # whole years, blank when never
    return frame
