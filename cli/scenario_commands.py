"""`innovsd scenarios [show NAME]`, `compare` and `report`: the planners' commands."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from innovsd.cli.app import app, console, emit_json, final_path, finish, new_run_folder, settings, shown_path
from innovsd.cli.cluster import dask_executor, dask_option
from innovsd.cli.options import formats_option, json_option, lang_option, params_option, year_option
from innovsd.cli.progress import progress
from innovsd.writing import json_text

BRIEF_FORMATS = ("pdf", "docx")
scenarios_app = typer.Typer(help="List the policy scenarios, or show one with everything it inherits.",
                            invoke_without_command=True, no_args_is_help=False)
app.add_typer(scenarios_app, name="scenarios")


def _piece_text(piece: dict) -> str:
    kind = piece["kind"]
    if kind == "value":
        return f"{piece['value']:g} from {piece['from']:g}"
    if kind == "step":
        return f"step to {piece['value']:g} in {piece['year']:g}"
    if kind == "ramp":
        start = f"{piece['start']:g}" if "start" in piece else "current"
        return f"ramp {start} -> {piece['end']:g}, {piece['from']:g}-{piece['to']:g}"
    return "table " + ", ".join(f"{y:g}: {v:g}" for y, v in piece["table"].items())


@scenarios_app.callback()
def scenarios(ctx: typer.Context, as_json: bool = json_option(),
              lang: str = lang_option("Language of the table: en or vi.")):
    """List the shipped scenarios: name, title, what each extends, its source."""
    if ctx.invoked_subcommand:
        return
    import innovsd
    from innovsd.present.words import check_language, word

    chosen = innovsd.load_scenarios()
    if as_json:
        emit_json(json.dumps([{"name": s.name, "title": s.title, "extends": s.extends, "source": s.source,
                               "file": str(s.file)} for s in chosen], ensure_ascii=False, indent=2))
        return
    from rich.markup import escape
    from rich.table import Table

    lang = check_language(lang)
    view = Table(title=word("scenario list", lang), header_style="bold", show_lines=True)
    for column in ("name", "title column", "extends column", "source column"):
        view.add_column(word(column, lang), overflow="fold")
    other = "vi" if lang == "en" else "en"
    for s in chosen:
        view.add_row(escape(s.name), f"{escape(s.title[lang])}\n[dim]{escape(s.title[other])}[/]",
                     escape(", ".join(s.extends) or "-"), escape(s.source))
    _show(view)
    console.print(word("show one", lang), highlight=False)


@scenarios_app.command("show")
def show(
    name: str = typer.Argument(..., help="Scenario name or path to a YAML file."),
    as_json: bool = json_option(),
    lang: str = lang_option("Language of the text: en or vi."),
):
    """Print one scenario with its inheritance resolved: lever pieces and constants."""
    from rich.markup import escape
    from rich.table import Table

    import innovsd
    from innovsd.present.words import check_language, word

    described = innovsd.describe_scenario(name, (2026, 2030, 2035))
    s = described.scenario
    if as_json:
        emit_json(json.dumps({
            "name": s.name, "title": s.title, "description": s.description, "source": s.source,
            "extends": s.extends, "files": [str(p) for p in s.chain], "levers": s.levers, "params": s.params,
        }, ensure_ascii=False, default=str, indent=2))
        return
    lang = check_language(lang)
    other = "vi" if lang == "en" else "en"
    console.print(f"[bold]{escape(s.name)}[/]: {escape(s.title[lang])} / {escape(s.title[other])}")
    console.print(s.describe(lang), highlight=False, markup=False)
    if other in s.description:
        console.print(s.describe(other), style="dim", highlight=False, markup=False)
    console.print(word("source line", lang, source=s.source), highlight=False, markup=False)
    console.print(word("extends line", lang, extends=", ".join(s.extends) or "-",
                       files=", ".join(p.name for p in s.chain)), highlight=False, markup=False)
    view = Table(title=word("resolved", lang), header_style="bold")
    view.add_column(word("instrument or constant", lang), overflow="fold")
    view.add_column(word("setting", lang), overflow="fold")
    view.add_column(", ".join(str(y) for y in described.years), justify="right")
    for lever in described.levers:
        pieces = lever["pieces"]
        values = ", ".join(f"{v:g}" for v in lever["values"])
        view.add_row(escape(lever["name"]), "; ".join(_piece_text(p) for p in pieces) if pieces
                     else f"[dim]{word('model default', lang)}[/]", values)
    for param in described.params:
        default = word("default value", lang, value=f"{param['default']:g}")
        view.add_row(escape(param["name"]), f"{param['value']:g} {escape(param['unit'])} [dim]({default})[/]", "")
    console.print(view)


def _show(table) -> None:
    """At the terminal's width (or COLUMNS); piped output without COLUMNS gets room instead of folds."""
    from rich.console import Console

    from innovsd.cli.scorecard_view import width

    if settings.quiet:
        return
    if console.is_terminal:
        console.print(table)
    else:
        Console(file=console.file, width=width(console.get())).print(table)


