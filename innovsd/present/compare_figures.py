"""Comparison figures: every scenario on one panel per indicator, the target as a band, the history as observed.

They read a comparison's Dataset (``Prepared.dataset``: scenario × statistic × time) and draw it;
scenarios, targets and observations are read for their names, titles and values only."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

import numpy as np
from matplotlib.ticker import MultipleLocator

from innovsd.present import citations, figures
from innovsd.present.render import DEFAULT_FORMATS
from innovsd.present.labels import key_indicators, title, unit
from innovsd.present.scenario_style import styles
from innovsd.present.words import number, rounded, spaced, word

if TYPE_CHECKING:
    import xarray as xr

MAX_LINES = 4  # more scenarios than this: small multiples instead of one crowded panel
TARGET_COLOUR = "#2ca02c"
LABEL_COLOUR = "#1d6b1d"  # the target's green, dark enough to read on white


def policy_start(ds: "xr.Dataset") -> int:
    """Levers replace the historical trend from this year (model/parameters.csv)."""
    return int(ds.attrs["policy_start"])


_HELD: dict[int, tuple] = {}  # id of the Dataset being drawn -> (it, its variables' values, positions of names)


def _held(ds: "xr.Dataset") -> tuple[dict, dict]:
    """Values and dims of ``ds``'s variables as read so far, and the position of each scenario and
    statistic: a figure reads thousands of lines, and an xarray DataArray built for each
    (``ds[variable]``, let alone ``sel``) took a fifth of its time."""
    held = _HELD.get(id(ds))
    if held is None or held[0] is not ds:
        _HELD.clear()  # one Dataset at a time: a figure's, then the next figure's
        positions = {d: {name: i for i, name in enumerate(ds.indexes[d])} for d in ("scenario", "statistic")}
        held = _HELD[id(ds)] = (ds, {}, positions)
    return held[1], held[2]


def _series(ds: "xr.Dataset", scenario: str, variable: str, statistic: str = "central") -> np.ndarray:
    """One line of the Dataset, by position."""
    arrays, positions = _held(ds)
    if variable not in arrays:
        arrays[variable] = (ds[variable].values, ds[variable].dims)
    values, dims = arrays[variable]
    where = {"scenario": positions["scenario"][scenario], "statistic": positions["statistic"][statistic]}
    return values[tuple(where.get(dim, slice(None)) for dim in dims)]


def _has_band(ds: "xr.Dataset", scenario: str) -> bool:
    """Whether an ensemble ran for the scenario (every compared one, when the set has draws)."""
    return bool(ds.attrs["ensemble_members"]) and bool(_series(ds, scenario, "compared"))


def _draw_targets(ax, variable: str, targets: Sequence, ds: "xr.Dataset", lang: str, labelled: bool = True) -> None:
    """Each target's band and bound; with ``labelled``, its label too (small multiples label the first panel only)."""
    level = sorted((t for t in targets if t.indicator == variable and t.kind == "level"), key=lambda t: t.year)
    for target in (t for t in targets if t.indicator == variable):
        if target.kind == "level":
            # Over the target period only: from the policies' start to the target year (a target
            # due before the policies start: its last year).
            period = (min(policy_start(ds) - 0.5, target.year - 1), target.year)
            # An open band runs past the top, which small multiples raise to their common scale later.
            bottom_y, top_y = ax.get_ylim()
            top = target.high if target.high is not None else top_y + 10 * (top_y - bottom_y)
            ax.fill_between(period, target.low, top, color=TARGET_COLOUR, alpha=0.13, lw=0, zorder=0)
            figures.target_line(ax, period, target.low, color=TARGET_COLOUR)
            # One label for targets of the same bound ('2025, 2030 target: ≥ 35 %'), on the latest one's band,
            # placed once the layout is final (figures.place_labels): off the data, the other labels and its line.
            same = [t for t in level if (t.low, t.high) == (target.low, target.high)]
            if labelled and target is same[-1]:
                text = target_label(target, lang, [t.year for t in same])
                text = text.replace(": ", ":\n", 1) if len(text) > 30 else text  # the bound whole, under the name
                figures.target_label(ax, text, target.low, target.high, period, color=LABEL_COLOUR)
        elif labelled:  # growth: drawn as a rate in its own panel (growth_panel); here its bound is named
            ax.text(0.02, 0.96, textwrap.fill(word("growth target", lang, low=rounded(target.low, lang),
                                                   start=target.start), 34),
                    transform=ax.transAxes, fontsize=figures.SMALLEST_PT, color=LABEL_COLOUR, va="top",
                    bbox=figures.LABEL_BOX, zorder=6)


