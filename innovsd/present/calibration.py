"""Files, figure and terminal tables of a calibration and a fit report (`innovsd calibrate`, `fit`).
Rows are the fit rows of ``innovsd.fit`` / ``innovsd.calibrate`` (observation, simulated, interval)."""

from __future__ import annotations

import csv
import textwrap
from pathlib import Path

import numpy as np
from rich.markup import escape
from rich.table import Table

from innovsd.present import figures, labels, words
from innovsd.present.words import word
from innovsd.text import cell


def _period(o) -> str:
    return f"{o.start}" if o.start == o.end else f"{o.start}–{o.end}"


def fit_figure(rows: list, times: np.ndarray, best: dict[str, np.ndarray],
               band: dict[str, tuple[np.ndarray, np.ndarray]] | None, until: int | None, lang: str):
    """One panel per series: the simulated path (and ensemble band) with the history drawn as
    observed: points as markers, period means as bars over their years, totals and growth
    rates as annotations (observed vs simulated). Returns the figure."""
    variables = list(dict.fromkeys(r.observation.variable for r in rows))
    cols = 2
    nrows = (len(variables) + cols - 1) // cols
    fig, axes = figures.figure(nrows, cols, height_per_row=2.3)
    colour, data_colour = figures.SCENARIO_COLOURS[1], figures.SCENARIO_COLOURS[2]
    for ax, variable in zip(axes.flat, variables):
        ax.plot(times, best[variable], color=colour, lw=1.4, label=word("simulated", lang))
        if band:
            ax.fill_between(times, *band[variable], color=colour, alpha=0.15, lw=0, label=word("band", lang))
        notes = []
        for r in (r for r in rows if r.observation.variable == variable):
            o = r.observation
            # Totals and growth rates are annotated with their simulated counterpart instead.
            if o.kind in ("point", "mean"):
                if r.low is not None:  # the observation's 90 % predictive interval
                    x = (o.start + o.end) / 2
                    ax.errorbar([x], [r.simulated], yerr=[[r.simulated - r.low], [r.high - r.simulated]],
                                fmt="none", ecolor=colour, elinewidth=0.9, capsize=2.5, alpha=0.8)
                figures.draw_observed(ax, o, color=data_colour if r.in_sample else "#777777")
            else:
                kind = word("period total", lang) if o.kind == "sum" else word("average growth", lang)
                unit = labels.unit_text(o.unit, lang) if o.kind == "sum" else "%/" + word("year", lang).lower()
                notes.append(f"{kind} {_period(o)}: {word('observed', lang).lower()} "
                             f"{words.significant(o.value, lang, 4)}, {word('simulated', lang).lower()} "
                             f"{words.significant(r.simulated, lang)} {unit}")
        if notes:
            ax.text(0.02, 0.97, "\n".join(textwrap.fill(n, 40) for n in notes), transform=ax.transAxes, va="top", ha="left", fontsize=6.5,
                    bbox=dict(boxstyle="round,pad=0.25", fc="white", ec="#bbbbbb", alpha=0.9))
        if until is not None:
            ax.axvline(until + 0.5, color="#999999", ls="--", lw=0.8)
        # Two panels share the A4 width: long (Vietnamese) titles wrap instead of running over.
        ax.set_title(textwrap.fill(labels.title(variable, lang), 34), loc="left")
        ax.set_ylabel(labels.unit(variable, lang))
        ax.set_xlim(times[0], times[-1])
    for ax in list(axes.flat)[len(variables):]:
        ax.set_visible(False)
    handles = [
        figures.plt.Line2D([], [], color=colour, lw=1.4, label=word("simulated", lang)),
        figures.plt.Line2D([], [], color=data_colour, marker="o", ls="none", label=word("observed point", lang)),
        figures.plt.Line2D([], [], color=data_colour, lw=2.2, label=word("observed mean", lang)),
    ]
    if band:
        handles.append(figures.plt.matplotlib.patches.Patch(color=colour, alpha=0.15, label=word("band", lang)))
    if until is not None:
        handles.append(figures.plt.Line2D([], [], color="#777777", marker="o", ls="--",
                                          label=word("out of sample", lang).format(year=until)))
    fig.legend(handles=handles, loc="upper center", ncol=len(handles), frameon=False, bbox_to_anchor=(0.5, 1.0))
    fig.tight_layout(rect=(0, 0.03, 1, 0.97))
    return fig


def write_fit(folder: Path, rows: list, stats: list[dict]) -> None:
    with (folder / "fit.csv").open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["variable", "kind", "start", "end", "unit", "weight", "observed", "simulated", "error",
                      "relative_error_percent", "predictive_5", "predictive_95", "inside_90", "width_percent",
                      "informative", "sample", "source"])
        for r in rows:
            o = r.observation
            interval = ["", "", "", "", ""] if r.low is None else [
                f"{r.low:.6g}", f"{r.high:.6g}", "yes" if r.inside else "no", f"{100 * r.relative_width:.1f}",
                "yes" if r.informative else "no"]
            out.writerow([cell(o.variable), o.kind, o.start, o.end, cell(o.unit), o.weight, o.value, f"{r.simulated:.6g}",
                          f"{r.error:.6g}", f"{r.relative_error:.3f}", *interval, "in" if r.in_sample else "out",
                          cell(o.source)])
    keys = ["variable", "n", "mape", "n_out", "mape_out", "mse", "UM", "US", "UC"]
    with (folder / "series.csv").open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(keys)
        for s in stats:
            out.writerow(["" if s.get(k) is None else (f"{s[k]:.6g}" if isinstance(s[k], float) else s[k]) for k in keys])


