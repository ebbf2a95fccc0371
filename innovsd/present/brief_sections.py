"""The sentences and tables of the brief's two pages, each written from the numbers: the finding, what
each scenario achieves and costs, what reaches each target (or what it would take), the verdict under
each competing structure, the recommendations, and method and limits."""

from __future__ import annotations

import re

from .brief_reading import Block, Reading, amount, band, bound, change
from .labels import title
from .words import joined, number, percent, word

SURE = 0.9  # a target met in fewer of the parameter sets than this is called uncertain
LISTED = 8  # more targets met by no scenario than this are counted, not named (the annex names them)
NAMED = 3  # a recommendation names at most this many targets; more are counted (the annex names them)
GROWTH = "GRDP"  # the indicator whose growth target shows what a lower investment ratio costs


def _plan(target, lang: str) -> str:
    """Which plan a target comes from: the last parenthesis of its title ('2026-2030 plan')."""
    found = re.search(r"\(([^()]*)\)\s*$", target.title[lang])
    return found.group(1) if found else target.title[lang]


def _indicator(reading: Reading) -> str:
    """The headline indicator's name inside a sentence: 'the TFP share ...', 'tỷ trọng ...'."""
    named = title(reading.headline[0].indicator, reading.lang)
    return named[:1].lower() + named[1:] if named[1:2].islower() else named


def _targets_text(reading: Reading) -> str:
    """'57 % (2026-2030 plan) or 62–65 % (Action Programme 89-CTr/TU)'."""
    lang = reading.lang
    return word("or", lang).join(f"{bound(t, lang)} ({_plan(t, lang)})" for t in reading.headline)


def headline(reading: Reading, year: int) -> str:
    """The finding in one sentence, with its number and its 5–95 % range."""
    lang, first = reading.lang, reading.headline[0]
    row = reading.card[first.id]
    best = reading.best(first)
    if best is None:
        return word("headline none defined", lang, title=first.title[lang])
    meeting = [n for n in reading.meeting(first) if n not in reading.facts.uncosted]
    name = meeting[0] if meeting else best
    score, baseline = row[name], row.get("baseline")
    values = dict(title=_indicator(reading), value=amount(score.value, first, lang), band=band(score, lang),
                  year=year, scenario=reading.label[name], targets=_targets_text(reading),
                  baseline=amount(baseline.value, first, lang) if baseline else "–")
    if meeting:
        return word("finding met", lang, target=bound(first, lang), p=reading.probability(score), **values)
    return word("finding none", lang, **values)


def _value_cell(score, target, lang: str, baseline: bool) -> str:
    """'40,5 (+0,3)': the value and its change (the chart above gives its range)."""
    if baseline or score.vs_baseline is None:
        return number(score.value, lang)
    return f"{number(score.value, lang)} ({change(score.vs_baseline, target, lang, short_form=True)})"


def scenario_table(reading: Reading, year: int) -> Block:
    """Per scenario the two pages show: its tag and title, cost (sum and present value), the headline
    value with its range and change, and TFP growth."""
    lang, first = reading.lang, reading.headline[0]
    f = reading.facts
    rows = []
    for name in reading.main():
        score = reading.card[first.id][name]
        if name == "baseline":
            cost = "0"
        elif name in f.uncosted:
            cost = word("private money", lang)
        else:
            cost = f"{reading.cost(name)} ({number(reading.pv(name), lang, 0)})"
        growth = number(score.tfp_growth, lang, 2) if score.tfp_growth is not None else "–"
        rows.append([f"{reading.tags(name)}. {reading.label[name]}", cost, _value_cell(score, first, lang, name == "baseline"),
                     growth])
    header = [word("scenario", lang), word("cost column", lang, first=f.cost_from, last=f.cost_to, price=f.price_year),
              word("share column", lang, year=year), word("growth column", lang, year=year)]
    return Block("table", header=header, rows=rows, widths=[6.6, 3.6, 3.4, 2.4])


def left_out(reading: Reading) -> str:
    """The scenarios computed but not on the two pages, by their tags (the annex names them)."""
    shown = set(reading.main())
    rest = [reading.tag[n] for n in reading.names if n not in shown and reading.same_as(n) is None]
    return word("left out", reading.lang, scenarios=", ".join(rest)) if rest else ""


def _growth_target(reading: Reading):
    return next((t for t in reading.targets if t.indicator == GROWTH and t.kind == "growth"), None)