def growth_panel(ax, target, ds: "xr.Dataset", scenarios: Sequence, lang: str, style: dict[str, dict]) -> None:
    """Average yearly growth since the target's base year, per scenario, against the target rate
    over its period: a growth target read as the rate it is."""
    times = ds["time"].values
    after = times > target.start
    base_index = int(np.argmin(np.abs(times - target.start)))
    for scenario in sorted(scenarios, key=lambda s: s.name != "baseline"):
        series = _series(ds, scenario.name, target.indicator)
        with np.errstate(divide="ignore", invalid="ignore"):
            rate = ((series[after] / series[base_index]) ** (1.0 / (times[after] - target.start)) - 1) * 100
        ax.plot(times[after], rate, **style[scenario.name], zorder=3)
    period = (target.start + 0.5, target.year)
    top = max(ax.get_ylim()[1], (target.high or target.low) * 1.15)
    ax.fill_between(period, target.low, target.high if target.high is not None else top, color=TARGET_COLOUR,
                    alpha=0.13, lw=0, zorder=0)
    figures.target_line(ax, period, target.low, color=TARGET_COLOUR)
    figures.target_label(ax, textwrap.fill(target_label(target, lang), 30), target.low, target.high, period,
                         color=LABEL_COLOUR)
    ax.set_ylim(min(0, ax.get_ylim()[0]), top)
    ax.set_xlim(times[0], times[-1])
    ax.xaxis.set_major_locator(MultipleLocator(5))
    ax.set_title(textwrap.fill(word("growth panel", lang, start=target.start), 70), fontsize=9)
    ax.set_ylabel(word("percent per year", lang))


def difference_panel(ax, variable: str, ds: "xr.Dataset", scenarios: Sequence, lang: str,
                     style: dict[str, dict]) -> None:
    """Each scenario minus the baseline, from the policies' start: differences of a tenth of a
    point that the level panels cannot show."""
    times = ds["time"].values
    start = times >= policy_start(ds) - 1
    reference = _series(ds, "baseline", variable)
    for scenario in scenarios:
        if scenario.name != "baseline":
            ax.plot(times[start], (_series(ds, scenario.name, variable) - reference)[start], **style[scenario.name],
                    zorder=3)
    ax.axhline(0, color=style["baseline"]["color"], lw=1.0, zorder=2)
    ax.set_xlim(times[0], times[-1])
    ax.xaxis.set_major_locator(MultipleLocator(5))
    ax.set_title(word("difference panel", lang), fontsize=9)
    shown = unit(variable, lang)
    ax.set_ylabel(word("points short", lang) if shown.startswith("%") else shown)


def target_label(target, lang: str, years: Sequence[int] = ()) -> str:
    """'2030 target: 62–65 %' with the target's unit, as planners read it; ``years``: of every
    target with this bound, when several share it."""
    symbol = "%" if target.unit.startswith("percent") else unit(target.indicator, lang)
    low, high = (rounded(v, lang) for v in (target.low, target.high))
    bound = f"{low}–{high}" if target.high is not None else f"≥ {low}"
    named = word("target of year", lang, year=", ".join(str(y) for y in dict.fromkeys(years or [target.year])))
    return spaced(f"{named}: {bound} {symbol}".rstrip())


def _draw_history(ax, variable: str, history: Sequence, lang: str) -> bool:
    drawn = False
    for o in (h for h in history if h.variable == variable):
        drawn = figures.draw_observed(ax, o, color=figures.HISTORY_COLOUR) or drawn
    return drawn


