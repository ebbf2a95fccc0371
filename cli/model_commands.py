"""`innovsd run`, `describe` and `check`: one simulation, the model's contents, its validity."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import numpy as np
import typer
from rich.table import Table

from innovsd.calibration.history import load_history, simulated
from innovsd.cli.app import app, console
from innovsd.cli.outputs import new_run_folder
from innovsd.model import checks
from innovsd.model.engine import shared_engine
from innovsd.model.labels import check_language, key_indicators, short
from innovsd.model.parameters import ParameterTable, load_parameter_set, parse_assignments
from innovsd.model.plots import plot_loops, plot_run
from innovsd.scenarios.library import load_scenario

PARAMS_HELP = "Parameter-set file (JSON from `innovsd calibrate`); default: the shipped calibrated set."


@app.command()
def run(
    scenario: str = typer.Argument("baseline", help="Scenario name (see `innovsd scenarios`)."),
    set_: list[str] = typer.Option([], "--set", help="Override a constant: NAME=VALUE (repeatable)."),
    params: Optional[Path] = typer.Option(None, "--params", help=PARAMS_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print a machine-readable summary instead of the table."),
    lang: str = typer.Option("en", "--lang", help="Language of table and plot: en or vi."),
):
    """Run one scenario; print the key indicators by year; save results CSV and a plot."""
    lang = check_language(lang)
    table = ParameterTable()
    parameter_set = load_parameter_set(params, table)
    overrides = parse_assignments(set_, table)
    engine = shared_engine()
    chosen = load_scenario(scenario, engine)
    values = {**parameter_set.values, **chosen.params, **overrides}
    sim = engine.run(values, chosen.paths)

    folder = new_run_folder("run", chosen.name)
    frame = sim.member()
    frame.to_csv(folder / "results.csv")
    (folder / "parameters.json").write_text(json.dumps({
        "scenario": chosen.name, "parameter_set": str(parameter_set.path or "model defaults"),
        "overrides": overrides, "values": values,
    }, indent=2, ensure_ascii=False), encoding="utf-8")
    figure = plot_run(frame, chosen.title.get(lang, chosen.name), lang, folder, load_history(None, engine))

    keys = key_indicators()
    if as_json:
        console.print_json(json.dumps({
            "scenario": chosen.name,
            "parameter_set": str(parameter_set.path or "model defaults"),
            "overrides": overrides,
            "outputs": {"folder": str(folder), "results": str(folder / "results.csv"), "plot": str(figure)},
            "indicators": {k: {str(int(y)): round(float(v), 6) for y, v in frame[k].items()} for k in keys},
        }, ensure_ascii=False))
        return
    view = Table(title=f"{chosen.title.get(lang, chosen.name)}", header_style="bold")
    view.add_column("Year" if lang == "en" else "Năm", justify="right")
    for k in keys:
        view.add_column(short(k, lang), justify="right", overflow="fold")
    for year, row in frame.iterrows():
        view.add_row(f"{year:.0f}", *(f"{row[k]:,.2f}" if abs(row[k]) < 10 else f"{row[k]:,.1f}" for k in keys))
    console.print(view)
    console.print(f"Results: {folder / 'results.csv'}\nPlot: {figure}")


@app.command()
def describe(
    kind: str = typer.Option("all", "--kind", help="all, stock, flow, constant, lever or auxiliary."),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output."),
    loops: bool = typer.Option(False, "--loops", help="Also draw the causal-loop diagram (PNG)."),
    lang: str = typer.Option("en", "--lang", help="Language of the diagram: en or vi."),
):
    """List the model's stocks, flows, levers and parameters with units, ranges and sources."""
    lang = check_language(lang)
    if loops:
        diagram = plot_loops(new_run_folder("describe", "loops"), lang)
        console.print(f"Causal-loop diagram: {diagram}")
    engine = shared_engine()
    table = ParameterTable()
    flows = {f for terms in checks.stock_flows(engine.mdl_path).values() for _, f in terms}
    rows = []
    for v in engine.variables.values():
        if v.name == "Time" or v.name in ("INITIAL TIME", "FINAL TIME", "TIME STEP", "SAVEPER"):
            continue
        role = "flow" if v.name in flows else v.kind
        if role == "initial":
            role = "auxiliary"
        if kind != "all" and role != kind:
            continue
        p = table.parameters.get(v.name)
        rows.append({
            "name": v.name, "role": role, "units": v.units, "doc": v.doc,
            "value": p.value if p else None, "low": p.low if p else None, "high": p.high if p else None,
            "basis": p.basis if p else "", "calibrated": bool(p and p.calibrate), "source": p.source if p else "",
        })
    if as_json:
        console.print_json(json.dumps(rows, ensure_ascii=False))
        return
    order = ["stock", "flow", "lever", "constant", "auxiliary"]
    for role in order:
        group = [r for r in rows if r["role"] == role]
        if not group:
            continue
        view = Table(title=f"{role}s ({len(group)})", show_lines=False, header_style="bold")
        view.add_column("name", overflow="fold")
        view.add_column("units", overflow="fold")
        if role == "constant":
            view.add_column("value", justify="right")
            view.add_column("range", justify="right")
            view.add_column("basis")
            view.add_column("source", overflow="fold", max_width=60)
            for r in group:
                view.add_row(r["name"], r["units"], f"{r['value']:g}", f"{r['low']:g}–{r['high']:g}",
                             r["basis"] + (" *" if r["calibrated"] else ""), r["source"])
        else:
            view.add_column("documentation", overflow="fold")
            for r in group:
                view.add_row(r["name"], r["units"], r["doc"])
        console.print(view)
    if kind in ("all", "constant"):
        console.print("* calibrated on 2013–2025 history (see `innovsd fit`). Full table: model/parameters.csv")


