"""Run scenarios side by side and score them against the 2030 targets.

Each scenario runs once with the parameter set's values (the central line) and, where the
set carries an ensemble of calibrated draws, once more over the whole ensemble in one batched
pass (the uncertainty band and the probability of meeting each target).
"""

from __future__ import annotations

import itertools
import math
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

import numpy as np
import pandas as pd

from innovsd.model.engine import Engine, Simulation
from innovsd.model.chunks import engine_of
from innovsd.errors import InputError
from innovsd.model.horizon import DISPLAY_END
from innovsd.model.indicator_table import indicators
from innovsd.model.parameters import ParameterSet

from .batches import percentiles
from .library import Scenario
from .targets import Target, required_tfp_growth, target_probability

if TYPE_CHECKING:
    import xarray as xr

BAND = (5, 95)  # percentiles of the uncertainty band
TFP_GROWTH = "TFP growth"  # GSO's measure, %/yr: shown beside each TFP-share target
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
    """What a comparison saves: every indicator with a display name (a regional one per region), the
    targets' indicators, the levers and what each costs the city (scenarios/levers.csv)."""
    from .levers import lever_costs

    names = [e for v in indicators() if v in engine.variables for e in elements(engine, v)]
    names += [t.indicator for t in targets] + [e for v in engine.levers for e in elements(engine, v)]
    names += [e for v in lever_costs() if v in engine.variables for e in elements(engine, v)]
    return list(dict.fromkeys(names))


def elements(engine: Engine, name: str) -> list[str]:
    """A variable's series as results name them: ``name``, or ``name[element,...]`` per element of
    a subscripted one (results keep every region's series)."""
    dims = getattr(engine, "dims", {}).get(name)
    if not dims:
        return [name]
    return [f"{name}[{','.join(found)}]" for found in itertools.product(*(engine.subscripts[d] for d in dims))]


def _scenario_runs(engine: Engine | str, values: dict, paths: dict, outputs: list[str], draws: dict,
                   final_time: float | None = None):
    """One scenario's central run and (with draws) its ensemble run; on a worker, ``engine`` is the
    model file's path. The central run rides in the ensemble's call as one more member when every
    drawn constant has a central value: each member is computed on its own, so its numbers are those
    of a run alone, and the kernel's last block of members has room for it."""
    engine = engine_of(engine)
    if not draws or not all(k in values and np.shape(values[k]) == np.shape(v)[1:] for k, v in draws.items()):
        central = engine.run(values, paths, outputs, final_time=final_time)
        return central, (engine.run_ensemble(draws, paths=paths, outputs=outputs, fixed=values,
                                             final_time=final_time) if draws else None)
    members = len(next(iter(draws.values())))
    with_central = {k: np.concatenate([v, np.asarray(values[k], dtype=float)[None]]) for k, v in draws.items()}
    runs = engine.run_ensemble(with_central, paths=paths, outputs=outputs, fixed=values, final_time=final_time)
    return runs.take(slice(members, members + 1)), runs.take(slice(0, members))


def run_comparison(
    engine: Engine,
    scenarios: list[Scenario],
    parameter_set: ParameterSet,
    outputs: list[str],
    baseline: Scenario | None = None,
    progress: Callable[[int], None] | None = None,
    executor: Executor | None = None,
    final_time: float | None = None,
) -> Comparison:
    """Central run of every scenario, plus ensemble runs when the parameter set has draws; each
    scenario one job on ``executor`` when given; ``final_time`` stops the runs early."""
    central, ensemble = {}, {}
    samples = parameter_set.ensemble_arrays()
    jobs = []
    for scenario in scenarios:
        values = {**parameter_set.values, **scenario.params}
        # A scenario's own settings win over the calibrated draws of the same constant.
        draws = {k: v for k, v in samples.items() if k not in scenario.params}
        if samples and not draws:
            raise InputError("sets every varied constant", source=str(scenario.file))
        jobs.append((values, dict(scenario.paths), outputs, draws, final_time))
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
        reference = engine.run({**parameter_set.values, **baseline.params}, baseline.paths, outputs,
                               final_time=final_time)
    return Comparison(scenarios, central, ensemble, reference)


# -- scoring -----------------------------------------------------------------------------
def target_value(target: Target, sim: Simulation, year: int) -> np.ndarray:
    """The target's measure per member; NaN for a growth target before its base year."""
    if target.kind == "growth" and year <= target.start:
        return np.full(sim.n_members, np.nan)
    return target.value(sim, year)


def scoring_year(target: Target, year: int) -> int:
    """The year a target is read in on a scorecard of ``year``: its own year when that is earlier
    (a 2025 target is judged in 2025), else ``year``."""
    return min(target.year, year)