def _same_lines(ds: "xr.Dataset", scenarios: Sequence, variables: Sequence[str]) -> list[list]:
    """The scenarios grouped by the lines and bands they draw: those with the same path of every
    variable shown (two targets reached by one mix) are drawn and named once."""
    statistics = list(ds.indexes["statistic"])
    groups: list[list] = []
    for scenario in scenarios:
        paths = [_series(ds, scenario.name, v, s) for v in variables for s in statistics]
        for group in groups:
            if all(np.allclose(a, _series(ds, group[0].name, v, s), rtol=1e-9, atol=0, equal_nan=True)
                   for a, (v, s) in zip(paths, [(v, s) for v in variables for s in statistics])):
                group.append(scenario)
                break
        else:
            groups.append([scenario])
    return groups


def shared_label(labels: Sequence[str]) -> str:
    """One name for scenarios drawn as one line: what their names share, then each one's own ending,
    'Strongest mix …, ≥ 57 % (plan) / 62–65 % (programme)'; the names joined when they share nothing."""
    if len(labels) == 1:
        return labels[0]
    common = labels[0]
    for label in labels[1:]:
        while not label.startswith(common):
            common = common[:-1]
    cut = common.rfind(", ") + 2 if ", " in common else 0  # share whole phrases only
    return labels[0][:cut] + " / ".join(label[cut:] for label in labels)


def merged(ds: "xr.Dataset", scenarios: Sequence, variables: Sequence[str]) -> list:
    """The scenarios to draw: one per group of ``_same_lines``, named by all of its members (shared_label)."""
    from types import SimpleNamespace

    return [group[0] if len(group) == 1 else
            SimpleNamespace(name=group[0].name, label=lambda lang, g=group: shared_label([s.label(lang) for s in g]))
            for group in _same_lines(ds, scenarios, variables)]


def _band(times: np.ndarray, low: np.ndarray, high: np.ndarray) -> list[np.ndarray]:
    """The polygons ``fill_between(times, low, high)`` fills, one per run of years with both bounds
    known, their corners in its order; made here because a fill_between per band, each its own
    collection, took a tenth of a figure's time."""
    known = np.r_[False, np.isfinite(times) & np.isfinite(low) & np.isfinite(high), False]
    edges = np.flatnonzero(np.diff(known.astype(np.int8)))
    out = []
    for start, stop in zip(edges[::2], edges[1::2]):
        t, lows, highs = times[start:stop], low[start:stop], high[start:stop]
        out.append(np.concatenate([[(t[0], highs[0])], np.column_stack((t, lows)), [(t[-1], highs[-1])],
                                   np.column_stack((t, highs))[::-1]]))
    return out


def _draw_scenarios(ax, variable: str, ds: "xr.Dataset", scenarios: Sequence, lang: str, style: dict[str, dict],
                    bands: bool = True) -> None:
    """Baseline first and widest, the others on top in turn (see styles)."""
    from matplotlib.collections import PolyCollection

    order = sorted(scenarios, key=lambda s: s.name != "baseline")
    times = ds["time"].values
    polygons, colours = [], []
    for scenario in order:
        ax.plot(times, _series(ds, scenario.name, variable), **style[scenario.name], label=scenario.label(lang), zorder=3)
        if bands and _has_band(ds, scenario.name):
            band = _band(times, _series(ds, scenario.name, variable, "p5"), _series(ds, scenario.name, variable, "p95"))
            polygons += band
            colours += [style[scenario.name]["color"]] * len(band)
    if polygons:  # every band in one collection, in the same order: what a fill_between per band draws
        ax.add_collection(PolyCollection(polygons, facecolors=colours, edgecolors=colours, alpha=0.15, lw=0,
                                         zorder=2))
    # Where every scenario still follows the first (the history before the policies start), redraw
    # that one on top: one clean line instead of a stack of dashes.
    reference = _series(ds, order[0].name, variable)
    shared = times <= policy_start(ds)
    for scenario in order[1:]:
        shared &= np.isclose(_series(ds, scenario.name, variable), reference, rtol=1e-6, atol=1e-9)
    end = shared.size if shared.all() else int(np.argmin(shared))
    if end > 1:
        ax.plot(times[:end], reference[:end], **style[order[0].name], zorder=3.5)


