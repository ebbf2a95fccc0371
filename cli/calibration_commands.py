"""`innovsd calibrate` and `innovsd fit`: fit the model to the history and judge the fit."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Optional

import numpy as np
import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from innovsd.calibration import calibrate as calib
from innovsd.calibration import fit as fitting
from innovsd.calibration.history import HISTORY_FILE, PRIORS_FILE, load_history, load_output_priors, simulate_observations
from innovsd.calibration.payoff import Problem
from innovsd.cli.app import app, console, errors
from innovsd.cli.outputs import new_run_folder
from innovsd.model import figures, labels
from innovsd.model.engine import shared_engine
from innovsd.model.errors import InputError
from innovsd.model.parameters import ParameterTable, file_sha256, load_parameter_set

DEFAULTS = calib.Settings()


@app.command()
def calibrate(
    data: Optional[Path] = typer.Option(None, "--data", help="History file (default: calibration/data/history.csv)."),
    priors: Optional[Path] = typer.Option(None, "--priors", help="Output priors: assumptions about unobserved quantities (default: calibration/data/priors.csv)."),
    until: Optional[int] = typer.Option(None, "--until", help="Fit only observations that end by this year (backtest)."),
    out: Optional[Path] = typer.Option(None, "--out", help="Parameter-set JSON to write (must not exist; a .cin is written beside it)."),
    seed: int = typer.Option(DEFAULTS.seed, "--seed", help="Random seed: the same seed gives the same result."),
    bootstrap: int = typer.Option(DEFAULTS.bootstrap, "--bootstrap", help="Bootstrap draws for parameter ranges (0: none)."),
    generations: int = typer.Option(DEFAULTS.maxiter, "--generations", help="Maximum generations of the global search."),
):
    """Fit the parameters marked 'calibrate = yes' in model/parameters.csv to the history."""
    if out is not None:
        if out.suffix.lower() != ".json":
            raise InputError("the parameter set is written as JSON: give a .json file", source=str(out), field="--out")
        for path in (out, out.with_suffix(".cin")):
            if path.exists():
                raise InputError("exists already; earlier results are never overwritten", source=str(path), field="--out")
    if bootstrap < 0 or generations < 1:
        raise InputError("--bootstrap must be >= 0 and --generations >= 1", field="--bootstrap/--generations")
    table = ParameterTable()
    engine = shared_engine()
    data_file = data or HISTORY_FILE
    observations = load_history(data_file, engine)
    used = fitting.in_sample(observations, until)
    if not used:
        raise InputError(f"no observation ends by {until}", source=str(data_file), field="--until")
    priors_file = priors or PRIORS_FILE
    # A backtest may not lean on anything about later years, priors included.
    output_priors = [p for p in load_output_priors(priors_file, engine) if until is None or p.observation.end <= until]
    problem = Problem(engine, used, table.calibrated(), output_priors)
    settings = calib.Settings(seed=seed, maxiter=generations, bootstrap=bootstrap)

    folder = new_run_folder("calibrate", f"seed{seed}" + (f"-until{until}" if until else ""))
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("best payoff {task.fields[best]}"), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=False) as progress:
        search = progress.add_task("global search (generations)", total=settings.maxiter, best="-")
        polish = progress.add_task("bootstrap refits (iterations)", total=settings.bootstrap_iterations if bootstrap else 0,
                                   best="", visible=bool(bootstrap))
        result = calib.calibrate(
            problem, settings,
            on_generation=lambda g, best: progress.update(search, completed=g, best=f"{best:.5g}"),
            on_bootstrap=lambda n: progress.advance(polish, n),
        )
        progress.update(search, completed=settings.maxiter if not result.interrupted else result.generations)

    rows = fitting.fit_rows(observations, simulate_observations(engine, observations, dict(zip(problem.names, result.theta)))[0], until)
    stats = fitting.series_statistics(rows)
    ident = calib.identification(problem, result.theta, result.ensemble)
    command = _command(seed, until, bootstrap, generations, data, priors)
    parameter_set = calib.parameter_set(
        problem, result, settings, data_file=data_file, priors_file=priors_file, until=until, table_file=table.path,
        command=command, fit=fitting.summary(problem, result.theta, rows, stats),
    )
    parameter_set.provenance["identification"] = ident
    target = out or folder / "params.json"
    parameter_set.save(target)
    _write_fit(folder, rows, stats)
    _write_identification(folder, ident)

    _print_identification(ident, result.ensemble is not None)
    _print_series(stats)
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
    data: Optional[Path] = typer.Option(None, "--data", help="History file (default: calibration/data/history.csv)."),
    lang: str = typer.Option("en", "--lang", help="Language of the tables and plot: en or vi."),
):
    """Show how well a parameter set fits the history (errors, MAPE, Theil), with a plot."""
    lang = labels.check_language(lang)
    table = ParameterTable()
    parameter_set = load_parameter_set(params, table)
    engine = shared_engine()
    observations = load_history(data or HISTORY_FILE, engine)
    until = parameter_set.provenance.get("until")
    values = parameter_set.values
    rows = fitting.fit_rows(observations, simulate_observations(engine, observations, values)[0], until)
    stats = fitting.series_statistics(rows)

    variables = list(dict.fromkeys(o.variable for o in observations))
    sim = engine.run(values, outputs=variables)
    best = {v: sim.values[v][0] for v in variables}
    band = None
    if parameter_set.ensemble:
        draws = engine.run_ensemble(parameter_set.ensemble_arrays(), outputs=variables, fixed=values)
        band = {v: tuple(np.percentile(draws.values[v], [5, 95], axis=0)) for v in variables}

    folder = new_run_folder("fit", parameter_set.path.stem if parameter_set.path else "defaults")
    _write_fit(folder, rows, stats)
    figure = fitting.plot(rows, sim.times, best, band, until, lang)
    source = parameter_set.path.name if parameter_set.path else labels.word("model defaults", lang)
    figures.footer(figure, lang, f"calibration/data/history.csv; {labels.word('parameter set', lang)}: {source}")
    saved = figures.save(figure, folder, "fit")

    expected = parameter_set.provenance.get("model_sha256")
    if expected and expected != file_sha256(engine.mdl_path):
        console.print("[yellow]note:[/] the model file changed since this set was calibrated (model_sha256 differs)")
    _print_rows(rows, until, lang)
    _print_series(stats)
    console.print(f"written: {folder / 'fit.csv'}, {folder / 'series.csv'}, {saved[0]}")


def _command(seed: int, until: int | None, bootstrap: int, generations: int, data: Path | None, priors: Path | None) -> str:
    parts = ["innovsd calibrate", f"--seed {seed}"]
    if until is not None:
        parts.append(f"--until {until}")
    if bootstrap != DEFAULTS.bootstrap:
        parts.append(f"--bootstrap {bootstrap}")
    if generations != DEFAULTS.maxiter:
        parts.append(f"--generations {generations}")
    if data is not None:
        parts.append(f"--data {data}")
    if priors is not None:
        parts.append(f"--priors {priors}")
    return " ".join(parts)


def _write_fit(folder: Path, rows: list[fitting.FitRow], stats: list[dict]) -> None:
    with (folder / "fit.csv").open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["variable", "kind", "start", "end", "unit", "weight", "observed", "simulated", "error",
                      "relative_error_percent", "sample", "source"])
        for r in rows:
            o = r.observation
            out.writerow([o.variable, o.kind, o.start, o.end, o.unit, o.weight, o.value, f"{r.simulated:.6g}",
                          f"{r.error:.6g}", f"{r.relative_error:.3f}", "in" if r.in_sample else "out", o.source])
    keys = ["variable", "n", "mape", "n_out", "mape_out", "mse", "UM", "US", "UC"]
    with (folder / "series.csv").open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(keys)
        for s in stats:
            out.writerow(["" if s.get(k) is None else (f"{s[k]:.6g}" if isinstance(s[k], float) else s[k]) for k in keys])


def _write_identification(folder: Path, ident: list[dict]) -> None:
    keys = ["name", "unit", "value", "low", "high", "prior", "prior_sd", "q05", "q50", "q95",
            "relative_range", "max_correlation", "correlated_with", "data_sensitivity"]
    with (folder / "identification.csv").open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(keys + ["flags"])
        for row in ident:
            out.writerow(["" if row.get(k) is None else row[k] for k in keys] + ["; ".join(row["flags"])])


def _num(value, digits: int = 4) -> str:
    return "" if value is None else f"{value:.{digits}g}"


def _print_identification(ident: list[dict], has_ensemble: bool) -> None:
    grid = Table(title="Calibrated parameters: what the data pin down", title_justify="left")
    for name in ("parameter", "value", "bounds", "5%", "95%", "range/bounds", "flags"):
        grid.add_column(name, justify="left" if name in ("parameter", "flags") else "right")
    for row in ident:
        grid.add_row(row["name"], _num(row["value"]), f"{row['low']:g}–{row['high']:g}",
                     _num(row.get("q05")), _num(row.get("q95")), _num(row.get("relative_range"), 2),
                     ", ".join(row["flags"]) or ("" if has_ensemble else "(no bootstrap)"))
    console.print(grid)


def _print_series(stats: list[dict]) -> None:
    grid = Table(title="Fit by series (MAPE in %, Theil shares of the MSE)", title_justify="left")
    for name in ("series", "n", "MAPE", "n out", "MAPE out", "U^M", "U^S", "U^C"):
        grid.add_column(name, justify="left" if name == "series" else "right")
    for s in stats:
        grid.add_row(s["variable"], str(s["n"]), _num(s["mape"], 3), str(s["n_out"]), _num(s["mape_out"], 3),
                     _num(s.get("UM"), 2), _num(s.get("US"), 2), _num(s.get("UC"), 2))
    console.print(grid)


def _print_rows(rows: list[fitting.FitRow], until: int | None, lang: str) -> None:
    for in_sample in (True, False):
        chosen = [r for r in rows if r.in_sample == in_sample]
        if not chosen:
            continue
        title = "Observations fitted" if in_sample else f"Out of sample (ending after {until})"
        grid = Table(title=title, title_justify="left")
        for name in ("observation", "weight", "observed", "simulated", "error", "error %"):
            grid.add_column(name, justify="left" if name == "observation" else "right")
        for r in chosen:
            o = r.observation
            period = f"{o.start}" if o.start == o.end else f"{o.start}-{o.end}"
            grid.add_row(f"{labels.title(o.variable, lang)} ({o.kind} {period})", f"{o.weight:g}", f"{o.value:g}",
                         f"{r.simulated:.4g}", f"{r.error:+.3g}", f"{r.relative_error:+.1f}")
        console.print(grid)

