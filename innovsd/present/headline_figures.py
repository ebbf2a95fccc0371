"""The two charts that carry a brief's finding: each scenario's value in the scorecard year, with its
5–95 % whisker, against every target band of an indicator, and the change from the baseline; and
what each scenario costs against what it moves.

They read the scorecard (target id -> scenario -> Score, or dicts with the same fields) and the
costs per scenario; nothing is computed here but positions."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Mapping, Sequence

from innovsd.present import citations, figures
from innovsd.present.brief_reading import headline_targets
from innovsd.present.render import DEFAULT_FORMATS
from innovsd.present.labels import target_text, unit
from innovsd.present.words import number, percent, signed, spaced, word

NBSP = "\u00a0"
TARGET_COLOUR = "#2ca02c"
TARGET_TEXT = "#1d6b1d"
TAG_OFFSETS = ((4, 4), (4, -4), (-4, 12), (-4, -12))  # points: a tag's place beside its dot, in turn


def _get(score, field: str):
    return score.get(field) if isinstance(score, Mapping) else getattr(score, field, None)


def _measure_unit(target, lang: str) -> str:
    return word("percent per year", lang) if target.kind == "growth" else unit(target.indicator, lang)


def headline_title(targets: Sequence, card: Mapping, names: Sequence[str], labels: Mapping[str, str], year: int,
                   lang: str) -> str:
    """The finding in a line: the best scenario's value against the lowest target bound."""
    shown = headline_targets(targets)
    first = shown[0]
    row = card[first.id]
    defined = [n for n in names if _get(row[n], "met") is not None]
    if not defined:
        return word("headline none defined", lang, title=first.title[lang])
    best = max(defined, key=lambda n: _get(row[n], "value"))
    lowest = min(shown, key=lambda t: t.low)
    value = f"{number(_get(row[best], 'value'), lang)}\u00a0{_measure_unit(first, lang)}"
    if any(_get(card[t.id][n], "met") for t in shown for n in names):
        return word("headline chart met", lang, scenario=labels[best], value=value, year=year,
                    target=target_text(lowest, lang))
    return word("headline chart short", lang, value=value, year=year, target=target_text(lowest, lang))


LABEL_CHARS = 40  # a scenario's label wraps here; rows grow with their lines so labels never touch


def _row_label(text: str) -> str:
    return textwrap.fill(spaced(text), LABEL_CHARS)


