"""Convergence and efficiency of MCMC chains: rank-normalised split R-hat and bulk and tail
effective sample sizes, as defined by Vehtari, Gelman, Simpson, Carpenter and Bürkner (2021),
"Rank-normalization, folding, and localization: an improved R-hat for assessing convergence of
MCMC", Bayesian Analysis 16(2), and computed as ArviZ and Stan compute them (autocovariances by
FFT, Geyer's initial monotone sequence). ArviZ itself costs a second to import, more than these
take to run; ``tests/test_posterior.py`` checks that both give the same numbers.

Draws are shaped (chains, steps, parameters); every function returns one value per parameter.
"""

from __future__ import annotations

import numpy as np
from scipy.special import ndtri

RHAT_LIMIT = 1.01  # Vehtari et al.'s threshold for chains that agree
MIN_ESS = 400  # their minimum bulk and tail effective sample size for trusting the estimates
TAIL_PROBABILITIES = (0.05, 0.95)  # the ends of the 90 % intervals the tool reports


def _split(draws: np.ndarray) -> np.ndarray:
    """Each chain cut into its first and second half (a middle draw of an odd length dropped)."""
    half = draws.shape[1] // 2
    return np.concatenate([draws[:, :half], draws[:, draws.shape[1] - half:]], axis=0)


def _z_scale(draws: np.ndarray) -> np.ndarray:
    """Average ranks over all chains (ties share their mean rank), mapped to normal scores
    with Blom's offset 3/8."""
    values = draws.reshape(-1, draws.shape[-1])
    z = np.empty_like(values, dtype=float)
    for j in range(values.shape[1]):
        unique, inverse, counts = np.unique(values[:, j], return_inverse=True, return_counts=True)
        ends = np.cumsum(counts)
        ranks = (ends - (counts - 1) / 2.0)[inverse]
        z[:, j] = ndtri((ranks - 0.375) / (len(values) + 0.25))
    return z.reshape(draws.shape)


def _autocovariance(draws: np.ndarray) -> np.ndarray:
    steps = draws.shape[1]
    centred = draws - draws.mean(axis=1, keepdims=True)
    size = 1 << (2 * steps - 1).bit_length()
    spectrum = np.fft.rfft(centred, n=size, axis=1)
    return np.fft.irfft(spectrum * np.conjugate(spectrum), n=size, axis=1)[:, :steps] / steps


def _ess(draws: np.ndarray) -> np.ndarray:
    """Effective sample size of (chains, steps, parameters) from the chains' mean
    autocorrelation, truncated by Geyer's initial positive and monotone sequences."""
    chains, steps, k = draws.shape
    acov = _autocovariance(draws).mean(axis=0)  # (steps, parameters)
    out = np.empty(k)
    for j in range(k):
        if np.ptp(draws[..., j]) < np.finfo(float).resolution:
            out[j] = chains * steps
            continue
        mean_var = acov[0, j] * steps / (steps - 1.0)
        var_plus = mean_var * (steps - 1.0) / steps
        if chains > 1:
            var_plus += np.var(draws[..., j].mean(axis=1), ddof=1)
        rho = np.zeros(steps)
        rho[0], rho[1] = 1.0, 1.0 - (mean_var - acov[1, j]) / var_plus
        even, odd, t = rho[0], rho[1], 1
        while t < steps - 3 and even + odd > 0.0:
            even = 1.0 - (mean_var - acov[t + 1, j]) / var_plus
            odd = 1.0 - (mean_var - acov[t + 2, j]) / var_plus
            if even + odd >= 0:
                rho[t + 1], rho[t + 2] = even, odd
            t += 2
        last = t - 2
        if even > 0:
            rho[last + 1] = even
        t = 1
        while t <= last - 2:
            if rho[t + 1] + rho[t + 2] > rho[t - 1] + rho[t]:
                rho[t + 1] = rho[t + 2] = (rho[t - 1] + rho[t]) / 2.0
            t += 2
        total = chains * steps
        tau = -1.0 + 2.0 * np.sum(rho[: last + 1]) + np.sum(rho[last + 1: last + 2])
        out[j] = total / max(tau, 1.0 / np.log10(total))
    return out


def bulk_ess(draws: np.ndarray) -> np.ndarray:
    """Bulk effective sample size: of the rank-normalised split chains."""
    return _ess(_z_scale(_split(draws)))


def tail_ess(draws: np.ndarray, probabilities: tuple[float, float] = TAIL_PROBABILITIES) -> np.ndarray:
    """Tail effective sample size: the smaller of the effective sample sizes of the two
    quantiles' indicator functions (how well the interval's ends are known)."""
    split = _split(draws)
    flat = draws.reshape(-1, draws.shape[-1])
    sizes = []
    for p in probabilities:
        quantile = np.quantile(flat, p, axis=0)
        sizes.append(_ess((split <= quantile).astype(float)))
    return np.minimum(*sizes)


def _rhat(draws: np.ndarray) -> np.ndarray:
    steps = draws.shape[1]
    between = steps * np.var(draws.mean(axis=1), axis=0, ddof=1)
    within = np.mean(np.var(draws, axis=1, ddof=1), axis=0)
    return np.sqrt((between / within + steps - 1) / steps)


def rank_rhat(draws: np.ndarray) -> np.ndarray:
    """Rank-normalised split R-hat: the larger of the bulk (rank-normalised) and the tail
    (folded around the median, then rank-normalised) values. Near 1 when the chains agree."""
    split = _split(draws)
    folded = np.abs(split - np.median(split.reshape(-1, split.shape[-1]), axis=0))
    return np.maximum(_rhat(_z_scale(split)), _rhat(_z_scale(folded)))
