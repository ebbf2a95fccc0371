"""The comparison read for the brief: who meets what, what it costs (one accounting, scenarios/costs.py),
which scenarios the two pages show, and what the finding is under each competing structure.

``card`` is target id -> scenario -> Score (value, met, probability, band, vs_baseline, tfp_growth,
required_tfp_growth); ``scenarios`` are Scenario records (name, label(), describe(), source)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Sequence

from .labels import short, target_text, title, unit
from .words import number, signed, word


def headline_targets(targets: Sequence) -> list:
    """The targets on the headline target's indicator (both TFP-share targets, say), lowest first."""
    return sorted((t for t in targets if t.indicator == targets[0].indicator and t.kind == targets[0].kind),
                  key=lambda t: t.low)


NBSP = "\u00a0"
MAIN_ROWS = 7  # scenarios the two pages show, the baseline included; the annex shows every one
COMPACT = 12  # more targets than this: short names, one line per target


@dataclass
class Block:
    kind: str  # masthead, title, heading, paragraph, bullet, small, note, table, figure, caption, pagebreak, signature
    text: str = ""
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    met: list[list[bool | None]] = field(default_factory=list)  # per table cell: shade when met
    widths: list[float] = field(default_factory=list)  # table column widths, cm
    path: Path | None = None
    alt: str = ""  # a figure's alternative text
    size: float | None = None  # a table's type size in points, when not the default


@dataclass
class Verdict:
    """The finding under one competing structure: its title, the central 2030 value of the baseline
    and of the brief's best mix on the headline indicator, and the best mix's 5–95 % range and
    probability of meeting the target over that structure's parameter sets (None without them)."""

    title: dict[str, str]
    baseline: float
    best: float
    band: tuple[float, float] | None = None
    probability: float | None = None


@dataclass
class Facts:
    """What the brief needs besides the scorecard. ``pv``, ``total``: scenario -> the city's extra
    cost over the cost years, discounted and undiscounted (bn VND at ``price_year`` prices);
    ``uncosted``: scenarios that move a lever whose money is not the city's (the investment ratio);
    ``levers``: scenario -> ids of the levers it changes; ``bounds``: scenario -> titles of the levers
    it sets at the top of their published range; ``verdicts``: structure name -> Verdict."""

    pv: Mapping[str, float] = field(default_factory=dict)
    total: Mapping[str, float] = field(default_factory=dict)
    uncosted: set[str] = field(default_factory=set)
    levers: Mapping[str, set[str]] = field(default_factory=dict)
    bounds: Mapping[str, list[str]] = field(default_factory=dict)
    verdicts: Mapping[str, Verdict] = field(default_factory=dict)
    rate: float = 0.0
    cost_from: int = 2026
    cost_to: int = 2035
    price_year: int = 2025
    present_year: int = 2026
    rate_source: str = ""


def measure(target, lang: str) -> str:
    return word("percent per year", lang) if target.kind == "growth" else unit(target.indicator, lang)


def amount(value: float, target, lang: str) -> str:
    return f"{number(value, lang)}{NBSP}{measure(target, lang)}"


def change(value: float, target, lang: str, short_form: bool = False) -> str:
    """A difference in the target's unit: percentage points for a share or a rate."""
    unit_text = measure(target, lang)
    points = word("points short" if short_form else "points", lang)
    return f"{signed(value, lang)}{NBSP}{points if unit_text.startswith('%') else unit_text}"


def band(score, lang: str) -> str:
    return word("band of", lang, low=number(score.band[0], lang), high=number(score.band[1], lang)) if score.band else ""


def bound(target, lang: str) -> str:
    """'≥ 57 %' that never breaks across lines."""
    return target_text(target, lang).replace(" %", f"{NBSP}%").replace("≥ ", f"≥{NBSP}")


LONG = 60  # a title longer than this is shortened to its first clause on the two pages


def short_label(text: str) -> str:
    """A long title's first clause ('Strongest mix of city measures'); the annex gives it in full."""
    return text.split(", ")[0] if len(text) > LONG and ", " in text else text


