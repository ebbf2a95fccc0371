"""Bayesian posterior of the calibrated parameters by MCMC (emcee's affine-invariant ensemble sampler).

The payoff (``payoff.py``) is the sum of squared residuals of Gaussian terms: observations with a
relative measurement error ``RELATIVE_SD / sqrt(weight)``, parameter priors and output priors. So

    log posterior(theta) = -payoff(theta) / 2        inside the parameter bounds, -inf outside

and the sampler needs nothing else. Every step of all walkers is ONE batched engine run
(``vectorize=True``). The walkers start in a small ball around the point fit, so the burn-in only
has to spread them over the posterior, not find it. The thinned draws become the parameter set's
ensemble: every band, probability and predictive interval of the tool comes from them.
Predictive intervals add the measurement error of each observation to the simulated counterparts
of the draws, so an observed value can be judged against them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np

from .history import Observation
from .payoff import RELATIVE_SD, Problem

START_SPREAD = 0.01  # walkers start within ~1 % of each bound's width around the point fit
PREDICTIVE_LEVELS = (5.0, 95.0)  # the 90 % predictive interval


@dataclass
class Posterior:
    names: list[str]
    draws: np.ndarray  # (draws, parameters) after burn-in and thinning
    acceptance: float  # mean acceptance fraction of the walkers
    autocorr: np.ndarray  # integrated autocorrelation time per parameter, in steps (emcee, tol=0)
    walkers: int
    steps: int
    burn: int
    thin: int
    seed: int

    @property
    def effective_samples(self) -> float:
        """Independent draws the kept chain is worth: walkers x kept steps / the longest tau."""
        return self.walkers * (self.steps - self.burn) / float(np.max(self.autocorr))

    def diagnostics(self) -> dict:
        """Chain settings and health; autocorrelation figures are None when the chain is too
        short to estimate them."""
        tau = float(np.max(self.autocorr))
        known = lambda x: round(float(x), 2) if np.isfinite(x) else None
        return {
            "sampler": "emcee.EnsembleSampler (stretch move), vectorize=True",
            "walkers": self.walkers, "steps": self.steps, "burn": self.burn, "thin": self.thin, "seed": self.seed,
            "draws": len(self.draws),
            "acceptance_fraction": round(self.acceptance, 4),
            "autocorrelation_time": {n: known(t) for n, t in zip(self.names, self.autocorr)},
            "autocorrelation_time_max": known(tau),
            # emcee's guidance: trust tau when the kept chain is > ~50 tau long.
            "kept_steps_over_tau": known((self.steps - self.burn) / tau),
            "effective_sample_size": known(self.effective_samples),
        }


def log_posterior(problem: Problem, theta: np.ndarray) -> np.ndarray:
    theta = np.atleast_2d(theta)
    inside = np.all((theta >= problem.low) & (theta <= problem.high), axis=1)
    out = np.full(len(theta), -np.inf)
    if inside.any():
        out[inside] = -0.5 * problem.payoff(theta[inside])
    return out


def sample(problem: Problem, start: np.ndarray, *, walkers: int, steps: int, burn: int, draws: int, seed: int,
           on_step: Callable[[int], None] | None = None) -> Posterior:
    # No defaults here: calibrate.Settings holds the one set of chain settings.
    """Run the chain and keep about ``draws`` draws spread evenly over the steps after ``burn``
    (every walker at each kept step). KeyboardInterrupt propagates: half a chain is no posterior."""
    import emcee

    if walkers < 2 * len(start) or steps <= burn or burn < 0 or draws < 1:
        raise ValueError("need walkers >= 2 x parameters, steps > burn >= 0 and draws >= 1")
    rng = np.random.default_rng(seed)
    span = problem.high - problem.low
    p0 = np.clip(start + START_SPREAD * span * rng.standard_normal((walkers, len(start))), problem.low, problem.high)
    sampler = emcee.EnsembleSampler(walkers, len(start), lambda t: log_posterior(problem, t), vectorize=True)
    sampler.random_state = np.random.RandomState(seed).get_state()
    for _ in sampler.sample(p0, iterations=steps):
        if on_step:
            on_step(1)
    kept_steps = min(steps - burn, math.ceil(draws / walkers))
    thin = max(1, (steps - burn) // kept_steps)
    chain = sampler.get_chain(discard=burn, thin=thin)[-kept_steps:]
    with np.errstate(invalid="ignore", divide="ignore"):
        tau = sampler.get_autocorr_time(discard=burn, tol=0)
    return Posterior(problem.names, chain.reshape(-1, len(start)), float(np.mean(sampler.acceptance_fraction)),
                     np.asarray(tau, dtype=float), walkers, steps, burn, thin, seed)


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
