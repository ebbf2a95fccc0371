"""The workflow behind `innovsd seek TARGET --lever A --lever B ...` and ``innovsd.seek(levers=[...])``:
check the inputs, search the cheapest mix (scenarios/portfolio.py), and say what it found as a
summary (result.json), a table of the mixes tried, and a scenario file that reproduces the mix."""

from __future__ import annotations

from concurrent.futures import Executor
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Callable, Sequence

import numpy as np
import pandas as pd

from innovsd.errors import InputError
from innovsd.model.engine import Engine
from innovsd.model.parameters import ParameterSet, ParameterTable, load_parameter_set

from . import portfolio
from . import seek as seeking
from . import sensitivity as sa
from .costs import Appraisal, load_appraisal
from .levers import find_lever, lever_aliases, load_levers

if TYPE_CHECKING:
    from .analysis import SeekStudy


@dataclass
class MixStudy:
    result: portfolio.PortfolioResult
    scenario: str
    title: dict[str, str]
    parameter_set: ParameterSet
    appraisal: Appraisal
    ramp_start: dict[str, float]  # ramp lever id -> its level in the year before the policy start (central run)
    anchor: float  # that year
    command: str

    def label(self, lang: str) -> str:
        return self.title.get(lang) or self.scenario

    def search_frame(self) -> pd.DataFrame:
        """Every mix tried: one column per lever, then cost, reach and share of members meeting (search.csv)."""
        rows = [{**m.levels, "cost": m.cost, "value": m.value, "share_met": m.share} for m in self.result.evaluated]
        frame = pd.DataFrame(rows)
        return frame.drop(columns="share_met") if self.result.probability is None else frame

    def to_dataframe(self) -> pd.DataFrame:
        return self.search_frame()

    def summary(self) -> dict:
        r, a = self.result, self.appraisal
        return {
            "command": self.command, "target": r.target.id, "indicator": r.target.indicator, "threshold": r.target.low,
            "year": r.year, "scenario": self.scenario, "probability": r.probability, "members": r.members,
            "parameter_set": self.parameter_set.label("model defaults (no calibrated set)"),
            "budget_cap": r.budget_cap, "reached": r.reached, "status": "reached" if r.reached else "out of reach",
            "levers": [{"id": lever.id, "variable": lever.variable, "unit": lever.unit, "range": [lever.low, lever.high],
                        "level": r.mix.levels[lever.id]} for lever in r.levers],
            "cost": r.mix.cost, "value": r.mix.value, "share_met": r.mix.share,
            "measure": (f"the value at least {r.probability:g} of the members reach" if r.probability
                        else r.target.indicator),
            "cost_measure": (f"present value {a.cost_from}-{a.cost_to} of the city's extra cost, bn VND at "
                             f"{a.price_year} prices, discounted at {a.rate:g}/yr to {a.present_year} "
                             "(scenarios/appraisal.csv)" + ("; mean over the members" if r.probability else "")),
            "grid_levels": r.grid_levels, "mixes_tried": len(r.evaluated), "member_runs": r.runs,
        }

    @property
    def scenario_name(self) -> str:
        """least-cost-<target>: what the scenario file of the mix is called."""
        slug = "".join(c if c.isalnum() else "-" for c in self.result.target.id.lower())
        return "least-cost-" + "-".join(filter(None, slug.split("-")))

    def scenario_yaml(self, name: str, amount: Callable[[float, str], str], unit_text: Callable[[str, str], str]) -> str:
        """A scenario file that sets the mix on top of the base scenario, its provenance in the description;
        ``amount(value, lang)`` and ``unit_text(unit, lang)`` write numbers and units in each language."""
        import yaml

        r = self.result
        aliases = {v: k for k, v in lever_aliases().items()}
        levers, params = {}, {}
        for lever in r.levers:
            level = round(float(r.mix.levels[lever.id]), 6)
            if lever.kind == "constant":
                params[lever.variable] = level
            else:
                levers[aliases.get(lever.variable, lever.variable)] = {"ramp": {
                    "from": int(self.anchor), "to": int(r.year), "start": round(self.ramp_start[lever.id], 6),
                    "end": level}}
        def amounts(lang: str) -> str:
            return "; ".join(f"{lever.title[lang]} {amount(r.mix.levels[lever.id], lang)} {unit_text(lever.unit, lang)}"
                             for lever in r.levers)

        mix_en, mix_vi = amounts("en"), amounts("vi")
        chance = f" with probability {r.probability:g} over {r.members} parameter sets" if r.probability else ""
        chance_vi = f" với xác suất {r.probability:g} trên {r.members} bộ tham số" if r.probability else ""
        if r.reached:
            en = (f"The cheapest mix of {', '.join(lever.id for lever in r.levers)} found to reach {r.target.id} "
                  f"({r.target.indicator} >= {r.target.low:g}) by {r.year}{chance}: {mix_en}. ")
            vi = (f"Tổ hợp ít tốn kém nhất tìm được của {', '.join(lever.id for lever in r.levers)} để đạt "
                  f"{r.target.id} ({r.target.indicator} >= {r.target.low:g}) vào năm {r.year}{chance_vi}: {mix_vi}. ")
        else:
            en = (f"{r.target.id} ({r.target.indicator} >= {r.target.low:g}) by {r.year}{chance} is out of reach "
                  f"of {', '.join(lever.id for lever in r.levers)}; the closest mix found: {mix_en}. ")
            vi = (f"{r.target.id} ({r.target.indicator} >= {r.target.low:g}) vào năm {r.year}{chance_vi} nằm ngoài "
                  f"tầm của {', '.join(lever.id for lever in r.levers)}; tổ hợp gần nhất tìm được: {mix_vi}. ")
        made = (f"It reaches {amount(r.mix.value, 'en')} at a present cost of {amount(r.mix.cost, 'en')} bn VND. "
                f"Made by `{self.command}` "
                f"on {datetime.now(timezone.utc):%Y-%m-%d} with the parameter set "
                f"{self.parameter_set.label('model defaults')}; each ramp starts from the lever's {int(self.anchor)} "
                "level in the central run.")
        made_vi = (f"Đạt {amount(r.mix.value, 'vi')} với chi phí quy về hiện tại {amount(r.mix.cost, 'vi')} tỷ đồng. Tạo bởi "
                   f"`{self.command}` ngày {datetime.now(timezone.utc):%Y-%m-%d} với bộ tham số "
                   f"{self.parameter_set.label('model defaults')}; mỗi lộ trình bắt đầu từ mức năm {int(self.anchor)} "
                   "của lần chạy trung tâm.")
        body = {"name": name, "title": mix_title(r.target, r.reached),
                "description": {"en": en + made, "vi": vi + made_vi},
                "source": "innovsd seek (scenarios/portfolio.py); cost: scenarios/appraisal.csv",
                "extends": self.scenario}
        if levers:
            body["levers"] = levers
        if params:
            body["params"] = params
        return yaml.safe_dump(body, allow_unicode=True, sort_keys=False, width=100)


