"""`innovsd sensitivity` and `innovsd seek`: parse, call the API, print and save."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from innovsd.cli.app import app, console, final_path, finish, new_run_folder, settings
from innovsd.cli.cluster import dask_executor, dask_option
from innovsd.cli.options import lang_option, params_option, year_option
from innovsd.cli.progress import progress

DEFAULT_OUTPUT = "TFP contribution to GRDP growth"


@app.command()
def sensitivity(
    scenario: Optional[str] = typer.Argument(None, help="Scenario (default: baseline); parameters it sets are not sampled."),
    method: str = typer.Option("sobol", "--method", help="sobol, morris or mc."),
    n: int = typer.Option(1024, "-n", help="Base sample size (sobol: N, morris: trajectories, mc: runs)."),
    year: int = year_option("Year of the analysed output."),
    output: list[str] = typer.Option([DEFAULT_OUTPUT], "--output", help="Model variable to analyse (repeatable)."),
    params: Optional[Path] = params_option("Parameter set whose posterior ensemble gives the calibrated parameters "
                                           "(default: the shipped calibrated set)."),
    ranges: bool = typer.Option(False, "--ranges", help="Sample calibrated parameters over their whole search bounds instead of their posterior."),
    seed: int = typer.Option(0, "--seed", help="Random seed."),
    lang: str = lang_option("Language of the plots: en or vi."),
    dask: Optional[str] = dask_option(),
):
    """Which parameters drive an output: Sobol, Morris or Monte Carlo.

    Assumptions vary uniformly over their ranges in model/parameters.csv; calibrated
    parameters are drawn from the calibrated posterior (the data exclude most of their search
    bounds), or over those bounds with --ranges."""
    import innovsd
    from rich.markup import escape

    from innovsd.present.analysis import output_title, write_sensitivity
    from innovsd.present.render import FigurePool
    from innovsd.present.words import check_language, number, word

    lang = check_language(lang)
    if method in ("sobol", "morris", "mc") and n >= 1:
        total = innovsd.sensitivity_runs(method, n, scenario, params, ranges)
    else:
        total = 0
    bar, advance = progress(f"{method} · {total:,} runs", total)
    # Forked before the kernel's threads start; the workers draw and format the files afterwards.
    with FigurePool(modules=("innovsd.present.analysis",)) as pool:
        with dask_executor(dask) as executor, bar:
            study = innovsd.sensitivity(scenario, method=method, n=n, year=year, outputs=output, params=params,
                                        ranges=ranges, seed=seed, progress=advance, executor=executor)
        folder = new_run_folder("sensitivity", f"{study.scenario}-{method}")
        write_sensitivity(study, folder, lang, pool)
    folder = finish(folder)
    runs = len(study.result.X)
    for out, frame in study.indices.items():
        console.print(word("sensitivity header", lang, out=f"[bold]{escape(output_title(out, lang))}[/]", year=year,
                           method=method,
                           runs=number(runs, lang, 0), scenario=escape(study.label(lang))))
        console.print(sensitivity_table(frame.head(10), lang))
    for out, bad in study.result.non_finite().items():
        if bad:
            console.print(word("non-finite", lang, bad=number(bad, lang, 0), runs=number(runs, lang, 0),
                               out=escape(output_title(out, lang)), year=year)
                          + (word("replaced by median", lang) if method != "mc" else "") + ".", highlight=False)
    console.print(word("wrote", lang, path=final_path(folder)), highlight=False, markup=False, soft_wrap=True)


def sensitivity_table(frame, lang: str):
    """The indices as a table: parameters as readers name them, numbers in the language's format."""
    from rich.markup import escape
    from rich.table import Table

    from innovsd.present.labels import title
    from innovsd.present.words import number

    view = Table(header_style="bold")
    view.add_column("")
    for column in frame.columns:
        view.add_column(column, justify="right")
    for name, row in frame.iterrows():
        view.add_row(escape(title(name, lang)), *(number(float(v), lang, 3) for v in row))
    return view


