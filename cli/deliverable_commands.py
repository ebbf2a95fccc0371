"""`innovsd explore`, `export`, `diff` and the Word/workbook side of `report`: the glue between
today's compare pipeline and the deliverables package (which only takes computed results)."""

from __future__ import annotations

import sys
from datetime import datetime
from importlib.metadata import version
from pathlib import Path
from typing import Optional

import typer

from innovsd.cli.app import app, console, final_path, new_run_folder

PARAMS_HELP = "Parameter-set file (JSON from `innovsd calibrate`); default: the shipped calibrated set."


def _meta(engine, parameter_set, year: int, lang: str) -> dict:
    from innovsd.present.words import word
    from innovsd.resources import file_sha256

    return {
        "date": datetime.now().isoformat(timespec="seconds"),
        "version": version("innovsd"),
        "model_sha256": file_sha256(engine.mdl_path)[:16],
        "parameter_set": parameter_set.path.name if parameter_set.path else word("model defaults", lang),
        "command": " ".join(["innovsd"] + sys.argv[1:]),
        "year": year,
    }


def _history_rows(history) -> list[dict]:
    """Observed levels as the figures draw them: a period total as its yearly average."""
    rows = []
    for o in history:
        if o.kind == "growth":
            continue
        value = o.value / (o.end - o.start + 1) if o.kind == "sum" else o.value
        rows.append({"variable": o.variable, "start": o.start, "end": o.end, "value": value})
    return rows


@app.command()
def explore(
    scenario: list[str] = typer.Argument(None, help="Scenarios drawn as dashed reference lines (default: baseline)."),
    params: Optional[Path] = typer.Option(None, "--params", help=PARAMS_HELP),
    year: int = typer.Option(2030, "--year", help="Year the read-outs show and the ramps reach."),
    lang: str = typer.Option("en", "--lang", help="Language the page opens in (it can switch): en or vi."),
):
    """Write one offline HTML file with sliders over a precomputed grid of policy instruments."""

    from innovsd.calibration.history import load_history
    from innovsd.present import explore as page
    from innovsd.scenarios import explore as grids
    from innovsd.model.engine import shared_engine
    from innovsd.present.labels import indicators, key_indicators, target_text
    from innovsd.model.parameters import ParameterTable, load_parameter_set
    from innovsd.present.words import check_language, number, word
    from innovsd.scenarios.compare import run_comparison
    from innovsd.scenarios.library import ScenarioLoader
    from innovsd.model.horizon import check_year
    from innovsd.scenarios.levers import load_levers
    from innovsd.scenarios.seek import POLICY_START
    from innovsd.scenarios.targets import load_targets

    lang = check_language(lang)
    engine = shared_engine()
    year = check_year(year, engine, field="year")
    table = ParameterTable()
    parameter_set = load_parameter_set(params, table)
    loader = ScenarioLoader(engine, table)
    references = [loader.load(r) for r in (scenario or ["baseline"])]
    levers = grids.grid_levers(load_levers(engine, table))
    targets = load_targets()
    history = load_history(None, engine)
    shown = [v for v in key_indicators() if v in engine.variables]
    shown += [t.indicator for t in targets if t.indicator not in shown]
    with console.status(word("running grid", lang)):
        grid = grids.run_grid(engine, levers, parameter_set.values, parameter_set.ensemble_arrays(), shown, targets,
                             policy_start=parameter_set.values.get(POLICY_START, engine.constants[POLICY_START]),
                             by_year=year)
        comparison = run_comparison(engine, references, parameter_set, shown)
    labels = indicators()
    shown_rows = [{"variable": v, "title": dict(labels[v].title) if v in labels else {"en": v, "vi": v},
                   "unit": dict(labels[v].unit) if v in labels else {"en": "", "vi": ""}} for v in shown]
    target_rows = [{"id": t.id, "indicator": t.indicator, "kind": t.kind, "low": t.low, "high": t.high,
                    "year": t.year, "title": dict(t.title),
                    "text": {l: f"{word('target', l)}: {target_text(t, l)}" for l in ("en", "vi")}}
                   for t in targets]
    years = grid["years"]
    reference_rows = {s.name: {"title": dict(s.title),
                               "series": {v: [float(comparison.central[s.name].at(v, y)[0]) for y in years]
                                          for v in shown}}
                      for s in references}
    data = page.page_data(grid, levers, shown_rows, target_rows, reference_rows, _history_rows(history),
                          page.page_words(), {**_meta(engine, parameter_set, year, lang), "lang": lang})
    folder = new_run_folder("explore")
    path = page.write_page(data, folder / "explorer.html")
    size = path.stat().st_size / 1e6
    console.print(word("explorer file", lang, path=final_path(path), size=number(size, lang), combos=number(len(grid["combos"]), lang, 0),
                       sets=number(grid["members"] + 1, lang, 0)), highlight=False, markup=False)


