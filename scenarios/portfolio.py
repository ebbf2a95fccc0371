"""The cheapest mix of several levers that meets a target: "what would it take, and at what cost?".

A mix's cost is the present value of the city's extra cost over the cost years (scenarios/costs.py,
read from the model's cost variables); with an ensemble, the members' mean. Its reach is the
target's measure in the central run, or with a probability P the value that a share P of the members
reaches (an order statistic: continuous in the levels, unlike the share of members itself).

The search: one batched run over a coarse grid of every combination of levels, then scipy's SLSQP
minimises the cost subject to reach >= target (and cost <= a cap) from the grid's cheapest mix that
meets it, its gradients by forward differences, each in one batched run; a polish in shrinking
boxes around the result ends it. Out of reach, the same
minimiser first finds the most any mix reaches within the cap, then the cheapest mix that comes
within 1 % of that gain (over the grid's least): the closest mix at least cost.
"""

from __future__ import annotations

import itertools
import math
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import Callable, Mapping, Sequence

import numpy as np

from innovsd.errors import InputError
from innovsd.model import chunks
from innovsd.model.engine import Engine, LeverPath, Simulation
from innovsd.model.horizon import check_year, time_grid

from . import costs
from .levers import Lever
from .paths import default_paths, ramps
from .seek import POLICY_START
from .targets import Target

GRID_ROWS = 60_000  # member-runs the coarse grid may take; fewer levels per lever above it
GRID_LEVELS = (3, 11)  # fewest and most levels per lever on the grid
BATCH_ROWS = 20_000  # member-runs per batched call (lever paths are rows x times)
ITERATIONS = 15  # of each SLSQP run
STEP = 1e-3  # forward-difference step, share of each lever's range
LINE = 24  # points on the segment back to a mix that meets the target, when the optimum misses it
POLISH = 8  # rounds of the final polish, each halving the box
FULL_BOX = 3  # up to this many levers the polish tries every corner of the box, above it each lever alone
CLOSE = 0.01  # out of reach: the closest mix comes within this share of the largest gain any mix makes


@dataclass
class Mix:
    """Levels (lever id -> level), the mean present cost, the reach, and the share of members meeting."""

    levels: dict[str, float]
    cost: float
    value: float
    share: float | None = None

    def record(self) -> dict:
        return {"levels": self.levels, "cost": self.cost, "value": self.value, "share_met": self.share}


@dataclass
class PortfolioResult:
    levers: list[Lever]
    target: Target
    year: int
    probability: float | None
    members: int
    budget_cap: float | None
    reached: bool
    mix: Mix  # the cheapest mix meeting the target, or the closest one when out of reach
    grid_levels: int
    evaluated: list[Mix] = field(default_factory=list)
    runs: int = 0  # member-runs made


