"""How well a parameter set fits the history: per observation, per series, and a figure.

- Per observation: observed, simulated, error and relative error; observations that end after
  the parameter set's ``until`` year are out of sample (the fit never saw them).
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

from .history import Observation

# A 90 % predictive interval wider than the observed value itself says too little to test the
# model against that observation (a growth of 10 %/yr "between 3 and 17"): flagged, not judged.
UNINFORMATIVE_WIDTH = 1.0


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
    def width(self) -> float | None:
        """Width of the 90 % predictive interval, in the observation's unit."""
        return None if self.low is None else self.high - self.low

    @property
    def relative_width(self) -> float | None:
        """The interval's width as a fraction of the observed value."""
        return None if self.low is None else self.width / abs(self.observation.value)

    @property
    def informative(self) -> bool | None:
        """False when the interval is too wide to tell anything (``UNINFORMATIVE_WIDTH``)."""
        return None if self.low is None else bool(self.relative_width <= UNINFORMATIVE_WIDTH)

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
    """The observations a calibration up to ``until`` fits on: those ending by that year."""
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
