"""`innovsd calibrate` and `innovsd fit`: parse, call the API, print and save."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from innovsd.cli.app import app, console, errors, new_run_folder, settings
from innovsd.errors import InputError

# The API's defaults (calibration.calibrate.Settings), restated for --help without importing scipy.
SEED, BOOTSTRAP, GENERATIONS = 1, 100, 400


@app.command()
def calibrate(
    data: Optional[Path] = typer.Option(None, "--data", help="History file (default: calibration/data/history.csv)."),
    priors: Optional[Path] = typer.Option(None, "--priors", help="Output priors: assumptions about unobserved quantities (default: calibration/data/priors.csv)."),
    until: Optional[int] = typer.Option(None, "--until", help="Fit only observations that end by this year (backtest)."),
    out: Optional[Path] = typer.Option(None, "--out", help="Parameter-set JSON to write (must not exist; a .cin is written beside it)."),
    seed: int = typer.Option(SEED, "--seed", help="Random seed: the same seed gives the same result."),
    bootstrap: int = typer.Option(BOOTSTRAP, "--bootstrap", help="Bootstrap draws for parameter ranges (0: none)."),
    generations: int = typer.Option(GENERATIONS, "--generations", help="Maximum generations of the global search."),
):
    """Fit the parameters marked 'calibrate = yes' in model/parameters.csv to the history."""
    import innovsd
    from innovsd.present import calibration as present

    if out is not None:
        if out.suffix.lower() != ".json":
            raise InputError("the parameter set is written as JSON: give a .json file", source=str(out), field="--out")
        for path in (out, out.with_suffix(".cin")):
            if path.exists():
                raise InputError("exists already; earlier results are never overwritten", source=str(path), field="--out")
    if bootstrap < 0 or generations < 1:
        raise InputError("--bootstrap must be >= 0 and --generations >= 1", field="--bootstrap/--generations")
    progress = None
    if not settings.quiet:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                   TextColumn("best payoff {task.fields[best]}"), TimeElapsedColumn())
        progress = Progress(*columns, console=console.get(), transient=False)
        search = progress.add_task("global search (generations)", total=generations, best="-")
        polish = progress.add_task("bootstrap refits (iterations)", total=None, best="", visible=bool(bootstrap))
        progress.start()
    try:
        calibration = innovsd.calibrate(
            data, priors, until, seed=seed, bootstrap=bootstrap, generations=generations,
            on_generation=(lambda g, best: progress.update(search, completed=g, best=f"{best:.5g}")) if progress else None,
            on_bootstrap=(lambda n: progress.advance(polish, n)) if progress else None,
        )
    finally:
        if progress:
            progress.stop()
    result = calibration.result
    folder = new_run_folder("calibrate", f"seed{seed}" + (f"-until{until}" if until else ""))
    target = out or folder / "params.json"
    calibration.parameter_set.save(target)
    present.write_fit(folder, calibration.rows, calibration.stats)
    present.write_identification(folder, calibration.identification)

    console.print(present.identification_table(calibration.identification, result.ensemble is not None))
    console.print(present.series_table(calibration.stats))
    console.print(f"payoff {result.payoff:.5g}; {result.generations} generations, {result.evaluations} evaluations; "
                  + ", ".join(f"{k} {v:.1f} s" for k, v in result.seconds.items()))
    console.print(f"parameter set: {target} (+ {target.with_suffix('.cin').name}); fit tables: {folder}")
    if result.interrupted:
        errors.print(f"interrupted during the {result.stage}: best set so far written to {target} (marked interrupted)",
                     highlight=False, soft_wrap=True)
        raise typer.Exit(130)


@app.command()
def fit(
    params: Optional[Path] = typer.Option(None, "--params", help="Parameter-set file; default: the shipped calibrated set."),
    data: Optional[Path] = typer.Option(None, "--data", help="History file (default: the one the set was fitted on)."),
    lang: str = typer.Option("en", "--lang", help="Language of the tables and plot: en or vi."),
):
    """Show how well a parameter set fits the history (errors, MAPE, Theil), with a plot."""
    import innovsd
    from innovsd.present.labels import check_language
    from innovsd.present import calibration as present

    lang = check_language(lang)
    report = innovsd.fit(params, data)
    ps = report.parameter_set
    folder = new_run_folder("fit", ps.path.stem if ps.path else "defaults")
    saved = present.write_fit_report(report, folder, lang)
    for note in report.notes:
        console.print(f"[yellow]note:[/] {note}", highlight=False)
    for grid in present.observation_tables(report.rows, report.until, lang):
        console.print(grid)
    console.print(present.series_table(report.stats))
    console.print(f"written: {folder / 'fit.csv'}, {folder / 'series.csv'}, {saved}")
