"""The compare workflow shared by `innovsd compare` and `innovsd report`.

``prepare`` reads and checks every input and runs the model (nothing is written); the result
carries the runs as an xarray Dataset, so ``innovsd.present`` draws and writes them without
computing. A bad input never leaves a half-written folder behind and never touches an earlier one.
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Callable, Mapping, Sequence

from innovsd.calibration.history import HISTORY_FILE, Observation, load_history
from innovsd.model.engine import Engine
from innovsd.model import budget
from innovsd.model.horizon import check_year, time_grid
from innovsd.model.parameters import PARAMETER_TABLE, ParameterSet, ParameterTable, ParamsLike, load_parameter_set
from innovsd.resources import file_sha256, portable_path

from .costs import Appraisal, PolicyCost, appraise, load_appraisal, uncosted_levers
from .compare import (Comparison, Score, comparison_dataset, output_variables, results_frame, run_comparison,
                      scorecard, scorecard_frame)
from .library import Scenario, ScenarioLoader, files_digest
from .seek import POLICY_START
from .targets import TARGETS_FILE, Target, load_targets

if TYPE_CHECKING:
    from concurrent.futures import Executor

    import pandas as pd
    import xarray as xr


@dataclass
class Prepared:
    """A comparison, computed and not yet written: the scenarios, targets and history it used, the
    runs (``dataset``: dims scenario × statistic × time, see ``compare.comparison_dataset``) and
    the scorecard (``card``: target id -> scenario -> Score)."""

    engine: Engine
    table: ParameterTable
    parameter_set: ParameterSet
    scenarios: list[Scenario]
    targets: list[Target]
    history: list[Observation]
    comparison: Comparison
    card: dict[str, dict[str, Score]]
    year: int
    dataset: "xr.Dataset"
    appraisal: Appraisal | None = None
    policy_costs: dict[str, PolicyCost] | None = None  # scenario -> cost, benefit-cost ratio, points

    @property
    def ensemble_size(self) -> int:
        """Members of the calibrated ensemble behind the bands and probabilities (0: none)."""
        return self.comparison.ensemble_size

    @property
    def levers(self) -> list[str]:
        return list(self.engine.levers)

    def scorecard_frame(self, lang: str = "en") -> "pd.DataFrame":
        """One row per target and scenario: what ``innovsd.compare`` returns and scorecard.csv holds."""
        return scorecard_frame(self.card, self.targets, self.year, lang)

    def to_dataframe(self) -> "pd.DataFrame":
        """The runs as a long table (scenario, variable, year, value [, p5, p95]): results.csv."""
        return results_frame(self.dataset)

    def costs(self, items: Sequence[Mapping[str, str]]) -> dict[str, float]:
        """City money per scenario: the constants among ``items`` that a scenario sets (capital), plus
        its extra spending on the other items over the baseline, from the policy start to the
        scorecard year (``items``: dicts with name and kind, ``constant`` or a spending flow)."""
        years = range(self.dataset.attrs["policy_start"], self.year + 1)
        base = self.comparison.baseline
        out = {}
        for s in self.scenarios:
            total = 0.0
            sim = self.comparison.central[s.name]
            for item in items:
                if item["kind"] == "constant":
                    total += s.params.get(item["name"], 0.0)
                elif base is not None and item["name"] in sim.values:
                    total += sum(float(sim.at(item["name"], y)[0] - base.at(item["name"], y)[0]) for y in years)
            out[s.name] = total
        return out

    def provenance(self) -> dict:
        """What the comparison was made from, by file and sha256 (provenance.json)."""
        ps = self.parameter_set
        return {
            "date": datetime.now().isoformat(timespec="seconds"),
            "model": {"file": self.engine.mdl_path.name, "sha256": file_sha256(self.engine.mdl_path)},
            "parameter_table": {"file": "model/parameters.csv", "sha256": file_sha256(PARAMETER_TABLE)},
            "parameter_set": ({"file": portable_path(ps.path), "sha256": file_sha256(ps.path)} if ps.path
                              else {"file": None, "note": ps.provenance.get("source", "model defaults")}),
            "ensemble_members": ps.ensemble_size,
            "history": {"file": "calibration/data/history.csv", "sha256": file_sha256(HISTORY_FILE)},
            "targets": {"file": "scenarios/targets.csv", "sha256": file_sha256(TARGETS_FILE)},
            "scenarios": {"names": [s.name for s in self.scenarios], "sha256": files_digest(self.scenarios)},
        }


def prepare(engine: Engine, refs: list[str], params: ParamsLike, year: int,
            progress: Callable[[int], None] | None = None, executor: "Executor | None" = None) -> Prepared:
    year = check_year(year, engine, field="year")
    table = ParameterTable()
    parameter_set = load_parameter_set(params, table)
    loader = ScenarioLoader(engine, table)
    # The baseline's ensemble loads the compiled kernel of runs without lever paths: loaded first, it
    # also reads the .mdl's own lever paths for the scenarios (0.01 s instead of 0.25 s as plain Python).
    baseline_ensemble = parameter_set.ensemble_size and (not refs or "baseline" in refs)
    with engine.compiled_single_runs() if baseline_ensemble else nullcontext():
        scenarios = loader.load_many(refs)
    baseline = None if any(s.name == "baseline" for s in scenarios) else loader.load("baseline")
    targets = load_targets()
    history = load_history(None, engine)
    appraisal = load_appraisal(engine)
    outputs = list(dict.fromkeys(output_variables(engine, targets) + appraisal.outputs))
    # Each scenario's ensemble is held until the scorecard is made, and copied once when joined.
    saved = len(time_grid(engine, step=engine.saveper))
    budget.check(budget.run_bytes(parameter_set.ensemble_size, len(outputs), saved) * (len(scenarios) + 2),
                 "ensemble memory", members=parameter_set.ensemble_size, runs=len(scenarios),
                 source=parameter_set.label())
    comparison = run_comparison(engine, scenarios, parameter_set, outputs, baseline, progress, executor)
    # The figures' policy line is the table's start year, as the planners' documents state it.
    dataset = comparison_dataset(comparison, engine, {"policy_start": int(table[POLICY_START].value)})
    return Prepared(engine, table, parameter_set, scenarios, targets, history, comparison,
                    scorecard(comparison, targets, year, since=engine.constants[POLICY_START]), year, dataset,
                    appraisal, appraise(appraisal, comparison.central, comparison.baseline, year,
                                        _uncosted(engine, scenarios)))


def _uncosted(engine: Engine, scenarios: list[Scenario]) -> dict[str, tuple[str, ...]]:
    """scenario -> the levers it sets that cost the city nothing (their money is private)."""
    free = uncosted_levers(engine)
    return {s.name: tuple(sorted(free & set(s.levers))) for s in scenarios}
