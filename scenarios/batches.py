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
    """``np.nanpercentile(values, q, axis)``: the same numbers, computed for all columns at once where
    they hold no NaN (nanpercentile loops over every column in Python as soon as one NaN is there)."""
    with np.errstate(invalid="ignore"):
        out = np.percentile(values, q, axis=axis)
    missing = np.isnan(values).any(axis=axis)
    if missing.any():
        import warnings

        with warnings.catch_warnings(), np.errstate(invalid="ignore"):
            warnings.simplefilter("ignore", RuntimeWarning)  # an all-NaN column is NaN, as before
            out[:, missing] = np.nanpercentile(np.moveaxis(values, axis, -1)[missing], q, axis=-1)
    return out
