"""`innovsd run`, `describe` and `check`: one simulation, the model's contents, its validity."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from innovsd.cli.app import app, console, emit_json, final_path, finish, new_run_folder
from innovsd.cli.options import json_option, lang_option, params_option
from innovsd.errors import InputError
from innovsd.writing import json_text


def assignments(texts: list[str]) -> dict[str, str]:
    """Command-line ``NAME=VALUE`` pairs; the API checks names and values."""
    raw: dict[str, str] = {}
    for text in texts:
        name, sep, value = text.partition("=")
        if not sep or not name.strip():
            raise InputError("not NAME=VALUE", text=text, source="--set")
        raw[name.strip()] = value.strip()
    return raw


@app.command()
def run(
    scenario: str = typer.Argument("baseline", help="Scenario name (see `innovsd scenarios`) or YAML file."),
    set_: list[str] = typer.Option([], "--set", help="Override a constant: NAME=VALUE (repeatable)."),
    params: Optional[Path] = params_option(),
    as_json: bool = json_option("Print a machine-readable summary instead of the table."),
    lang: str = lang_option("Language of table and plot: en or vi."),
    no_plot: bool = typer.Option(False, "--no-plot", help="Skip the plot (faster)."),
):
    """Run one scenario; print the key indicators by year; save results CSV and a plot."""
    import innovsd
    from innovsd.present import run as present
    from innovsd.present.words import check_language, word

    lang = check_language(lang)
    result = innovsd.simulate(scenario, params=params, overrides=assignments(set_))
    folder = new_run_folder("run", result.attrs["scenario"])
    written = present.write_run(result, folder)
    if not no_plot:
        written["plot"] = str(present.plot(result, folder, lang, innovsd.history()))
    written = {k: final_path(v) for k, v in written.items()}
    finish(folder)
    if as_json:
        emit_json(json_text(present.summary(result, written), indent=2))
        return
    console.print(present.table(result, lang))
    console.print(word("results file", lang, path=written["results"])
                  + ("\n" + word("plot file", lang, path=written["plot"]) if "plot" in written else ""),
                  highlight=False, markup=False, soft_wrap=True)


@app.command()
def describe(
    kind: str = typer.Option("all", "--kind", help="all, stock, flow, constant, lever or auxiliary."),
    as_json: bool = json_option(),
    loops: bool = typer.Option(False, "--loops", help="Also draw the causal-loop diagram (PNG)."),
    lang: str = lang_option("Language of the tables and the diagram: en or vi."),
):
    """List the model's stocks, flows, levers and parameters with units, ranges and sources."""
    from rich.table import Table

    import innovsd
    from rich.markup import escape

    from innovsd.present.labels import documentation, title, unit_text
    from innovsd.present.words import check_language, significant, word
    from innovsd.present.model_figures import plot_loops

    lang = check_language(lang)
    if loops:
        diagram = plot_loops(new_run_folder("describe", "loops"), lang)
        console.print(word("loop file", lang, path=final_path(diagram)), highlight=False, markup=False, soft_wrap=True)

    description = innovsd.describe(kind)
    rows = description.rows
    if as_json:
        emit_json(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    def named(name: str) -> str:
        """Vietnamese readers get the title, with the model name (what --set and scenarios use) under it."""
        return escape(name) if lang == "en" else f"{escape(title(name, lang))}\n[dim]{escape(name)}[/]"

    for role in description.roles:
        group = [r for r in rows if r["role"] == role]
        if not group:
            continue
        view = Table(title=word(f"role {role}", lang, n=len(group)), show_lines=False, header_style="bold")
        view.add_column(word("name", lang), overflow="fold")
        view.add_column(word("units", lang), overflow="fold")
        if role == "constant":
            view.add_column(word("value", lang), justify="right")
            view.add_column(word("range", lang), justify="right")
            view.add_column(word("basis", lang))
            view.add_column(word("source column", lang), overflow="fold", max_width=60)
            for r in group:
                basis = word(f"basis {r['basis']}", lang) if r["basis"] else ""
                view.add_row(named(r["name"]), unit_text(r["units"], lang), significant(r["value"], lang, 6),
                             f"{significant(r['low'], lang, 6)}–{significant(r['high'], lang, 6)}",
                             basis + (" *" if r["calibrated"] else ""), escape(r["source"]))
        else:
            view.add_column(word("documentation", lang), overflow="fold")
            for r in group:
                view.add_row(named(r["name"]), unit_text(r["units"], lang), escape(documentation(r["name"], r["doc"], lang)))
        console.print(view)
    if kind in ("all", "constant"):
        console.print(word("calibrated note", lang), highlight=False)


@app.command()
def check(
    params: Optional[Path] = params_option(),
    as_json: bool = json_option(),
    lang: str = lang_option("Language of the table: en or vi."),
):
    """Run the model's validity checks and report each one."""
    import innovsd
    from innovsd.present.words import check_language, percent, word

    lang = check_language(lang)

    report = innovsd.check(params)
    results = report.results
    failed, warned = report.with_status("fail"), report.with_status("warn")
    if as_json:
        emit_json(json_text(report.records(), default=float, indent=2))
    else:
        from rich.markup import escape
        from rich.table import Table

        view = Table(title=word("check title", lang), header_style="bold")
        view.add_column(word("check", lang), overflow="fold")
        view.add_column(word("result", lang))
        view.add_column(word("detail", lang), overflow="fold")
        colours = {"pass": "green", "warn": "yellow", "fail": "red"}
        for r in results:
            view.add_row(escape(r.title.text(lang)), f"[{colours[r.status]}]{word(r.status, lang)}[/]",
                         escape(r.finding.text(lang)))
        console.print(view)
        for note in report.notes:
            console.print(word("note", lang, text=note.text(lang)), highlight=False)
        console.print(word("check summary", lang, passed=len(results) - len(failed) - len(warned), warned=len(warned),
                           tolerance=percent(report.history_tolerance, lang), failed=len(failed)), highlight=False)
    if failed:
        raise typer.Exit(1)
