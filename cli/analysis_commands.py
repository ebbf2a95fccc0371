"""`innovsd sensitivity` and `innovsd seek`: what drives the answer, and what it would take."""

from __future__ import annotations

import json
import warnings
from contextlib import contextmanager
from pathlib import Path
from typing import Optional

import numpy as np
import pandas as pd
import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from innovsd.calibration import sensitivity as sa
from innovsd.cli.app import app, console
from innovsd.cli.outputs import new_run_folder
from innovsd.model import figures
from innovsd.model.engine import shared_engine
from innovsd.model.errors import InputError
from innovsd.model.labels import check_language, label, title, unit, word
from innovsd.model.parameters import ParameterTable, load_parameter_set
from innovsd.scenarios import seek as seeking
from innovsd.scenarios.library import load_scenario, shipped_names

DEFAULT_OUTPUT = "TFP contribution to GRDP growth"
PARAMS_HELP = "Parameter-set file (JSON); default: the shipped calibrated set."


@contextmanager
def _progress(total: int, what: str):
    """A rich progress bar fed by the engine's chunk callback."""
    with Progress(TextColumn(what), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=console, transient=True) as bar:
        task = bar.add_task(what, total=total)
        yield lambda done: bar.advance(task, done)


def _scenario(name: Optional[str], engine):
    """The named scenario, else the shipped baseline if there is one, else model defaults."""
    if name is None and "baseline" not in shipped_names():
        return "baseline", {}, {}
    chosen = load_scenario(name or "baseline", engine)
    return chosen.name, dict(chosen.params), dict(chosen.paths)


def _provenance(pset) -> str:
    return str(pset.path) if pset.path else "model defaults (no calibrated set)"


@app.command()
def sensitivity(
    scenario: Optional[str] = typer.Argument(None, help="Scenario (default: baseline); parameters it sets are not sampled."),
    method: str = typer.Option("sobol", "--method", help="sobol, morris or mc."),
    n: int = typer.Option(1024, "-n", help="Base sample size (sobol: N, morris: trajectories, mc: runs)."),
    year: int = typer.Option(2030, "--year", help="Year of the analysed output."),
    output: list[str] = typer.Option([DEFAULT_OUTPUT], "--output", help="Model variable to analyse (repeatable)."),
    params: Optional[Path] = typer.Option(None, "--params", help="Parameter set whose posterior ensemble gives the calibrated parameters (default: the shipped calibrated set)."),
    ranges: bool = typer.Option(False, "--ranges", help="Sample calibrated parameters over their whole search bounds instead of their posterior."),
    seed: int = typer.Option(0, "--seed", help="Random seed."),
    lang: str = typer.Option("en", "--lang", help="Language of the plots: en or vi."),
):
    """Which parameters drive an output: Sobol, Morris or Monte Carlo.

    Assumptions vary uniformly over their ranges in model/parameters.csv; calibrated
    parameters are drawn from the calibrated posterior (the data exclude most of their search
    bounds), or over those bounds with --ranges."""
    lang = check_language(lang)
    if method not in sa.METHODS:
        raise InputError(f"'{method}' is not one of {', '.join(sa.METHODS)}", field="--method")
    if n < 1:
        raise InputError(f"{n} is not a positive sample size", field="-n")
    table = ParameterTable()
    pset = load_parameter_set(params, table)
    engine = shared_engine()
    outputs = [engine.canonical(o, source="--output") for o in output]
    if not engine.initial_time <= year <= engine.final_time:
        raise InputError(f"{year} is outside the model horizon {engine.initial_time:g}-{engine.final_time:g}", field="--year")
    name, scenario_params, paths = _scenario(scenario, engine)
    posterior = None if ranges else sa.posterior(pset)
    if params is not None and not ranges and posterior is None:
        raise InputError("has no ensemble of parameter draws to sample", source=str(params), field="ensemble")
    factor_list = sa.factors(table, exclude=list(scenario_params), posterior=posterior)
    fixed = {**pset.values, **scenario_params}
    total = sa.sample_size(method, n, len(factor_list))
    with _progress(total, f"{method} · {total:,} runs") as advance, np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        model = sa.EnsembleModel(engine, [f.name for f in factor_list], outputs, year, fixed=fixed, paths=paths,
                                 progress=advance)
        result = sa.run_analysis(factor_list, model, method, n, seed, output_names=outputs)

    folder = new_run_folder("sensitivity", f"{name}-{method}")
    frames = []
    for out, frame in result.indices.items():
        frames.append(frame.reset_index().assign(output=out, year=year))
    pd.concat(frames).to_csv(folder / "indices.csv", index=False)
    bands = {out: sa.ensemble_quantiles(model.simulation, out) for out in outputs}
    pd.concat(bands, names=["output"]).to_csv(folder / "quantiles.csv")
    pd.DataFrame(result.X, columns=[f.name for f in factor_list]).assign(
        **{f"{o} {year}": result.Y[:, j] for j, o in enumerate(outputs)}).to_csv(folder / "sample.csv.gz", index=False)
    (folder / "run.json").write_text(json.dumps({
        "command": "sensitivity", "scenario": name, "method": method, "n": n, "runs": len(result.X), "seed": seed,
        "year": year, "outputs": outputs, "parameter_set": _provenance(pset),
        "factors": [{"name": f.name, "distribution": f.source, "low": f.low, "high": f.high} for f in factor_list],
        "fixed": fixed, "non_finite_runs": result.non_finite(),
    }, indent=2, ensure_ascii=False), encoding="utf-8")
    note = _sampling_note(pset, posterior is not None, method, lang)
    _plot_indices(result, method, year, lang, name, folder, note)
    _plot_fan(bands, len(result.X), lang, name, folder, note)

    for out, frame in result.indices.items():
        console.print(f"[bold]{title(out, lang)}[/] {year} — {method}, {len(result.X):,} runs, scenario {name}")
        console.print(frame.head(10).round(3).to_string())
    for out, bad in result.non_finite().items():
        if bad:
            console.print(f"note: {bad:,} of {len(result.X):,} runs gave no finite {out} in {year} "
                          f"(extreme corners of the ranges){'; replaced by the median' if method != 'mc' else ''}.")
    console.print(f"wrote {folder}")


