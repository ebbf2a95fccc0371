"""The two charts that carry a brief's finding: each scenario's value in the scorecard year, with its
5–95 % whisker, against every target band of an indicator, and the change from the baseline; and
what each scenario costs against what it moves.

They read the scorecard (target id -> scenario -> Score, or dicts with the same fields) and the
costs per scenario; nothing is computed here but positions."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Mapping, Sequence

from innovsd.present import figures
from innovsd.present.render import DEFAULT_FORMATS
from innovsd.present.labels import target_text, unit
from innovsd.present.words import number, signed, spaced, word

NBSP = "\u00a0"
TARGET_COLOUR = "#2ca02c"
TARGET_TEXT = "#1d6b1d"


def _get(score, field: str):
    return score.get(field) if isinstance(score, Mapping) else getattr(score, field, None)


def _measure_unit(target, lang: str) -> str:
    return word("percent per year", lang) if target.kind == "growth" else unit(target.indicator, lang)


def headline_targets(targets: Sequence) -> list:
    """The targets on the headline target's indicator (both TFP-share targets, say)."""
    return [t for t in targets if t.indicator == targets[0].indicator and t.kind == targets[0].kind]


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


def headline_figure(targets: Sequence, card: Mapping, scenarios: Sequence, colours: Mapping[str, str], year: int,
                    lang: str, folder: Path | None = None, formats=DEFAULT_FORMATS, stem: str = "headline"):
    """One row per scenario: its value (dot) and 5–95 % whisker in ``year`` on the headline
    indicator, every target band of that indicator shaded, the change from the baseline written
    at the right."""
    shown = headline_targets(targets)
    names = [s.name for s in scenarios]
    labels = {s.name: s.label(lang) for s in scenarios}
    first = shown[0]
    row = card[first.id]
    fig, axes = figures.figure(1, 1, height_per_row=0.42 * len(names) + 1.3 + 0.25 * (len(shown) - 1))
    ax = axes[0, 0]
    values = []
    for i, name in enumerate(names):
        score = row[name]
        value, band = _get(score, "value"), _get(score, "band")
        y = len(names) - 1 - i
        if band:
            ax.plot(band, [y, y], color=colours[name], lw=2.2, solid_capstyle="butt", zorder=3)
            values += list(band)
        ax.plot([value], [y], "o", color=colours[name], ms=7, zorder=4, markeredgecolor="white")
        values.append(value)
        change = _get(score, "vs_baseline")
        if name != "baseline" and change is not None:
            points = f"{signed(change, lang)}\u00a0{word('points short', lang)}" if first.unit.startswith("percent") \
                else signed(change, lang)
            note = ax.annotate(word("change points", lang, value=points), (1.0, y),
                               xycoords=("axes fraction", "data"), xytext=(6, 0), textcoords="offset points",
                               va="center", fontsize=figures.SMALLEST_PT + 0.5)
            note.set_in_layout(False)  # in the margin kept free for it (rect below)
    bounds = [t.low for t in shown] + [t.high for t in shown if t.high is not None]
    left = min(0.0, min(values) - 2)
    right = max(max(values), max(bounds)) * 1.06
    # Each target's band, its label above the rows, one label line per target so none overlap.
    for k, target in enumerate(sorted(shown, key=lambda t: t.low)):
        top = target.high if target.high is not None else right
        ax.axvspan(target.low, top, color=TARGET_COLOUR, alpha=0.12 + 0.06 * k, lw=0, zorder=0)
        ax.text(target.low, len(names) - 0.5 + 0.55 * k, " " + target_text(target, lang), fontsize=figures.SMALLEST_PT,
                color=TARGET_TEXT, va="bottom", ha="left")
    ax.set_xlim(left, right)
    ax.set_ylim(-0.6, len(names) - 0.5 + 0.55 * len(shown))
    ax.set_yticks(range(len(names)))
    ax.set_yticklabels([textwrap.fill(spaced(labels[n]), 46) for n in reversed(names)], fontsize=figures.SMALLEST_PT + 0.5)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel(textwrap.fill(f"{first.title[lang]}, {year} ({_measure_unit(first, lang)})", 64))
    heading = textwrap.fill(headline_title(targets, card, names, labels, year, lang), 68)
    fig.suptitle(heading, x=0.01, ha="left", fontsize=10, fontweight="bold")
    share = figures.footer(fig, lang, _sources(shown, lang), word("headline note", lang))
    top = 1 - (0.25 + 0.19 * heading.count("\n")) / fig.get_figheight()
    fig.tight_layout(rect=(0, share, 0.76, top))
    if folder is None:
        return fig
    return figures.save(fig, folder, stem, formats)


