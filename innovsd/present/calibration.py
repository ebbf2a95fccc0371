"""Files, figure and terminal tables of a calibration and a fit report (`innovsd calibrate`, `fit`)."""

from __future__ import annotations

import csv
from pathlib import Path

from rich.table import Table

from innovsd.calibration import fit as fitting
from innovsd.present import figures, labels


def write_fit(folder: Path, rows: list[fitting.FitRow], stats: list[dict]) -> None:
    with (folder / "fit.csv").open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["variable", "kind", "start", "end", "unit", "weight", "observed", "simulated", "error",
                      "relative_error_percent", "predictive_5", "predictive_95", "inside_90", "sample", "source"])
        for r in rows:
            o = r.observation
            interval = ["", "", ""] if r.low is None else [f"{r.low:.6g}", f"{r.high:.6g}", "yes" if r.inside else "no"]
            out.writerow([o.variable, o.kind, o.start, o.end, o.unit, o.weight, o.value, f"{r.simulated:.6g}",
                          f"{r.error:.6g}", f"{r.relative_error:.3f}", *interval, "in" if r.in_sample else "out", o.source])
    keys = ["variable", "n", "mape", "n_out", "mape_out", "mse", "UM", "US", "UC"]
    with (folder / "series.csv").open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(keys)
        for s in stats:
            out.writerow(["" if s.get(k) is None else (f"{s[k]:.6g}" if isinstance(s[k], float) else s[k]) for k in keys])


def write_identification(folder: Path, ident: list[dict]) -> None:
    keys = ["name", "unit", "value", "low", "high", "prior", "prior_sd", "q05", "q50", "q95",
            "relative_range", "max_correlation", "correlated_with", "data_sensitivity"]
    with (folder / "identification.csv").open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(keys + ["flags"])
        for row in ident:
            out.writerow(["" if row.get(k) is None else row[k] for k in keys] + ["; ".join(row["flags"])])


def _num(value, digits: int = 4) -> str:
    return "" if value is None else f"{value:.{digits}g}"


def identification_table(ident: list[dict], has_ensemble: bool) -> Table:
    grid = Table(title="Calibrated parameters: what the data pin down", title_justify="left")
    for name in ("parameter", "value", "bounds", "5%", "95%", "range/bounds", "flags"):
        grid.add_column(name, justify="left" if name in ("parameter", "flags") else "right")
    for row in ident:
        grid.add_row(row["name"], _num(row["value"]), f"{row['low']:g}–{row['high']:g}",
                     _num(row.get("q05")), _num(row.get("q95")), _num(row.get("relative_range"), 2),
                     ", ".join(row["flags"]) or ("" if has_ensemble else "(no posterior)"))
    return grid


def series_table(stats: list[dict]) -> Table:
    grid = Table(title="Fit by series (MAPE in %, Theil shares of the MSE)", title_justify="left")
    for name in ("series", "n", "MAPE", "n out", "MAPE out", "U^M", "U^S", "U^C"):
        grid.add_column(name, justify="left" if name == "series" else "right")
    for s in stats:
        grid.add_row(s["variable"], str(s["n"]), _num(s["mape"], 3), str(s["n_out"]), _num(s["mape_out"], 3),
                     _num(s.get("UM"), 2), _num(s.get("US"), 2), _num(s.get("UC"), 2))
    return grid


def observation_tables(rows: list[fitting.FitRow], until: int | None, lang: str) -> list[Table]:
    tables = []
    for in_sample in (True, False):
        chosen = [r for r in rows if r.in_sample == in_sample]
        if not chosen:
            continue
        title = "Observations fitted" if in_sample else f"Out of sample (ending after {until})"
        grid = Table(title=title, title_justify="left")
        intervals = any(r.low is not None for r in chosen)
        names = ("observation", "weight", "observed", "simulated", "error", "error %")
        for name in names + (("90% predictive", "inside") if intervals else ()):
            grid.add_column(name, justify="left" if name == "observation" else "right")
        for r in chosen:
            o = r.observation
            period = f"{o.start}" if o.start == o.end else f"{o.start}-{o.end}"
            cells = [f"{labels.title(o.variable, lang)} ({o.kind} {period})", f"{o.weight:g}", f"{o.value:g}",
                     f"{r.simulated:.4g}", f"{r.error:+.3g}", f"{r.relative_error:+.1f}"]
            if intervals:
                cells += [f"{r.low:.4g}–{r.high:.4g}", "yes" if r.inside else "[red]no[/]"]
            grid.add_row(*cells)
        tables.append(grid)
    return tables


def out_of_sample_lines(summary: dict | None, lang: str) -> list[str]:
    """One line per series the set was not fitted on: mean error and coverage of the 90 % intervals."""
    lines = []
    for variable, s in (summary or {}).items():
        coverage = "" if s["coverage_90"] is None else f", {s['coverage_90']:.0%} inside their 90% predictive intervals"
        lines.append(f"out of sample, {labels.title(variable, lang)}: {s['n']} observations, "
                     f"mean error {s['mean_error']:+.3g}{coverage}")
    return lines


def write_fit_report(report, folder: Path, lang: str) -> Path:
    """fit.csv, series.csv and the fit figure (history drawn as observed)."""
    from innovsd.tables import portable_path

    write_fit(folder, report.rows, report.stats)
    figure = fitting.plot(report.rows, report.times, report.best, report.band, report.until, lang)
    ps = report.parameter_set
    source = ps.path.name if ps.path else labels.word("model defaults", lang)
    figures.footer(figure, lang, f"{portable_path(report.data_file)}; {labels.word('parameter set', lang)}: {source}")
    return figures.save(figure, folder, "fit")[0]