def _sampling_note(pset, from_posterior: bool, method: str, lang: str) -> str:
    """What was sampled, for the figures' source line."""
    where = Path(str(pset.path)).name if pset.path else ""
    if lang == "vi":
        calibrated = f"phân bố hậu nghiệm của {where}" if from_posterior else "đều trong khoảng tìm kiếm"
        joint = "rút đồng thời" if method == "mc" else "rút độc lập"
        return f"giả định: đều trong khoảng của model/parameters.csv; tham số hiệu chỉnh: {calibrated} ({joint})"
    calibrated = f"posterior of {where}" if from_posterior else "uniform over their search bounds"
    joint = "joint draws" if method == "mc" else "drawn independently"
    return f"assumptions uniform over model/parameters.csv ranges; calibrated parameters: {calibrated} ({joint})"


def _plot_indices(result, method: str, year: int, lang: str, scenario: str, folder: Path, note: str, top: int = 12) -> None:
    fig, axes = figures.figure(len(result.indices), 1, height_per_row=3.4)
    for ax, (out, frame) in zip(axes[:, 0], result.indices.items()):
        shown = frame.head(top).iloc[::-1]
        y = np.arange(len(shown))
        if method == "sobol":
            ax.barh(y + 0.2, shown["ST"], 0.4, xerr=shown["ST_conf"], color=figures.SCENARIO_COLOURS[1], label=word("total", lang))
            ax.barh(y - 0.2, shown["S1"], 0.4, xerr=shown["S1_conf"], color=figures.SCENARIO_COLOURS[2], label=word("first", lang))
            ax.legend(loc="lower right")
        elif method == "morris":
            ax.barh(y, shown["mu_star"], 0.6, xerr=shown["mu_star_conf"], color=figures.SCENARIO_COLOURS[1])
        else:
            ax.barh(y, shown["rank_corr"], 0.6, color=figures.SCENARIO_COLOURS[1])
            ax.axvline(0, color="#333333", lw=0.8)
        ax.set_yticks(y, shown.index)
        if method == "sobol":
            ax.set_xlim(-0.05, 1.05)  # indices are shares of variance; unstable estimates would hide the rest
        ax.set_xlabel(word(method, lang) + (f" ({unit(out, lang)})" if method == "morris" and unit(out, lang) else ""))
        ax.set_title(f"{word('sensitivity', lang, out=label(out, lang), year=year)} — {word('scenario', lang)}: {scenario}")
    fig.tight_layout(rect=(0, 0.05, 1, 1))  # room for the footer under the axis label
    figures.footer(fig, lang, note)
    figures.save(fig, folder, "indices")


def _plot_fan(bands: dict[str, pd.DataFrame], runs: int, lang: str, scenario: str, folder: Path, note: str) -> None:
    fig, axes = figures.figure(len(bands), 1)
    colour = figures.SCENARIO_COLOURS[1]
    for ax, (out, q) in zip(axes[:, 0], bands.items()):
        ax.fill_between(q.index, q["p5"], q["p95"], color=colour, alpha=0.18, lw=0, label="5-95%")
        ax.fill_between(q.index, q["p25"], q["p75"], color=colour, alpha=0.35, lw=0, label="25-75%")
        ax.plot(q.index, q["p50"], color=colour, lw=1.6, label=word("median", lang))
        ax.set_ylabel(label(out, lang))
        ax.set_xlabel(word("year", lang))
        ax.set_title(f"{word('fan', lang, n=f'{runs:,}')} — {word('scenario', lang)}: {scenario}")
        ax.legend(loc="upper left")
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    figures.footer(fig, lang, note)
    figures.save(fig, folder, "fan")