@app.command()
def seek(
    target: str = typer.Argument(..., help="Target id from scenarios/targets.csv, or 'VARIABLE>=VALUE'."),
    by: Optional[int] = typer.Option(None, "--by", help="Year to meet it (default: the target's year)."),
    lever: list[str] = typer.Option(["budget"], "--lever", help="A lever id from scenarios/levers.csv (budget, vc-fund, "
                                    "fdi-linkages, ...); repeat it for the cheapest mix of several."),
    scenario: Optional[str] = typer.Option(None, "--scenario", help="Base scenario (default: baseline)."),
    probability: Optional[float] = typer.Option(None, "--probability", help="Required share of the calibrated ensemble meeting it."),
    budget_cap: Optional[float] = typer.Option(None, "--budget-cap", help="Most the mix may cost: present value of the "
                                               "city's extra cost, bn VND (scenarios/appraisal.csv)."),
    params: Optional[Path] = params_option("Parameter-set file (JSON); default: the shipped calibrated set."),
    lang: str = lang_option("Language of the plot: en or vi."),
    dask: Optional[str] = dask_option(),
):
    """Smallest lever level that meets a target by a year; with several levers, the cheapest mix.
    Out of reach: says so (and gives the closest mix), exit code 0."""
    import innovsd
    from rich.markup import escape

    from innovsd.present.analysis import lever_unit, write_seek
    from innovsd.present.labels import title, unit
    from innovsd.present.words import check_language, number, rounded, word

    lang = check_language(lang)
    if len(lever) > 1 or budget_cap is not None:
        return _seek_mix(target, by, lever, scenario, probability, budget_cap, params, lang, dask)
    lever = lever[0]
    total = innovsd.seek_runs(probability, params) if probability is None or 0 < probability <= 1 else 0
    bar, advance = progress("seek", total)
    with dask_executor(dask) as executor, bar:
        study = innovsd.seek(target, by=by, lever=lever, scenario=scenario, probability=probability, params=params,
                             progress=advance, executor=executor)
    folder = new_run_folder("seek", f"{study.goal.id}-{study.lever.id}")
    write_seek(study, folder, lang)
    folder = finish(folder)
    goal, chosen, result = study.goal, study.lever, study.result
    what = word("seek goal", lang, indicator=escape(title(goal.indicator, lang)), low=rounded(goal.low, lang),
                year=study.year)
    if probability:
        what += word("seek probability", lang, p=number(probability, lang, 2))

    def how(v: float) -> str:
        if probability:
            return word("seek members", lang, share=f"{number(100 * v, lang, 1)} %")
        return f"{number(v, lang, 2)} {escape(unit(goal.indicator, lang) or lever_unit(goal.unit, lang))}"

    def amount(v: float) -> str:
        return f"{number(v, lang, 2 if abs(v) < 10 else 0)} {lever_unit(chosen.unit, lang)}"

    if settings.quiet:  # the answer and the folder, plainly
        from innovsd.cli.scorecard_view import say

        say(word("seek reached", lang, goal=what, lever=chosen.title[lang], level=amount(result.answer),
                 gives=how(result.at_answer), scenario=study.label(lang)) if result.reached else
            word("seek out of reach", lang, goal=what, lever=chosen.title[lang], top=amount(chosen.high),
                 gives=how(result.at_top)))
        say(final_path(folder))
    elif result.reached:
        console.print(word("seek reached", lang, goal=what, lever=chosen.title[lang], level=f"[bold]{amount(result.answer)}[/]",
                           gives=how(result.at_answer), scenario=escape(study.label(lang))))
    else:
        console.print(word("seek out of reach", lang, goal=what, lever=chosen.title[lang], top=amount(chosen.high),
                           gives=how(result.at_top)))
    console.print(word("wrote", lang, path=final_path(folder)), highlight=False, markup=False, soft_wrap=True)


def _seek_mix(target, by, levers, scenario, probability, budget_cap, params, lang, dask) -> None:
    """The cheapest mix of several levers: print each lever's level, the cost and the value reached."""
    from rich.markup import escape

    import innovsd
    from innovsd.present.analysis import lever_unit, write_mix
    from innovsd.present.labels import title
    from innovsd.present.words import number, rounded, word

    valid = probability is None or 0 < probability <= 1
    bar, advance = progress("seek", innovsd.seek_runs(probability, params, len(levers)) if valid else 0)
    with dask_executor(dask) as executor, bar:
        study = innovsd.seek(target, by=by, scenario=scenario, probability=probability, params=params,
                             progress=advance, executor=executor, levers=levers, budget_cap=budget_cap)
    r = study.result
    folder = new_run_folder("seek", f"{r.target.id}-{'-'.join(lever.id for lever in r.levers)}")
    write_mix(study, folder)
    folder = finish(folder)
    goal = word("seek goal", lang, indicator=escape(title(r.target.indicator, lang)), low=rounded(r.target.low, lang),
                year=r.year)
    if probability:
        goal += word("seek probability", lang, p=number(probability, lang, 2))
    a = study.appraisal
    cost = word("mix cost", lang, cost=number(r.mix.cost, lang, 0), first=a.cost_from, last=a.cost_to,
                year=a.price_year)
    key = "mix reached" if r.reached else "mix out of reach"
    console.print(word(key, lang, goal=goal, value=number(r.mix.value, lang, 2), cost=cost), highlight=False)
    for chosen in r.levers:
        level = r.mix.levels[chosen.id]
        console.print(f"  {escape(chosen.title[lang])}: [bold]{number(level, lang, 2 if abs(level) < 10 else 0)} "
                      f"{escape(lever_unit(chosen.unit, lang))}[/]", highlight=False)
    if r.probability:
        console.print(word("seek members", lang, share=f"{number(100 * r.mix.share, lang, 1)} %"), highlight=False)
    console.print(word("wrote", lang, path=final_path(folder)), highlight=False, markup=False, soft_wrap=True)