EXPORT_FORMATS = ("mdl", "xmile", "tab", "cin")


@app.command()
def export(
    scenario: str = typer.Argument(..., help="Scenario name or YAML file."),
    formats: list[str] = typer.Option(list(EXPORT_FORMATS), "--format",
                                      help="mdl (Vensim), xmile (Stella, Simlin), tab (Vensim results), "
                                           "cin (Vensim changes file); repeat for several."),
    params: Optional[Path] = typer.Option(None, "--params", help=PARAMS_HELP),
    lang: str = typer.Option("en", "--lang", help="Language of the messages: en or vi."),
):
    """Write the scenario for Vensim or Stella: model with values and lever tables, changes file, results."""
    import numpy as np

    from innovsd.present import vensim
    from innovsd.errors import InputError
    from innovsd.model.engine import shared_engine
    from innovsd.present.words import check_language, word
    from innovsd.model.parameters import ParameterTable, load_parameter_set
    from innovsd.scenarios.library import ScenarioLoader

    lang = check_language(lang)
    for fmt in formats:
        if fmt not in EXPORT_FORMATS:
            raise InputError("not one of", value=fmt, known=", ".join(EXPORT_FORMATS), field="--format")
    engine = shared_engine()
    table = ParameterTable()
    parameter_set = load_parameter_set(params, table)
    chosen = ScenarioLoader(engine, table).load(scenario)
    constants = {**parameter_set.values, **chosen.params}
    lookups = {name: (np.asarray(years), np.asarray(values)) for name, (years, values) in chosen.paths.items()}
    folder = new_run_folder("export", chosen.name)
    stem = folder / f"{engine.mdl_path.stem}-{chosen.name}"
    mdl_text = engine.mdl_path.read_text(encoding="utf-8")
    model_text = vensim.rewrite_model(mdl_text, constants, lookups)
    written = []
    if "mdl" in formats or "xmile" in formats:
        stem.with_suffix(".mdl").write_text(model_text, encoding="utf-8")
        written.append(stem.with_suffix(".mdl"))
    if "xmile" in formats:
        stem.with_suffix(".xmile").write_bytes(vensim.xmile_bytes(stem.with_suffix(".mdl")))
        written.append(stem.with_suffix(".xmile"))
    if "cin" in formats:
        comment = (f"innovsd {version('innovsd')}: scenario {chosen.name}, parameter set "
                   f"{parameter_set.path.name if parameter_set.path else 'model defaults'}; load with {engine.mdl_path.name}")
        text = vensim.changes_file(constants, lookups, vensim.lookup_ranges(mdl_text), comment)
        stem.with_suffix(".cin").write_text(text, encoding="utf-8")
        written.append(stem.with_suffix(".cin"))
    if "tab" in formats:
        results = engine.run(constants, chosen.paths).member(0)
        stem.with_suffix(".tab").write_text(vensim.tab_text(results), encoding="utf-8")
        written.append(stem.with_suffix(".tab"))
    for path in written:
        console.print(word("wrote", lang, path=final_path(path)), highlight=False, markup=False)


BRIEF_FORMATS = ("pdf", "docx")


def _costs(run, items: list[dict]) -> dict[str, float]:
    """City money per scenario (innovsd/present/costs.csv): extra spending over the baseline from the
    policy start to the scorecard year, plus capital a scenario sets."""
    from innovsd.present.compare_figures import policy_start

    years = [y for y in range(policy_start(), run.year + 1)]
    out = {}
    for s in run.scenarios:
        total = 0.0
        for item in items:
            if item["kind"] == "constant":
                total += s.params.get(item["name"], 0.0)
            elif run.comparison.baseline is not None and item["name"] in run.comparison.central[s.name].values:
                sim, base = run.comparison.central[s.name], run.comparison.baseline
                total += sum(float(sim.at(item["name"], y)[0] - base.at(item["name"], y)[0]) for y in years)
        out[s.name] = total
    return out


