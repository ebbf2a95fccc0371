"""The decision brief's content, written from a comparison's results: the finding with its number
and uncertainty, what each scenario achieves and costs, what reaches each target, recommendations
that follow from those numbers, method and limits, then an annex (scorecard, cost against effect,
scenarios, sources, provenance). Rendered to Word and PDF by ``brief_docx``.

``targets`` are Target records (id, indicator, kind, low, high, year, start, title, source,
section, and a date when the record has one); ``card`` is target id -> scenario -> Score (value,
met, probability, band, vs_baseline); ``scenarios`` are Scenario records (name, label(), describe(),
source); ``costs`` scenario -> extra city money in bn VND."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Sequence

from innovsd.resources import data_file

from .labels import short, target_text, title, unit
from .words import joined, number, percent, signed, word

DOCUMENTS = data_file("innovsd.present", "documents.csv")
COSTS = data_file("innovsd.present", "costs.csv")
FILE_CODE = re.compile(r"\d{3}_[0-9a-f]{16}\.txt")
NBSP = "\u00a0"
SURE = 0.9  # a target met in fewer of the parameter sets than this is called uncertain
LISTED = 8  # more targets met by no scenario than this are counted, not named (the annex names them)
COMPACT = 12  # more targets than this: short names, one line per target, and the brief's table only for
# the targets the policies change (the others summed up in a sentence each)


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


def document_titles(path: Path = DOCUMENTS) -> dict[str, dict[str, str]]:
    with Path(path).open(encoding="utf-8", newline="") as handle:
        return {row["code"]: {"en": row["title_en"], "vi": row["title_vi"]} for row in csv.DictReader(handle)}


PRICE_LEVEL = "price level"  # the model's deflator: a cost at 2013 prices times it is at current prices
AT_2013_PRICES = "spending at 2013 prices"


def cost_items(path: Path = COSTS) -> list[dict[str, str]]:
    with Path(path).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def cost_variables(items: list[dict[str, str]]) -> list[str]:
    """The series the items' costs are summed from: each flow, and the price level when one is at 2013 prices."""
    flows = [item["name"] for item in items if item["kind"] != "constant"]
    return flows + ([PRICE_LEVEL] if any(item["kind"] == AT_2013_PRICES for item in items) else [])


def cited(source: str, titles: Mapping[str, dict[str, str]], lang: str) -> list[str]:
    """Document titles for every file code a source text cites, in order; a source without a
    file code (a URL, a data file) as it is written."""
    codes = list(dict.fromkeys(FILE_CODE.findall(source)))
    if not codes:
        return [source.strip()] if source.strip() else []
    return [titles[c][lang] if c in titles else c for c in codes]


def _measure(target, lang: str) -> str:
    return word("percent per year", lang) if target.kind == "growth" else unit(target.indicator, lang)


def _amount(value: float, target, lang: str) -> str:
    return f"{number(value, lang)}{NBSP}{_measure(target, lang)}"


def _change(value: float, target, lang: str, short: bool = False) -> str:
    """A difference in the target's unit: percentage points for a share or a rate."""
    measure = _measure(target, lang)
    points = word("points short" if short else "points", lang)
    return f"{signed(value, lang)}{NBSP}{points if measure.startswith('%') else measure}"


def _band(score, target, lang: str) -> str:
    return (word("band of", lang, low=number(score.band[0], lang), high=number(score.band[1], lang))
            if score.band else "")


def _bound(target, lang: str) -> str:
    return target_text(target, lang).replace(" %", f"{NBSP}%")


class Reading:
    """The comparison read for the brief: who meets what, at what cost, by how much."""

    def __init__(self, targets: Sequence, card: Mapping, scenarios: Sequence, costs: Mapping[str, float], lang: str):
        self.targets, self.card, self.scenarios, self.costs, self.lang = list(targets), card, list(scenarios), costs, lang
        self.names = [s.name for s in scenarios]
        self.label = {s.name: s.label(lang) for s in scenarios}
        self.others = [n for n in self.names if n != "baseline"]
        self.tag = {n: word("scenario tag", lang, i=i) for i, n in enumerate(self.names, start=1)}
        self.compact = len(self.targets) > COMPACT

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

    def best(self, target) -> str | None:
        names = self.defined(target)
        return max(names, key=lambda n: self.card[target.id][n].value) if names else None

    def meeting(self, target) -> list[str]:
        """Scenarios meeting the target, the cheapest first."""
        return sorted((n for n in self.names if self.card[target.id][n].met), key=lambda n: self.costs.get(n, 0.0))

    def met_by(self, name: str) -> list:
        return [t for t in self.targets if self.card[t.id][name].met]

    def cost(self, name: str) -> str:
        return number(self.costs.get(name, 0.0), self.lang, 0)

    def probability(self, score) -> str:
        return percent(score.probability, self.lang) if score.probability is not None else "–"


