"""`innovsd calibrate` and `innovsd fit`: parse, call the API, print and save."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Optional

import typer

from innovsd.cli.app import app, console, errors, final_path, finish, new_run_folder, settings
from innovsd.cli.cluster import dask_executor, dask_option
from innovsd.cli.failures import exit_code
from innovsd.cli.options import lang_option, params_option
from innovsd.cli.progress import Bars
from innovsd.errors import InputError
from innovsd.resources import portable_path
from innovsd.writing import release, reserve

# The API's defaults (calibration.calibrate.Settings), restated for --help without importing scipy.
SEED, GENERATIONS, STARTS, CHAINS, STEPS, ESS = 1, 400, 2, 16, 3000, 1500


def _command(seed: int, until: int | None, chains: int, steps: int, ess: int, generations: int,
             data: Path | None, priors: Path | None, structure: str | None = None) -> str:
    """The command that makes this calibration again, recorded in the parameter set's provenance."""
    parts = ["innovsd calibrate", f"--seed {seed}"]
    if structure is not None:
        parts.append(f"--structure {structure}")
    if until is not None:
        parts.append(f"--until {until}")
    for flag, value, default in (("--chains", chains, CHAINS), ("--steps", steps, STEPS), ("--ess", ess, ESS),
                                 ("--generations", generations, GENERATIONS)):
        if value != default:
            parts.append(f"{flag} {value}")
    if data is not None:
        parts.append(f"--data {portable_path(data)}")
    if priors is not None:
        parts.append(f"--priors {portable_path(priors)}")
    return " ".join(parts)