@app.command()
def seek(
    target: str = typer.Argument(..., help="Target id from scenarios/targets.csv, or 'VARIABLE>=VALUE'."),
    by: Optional[int] = typer.Option(None, "--by", help="Year to meet it (default: the target's year)."),
    lever: str = typer.Option("budget", "--lever", help="budget, vc-fund, talent or incubation (scenarios/seek_levers.csv)."),
    scenario: Optional[str] = typer.Option(None, "--scenario", help="Base scenario (default: baseline)."),
    probability: Optional[float] = typer.Option(None, "--probability", help="Required share of the calibrated ensemble meeting it."),
    params: Optional[Path] = typer.Option(None, "--params", help=PARAMS_HELP),
    lang: str = typer.Option("en", "--lang", help="Language of the plot: en or vi."),
):
    """Smallest lever level that meets a target by a year. Out of reach: says so, exit code 0."""
    lang = check_language(lang)
    table = ParameterTable()
    pset = load_parameter_set(params, table)
    engine = shared_engine()
    chosen_lever = seeking.find_lever(seeking.load_levers(engine, table), lever)
    goal = seeking.parse_target(target, engine, by)
    year = by or goal.year
    name, scenario_params, paths = _scenario(scenario, engine)
    if chosen_lever.variable in scenario_params:
        scenario_params.pop(chosen_lever.variable)
    members = None
    if probability is not None:
        if not 0 < probability <= 1:
            raise InputError(f"{probability:g} is not a probability in (0, 1]", field="--probability")
        members = {k: v for k, v in sa.posterior_members(pset).items() if k not in scenario_params}
    fixed = {**pset.values, **scenario_params}
    size = len(next(iter(members.values()))) if members else 1
    with _progress(4 * seeking.GRID * size, "seek") as advance:
        seeker = seeking.Seeker(engine, chosen_lever, goal, year, fixed=fixed, paths=paths, members=members,
                                progress=advance)
        result = seeking.seek(seeker, probability)
        level = result.answer if result.reached else chosen_lever.high
        baseline = seeker.baseline([goal.indicator])
        with_lever = seeker.simulate(np.array([level]), [goal.indicator])

    folder = new_run_folder("seek", f"{goal.id}-{chosen_lever.id}")
    pd.DataFrame(result.evaluated, columns=["level", "share_met" if probability else "value"]).to_csv(
        folder / "search.csv", index=False)
    runs = pd.concat({"baseline": sa.ensemble_quantiles(baseline, goal.indicator),
                      "with_lever": sa.ensemble_quantiles(with_lever, goal.indicator)}, names=["run"])
    runs.to_csv(folder / "indicator.csv")
    measure = "share of members meeting it" if probability else goal.indicator
    summary = {
        "command": "seek", "target": goal.id, "indicator": goal.indicator, "threshold": goal.low, "year": year,
        "lever": chosen_lever.variable, "lever_range": [chosen_lever.low, chosen_lever.high], "unit": chosen_lever.unit,
        "scenario": name, "probability": probability, "members": result.members, "parameter_set": _provenance(pset),
        "reached": result.reached, "answer": result.answer, "at_answer": result.at_answer,
        "at_top_of_range": result.at_top, "at_bottom_of_range": result.at_bottom, "measure": measure,
    }
    (folder / "result.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False), encoding="utf-8")
    _plot_seek(baseline, with_lever, goal, year, chosen_lever, level, lang, name, folder)

    what = f"{goal.indicator} >= {goal.low:g} in {year}" + (f" with probability >= {probability:g}" if probability else "")
    how = lambda v: f"{v:.1%} of members" if probability else f"{v:.4g} {goal.unit}"  # noqa: E731
    if result.reached:
        console.print(f"{what}: smallest {chosen_lever.variable} = [bold]{result.answer:.4g} {chosen_lever.unit}[/] "
                      f"(gives {how(result.at_answer)}; scenario {name}).")
    else:
        console.print(f"{what}: [bold]out of reach[/] with {chosen_lever.variable} up to {chosen_lever.high:g} "
                      f"{chosen_lever.unit}; the top of the range gives {how(result.at_top)}.")
    console.print(f"wrote {folder}")


def _plot_seek(baseline, with_lever, goal, year, lever, level, lang, scenario, folder) -> None:
    fig, axes = figures.figure(1, 1, height_per_row=3.2)
    ax = axes[0, 0]
    for sim, colour, text in ((baseline, figures.SCENARIO_COLOURS[0], word("baseline", lang)),
                              (with_lever, figures.SCENARIO_COLOURS[2], f"{lever.title[lang]} = {level:.3g} {lever.unit}")):
        q = sa.ensemble_quantiles(sim, goal.indicator)
        if sim.n_members > 1:
            ax.fill_between(q.index, q["p5"], q["p95"], color=colour, alpha=0.15, lw=0)
        ax.plot(q.index, q["p50"], color=colour, lw=1.6, label=text)
    ax.axhline(goal.low, color="#009E73", ls="--", lw=1, label=f"{word('target', lang)}: {goal.low:g}")
    ax.axvline(year, color="#999999", ls=":", lw=1)
    ax.set_ylabel(label(goal.indicator, lang))
    ax.set_xlabel(word("year", lang))
    ax.set_title(f"{title(goal.indicator, lang)} — {word('scenario', lang)}: {scenario}")
    ax.legend(loc="upper left")
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    figures.footer(fig, lang, "scenarios/targets.csv, scenarios/seek_levers.csv")
    figures.save(fig, folder, "seek")