def first_year_met(target: Target, sim: Simulation, since: float | None = None) -> int | None:
    """First saved year from ``since`` (the first policy year: a target is not "met" in the
    history the model reproduces) to the display horizon in which the central run meets the
    target (growth: after the base year)."""
    for year in sim.times:
        if (since is not None and year < since) or (target.kind == "growth" and year <= target.start):
            continue
        if year > DISPLAY_END:
            break
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
    # Beside a TFP-share target: TFP growth (%/yr) in the year, its mean over the basis target's
    # period, and the TFP growth the share needs at the plan's GRDP growth (low, high).
    tfp_growth: float | None = None
    tfp_growth_mean: float | None = None
    required_tfp_growth: tuple[float, float] | None = None


def scorecard(comparison: Comparison, targets: list[Target], year: int,
              since: float | None = None) -> dict[str, dict[str, Score]]:
    """target id -> scenario -> Score in ``year``; first years counted from ``since``."""
    card: dict[str, dict[str, Score]] = {}
    scored_year = year
    for target in targets:
        row = {}
        year = scoring_year(target, scored_year)
        required = required_tfp_growth(target, targets)
        basis = next((t for t in targets if t.id == target.tfp_growth_basis), None)
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
            if required is not None and TFP_GROWTH in sim.values:
                row[name].required_tfp_growth = required
                row[name].tfp_growth = float(sim.at(TFP_GROWTH, year)[0])
                if basis is not None and basis.start < year:
                    years = range(basis.start + 1, year + 1)
                    row[name].tfp_growth_mean = float(np.mean([sim.at(TFP_GROWTH, y)[0] for y in years]))
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
    variables = list(comparison.central[names[0]].values)
    bands = {}  # scenario -> (p5, p95), each variable × time: one percentile pass over all variables
    for name in (n for n in names if n in comparison.ensemble):
        # Members on the last axis: each column's values side by side, as the sort wants them.
        members = np.stack([comparison.ensemble[name].values[v].T for v in variables])
        # As model.results.ensemble_quantiles: a member's non-finite value is left out.
        members[~np.isfinite(members)] = np.nan
        bands[name] = percentiles(members, BAND, axis=-1)
    data = {}
    for k, variable in enumerate(variables):
        cube = np.full((len(names) + len(extra), len(STATISTICS), len(times)), np.nan)
        for i, name in enumerate(names):
            cube[i, 0] = comparison.central[name].values[variable][0]
            if name in bands:
                cube[i, 1], cube[i, 2] = bands[name][:, k]
        if extra:
            cube[-1, 0] = comparison.baseline.values[variable][0]
        described = engine.variables[variable.partition("[")[0]]
        data[variable] = xr.Variable(("scenario", "statistic", "time"), cube,
                                     {"units": described.units, "description": described.doc}, fastpath=True)
    # Variables made here, not from lists, and indexes made ready: xarray's probe of plain data imports
    # dask when installed (~0.1-1 s).
    indexes = {dim: xr.indexes.PandasIndex(pd.Index(values), dim, coord_dtype=values.dtype)
               for dim, values in (("scenario", np.array(names + extra)), ("statistic", np.array(STATISTICS)),
                                   ("time", np.asarray(times)))}
    variables = {name: v for index in indexes.values() for name, v in index.create_variables().items()}
    variables["time"].attrs["units"] = "year"
    variables["compared"] = xr.Variable("scenario", np.array([True] * len(names) + [False] * len(extra)), fastpath=True)
    coords = xr.Coordinates(variables, indexes=indexes)
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
                "target": target.id, "indicator": target.title[lang], "year": scoring_year(target, year),
                "target_low": target.low, "target_high": target.high, "unit": "%/yr" if target.kind == "growth" else target.unit,
                "scenario": scenario, "value": score.value, "met": score.met, "vs_baseline": score.vs_baseline,
                "first_year_met": score.first_year, "source": f"{target.source} {target.section}",
                "date": target.date, "scope": target.scope,
            }
            if score.required_tfp_growth is not None:
                row["tfp_growth"], row["tfp_growth_mean"] = score.tfp_growth, score.tfp_growth_mean
                row["required_tfp_growth_low"], row["required_tfp_growth_high"] = score.required_tfp_growth
            if score.probability is not None:
                row["probability_met"] = score.probability
                row[f"p{BAND[0]}"], row[f"p{BAND[1]}"] = score.band
            rows.append(row)
    frame = pd.DataFrame(rows)
    frame["first_year_met"] = frame["first_year_met"].astype("Int64")  # whole years, blank when never
    return frame
