"""The compare workflow shared by `innovsd compare` and `innovsd report`.

``prepare`` reads and checks every input and runs the model (nothing is written);
``innovsd.present.compare_files`` then writes the results, workbook and figures into a folder the
command has just created, so a bad input never leaves a half-written folder behind and never
touches an earlier one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable

from innovsd.calibration.history import HISTORY_FILE, Observation, load_history
from innovsd.model.engine import Engine
from innovsd.model.horizon import check_year
from innovsd.model.parameters import PARAMETER_TABLE, ParameterSet, ParameterTable, load_parameter_set
from innovsd.resources import file_sha256, portable_path

from .compare import (Comparison, Score, output_variables, run_comparison, scorecard,
                      scorecard_frame)
from .library import Scenario, ScenarioLoader, files_digest
from .seek import POLICY_START
from .targets import TARGETS_FILE, Target, load_targets


@dataclass
class Prepared:
    engine: Engine
    table: ParameterTable
    parameter_set: ParameterSet
    scenarios: list[Scenario]
    targets: list[Target]
    history: list[Observation]
    comparison: Comparison
    card: dict[str, dict[str, Score]]
    year: int

    def scorecard_frame(self, lang: str = "en"):
        """One row per target and scenario: what ``innovsd.compare`` returns and scorecard.csv holds."""
        return scorecard_frame(self.card, self.targets, self.year, lang)


def prepare(engine: Engine, refs: list[str], params: Path | None, year: int,
            progress: Callable[[int], None] | None = None) -> Prepared:
    year = check_year(year, engine, field="year")
    table = ParameterTable()
    parameter_set = load_parameter_set(params, table)
    loader = ScenarioLoader(engine, table)
    scenarios = loader.load_many(refs)
    baseline = None if any(s.name == "baseline" for s in scenarios) else loader.load("baseline")
    targets = load_targets()
    history = load_history(None, engine)
    comparison = run_comparison(engine, scenarios, parameter_set, output_variables(engine, targets), baseline, progress)
    return Prepared(engine, table, parameter_set, scenarios, targets, history, comparison,
                    scorecard(comparison, targets, year, since=engine.constants[POLICY_START]), year)


def provenance(run: Prepared) -> dict:
    ps = run.parameter_set
    return {
        "date": datetime.now().isoformat(timespec="seconds"),
        "model": {"file": run.engine.mdl_path.name, "sha256": file_sha256(run.engine.mdl_path)},
        "parameter_table": {"file": "model/parameters.csv", "sha256": file_sha256(PARAMETER_TABLE)},
        "parameter_set": ({"file": portable_path(ps.path), "sha256": file_sha256(ps.path)} if ps.path
                          else {"file": None, "note": ps.provenance.get("source", "model defaults")}),
        "ensemble_members": ps.ensemble_size,
        "history": {"file": "calibration/data/history.csv", "sha256": file_sha256(HISTORY_FILE)},
        "targets": {"file": "scenarios/targets.csv", "sha256": file_sha256(TARGETS_FILE)},
        "scenarios": {"names": [s.name for s in run.scenarios], "sha256": files_digest(run.scenarios)},
    }