def trap(reading: Reading) -> str:
    """A scenario whose money is not the city's that raises the TFP share while TFP growth falls."""
    lang, first = reading.lang, reading.headline[0]
    row = reading.card[first.id]
    base = row.get("baseline")
    if base is None or base.tfp_growth is None:
        return ""
    gaming = [n for n in reading.facts.uncosted if (row[n].vs_baseline or 0) > 0
              and row[n].tfp_growth is not None and row[n].tfp_growth < base.tfp_growth]
    if not gaming:
        return ""
    name = max(gaming, key=lambda n: row[n].value)
    growth = _growth_target(reading)
    grdp = ""
    if growth is not None:
        g = reading.card[growth.id]
        grdp = word("trap grdp", lang, value=amount(g[name].value, growth, lang),
                    base=amount(g["baseline"].value, growth, lang))
    per_year = word("percent per year", lang)
    return word("trap", lang, scenario=reading.label[name], value=amount(row[name].value, first, lang),
                growth=f"{number(row[name].tfp_growth, lang, 2)}\u00a0{per_year}",
                base=f"{number(base.tfp_growth, lang, 2)}\u00a0{per_year}", grdp=grdp)


def _rate(score, lang: str) -> str:
    """A score's TFP growth with its unit: '3,65 %/năm'."""
    if score is None or score.tfp_growth is None:
        return "–"
    return f"{number(score.tfp_growth, lang, 2)}\u00a0{word('percent per year', lang)}"


def reach_sentences(reading: Reading, year: int) -> list[str]:
    """Per headline target: who reaches it and at what cost, or the TFP growth it needs against what
    the baseline and the strongest mix give; then the strongest mix's cost and the levers at their top."""
    lang = reading.lang
    out = []
    best = reading.best(reading.headline[0])
    per_year = word("percent per year", lang)
    needs = []
    for target in reading.headline:
        row = reading.card[target.id]
        meeting = [n for n in reading.meeting(target) if n not in reading.facts.uncosted]
        named = f"{bound(target, lang)} ({_plan(target, lang)})"
        if meeting:
            out.append(word("reach met", lang, target=named, scenario=reading.label[meeting[0]],
                            cost=reading.costs_text(meeting[0]), p=reading.probability(row[meeting[0]])))
            continue
        need = row[best].required_tfp_growth if best else None
        if need is None:
            out.append(word("reach none", lang, target=named))
        else:  # every target out of reach is said in one sentence below
            needs.append(f"{number(need[0], lang, 2)}–{number(need[1], lang, 2)}\u00a0{per_year} ({bound(target, lang)})")
    if needs:
        row = reading.card[reading.headline[0].id]
        growth = _growth_target(reading)
        out.append(word("reach needs", lang, n=len(needs), needs=joined(needs, lang), base=_rate(row.get("baseline"), lang),
                        best=_rate(row[best], lang), grdp=bound(growth, lang).split(" (")[0] if growth else "–"))
    if best is not None and best != "baseline":
        levers = reading.facts.bounds.get(best, [])
        out.append(word("strongest mix", lang, scenario=reading.label[best],
                        value=amount(reading.card[reading.headline[0].id][best].value, reading.headline[0], lang),
                        cost=reading.costs_text(best))
                   + (" " + word("at bounds", lang, levers=joined(levers, lang)) if levers else ""))
    return out


def structure_sentence(reading: Reading) -> str:
    """The finding under each competing structure, in one sentence with each structure's value and
    5–95 % range, and the best chance any of them gives."""
    lang, verdicts = reading.lang, reading.facts.verdicts
    first = reading.headline[0]
    if not verdicts or reading.best(first) is None:
        return ""
    values = joined([word("structure value", lang, value=amount(v.best, first, lang), structure=v.title[lang],
                          range=f" ({number(v.band[0], lang)}–{number(v.band[1], lang)})" if v.band else "")
                     for v in verdicts.values()], lang)
    reached = [v.title[lang] for v in verdicts.values() if v.best >= first.low]
    if not reached:
        chances = [v.probability for v in verdicts.values() if v.probability is not None]
        return word("structures hold", lang, target=bound(first, lang), values=values,
                    p=_chance(max(chances), lang) if chances else "–")
    return word("structures differ", lang, names=joined(reached, lang), target=bound(first, lang), values=values)


def _chance(p: float, lang: str) -> str:
    """A probability as a percentage; one that rounds to nothing is said to be under 1 %."""
    return percent(p, lang) if p >= 0.01 else word("under one percent", lang)


