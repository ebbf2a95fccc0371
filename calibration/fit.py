"""How well a parameter set fits the history: per observation, per series, and a figure.

- Per observation: observed, simulated, error and relative error; observations that end after
  the parameter set's ``--until`` year are out of sample (the fit never saw them).
- Per series (model variable): MAPE, and for series with three or more observations the Theil
  inequality decomposition of the mean squared error (Sterman 1984, "Appropriate summary
  statistics for evaluating the historical fit of system dynamics models"):
  U^M = (mean_s - mean_a)^2 / MSE (bias), U^S = (sd_s - sd_a)^2 / MSE (unequal variation),
  U^C = 2 (1 - r) sd_s sd_a / MSE (unequal covariation: point-by-point noise);
  population standard deviations, so the three add up to 1.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from innovsd.present import figures, labels

from .history import Observation


@dataclass(frozen=True)
class FitRow:
    observation: Observation
    simulated: float
    in_sample: bool
    low: float | None = None  # 90 % posterior predictive interval (None without posterior draws)
    high: float | None = None

    @property
    def inside(self) -> bool | None:
        """Whether the observation falls inside its 90 % predictive interval."""
        if self.low is None:
            return None
        return bool(self.low <= self.observation.value <= self.high)

    @property
    def error(self) -> float:
        return self.simulated - self.observation.value

    @property
    def relative_error(self) -> float:
        """Percent of the observed value."""
        return 100.0 * self.error / abs(self.observation.value)


def fit_rows(observations: list[Observation], simulated: np.ndarray, until: int | None,
             intervals: np.ndarray | None = None) -> list[FitRow]:
    """``intervals``: (observations, 3) median, 5 % and 95 % of the posterior predictive."""
    rows = []
    for i, (o, s) in enumerate(zip(observations, simulated)):
        low, high = (None, None) if intervals is None else (float(intervals[i, 1]), float(intervals[i, 2]))
        rows.append(FitRow(o, float(s), until is None or o.end <= until, low, high))
    return rows


def in_sample(observations: list[Observation], until: int | None) -> list[Observation]:
    """The observations a calibration ``--until YEAR`` fits on: those ending by YEAR."""
    return [o for o in observations if until is None or o.end <= until]


def theil(simulated: np.ndarray, actual: np.ndarray) -> dict[str, float]:
    simulated, actual = np.asarray(simulated, float), np.asarray(actual, float)
    mse = float(np.mean((simulated - actual) ** 2))
    if mse == 0:
        return {"mse": 0.0, "UM": 0.0, "US": 0.0, "UC": 0.0}
    sd_s, sd_a = simulated.std(), actual.std()
    r = float(np.corrcoef(simulated, actual)[0, 1]) if sd_s > 0 and sd_a > 0 else 0.0
    return {
        "mse": mse,
        "UM": (simulated.mean() - actual.mean()) ** 2 / mse,
        "US": (sd_s - sd_a) ** 2 / mse,
        "UC": 2 * (1 - r) * sd_s * sd_a / mse,
    }


def series_statistics(rows: list[FitRow]) -> list[dict]:
    """Per variable: MAPE in and out of sample, and Theil's U for >= 3 in-sample points."""
    stats = []
    for variable in dict.fromkeys(r.observation.variable for r in rows):
        mine = [r for r in rows if r.observation.variable == variable]
        fitted = [r for r in mine if r.in_sample]
        later = [r for r in mine if not r.in_sample]
        entry = {"variable": variable, "n": len(fitted), "n_out": len(later),
                 "mape": _mape(fitted), "mape_out": _mape(later)}
        if len(fitted) >= 3:
            entry.update(theil([r.simulated for r in fitted], [r.observation.value for r in fitted]))
        stats.append(entry)
    return stats


def _mape(rows: list[FitRow]) -> float | None:
    return float(np.mean([abs(r.relative_error) for r in rows])) if rows else None


def _period(o: Observation) -> str:
    return f"{o.start}" if o.start == o.end else f"{o.start}–{o.end}"


def plot(rows: list[FitRow], times: np.ndarray, best: dict[str, np.ndarray],
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
        ax.plot(times, best[variable], color=colour, lw=1.4, label=labels.word("simulated", lang))
        if band:
            ax.fill_between(times, *band[variable], color=colour, alpha=0.15, lw=0, label=labels.word("band", lang))
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
                kind = labels.word("period total", lang) if o.kind == "sum" else labels.word("average growth", lang)
                unit = o.unit if o.kind == "sum" else "%/" + labels.word("year", lang).lower()
                notes.append(f"{kind} {_period(o)}: {labels.word('observed', lang).lower()} {o.value:g}, "
                             f"{labels.word('simulated', lang).lower()} {r.simulated:.3g} {unit}")
        if notes:
            ax.text(0.02, 0.97, "\n".join(notes), transform=ax.transAxes, va="top", ha="left", fontsize=6.5,
                    bbox=dict(boxstyle="round,pad=0.25", fc="white", ec="#bbbbbb", alpha=0.9))
        if until is not None:
            ax.axvline(until + 0.5, color="#999999", ls="--", lw=0.8)
        ax.set_title(labels.title(variable, lang), loc="left")
        ax.set_ylabel(labels.unit(variable, lang))
        ax.set_xlim(times[0], times[-1])
    for ax in list(axes.flat)[len(variables):]:
        ax.set_visible(False)
    handles = [
        figures.plt.Line2D([], [], color=colour, lw=1.4, label=labels.word("simulated", lang)),
        figures.plt.Line2D([], [], color=data_colour, marker="o", ls="none", label=labels.word("observed point", lang)),
        figures.plt.Line2D([], [], color=data_colour, lw=2.2, label=labels.word("observed mean", lang)),
    ]
    if band:
        handles.append(figures.plt.matplotlib.patches.Patch(color=colour, alpha=0.15, label=labels.word("band", lang)))
    if until is not None:
        handles.append(figures.plt.Line2D([], [], color="#777777", marker="o", ls="--",
                                          label=labels.word("out of sample", lang).format(year=until)))
    fig.legend(handles=handles, loc="upper center", ncol=len(handles), frameon=False, bbox_to_anchor=(0.5, 1.0))
    fig.tight_layout(rect=(0, 0.03, 1, 0.97))
    return fig


def summary(problem, theta: np.ndarray, rows: list[FitRow], stats: list[dict]) -> dict:
    """Fit statistics stored in a parameter set's provenance."""
    residuals = problem.residuals(theta)[0]
    n = len(problem.observations)
    return {
        "payoff": float(residuals @ residuals),
        "data_payoff": float(residuals[:n] @ residuals[:n]),
        "prior_penalty": float(residuals[n:] @ residuals[n:]),
        "observations_fitted": n,
        "mape_percent": {s["variable"]: s["mape"] for s in stats if s["mape"] is not None},
        "mape_out_of_sample_percent": {s["variable"]: s["mape_out"] for s in stats if s["mape_out"] is not None},
        "errors": [
            {"observation": r.observation.label, "observed": r.observation.value, "simulated": r.simulated,
             "in_sample": r.in_sample}
            for r in rows
        ],
    }