def _cell(score, lang: str, basis=None) -> str:
    from innovsd.present.words import number, percent, signed, word

    if score.met is None:
        return word("n/a", lang)
    mark = "[green]✓[/]" if score.met else "[red]✗[/]"
    text = f"{number(score.value, lang)} {mark}"
    if score.vs_baseline is not None and abs(score.vs_baseline) >= 0.05:
        text += f"\n({signed(score.vs_baseline, lang)})"
    if score.probability is not None:
        text += f"\nP={percent(score.probability, lang)}"
    if score.required_tfp_growth is not None and score.tfp_growth is not None:
        low, high = score.required_tfp_growth
        text += "\n" + word("tfp growth beside", lang, value=number(score.tfp_growth, lang),
                             mean=number(score.tfp_growth_mean, lang) if score.tfp_growth_mean is not None else "—",
                             start=basis.start + 1 if basis else "", end=basis.year if basis else "",
                             low=number(low, lang), high=number(high, lang))
    return text


def _print_tables(run, lang: str) -> None:
    from rich.markup import escape
    from rich.table import Table

    from innovsd.present.words import word
    from innovsd.present.labels import target_text

    from innovsd.cli import scorecard_view

    names = [s.name for s in run.scenarios]
    if not scorecard_view.fits(len(names), scorecard_view.width(console.get())):
        # Too many scenarios for columns: a block per target, every scenario named in it.
        for line in scorecard_view.scenario_key(run, lang):
            console.print(line, highlight=False, markup=False)
        _show(scorecard_view.long_table(run, lang, _cell, word("scorecard", lang, year=run.year)))
        console.print(f"{word('met legend', lang)}; — = {word('never', lang)}"
                      + (" ; P = " + word("probability", lang) if run.ensemble_size else ""), highlight=False)
        return
    shown = {s.name: escape(s.label(lang)) for s in run.scenarios}  # display names; the slug is what users type
    view = Table(title=word("scorecard", lang, year=run.year), header_style="bold", show_lines=True)
    view.add_column(word("indicator", lang), overflow="fold", min_width=18, max_width=34)
    view.add_column(word("target value", lang), overflow="fold", min_width=8, max_width=22)
    for n in names:
        view.add_column(shown[n], justify="right", overflow="fold", min_width=12)
    basis = {t.id: t for t in run.targets}
    for t in run.targets:
        view.add_row(f"{escape(t.title[lang])}\n[dim]{escape(t.date)}[/]", escape(target_text(t, lang)),
                     *(_cell(run.card[t.id][n], lang, basis.get(t.tfp_growth_basis)) for n in names))
    _show(view)
    console.print(word("met legend", lang) + (" ; P = " + word("probability", lang) if run.ensemble_size else ""),
                  highlight=False)
    first = Table(title=word("first year met", lang), header_style="bold")
    first.add_column(word("indicator", lang), overflow="fold", min_width=18, max_width=34)
    for n in names:
        first.add_column(shown[n], justify="right", overflow="fold", min_width=12)
    for t in run.targets:
        first.add_row(escape(t.title[lang]), *(str(run.card[t.id][n].first_year or "—") for n in names))
    _show(first)
    console.print(f"— = {word('never', lang)}", highlight=False)
    if run.policy_costs:
        from innovsd.present import costs_view

        _show(costs_view.table(run, lang))
        console.print(costs_view.note(run, lang), highlight=False, markup=False)


