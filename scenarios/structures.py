"""The comparison under each competing S&T -> TFP structure (model/structures.csv), each with its own
calibrated set: every scenario's scorecard and cost per structure, and each structure's payoff, so a
conclusion that holds under only one of them is visible."""

from __future__ import annotations

from concurrent.futures import Executor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterable

from innovsd.errors import warn
from innovsd.model.engine import Engine
from innovsd.model.parameters import ParameterSet, ParameterTable, ParamsLike, load_parameter_set
from innovsd.model.structures import Structure, structure, structures

from . import pipeline

if TYPE_CHECKING:
    import pandas as pd


def chosen_structures(names: str | Iterable[str] | None) -> list[Structure]:
    """``all`` (or None): every structure in the table's order; else the named ones."""
    if names is None or (isinstance(names, str) and names.strip().lower() == "all"):
        return list(structures())
    return [structure(n) for n in ([names] if isinstance(names, str) else names)]


def structure_set(chosen: Structure, params: ParamsLike, table: ParameterTable) -> tuple[ParameterSet, bool]:
    """The set a structure runs with, and whether it was calibrated under that structure: its shipped
    set (``params`` None), else ``params`` (or the model defaults when it has no set yet) with its
    switch settings, said with a warning."""
    if params is None and chosen.parameter_file.is_file():
        return _with_switch(ParameterSet.load(chosen.parameter_file, table), chosen), True
    base = load_parameter_set(params, table) if params is not None else ParameterSet(
        provenance={"source": "model defaults (no calibrated set for this structure)"})
    if params is None:
        warn("structure not calibrated", name=chosen.name, file=chosen.parameter_file.name)
    return _with_switch(base, chosen), False


def _with_switch(pset: ParameterSet, chosen: Structure) -> ParameterSet:
    return ParameterSet({**pset.values, **chosen.settings}, dict(pset.provenance), pset.ensemble, pset.path)


def payoff(pset: ParameterSet) -> float | None:
    """The calibration's payoff (lower fits better), as the set records it."""
    fit = pset.provenance.get("fit") or {}
    value = fit.get("payoff") if isinstance(fit, dict) else None
    return float(value) if value is not None else None


@dataclass
class StructureRun:
    structure: Structure
    prepared: pipeline.Prepared
    calibrated: bool  # the set was fitted under this structure

    @property
    def payoff(self) -> float | None:
        return payoff(self.prepared.parameter_set)

    def record(self) -> dict:
        """What `compare --structure ... --json` gives per structure."""
        run = self.prepared
        return {
            "name": self.structure.name, "title": self.structure.title, "settings": self.structure.settings,
            "parameter_set": run.parameter_set.label(), "calibrated": self.calibrated, "payoff": self.payoff,
            "ensemble_members": run.ensemble_size,
            "scenarios": {s.name: {"values": {t.id: _number(run.card[t.id][s.name].value) for t in run.targets},
                                   "vs_baseline": {t.id: _number(run.card[t.id][s.name].vs_baseline)
                                                   for t in run.targets},
                                   "probability": {t.id: _number(run.card[t.id][s.name].probability)
                                                   for t in run.targets},
                                   "cost": (run.policy_costs or {})[s.name].record() if run.policy_costs else None}
                          for s in run.scenarios},
        }


def _number(x):
    import math

    return None if x is None or (isinstance(x, float) and not math.isfinite(x)) else float(x)


def compare_structures(engine: Engine, refs: list[str], params: ParamsLike, year: int,
                       names: str | Iterable[str] | None = "all", progress: Callable[[int], None] | None = None,
                       executor: Executor | None = None) -> list[StructureRun]:
    """The comparison of ``refs`` under each chosen structure with its own set."""
    table = ParameterTable()
    runs = []
    for chosen in chosen_structures(names):
        pset, calibrated = structure_set(chosen, params, table)
        runs.append(StructureRun(chosen, pipeline.prepare(engine, refs, pset, year, progress, executor), calibrated))
    return runs


def scorecard(engine: Engine, refs: list[str], params: ParamsLike, year: int, lang: str = "en",
              executor: Executor | None = None, names: str | Iterable[str] | None = None) -> "pd.DataFrame":
    """What ``innovsd.compare`` returns: the scorecard, or with ``names`` every structure's stacked."""
    if names is None:
        return pipeline.prepare(engine, refs, params, year, None, executor).scorecard_frame(lang)
    return structures_frame(compare_structures(engine, refs, params, year, names, None, executor), lang)


def structures_frame(runs: list[StructureRun], lang: str = "en") -> "pd.DataFrame":
    """The scorecards of every structure stacked, with the structure, its payoff and each scenario's cost."""
    import pandas as pd

    frames = []
    for r in runs:
        frame = r.prepared.scorecard_frame(lang)
        costs = {n: c.record() for n, c in (r.prepared.policy_costs or {}).items()}
        for field in ("cost_pv", "benefit_cost_ratio", "tfp_share_points_per_1000bn", "tfp_growth_points_per_1000bn"):
            frame[field] = frame["scenario"].map(lambda n: costs.get(n, {}).get(field))
        frame.insert(0, "structure", r.structure.name)
        frame.insert(1, "payoff", r.payoff)
        frame.insert(2, "calibrated", r.calibrated)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)
