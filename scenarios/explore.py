"""The explorer's grid: every combination of the grid levers' levels (scenarios/explore_levers.csv)
run in one batched ensemble pass — the calibrated central values plus a fixed thinned subset of the
ensemble's draws (every k-th, at most ``GRID_DRAWS``) — so each combination carries its central line,
its 5-95 % band and its probability of meeting each target. The presets (the shipped scenarios) use
every draw, as `innovsd compare` does.
The added levers (role ``added``) run one at a time over their levels: a full grid of eight levers
would take 5^8 combinations, so the page adds their effects to the grid's. The page
(innovsd/present/explore.py) only looks these numbers up.
"""

from __future__ import annotations

import itertools
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Mapping, Sequence

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

from innovsd.calibration.history import Observation, load_history
from innovsd.errors import InputError
from innovsd.model.engine import Engine
from innovsd.model.chunks import chunk_size, engine_of
from innovsd.model.horizon import DISPLAY_END, check_year, time_grid
from innovsd.model.indicator_table import key_indicators
from innovsd.model.parameters import ParameterSet, ParameterTable, ParamsLike, load_parameter_set
from innovsd.resources import data_file
from innovsd.tables import csv_rows

from .batches import percentiles, results
from .compare import run_comparison, scorecard
from .levers import load_levers
from .library import Scenario, ScenarioLoader, shipped_names
from .paths import ramps
from .seek import POLICY_START
from .targets import Target, load_targets

EXPLORE_LEVERS = data_file("innovsd.scenarios", "explore_levers.csv")
GRID_COLUMNS = ("id", "levels", "unit_en", "unit_vi")
BAND = (5, 95)
# The grid runs at most this many posterior draws per combination: every k-th draw, k the smallest
# that keeps to it (the shipped 720: every 8th, 90 draws). Measured against all 720 on the shipped
# set (tests/benchmarks/bench_explore_thinning.py), see README's explorer passage.
GRID_DRAWS = 90