def _prepare(scenario_refs: list[str], params: Optional[Path], year: int, dask: Optional[str] = None,
             structure: Optional[str] = None):
    import innovsd

    bar, advance = progress("running scenarios", len(scenario_refs or innovsd.scenario_names()))
    with dask_executor(dask) as executor, bar:
        if structure is None:
            return innovsd.prepare_comparison(scenario_refs, year, params, advance, executor)
        from innovsd.comparison import compare_structures

        return compare_structures(scenario_refs, params, year, [structure], advance, executor)[0].prepared


def _compare_structures(refs: list[str], params: Optional[Path], year: int, lang: str, as_json: bool,
                        dask: Optional[str]) -> None:
    """Every scenario under each structure with its own set: a table per structure, their files, JSON."""
    import innovsd
    from innovsd import comparison
    from innovsd.comparison import compare_structures, structure_names
    from innovsd.present import structures_view

    bar, advance = progress("running scenarios", len(refs or innovsd.scenario_names()) * len(structure_names()))
    with dask_executor(dask) as executor, bar:
        runs = compare_structures(refs, params, year, "all", advance, executor)
    folder = new_run_folder("compare", "structures-" + ("-".join(refs) if refs else "all"))
    written = structures_view.export(runs, folder, lang)
    if not as_json:
        for run in runs:
            _show(structures_view.table(run, lang))
        console.print(costs_note(runs[0].prepared, lang), highlight=False, markup=False)
    finish(folder)
    written = {k: final_path(v) if isinstance(v, str) else {n: final_path(p) if isinstance(p, str) else p
                                                            for n, p in v.items()} for k, v in written.items()}
    if as_json:
        emit_json(json_text({"year": year, "structures": [r.record() for r in runs],
                             "appraisal": comparison.appraisal_record(runs[0].prepared), "outputs": written}, indent=2))


def costs_note(run, lang: str) -> str:
    from innovsd.present import costs_view

    return costs_view.note(run, lang)


