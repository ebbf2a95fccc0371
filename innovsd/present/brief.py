"""The decision brief's content, written from a comparison's results: the finding with its number
and uncertainty, what each scenario achieves and costs, what reaches each target, recommendations
that follow from those numbers, method and limits, then an annex (scorecard, cost against effect,
scenarios, sources, provenance). Rendered to Word and PDF by ``brief_docx``.

``targets`` are Target records (id, indicator, kind, low, high, year, start, title, source,
section, and a date when the record has one); ``card``, ``scenarios``: as brief_reading reads them;
``facts``: the costs (scenarios/costs.py), levers and structures' verdicts (brief_reading.Facts)."""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path
from typing import Mapping, Sequence

from innovsd.resources import data_file

from .brief_reading import Block, Facts, Reading, bound, change  # noqa: F401 - Block: the brief's API
from . import brief_sections as sections
from .words import number, percent, word

DOCUMENTS = data_file("innovsd.present", "documents.csv")
COSTS = data_file("innovsd.present", "costs.csv")
METHOD_PT = 10.5  # method and limits in smaller type than the findings, as a note
TEXT_CM, TARGET_CM, SCENARIO_CM = 16.0, 3.6, 2.1  # the annex scorecard's widths
ANNEX_COLUMNS = 5  # scenarios per scorecard table in the annex: a value, its mark and probability on one line
MIN_POINTS = 3  # the cost-effect chart needs at least this many costed scenarios to show more than the table
FILE_CODE = re.compile(r"\d{3}_[0-9a-f]{16}\.txt")


@lru_cache(maxsize=4)  # read for every target of a workbook and every figure's footer
def document_titles(path: Path = DOCUMENTS) -> dict[str, dict[str, str]]:
    with Path(path).open(encoding="utf-8", newline="") as handle:
        return {row["code"]: {"en": row["title_en"], "vi": row["title_vi"]} for row in csv.DictReader(handle)}


PRICE_LEVEL = "price level"  # the model's deflator: a cost at 2013 prices times it is at current prices
AT_2013_PRICES = "spending at 2013 prices"


def cost_items(path: Path = COSTS) -> list[dict[str, str]]:
    """What the explorer counts as a setting's cost (present/costs.csv): the model's total city cost,
    the variable scenarios/costs.py appraises for the brief, the workbook and compare."""
    with Path(path).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def cost_variables(items: list[dict[str, str]]) -> list[str]:
    """The series the items' costs are summed from: each flow, and the price level when one is at 2013 prices."""
    flows = [item["name"] for item in items if item["kind"] != "constant"]
    return flows + ([PRICE_LEVEL] if any(item["kind"] == AT_2013_PRICES for item in items) else [])


def cited(source: str, titles: Mapping[str, dict[str, str]], lang: str) -> list[str]:
    """Document titles for every file code a source text cites, in order; without a file code, the
    titles of the references it names in words (a law, a resolution), else the text as written
    (a URL, a data file)."""
    from .citations import named_references

    codes = list(dict.fromkeys(FILE_CODE.findall(source))) or named_references(source, titles)
    if not codes:
        return [source.strip()] if source.strip() else []
    return [titles[c][lang] if c in titles else c for c in codes]


def brief_blocks(targets: Sequence, card: Mapping, scenarios: Sequence, facts: Facts,
                 figures: Mapping[str, Path], meta: Mapping[str, str], year: int, start: int, members: int,
                 outside: int, lang: str, titles: Mapping[str, dict[str, str]] | None = None) -> list[Block]:
    """The brief: two pages of findings, then the annex. ``figures``: headline and cost-effect PNGs."""
    titles = titles if titles is not None else document_titles()
    reading = Reading(targets, card, scenarios, facts, lang)
    first = reading.headline[0]
    blocks = [Block("masthead", meta["date_line"]),
              Block("title", word("document type", lang) + "\n" + word("brief title", lang, year=year))]
    blocks += [Block("heading", "1. " + word("finding heading", lang)), Block("paragraph", sections.headline(reading, year))]
    if "headline" in figures:  # its title states the finding: no caption repeats it
        blocks.append(Block("figure", path=figures["headline"], alt=word("headline alt", lang, title=first.title[lang],
                                                                         year=year)))
    blocks.append(Block("heading", "2. " + word("scenarios heading", lang)))
    blocks.append(sections.scenario_table(reading, year))
    blocks += [Block("small", text) for text in (sections.left_out(reading), sections.trap(reading)) if text]
    blocks.append(Block("heading", "3. " + word("reach heading", lang)))
    blocks += [Block("bullet", text) for text in sections.reach_sentences(reading, year)]
    structures = sections.structure_sentence(reading)
    number = 4
    if structures:
        blocks += [Block("heading", f"{number}. " + word("structures heading", lang)), Block("paragraph", structures)]
        number += 1
    blocks.append(Block("heading", f"{number}. " + word("recommendations", lang)))
    blocks += [Block("bullet", text) for text in sections.recommendations(reading, year, start)]
    blocks.append(Block("heading", f"{number + 1}. " + word("method heading", lang)))
    blocks += [Block("paragraph", text, size=METHOD_PT) for text in sections.method_paragraphs(reading, members, year,
                                                                                               outside)]
    blocks.append(Block("signature", word("signature", lang)))
    blocks += annex_blocks(reading, targets, card, scenarios, figures, meta, year, members, lang, titles)
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