class Reading:
    def __init__(self, targets: Sequence, card: Mapping, scenarios: Sequence, facts: Facts, lang: str):
        self.targets, self.card, self.scenarios, self.facts, self.lang = list(targets), card, list(scenarios), facts, lang
        self.names = [s.name for s in scenarios]
        self.label = {s.name: short_label(s.label(lang)) for s in scenarios}
        self.full = {s.name: s.label(lang) for s in scenarios}
        self.others = [n for n in self.names if n != "baseline"]
        self.tag = {n: word("scenario tag", lang, i=i) for i, n in enumerate(self.names, start=1)}
        self.compact = len(self.targets) > COMPACT
        self.headline = headline_targets(self.targets)

    def name(self, target, year: int | None = None) -> str:
        """The target's title, or with many targets its indicator's short name (and its own year
        when that is not the scorecard's)."""
        if not self.compact:
            return target.title[self.lang]
        dated = f" ({target.year})" if year is not None and target.year != year else ""
        named = short(target.indicator, self.lang)
        return (named if named != target.indicator else title(target.indicator, self.lang)) + dated

    def defined(self, target) -> list[str]:
        return [n for n in self.names if self.card[target.id][n].met is not None]

    def best(self, target, policies_only: bool = True) -> str | None:
        """The scenario with the highest value; with ``policies_only`` among those whose levers the
        city pays for (a lower investment ratio raises the TFP share by slowing growth)."""
        names = [n for n in self.defined(target) if not (policies_only and n in self.facts.uncosted)]
        return max(names, key=lambda n: self.card[target.id][n].value) if names else None

    def meeting(self, target) -> list[str]:
        """Scenarios meeting the target, the cheapest first."""
        return sorted((n for n in self.names if self.card[target.id][n].met), key=lambda n: self.pv(n))

    def met_by(self, name: str) -> list:
        return [t for t in self.targets if self.card[t.id][name].met]

    def pv(self, name: str) -> float:
        return self.facts.pv.get(name, 0.0)

    def cost(self, name: str) -> str:
        return number(self.facts.total.get(name, 0.0), self.lang, 0)

    def costs_text(self, name: str) -> str:
        """'34.807 tỷ đồng (hiện giá 28.000)': the undiscounted sum and its present value."""
        return word("cost pair", self.lang, total=self.cost(name), pv=number(self.pv(name), self.lang, 0))

    def probability(self, score) -> str:
        from .words import percent

        return percent(score.probability, self.lang) if score.probability is not None else "–"

    def same_as(self, name: str) -> str | None:
        """An earlier scenario with the same levers, value and cost (two least-cost searches that
        found the same mix): the brief shows it once."""
        first = self.card[self.targets[0].id]
        for other in self.names[: self.names.index(name)]:
            if (self.facts.levers.get(other) == self.facts.levers.get(name) and self.facts.levers.get(name)
                    and abs(first[other].value - first[name].value) < 1e-9
                    and abs(self.pv(other) - self.pv(name)) < 1e-6 * max(1.0, abs(self.pv(name)))):
                return other
        return None

    def tags(self, name: str) -> str:
        """'S7, S8': the scenario's tag with those of the scenarios the brief shows as the same."""
        return ", ".join(self.tag[n] for n in self.names if n == name or self.same_as(n) == name)

    def main(self) -> list[str]:
        """The scenarios the two pages show: all when few; else the baseline, every mix of levers,
        per lever the single-lever scenario with the highest headline value, then the largest
        changes until MAIN_ROWS (the others are named in a sentence and shown in the annex)."""
        unique = [n for n in self.names if self.same_as(n) is None]
        if len(unique) <= MAIN_ROWS:
            return unique
        row = self.card[self.targets[0].id]
        singles: dict[str, str] = {}
        for n in unique:
            levers = self.facts.levers.get(n, set())
            if len(levers) == 1:
                lever = next(iter(levers))
                if lever not in singles or row[n].value > row[singles[lever]].value:
                    singles[lever] = n
        chosen = {n for n in unique if n == "baseline" or len(self.facts.levers.get(n, set())) > 1}
        ranked = sorted(singles.values(), key=lambda n: -abs(row[n].vs_baseline or 0.0))
        chosen |= set(ranked[: max(0, MAIN_ROWS - len(chosen))])
        return [n for n in unique if n in chosen]