def mix_title(target, reached: bool) -> dict[str, str]:
    """The scenario's title as a city department writes it: the least-cost mix reaching the target,
    or, when nothing reaches it, the strongest mix and the target it falls short of."""
    sign = " %" if target.unit.startswith("percent") else ""
    bound = f"{target.low:g}–{target.high:g}{sign}" if target.high is not None else f"≥ {target.low:g}{sign}"
    named = {}
    for lang in ("en", "vi"):
        base, _, plan = target.title[lang].partition(" (")
        lowered = base[:1].lower() + base[1:] if base[1:2].islower() else base  # "TFP ..." stays as it is
        named[lang] = f"{lowered}, {bound}" + (f" ({plan}" if plan else "")
    if reached:
        return {"en": f"Least-cost mix of city measures reaching the target for {named['en']}",
                "vi": f"Tổ hợp giải pháp chi phí thấp nhất đạt chỉ tiêu {named['vi']}"}
    return {"en": f"Strongest mix of city measures, short of the target for {named['en']}",
            "vi": f"Tổ hợp giải pháp mạnh nhất, chưa đạt chỉ tiêu {named['vi']}"}


def mix_runs(levers: int, probability: float | None = None, params=None) -> int:
    """About how many member-runs a search over ``levers`` levers makes (for a progress bar)."""
    members = 1
    if probability is not None:
        members = load_parameter_set(params, ParameterTable()).ensemble_size or 1
    return portfolio.portfolio_runs(levers, members)


def seek_mix(engine: Engine, *, target: str, levers: Sequence[str], by: int | None = None, scenario: str | None = None,
             probability: float | None = None, params=None, budget_cap: float | None = None,
             progress: Callable[[int], None] | None = None, executor: Executor | None = None) -> MixStudy:
    from .analysis import base_scenario

    if not levers:
        raise InputError("no levers", field="lever")
    table = ParameterTable()
    pset = load_parameter_set(params, table)
    known = load_levers(engine, table)
    chosen = [find_lever(known, name) for name in levers]
    goal = seeking.parse_target(target, engine, by)
    year = by or goal.year
    name, scenario_params, paths, label = base_scenario(scenario, engine)
    for lever in chosen:
        scenario_params.pop(lever.variable, None)
    members = None
    if probability is not None:
        if not 0 < probability <= 1:
            raise InputError("not a probability", probability=probability, field="probability")
        members = {k: v for k, v in sa.posterior_members(pset).items() if k not in scenario_params}
    fixed = {**pset.values, **scenario_params}
    appraisal = load_appraisal(engine)
    search = portfolio.Portfolio(engine, chosen, goal, year, appraisal, fixed=fixed, paths=paths, members=members,
                                 progress=progress, executor=executor)
    result = portfolio.search(search, probability, budget_cap)
    central = portfolio.Portfolio(engine, chosen, goal, year, appraisal, fixed=fixed, paths=paths) if members else search
    starts = {k: float(np.ravel(v)[0]) for k, v in central.ramp_start.items()}
    return MixStudy(result, name, label, pset, appraisal, starts, search.anchor,
                    command_line(target, levers, by, scenario, probability, budget_cap))


def command_line(target: str, levers: Sequence[str], by: int | None, scenario: str | None,
                 probability: float | None, budget_cap: float | None) -> str:
    """The `innovsd seek` command that makes the same search (a scenario file's provenance)."""
    import shlex

    words = [target] + [a for name in levers for a in ("--lever", name)]
    words += ["--by", str(by)] if by else []
    words += ["--scenario", str(scenario)] if scenario else []
    words += ["--probability", f"{probability:g}"] if probability else []
    words += ["--budget-cap", f"{budget_cap:g}"] if budget_cap is not None else []
    return "innovsd seek " + shlex.join(words)


def seek_any(engine: Engine, *, levers: Sequence[str] | None = None, budget_cap: float | None = None, lever: str,
             **kwargs) -> "MixStudy | SeekStudy":
    """The mix search with ``levers`` (or a ``budget_cap``), else the one-lever seek."""
    if levers is None and budget_cap is None:
        from .analysis import seek

        return seek(engine, lever=lever, **kwargs)
    return seek_mix(engine, levers=list(levers) if levers is not None else [lever], budget_cap=budget_cap, **kwargs)


def seek_runs_any(probability: float | None, params, levers: int) -> int:
    from .analysis import seek_runs

    return mix_runs(levers, probability, params) if levers > 1 else seek_runs(probability, params)
