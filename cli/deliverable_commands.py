"""`innovsd explore`, `export` and `diff`: the offline explorer page, the scenario for Vensim and
Stella, and what changed between two output folders."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from innovsd.cli.app import app, console, emit_json, final_path, new_run_folder
from innovsd.cli.cluster import dask_executor, dask_option
from innovsd.cli.options import json_option, lang_option, params_option, year_option


@app.command()
def explore(
    scenario: list[str] = typer.Argument(None, help="Scenarios drawn as dashed reference lines (default: baseline)."),
    params: Optional[Path] = params_option(),
    year: int = year_option("Year the read-outs show and the ramps reach."),
    lang: str = lang_option("Language the page opens in (it can switch): en or vi."),
    dask: Optional[str] = dask_option(),
):
    """Write one offline HTML file with sliders over a precomputed grid of policy instruments."""
    import innovsd
    from innovsd.present.explore import write_explorer
    from innovsd.present.words import check_language, number, word

    lang = check_language(lang)
    from innovsd.present.brief import cost_items, cost_variables

    spending = cost_variables(cost_items())
    with dask_executor(dask) as executor, console.status(word("running grid", lang)):
        exploration = innovsd.explore(scenario or None, params=params, year=year, executor=executor, extra=spending)
    folder = new_run_folder("explore")
    path = write_explorer(exploration, folder, lang)
    size = path.stat().st_size / 1e6
    console.print(word("explorer file", lang, path=final_path(path), size=number(size, lang),
                       combos=number(len(exploration.grid["combos"]), lang, 0),
                       sets=number(exploration.grid["members"] + 1, lang, 0)), highlight=False, markup=False, soft_wrap=True)


@app.command()
def export(
    scenario: str = typer.Argument(..., help="Scenario name or YAML file."),
    formats: list[str] = typer.Option(["mdl", "xmile", "tab", "cin"], "--format",
                                      help="mdl (Vensim), xmile (Stella, Simlin), tab (Vensim results), "
                                           "cin (Vensim changes file); repeat for several."),
    params: Optional[Path] = params_option(),
    lang: str = lang_option("Language of the messages: en or vi."),
):
    """Write the scenario for Vensim or Stella: model with values and lever tables, changes file, results."""
    import innovsd
    from innovsd.present import vensim
    from innovsd.present.words import check_language, word

    lang = check_language(lang)
    vensim.check_formats(formats)
    result = innovsd.simulate(scenario, params=params)
    folder = new_run_folder("export", result.attrs["scenario"])
    for path in vensim.write_export(result, formats, folder):
        console.print(word("wrote", lang, path=final_path(path)), highlight=False, markup=False, soft_wrap=True)


@app.command()
def diff(
    run_a: Path = typer.Argument(..., help="First output folder (from compare or report)."),
    run_b: Path = typer.Argument(..., help="Second output folder."),
    as_json: bool = json_option(),
    lang: str = lang_option("Language of the tables: en or vi."),
):
    """What changed between two output folders: inputs (model, data, parameter set, scenarios) and scorecard values."""
    import json

    from rich.markup import escape
    from rich.table import Table

    from innovsd.present import rundiff
    from innovsd.present.words import check_language, percent, significant, word
    from innovsd.text import clean, shorten
    from innovsd.writing import json_text

    lang = check_language(lang)
    prov_a, card_a = rundiff.read_run(run_a)
    prov_b, card_b = rundiff.read_run(run_b)
    inputs = rundiff.input_changes(prov_a, prov_b)
    values = rundiff.scorecard_changes(card_a, card_b)
    if as_json:
        emit_json(json_text({
            "inputs": [{"input": what, "a": a, "b": b} for what, a, b in inputs],
            "scorecard": json.loads(values.to_json(orient="records")),
        }, default=str, indent=2))
        return
    console.print(f"A: {clean(run_a)}\nB: {clean(run_b)}", highlight=False, markup=False)
    if inputs:
        view = Table(title=word("inputs differ", lang), header_style="bold")
        for column in (word("input", lang), "A", "B"):
            view.add_column(column, overflow="fold")
        for what, a, b in inputs:
            view.add_row(word(f"input {what}", lang), escape(shorten(str(a))), escape(shorten(str(b))))
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
        view.add_row(escape(row["target"]), escape(row["scenario"]), shown(row["value_a"]), shown(row["value_b"]), shown(row["change"], sign=True),
                     f"{shown(row.get('met_a'))} → {shown(row.get('met_b'))}",
                     f"{shown(row.get('probability_met_a'), percent)} → {shown(row.get('probability_met_b'), percent)}")
    console.print(view)