def cost_effect_figure(targets: Sequence, card: Mapping, scenarios: Sequence, colours: Mapping[str, str],
                       costs: Mapping[str, float], year: int, start: int, lang: str, folder: Path | None = None,
                       formats=DEFAULT_FORMATS, stem: str = "cost-effect"):
    """Extra city spending (x) against the change from the baseline on the headline indicator (y),
    one point per scenario tagged as the brief's tables tag it; the legend under the plot names
    each with its points per 1,000 bn VND."""
    first = targets[0]
    row = card[first.id]
    points = word("points short", lang) if _measure_unit(first, lang).startswith("%") else _measure_unit(first, lang)
    entries = []
    for i, s in enumerate(scenarios, start=1):
        change = _get(row[s.name], "vs_baseline")
        if change is None:
            continue
        tag, cost = word("scenario tag", lang, i=i), costs.get(s.name, 0.0)
        label = f"{tag}. {spaced(s.label(lang))}"
        if cost > 0.5:
            label += f": {word('per thousand', lang, value=f'{signed(1000 * change / cost, lang, 2)}{NBSP}{points}')}"
        entries.append((tag, s, change, cost, textwrap.fill(label, 46)))
    # The legend's height: two columns filled top to bottom, each row as tall as its longer entry.
    lines = [e[4].count("\n") + 1 for e in entries]
    rows = (len(lines) + 1) // 2
    legend_in = sum(max(lines[r], lines[r + rows] if r + rows < len(lines) else 0) * 0.14 + 0.06
                    for r in range(rows))
    fig, axes = figures.figure(1, 1, height_per_row=1.7)
    fig.set_figheight(fig.get_figheight() + legend_in + 0.5)
    ax = axes[0, 0]
    handles = []
    for k, (tag, s, change, cost, label) in enumerate(entries):
        handles += ax.plot([cost], [change], "o", color=colours[s.name], ms=7, zorder=4, markeredgecolor="white",
                           label=label)
        # Tags alternately above and below their point: neighbours' tags do not overprint.
        ax.annotate(tag, (cost, change), xytext=(5, 3 if k % 2 else -3), textcoords="offset points",
                    fontsize=figures.SMALLEST_PT, va="bottom" if k % 2 else "top")
    ax.axhline(0, color="#999999", lw=0.8)
    ax.set_xlim(left=min(0, ax.get_xlim()[0]), right=ax.get_xlim()[1] * 1.08 + 1)
    low, high = ax.get_ylim()
    ax.set_ylim(min(low, -0.1 * abs(high)), high + 0.12 * (high - low))
    ax.set_xlabel(textwrap.fill(word("extra cost axis", lang, start=start, year=year), 70))
    ax.set_ylabel(textwrap.fill(word("change axis", lang, unit=points), 24))
    heading = textwrap.fill(word("cost effect title", lang, title=first.title[lang], year=year), 68)
    fig.suptitle(heading, x=0.01, ha="left", fontsize=10, fontweight="bold")
    share = figures.footer(fig, lang, _sources([first], lang), word("cost note", lang))
    fig.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, share), ncol=2, frameon=False)
    top = 1 - (0.08 + 0.19 * heading.count("\n")) / fig.get_figheight()
    fig.tight_layout(rect=(0, share + legend_in / fig.get_figheight() + 0.01, 1, top))
    if folder is None:
        return fig
    return figures.save(fig, folder, stem, formats)


def _sources(targets: Sequence, lang: str) -> str:
    return figures.document_sources([t.source for t in targets], lang)
