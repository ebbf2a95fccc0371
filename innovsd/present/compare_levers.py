"""The levers figure of a comparison: the path of every lever the scenarios set, one panel each."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

import numpy as np
from matplotlib.ticker import FuncFormatter, MultipleLocator

from innovsd.present import citations, figures
from innovsd.present.compare_figures import (_draw_scenarios, _scenario_handles, _series, _with_pointer, merged,
                                             policy_start)
from innovsd.present.labels import title, unit
from innovsd.present.numbers import significant
from innovsd.present.render import DEFAULT_FORMATS
from innovsd.present.scenario_style import styles
from innovsd.present.words import number, word

if TYPE_CHECKING:
    import xarray as xr

# What the levers figure shows: the S&T share actually spent (not the policy floor), the city
# fund's investment, then the other levers.
LEVER_PANELS = {"ST budget share policy": "ST budget share", "VC fund size": "VC fund investment",
                "investment ratio policy": "investment ratio"}
LEVER_ORDER = ("ST budget share policy", "VC fund size", "talent programme inflow", "science park incubation capacity")


def lever_panels(scenarios: Sequence, levers: Sequence[str]) -> list[str]:
    """The variables the levers figure draws: one per lever that any compared scenario sets (its
    ramp, or the city fund's size); the S&T levers first (LEVER_ORDER), then the others in the
    order of ``levers``."""
    constants = {name for s in scenarios for name in s.params}
    ramps = {name for s in scenarios for name in s.levers}
    chosen = [v for v in LEVER_ORDER if v in ramps | constants] + [v for v in levers if v in ramps
                                                                   and v not in LEVER_ORDER]
    return [LEVER_PANELS.get(v, v) for v in chosen]


def scenario_sources(scenarios: Sequence, lang: str) -> str:
    """The references in the scenarios' source fields, each by its short name, then where their full references are."""
    return _with_pointer(citations.short_citations([s.source for s in scenarios], lang), lang)


def tick(value: float, lang: str) -> str:
    """An axis tick in the language's format: 5,000 / 5.000, 0.5 / 0,5."""
    return number(value, lang, 0) if float(value).is_integer() else significant(value, lang)


OFF_SCALE = 3.0  # a lever's peak this many times the next highest: drawn off the top of a zoomed axis
MOST_OFF_SCALE = 2  # lines: more than a few far above the rest is a wide range, which the axis shows whole


def _off_scale(peaks: dict[str, float]) -> set[str]:
    """The scenarios whose lines would flatten every other: the one or two highest peaks
    (MOST_OFF_SCALE, and at most half of the lines) above the rest by a factor of OFF_SCALE or more;
    none when no such gap exists."""
    ordered = sorted(peaks, key=peaks.get, reverse=True)
    for k in range(1, min(MOST_OFF_SCALE, len(ordered) // 2) + 1):
        below = peaks[ordered[k]]
        if below > 0 and peaks[ordered[k - 1]] >= OFF_SCALE * below:
            return set(ordered[:k])
    return set()


def _zoom_on_the_others(ax, variable: str, ds: "xr.Dataset", scenarios: Sequence, lang: str,
                        style: dict[str, dict], narrow: bool) -> None:
    """When a few scenarios' levels are many times the others', the axis shows the others' levels
    and the off-scale ones leave its top, their peak written there in their colour (``narrow``
    panels: the value under the words)."""
    shown = ds["time"].values >= ax.get_xlim()[0]
    peaks = {s.name: float(np.nanmax(np.abs(_series(ds, s.name, variable)[shown]))) for s in scenarios}
    high = _off_scale(peaks)
    if not high:
        return
    rest = [_series(ds, s.name, variable)[shown] for s in scenarios if s.name not in high]
    top, low = max(float(np.nanmax(r)) for r in rest), min(0.0, min(float(np.nanmin(r)) for r in rest))
    top = low + (top - low) / (0.45 if narrow else 0.7)  # the others below the note (two lines when narrow)
    ax.set_ylim(low - 0.04 * (top - low), top)
    values = sorted({peaks[name] for name in high}, reverse=True)
    colour = style[max(high, key=peaks.get)]["color"]
    note = word("off scale", lang, value=", ".join(tick(v, lang) for v in values))
    # Top left: before the policies start every lever is at its history, low, so the corner is free.
    ax.text(0.02, 0.98, note.replace(": ", ":\n", 1) if narrow else note, transform=ax.transAxes, ha="left",
            va="top", fontsize=figures.SMALLEST_PT, color=colour, bbox=figures.LABEL_BOX, zorder=6)


def lever_figure(ds: "xr.Dataset", scenarios: Sequence, levers: Sequence[str], lang: str, folder: Path | None = None,
                 formats=DEFAULT_FORMATS):
    """The path of every lever the scenarios set, one panel each (three across beyond four, so that
    nine stay on one A4 page); scenarios with the same paths drawn and named once; an axis zoomed
    on the other scenarios when a few dwarf them (see _zoom_on_the_others). Saved to ``folder``
    (paths returned) or returned as a figure."""
    style = styles([s.name for s in scenarios])
    panels = [v for v in lever_panels(scenarios, levers) if v in ds.data_vars]
    drawn = merged(ds, scenarios, panels)
    cols = 2 if len(panels) <= 4 else 3
    rows = max(1, -(-len(panels) // cols))
    row_in = 2.0 if cols == 2 else 2.2  # three across: titles of up to four lines above each panel
    legend_in = 0.34 * ((len(drawn) + 1) // 2) + 0.17 * (len(scenarios) - len(drawn))  # two-line labels, two columns
    fig, axes = figures.figure(rows, cols, height_per_row=row_in)
    height = row_in * rows + 0.6 + legend_in
    fig.set_figheight(height)
    for ax, variable in zip(axes.flat, panels):
        _draw_scenarios(ax, variable, ds, drawn, lang, style, bands=False)
        ax.set_title(textwrap.fill(title(variable, lang), 36 if cols == 2 else 22),
                     fontsize=9 if cols == 2 else figures.SMALLEST_PT)
        ax.set_ylabel(textwrap.fill(unit(variable, lang), 24 if cols == 2 else 16),
                      fontsize=9 if cols == 2 else figures.SMALLEST_PT)
        ax.set_xlim(2020, ds["time"].values[-1])
        ax.set_ylim(bottom=min(0, ax.get_ylim()[0]))
        _zoom_on_the_others(ax, variable, ds, drawn, lang, style, narrow=cols == 3)
        ax.xaxis.set_major_locator(MultipleLocator(5 if cols == 2 else 10))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: tick(value, lang)))
        ax.axvline(policy_start(ds) - 0.5, color="#999999", lw=0.8, ls=":")
    for ax in axes.flat[len(panels):]:
        ax.set_visible(False)
    fig.suptitle(word("levers", lang), fontsize=10, fontweight="bold")
    share = figures.footer(fig, lang, scenario_sources(scenarios, lang))
    fig.legend(handles=_scenario_handles(drawn, lang, style), loc="lower center", bbox_to_anchor=(0.5, share), ncol=2, frameon=False)
    figures.ticks_in_view(fig)
    figures.tight_layout(fig, (0, share + legend_in / height + 0.01, 1, 0.96))
    if folder is None:
        return fig
    return figures.save(fig, folder, "levers", formats)
