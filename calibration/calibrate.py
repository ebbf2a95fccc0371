"""Fit the 'calibrate = yes' parameters to the history: global search, polish, MCMC posterior.

1. Global search: ``scipy.optimize.differential_evolution`` over the parameter box (scaled to
   [0, 1]) with ``vectorized=True``: each generation's whole population is ONE batched engine
   run (constants given as arrays), which is what makes a search take seconds. It runs
   ``Settings.starts`` times from independent random streams of the seed, so one search settling
   in a worse mode does not decide the result; these scouting searches stop at the loose
   ``scout_tol``, which is enough to tell the modes apart. The scout whose polished point is
   best then continues (its population, with that point in it) to the tight ``tol``: a payoff
   with kinks (a backtest window has its best point on one) is only settled by the search itself.
   ``updating='deferred'`` (required by vectorised evaluation) and a fixed seed make it
   deterministic; scipy's own polish is off because the next step does it better.
2. Polish: ``scipy.optimize.least_squares`` (trust-region reflective, bounded) on the residual
   vector of the payoff, from each scout's best point and from the final search's, with a
   batched forward-difference Jacobian; the best point seen is the fit.
3. Uncertainty: the Bayesian posterior by MCMC (``posterior.py`` and ``sampler.py``: log
   posterior = -payoff / 2 inside the bounds; i-SIR chains whose proposal starts as the normal
   of the polished point's curvature and is fitted to the posterior, every step one batched run); the
   chains run until every parameter's effective sample size reaches ``Settings.ess`` and R-hat
   says they agree. Its thinned draws are the set's ensemble; the point fit stays the set's
   values (the same seed reproduces them). The spread of the draws shows what the data pin
   down; parameters with wide ranges or strong correlations are flagged.

Ctrl-C (KeyboardInterrupt) at any stage stops the work and returns the best set seen so far,
marked as interrupted; the caller saves it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Callable

import numpy as np
from scipy.optimize import differential_evolution, least_squares

from innovsd.model.parameters import ParameterSet
from innovsd.resources import file_sha256, portable_path

from . import diagnostics, posterior, sampler
from .payoff import Problem

WIDE_RANGE = 0.5  # 5-95% range wider than half the parameter's bounds: poorly identified
STRONG_CORRELATION = 0.8


@dataclass(frozen=True)
class Settings:
    """Optimizer settings (all recorded in the parameter set's provenance)."""

    seed: int = 1
    popsize: int = 5  # population = popsize x number of parameters
    maxiter: int = 400  # DE generations
    tol: float = 1e-4  # DE stops when the population's payoffs agree to this relative spread
    scout_tol: float = 5e-2  # ... and the scouting searches at this one
    mutation: tuple[float, float] = (0.5, 1.0)
    recombination: float = 0.7
    polish_max_nfev: int = 200
    starts: int = 2  # independent scouting searches, each polished; the best continues. Short backtest windows
    # leave two modes of similar depth, and one search settles in the worse about a third of the time
    chains: int = 16  # independent MCMC chains, compared by R-hat
    pool: int = 4  # fresh proposals per chain and step: 16 x 4 = 64 members, two full blocks of the kernel
    steps: int = 3000  # most kept steps per chain (0: no posterior); the chains usually stop far earlier
    ess: int = 1500  # stop once every parameter's bulk effective sample size reaches this (and R-hat < 1.01)
    adapt_rounds: int = 3  # rounds of refitting the proposal before any draw is kept
    adapt_steps: int = 10
    draws: int = 720  # kept draws (the ensemble), spread evenly over the kept steps of all chains
    # Proposal: normal on the fitted mean and covariance, widened 1.1x, mixed with weight 0.1 of a
    # t (5 degrees of freedom) 1.5x wider, so that long posterior tails are proposed often enough.
    core_scale: float = 1.1
    tail_weight: float = 0.1
    tail_scale: float = 1.5
    tail_dof: float = 5.0
    # The sampler's ensemble pilot, for a density without a curvature to start from (the calibration
    # gives it the point fit's).
    pilot_walkers: int = 64
    pilot_steps: int = 100
    pilot_spread: float = 0.01

    def tuning(self) -> sampler.Tuning:
        return sampler.Tuning(
            chains=self.chains, pool=self.pool, max_steps=self.steps, target_ess=self.ess,
            adapt_rounds=self.adapt_rounds, adapt_steps=self.adapt_steps, check_every=10,
            core_scale=self.core_scale, tail_weight=self.tail_weight, tail_scale=self.tail_scale,
            tail_dof=self.tail_dof, pilot_walkers=self.pilot_walkers, pilot_steps=self.pilot_steps,
            pilot_spread=self.pilot_spread)

    def as_dict(self) -> dict:
        return {
            "global": {
                "method": "scipy.optimize.differential_evolution", "strategy": "best1bin",
                "popsize": self.popsize, "maxiter": self.maxiter, "tol": self.tol, "scout_tol": self.scout_tol,
                "mutation": list(self.mutation), "recombination": self.recombination,
                "init": "latinhypercube", "updating": "deferred", "vectorized": True, "polish": False,
            },
            "starts": self.starts,
            "polish": {"method": "scipy.optimize.least_squares", "algorithm": "trf", "max_nfev": self.polish_max_nfev},
            "posterior": {"method": posterior.SAMPLER, "chains": self.chains, "pool": self.pool,
                          "max_steps": self.steps, "target_ess": self.ess, "adapt_rounds": self.adapt_rounds,
                          "adapt_steps": self.adapt_steps, "draws": self.draws,
                          "proposal": {"core_scale": self.core_scale, "tail_weight": self.tail_weight,
                                       "tail_scale": self.tail_scale, "tail_dof": self.tail_dof},
                          "start": "normal on the polished point and the inverse of J'J (the residuals' Jacobian); "
                                   "chains started by sampling importance resampling from it",
                          "stop": f"bulk ESS >= target, tail ESS >= {diagnostics.MIN_ESS}, R-hat < {diagnostics.RHAT_LIMIT}",
                          "estimator": posterior.ESTIMATOR},
            "seed": self.seed,
        }


@dataclass
class Result:
    theta: np.ndarray
    payoff: float
    stage: str  # last stage completed or interrupted
    interrupted: bool = False
    generations: int = 0
    evaluations: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    ensemble: np.ndarray | None = None  # posterior draws, shaped (draws, parameters)
    diagnostics: dict | None = None  # of the MCMC chain (posterior.Posterior.diagnostics)


class _Best:
    """Remembers the best member of every evaluation, so an interrupt loses nothing."""

    def __init__(self, problem: Problem):
        self.problem = problem
        self.u: np.ndarray | None = None
        self.payoff = np.inf
        self.evaluations = 0

    def payoff_of(self, u: np.ndarray) -> np.ndarray:
        u = np.atleast_2d(u)
        payoff = self.problem.payoff(self.problem.to_theta(u))
        self.evaluations += len(u)
        i = int(np.argmin(payoff))
        if payoff[i] < self.payoff:
            self.payoff, self.u = float(payoff[i]), u[i].copy()
        return payoff


def _polish(problem: Problem, u0: np.ndarray, weights=None, prior=None, max_nfev: int = 200, best: _Best | None = None):
    def fun(u):
        r = problem.residuals(problem.to_theta(u[None, :]), weights, prior)[0]
        if best is not None:
            best.evaluations += 1
            payoff = float(r @ r)
            if payoff < best.payoff:
                best.payoff, best.u = payoff, u.copy()
        return r

    return least_squares(
        fun, np.clip(u0, 0.0, 1.0), jac=lambda u: problem.jacobian_unit(u, weights, prior),
        bounds=(0.0, 1.0), method="trf", max_nfev=max_nfev, x_scale=1.0,
    )


def calibrate(
    problem: Problem,
    settings: Settings,
    on_generation: Callable[[int, float], None] | None = None,
    on_step: Callable[[int], None] | None = None,
) -> Result:
    """Search, polish and sample the posterior; returns the best set (and draws) even when interrupted."""
    best = _Best(problem)
    generation = 0
    seconds: dict[str, float] = {}
    stage = "global search"

    def callback(intermediate_result):
        nonlocal generation
        generation += 1
        if on_generation:
            on_generation(generation, best.payoff)

    def result(interrupted: bool, chain: posterior.Posterior | None = None) -> Result:
        return Result(problem.to_theta(best.u), best.payoff, stage, interrupted, generation, best.evaluations,
                      seconds, None if chain is None else chain.draws, None if chain is None else chain.diagnostics())

    def search(tol: float, start: int, init):
        # scipy passes the population shaped (parameters, members).
        return differential_evolution(
            lambda x: best.payoff_of(x.T), [(0.0, 1.0)] * len(problem.names), strategy="best1bin",
            maxiter=settings.maxiter, popsize=settings.popsize, tol=tol, mutation=settings.mutation,
            recombination=settings.recombination, rng=np.random.default_rng([settings.seed, start]),
            callback=callback, polish=False, init=init, updating="deferred", vectorized=True,
        )

    def timed(name: str, work):
        nonlocal stage, clock
        stage, clock = name, time.perf_counter()
        out = work()
        seconds[name] += time.perf_counter() - clock
        return out

    clock = time.perf_counter()
    seconds.update({"global search": 0.0, "polish": 0.0})
    try:
        scouts = []
        for start in range(settings.starts):
            found = timed("global search", lambda: search(settings.scout_tol, start, "latinhypercube"))
            polished = timed("polish", lambda: _polish(problem, found.x, max_nfev=settings.polish_max_nfev, best=best))
            scouts.append((2 * polished.cost, start, found, polished.x))
        _, _, found, point = min(scouts, key=lambda scout: scout[:2])
        population = found.population.copy()
        population[np.argmax(found.population_energies)] = point
        final = timed("global search", lambda: search(settings.tol, settings.starts, population))
        timed("polish", lambda: _polish(problem, final.x, max_nfev=settings.polish_max_nfev, best=best))
        if settings.steps <= 0:
            return result(False)
        stage, clock = "posterior", time.perf_counter()
        chain = posterior.sample(problem, problem.to_theta(best.u), settings.tuning(), draws=settings.draws,
                                 seed=settings.seed, on_step=on_step)
    except KeyboardInterrupt:
        if best.u is None:  # nothing evaluated yet: nothing to keep
            raise
        seconds[stage] = seconds.get(stage, 0.0) + time.perf_counter() - clock
        return result(True)  # half a chain is no posterior: keep no draws
    seconds[stage] = time.perf_counter() - clock
    return result(False, chain)


def memory_need(settings: Settings, problem: Problem) -> float:
    """Bytes the calibration holds at its peak: the kept chain and its importance weights (copied
    when the chains are judged), and one step's batched run of every chain's pool."""
    members = max(settings.chains * settings.pool, settings.popsize * len(problem.names))
    kept = 8.0 * settings.chains * settings.steps * (2 * len(problem.names) + settings.pool)
    return kept + 2 * 8.0 * members * len(problem.outputs) * len(problem.save_times)


def identification(problem: Problem, theta: np.ndarray, ensemble: np.ndarray | None, chain: dict | None = None) -> list[dict]:
    """Per parameter: best value, 5/50/95% of the draws, range relative to the bounds,
    strongest correlation, local data sensitivity, the chains' effective sample sizes and R-hat
    (``chain``: the posterior's diagnostics), and flags for poor identification."""
    u = problem.to_unit(theta)
    jac = problem.jacobian_unit(u)[: len(problem.observations)]
    sensitivity = np.linalg.norm(jac, axis=0)
    corr = None
    if ensemble is not None and len(ensemble) >= 3:
        spread = ensemble.std(axis=0) > 0
        corr = np.full((len(problem.names),) * 2, np.nan)
        live = np.flatnonzero(spread)
        if live.size >= 2:
            corr[np.ix_(live, live)] = np.corrcoef(ensemble[:, live], rowvar=False)
    rows = []
    for j, p in enumerate(problem.parameters):
        row = {"name": p.name, "unit": p.unit, "value": float(theta[j]), "low": p.low, "high": p.high,
               "prior": p.prior, "prior_sd": p.prior_sd, "data_sensitivity": float(sensitivity[j])}
        if chain:
            row.update({key: chain[source][p.name] for key, source in
                        (("ess", "effective_sample_size"), ("tail_ess", "tail_effective_sample_size"), ("rhat", "rhat"))})
        flags = []
        if ensemble is not None:
            q05, q50, q95 = np.quantile(ensemble[:, j], [0.05, 0.5, 0.95])
            relative = (q95 - q05) / (p.high - p.low)
            row.update(q05=float(q05), q50=float(q50), q95=float(q95), relative_range=float(relative))
            if relative > WIDE_RANGE:
                flags.append("wide range")
        if corr is not None and np.isfinite(corr[j]).any():
            others = np.where(np.arange(len(problem.names)) == j, np.nan, corr[j])
            if np.isfinite(others).any():
                k = int(np.nanargmax(np.abs(others)))
                row.update(max_correlation=float(others[k]), correlated_with=problem.names[k])
                if abs(others[k]) > STRONG_CORRELATION:
                    flags.append(f"corr {others[k]:+.2f} with {problem.names[k]}")
        if sensitivity[j] < 1e-3 * max(sensitivity.max(), 1e-12):
            flags.append("no data sensitivity (prior/bounds only)")
        if min(u[j], 1 - u[j]) < 0.01:
            flags.append("at bound")
        row["flags"] = flags
        rows.append(row)
    return rows


def parameter_set(
    problem: Problem, result: Result, settings: Settings, *, data_file: Path, priors_file: Path,
    until: int | None, table_file: Path, command: str, fit: dict, structure: str,
) -> ParameterSet:
    """The calibrated values with their provenance (and the posterior draws as the ensemble)."""
    values = {**problem.fixed, **{name: float(v) for name, v in zip(problem.names, result.theta)}}
    provenance = {
        "kind": "calibration",
        "structure": structure,
        "command": command,
        "created_utc": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "innovsd_version": _version(),
        "interrupted": result.interrupted,
        "stage": result.stage,
        "data_file": portable_path(data_file),
        "data_sha256": file_sha256(data_file),
        "priors_file": portable_path(priors_file),
        "priors_sha256": file_sha256(priors_file),
        "output_priors": [f"{p.observation.label}: {p.observation.value:g} ± {p.sd:g} ({p.basis})" for p in problem.output_priors],
        "model_file": problem.engine.mdl_path.name,
        "model_sha256": file_sha256(problem.engine.mdl_path),
        "parameter_table_sha256": file_sha256(table_file),
        "until": until,
        "observations_used": len(problem.observations),
        "optimizer": settings.as_dict(),
        "fit": fit,
        "search": {"generations": result.generations, "evaluations": result.evaluations,
                   "seconds": {k: round(v, 2) for k, v in result.seconds.items()}},
        "posterior": result.diagnostics,
    }
    ensemble = None
    if result.ensemble is not None:
        ensemble = {name: [float(v) for v in result.ensemble[:, j]] for j, name in enumerate(problem.names)}
    return ParameterSet(values, provenance, ensemble)


def _version() -> str:
    try:
        return metadata.version("innovsd")
    except metadata.PackageNotFoundError:
        return "unknown"