def headline(reading: Reading, year: int) -> str:
    """The finding in one sentence, with its number and its 5–95 % range."""
    lang = reading.lang
    target = reading.targets[0]
    row = reading.card[target.id]
    best = reading.best(target)
    if best is None:
        return word("headline none defined", lang, title=target.title[lang])
    score = row[best]
    baseline = row.get("baseline")
    values = dict(title=target.title[lang], value=_amount(score.value, target, lang), band=_band(score, target, lang),
                  year=year, scenario=reading.label[best], target=_bound(target, lang),
                  baseline=_amount(baseline.value, target, lang) if baseline else "–",
                  change=_change(score.vs_baseline or 0.0, target, lang).lstrip("+"))
    meeting = reading.meeting(target)
    if meeting:
        first = row[meeting[0]]
        return word("finding met", lang, **{**values, "scenario": reading.label[meeting[0]],
                                            "value": _amount(first.value, target, lang),
                                            "band": _band(first, target, lang), "p": reading.probability(first)})
    return word("finding short", lang, **values)


def scenario_rows(reading: Reading, year: int) -> list[list[str]]:
    """Per scenario: extra cost, the headline value with its range and change, the targets it meets."""
    lang, target = reading.lang, reading.targets[0]
    rows = []
    for name in reading.names:
        score = reading.card[target.id][name]
        value = number(score.value, lang) + (f" ({number(score.band[0], lang)}–{number(score.band[1], lang)})"
                                              if score.band else "")
        if name != "baseline" and score.vs_baseline is not None:
            value += f"\n{_change(score.vs_baseline, target, lang, short=True)}"
        met = reading.met_by(name)
        rows.append([f"{reading.tag[name]}. {reading.label[name]}", reading.cost(name) if name != "baseline" else "0", value,
                     f"{len(met)}/{len(reading.targets)}"])
    return rows


def reach_rows(reading: Reading, year: int) -> list[list[str]]:
    """Per target: who reaches it (the cheapest, with its probability), or how far the best falls
    short. With many targets only those a scenario changes, and the headline ones."""
    lang = reading.lang
    rows = []
    for target in reading.targets:
        row = reading.card[target.id]
        meeting = reading.meeting(target)
        best = reading.best(target)
        if reading.compact and not (_changed(reading, target) or target.indicator == reading.targets[0].indicator):
            continue
        if best is None:
            text = word("not scored", lang)
        elif "baseline" in meeting:
            text = word("met by trends", lang, p=reading.probability(row["baseline"]))
        elif meeting:
            text = word("reached by", lang, scenario=reading.tag[meeting[0]], cost=reading.cost(meeting[0]),
                        p=reading.probability(row[meeting[0]]))
        else:
            gap = target.low - row[best].value
            text = word("not reached", lang, value=_amount(row[best].value, target, lang), scenario=reading.tag[best],
                        gap=_change(gap, target, lang, short=True).lstrip("+"))
        rows.append([reading.name(target, year), _bound(target, lang), text])
    return rows


def _changed(reading: Reading, target) -> bool:
    """Whether some scenario meets the target while current trends do not."""
    row = reading.card[target.id]
    return any(row[n].met for n in reading.others) and not row.get("baseline", row[reading.names[0]]).met


def reach_summary(reading: Reading, year: int) -> list[str]:
    """With many targets, the ones left out of the table: met under current trends, or by no scenario."""
    if not reading.compact:
        return []
    lang = reading.lang
    left = [t for t in reading.targets if not (_changed(reading, t) or t.indicator == reading.targets[0].indicator)]
    trends = [reading.name(t, year) for t in left if reading.card[t.id].get("baseline") and reading.card[t.id]["baseline"].met]
    nobody = [reading.name(t, year) for t in left if not any(reading.card[t.id][n].met for n in reading.names)]
    out = []
    if trends:
        out.append(word("summary trends", lang, k=len(trends), targets="; ".join(trends)))
    if len(nobody) > LISTED:
        out.append(word("summary nobody many", lang, k=len(nobody)))
    elif nobody:
        out.append(word("summary nobody", lang, k=len(nobody), targets="; ".join(nobody)))
    return out


