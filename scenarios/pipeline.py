"""The compare workflow shared by `innovsd compare` and `innovsd report`.

``prepare`` reads and checks every input and runs the model (nothing is written); ``export``
then writes the results, workbook and figures into a folder the command has just created, so a
bad input never leaves a half-written folder behind and never touches an earlier one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable

from innovsd.calibration.history import HISTORY_FILE, Observation, load_history
from innovsd.model.engine import Engine
from innovsd.model.errors import InputError
from innovsd.model.parameters import PARAMETER_TABLE, ParameterSet, ParameterTable, file_sha256, load_parameter_set
from innovsd.tables import json_text, portable_path

from . import plots
from .compare import (Comparison, Score, long_results, output_variables, run_comparison, scorecard,
                      scorecard_frame)
from .library import Scenario, ScenarioLoader, files_digest, narrative_order, shipped_names
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


def check_year(year: int, engine: Engine) -> int:
    if not engine.initial_time <= year <= engine.final_time:
        raise InputError(f"{year} is outside the model horizon {engine.initial_time:g}-{engine.final_time:g}",
                         field="year")
    return year


def prepare(engine: Engine, refs: list[str], params: Path | None, year: int,
            progress: Callable[[int], None] | None = None) -> Prepared:
    year = check_year(year, engine)
    table = ParameterTable()
    parameter_set = load_parameter_set(params, table)
    loader = ScenarioLoader(engine, table)
    scenarios = [loader.load(r) for r in refs] if refs else narrative_order([loader.load(r) for r in shipped_names()])
    if len({s.name for s in scenarios}) < len(scenarios):
        raise InputError("a scenario is given twice", field="scenario")
    baseline = None if any(s.name == "baseline" for s in scenarios) else loader.load("baseline")
    targets = load_targets()
    history = load_history(None, engine)
    comparison = run_comparison(engine, scenarios, parameter_set, output_variables(engine, targets), baseline, progress)
    return Prepared(engine, table, parameter_set, scenarios, targets, history, comparison,
                    scorecard(comparison, targets, year), year)


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


def export(run: Prepared, folder: Path, lang: str) -> dict[str, object]:
    """Results CSV (long), scorecard CSV, Excel workbook and provenance.json: the fast part."""
    results = folder / "results.csv"
    from innovsd.present.adapters import workbook_from_run

    # utf-8-sig: the BOM makes Excel on Windows read Vietnamese correctly.
    long_results(run.comparison).to_csv(results, index=False, encoding="utf-8-sig")
    card_table = run.scorecard_frame(lang)
    card_table.to_csv(folder / "scorecard.csv", index=False, encoding="utf-8-sig")
    workbook = folder / "results.xlsx"
    prov = provenance(run)
    sheets = workbook_from_run(run, workbook, lang, prov)
    (folder / "provenance.json").write_text(json_text(prov, indent=2) + "\n", encoding="utf-8")
    return {"folder": str(folder), "results": str(results), "scorecard": str(folder / "scorecard.csv"),
            "workbook": str(workbook), "sheets": sheets}


# The run handed to forked figure workers: they inherit it instead of unpickling an Engine.
_FORKED_RUN: Prepared | None = None


def _figure(job: tuple[str, str | None], lang: str, folder: Path, run: Prepared | None = None) -> list[Path]:
    run = run or _FORKED_RUN
    kind, variable = job
    if kind == "overview":
        return plots.overview_figure(run.comparison, run.targets, run.history, lang, folder)
    if kind == "levers":
        return plots.lever_figure(run.comparison, run.engine.levers, lang, folder)
    return plots.indicator_figure(variable, run.comparison, run.targets, run.history, lang, folder)


def _ignore_interrupts() -> None:
    """Figure workers leave Ctrl-C (sent to the whole process group) to the parent, which
    cancels them and reports it once."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def write_figures(run: Prepared, folder: Path, lang: str, progress: Callable[[int], None] | None = None,
                  workers: int | None = None) -> list[Path]:
    """Every figure as PNG (300 dpi), SVG and PDF; in parallel processes where fork is available."""
    import multiprocessing
    import os
    from concurrent.futures import ProcessPoolExecutor

    global _FORKED_RUN
    jobs = [("overview", None)] + [("indicator", v) for v in plots.figure_indicators(run.targets)] + [("levers", None)]
    workers = workers if workers is not None else min(len(jobs), os.cpu_count() or 1, 4)
    paths: list[Path] = []
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for job in jobs:
            paths += _figure(job, lang, folder, run)
            if progress:
                progress(1)
        return paths
    _FORKED_RUN = run
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                 initializer=_ignore_interrupts) as pool:
            futures = [pool.submit(_figure, job, lang, folder) for job in jobs]
            try:
                for future in futures:
                    paths += future.result()
                    if progress:
                        progress(1)
            except BaseException:  # Ctrl-C or a failed figure: drop the figures not yet started
                pool.shutdown(wait=False, cancel_futures=True)
                raise
    finally:
        _FORKED_RUN = None
    return paths


def figure_count(run: Prepared) -> int:
    return len(plots.figure_indicators(run.targets)) + 2
