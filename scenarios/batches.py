"""Ensemble statistics over many members: percentiles computed for all columns at once, and the
results of chunks run on an executor, collected in order."""

from __future__ import annotations

from typing import Callable, Iterable, Sequence

import numpy as np


def results(futures: Iterable, sizes: Sequence[int], progress: Callable[[int], None] | None = None) -> list:
    """Each future's result in order, calling ``progress(size)`` as each is done."""
    out = []
    for future, size in zip(futures, sizes):
        out.append(future.result())
        if progress:
            progress(size)
    return out


def percentiles(values: np.ndarray, q: Sequence[float], axis: int) -> np.ndarray:
    """``np.nanpercentile(values, q, axis)``, bit for bit: from one sort of every column at once
    (numpy's sort is vectorised, its partition at several ranks is not: a third of the time), then
    numpy's own interpolation ('linear'); columns holding a NaN go to nanpercentile."""
    ordered = np.sort(np.moveaxis(values, axis, -1), axis=-1)  # NaN sorts last
    out = np.empty((len(q), *ordered.shape[:-1]))
    for row, share in zip(out, np.true_divide(np.asarray(q, dtype=float), 100)):
        row[...] = _interpolated(ordered, share)
    missing = np.isnan(ordered[..., -1])
    if missing.any():
        import warnings

        with warnings.catch_warnings(), np.errstate(invalid="ignore"):
            warnings.simplefilter("ignore", RuntimeWarning)  # an all-NaN column is NaN, as before
            out[:, missing] = np.nanpercentile(ordered[missing], q, axis=-1)
    return out


def _interpolated(ordered: np.ndarray, share: float) -> np.ndarray:
    """The ``share`` quantile of each sorted row as numpy's 'linear' method computes it (virtual index,
    neighbours, then its two-sided lerp), so the numbers equal np.percentile's to the bit."""
    n = ordered.shape[-1]
    virtual = (n - 1) * share
    below = int(np.floor(virtual))
    # At the top numpy takes the last value twice and counts the weight from index -1, as here.
    below, above = (-1, -1) if virtual >= n - 1 else (below, below + 1)
    gamma = virtual - below
    a, b = ordered[..., below], ordered[..., above]
    with np.errstate(invalid="ignore"):
        step = b - a
        return b - step * (1 - gamma) if gamma >= 0.5 else a + step * gamma