def recommendations(reading: Reading, year: int, start: int) -> list[str]:
    """What follows from the numbers: the headline target's outlook, the best value for money, the
    package that meets the most targets, and which of its results are uncertain."""
    lang = reading.lang
    target = reading.targets[0]
    row = reading.card[target.id]
    out = []
    best = reading.best(target)
    if best is not None and not reading.meeting(target):
        out.append(word("rec outside levers", lang, title=target.title[lang],
                        change=_change(row[best].vs_baseline or 0.0, target, lang).lstrip("+"),
                        gap=_change(target.low - row[best].value, target, lang).lstrip("+")))
    costed = [n for n in reading.others if reading.costs.get(n, 0.0) > 0.5 and (row[n].vs_baseline or 0) > 0]
    if costed:
        efficient = max(costed, key=lambda n: row[n].vs_baseline / reading.costs[n])
        out.append(word("rec value for money", lang, scenario=reading.label[efficient], title=target.title[lang],
                        rate=_change(1000 * row[efficient].vs_baseline / reading.costs[efficient], target, lang)
                        .lstrip("+")))
    baseline_met = {t.id for t in reading.met_by("baseline")} if "baseline" in reading.names else set()
    gains = {n: [t for t in reading.met_by(n) if t.id not in baseline_met] for n in reading.others}
    if any(gains.values()):
        package = max(reading.others, key=lambda n: (len(gains[n]), -reading.costs.get(n, 0.0)))
        out.append(word("rec package", lang, scenario=reading.label[package], k=len(gains[package]),
                        targets=joined([t.title[lang] for t in gains[package]], lang), cost=reading.cost(package),
                        start=start, year=year))
        unsure = [t.title[lang] for t in gains[package]
                  if reading.card[t.id][package].probability is not None
                  and reading.card[t.id][package].probability < SURE]
        if unsure:
            out.append(word("rec uncertain", lang, targets=joined(unsure, lang), share=percent(SURE, lang)))
    else:
        out.append(word("rec nothing gained", lang))
    return out


def method_paragraphs(members: int, start: int, year: int, outside: int, lang: str) -> list[str]:
    method = word("method text", lang, n=number(members, lang, 0)) if members else word("method text central", lang)
    limits = [word("costs text", lang, start=start, year=year), word("limits text", lang)]
    if outside:
        limits.append(word("outside text", lang, k=outside))
    return [" ".join([method, word("boundary text", lang, boundary=word("model note", lang))] + limits)]


def brief_blocks(targets: Sequence, card: Mapping, scenarios: Sequence, costs: Mapping[str, float],
                 figures: Mapping[str, Path], meta: Mapping[str, str], year: int, start: int, members: int,
                 outside: int, lang: str, titles: Mapping[str, dict[str, str]] | None = None) -> list[Block]:
    """The brief: two pages of findings, then the annex. ``figures``: headline and cost-effect PNGs."""
    titles = titles if titles is not None else document_titles()
    reading = Reading(targets, card, scenarios, costs, lang)
    first = targets[0]
    blocks = [Block("masthead", meta["date_line"]),
              Block("title", word("document type", lang) + "\n" + word("brief title", lang, year=year))]
    if not reading.compact:  # with many targets the two pages go to the findings
        blocks += [Block("heading", word("question", lang)), Block("paragraph", word("question text", lang))]
    blocks += [Block("heading", "1. " + word("finding heading", lang)),
              Block("paragraph", headline(reading, year))]
    if "headline" in figures:  # its title states the finding: no caption repeats it
        blocks.append(Block("figure", path=figures["headline"], alt=word("headline alt", lang, title=first.title[lang],
                                                                         year=year)))
    blocks.append(Block("heading", "2. " + word("scenarios heading", lang)))
    blocks.append(Block("table", header=[word("scenario", lang), word("extra cost column", lang, start=start, year=year),
                                         f"{first.title[lang]}, {year} ({_measure(first, lang)})",
                                         word("targets met column", lang)],
                        rows=scenario_rows(reading, year), widths=[7.0, 2.6, 4.4, 2.0]))
    blocks.append(Block("heading", "3. " + word("reach heading", lang)))
    blocks.append(Block("table", header=[word("indicator", lang), word("target value", lang), word("what reaches it", lang)],
                        rows=reach_rows(reading, year), widths=[5.6, 2.6, 7.8]))
    blocks += [Block("paragraph", text) for text in reach_summary(reading, year)]
    blocks.append(Block("heading", "4. " + word("recommendations", lang)))
    blocks += [Block("bullet", text) for text in recommendations(reading, year, start)]
    blocks.append(Block("heading", "5. " + word("method heading", lang)))
    blocks += [Block("paragraph", text) for text in method_paragraphs(members, start, year, outside, lang)]
    documents, marks = citations(targets, scenarios, titles, lang)
    blocks.append(Block("heading", word("sources", lang)))
    blocks.append(Block("note", "\n".join(f"[{i}] {document}" for i, document in enumerate(documents, start=1))))
    blocks.append(Block("signature", word("signature", lang)))
    blocks += annex_blocks(reading, targets, card, scenarios, figures, meta, year, members, lang, marks)
    return blocks