def write_brief(run, folder: Path, lang: str, fmt: str) -> Path:
    """The brief as Word or PDF from a prepared compare run (figures written into ``folder``)."""
    from innovsd.present import brief
    from innovsd.present.labels import target_text, title, unit
    from innovsd.present import compare_figures as plots
    from innovsd.present.words import word
    from innovsd.scenarios import pipeline

    # The overview, the first two targets' indicators in full, and the policy instruments.
    figure_files = [(plots.overview_figure(run.comparison, run.targets, run.history, lang, folder)[0],
                     word("overview", lang))]
    for variable in list(dict.fromkeys(t.indicator for t in run.targets))[:2]:
        figure_files.append((plots.indicator_figure(variable, run.comparison, run.targets, run.history, lang,
                                                    folder)[0], title(variable, lang)))
    figure_files.append((plots.lever_figure(run.comparison, run.engine.levers, lang, folder)[0], word("levers", lang)))
    scenarios = [{"name": s.name, "title": dict(s.title), "description": {l: s.describe(l) for l in ("en", "vi")},
                  "source": s.source} for s in run.scenarios]
    targets = [{"id": t.id, "title": dict(t.title), "source": f"{t.source} {t.section}",
                "text": {l: target_text(t, l) for l in ("en", "vi")},
                "unit": {l: (word("percent per year", l) if t.kind == "growth" else unit(t.indicator, l))
                         for l in ("en", "vi")}} for t in run.targets]
    card = {tid: {n: {"value": sc.value, "met": sc.met, "probability": sc.probability} for n, sc in row.items()}
            for tid, row in run.card.items()}
    prov = pipeline.provenance(run)
    meta = {**_meta(run.engine, run.parameter_set, run.year, lang), "model": prov["model"]["file"]}
    blocks = brief.brief_blocks(scenarios, targets, card, _costs(run, brief.cost_items()), figure_files, meta,
                                word("question text", lang), run.year, run.comparison.ensemble_size, lang)
    path = folder / f"brief-{lang}.{fmt}"
    return brief.write_docx(blocks, path, lang) if fmt == "docx" else brief.write_pdf(blocks, path, lang)


@app.command()
def diff(
    run_a: Path = typer.Argument(..., help="First output folder (from compare or report)."),
    run_b: Path = typer.Argument(..., help="Second output folder."),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output."),
    lang: str = typer.Option("en", "--lang", help="Language of the tables: en or vi."),
):
    """What changed between two output folders: inputs (model, data, parameter set, scenarios) and scorecard values."""
    import json

    from rich.table import Table

    from innovsd.present import rundiff
    from innovsd.present.words import check_language, percent, significant, word

    lang = check_language(lang)
    prov_a, card_a = rundiff.read_run(run_a)
    prov_b, card_b = rundiff.read_run(run_b)
    inputs = rundiff.input_changes(prov_a, prov_b)
    values = rundiff.scorecard_changes(card_a, card_b)
    if as_json:
        console.print_json(json.dumps({
            "inputs": [{"input": what, "a": a, "b": b} for what, a, b in inputs],
            "scorecard": json.loads(values.to_json(orient="records")),
        }, ensure_ascii=False, default=str))
        return
    console.print(f"A: {run_a}\nB: {run_b}", highlight=False, markup=False)
    if inputs:
        view = Table(title=word("inputs differ", lang), header_style="bold")
        for column in (word("input", lang), "A", "B"):
            view.add_column(column, overflow="fold")
        for what, a, b in inputs:
            view.add_row(word(f"input {what}", lang), str(a), str(b))
        console.print(view)
    else:
        console.print(word("same inputs", lang), highlight=False)
    if values.empty:
        console.print(word("no value changed", lang), highlight=False)
        return
    view = Table(title=word("values differ", lang), header_style="bold")
    named = (word("target column", lang), word("scenario column", lang))
    for column in named + ("A", "B", "B - A", word("met change", lang), "P A → B"):
        view.add_column(column, overflow="fold", justify="left" if column in named else "right")

    def shown(x, form=significant, **how):
        if x is None or (isinstance(x, float) and x != x):
            return "—"
        if isinstance(x, bool) or str(x) in ("True", "False"):
            return word("yes" if str(x) == "True" else "no", lang)
        return form(x, lang, **how) if isinstance(x, float) else str(x)

    for row in values.to_dict("records"):
        view.add_row(row["target"], row["scenario"], shown(row["value_a"]), shown(row["value_b"]), shown(row["change"], sign=True),
                     f"{shown(row.get('met_a'))} → {shown(row.get('met_b'))}",
                     f"{shown(row.get('probability_met_a'), percent)} → {shown(row.get('probability_met_b'), percent)}")
    console.print(view)