HISTORY_TOLERANCE = 0.25  # a default run this far (relative) from an observation needs attention


def history_distances(engine, values: dict[str, float]) -> list[checks.CheckResult]:
    """How far the run is from every observation in the history file."""
    observations = load_history(None, engine)
    grid = np.arange(engine.initial_time, engine.final_time + engine.time_step / 2, engine.time_step)
    sim = engine.run(values, outputs=sorted({o.variable for o in observations}), save_years=grid)
    results = []
    for o, value in zip(observations, simulated(observations, sim)[0]):
        error = (value - o.value) / o.value
        results.append(checks.CheckResult(
            f"history: {o.label}", abs(error) <= HISTORY_TOLERANCE,
            f"observed {o.value:g} {o.unit}, simulated {value:.4g} ({error:+.1%}); {o.source}",
            {"observed": o.value, "simulated": float(value), "relative_error": float(error)},
            advisory=True,
        ))
    return results


def policy_runs(engine, table) -> list[tuple[str, dict, dict]]:
    """Baseline first, then every shipped policy scenario: (name, constants, lever paths)."""
    from innovsd.scenarios.library import load_scenarios

    scenarios = load_scenarios(None, engine, table)
    ordered = sorted(scenarios, key=lambda s: s.name != "baseline")
    return [(s.name, s.params, s.paths) for s in ordered]


@app.command()
def check(
    params: Optional[Path] = typer.Option(None, "--params", help=PARAMS_HELP),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output."),
):
    """Run the model's validity checks and report each one."""
    table = ParameterTable()
    values = load_parameter_set(params, table).values
    engine = shared_engine()
    results = [checks.check_units(engine)]
    results += checks.check_extremes(engine, values)
    results.append(checks.check_integration(engine, values))
    results += checks.check_mass_balance(engine, values)
    results += history_distances(engine, values)
    results.append(checks.check_frontier_bound(engine, values))
    results += checks.check_policy_returns(engine, values, policy_runs(engine, table))
    failed = [r for r in results if r.status == "fail"]
    warned = [r for r in results if r.status == "warn"]
    if as_json:
        console.print_json(json.dumps([{**r.__dict__, "status": r.status} for r in results], ensure_ascii=False, default=float))
    else:
        view = Table(title="innovsd check", header_style="bold")
        view.add_column("check", overflow="fold")
        view.add_column("result")
        view.add_column("detail", overflow="fold")
        for r in results:
            view.add_row(r.name, {"pass": "[green]pass[/]", "warn": "[yellow]warn[/]", "fail": "[red]FAIL[/]"}[r.status], r.detail)
        console.print(view)
        console.print(f"{len(results) - len(failed) - len(warned)} passed, {len(warned)} warnings "
                      f"(history more than {HISTORY_TOLERANCE:.0%} off), {len(failed)} failed")
    if failed:
        raise typer.Exit(1)