def _annex_widths(columns: int) -> list[float]:
    """Indicator, target, then each scenario's column (cm): a scenario's cell needs about 2.1 cm for
    '40,2 ✗ 100 %' on one line; what is left goes to the indicator's name."""
    indicator = max(4.4, TEXT_CM - TARGET_CM - SCENARIO_CM * columns)
    return [indicator, TARGET_CM] + [(TEXT_CM - TARGET_CM - indicator) / columns] * columns


def _spent(reading: Reading, name: str) -> str:
    """' – cost 9,000 bn VND (present value 7,721); TFP share +0.3 pp': every scenario's cost and
    effect, the two pages showing only some of them."""
    first = reading.headline[0]
    score = reading.card[first.id][name]
    if name == "baseline" or score.vs_baseline is None:
        return ""
    cost = word("private money", reading.lang) if name in reading.facts.uncosted else reading.costs_text(name)
    return word("annex cost", reading.lang, cost=cost, change=change(score.vs_baseline, first, reading.lang, True))


def first_sentence(text: str) -> str:
    """A description's first sentence: the annex says what a scenario does, the YAML file the rest."""
    head = re.split(r"(?<=[.;])\s", " ".join(text.split()), maxsplit=1)[0]
    return head if head.endswith((".", ";")) else head + "."


def annex_blocks(reading: Reading, targets, card, scenarios, figures, meta, year: int, members: int, lang: str,
                 titles: Mapping[str, dict[str, str]]) -> list[Block]:
    documents, marks = citations(targets, scenarios, titles, lang)
    if reading.facts.rate_source and reading.facts.rate_source not in documents:  # the discount rate's source
        documents.append(reading.facts.rate_source)
    names = [s.name for s in scenarios]
    blocks = [Block("pagebreak"), Block("title", word("annex", lang)), Block("heading", word("scorecard", lang, year=year))]
    for part in range(0, len(names), ANNEX_COLUMNS):  # a table per five scenarios keeps each column readable
        shown = names[part:part + ANNEX_COLUMNS]
        blocks.append(Block("table", header=[word("indicator", lang), word("target value", lang)]
                            + [reading.tag[n] for n in shown],  # named in C below and in the brief's table
                            rows=[[reading.name(t, year) + marks[t.id], bound(t, lang)]
                                  + [_cell(card[t.id][n], lang, reading.compact) for n in shown] for t in targets],
                            met=[[None, None] + [card[t.id][n].met for n in shown] for t in targets],
                            widths=_annex_widths(len(shown)), size=8.5 if reading.compact else None))
    blocks.append(Block("small", word("legend", lang, n=number(members, lang, 0)) if members
                        else word("legend central", lang)))
    blocks += [Block("small", text) for text in sections.other_targets(reading, year)]
    costed = [n for n in reading.others if n not in reading.facts.uncosted and reading.pv(n) > 0.5]
    if "cost-effect" in figures and len(costed) >= MIN_POINTS:  # fewer points: the brief's table says it all
        blocks.append(Block("heading", word("cost effect heading", lang)))
        blocks.append(Block("figure", path=figures["cost-effect"],
                            alt=word("cost effect alt", lang, title=targets[0].title[lang], year=year)))
    blocks.append(Block("heading", word("scenarios", lang)))
    blocks.append(Block("small", "\n".join(
        f"{reading.tag[s.name]}. {s.label(lang)}" + ("" if reading.compact else f": {first_sentence(s.describe(lang))}")
        + marks[s.name] + _spent(reading, s.name) for s in scenarios)))
    blocks.append(Block("heading", word("sources", lang)))
    blocks.append(Block("small", "\n".join(f"[{i}] {document}" for i, document in enumerate(documents, start=1))))
    blocks.append(Block("heading", word("provenance", lang)))
    blocks.append(Block("small", f"{word('command', lang)}: {meta['command']}; "  # one paragraph, the command first
                        f"{word('date', lang)}: {meta['date'][:16].replace('T', ' ')}; {word('version', lang)}: "
                        f"{meta['version']}; {meta['model']} (sha256 {meta['model_sha256']}); "
                        f"{word('parameter set', lang)}: {meta['parameter_set']}, {word('calibrated on', lang)}"))
    letters = iter("ABCDEFGH")  # the annex's parts lettered in order
    return [Block("heading", f"{next(letters)}. {b.text}") if b.kind == "heading" else b for b in blocks]
