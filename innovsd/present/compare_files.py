"""Files and figures of a compare run (what ``innovsd.prepare_comparison`` returns: ``run`` below):
results, scorecard, workbook, provenance, then every figure, written into a folder the command has
just created."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

from innovsd.text import cells
from innovsd.writing import json_text, output

from . import compare_figures as plots


def export(run, folder: Path, lang: str) -> dict[str, object]:
    """Results CSV (long), scorecard CSV, Excel workbook and provenance.json: the fast part."""
    from innovsd.present.adapters import workbook_from_run

    results = folder / "results.csv"
    # utf-8-sig: the BOM makes Excel on Windows read Vietnamese correctly; no text cell can be a formula.
    with output(results):
        cells(run.to_dataframe()).to_csv(results, index=False, encoding="utf-8-sig")
    with output(folder / "scorecard.csv") as path:
        cells(run.scorecard_frame(lang)).to_csv(path, index=False, encoding="utf-8-sig")
    workbook = folder / "results.xlsx"
    prov = run.provenance()
    with output(workbook):
        sheets = workbook_from_run(run, workbook, lang, prov)
    with output(folder / "provenance.json") as path:
        path.write_text(json_text(prov, indent=2) + "\n", encoding="utf-8")
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


PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent dies


def _worker_start(parent: int) -> None:
    """Figure workers leave Ctrl-C (sent to the whole process group) to the parent, which
    stops them and reports it once; SIGTERM and SIGHUP end them at once (not the parent's
    handler they were forked with), and so does their parent's end, however it ends (Linux)."""
    import ctypes
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass  # not Linux: a worker ends when it finds the parent's end of its queue closed
    if os.getppid() != parent:  # the parent went before prctl took effect
        os._exit(1)


def stop_workers(pool) -> None:
    """End a process pool now: futures not started are dropped, workers drawing are ended
    (they would go on writing into a folder the command has given up)."""
    pool.shutdown(wait=False, cancel_futures=True)
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.terminate()
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.join(5)


def write_figures(run, folder: Path, lang: str, progress: Callable[[int], None] | None = None,
                  workers: int | None = None) -> list[Path]:
    """Every figure as PNG (300 dpi), SVG and PDF; in parallel processes where fork is available."""
    import multiprocessing
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
                                 initializer=_worker_start, initargs=(os.getpid(),)) as pool:
            futures = [pool.submit(_figure, job, lang, folder) for job in jobs]
            try:
                for future in futures:
                    paths += future.result()
                    if progress:
                        progress(1)
            except BaseException:  # a stop signal or a failed figure: no worker goes on
                stop_workers(pool)
                raise
    finally:
        _FORKED_RUN = None
    return paths


def figure_count(run) -> int:
    return len(plots.figure_indicators(run.targets)) + 2