def headline_figure(targets: Sequence, card: Mapping, scenarios: Sequence, colours: Mapping[str, str], year: int,
                    lang: str, folder: Path | None = None, formats=DEFAULT_FORMATS,
                    shown_as: Mapping[str, str] | None = None, stem: str = "headline"):
    """One row per scenario: its value (dot) and 5–95 % whisker in ``year`` on the headline
    indicator, every target band of that indicator shaded, the change from the baseline written
    at the right; ``shown_as``: scenario -> its label as the brief's tables give it ('S3. ...')."""
    shown = headline_targets(targets)
    names = [s.name for s in scenarios]
    labels = {s.name: s.label(lang) for s in scenarios}
    tagged = {n: _row_label(shown_as[n] if shown_as and n in shown_as else labels[n]) for n in names}
    lines = [tagged[n].count("\n") + 1 for n in names]
    # Each row as tall as its label: the label's lines, and a gap.
    heights = [0.15 * k + 0.08 for k in lines]
    centres, top = [], 0.0
    for h in reversed(heights):  # the first scenario at the top
        centres.append(top + h / 2)
        top += h
    centres = list(reversed(centres))
    first = shown[0]
    row = card[first.id]
    step = 0.2  # inches per target label line above the rows
    plot_in = top + 0.06 + step * len(shown)  # one data unit of y is one inch
    fig, axes = figures.figure(1, 1, height_per_row=plot_in)
    ax = axes[0, 0]
    values = []
    for name, y in zip(names, centres):
        score = row[name]
        value, band = _get(score, "value"), _get(score, "band")
        if band:
            ax.plot(band, [y, y], color=colours[name], lw=2.2, solid_capstyle="butt", zorder=3)
            values += list(band)
        ax.plot([value], [y], "o", color=colours[name], ms=6, zorder=4, markeredgecolor="white")
        values.append(value)
        change = _get(score, "vs_baseline")
        if name != "baseline" and change is not None:
            points = f"{signed(change, lang)}\u00a0{word('points short', lang)}" if first.unit.startswith("percent") \
                else signed(change, lang)
            note = ax.annotate(word("change points", lang, value=points), (1.0, y),
                               xycoords=("axes fraction", "data"), xytext=(6, 0), textcoords="offset points",
                               va="center", fontsize=figures.SMALLEST_PT)
            note.set_in_layout(False)  # in the margin kept free for it (rect below)
    bounds = [t.low for t in shown] + [t.high for t in shown if t.high is not None]
    left = min(0.0, min(values) - 2)
    right = max(max(values), max(bounds)) * 1.06
    # Each target's band, its label above the rows, one label line per target so none overlap.
    for k, target in enumerate(shown):
        high = target.high if target.high is not None else right
        ax.axvspan(target.low, high, color=TARGET_COLOUR, alpha=0.12 + 0.06 * k, lw=0, zorder=0)
        # A band in the right quarter is labelled leftwards from its upper edge: inside the axes.
        near_edge = target.low > left + 0.75 * (right - left)
        ax.text(high if near_edge else target.low, top + 0.04 + step * k,
                target_text(target, lang) + " " if near_edge else " " + target_text(target, lang),
                fontsize=figures.SMALLEST_PT, color=TARGET_TEXT, va="bottom", ha="right" if near_edge else "left")
    ax.set_xlim(left, right)
    ax.set_ylim(0, plot_in)
    ax.set_yticks(centres)
    ax.set_yticklabels([tagged[n] for n in names], fontsize=figures.SMALLEST_PT)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel(textwrap.fill(f"{first.title[lang]}, {year} ({_measure_unit(first, lang)})", 70),
                  fontsize=figures.SMALLEST_PT + 0.5)
    heading = textwrap.fill(headline_title(targets, card, names, labels, year, lang), 90)
    fig.suptitle(heading, x=0.01, y=0.995, ha="left", va="top", fontsize=9.5, fontweight="bold")
    # Laid out in inches: title, the rows at one inch per data unit, the axis label, the footer.
    title_in = 0.1 + 0.17 * (heading.count("\n") + 1)
    axis_in = 0.45 + 0.15 * ax.get_xlabel().count("\n")
    footer_in = figures.footer(fig, lang, _sources(shown, lang), word("headline note", lang)) * fig.get_figheight()
    height = title_in + plot_in + axis_in + footer_in
    fig.set_figheight(height)
    renderer = fig.canvas.get_renderer()  # the labels' drawn width decides the left margin
    widest = max(label.get_window_extent(renderer).width for label in ax.get_yticklabels()) / fig.dpi
    fig.subplots_adjust(left=(widest + 0.15) / fig.get_figwidth(), right=0.74, bottom=(footer_in + axis_in) / height,
                        top=1 - title_in / height)
    if folder is None:
        return fig
    return figures.save(fig, folder, stem, formats)


