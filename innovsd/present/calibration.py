"""Files, figure and terminal tables of a calibration and a fit report (`innovsd calibrate`, `fit`)."""

from __future__ import annotations

import csv
from pathlib import Path

from rich.table import Table

from innovsd.calibration import fit as fitting
from innovsd.present import figures, labels, words
from innovsd.present.words import word


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


def _num(value, lang: str, digits: int = 4) -> str:
    return "" if value is None else words.significant(value, lang, digits)


def flag_text(flag: str, row: dict, lang: str) -> str:
    """A flag of calibration.calibrate.identify in ``lang`` (it writes them in English)."""
    if flag.startswith("corr ") and row.get("correlated_with"):
        return word("flag corr", lang, r=words.significant(row["max_correlation"], lang, 2, sign=True),
                    other=labels.title(row["correlated_with"], lang))
    key = f"flag {flag}"
    return word(key, lang) if key in words.WORDS else flag


def identification_table(ident: list[dict], has_ensemble: bool, lang: str) -> Table:
    grid = Table(title=word("identification title", lang), title_justify="left")
    headers = [word(key, lang) for key in ("parameter", "value", "bounds")] + ["5%", "95%"] \
        + [word(key, lang) for key in ("range over bounds", "flags")]
    for i, header in enumerate(headers):
        grid.add_column(header, justify="left" if i in (0, len(headers) - 1) else "right")
    for row in ident:
        bounds = f"{_num(row['low'], lang)}–{_num(row['high'], lang)}"
        grid.add_row(labels.title(row["name"], lang), _num(row["value"], lang), bounds,
                     _num(row.get("q05"), lang), _num(row.get("q95"), lang), _num(row.get("relative_range"), lang, 2),
                     ", ".join(flag_text(f, row, lang) for f in row["flags"])
                     or ("" if has_ensemble else word("no posterior", lang)))
    return grid


def series_table(stats: list[dict], lang: str) -> Table:
    grid = Table(title=word("series title", lang), title_justify="left")
    out = word("out", lang)
    for i, name in enumerate((word("series", lang), "n", "MAPE", f"n {out}", f"MAPE {out}", "U^M", "U^S", "U^C")):
        grid.add_column(name, justify="left" if i == 0 else "right")
    for s in stats:
        grid.add_row(labels.title(s["variable"], lang), str(s["n"]), _num(s["mape"], lang, 3), str(s["n_out"]),
                     _num(s["mape_out"], lang, 3), _num(s.get("UM"), lang, 2), _num(s.get("US"), lang, 2),
                     _num(s.get("UC"), lang, 2))
    return grid


def observation_tables(rows: list[fitting.FitRow], until: int | None, lang: str) -> list[Table]:
    tables = []
    for in_sample in (True, False):
        chosen = [r for r in rows if r.in_sample == in_sample]
        if not chosen:
            continue
        title = word("observations fitted", lang) if in_sample else word("out of sample title", lang, year=until)
        grid = Table(title=title, title_justify="left")
        intervals = any(r.low is not None for r in chosen)
        names = ("observation", "weight", "observed column", "simulated column", "error", "error percent")
        for key in names + (("predictive 90", "inside") if intervals else ()):
            grid.add_column(word(key, lang), justify="left" if key == "observation" else "right")
        for r in chosen:
            o = r.observation
            period = f"{o.start}" if o.start == o.end else f"{o.start}-{o.end}"
            cells = [f"{labels.title(o.variable, lang)} ({word(f'kind {o.kind}', lang)} {period})", words.significant(o.weight, lang, 6),
                     words.significant(o.value, lang, 6), _num(r.simulated, lang), words.significant(r.error, lang, 3, sign=True),
                     words.signed(r.relative_error, lang, 1)]
            if intervals:
                cells += [f"{_num(r.low, lang)}–{_num(r.high, lang)}", word("yes", lang) if r.inside else f"[red]{word('no', lang)}[/]"]
            grid.add_row(*cells)
        tables.append(grid)
    return tables


def out_of_sample_lines(summary: dict | None, lang: str) -> list[str]:
    """One line per series the set was not fitted on: mean error and coverage of the 90 % intervals."""
    lines = []
    for variable, s in (summary or {}).items():
        coverage = "" if s["coverage_90"] is None else word("coverage", lang, share=words.percent(s["coverage_90"], lang))
        lines.append(word("out of sample line", lang, title=labels.title(variable, lang), n=s["n"],
                          error=words.significant(s["mean_error"], lang, 3, sign=True), coverage=coverage))
    return lines


def write_fit_report(report, folder: Path, lang: str) -> Path:
    """fit.csv, series.csv and the fit figure (history drawn as observed)."""
    from innovsd.tables import portable_path

    write_fit(folder, report.rows, report.stats)
    figure = fitting.plot(report.rows, report.times, report.best, report.band, report.until, lang)
    ps = report.parameter_set
    source = ps.path.name if ps.path else word("model defaults", lang)
    figures.footer(figure, lang, f"{portable_path(report.data_file)}; {word('parameter set', lang)}: {source}")
    return figures.save(figure, folder, "fit")[0]
