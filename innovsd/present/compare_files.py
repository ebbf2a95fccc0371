"""Files and figures of a compare run (what ``innovsd.prepare_comparison`` returns: ``run`` below):
results, scorecard, workbook, provenance, then every figure, written into a folder the command has
just created."""

from __future__ import annotations

from concurrent.futures import Future
from pathlib import Path
from typing import Callable, Sequence

from innovsd.model.horizon import DISPLAY_END
from innovsd.text import cells
from innovsd.writing import json_text, output

from . import compare_figures as plots
from .render import DEFAULT_FORMATS, FigurePool


def export(run, folder: Path, lang: str, workbook: bool = True) -> dict[str, object]:
    """Results CSV (long), scorecard CSV, Excel workbook (unless not ``workbook``: the brief has no use
    for it) and provenance.json."""
    from innovsd.present.adapters import workbook_from_run

    results = folder / "results.csv"
    table = run.to_dataframe()
    # utf-8-sig: the BOM makes Excel on Windows read Vietnamese correctly; no text cell can be a formula.
    with output(results):
        cells(table).to_csv(results, index=False, encoding="utf-8-sig")
    with output(folder / "scorecard.csv") as path:
        cells(run.scorecard_frame(lang)).to_csv(path, index=False, encoding="utf-8-sig")
    prov = run.provenance()
    written = {"folder": str(folder), "results": str(results), "scorecard": str(folder / "scorecard.csv")}
    if workbook:
        written["workbook"] = str(folder / "results.xlsx")
        with output(folder / "results.xlsx") as path:
            written["sheets"] = workbook_from_run(run, path, lang, prov, table)
    with output(folder / "provenance.json") as path:
        path.write_text(json_text(prov, indent=2) + "\n", encoding="utf-8")
    if getattr(run, "policy_costs", None):
        from .costs_view import frame

        with output(folder / "costs.csv") as path:
            cells(frame(run, lang)).to_csv(path, index=False, encoding="utf-8-sig")
        written["costs"] = str(folder / "costs.csv")
    return written


def submit_figures(pool, run, folder: Path, lang: str, formats: Sequence[str] = DEFAULT_FORMATS) -> list[Future]:
    """Every figure of the comparison, handed to ``pool`` (a ``render.FigurePool``), the largest
    first; each future gives the files it wrote."""
    shown = (run.dataset.sel(time=slice(None, DISPLAY_END)), run.scenarios)
    futures = [pool.submit(plots.overview_figure, *shown, run.targets, run.history, lang, folder, tuple(formats))]
    futures += [pool.submit(plots.indicator_figure, variable, *shown, run.targets, run.history, lang, folder,
                            tuple(formats)) for variable in plots.figure_indicators(run.targets)]
    futures.append(pool.submit(plots.lever_figure, *shown, run.levers, lang, folder, tuple(formats)))
    return futures


def write_figures(run, folder: Path, lang: str, progress: Callable[[int], None] | None = None,
                  workers: int | None = None, formats: Sequence[str] = DEFAULT_FORMATS) -> list[Path]:
    """Every figure in ``formats`` (PNG at 300 dpi, SVG, PDF), drawn in parallel processes where
    fork is available; ``progress(1)`` after each figure."""
    with FigurePool(workers) as pool:
        written = pool.results(submit_figures(pool, run, folder, lang, formats), progress)
    return [path for paths in written for path in paths]


def figure_count(run) -> int:
    return len(plots.figure_indicators(run.targets)) + 2