def cost_effect_figure(targets: Sequence, card: Mapping, scenarios: Sequence, colours: Mapping[str, str],
                       facts, year: int, lang: str, folder: Path | None = None,
                       formats=DEFAULT_FORMATS, tags: Mapping[str, str] | None = None, stem: str = "cost-effect"):
    """The present value of the city's extra cost (x, scenarios/costs.py; a log scale when the costs
    span more than two orders) against the change from the baseline on the headline indicator (y),
    one point per costed scenario tagged as the brief's tables tag it; the legend under the plot
    names each with its points per 1,000 bn VND. ``facts``: brief_reading.Facts; ``tags``: scenario ->
    its tag in the brief ('S7, S8' for twin mixes shown once; a scenario not in it is left out)."""
    from .brief_reading import short_label  # the brief reads this module's targets: imported here, not above

    first = headline_targets(targets)[0]
    row = card[first.id]
    points = word("points short", lang) if _measure_unit(first, lang).startswith("%") else _measure_unit(first, lang)
    entries = []
    for i, s in enumerate(scenarios, start=1):
        change, cost = _get(row[s.name], "vs_baseline"), facts.pv.get(s.name, 0.0)
        if change is None or s.name in facts.uncosted or cost <= 0.5 or (tags is not None and s.name not in tags):
            continue
        tag = tags[s.name] if tags is not None else word("scenario tag", lang, i=i)
        rate = f"{signed(1000 * change / cost, lang, 3)}{NBSP}{points}"
        entries.append((tag, s, change, cost, textwrap.fill(f"{tag}. {spaced(short_label(s.label(lang)))}: "
                                                            f"{word('per thousand', lang, value=rate)}", 46)))
    lines = [e[4].count("\n") + 1 for e in entries]
    rows = (len(lines) + 1) // 2
    legend_in = sum(max(lines[r], lines[r + rows] if r + rows < len(lines) else 0) * 0.14 + 0.06
                    for r in range(rows))
    fig, axes = figures.figure(1, 1, height_per_row=2.8)
    fig.set_figheight(fig.get_figheight() + legend_in + 0.5)
    ax = axes[0, 0]
    handles = []
    costs = [e[3] for e in entries]
    if costs and max(costs) / min(costs) > 100:
        from matplotlib.ticker import FuncFormatter

        ax.set_xscale("log")  # ticks as plain numbers: the figures do not parse mathtext
        ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: number(x, lang, 0)))
        ax.xaxis.set_minor_formatter(FuncFormatter(lambda x, _: ""))
    rank = {e[0]: k for k, e in enumerate(sorted(entries, key=lambda e: e[3]))}
    for tag, s, change, cost, label in entries:
        handles += ax.plot([cost], [change], "o", color=colours[s.name], ms=7, zorder=4, markeredgecolor="white",
                           label=label)
        # Neighbours along the cost axis take the four corners in turn, so their tags do not overprint.
        dx, dy = TAG_OFFSETS[rank[tag] % len(TAG_OFFSETS)]
        ax.annotate(tag, (cost, change), xytext=(dx, dy), textcoords="offset points", fontsize=figures.SMALLEST_PT,
                    va="bottom" if dy > 0 else "top", ha="left" if dx > 0 else "right")
    ax.axhline(0, color="#999999", lw=0.8)
    low, high = ax.get_ylim()
    ax.set_ylim(min(low, -0.1 * abs(high)), high + 0.12 * (high - low))
    ax.set_xlabel(textwrap.fill(word("cost pv axis", lang, first=facts.cost_from, last=facts.cost_to,
                                     price=facts.price_year, rate=percent(facts.rate, lang)), 80))
    ax.set_ylabel(textwrap.fill(word("change axis", lang, unit=points), 24))
    heading = textwrap.fill(word("cost effect title", lang, title=first.title[lang], year=year), 80)
    fig.suptitle(heading, x=0.01, ha="left", fontsize=9.5, fontweight="bold")
    share = figures.footer(fig, lang, _sources([first], lang), word("cost effect note", lang))
    fig.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, share), ncol=2, frameon=False)
    top = 1 - (0.08 + 0.17 * heading.count("\n")) / fig.get_figheight()
    figures.tight_layout(fig, (0, share + legend_in / fig.get_figheight() + 0.01, 1, top))
    if folder is None:
        return fig
    return figures.save(fig, folder, stem, formats)


def _sources(targets: Sequence, lang: str) -> str:
    return citations.short_citations([t.source for t in targets], lang)