def draw_indicator(ax, variable: str, ds: "xr.Dataset", scenarios: Sequence, targets: Sequence, history: Sequence,
                   lang: str, style: dict[str, dict], labelled: bool = True) -> None:
    _draw_scenarios(ax, variable, ds, scenarios, lang, style)
    ax.margins(x=0.01)
    _draw_history(ax, variable, history, lang)
    level_targets = [t.high or t.low for t in targets if t.indicator == variable and t.kind == "level"]
    bottom, top = ax.get_ylim()
    room = 1.25 + 0.25 * max(len(level_targets) - 1, 0)  # for each target's label above the bands
    ax.set_ylim(min(0, bottom), max(top, room * max(level_targets, default=0)))
    _draw_targets(ax, variable, targets, ds, lang, labelled)
    ax.axvline(policy_start(ds) - 0.5, color="#999999", lw=0.8, ls=":", gid=figures.REFERENCE)
    ax.xaxis.set_major_locator(MultipleLocator(5))
    ax.set_title(textwrap.fill(title(variable, lang), 44))
    ax.set_ylabel(unit(variable, lang))


def _scenario_handles(scenarios: Sequence, lang: str, style: dict[str, dict]):
    from matplotlib.lines import Line2D

    return [Line2D([], [], **style[s.name], label=textwrap.fill(spaced(s.label(lang)), 42)) for s in scenarios]