def thinned(draws: Mapping[str, np.ndarray], most: int = GRID_DRAWS) -> tuple[dict[str, np.ndarray], int]:
    """Every k-th draw of the ensemble (the first, the (k+1)-th, ...) and k: the same subset whatever
    the seed, spread over the whole chain."""
    total = len(next(iter(draws.values()))) if draws else 0
    every = max(1, -(-total // most))
    return {k: np.asarray(v)[::every] for k, v in draws.items()}, every


@dataclass(frozen=True)
class GridLever:
    id: str
    variable: str
    kind: str  # "ramp" (a time path reaching the level by the target year) or "constant"
    ramp_from: str
    levels: tuple[float, ...]
    title: dict[str, str]
    unit: dict[str, str]
    added: bool = False  # run one at a time, its effect added to the grid's (see the module's doc)


def grid_levers(levers: Mapping[str, object], path: Path = EXPLORE_LEVERS) -> list[GridLever]:
    """The levers to slide: the seek levers (scenarios/levers.csv) with the levels of the grid file."""
    out = []
    for _, where, row in csv_rows(Path(path), GRID_COLUMNS):
        lever = levers.get(row["id"].strip())
        if lever is None:
            raise InputError("not a seek lever", name=row["id"], known=", ".join(levers), source=where, field="id")
        try:
            levels = tuple(float(x) for x in row["levels"].split(";"))
        except ValueError:
            raise InputError("levels not numbers", levels=row["levels"], source=where, field="levels") from None
        if list(levels) != sorted(set(levels)) or not all(lever.low <= x <= lever.high for x in levels):
            raise InputError("levels must rise", low=lever.low, high=lever.high, source=where, field="levels")
        role = (row.get("role") or "grid").strip()
        if role not in ("grid", "added"):
            raise InputError("not one of", value=role, known="grid, added", source=where, field="role")
        out.append(GridLever(lever.id, lever.variable, lever.kind, lever.ramp_from, levels, dict(lever.title),
                             {"en": row["unit_en"], "vi": row["unit_vi"]}, role == "added"))
    return out


def combinations(levers: Sequence[GridLever]) -> np.ndarray:
    """Rows of level indices; row c = sum(index_k * prod(sizes after k)), as the page computes it."""
    return np.array(list(itertools.product(*(range(len(g.levels)) for g in levers))), dtype=int)


def _summary(engine: Engine | str, samples: dict, paths: dict, outputs: Sequence[str], fixed: Mapping[str, float],
             years: np.ndarray, targets: Sequence, combos: int, members: int) -> dict:
    """Run ``combos`` lever combinations × ``members`` parameter sets (member 0 the central set) and
    keep only what the page shows: central line, 5-95 % band, target values and probabilities."""
    # Stopped at the last year shown: the years after it (the benefit-cost ratio's) are a third of a run.
    sim = engine_of(engine).run({**fixed, **samples}, paths, list(outputs), save_years=years,
                                final_time=float(years[-1]))
    # Copies, not views: a view of member 0 would keep the chunk's whole run alive with the summary.
    series = {}
    for name in outputs:
        cube = sim.values[name].reshape(combos, members, len(years))
        entry = {"mid": cube[:, 0, :].copy()}
        if members > 1:
            entry["lo"], entry["hi"] = percentiles(cube[:, 1:, :], BAND, axis=1)
        series[name] = entry
    scores = {}
    for target in targets:
        value = target.value(sim, target.year).reshape(combos, members)
        score = {"value": value[:, 0].copy()}
        if members > 1:
            with np.errstate(invalid="ignore"):
                score["probability"] = np.mean(target.met(value[:, 1:]) & np.isfinite(value[:, 1:]), axis=1)
        scores[target.id] = score
    return {"series": series, "scores": scores}


def _joined(parts: list[dict]) -> tuple[dict, dict]:
    series = {name: {k: np.concatenate([p["series"][name][k] for p in parts]) for k in entry}
              for name, entry in parts[0]["series"].items()}
    scores = {tid: {k: np.concatenate([p["scores"][tid][k] for p in parts]) for k in score}
              for tid, score in parts[0]["scores"].items()}
    return series, scores


def _default(engine: Engine, name: str) -> float:
    """The .mdl's value of a constant, or of one element of a regional one (``name[element]``)."""
    base, _, element = name.partition("[")
    if not element:
        return float(engine.constants[name])
    (dim,) = engine.dims[base]
    return float(np.asarray(engine.constants[base])[engine.subscripts[dim].index(element.rstrip("]"))])


def run_grid(engine: Engine, levers: Sequence[GridLever], fixed: Mapping[str, float],
             draws: Mapping[str, np.ndarray], outputs: Sequence[str], targets: Sequence, *,
             policy_start: float, by_year: int, progress: Callable[[int], None] | None = None,
             executor: Executor | None = None) -> dict:
    """Central line, band and target probabilities for every lever combination.

    Ramp levers rise linearly from their level in the year before ``policy_start`` (per
    member) to the grid level by ``by_year``, then stay, as `innovsd seek` ramps them. The
    combinations run in chunks of whole combinations (here, or as jobs on ``executor``), each
    reduced to the page's numbers as soon as it is done, so memory stays bounded.
    """
    years = time_grid(engine, step=1.0, until=DISPLAY_END)  # the page shows what tables and figures show
    combos = combinations(levers)
    members = 1 + (len(next(iter(draws.values()))) if draws else 0)
    # Member 0 is the central (calibrated) set; draws of a constant the base sets stay fixed.
    per_member = {k: np.concatenate([[fixed[k] if k in fixed else _default(engine, k)], np.asarray(v, float)])
                  for k, v in draws.items()}
    base_fixed = {k: v for k, v in fixed.items() if k not in per_member}
    anchor = policy_start - 1
    ramp_from = sorted({g.ramp_from for g in levers if g.kind == "ramp"})
    if ramp_from:
        if per_member:
            start_run = engine.run_ensemble(per_member, outputs=ramp_from, fixed=base_fixed, save_years=[anchor],
                                            final_time=anchor)
        else:
            start_run = engine.run(base_fixed, outputs=ramp_from, save_years=[anchor], final_time=anchor)
    # Knots: every year, plus one step after the anchor where the ramp leaves the base path
    # (as seek's path on the time grid does); linear in between, so nothing is lost.
    knots = np.union1d(years, [anchor + engine.time_step])
    defaults = engine.run(outputs=[g.variable for g in levers if g.kind == "ramp"], save_years=knots,
                          final_time=float(knots[-1])) if ramp_from else None
    per_chunk = max(1, chunk_size(len(combos) * members, executor) // members)
    where = str(engine.mdl_path) if executor is not None else engine
    pending, sizes = [], []
    for first in range(0, len(combos), per_chunk):
        chunk = combos[first:first + per_chunk]
        samples = {k: np.tile(v, len(chunk)) for k, v in per_member.items()}
        paths = {}
        for k, lever in enumerate(levers):
            level = np.repeat(np.asarray(lever.levels)[chunk[:, k]], members)
            if lever.kind == "constant":
                samples[lever.variable] = level
                continue
            start = np.tile(start_run.at(lever.ramp_from, anchor), len(chunk))
            paths[lever.variable] = (knots, ramps(knots, defaults.values[lever.variable][0], start, level, anchor,
                                                  by_year))
        job = (where, samples, paths, tuple(outputs), base_fixed, years, tuple(targets), len(chunk), members)
        if executor is None:
            pending.append(_summary(*job))
            if progress:
                progress(len(chunk) * members)
        else:
            pending.append(executor.submit(_summary, *job))
            sizes.append(len(chunk) * members)
    series, scores = _joined(pending if executor is None else results(pending, sizes, progress))
    return {"years": years, "combos": combos, "members": members - 1, "series": series, "scores": scores}


@dataclass
class Exploration:
    """The explorer's numbers: the lever grid (``grid``: years, combos, series and target scores
    per combination, see ``run_grid``), the indicators it shows, the targets, the central runs of
    the reference scenarios drawn as dashed lines, the history, and what it was computed from."""

    grid: dict
    levers: list[GridLever]
    indicators: list[str]
    targets: list[Target]
    references: list[Scenario]
    reference_series: dict[str, dict[str, list[float]]]  # scenario -> indicator -> value in each grid year
    history: list[Observation]
    parameter_set: ParameterSet
    year: int
    model_file: Path
    # Shipped scenario -> what `innovsd compare` computes for it (see presets): the page's presets.
    presets: dict[str, dict] = field(default_factory=dict)
    policy_start: int = 2026  # first policy year (model/parameters.csv): costs count from it
    # Each added lever's own grid over its levels, the others at the parameter set's values.
    added: dict[str, dict] = field(default_factory=dict)
    added_levers: list[GridLever] = field(default_factory=list)
    units: dict[str, str] = field(default_factory=dict)  # each shown variable's units in the model

    def to_dataframe(self) -> "pd.DataFrame":
        """One row per lever combination: each lever's level, and per target the central value
        (and the probability of meeting it when the set has an ensemble)."""
        import pandas as pd

        rows = {g.id: [g.levels[i] for i in self.grid["combos"][:, k]] for k, g in enumerate(self.levers)}
        for target_id, score in self.grid["scores"].items():
            rows.update({f"{target_id} {kind}": values for kind, values in score.items()})
        return pd.DataFrame(rows)


def shown_variables(engine: Engine, targets: Sequence[Target]) -> list[str]:
    """The page's cards: the key indicators, then what any other target is measured on."""
    shown = [v for v in key_indicators() if v in engine.variables]
    return shown + [v for v in dict.fromkeys(t.indicator for t in targets) if v not in shown]


def model_units(engine: Engine, variables: Sequence[str]) -> dict[str, str]:
    """Each variable's units in the model (an element's are its variable's)."""
    return {v: engine.variables[v.partition("[")[0]].units for v in variables}


def presets(engine: Engine, scenarios: Sequence[Scenario], parameter_set: ParameterSet, levers: Sequence[GridLever],
            shown: Sequence[str], extra: Sequence[str], targets: Sequence[Target], years: np.ndarray, year: int,
            executor: Executor | None = None) -> dict[str, dict]:
    """Each scenario run as `innovsd compare` runs it (its own lever paths, the set and its
    ensemble): central line and 5-95 % band of each shown indicator by grid year, the target
    values and probabilities of its scorecard, the grid level nearest to each of its levers, and
    the ``extra`` series (what the page's cost reads)."""
    from .compare import STATISTICS, comparison_dataset

    variables = list(dict.fromkeys([*shown, *extra, *(g.variable for g in levers if g.kind == "ramp")]))
    # The page shows the years to ``years[-1]``: nothing later is run.
    comparison = run_comparison(engine, list(scenarios), parameter_set, variables, executor=executor,
                                final_time=float(max(years[-1], year)))
    card = scorecard(comparison, list(targets), year)
    dataset = comparison_dataset(comparison, engine)
    # Positions looked up once: xarray's .sel per series cost seconds over the presets' ~1,000 series.
    at_years = dataset.get_index("time").get_indexer(years, method="nearest")
    rows = {name: i for i, name in enumerate(dataset["scenario"].values)}
    columns = {name: i for i, name in enumerate(dataset["statistic"].values)}
    cubes = {v: dataset[v].values for v in variables}
    out = {}
    for s in scenarios:
        def series(variable: str, statistic: str = "central") -> list[float]:
            return cubes[variable][rows[s.name], columns[statistic], at_years].tolist()

        levels = {}
        for g in levers:
            setting = series(g.variable)[list(years).index(year)] if g.kind == "ramp" else \
                s.params.get(g.variable, parameter_set.values.get(g.variable, engine.constants.get(g.variable, 0.0)))
            levels[g.id] = int(np.argmin(np.abs(np.asarray(g.levels) - setting)))
        ranged = bool(comparison.ensemble)
        out[s.name] = {
            "title": dict(s.title), "levels": levels,
            "series": {v: {"mid": series(v), **({"lo": series(v, STATISTICS[1]), "hi": series(v, STATISTICS[2])}
                                                if ranged else {})} for v in shown},
            "scores": {t.id: {"value": card[t.id][s.name].value, "probability": card[t.id][s.name].probability}
                       for t in targets},
            "extra": {v: series(v) for v in extra},
            "constants": dict(s.params),
        }
    return out


def explore(engine: Engine, refs: Sequence[str] | None = None, params: ParamsLike = None, year: int = 2030,
            progress: Callable[[int], None] | None = None, executor: Executor | None = None,
            extra: Sequence[str] = ()) -> Exploration:
    """The grid over the explorer's levers (scenarios/explore_levers.csv) with the calibrated set and
    its ensemble, ramps reaching their level by ``year``; ``refs`` are drawn for reference; every
    shipped scenario computed as `innovsd compare` does, for the page's presets. ``extra``:
    variables saved for every combination and preset without being shown (the cost's spending)."""
    year = check_year(year, engine, field="year")
    table = ParameterTable()
    parameter_set = load_parameter_set(params, table)
    loader = ScenarioLoader(engine, table)
    references = [loader.load(r) for r in (refs or ["baseline"])]
    every_lever = grid_levers(load_levers(engine, table))
    levers = [g for g in every_lever if not g.added]
    targets = load_targets()
    shown = shown_variables(engine, targets)
    extra = [v for v in extra if v in engine.variables and v not in shown]
    common = dict(policy_start=parameter_set.values.get(POLICY_START, engine.constants[POLICY_START]), by_year=year,
                  progress=progress, executor=executor)
    every_draw = parameter_set.ensemble_arrays()
    draws, every = thinned(every_draw)
    grid = run_grid(engine, levers, parameter_set.values, draws, shown + extra, targets, **common)
    grid.update(every=every, ensemble=len(next(iter(every_draw.values()))) if every_draw else 0)
    added = {g.id: run_grid(engine, [g], parameter_set.values, draws, shown + extra, targets, **common)
             for g in every_lever if g.added}
    shipped = [loader.load(n) for n in shipped_names()]
    computed = presets(engine, shipped, parameter_set, every_lever, shown, extra, targets, grid["years"], year,
                       executor)
    series = {}
    for s in references:
        central = engine.run({**parameter_set.values, **s.params}, s.paths, shown, save_years=grid["years"],
                             final_time=float(grid["years"][-1]))
        series[s.name] = {v: [float(central.at(v, y)[0]) for y in grid["years"]] for v in shown}
    return Exploration(grid, levers, shown, targets, references, series, load_history(None, engine), parameter_set,
                       year, engine.mdl_path, computed, int(table[POLICY_START].value), added,
                       [g for g in every_lever if g.added],
                       model_units(engine, shown))
