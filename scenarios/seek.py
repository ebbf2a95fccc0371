"""Target seeking: the smallest lever level that meets a target, for planners' "how much would it take?".

The model is monotone in the seek levers (scenarios/levers.csv), so the answer is a
threshold. Each pass evaluates a grid of levels in ONE batched run (members x levels) and
the next pass refines the bracket where the target starts being met.
"""

from __future__ import annotations

import re
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import Callable, Mapping

import numpy as np

from innovsd.errors import InputError
from innovsd.model import fields
from innovsd.model.engine import Engine, LeverPath, Simulation
from innovsd.model.horizon import check_year, time_grid

from innovsd.model import chunks
from .levers import Lever
from .paths import default_paths, ramps
from .targets import Target, load_targets

POLICY_START = "policy start year"  # model constant: ramps start from the year before it
GRID = 64  # levels per batched pass
TOLERANCE = 1e-5  # stop when the bracket is this share of the lever's range
EXPRESSION = re.compile(r"^\s*(?P<var>.+?)\s*>=\s*(?P<value>[-+0-9.eE]+)\s*$")


def parse_target(text: str, engine: Engine, year: int | None = None) -> Target:
    """A target id from scenarios/targets.csv, or 'VARIABLE>=VALUE' checked in ``year``."""
    targets = {t.id: t for t in load_targets()}
    if text.strip() in targets:
        t = targets[text.strip()]
        if year is not None and t.kind == "growth" and year <= t.start:
            raise InputError("not after the base year", year=year, start=t.start, field="by")
        return t
    match = EXPRESSION.match(text)
    if not match:
        raise InputError("not a target", text=text, targets=", ".join(targets), field="target")
    variable = engine.canonical(match["var"], source="target")
    value = fields.number(match["value"], source=None, field="target")
    default_year = max(t.year for t in targets.values())
    return Target(id=text.strip(), indicator=variable, kind="level", start=None, year=year or default_year,
                  low=value, high=None, unit=engine.variables[variable.partition("[")[0]].units,
                  title={"en": variable, "vi": variable}, source="command line", section="", note="")


@dataclass
class SeekResult:
    lever: Lever
    target: Target
    year: int
    probability: float | None  # required share of ensemble members; None = one calibrated run
    members: int
    evaluated: list[tuple[float, float]] = field(default_factory=list)  # (level, value or share)
    answer: float | None = None  # smallest level meeting the target; None = out of reach
    at_answer: float = float("nan")  # indicator value (or share of members) at the answer
    at_top: float = float("nan")  # the same at the top of the lever's range
    at_bottom: float = float("nan")

    @property
    def reached(self) -> bool:
        return self.answer is not None