class Portfolio:
    """Evaluates mixes of several levers for a set of members (one run, or an ensemble)."""

    def __init__(self, engine: Engine, levers: Sequence[Lever], target: Target, year: int,
                 appraisal: costs.Appraisal, *, fixed: Mapping[str, float] | None = None,
                 paths: Mapping[str, LeverPath] | None = None, members: Mapping[str, np.ndarray] | None = None,
                 progress: Callable[[int], None] | None = None, executor: Executor | None = None):
        if len({lever.id for lever in levers}) != len(levers):
            raise InputError("lever given twice", names=", ".join(lever.id for lever in levers), field="lever")
        self.engine, self.levers, self.target, self.year = engine, list(levers), target, year
        self.appraisal = appraisal
        self.fixed, self.paths = dict(fixed or {}), dict(paths or {})
        self.members = {k: np.asarray(v, dtype=float) for k, v in (members or {}).items()}
        self.n_members = len(next(iter(self.members.values()))) if self.members else 1
        self.progress, self.executor = progress, executor
        self.runs = 0
        self.grid = time_grid(engine)
        check_year(year, engine, field="by")
        years = {year, appraisal.price_year, *range(appraisal.cost_from, appraisal.cost_to + 1)}
        if target.kind == "growth":
            years.add(target.start)
        self.save_years = sorted(years)
        self.outputs = list(dict.fromkeys([target.indicator, appraisal.variable("cost"), appraisal.variable("price")]))
        self.anchor = float(self.fixed.get(POLICY_START, engine.constants[POLICY_START])) - 1
        if year <= self.anchor:
            raise InputError("not after the policy start", year=year, start=self.anchor + 1, field="by")
        ramp_from = [lever.ramp_from for lever in self.levers if lever.kind == "ramp"]
        self.baseline = self._run({}, dict(self.paths), 1, list(dict.fromkeys(self.outputs + ramp_from)),
                                  sorted(set(self.save_years) | {self.anchor}))
        defaults = default_paths(engine) if ramp_from else {}
        self.ramp_start, self.base_path = {}, {}
        for lever in self.levers:
            if lever.kind == "ramp":
                self.ramp_start[lever.id] = self.baseline.at(lever.ramp_from, self.anchor)  # per member
                if lever.variable in self.paths:
                    grid_years, values = self.paths[lever.variable]
                    self.base_path[lever.id] = np.interp(self.grid, grid_years, values)
                else:
                    self.base_path[lever.id] = defaults[lever.variable]

    @property
    def low(self) -> np.ndarray:
        return np.array([lever.low for lever in self.levers])

    @property
    def high(self) -> np.ndarray:
        return np.array([lever.high for lever in self.levers])

    def _run(self, params: dict, paths: dict, reps: int, outputs: list[str], save_years) -> Simulation:
        """Each member repeated ``reps`` times (member-major rows) with ``params`` and ``paths``."""
        samples = {k: np.repeat(v, reps) for k, v in self.members.items()}
        samples.update(params)
        rows = self.n_members * reps
        if samples:
            sim = self.engine.run_ensemble(samples, paths=paths, outputs=outputs, fixed=self.fixed,
                                           save_years=save_years, chunk_size=chunks.chunk_size(rows, self.executor),
                                           executor=self.executor)
        else:
            sim = self.engine.run(self.fixed, paths, outputs, save_years=save_years)
        self.runs += rows
        if self.progress:
            self.progress(rows)
        return sim

    def inputs(self, levels: np.ndarray) -> tuple[dict, dict]:
        """Params and paths for ``levels`` (mixes x levers), rows member-major."""
        params, paths = {}, dict(self.paths)
        for j, lever in enumerate(self.levers):
            tiled = np.tile(levels[:, j], self.n_members)
            if lever.kind == "constant":
                params[lever.variable] = tiled
            else:
                start = np.repeat(np.broadcast_to(self.ramp_start[lever.id], (self.n_members,)), len(levels))
                paths[lever.variable] = (self.grid, ramps(self.grid, self.base_path[lever.id], start, tiled, self.anchor,
                                                          self.year))
        return params, paths

    def evaluate(self, levels: np.ndarray, probability: float | None) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
        """Per mix (rows of ``levels``): the mean present cost, the reach, the share of members meeting."""
        levels = np.atleast_2d(np.asarray(levels, dtype=float))
        per_batch = max(1, BATCH_ROWS // self.n_members)
        parts = [self._evaluate(levels[i:i + per_batch], probability) for i in range(0, len(levels), per_batch)]
        return tuple(np.concatenate(p) if p[0] is not None else None for p in zip(*parts))

    def _evaluate(self, levels: np.ndarray, probability: float | None):
        params, paths = self.inputs(levels)
        sim = self._run(params, paths, len(levels), self.outputs, self.save_years)
        base = self.baseline.take(np.repeat(np.arange(self.baseline.n_members), len(levels)))
        cost = costs.city_cost(self.appraisal, sim, base).reshape(self.n_members, len(levels)).mean(axis=0)
        values = self.target.value(sim, self.year).reshape(self.n_members, len(levels))
        if probability is None:
            return cost, values[0], None
        values = np.where(np.isfinite(values), values, -np.inf)  # a failed member never meets the target
        with np.errstate(invalid="ignore"):
            share = np.mean(self.target.met(values), axis=0)
        return cost, reach(values, probability), share


def reach(values: np.ndarray, probability: float) -> np.ndarray:
    """Per column: the largest value that at least a share ``probability`` of the members (rows) reach."""
    needed = math.ceil(probability * len(values) - 1e-9)
    return np.sort(values, axis=0)[len(values) - needed]


def grid_levels(levers: int, members: int) -> int:
    per_lever = int((GRID_ROWS / members) ** (1 / levers)) if levers else 0
    return min(GRID_LEVELS[1], max(GRID_LEVELS[0], per_lever))


def portfolio_runs(levers: int, members: int) -> int:
    """Member-runs a search makes, about (for a progress bar): the grid, then the minimiser's steps."""
    box = 3 ** levers if levers <= FULL_BOX else 2 * levers + 1
    return members * (grid_levels(levers, members) ** levers + 2 * ITERATIONS * (levers + 1) * 3 + LINE + POLISH * box)


def search(portfolio: Portfolio, probability: float | None = None, budget_cap: float | None = None) -> PortfolioResult:
    """The cheapest mix meeting the target (with ``probability`` over the members), within ``budget_cap``."""
    from scipy.optimize import minimize

    if probability is not None and not 0 < probability <= 1:
        raise InputError("not a probability", probability=probability, field="probability")
    if budget_cap is not None and not budget_cap >= 0:
        raise InputError("negative", number=budget_cap, units="bn VND", field="budget-cap")
    p = portfolio
    low, span = p.low, p.high - p.low
    evaluated: list[Mix] = []
    cache: dict[tuple, tuple[float, float, float | None]] = {}

    def run(units: np.ndarray) -> list[tuple[float, float, float | None]]:
        units = np.clip(np.atleast_2d(units), 0.0, 1.0)
        keys = [tuple(np.round(u, 12)) for u in units]
        todo = [k for k in dict.fromkeys(keys) if k not in cache]
        if todo:
            levels = low + np.array(todo) * span
            cost, value, share = p.evaluate(levels, probability)
            for i, k in enumerate(todo):
                cache[k] = (float(cost[i]), float(value[i]), None if share is None else float(share[i]))
                evaluated.append(Mix(dict(zip([lever.id for lever in p.levers], levels[i].tolist())), *cache[k]))
        return [cache[k] for k in keys]

    def meets(result, need: float) -> bool:
        cost, value, _ = result
        return bool(value >= need - 1e-12) and (budget_cap is None or cost <= budget_cap)

    # 1. The coarse grid, in one batched pass.
    n = grid_levels(len(p.levers), p.n_members)
    grid = np.array(list(itertools.product(np.linspace(0.0, 1.0, n), repeat=len(p.levers))))
    results = run(grid)
    need = p.target.low
    feasible = [i for i, r in enumerate(results) if meets(r, need)]
    reached = bool(feasible)
    if reached:
        start = grid[min(feasible, key=lambda i: results[i][0])]
    else:
        affordable = [i for i, r in enumerate(results) if budget_cap is None or r[0] <= budget_cap] or range(len(grid))
        start = grid[max(affordable, key=lambda i: results[i][1])]

    # 2. SLSQP from there, gradients by forward differences in one batched run each; cost and reach
    # scaled by their spread over the grid.
    reaches = [r[1] for r in results if np.isfinite(r[1])] or [0.0]
    scale = np.array([max(1.0, np.ptp([r[0] for r in results])), max(1e-6, np.ptp(reaches))])

    def with_gradient(u: np.ndarray):
        u = np.clip(u, 0.0, 1.0)
        steps = np.where(u + STEP <= 1.0, STEP, -STEP)
        rows = run(np.vstack([u, u + np.diag(steps)]))
        here = np.array(rows[0][:2]) / scale
        gradient = (np.array([r[:2] for r in rows[1:]]) / scale - here) / steps[:, None]
        return here, gradient  # (cost, value) scaled, d/du of each

    def cost(u):
        return with_gradient(u)[0][0]

    def cost_gradient(u):
        return with_gradient(u)[1][:, 0]

    def value(u):
        return with_gradient(u)[0][1]

    def value_gradient(u):
        return with_gradient(u)[1][:, 1]

    # The cap a little inside itself: SLSQP meets a constraint only to its tolerance.
    cap = [] if budget_cap is None else [{"type": "ineq", "fun": lambda u: budget_cap * (1 - 1e-6) / scale[0] - cost(u),
                                          "jac": lambda u: -cost_gradient(u)}]
    bounds = [(0.0, 1.0)] * len(p.levers)
    if not reached:
        # Out of reach: the most any mix reaches within the cap, then the cheapest mix that comes
        # within CLOSE of that gain (more money for the last sliver buys next to nothing).
        found = minimize(lambda u: -value(u), start, jac=lambda u: -value_gradient(u), bounds=bounds, constraints=cap,
                         method="SLSQP", options={"maxiter": ITERATIONS, "ftol": 1e-6})
        closest = max([u for u in (np.clip(found.x, 0.0, 1.0), start) if budget_cap is None
                       or run(u)[0][0] <= budget_cap] or [start], key=lambda u: run(u)[0][1])
        most = run(closest)[0][1]
        if meets(run(closest)[0], need):  # between the grid's points after all
            reached = True
        else:
            need = most - CLOSE * (most - min(reaches))
        start = closest
    constraints = [{"type": "ineq", "fun": lambda u: value(u) - need / scale[1], "jac": value_gradient}] + cap
    found = minimize(cost, start, jac=cost_gradient, bounds=bounds, constraints=constraints, method="SLSQP",
                     options={"maxiter": ITERATIONS, "ftol": 1e-4})
    # 3. Keep what an exact evaluation confirms: the optimum if it meets the need, else the first
    # point meeting it on the segment back to the start; never dearer than the start.
    best = np.clip(found.x, 0.0, 1.0)
    candidates = [best, start]
    if not meets(run(best)[0], need):
        segment = best + np.linspace(0.0, 1.0, LINE)[:, None] * (start - best)
        candidates += [u for u, r in zip(segment, run(segment)) if meets(r, need)][:1]
    best = min((u for u in candidates if meets(run(u)[0], need)), key=lambda u: run(u)[0][0], default=start)
    # 4. Polish in shrinking boxes around it, in one batched run each: the reach of an ensemble is
    # piecewise linear and optima sit on the bounds, where a gradient method stops short.
    half = 0.5 / (n - 1)
    k = len(p.levers)
    offsets = (np.array(list(itertools.product((-1.0, 0.0, 1.0), repeat=k))) if k <= FULL_BOX
               else np.vstack([np.zeros(k), np.eye(k), -np.eye(k)]))  # many levers: one at a time
    for _ in range(POLISH):
        box = np.unique(np.clip(best + half * offsets, 0.0, 1.0), axis=0)
        best = min((u for u, r in zip(box, run(box)) if meets(r, need)), key=lambda u: run(u)[0][0], default=best)
        half /= 2
    cost_at, value_at, share_at = run(best)[0]
    mix = Mix(dict(zip([lever.id for lever in p.levers], (low + best * span).tolist())), cost_at, value_at, share_at)
    return PortfolioResult(p.levers, p.target, p.year, probability, p.n_members, budget_cap, reached, mix, n,
                           evaluated, p.runs)
