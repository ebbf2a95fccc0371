"""Files and figures of a compare run (what ``innovsd.prepare_comparison`` returns: ``run`` below):
results, scorecard, workbook, provenance, then the figures asked for, written into a folder the command has
just created."""

from __future__ import annotations

from concurrent.futures import Future
from pathlib import Path
from typing import Callable, Sequence

from innovsd.errors import InputError
from innovsd.model.horizon import DISPLAY_END
from innovsd.present.labels import key_indicators
from innovsd.text import cells
from innovsd.writing import json_text, output

from .words import word

from .render import DEFAULT_FORMATS, FigurePool

OVERVIEW, LEVERS = "overview", "levers"
SOURCES = "sources.csv"  # the full references the figures cite by name (citations.short_citations)
# What a planner attaches to a note: the key indicators on one page, the headline target's own
# figure (the TFP share, with every scenario's band) and the levers; each other indicator on request.
DEFAULT_FIGURES = (OVERVIEW, "TFP contribution to GRDP growth", LEVERS)
# Imported by each figure worker as it starts, while the model runs: the figures, and what saving
# them as PDF and PNG loads (else imported during the first figure).
FIGURE_MODULES = ("innovsd.present.compare_figures", "innovsd.present.compare_levers",
                  "matplotlib.backends.backend_pdf", "pypdfium2")


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
    with output(folder / SOURCES) as path:
        cells(source_rows(run, lang)).to_csv(path, index=False, encoding="utf-8-sig")
    written["sources"] = str(folder / SOURCES)
    with output(folder / "provenance.json") as path:
        path.write_text(json_text(prov, indent=2) + "\n", encoding="utf-8")
    if getattr(run, "policy_costs", None):
        from .costs_view import frame

        with output(folder / "costs.csv") as path:
            cells(frame(run, lang)).to_csv(path, index=False, encoding="utf-8-sig")
        written["costs"] = str(folder / "costs.csv")
    return written


def source_rows(run, lang: str):
    """The full reference behind every target, observation and scenario of the run (document with
    its section, web page address, data file row), which the figures' source lines cite by name only."""
    import pandas as pd

    from .citations import full_reference

    rows = [(word("cited target", lang), t.title[lang], " ".join(filter(None, (t.source, t.section)))) for t in run.targets]
    rows += [(word("observed", lang), f"{o.variable} {o.start}" + (f"–{o.end}" if o.end != o.start else ""),
              " ".join(filter(None, (o.source, o.section)))) for o in run.history]
    rows += [(word("scenario", lang), s.label(lang), s.source or "") for s in run.scenarios]
    rows = [(kind, name, full_reference(source, lang)) for kind, name, source in rows]
    return pd.DataFrame(rows, columns=[word("cited for", lang), word("name column", lang), word("source column", lang)])


def figure_indicators(targets) -> list[str]:
    """The indicators with a figure each: the key indicators, then any other indicator a target scores."""
    names = key_indicators()
    return names + [t.indicator for t in targets if t.indicator not in names and t.kind == "level"]


def all_figures(targets) -> list[str]:
    """Every figure compare can draw: the overview, one per indicator (``figure_indicators``), the levers."""
    return [OVERVIEW] + figure_indicators(targets) + [LEVERS]


def chosen_figures(text: str, targets=None) -> list[str]:
    """``--figures``: 'default' (DEFAULT_FIGURES), 'all', or names from ``all_figures`` separated by
    commas (an indicator by its model name), in the order compare draws them; ``targets``: the
    shipped ones unless given."""
    if targets is None:
        from innovsd.scenarios.targets import load_targets

        targets = load_targets()
    known = all_figures(targets)
    asked = [part.strip() for part in text.split(",") if part.strip()]
    wanted: set[str] = set()
    for name in asked or [text]:
        if name.lower() in ("default", "all"):
            wanted |= set(DEFAULT_FIGURES if name.lower() == "default" else known)
        elif name in known:
            wanted.add(name)
        else:
            raise InputError("not one of", value=name, known=", ".join(["default", "all"] + known), field="figures")
    return [name for name in known if name in wanted]


def figure_pool(chosen: Sequence[str], workers: int | None = None) -> FigurePool:
    """Workers for the ``chosen`` figures (see FigurePool), forked now: before the model's threads start."""
    return FigurePool(workers, FIGURE_MODULES, figures=len(chosen))


def submit_figures(pool, run, folder: Path, lang: str, formats: Sequence[str] = DEFAULT_FORMATS,
                   chosen: Sequence[str] | None = None) -> list[Future]:
    """The ``chosen`` figures (names of ``all_figures``; None: every one), handed to ``pool`` (a
    ``render.FigurePool``), the largest first; each future gives the files it wrote."""
    plots = "innovsd.present.compare_figures"  # imported by the workers that draw, not here
    levers = "innovsd.present.compare_levers"
    chosen = all_figures(run.targets) if chosen is None else chosen
    shown = (run.dataset.sel(time=slice(None, DISPLAY_END)), run.scenarios)
    futures = []
    for name in chosen:
        if name == OVERVIEW:
            futures.append(pool.draw(plots, "overview_figure", *shown, run.targets, run.history, lang, folder,
                                     tuple(formats)))
        elif name == LEVERS:
            futures.append(pool.draw(levers, "lever_figure", *shown, run.levers, lang, folder, tuple(formats)))
        else:
            futures.append(pool.draw(plots, "indicator_figure", name, *shown, run.targets, run.history, lang, folder,
                                     tuple(formats)))
    return futures


def write_figures(run, folder: Path, lang: str, progress: Callable[[int], None] | None = None,
                  workers: int | None = None, formats: Sequence[str] = DEFAULT_FORMATS,
                  chosen: Sequence[str] | None = None) -> list[Path]:
    """The ``chosen`` figures (None: every one) in ``formats`` (PNG at 300 dpi, SVG, PDF), drawn in
    parallel processes where fork is available; ``progress(1)`` after each figure."""
    chosen = all_figures(run.targets) if chosen is None else chosen
    with figure_pool(chosen, workers) as pool:
        written = pool.results(submit_figures(pool, run, folder, lang, formats, chosen), progress)
    return [path for paths in written for path in paths]
