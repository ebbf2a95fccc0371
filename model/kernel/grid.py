"""A run's time grid as the kernel reads it: the steps that are saved, and every time path (the
model's own time tables and data series, and the paths a run passes in) as indices and weights
per step."""

from __future__ import annotations

from typing import Mapping

import numpy as np


def resample(xs: np.ndarray, ys: np.ndarray, times: np.ndarray, method: str) -> np.ndarray:
    """A series read at ``times`` as pysd reads data: interpolated (ends held), the last value at or
    before (hold backward), the first at or after (look forward), or only at its own times (raw:
    NaN between them)."""
    if method == "raw":
        found = np.clip(np.searchsorted(xs, times), 0, len(xs) - 1)
        return np.where(xs[found] == times, ys[found], np.nan)
    if method == "interpolate":
        return np.interp(times, xs, ys)
    if method == "hold_backward":
        return ys[np.clip(np.searchsorted(xs, times, side="right") - 1, 0, len(xs) - 1)]
    return ys[np.clip(np.searchsorted(xs, times, side="left"), 0, len(xs) - 1)]  # look forward


def save_steps(initial_time: float, final_time: float, time_step: float, saveper: float, n_steps: int,
               save_years) -> tuple[np.ndarray, np.ndarray]:
    """(saved times, save column of each step or -1)."""
    keep = np.arange(initial_time, final_time + time_step / 2, saveper)
    if save_years is not None:
        keep = np.asarray(sorted(save_years), dtype=float)
    steps = sorted({int(round((t - initial_time) / time_step)) for t in keep} & set(range(n_steps + 1)))
    save_col = np.full(n_steps + 1, -1, dtype=np.int64)
    save_col[steps] = np.arange(len(steps))
    return keep[: len(steps)], save_col


def path_arrays(series: Mapping[str, tuple], times: np.ndarray) -> tuple:
    """(names, pv, pstride, pidx, pw): every path's values (one row per member, or one for all),
    and per step the index of its segment and the weight of the segment's right end.

    Series shared by all members are first read at the step times (np.interp or their method),
    as pysd computes them: an in-kernel weighted read rounds differently by an ulp, which shows
    wherever a model subtracts nearly equal values. Per-member paths keep the weighted read, as
    the numpy path does."""
    sampled = {}
    for name, (xs, ys, method) in series.items():
        xs, ys = np.asarray(xs, float), np.asarray(ys, float)
        if ys.ndim == 1:
            xs, ys = times, resample(xs, ys, times, method)
        sampled[name] = (xs, ys)
    names = sorted(sampled)
    knots = max([len(x) for x, _ in sampled.values()] + [2])
    rows = max([y.shape[0] for _, y in sampled.values() if y.ndim == 2] + [1])
    pv = np.zeros((len(names), rows, knots))
    pstride = np.zeros(len(names), dtype=np.int64)
    pidx = np.zeros((len(names), len(times)), dtype=np.int64)
    pw = np.zeros((len(names), len(times)))
    for p, name in enumerate(names):
        xs, ys = sampled[name]
        if len(xs) == 1:  # a one-point path holds its value
            xs, ys = np.r_[xs, xs[0] + 1.0], np.concatenate([ys, ys], axis=-1)
        ys = ys.reshape(-1, len(xs))
        pv[p, : ys.shape[0], : len(xs)] = ys
        pstride[p] = 1 if ys.shape[0] > 1 else 0
        clipped = np.clip(times, xs[0], xs[-1])
        index = np.minimum(np.searchsorted(xs, clipped, side="right") - 1, len(xs) - 2)
        pidx[p] = index
        pw[p] = (clipped - xs[index]) / (xs[index + 1] - xs[index])
    return names, pv, pstride, pidx, pw