class Seeker:
    """Evaluates levels of one lever for a set of members (one run, or an ensemble)."""

    def __init__(
        self,
        engine: Engine,
        lever: Lever,
        target: Target,
        year: int,
        *,
        fixed: Mapping[str, float] | None = None,
        paths: Mapping[str, LeverPath] | None = None,
        members: Mapping[str, np.ndarray] | None = None,
        progress: Callable[[int], None] | None = None,
        executor: Executor | None = None,
    ):
        self.engine, self.lever, self.target, self.year = engine, lever, target, year
        self.fixed = dict(fixed or {})
        self.paths = dict(paths or {})
        self.members = {k: np.asarray(v, dtype=float) for k, v in (members or {}).items()}
        self.n_members = len(next(iter(self.members.values()))) if self.members else 1
        self.progress, self.executor = progress, executor
        self.grid = time_grid(engine)
        years = [year] + ([target.start] if target.kind == "growth" else [])
        self.save_years = sorted(set(years))
        for saved in self.save_years:
            check_year(saved, engine, field="by")
        self.anchor = None
        if lever.kind == "ramp":
            start = self.fixed.get(POLICY_START, engine.constants[POLICY_START])
            self.anchor = float(start) - 1
            if year <= self.anchor:
                raise InputError("not after the policy start", year=year, start=start, field="by")
            base = self.baseline([lever.ramp_from], [self.anchor])
            self.ramp_start = base.at(lever.ramp_from, self.anchor)  # per member
            if lever.variable in self.paths:
                years, values = self.paths[lever.variable]
                self.base_path = np.interp(self.grid, years, values)
            else:
                self.base_path = default_paths(engine)[lever.variable]

    def _evaluate_raw(self, extra_params, paths, outputs, save_years, reps: int = 1) -> Simulation:
        """Each member repeated ``reps`` times (once per lever level), with the extra params."""
        samples = {k: np.repeat(v, reps) for k, v in self.members.items()}
        samples.update(extra_params)
        if not samples:
            return self.engine.run(self.fixed, paths, outputs, save_years=save_years)
        total = len(next(iter(samples.values())))
        return self.engine.run_ensemble(samples, paths=paths, outputs=outputs, fixed=self.fixed, save_years=save_years,
                                        chunk_size=chunks.chunk_size(total, self.executor), executor=self.executor,
                                        progress=self.progress)

    def baseline(self, outputs: list[str], save_years=None) -> Simulation:
        """The members without the seek lever (the base scenario as it stands)."""
        return self._evaluate_raw({}, self.paths, outputs, save_years)

    def lever_inputs(self, levels: np.ndarray) -> tuple[dict, dict]:
        """Params and paths for rows ordered member-major: row = member * len(levels) + level."""
        levels = np.asarray(levels, dtype=float)
        tiled = np.tile(levels, self.n_members)
        if self.lever.kind == "constant":
            return {self.lever.variable: tiled}, dict(self.paths)
        start = np.repeat(np.broadcast_to(self.ramp_start, (self.n_members,)), len(levels))
        paths = dict(self.paths)
        paths[self.lever.variable] = (self.grid, ramps(self.grid, self.base_path, start, tiled, self.anchor, self.year))
        return {}, paths

    def simulate(self, levels: np.ndarray, outputs: list[str], save_years=None) -> Simulation:
        params, paths = self.lever_inputs(levels)
        if not params and not self.members:
            return self.engine.run(self.fixed, paths, outputs, save_years=save_years)
        return self._evaluate_raw(params, paths, outputs, save_years, reps=len(levels))

    def score(self, levels: np.ndarray, probability: float | None) -> np.ndarray:
        """Per level: the indicator as the target measures it, or the share of members meeting it."""
        sim = self.simulate(levels, [self.target.indicator], self.save_years)
        values = self.target.value(sim, self.year).reshape(self.n_members, len(levels))
        if probability is None:
            return values[0]
        with np.errstate(invalid="ignore"):
            return np.mean(self.target.met(values) & np.isfinite(values), axis=0)


def seek(seeker: Seeker, probability: float | None = None) -> SeekResult:
    """Smallest lever level meeting the target (or the required share of members)."""
    if probability is not None and not 0 < probability <= 1:
        raise InputError("not a probability", probability=probability, field="probability")
    lever = seeker.lever
    result = SeekResult(lever, seeker.target, seeker.year, probability, seeker.n_members)

    def met(scores):
        if probability is None:
            with np.errstate(invalid="ignore"):
                return seeker.target.met(scores) & np.isfinite(scores)
        return scores >= probability - 1e-12

    levels = np.linspace(lever.low, lever.high, GRID)
    scores = seeker.score(levels, probability)
    result.evaluated += list(zip(levels.tolist(), scores.tolist()))
    result.at_bottom, result.at_top = float(scores[0]), float(scores[-1])
    ok = met(scores)
    if not ok.any():
        return result
    if ok[0]:
        result.answer, result.at_answer = float(levels[0]), float(scores[0])
        return result
    i = int(np.argmax(ok))
    low, high, at_high = levels[i - 1], levels[i], scores[i]
    while high - low > TOLERANCE * (lever.high - lever.low):
        levels = np.linspace(low, high, GRID)[1:-1]
        scores = seeker.score(levels, probability)
        result.evaluated += list(zip(levels.tolist(), scores.tolist()))
        ok = met(scores)
        if ok.any():
            i = int(np.argmax(ok))
            high, at_high = levels[i], scores[i]
            low = levels[i - 1] if i > 0 else low
        else:
            low = levels[-1]
    result.answer, result.at_answer = float(high), float(at_high)
    result.evaluated.sort()
    return result
