"""Bayesian posterior of the calibrated parameters by MCMC (``sampler.py``: i-SIR chains with a
proposal started from the point fit's curvature and fitted to the posterior).

The payoff (``payoff.py``) is the sum of squared residuals of Gaussian terms: observations with a
relative measurement error ``RELATIVE_SD / sqrt(weight)``, parameter priors and output priors. So

    log posterior(theta) = -payoff(theta) / 2        inside the parameter bounds, -inf outside

and the sampler needs nothing else. It works on the parameters scaled to [0, 1] (a constant
Jacobian), every step being ONE batched engine run, and starts next to the point fit. The
thinned draws become the parameter set's ensemble: every band, probability and predictive
interval of the tool comes from them. Predictive intervals add the measurement error of each
observation to the simulated counterparts of the draws, so an observed value can be judged
against them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np

from . import sampler
from .history import Observation
from .payoff import RELATIVE_SD, Problem

PREDICTIVE_LEVELS = (5.0, 95.0)  # the 90 % predictive interval
SAMPLER = ("i-SIR chains (multiple-proposal Metropolis-Hastings) with a defensive normal/t mixture proposal, "
           "started from the point fit's Gauss-Newton curvature and refitted by adaptive importance sampling")
ESTIMATOR = "rank-normalised bulk and tail effective sample size and R-hat (Vehtari et al. 2021, as ArviZ computes them)"


@dataclass
class Posterior:
    names: list[str]
    draws: np.ndarray  # (draws, parameters), spread evenly over the kept chains
    chains: sampler.Chains
    tuning: sampler.Tuning
    seed: int

    @property
    def effective_samples(self) -> np.ndarray:
        """Bulk effective sample size per parameter."""
        return self.chains.ess

    def diagnostics(self) -> dict:
        """Chain settings and health, recorded in the parameter set's provenance."""
        c, t = self.chains, self.tuning
        per = lambda values, digits=0: {n: round(float(v), digits) for n, v in zip(self.names, values)}
        return {
            "sampler": SAMPLER, "estimator": ESTIMATOR,
            "chains": t.chains, "pool": t.pool, "adaptation_steps": c.adaptation_steps,
            "steps": int(c.draws.shape[1]), "max_steps": t.max_steps, "target_ess": t.target_ess,
            "evaluations": c.evaluations, "seed": self.seed, "draws": len(self.draws),
            "moved_fraction": round(c.moved, 4), "weight_efficiency": round(c.weight_efficiency, 4),
            "effective_sample_size": per(c.ess), "effective_sample_size_min": round(float(c.ess.min())),
            "tail_effective_sample_size": per(c.tail_ess), "tail_effective_sample_size_min": round(float(c.tail_ess.min())),
            "rhat": per(c.rhat, 4), "rhat_max": round(float(c.rhat.max()), 4),
        }


def log_posterior(problem: Problem, theta: np.ndarray) -> np.ndarray:
    theta = np.atleast_2d(theta)
    inside = np.all((theta >= problem.low) & (theta <= problem.high), axis=1)
    out = np.full(len(theta), -np.inf)
    if inside.any():
        out[inside] = -0.5 * problem.payoff(theta[inside])
    return out


def laplace_covariance(problem: Problem, u: np.ndarray) -> np.ndarray:
    """The posterior's covariance near its mode ``u`` (unit scale) by the Gauss-Newton curvature of
    the payoff: log posterior = -|r|^2 / 2, so its Hessian is about J'J for the residuals' Jacobian J.
    A unit ridge keeps a direction that neither data nor priors see (J'J singular there) spread
    over the whole box instead of infinitely wide."""
    jac = problem.jacobian_unit(u)
    return np.linalg.inv(jac.T @ jac + np.eye(len(u)))


def sample(problem: Problem, start: np.ndarray, tuning: sampler.Tuning, *, draws: int, seed: int,
           on_step: Callable[[int], None] | None = None) -> Posterior:
    """Run the chains from the point fit ``start`` and keep ``draws`` draws spread evenly over
    all kept steps of all chains. KeyboardInterrupt propagates: half a chain is no posterior."""
    if draws < 1:
        raise ValueError("need draws >= 1")
    k = len(start)
    u = problem.to_unit(start)
    chains = sampler.run(lambda x: log_posterior(problem, problem.to_theta(x)), u, tuning, np.random.default_rng(seed),
                         on_step, box=(np.zeros(k), np.ones(k)), covariance=laplace_covariance(problem, u))
    # Step by step, every chain at each step: evenly spaced picks mix chains and steps.
    flat = chains.draws.transpose(1, 0, 2).reshape(-1, k)
    picks = np.linspace(0, len(flat) - 1, min(draws, len(flat))).round().astype(int)
    return Posterior(problem.names, problem.to_theta(flat[picks]), chains, tuning, seed)


def measurement_sd(observations: list[Observation]) -> np.ndarray:
    """The payoff's measurement error of each observation, in its own unit."""
    return np.array([RELATIVE_SD * abs(o.value) / math.sqrt(o.weight) for o in observations])


def predictive(observations: list[Observation], simulated_draws: np.ndarray, seed: int = 1) -> np.ndarray:
    """Posterior predictive of each observation from the simulated counterparts of the draws
    (draws, observations): the measurement error is added to each draw. Returns
    (observations, 3): median, 5 % and 95 % of the predictive (draws whose run failed are left out)."""
    rng = np.random.default_rng(seed)
    noisy = simulated_draws + measurement_sd(observations) * rng.standard_normal(simulated_draws.shape)
    low, high = np.nanpercentile(noisy, PREDICTIVE_LEVELS, axis=0)
    return np.column_stack([np.nanmedian(noisy, axis=0), low, high])
