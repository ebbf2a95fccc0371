"""A compare run (what ``innovsd.prepare_comparison`` returns: ``run`` below) turned into the plain
inputs the deliverables take: the workbook, the brief, and the note of how a file was made."""

from __future__ import annotations

import sys
from concurrent.futures import Future
from datetime import datetime
from functools import partial
from importlib.metadata import version
from pathlib import Path

from innovsd.present.labels import indicators, label, target_text, title, unit

from . import costs_view
from .words import WORDS, number, word
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
    def shown(key: str, value) -> str:
        named = f"set {key} {value}"  # a value the word table names (kind: calibration)
        return word(named, lang) if named in WORDS else str(value)

    return "; ".join(f"{word(f'set {k}', lang)}: {shown(k, provenance[k])}" for k in keys
                     if provenance.get(k) is not None)


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


def _target_title(t, lang: str) -> str:
    """A growth target is named as the growth it measures, not as the count it grows."""
    if t.kind == "growth":
        return word("growth title", lang, title=t.title[lang], start=t.start, year=t.year)
    return t.title[lang]


def _sources_text(source: str, section: str, lang: str) -> str:
    from innovsd.present.brief import cited, document_titles

    return "; ".join(cited(source, document_titles(), lang)) + (f" ({section})" if section else "")


def costs_sentence(run, lang: str) -> str:
    """How costs are counted (scenarios/costs.py and its settings in scenarios/appraisal.csv)."""
    from .words import percent

    a = run.appraisal
    return word("costs text", lang, first=a.cost_from, last=a.cost_to, price=a.price_year, rate=percent(a.rate, lang),
                present=a.present_year, source=a.source)


def about_rows(run, lang: str) -> list[tuple[str, str]]:
    """The About sheet in plain words: what each sheet and column means, the scenarios, where each
    target comes from, the model's scope and limits."""
    from innovsd.present.brief import cited, document_titles

    start = run.dataset.attrs["policy_start"]
    rows = [(word("about scorecard", lang), word("about scorecard text", lang, year=run.year,
                                                  n=number(run.ensemble_size, lang, 0))),
            (word("first year", lang), word("about first year text", lang, start=start)),
            (word("tidy sheet", lang), word("about tidy text", lang)),
            (word("about scope", lang), word("model note", lang)),
            (word("about limits", lang), f"{word('limits text', lang)} {costs_sentence(run, lang)}")]
    titles = document_titles()
    for s in run.scenarios:
        sources = "; ".join(cited(s.source, titles, lang))
        rows.append((f"{word('scenario', lang)}: {s.label(lang)}",
                     " ".join(s.describe(lang).split()) + (f" ({word('source', lang)}: {sources})" if sources else "")))
    for t in run.targets:
        rows.append((f"{word('indicator', lang)}: {_target_title(t, lang)}",
                     f"{target_text(t, lang)}. {word('source', lang)}: {_sources_text(t.source, t.section, lang)}"))
    return rows


def workbook_from_run(run, path: Path, lang: str, prov: dict, results=None) -> list[str]:
    """The workbook of a compare run; ``results``: its long table when already made."""
    results = run.to_dataframe() if results is None else results
    headers = {v: label(v, lang) for v in dict.fromkeys(results["variable"]) if v in indicators()}
    scenarios = [{"name": s.name, "title": dict(s.title)} for s in run.scenarios]
    targets = [{"id": t.id, "title": {l: _target_title(t, l) for l in ("en", "vi")},
                "text": {l: target_text(t, l) for l in ("en", "vi")}, "low": t.low, "high": t.high,
                "unit": {l: word("percent per year", l) if t.kind == "growth" else unit(t.indicator, l)
                         for l in ("en", "vi")},
                "source": {l: _sources_text(t.source, t.section, l) for l in ("en", "vi")}} for t in run.targets]
    card = {tid: {n: {"value": sc.value, "met": sc.met, "vs_baseline": sc.vs_baseline, "probability": sc.probability,
                      "band": sc.band, "first_year": sc.first_year} for n, sc in row.items()}
            for tid, row in run.card.items()}
    extra = [partial(costs_view.add_sheet, run=run, lang=lang)] if getattr(run, "policy_costs", None) else []
    return write_workbook(path, scenarios, targets, card, results, headers, metadata_rows(run, prov, lang),
                          run.year, lang, about_rows(run, lang), extra)


def brief_figures(pool, run, folder: Path, lang: str) -> dict[str, Future]:
    """The brief's figures handed to ``pool`` (a ``render.FigurePool``), PNG only (what Word
    embeds): the headline chart and cost against effect."""
    from innovsd.present.brief_facts import brief_facts
    from innovsd.present.brief_reading import Reading
    from innovsd.present.scenario_style import styles

    charts = "innovsd.present.headline_figures"  # imported by the workers that draw, not here

    colours = {n: style["color"] for n, style in styles([s.name for s in run.scenarios]).items()}
    facts = brief_facts(run, lang, structures=False)
    reading = Reading(run.targets, run.card, run.scenarios, facts, lang)
    main = reading.main()
    shown_as = {n: f"{reading.tags(n)}. {reading.label[n]}" for n in main}
    shown = [s for s in run.scenarios if s.name in main]
    return {"headline": pool.draw(charts, "headline_figure", run.targets, run.card, shown, colours, run.year, lang,
                                  folder, ("png",), shown_as),
            "cost-effect": pool.draw(charts, "cost_effect_figure", run.targets, run.card, run.scenarios, colours,
                                     facts, run.year, lang, folder, ("png",),
                                     {n: reading.tags(n) for n in reading.names if reading.same_as(n) is None})}


def targets_outside() -> int:
    """How many targets of the plans the model does not represent (a target record that has a
    status column says so; otherwise none is known)."""
    try:
        from innovsd.scenarios.targets import load_target_record
    except ImportError:
        return 0
    return sum(1 for t in load_target_record() if getattr(t, "status", "") == "outside")


def write_brief(run, folder: Path, lang: str, fmt: str, figures: dict[str, Future] | None = None) -> Path:
    """The brief as Word (``docx``) or PDF from a compare run, with ``figures`` from ``brief_figures``
    (drawn here, one after another, when not given)."""
    from innovsd.present import brief, brief_docx
    from innovsd.present.render import FigurePool

    figures = figures if figures is not None else brief_figures(FigurePool(workers=1), run, folder, lang)
    figure_files = {key: future.result()[0] for key, future in figures.items()}
    prov = run.provenance()
    meta = {**command_meta(prov["model"]["sha256"], run.parameter_set, run.year, lang), "model": prov["model"]["file"]}
    from babel.dates import format_date

    today = datetime.now()
    pattern = word("date pattern", lang)
    if today.month < 3:  # Decree 30 writes the months 1 and 2 with a leading zero (so they cannot be altered)
        pattern = pattern.replace(" M ", " MM ")
    meta["date_line"] = word("place and date", lang, date=format_date(today, pattern, locale=lang))
    start = run.dataset.attrs["policy_start"]
    from innovsd.present.brief_facts import brief_facts

    blocks = brief.brief_blocks(run.targets, run.card, run.scenarios, brief_facts(run, lang), figure_files, meta,
                                run.year, start, run.ensemble_size, targets_outside(), lang)
    title = word("brief title", lang, year=run.year)
    path = folder / f"brief-{lang}.{fmt}"
    write = brief_docx.write_docx if fmt == "docx" else brief_docx.write_pdf
    return write(blocks, path, lang, title)
