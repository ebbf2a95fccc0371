"""The calibration payoff, evaluated for a whole population of parameter sets in one run.

Payoff (smaller is better), for parameter values theta:

    payoff(theta) = sum_i  w_i * ((sim_i(theta) - obs_i) / (s * obs_i)) ** 2
                  + sum_j  ((theta_j - prior_j) / prior_sd_j) ** 2
                  + sum_m  ((sim_m(theta) - prior_m) / prior_sd_m) ** 2

- i runs over the observations (calibration/data/history.csv), w_i is the row's weight (its
  stated confidence, in (0, 1]) and sim_i the simulated counterpart of the observation
  (see ``history.simulated``), and s = RELATIVE_SD the measurement error of a weight-1 row as a
  fraction of its value (a row of weight w has sd s / sqrt(w)). Without s the data would count
  as if they were only known to within 100 %, and any parameter prior would outweigh them.
  Relative errors make series with different units comparable
  and make a 10 % miss on 103 filings count as much as a 10 % miss on a 0.39 % budget share.
- j runs over the calibrated parameters that have a prior in model/parameters.csv (a
  literature or judgement value with a standard deviation); the penalty keeps parameters the
  data cannot pin down near their documented value instead of drifting to a bound.
- m runs over the output priors (calibration/data/priors.csv): assumptions about simulated
  quantities no document reports, such as the 2025 innovating share. They keep unobserved
  states plausible and are reported as priors, never as data.

It is the sum of squares of the residual vector
``[sqrt(w_i) * (sim_i - obs_i) / |obs_i| ..., (theta_j - prior_j) / prior_sd_j ...]``, so the
same function serves the global search (payoff) and ``scipy.optimize.least_squares`` (residuals).
A member whose simulation fails (non-finite values) gets a relative error of ``FAILED_ERROR``
on that observation: the search moves away from it instead of stopping.
"""

from __future__ import annotations

from concurrent.futures import Executor
from dataclasses import dataclass, field

import numpy as np

from innovsd.model.chunks import chunk_size
from innovsd.model.engine import Engine, Simulation
from innovsd.model.parameters import Parameter

from .history import Observation, OutputPrior, save_grid, simulated

FAILED_ERROR = 1e3
# Measurement error of a weight-1 observation, relative to its value: sources that report the same
# figure differ by 2-5 % (GRDP growth estimates and revisions, calibration/data/history.csv), and the
# model is a smooth approximation of yearly data, so 10 %.
RELATIVE_SD = 0.1


