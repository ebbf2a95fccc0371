"""A compare run (what ``innovsd.prepare_comparison`` returns: ``run`` below) turned into the plain
inputs the deliverables take: the workbook, the brief, and the note of how a file was made."""

from __future__ import annotations

import sys
from concurrent.futures import Future
from datetime import datetime
from functools import partial
from importlib.metadata import version
from pathlib import Path

from innovsd.model.horizon import DISPLAY_END
from innovsd.present.labels import indicators, label, target_text, title, unit

from . import costs_view
from .words import word
from .workbook import write_workbook


def command_meta(model_sha256: str, parameter_set, year: int, lang: str) -> dict:
    """How a deliverable was made: date, version, model, parameter set, the command typed, year."""
    return {
        "date": datetime.now().isoformat(timespec="seconds"),
        "version": version("innovsd"),
        "model_sha256": model_sha256[:16],
        "parameter_set": parameter_set.path.name if parameter_set.path else word("model defaults", lang),
        "command": " ".join(["innovsd"] + sys.argv[1:]),
        "year": year,
    }


def _set_provenance(provenance: dict, lang: str) -> str:
    """The parameter set's own record: how and when it was made, on which data and model."""
    keys = ("kind", "command", "created_utc", "innovsd_version", "model_sha256", "data_sha256", "observations_used",
            "until", "source")
    return "; ".join(f"{word(f'set {k}', lang)}: {provenance[k]}" for k in keys if provenance.get(k) is not None)


def metadata_rows(run, prov: dict, lang: str) -> list[tuple[str, str]]:
    ps = prov["parameter_set"]
    return [
        (word("date", lang), prov["date"]),
        (word("command", lang), " ".join(["innovsd"] + sys.argv[1:])),
        (word("version", lang), version("innovsd")),
        (word("model file", lang), f"{prov['model']['file']} sha256 {prov['model']['sha256']}"),
        (word("parameter set", lang), f"{Path(ps['file']).name} sha256 {ps['sha256']}" if ps.get("file")
         else ps.get("note", "")),
        (word("provenance of set", lang), _set_provenance(run.parameter_set.provenance, lang)),
        (word("ensemble", lang), word("members", lang, n=prov["ensemble_members"])),
        (word("data files", lang), "; ".join(f"{prov[k]['file']} sha256 {prov[k]['sha256']}"
                                        for k in ("history", "targets", "parameter_table"))),
        (word("scenario files", lang), f"{', '.join(prov['scenarios']['names'])} sha256 {prov['scenarios']['sha256']}"),
    ]


def workbook_from_run(run, path: Path, lang: str, prov: dict, results=None) -> list[str]:
    """The workbook of a compare run; ``results``: its long table when already made."""
    results = run.to_dataframe() if results is None else results
    headers = {v: label(v, lang) for v in dict.fromkeys(results["variable"]) if v in indicators()}
    scenarios = [{"name": s.name, "title": dict(s.title)} for s in run.scenarios]
    targets = [{"id": t.id, "title": dict(t.title), "text": {l: target_text(t, l) for l in ("en", "vi")}}
               for t in run.targets]
    card = {tid: {n: {"value": sc.value, "met": sc.met, "probability": sc.probability, "band": sc.band,
                      "first_year": sc.first_year} for n, sc in row.items()} for tid, row in run.card.items()}
    extra = [partial(costs_view.add_sheet, run=run, lang=lang)] if getattr(run, "policy_costs", None) else []
    return write_workbook(path, scenarios, targets, card, results, headers, metadata_rows(run, prov, lang),
                          run.year, lang, extra)


def brief_figures(pool, run, folder: Path, lang: str) -> list[tuple[Future, str]]:
    """The brief's figures handed to ``pool`` (a ``render.FigurePool``), PNG only (what Word and the
    PDF page embed), with their captions: the overview, the first two targets' indicators in full,
    and the policy instruments."""
    from innovsd.present import compare_figures as plots

    png, shown = ("png",), (run.dataset.sel(time=slice(None, DISPLAY_END)), run.scenarios)
    jobs = [(pool.submit(plots.overview_figure, *shown, run.targets, run.history, lang, folder, png),
             word("overview", lang))]
    for variable in list(dict.fromkeys(t.indicator for t in run.targets))[:2]:
        jobs.append((pool.submit(plots.indicator_figure, variable, *shown, run.targets, run.history, lang, folder, png),
                     title(variable, lang)))
    jobs.append((pool.submit(plots.lever_figure, *shown, run.levers, lang, folder, png), word("levers", lang)))
    return jobs


def write_brief(run, folder: Path, lang: str, fmt: str, figures: list[tuple[Future, str]] | None = None) -> Path:
    """The brief as Word (``docx``) or PDF from a compare run, with ``figures`` from ``brief_figures``
    (drawn here, one after another, when not given)."""
    from innovsd.present import brief
    from innovsd.present.render import FigurePool

    figures = figures if figures is not None else brief_figures(FigurePool(workers=1), run, folder, lang)
    figure_files = [(future.result()[0], caption) for future, caption in figures]
    scenarios = [{"name": s.name, "title": dict(s.title), "description": {l: s.describe(l) for l in ("en", "vi")},
                  "source": s.source} for s in run.scenarios]
    targets = [{"id": t.id, "title": dict(t.title), "source": f"{t.source} {t.section}",
                "text": {l: target_text(t, l) for l in ("en", "vi")},
                "unit": {l: (word("percent per year", l) if t.kind == "growth" else unit(t.indicator, l))
                         for l in ("en", "vi")}} for t in run.targets]
    card = {tid: {n: {"value": sc.value, "met": sc.met, "probability": sc.probability} for n, sc in row.items()}
            for tid, row in run.card.items()}
    prov = run.provenance()
    meta = {**command_meta(prov["model"]["sha256"], run.parameter_set, run.year, lang), "model": prov["model"]["file"]}
    blocks = brief.brief_blocks(scenarios, targets, card, run.costs(brief.cost_items()), figure_files, meta,
                                word("question text", lang), run.year, run.ensemble_size, lang)
    path = folder / f"brief-{lang}.{fmt}"
    return brief.write_docx(blocks, path, lang) if fmt == "docx" else brief.write_pdf(blocks, path, lang)