def write_identification(folder: Path, ident: list[dict]) -> None:
    keys = ["name", "unit", "value", "low", "high", "prior", "prior_sd", "q05", "q50", "q95",
            "relative_range", "max_correlation", "correlated_with", "data_sensitivity", "ess", "tail_ess", "rhat"]
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
        + [word(key, lang) for key in ("range over bounds", "effective sample size", "flags")]
    for i, header in enumerate(headers):
        grid.add_column(header, justify="left" if i in (0, len(headers) - 1) else "right")
    for row in ident:
        bounds = f"{_num(row['low'], lang)}–{_num(row['high'], lang)}"
        grid.add_row(escape(labels.title(row["name"], lang)), _num(row["value"], lang), bounds,
                     _num(row.get("q05"), lang), _num(row.get("q95"), lang), _num(row.get("relative_range"), lang, 2),
                     "" if row.get("ess") is None else words.number(row["ess"], lang, 0),
                     escape(", ".join(flag_text(f, row, lang) for f in row["flags"]))
                     or ("" if has_ensemble else word("no posterior", lang)))
    return grid


def series_table(stats: list[dict], lang: str) -> Table:
    grid = Table(title=word("series title", lang), title_justify="left")
    out = word("out", lang)
    for i, name in enumerate((word("series", lang), "n", "MAPE", f"n {out}", f"MAPE {out}", "U^M", "U^S", "U^C")):
        grid.add_column(name, justify="left" if i == 0 else "right")
    for s in stats:
        grid.add_row(escape(labels.title(s["variable"], lang)), str(s["n"]), _num(s["mape"], lang, 3), str(s["n_out"]),
                     _num(s["mape_out"], lang, 3), _num(s.get("UM"), lang, 2), _num(s.get("US"), lang, 2),
                     _num(s.get("UC"), lang, 2))
    return grid


NARROW = 110  # columns below which the observation table leaves weight and absolute error to fit.csv


def observation_tables(rows: list, until: int | None, lang: str, width: int | None = None) -> list[Table]:
    """The observations and their fit; narrower than NARROW columns, without the weight and the
    absolute error (fit.csv has them) and with in/out marked beside the 90 % interval, so the
    interval is never cut off."""
    narrow = width is not None and width < NARROW
    tables = []
    for in_sample in (True, False):
        chosen = [r for r in rows if r.in_sample == in_sample]
        if not chosen:
            continue
        title = word("observations fitted", lang) if in_sample else word("out of sample title", lang, year=until)
        grid = Table(title=title, title_justify="left")
        intervals = any(r.low is not None for r in chosen)
        names = ("observation", "weight", "observed column", "simulated column", "error", "error percent")
        if narrow:
            names = ("observation", "observed column", "simulated column", "error percent")
        wide = ("predictive 90", "width percent", "inside")
        for key in names + ((("predictive 90",) if narrow else wide) if intervals else ()):
            # Folded, never cut: at 80 columns the 90 % interval stays readable.
            grid.add_column(word(key, lang), justify="left" if key == "observation" else "right", overflow="fold",
                            max_width=28 if key == "observation" else None,
                            min_width=11 if key == "predictive 90" else None)
        for r in chosen:
            o = r.observation
            period = f"{o.start}" if o.start == o.end else f"{o.start}-{o.end}"
            cells = [escape(f"{labels.title(o.variable, lang)} ({word(f'kind {o.kind}', lang)} {period})"), words.significant(o.weight, lang, 6),
                     words.significant(o.value, lang, 6), _num(r.simulated, lang), words.significant(r.error, lang, 3, sign=True),
                     words.signed(r.relative_error, lang, 1)]
            if narrow:
                cells = [cells[0], cells[2], cells[3], cells[5]]
            if intervals and narrow:
                mark = "✓" if r.inside else "[red]✗[/]"
                cells.append(f"{_num(r.low, lang)}–{_num(r.high, lang)} {mark}"
                             + ("" if r.informative else f" ({word('too wide', lang)})"))
            elif intervals:
                inside = word("yes", lang) if r.inside else f"[red]{word('no', lang)}[/]"
                cells += [f"{_num(r.low, lang)}–{_num(r.high, lang)}", words.number(100 * r.relative_width, lang, 0),
                          inside if r.informative else f"{inside} ({word('too wide', lang)})"]
            grid.add_row(*cells)
        tables.append(grid)
    return tables


def out_of_sample_lines(summary: dict | None, lang: str) -> list[str]:
    """One line per series the set was not fitted on: mean error and coverage of the 90 % intervals."""
    lines = []
    for variable, s in (summary or {}).items():
        coverage = "" if s["coverage_90"] is None else word(
            "coverage", lang, share=words.percent(s["coverage_90"], lang),
            width=words.number(s["mean_width_percent"], lang, 0), wide=s["too_wide"])
        lines.append(word("out of sample line", lang, title=labels.title(variable, lang), n=s["n"],
                          error=words.significant(s["mean_error"], lang, 3, sign=True), coverage=coverage))
    return lines


def write_fit_report(report, folder: Path, lang: str) -> Path:
    """fit.csv, series.csv and the fit figure (history drawn as observed)."""
    from innovsd.resources import portable_path

    write_fit(folder, report.rows, report.stats)
    figure = fit_figure(report.rows, report.times, report.best, report.band, report.until, lang)
    ps = report.parameter_set
    source = ps.path.name if ps.path else word("model defaults", lang)
    share = figures.footer(figure, lang, f"{portable_path(report.data_file)}; {word('parameter set', lang)}: {source}")
    figure.tight_layout(rect=(0, share, 1, 0.97))
    return figures.save(figure, folder, "fit")[0]