@dataclass
class Problem:
    """Observations, the parameters being fitted, and the engine that simulates them."""

    engine: Engine
    observations: list[Observation]
    parameters: list[Parameter]
    output_priors: list[OutputPrior] = field(default_factory=list)
    executor: Executor | None = None  # runs a batch's chunks on its workers (same numbers)
    fixed: dict[str, float] = field(default_factory=dict)  # constants held for every member (a structure's switches)

    def __post_init__(self):
        self.names = [p.name for p in self.parameters]
        self.low = np.array([p.low for p in self.parameters])
        self.high = np.array([p.high for p in self.parameters])
        self.obs = np.array([o.value for o in self.observations])
        self.weights = np.array([o.weight for o in self.observations])
        self.prior_index = np.array([i for i, p in enumerate(self.parameters) if p.prior is not None and p.prior_sd], dtype=int)
        # Centres and spreads of every prior: parameter priors first, then output priors.
        self.prior_observations = [p.observation for p in self.output_priors]
        self.prior = np.array([self.parameters[i].prior for i in self.prior_index] + [p.observation.value for p in self.output_priors])
        self.prior_sd = np.array([self.parameters[i].prior_sd for i in self.prior_index] + [p.sd for p in self.output_priors])
        self.save_times = save_grid(self.engine, self.observations + self.prior_observations)
        self.final_time = float(self.save_times[-1])
        self.outputs = sorted({o.variable for o in self.observations + self.prior_observations})

    @property
    def n_residuals(self) -> int:
        return len(self.observations) + len(self.prior)

    # -- scaling: the optimisers work on u in [0, 1] per parameter ------------------------
    def to_theta(self, u: np.ndarray) -> np.ndarray:
        return self.low + np.asarray(u) * (self.high - self.low)

    def to_unit(self, theta: np.ndarray) -> np.ndarray:
        span = np.where(self.high > self.low, self.high - self.low, 1.0)
        return (np.asarray(theta) - self.low) / span

    # -- evaluation -------------------------------------------------------------------------
    def simulate(self, theta: np.ndarray) -> Simulation:
        """One batched run for parameter sets shaped (members, parameters)."""
        theta = np.atleast_2d(theta)
        params = {**self.fixed, **{name: theta[:, j].copy() for j, name in enumerate(self.names)}}
        if self.executor is not None:
            # The workers run to the model's final time: the saved years' values are the same.
            return self.engine.run_ensemble(params, outputs=self.outputs, save_years=self.save_times,
                                            executor=self.executor, chunk_size=chunk_size(len(theta), self.executor))
        return self.engine.run(params, outputs=self.outputs, final_time=self.final_time, save_years=self.save_times)

    def counterparts(self, theta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Simulated counterparts of the observations and of the output priors, from one
        run, shaped (members, observations) and (members, output priors)."""
        sim = self.simulate(theta)
        data = simulated(self.observations, sim)
        outputs = simulated(self.prior_observations, sim) if self.output_priors else np.empty((len(data), 0))
        return data, outputs

    def simulated(self, theta: np.ndarray) -> np.ndarray:
        """Simulated counterparts of the observations, shaped (members, observations)."""
        return self.counterparts(theta)[0]

    def residuals(self, theta: np.ndarray, weights: np.ndarray | None = None, prior: np.ndarray | None = None) -> np.ndarray:
        """Residual vectors shaped (members, observations + priors); ``weights`` and
        ``prior`` override the observation weights and prior centres (the bootstrap
        multiplies the weights by resampling counts and draws the prior centres)."""
        theta = np.atleast_2d(theta)
        data_sim, prior_sim = self.counterparts(theta)
        relative = (data_sim - self.obs) / (RELATIVE_SD * np.abs(self.obs))
        relative = np.where(np.isfinite(relative), relative, FAILED_ERROR)
        w = self.weights if weights is None else weights
        data = np.sqrt(w) * relative
        centre = self.prior if prior is None else prior
        k = self.prior_index.size
        parts = [data, (theta[:, self.prior_index] - centre[..., :k]) / self.prior_sd[:k]]
        if self.output_priors:
            outputs = (prior_sim - centre[..., k:]) / self.prior_sd[k:]
            parts.append(np.where(np.isfinite(outputs), outputs, FAILED_ERROR))
        return np.hstack(parts)

    def payoff(self, theta: np.ndarray, weights: np.ndarray | None = None, prior: np.ndarray | None = None) -> np.ndarray:
        return np.sum(self.residuals(theta, weights, prior) ** 2, axis=1)

    def jacobian_unit(self, u: np.ndarray, weights=None, prior=None, step: float = 1e-6) -> np.ndarray:
        """Forward-difference Jacobian of the residuals in unit coordinates.

        ``u`` is one point (k,) -> (residuals, k), or B points (B, k) with per-point
        ``weights`` (B, observations) and ``prior`` (B, priors) -> (B, residuals, k). All base
        points and their shifted copies run as ONE batched simulation.
        """
        single = np.ndim(u) == 1
        u = np.atleast_2d(np.asarray(u, dtype=float))
        b, k = u.shape
        # Step inward at the upper bound so every point stays inside the box.
        h = np.where(u + step <= 1.0, step, -step)
        points = np.repeat(u, k + 1, axis=0).reshape(b, k + 1, k)
        points[:, 1:, :] += h[:, :, None] * np.eye(k)
        repeat = lambda a: a if a is None or np.ndim(a) == 1 else np.repeat(a, k + 1, axis=0)
        r = self.residuals(self.to_theta(points.reshape(-1, k)), repeat(weights), repeat(prior))
        r = r.reshape(b, k + 1, -1)
        jac = ((r[:, 1:, :] - r[:, :1, :]) / h[:, :, None]).transpose(0, 2, 1)
        return jac[0] if single else jac