@app.command()
def compare(
    scenario: list[str] = typer.Argument(None, help="Scenario names or YAML files; none = all shipped scenarios."),
    year: int = year_option(),
    lang: str = lang_option(),
    params: Optional[Path] = params_option(),
    as_json: bool = json_option("Print a machine-readable summary instead of the tables."),
    no_figures: bool = typer.Option(False, "--no-figures", help="Skip the figures (faster)."),
    figure_names: str = typer.Option("default", "--figures",
                                help="Which figures: 'default' (overview of the key indicators, the TFP-share "
                                     "figure, levers), 'all' (also one per indicator), or names separated by commas "
                                     "(overview, levers, an indicator's model name)."),
    formats: str = formats_option(),
    dask: Optional[str] = dask_option(),
    structure: Optional[str] = typer.Option(None, "--structure", help="S&T -> TFP structure (model/structures.csv) "
                                            "with its own calibrated set, or 'all': every scenario under each."),
):
    """Run scenarios side by side; print the scorecard against the 2030 targets; save results and figures."""
    from contextlib import nullcontext

    from innovsd.cli.scorecard_view import plain_scorecard, say
    from innovsd.present import compare_files
    from innovsd.present.render import parse_formats
    from innovsd.present.words import check_language, number, word

    lang = check_language(lang)
    chosen = parse_formats(formats)
    if not no_figures:
        drawn = compare_files.chosen_figures(figure_names)  # a wrong name: one line before the model loads
    if structure is not None:
        from innovsd.comparison import chosen_structures

        chosen_structures(structure)  # an unknown name: one line before the model loads
    if structure is not None and structure.strip().lower() == "all":
        return _compare_structures(list(scenario or []), params, year, lang, as_json, dask)
    # Forked now, before the kernel's threads start; the workers import matplotlib meanwhile.
    with nullcontext() if no_figures else compare_files.figure_pool(drawn) as pool:
        run = _prepare(list(scenario or []), params, year, dask, structure)
        folder = new_run_folder("compare", "-".join(s.name for s in run.scenarios) if scenario else "all")
        drawing = [] if no_figures else compare_files.submit_figures(pool, run, folder, lang, chosen, drawn)
        # The scorecard first, while the figures draw; then the files.
        if settings.quiet and not as_json:  # the results themselves, and where the files are
            say(plain_scorecard(run, lang))
        elif not as_json:
            _print_tables(run, lang)
            if run.ensemble_size:
                console.print(word("band members", lang, n=number(run.ensemble_size, lang, 0)), highlight=False)
        written = compare_files.export(run, folder, lang)
        if settings.quiet and not as_json:
            say(shown_path(folder))
        elif not as_json:
            console.print(word("results file", lang, path=shown_path(written["results"])) + "\n"
                          + word("workbook file", lang, path=shown_path(written["workbook"])), highlight=False,
                          markup=False, soft_wrap=True)
        if drawing:
            bar, advance = progress(word("writing figures", lang, formats=", ".join(f.upper() for f in chosen)),
                                    len(drawing))
            with bar:
                figures = [final_path(p) for paths in pool.results(drawing, advance) for p in paths]
            written["figures"] = figures
            if not as_json:
                console.print(word("figure files", lang, path=shown_path(figures[0]), n=len(figures) - 1),
                              highlight=False, markup=False, soft_wrap=True)
    written = {k: final_path(v) if isinstance(v, str) else v for k, v in written.items()}
    finish(folder)
    if as_json:
        from innovsd.comparison import comparison_summary

        emit_json(json_text({**comparison_summary(run, written), **({"structure": structure} if structure else {})}, indent=2))


@app.command()
def report(
    scenario: list[str] = typer.Argument(None, help="Scenario names or YAML files; none = all shipped scenarios."),
    lang: str = lang_option("Language of the brief: en or vi."),
    params: Optional[Path] = params_option(),
    year: int = year_option(),
    fmt: str = typer.Option("pdf", "--format", help="pdf or docx (editable Word)."),
):
    """Write a decision brief: two A4 pages (finding, cost and effect of each scenario, what reaches each target, recommendations, method) and an annex, as Word or PDF."""
    from innovsd.errors import InputError
    from innovsd.present import compare_files
    from innovsd.present.adapters import brief_figures, write_brief
    from innovsd.present.render import FigurePool
    from innovsd.present.words import check_language, word

    lang = check_language(lang)
    if fmt not in BRIEF_FORMATS:
        raise InputError("not one of", value=fmt, known=", ".join(BRIEF_FORMATS), field="format")
    # Forked before the kernel's threads start; the figures draw while the tables are written.
    with FigurePool() as pool:
        run = _prepare(list(scenario or []), params, year)
        folder = new_run_folder("report", "-".join(s.name for s in run.scenarios) if scenario else "all")
        with console.status(word("writing brief", lang)):
            figures = brief_figures(pool, run, folder, lang)
            written = compare_files.export(run, folder, lang, workbook=False)
            brief = write_brief(run, folder, lang, fmt, figures)
    if settings.quiet:
        from innovsd.cli.scorecard_view import say

        say(shown_path(brief))
    console.print(word("brief file", lang, path=shown_path(brief)) + "\n"
                  + word("results file", lang, path=shown_path(written["results"])), highlight=False, markup=False,
                  soft_wrap=True)
    finish(folder)
