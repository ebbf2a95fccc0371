"""Bayesian posterior of the calibrated parameters by MCMC (emcee's affine-invariant ensemble sampler).

The payoff (``payoff.py``) is the sum of squared residuals of Gaussian terms: observations with a
relative measurement error ``RELATIVE_SD / sqrt(weight)``, parameter priors and output priors. So

    log posterior(theta) = -payoff(theta) / 2        inside the parameter bounds, -inf outside

and the sampler needs nothing else. Every step of all walkers is ONE batched engine run
(``vectorize=True``). Predictive intervals add the measurement error of each observation to the
simulated counterparts of the posterior draws, so observed values can be judged against them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .history import Observation, simulated
from .payoff import RELATIVE_SD, Problem


@dataclass
class Posterior:
    names: list[str]
    draws: np.ndarray  # (draws, parameters) after burn-in and thinning
    acceptance: float
    seed: int


def log_posterior(problem: Problem, theta: np.ndarray) -> np.ndarray:
    theta = np.atleast_2d(theta)
    inside = np.all((theta >= problem.low) & (theta <= problem.high), axis=1)
    out = np.full(len(theta), -np.inf)
    if inside.any():
        out[inside] = -0.5 * problem.payoff(theta[inside])
    return out


def sample(problem: Problem, start: np.ndarray, *, walkers: int = 32, steps: int = 1500, burn: int = 500,
           thin: int = 10, seed: int = 1) -> Posterior:
    """Walkers start in a small ball (1 % of each bound's width) around ``start`` (the best fit)."""
    import emcee

    rng = np.random.default_rng(seed)
    span = problem.high - problem.low
    p0 = np.clip(start + 0.01 * span * rng.standard_normal((walkers, len(start))), problem.low, problem.high)
    sampler = emcee.EnsembleSampler(walkers, len(start), lambda t: log_posterior(problem, t), vectorize=True)
    sampler.random_state = np.random.RandomState(seed).get_state()
    sampler.run_mcmc(p0, steps, progress=False)
    draws = sampler.get_chain(discard=burn, thin=thin, flat=True)
    return Posterior(problem.names, draws, float(np.mean(sampler.acceptance_fraction)), seed)


def predictive_intervals(problem: Problem, posterior: Posterior, observations: list[Observation],
                         levels: tuple[float, float] = (5.0, 95.0), seed: int = 1) -> np.ndarray:
    """(observations, 5): median of the predictive distribution, the two percentiles of the simulated
    value alone (parameter uncertainty) and of the simulated value plus measurement error."""
    rng = np.random.default_rng(seed)
    sim_problem = Problem(problem.engine, observations, problem.parameters)
    sim = simulated(observations, sim_problem.simulate(posterior.draws))
    obs = np.array([o.value for o in observations])
    sd = RELATIVE_SD * np.abs(obs) / np.sqrt([o.weight for o in observations])
    noisy = sim + sd * rng.standard_normal(sim.shape)
    return np.stack([np.median(noisy, axis=0), *np.percentile(sim, levels, axis=0),
                     *np.percentile(noisy, levels, axis=0)], axis=1)