def recommendations(reading: Reading, year: int, start: int) -> list[str]:
    """What follows from the numbers: the TFP targets' outlook, the best value for money, what to
    monitor, the package that meets the most targets, and which of its results are uncertain."""
    lang = reading.lang
    first = reading.headline[0]
    row = reading.card[first.id]
    out = []
    best = reading.best(first)
    if best is not None and not [n for n in reading.meeting(first) if n not in reading.facts.uncosted]:
        out.append(word("rec outside levers", lang, target=bound(first, lang), change=change(
            row[best].vs_baseline or 0.0, first, lang).lstrip("+"), gap=change(first.low - row[best].value, first, lang)
            .lstrip("+")))
    costed = [n for n in reading.others if n not in reading.facts.uncosted and reading.pv(n) > 0.5
              and (row[n].vs_baseline or 0) > 0]
    if costed:
        efficient = max(costed, key=lambda n: row[n].vs_baseline / reading.pv(n))
        rate = number(1000 * row[efficient].vs_baseline / reading.pv(efficient), lang, 2)
        out.append(word("rec value for money", lang, scenario=reading.label[efficient],
                        rate=f"{rate}\u00a0{word('points short', lang)}"))
    if trap(reading):
        out.append(word("rec monitor growth", lang))
    baseline_met = {t.id for t in reading.met_by("baseline")} if "baseline" in reading.names else set()
    # The strongest mix is described with its cost above; the package advised is another scenario.
    gains = {n: [t for t in reading.met_by(n) if t.id not in baseline_met] for n in reading.others
             if n not in reading.facts.uncosted and n != best and reading.same_as(n) != best}
    if any(gains.values()) and not reading.compact:  # with many targets the annex lists what each scenario gains
        package = max(gains, key=lambda n: (len(gains[n]), -reading.pv(n)))
        named = gains[package]
        out.append(word("rec package", lang, scenario=reading.label[package], k=len(named),
                        targets=joined([t.title[lang] for t in named], lang) if len(named) <= NAMED
                        else word("see annex", lang), cost=reading.costs_text(package)))
        unsure = [t.title[lang] for t in gains[package]
                  if reading.card[t.id][package].probability is not None
                  and reading.card[t.id][package].probability < SURE]
        if unsure:
            out.append(word("rec uncertain", lang, targets=joined(unsure, lang), share=percent(SURE, lang)))
    return out


def method_paragraphs(reading: Reading, members: int, year: int, outside: int) -> list[str]:
    lang, f = reading.lang, reading.facts
    method = word("method text", lang, n=number(members, lang, 0)) if members else word("method text central", lang)
    costs = word("costs text", lang, first=f.cost_from, last=f.cost_to, price=f.price_year,
                 rate=percent(f.rate, lang), source=f.rate_source.split(")")[0] + ")" if ")" in f.rate_source
                 else f.rate_source)
    limits = [costs, word("limits text", lang)]
    if outside:
        limits.append(word("outside text", lang, k=outside))
    return [" ".join([method, word("boundary text", lang)] + limits)]


def other_targets(reading: Reading, year: int) -> list[str]:
    """With many targets, one sentence each: those the scenarios change, those met under current
    trends, and how many no scenario meets (the annex gives every value)."""
    lang = reading.lang
    rest = [t for t in reading.targets if t not in reading.headline]
    base = {t.id for t in rest if reading.card[t.id].get("baseline") and reading.card[t.id]["baseline"].met}
    changed = []
    for t in rest:
        if t.id in base:
            continue
        meeting = [n for n in reading.meeting(t) if n not in reading.facts.uncosted]
        if meeting:
            changed.append(word("changed target", lang, target=t.title[lang], scenario=reading.tag[meeting[0]],
                                p=reading.probability(reading.card[t.id][meeting[0]])))
    nobody = [t for t in rest if t.id not in base and not any(reading.card[t.id][n].met for n in reading.names)]
    out = []
    if changed:
        out.append(word("summary changed", lang, targets="; ".join(changed)))
    if base:
        out.append(word("summary trends", lang, k=len(base),
                        targets="; ".join(t.title[lang] for t in rest if t.id in base)))
    if len(nobody) > LISTED:
        out.append(word("summary nobody many", lang, k=len(nobody)))
    elif nobody:
        out.append(word("summary nobody", lang, k=len(nobody), targets="; ".join(t.title[lang] for t in nobody)))
    return out