def citations(targets, scenarios, titles, lang: str) -> tuple[list[str], dict[str, str]]:
    """The documents cited, numbered in order, and each target's and scenario's marks ('[1, 2]')."""
    documents: list[str] = []
    marks = {}
    for key, source in [(t.id, t.source) for t in targets] + [(s.name, s.source) for s in scenarios]:
        found = []
        for document in cited(source, titles, lang):
            if document not in documents:
                documents.append(document)
            found.append(str(documents.index(document) + 1))
        marks[key] = f" [{', '.join(found)}]" if found else ""
    return documents, marks


def _cell(score, lang: str, compact: bool = False) -> str:
    """'43,5 ✗' and under it (beside it, with many targets) the probability of meeting the target."""
    if score.met is None:
        return "–"
    cell = f"{number(score.value, lang)} {'✓' if score.met else '✗'}"
    if score.probability is not None:
        cell += (" " if compact else "\n") + percent(score.probability, lang)
    return cell


def first_sentence(text: str) -> str:
    """A description's first sentence: the annex says what a scenario does, the YAML file the rest."""
    head = re.split(r"(?<=[.;])\s", " ".join(text.split()), maxsplit=1)[0]
    return head if head.endswith((".", ";")) else head + "."


def annex_blocks(reading: Reading, targets, card, scenarios, figures, meta, year: int, members: int, lang: str,
                 marks: dict[str, str]) -> list[Block]:
    names = [s.name for s in scenarios]
    rest = max(1, len(names))
    blocks = [Block("pagebreak"), Block("title", word("annex", lang)),
              Block("heading", word("scorecard", lang, year=year)),
              Block("table", header=[word("indicator", lang), word("target value", lang)]
                    + [reading.tag[n] for n in names],  # named in C below and in the brief's table
                    rows=[[reading.name(t, year) + marks[t.id], _bound(t, lang)]
                          + [_cell(card[t.id][n], lang, reading.compact) for n in names]
                          for t in targets],
                    met=[[None, None] + [card[t.id][n].met for n in names] for t in targets],
                    widths=[4.8, 3.8] + [7.4 / rest] * rest, size=9 if reading.compact else None),
              Block("small", word("legend", lang, n=number(members, lang, 0)) if members
                    else word("legend central", lang))]
    if "cost-effect" in figures:
        blocks.append(Block("heading", word("cost effect heading", lang)))
        blocks.append(Block("figure", path=figures["cost-effect"],
                            alt=word("cost effect alt", lang, title=targets[0].title[lang], year=year)))
    if not reading.compact:  # with many targets the brief's own table names the scenarios
        blocks.append(Block("heading", word("scenarios", lang)))
        blocks.append(Block("small", "\n".join(f"{reading.tag[s.name]}. {s.label(lang)}: "
                                               f"{first_sentence(s.describe(lang))}{marks[s.name]}" for s in scenarios)))
    blocks.append(Block("heading", word("provenance", lang)))
    blocks.append(Block("small", "\n".join([
        f"{word('date', lang)}: {meta['date'][:16].replace('T', ' ')}; {word('version', lang)}: {meta['version']}; "
        f"{meta['model']} (sha256 {meta['model_sha256']}); "
        f"{word('parameter set', lang)}: {meta['parameter_set']}, {word('calibrated on', lang)}",
        f"{word('command', lang)}: {meta['command']}",
    ])))
    letters = iter("ABCDEFGH")  # the annex's parts lettered in order
    return [Block("heading", f"{next(letters)}. {b.text}") if b.kind == "heading" else b for b in blocks]