def _legend_handles(ds: "xr.Dataset", scenarios: Sequence, history: Sequence, lang: str, style: dict[str, dict],
                    years: set[int] = frozenset({2030})):
    """``years``: of the targets drawn; the target's entry names the year when there is one."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles = _scenario_handles(scenarios, lang, style)
    members = ds.attrs["ensemble_members"]
    if members:
        handles.append(Patch(color="#777777", alpha=0.3, label=word("band members", lang, n=number(members, lang, 0))))
    named = (word("target of year", lang, year=next(iter(years))) if len(years) == 1
             else word("target value", lang))
    handles.append(Patch(color=TARGET_COLOUR, alpha=0.3, label=named))
    handles.append(Line2D([], [], color=figures.HISTORY_COLOUR, marker="o", lw=2.6, ms=4.5, label=word("history", lang)))
    handles.append(Line2D([], [], color="#999999", lw=0.8, ls=":", label=word("policy start", lang, year=policy_start(ds))))
    return handles


def _sources(variable: str | None, targets: Sequence, history: Sequence, lang: str) -> str:
    """The targets' and history's sources drawn, each by its short name, then where their full
    references are (compare writes them beside the figures)."""
    texts = [t.source for t in targets if variable in (None, t.indicator)]
    texts += [h.source for h in history if variable in (None, h.variable)]
    return _with_pointer(citations.short_citations(texts, lang), lang)


def _with_pointer(citations: str, lang: str) -> str:
    from innovsd.present.compare_files import SOURCES

    return f"{citations}. {word('full references', lang, file=SOURCES)}" if citations else ""


def indicator_figure(variable: str, ds: "xr.Dataset", scenarios: Sequence, targets: Sequence, history: Sequence,
                     lang: str, folder: Path | None, formats=DEFAULT_FORMATS):
    """One indicator at A4 width: every scenario with its band, target and history (one panel, or
    one small panel per scenario beside the baseline when there are many), then each growth
    target as a rate, then the difference from the baseline; saved to ``folder`` (paths returned)
    or returned as a figure."""
    import matplotlib.pyplot as plt

    style = styles([s.name for s in scenarios])
    scenarios = merged(ds, scenarios, [variable])
    others = [s for s in scenarios if s.name != "baseline"]
    many = len(scenarios) > MAX_LINES and others
    growth = [t for t in targets if t.indicator == variable and t.kind == "growth"]
    differences = "baseline" in ds["scenario"].values and bool(others)
    top_rows = (len(others) + 1) // 2 if many else 1
    heights = [1.9] * top_rows if many else [3.2]
    heights += [2.0] * (len(growth) + differences)
    handles = _legend_handles(ds, scenarios, history, lang, style,
                              {t.year for t in targets if t.indicator == variable} or {2030})
    legend_in = 0.36 * ((len(handles) + 1) // 2)
    plt.rcParams.update(figures.STYLE)
    fig = plt.figure(figsize=(figures.A4_WIDTH_IN, sum(heights) + legend_in + 1.6))
    grid = fig.add_gridspec(len(heights), 2, height_ratios=heights)
    panels = []
    if many:
        for i, scenario in enumerate(others):
            ax = fig.add_subplot(grid[i // 2, i % 2])
            pair = [s for s in scenarios if s.name in ("baseline", scenario.name)]
            # Every panel draws the bands; the first names them, the others stay clear for their lines.
            draw_indicator(ax, variable, ds, pair, targets, history, lang, style, labelled=not panels)
            ax.set_title(textwrap.fill(spaced(scenario.label(lang)), 40), fontsize=figures.SMALLEST_PT + 1)
            ax.set_ylabel("")
            ax.xaxis.set_major_locator(MultipleLocator(10))
            panels.append(ax)
        low = min(ax.get_ylim()[0] for ax in panels)
        high = max(ax.get_ylim()[1] for ax in panels)
        for ax in panels:
            ax.set_ylim(low, high)
    else:
        ax = fig.add_subplot(grid[0, :])
        draw_indicator(ax, variable, ds, scenarios, targets, history, lang, style)
        ax.set_title("")  # the figure's title names the indicator
    row = top_rows
    for target in growth:
        growth_panel(fig.add_subplot(grid[row, :]), target, ds, scenarios, lang, style)
        row += 1
    if differences:
        difference_panel(fig.add_subplot(grid[row, :]), variable, ds, scenarios, lang, style)
    fig.suptitle(f"{textwrap.fill(title(variable, lang), 70)} ({unit(variable, lang)})", fontsize=10,
                 fontweight="bold")
    share = figures.footer(fig, lang, _sources(variable, targets, history, lang))
    legend_share = legend_in / fig.get_figheight()
    fig.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, share), ncol=2, frameon=False)
    figures.ticks_in_view(fig)
    figures.tight_layout(fig, (0, share + legend_share + 0.01, 1, 0.97))
    figures.place_labels(fig)
    if folder is None:
        return fig
    stem = "indicator-" + re.sub(r"[^0-9a-z]+", "-", variable.lower()).strip("-")  # "x[HaiPhong]" -> x-haiphong
    return figures.save(fig, folder, stem, formats)


def overview_figure(ds: "xr.Dataset", scenarios: Sequence, targets: Sequence, history: Sequence, lang: str,
                    folder: Path | None = None, formats=DEFAULT_FORMATS):
    """The key indicators on one page; saved to ``folder`` (paths returned) or returned as a figure."""
    style = styles([s.name for s in scenarios])
    panels = key_indicators()
    scenarios = merged(ds, scenarios, panels)
    rows = (len(panels) + 1) // 2
    handles = _legend_handles(ds, scenarios, history, lang, style,
                              {t.year for t in targets if t.indicator in panels} or {2030})
    footer_in, legend_in = 0.75, 0.36 * ((len(handles) + 1) // 2)
    fig, axes = figures.figure(rows, 2, height_per_row=2.2)
    height = fig.get_figheight() + footer_in + legend_in
    fig.set_figheight(height)
    for ax, variable in zip(axes.flat, panels):
        draw_indicator(ax, variable, ds, scenarios, targets, history, lang, style)
        ax.set_title(textwrap.fill(title(variable, lang), 38))
        ax.xaxis.set_major_locator(MultipleLocator(10))  # half-page panels: five year labels would touch
    for ax in axes.flat[len(panels):]:
        ax.set_visible(False)
    fig.suptitle(word("overview", lang), fontsize=11, fontweight="bold")
    share = figures.footer(fig, lang, _sources(None, targets, history, lang))
    fig.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, share), ncol=2, frameon=False)
    figures.ticks_in_view(fig)
    figures.tight_layout(fig, (0, share + legend_in / height + 0.01, 1, 0.985))
    figures.place_labels(fig)
    if folder is None:
        return fig
    return figures.save(fig, folder, "overview", formats)
