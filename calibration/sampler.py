"""Markov chains by iterated sampling importance resampling (i-SIR) with a proposal fitted to the
posterior, started from the density's curvature at its mode (or a short ensemble pilot); every step
of all chains is ONE batched evaluation of the log density.

Generic over a batched log density (-inf where a point is impossible): it knows nothing about
the model.
1. Start: with the density's curvature at its mode (a covariance; the calibration gives the point
   fit's Gauss-Newton one), the first proposal is the normal it describes and the chains start by
   sampling importance resampling from it. Without one, a pilot: emcee's ensemble sampler
   (``pilot_walkers`` walkers started in a small ball around the given point, ``pilot_steps``
   steps of differential-evolution, snooker and stretch moves, affine invariant), whose later half
   gives the first proposal and whose last walkers start the chains.
2. Proposal q: a defensive mixture (Hesterberg 1995): a normal on the fitted mean and covariance,
   widened by ``core_scale``, plus with weight ``tail_weight`` a t distribution ``tail_scale``
   times wider, so that the weights stay bounded where the posterior has longer tails than a
   normal; truncated to the box. ``adapt_rounds`` rounds of ``adapt_steps`` steps refit it to the
   importance-weighted mean and covariance of every point proposed so far (weights against the
   mixture of the rounds' proposals, as in AMIS, Cornuet et al. 2012).
3. Chains: each step, every chain draws ``pool`` fresh points from q and moves to one of them or
   stays, choosing among its current point and the fresh ones with probability proportional to the
   importance weight posterior / q.
   This kernel leaves the posterior invariant (Tjelmeland 2004; Andrieu, Lee and Vihola 2018, who
   call it i-SIR; the multiple-proposal Metropolis-Hastings of Calderhead 2014); with ``pool`` = 1
   it is the independence Metropolis-Hastings sampler. A chain on a point q under-represents
   leaves it as soon as the fresh points together outweigh it, ``pool`` times sooner than with
   one proposal at a time, so the chains' autocorrelation stays short and a few chains (enough
   for R-hat) fill the engine's blocks with their pools.
q is frozen before any draw is kept, so the kept chains are an ordinary Markov chain. They run
until the bulk effective sample size of every parameter reaches ``target_ess``, the
rank-normalised R-hat is below ``diagnostics.RHAT_LIMIT`` and the tail effective sample size
reaches ``diagnostics.MIN_ESS`` (checked every ``check_every`` steps), or ``max_steps``. The rule
looks only at the chains, so the same seed gives the same draws.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
from scipy.special import gammaln

from . import diagnostics

TRUNCATION_SAMPLE = 4096  # draws that estimate the share of a proposal inside the box
FIT_POINTS = 10  # importance-weighted points per parameter needed to refit q from the weights


@dataclass(frozen=True)
class Tuning:
    chains: int
    pool: int  # fresh proposals per chain and step
    max_steps: int  # kept steps per chain at most
    target_ess: float
    adapt_rounds: int
    adapt_steps: int
    check_every: int
    core_scale: float
    tail_weight: float
    tail_scale: float
    tail_dof: float
    pilot_walkers: int
    pilot_steps: int
    pilot_spread: float  # the pilot's walkers start within about this distance of the given point


@dataclass
class Chains:
    draws: np.ndarray  # (chains, kept steps, parameters)
    moved: float  # share of kept steps on which a chain moved to a fresh point
    adaptation_steps: int
    evaluations: int
    ess: np.ndarray  # bulk effective sample size per parameter
    tail_ess: np.ndarray
    rhat: np.ndarray
    weight_efficiency: float  # Kish's effective share of the kept steps' importance weights


class Proposal:
    """The defensive mixture q: normal core and wide t tails on one mean and covariance,
    truncated to the box where the density can be positive (so that every member of a batch
    counts; the truncation's constant is estimated once, for weighing rounds against each other)."""

    def __init__(self, mean: np.ndarray, covariance: np.ndarray, tuning: Tuning, box: tuple[np.ndarray, np.ndarray],
                 rng: np.random.Generator):
        k = len(mean)
        # A tiny ridge keeps a parameter the points never moved from making the matrix singular.
        self.mean = np.asarray(mean, float)
        self.covariance = np.asarray(covariance, float) + 1e-12 * np.eye(k)
        root = np.linalg.cholesky(self.covariance)
        self.tuning, self.box = tuning, box
        self.core_root, self.tail_root = tuning.core_scale * root, tuning.tail_scale * root
        self.whiten = np.linalg.inv(self.core_root).T
        nu, log_det = tuning.tail_dof, np.sum(np.log(np.diag(root)))
        self.log_core = np.log1p(-tuning.tail_weight) - k * np.log(tuning.core_scale) - log_det - 0.5 * k * np.log(2 * np.pi)
        self.log_tail = (np.log(tuning.tail_weight) - k * np.log(tuning.tail_scale) - log_det
                         + gammaln((nu + k) / 2) - gammaln(nu / 2) - 0.5 * k * np.log(nu * np.pi))
        self.log_inside = np.log(max(np.mean(self._inside(self._draw(rng, TRUNCATION_SAMPLE))), 1.0 / TRUNCATION_SAMPLE))

    def _inside(self, x: np.ndarray) -> np.ndarray:
        return np.all((x >= self.box[0]) & (x <= self.box[1]), axis=1)

    def log_density(self, x: np.ndarray) -> np.ndarray:
        """Of the truncated q (up to the estimated constant), at points inside the box."""
        nu, k = self.tuning.tail_dof, len(self.mean)
        z = (x - self.mean) @ self.whiten
        squared = np.sum(z * z, axis=1)
        tail_squared = squared * (self.tuning.core_scale / self.tuning.tail_scale) ** 2
        return np.logaddexp(self.log_core - 0.5 * squared,
                            self.log_tail - 0.5 * (nu + k) * np.log1p(tail_squared / nu)) - self.log_inside

    def _draw(self, rng: np.random.Generator, n: int) -> np.ndarray:
        z = rng.standard_normal((n, len(self.mean)))
        tail = rng.uniform(size=n) < self.tuning.tail_weight
        stretch = np.sqrt(self.tuning.tail_dof / rng.chisquare(self.tuning.tail_dof, n))
        return self.mean + np.where(tail[:, None], (z @ self.tail_root.T) * stretch[:, None], z @ self.core_root.T)

    def draw(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """n draws inside the box (rejection)."""
        found = np.empty((0, len(self.mean)))
        while len(found) < n:
            x = self._draw(rng, 2 * n)
            found = np.vstack([found, x[self._inside(x)]])
        return found[:n]


@dataclass
class _State:
    x: np.ndarray  # (chains, parameters)
    log_density: np.ndarray  # at each chain's point


def _steps(log_density, q: Proposal, state: _State, steps: int, rng: np.random.Generator, on_step):
    """Advance every chain ``steps`` steps. Returns the draws (chains, steps, k), how many
    chain-steps moved, and every proposed point with its log density and log q."""
    chains, k = state.x.shape
    pool = q.tuning.pool
    out = np.empty((chains, steps, k))
    moved = 0
    proposed, densities, log_q = [], [], []
    current = state.log_density - q.log_density(state.x)
    for t in range(steps):
        y = q.draw(rng, chains * pool)
        lp, lq = log_density(y), q.log_density(y)
        weights = np.column_stack([current, (lp - lq).reshape(chains, pool)])
        # One point per chain with probability proportional to its weight (Gumbel-max).
        pick = np.argmax(weights + rng.gumbel(size=weights.shape), axis=1)
        rows = np.flatnonzero(pick > 0)
        chosen = rows * pool + pick[rows] - 1
        state.x[rows], state.log_density[rows] = y[chosen], lp[chosen]
        current[rows] = weights[rows, pick[rows]]
        moved += rows.size
        out[:, t] = state.x
        proposed.append(y)
        densities.append(lp)
        log_q.append(lq)
        if on_step:
            on_step(1)
    return out, moved, (np.concatenate(proposed), np.concatenate(densities), np.concatenate(log_q))


def _refit(rounds: list[tuple[Proposal, np.ndarray, np.ndarray]], tuning: Tuning, rng: np.random.Generator) -> Proposal:
    """q refitted to the importance-weighted mean and covariance of every point proposed so far,
    weighted against the equal mixture of the rounds' proposals (AMIS); kept as it is while the
    weights rest on too few points to fit a covariance."""
    y = np.concatenate([points for _, points, _ in rounds])
    lp = np.concatenate([values for _, _, values in rounds])
    mixture = np.logaddexp.reduce([q.log_density(y) for q, _, _ in rounds], axis=0) - np.log(len(rounds))
    log_w = np.where(np.isfinite(lp), lp - mixture, -np.inf)
    if _kish(log_w) * len(y) < FIT_POINTS * y.shape[1]:
        return rounds[-1][0]
    w = np.exp(log_w - np.max(log_w))
    w /= w.sum()
    mean = w @ y
    centred = y - mean
    return Proposal(mean, (centred * w[:, None]).T @ centred, tuning, rounds[0][0].box, rng)


def _pilot(log_density, start: np.ndarray, tuning: Tuning, rng: np.random.Generator, box, on_step):
    """The pilot ensemble's walkers, shaped (steps, walkers, k), and their log densities."""
    import emcee

    k = len(start)
    low, high = box
    count = max(tuning.pilot_walkers, 2 * k)  # emcee's moves need twice as many walkers as dimensions
    p0 = np.clip(start + tuning.pilot_spread * rng.standard_normal((count, k)), low, high)
    moves = [(emcee.moves.DEMove(), 0.7), (emcee.moves.DESnookerMove(), 0.1), (emcee.moves.StretchMove(), 0.2)]
    raised: list[BaseException] = []

    def guarded(x: np.ndarray) -> np.ndarray:
        # emcee prints its arguments and a traceback on stdout for any exception of the density,
        # Ctrl-C too: the exception is kept here (the rest of the step evaluates nothing) and
        # raised again once emcee's step is done.
        if raised:
            return np.full(len(x), -np.inf)
        try:
            return log_density(x)
        except BaseException as error:  # noqa: BLE001 - raised again below
            raised.append(error)
            return np.full(len(x), -np.inf)

    ensemble = emcee.EnsembleSampler(count, k, guarded, vectorize=True, moves=moves)
    ensemble.random_state = np.random.RandomState(rng.integers(2**32)).get_state()
    try:
        for _ in ensemble.sample(p0, iterations=tuning.pilot_steps):
            if raised:
                break
            if on_step:
                on_step(1)
    except Exception:
        if not raised:  # emcee's own error, not one it met in the density
            raise
    if raised:
        raise raised[0]
    return ensemble.get_chain(), ensemble.get_log_prob()


def _kish(log_weights: np.ndarray) -> float:
    finite = log_weights[np.isfinite(log_weights)]
    w = np.exp(finite - finite.max()) if finite.size else np.zeros(1)
    return float(w.sum() ** 2 / (len(log_weights) * np.sum(w * w))) if w.any() else 0.0


def _enough(chain: np.ndarray, target_ess: float) -> bool:
    return (diagnostics.bulk_ess(chain).min() >= target_ess and diagnostics.rank_rhat(chain).max() < diagnostics.RHAT_LIMIT
            and diagnostics.tail_ess(chain).min() >= diagnostics.MIN_ESS)


def _seeded(log_density, q: Proposal, tuning: Tuning, rng: np.random.Generator) -> tuple[_State, int]:
    """Chains started by sampling importance resampling: ``chains`` x ``pool`` fresh points from q,
    each chain taking one with probability proportional to its weight posterior / q."""
    y = q.draw(rng, tuning.chains * tuning.pool)
    lp = log_density(y)
    log_w = np.where(np.isfinite(lp), lp - q.log_density(y), -np.inf)
    pick = np.argmax(log_w[None, :] + rng.gumbel(size=(tuning.chains, len(y))), axis=1)
    return _State(y[pick].copy(), lp[pick].copy()), len(y)


def run(log_density: Callable[[np.ndarray], np.ndarray], start: np.ndarray, tuning: Tuning, rng: np.random.Generator,
        on_step: Callable[[int], None] | None = None, box: tuple[np.ndarray, np.ndarray] | None = None,
        covariance: np.ndarray | None = None) -> Chains:
    """Sample the density, which is zero outside ``box`` (low, high) if given. With ``covariance``
    (the density's curvature at ``start``, its mode), the first proposal is the normal it
    describes; without, an ensemble pilot started around ``start`` (a point where the density is
    positive) finds the first proposal."""
    k = len(start)
    box = box or (np.full(k, -np.inf), np.full(k, np.inf))
    if covariance is None:
        walkers, log_densities = _pilot(log_density, np.asarray(start, float), tuning, rng, box, on_step)
        count = walkers.shape[1]
        evaluations = count * (tuning.pilot_steps + 1)
        later = walkers[tuning.pilot_steps // 2:].reshape(-1, k)
        q = Proposal(later.mean(axis=0), np.cov(later, rowvar=False), tuning, box, rng)
        chosen = rng.choice(count, tuning.chains, replace=tuning.chains > count)
        state = _State(walkers[-1, chosen].copy(), log_densities[-1, chosen].copy())
        pilot_steps = tuning.pilot_steps
    else:
        q = Proposal(np.asarray(start, float), covariance, tuning, box, rng)
        state, evaluations = _seeded(log_density, q, tuning, rng)
        pilot_steps = 1

    rounds = []
    for _ in range(tuning.adapt_rounds):
        _, _, (y, values, _) = _steps(log_density, q, state, tuning.adapt_steps, rng, on_step)
        evaluations += len(y)
        rounds.append((q, y, values))
        q = _refit(rounds, tuning, rng)

    parts, moved, weights = [], 0, []
    while sum(p.shape[1] for p in parts) < tuning.max_steps:
        steps = min(tuning.check_every, tuning.max_steps - sum(p.shape[1] for p in parts))
        draws, n_moved, (y, values, lq) = _steps(log_density, q, state, steps, rng, on_step)
        parts.append(draws)
        moved += n_moved
        weights.append(values - lq)
        evaluations += len(y)
        if _enough(np.concatenate(parts, axis=1), tuning.target_ess):
            break
    chain = np.concatenate(parts, axis=1)
    return Chains(chain, moved / chain.shape[0] / chain.shape[1], pilot_steps + tuning.adapt_rounds * tuning.adapt_steps,
                  evaluations,
                  diagnostics.bulk_ess(chain), diagnostics.tail_ess(chain), diagnostics.rank_rhat(chain),
                  _kish(np.concatenate(weights)))