@app.command()
def calibrate(
    data: Optional[Path] = typer.Option(None, "--data", help="History file (default: calibration/data/history.csv)."),
    priors: Optional[Path] = typer.Option(None, "--priors", help="Output priors: assumptions about unobserved quantities (default: calibration/data/priors.csv)."),
    until: Optional[int] = typer.Option(None, "--until", help="Fit only observations that end by this year (backtest)."),
    out: Optional[Path] = typer.Option(None, "--out", help="Parameter-set JSON to write (must not exist; a .cin is written beside it)."),
    seed: int = typer.Option(SEED, "--seed", help="Random seed: the same seed gives the same result."),
    generations: int = typer.Option(GENERATIONS, "--generations", help="Maximum generations of the global search."),
    chains: int = typer.Option(CHAINS, "--chains", help="Independent MCMC chains (at least 2: R-hat compares them)."),
    steps: int = typer.Option(STEPS, "--steps", help="Most MCMC steps per chain (0: point fit only, no posterior)."),
    ess: int = typer.Option(ESS, "--ess", help="The chains stop once every parameter's effective sample size reaches this."),
    structure: Optional[str] = typer.Option(None, "--structure", help="S&T -> TFP structure to fit (model/structures.csv; default: the first)."),
    lang: str = lang_option("Language of the tables and messages: en or vi."),
    dask: Optional[str] = dask_option(),
):
    """Fit the parameters marked 'calibrate = yes' in model/parameters.csv to the history."""
    started = time.perf_counter()
    import innovsd
    from innovsd.present import calibration as present
    from innovsd.present.words import check_language, number, significant, word

    lang = check_language(lang)
    if generations < 1:
        raise InputError("generations option", generations=generations, field="--generations")
    if steps < 0 or ess < 1:
        raise InputError("steps options", steps=steps, ess=ess, field="--steps/--ess")
    reserved: list[Path] = []
    if out is not None:
        if out.suffix.lower() != ".json":
            raise InputError("out must be json", source=str(out), field="--out")
        # Claimed now (created exclusively), so an unwritable place fails before the search and
        # a concurrent calibration cannot write the same file.
        reserved = reserve([out, out.with_suffix(".cin")], field="--out")
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn

    bars = Bars(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                TextColumn(word("best payoff", lang, best="{task.fields[best]}")), TimeElapsedColumn(),
                console=console.get(), transient=False)
    search = bars.task(word("global search", lang), generations * STARTS, best="-")
    chain = bars.task(word("posterior steps", lang), steps, best="", visible=bool(steps))
    try:
        with dask_executor(dask) as executor, bars:
            try:
                calibration = innovsd.calibrate(
                    data, priors, until, seed=seed, chains=chains, steps=steps, ess=ess, generations=generations,
                    on_generation=lambda g, best: bars.update(search, completed=g, best=significant(best, lang, 5)),
                    on_step=lambda n: bars.advance(chain, n),
                    command=_command(seed, until, chains, steps, ess, generations, data, priors, structure),
                    executor=executor, structure=structure,
                )
            finally:
                # The chains stop once they have enough effective samples: the bar ends there.
                bars.finish(chain)
    except BaseException:
        release(reserved)
        raise
    result = calibration.result
    try:
        folder = new_run_folder("calibrate", f"seed{seed}" + (f"-until{until}" if until else ""))
        target = out or folder / "params.json"
        calibration.parameter_set.save(target)
    finally:
        release(reserved)  # only those still empty: a failed save
    present.write_fit(folder, calibration.rows, calibration.stats)
    present.write_identification(folder, calibration.identification)
    if not result.interrupted:  # an interrupted calibration's folder stays .partial, named as it is
        target = Path(final_path(target))
        folder = finish(folder)

    console.print(present.identification_table(calibration.identification, result.ensemble is not None, lang))
    console.print(present.series_table(calibration.stats, lang))
    seconds = ", ".join(word("seconds", lang, stage=word(f"stage {k}", lang), seconds=number(v, lang)) for k, v in result.seconds.items())
    console.print(word("search summary", lang, payoff=significant(result.payoff, lang, 5), generations=result.generations,
                       evaluations=number(result.evaluations, lang, 0), seconds=seconds), highlight=False)
    if result.diagnostics:
        d = result.diagnostics
        console.print(word("posterior summary", lang, draws=number(d["draws"], lang, 0), chains=d["chains"],
                           steps=number(d["steps"], lang, 0), ess=number(d["effective_sample_size_min"], lang, 0),
                           tail=number(d["tail_effective_sample_size_min"], lang, 0),
                           rhat=number(d["rhat_max"], lang, 3), runs=number(d["evaluations"], lang, 0)), highlight=False)
    console.print(word("wall time", lang, seconds=number(time.perf_counter() - started, lang, 1)), highlight=False)
    console.print(word("calibration files", lang, path=target, cin=target.with_suffix(".cin").name, folder=folder), markup=False, soft_wrap=True)
    if result.interrupted:
        settings.interrupt_reported = True
        errors.print(word("calibration interrupted", lang, stage=word(f"stage {result.stage}", lang), path=target),
                     highlight=False, soft_wrap=True, markup=False)
        raise typer.Exit(exit_code(settings))


@app.command()
def fit(
    params: Optional[Path] = params_option("Parameter-set file; default: the shipped calibrated set."),
    data: Optional[Path] = typer.Option(None, "--data", help="History file (default: the one the set was fitted on)."),
    lang: str = lang_option("Language of the tables and plot: en or vi."),
):
    """Show how well a parameter set fits the history (errors, MAPE, Theil), with a plot."""
    import innovsd
    from innovsd.present import calibration as present
    from innovsd.present.words import check_language, word

    from rich.markup import escape

    lang = check_language(lang)
    report = innovsd.fit(params, data)
    ps = report.parameter_set
    folder = new_run_folder("fit", ps.path.stem if ps.path else "defaults")
    saved = final_path(present.write_fit_report(report, folder, lang))
    folder = finish(folder)
    for note in report.notes:
        console.print(f"[yellow]{escape(word('note', lang, text=note))}[/]", highlight=False)
    from innovsd.cli.scorecard_view import width

    columns = width(console.get())
    for grid in present.observation_tables(report.rows, report.until, lang, columns):
        console.print(grid, width=columns)
    if columns < present.NARROW:
        console.print(word("fit narrow note", lang), highlight=False)
    console.print(present.series_table(report.stats, lang), width=columns)
    for line in present.out_of_sample_lines(report.out_of_sample(), lang):
        console.print(line, highlight=False, markup=False)
    console.print(word("written", lang, paths=f"{folder / 'fit.csv'}, {folder / 'series.csv'}, {saved}"), markup=False, soft_wrap=True)
