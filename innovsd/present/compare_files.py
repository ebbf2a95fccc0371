"""Files and figures of a compare run (what ``innovsd.prepare_comparison`` returns: ``run`` below):
results, scorecard, workbook, provenance, then every figure, written into a folder the command has
just created."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from innovsd.writing import json_text

from . import compare_figures as plots


def export(run, folder: Path, lang: str) -> dict[str, object]:
    """Results CSV (long), scorecard CSV, Excel workbook and provenance.json: the fast part."""
    from innovsd.present.adapters import workbook_from_run

    results = folder / "results.csv"
    # utf-8-sig: the BOM makes Excel on Windows read Vietnamese correctly.
    run.to_dataframe().to_csv(results, index=False, encoding="utf-8-sig")
    card_table = run.scorecard_frame(lang)
    card_table.to_csv(folder / "scorecard.csv", index=False, encoding="utf-8-sig")
    workbook = folder / "results.xlsx"
    prov = run.provenance()
    sheets = workbook_from_run(run, workbook, lang, prov)
    (folder / "provenance.json").write_text(json_text(prov, indent=2) + "\n", encoding="utf-8")
    return {"folder": str(folder), "results": str(results), "scorecard": str(folder / "scorecard.csv"),
            "workbook": str(workbook), "sheets": sheets}


# The run handed to forked figure workers: they inherit it instead of unpickling an Engine.
_FORKED_RUN = None


def _figure(job: tuple[str, str | None], lang: str, folder: Path, run=None) -> list[Path]:
    run = run or _FORKED_RUN
    kind, variable = job
    if kind == "overview":
        return plots.overview_figure(run.dataset, run.scenarios, run.targets, run.history, lang, folder)
    if kind == "levers":
        return plots.lever_figure(run.dataset, run.scenarios, run.levers, lang, folder)
    return plots.indicator_figure(variable, run.dataset, run.scenarios, run.targets, run.history, lang, folder)


def _ignore_interrupts() -> None:
    """Figure workers leave Ctrl-C (sent to the whole process group) to the parent, which
    cancels them and reports it once."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def write_figures(run, folder: Path, lang: str, progress: Callable[[int], None] | None = None,
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


def figure_count(run) -> int:
    return len(plots.figure_indicators(run.targets)) + 2
