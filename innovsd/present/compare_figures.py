"""Comparison figures: every scenario on one panel per indicator, the target as a band, the history as observed.

They read a comparison's Dataset (``Prepared.dataset``: scenario × statistic × time) and draw it;
scenarios, targets and observations are read for their names, titles and values only."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

import numpy as np
from matplotlib.ticker import MultipleLocator

from innovsd.present import figures
from innovsd.present.render import DEFAULT_FORMATS
from innovsd.present.labels import key_indicators, title, unit
from innovsd.present.words import rounded, word

if TYPE_CHECKING:
    import xarray as xr

MAX_LINES = 4  # more scenarios than this: small multiples instead of one crowded panel
# What the levers figure shows: the S&T share actually spent (not the policy floor), the city
# fund's investment, then the other levers.
LEVER_PANELS = {"ST budget share policy": "ST budget share", "VC fund size": "VC fund investment"}
TARGET_COLOUR = "#2ca02c"
DASHES = ("-", "--", "-.", ":")
LINE_WIDTH, LINE_STEP, LINE_WIDTH_MIN = 2.1, 0.13, 1.1  # points: baseline, thinner per scenario, floor


def policy_start(ds: "xr.Dataset") -> int:
    """Levers replace the historical trend from this year (model/parameters.csv)."""
    return int(ds.attrs["policy_start"])


def _series(ds: "xr.Dataset", scenario: str, variable: str, statistic: str = "central") -> np.ndarray:
    return ds[variable].sel(scenario=scenario, statistic=statistic).values


def _has_band(ds: "xr.Dataset", scenario: str) -> bool:
    """Whether an ensemble ran for the scenario (every compared one, when the set has draws)."""
    return bool(ds.attrs["ensemble_members"]) and bool(ds["compared"].sel(scenario=scenario))


def figure_indicators(targets: Sequence) -> list[str]:
    """The key indicators, then any other indicator a target scores."""
    names = key_indicators()
    return names + [t.indicator for t in targets if t.indicator not in names and t.kind == "level"]


def styles(names: list[str]) -> dict[str, dict]:
    """Colour, dash and width per scenario, so lines that coincide stay distinguishable: the
    baseline solid black and widest (drawn underneath), the others each a colour and a dash,
    slightly thinner in turn so a later line drawn on top leaves an earlier one visible."""
    palette = figures.SCENARIO_COLOURS[1:]  # black is the baseline's
    out = {"baseline": {"color": figures.SCENARIO_COLOURS[0], "ls": "-", "lw": LINE_WIDTH}}
    others = [n for n in names if n != "baseline"]
    for i, name in enumerate(others, start=1):
        out[name] = {"color": palette[(i - 1) % len(palette)], "ls": DASHES[i % len(DASHES)],
                     "lw": max(LINE_WIDTH - LINE_STEP * i, LINE_WIDTH_MIN)}
    return out


def _draw_targets(ax, variable: str, targets: Sequence, ds: "xr.Dataset", lang: str) -> None:
    for target in (t for t in targets if t.indicator == variable):
        if target.kind == "level":
            top = target.high if target.high is not None else ax.get_ylim()[1]
            ax.axhspan(target.low, top, color=TARGET_COLOUR, alpha=0.13, lw=0, zorder=0)
            ax.axhline(target.low, color=TARGET_COLOUR, lw=1.0, ls="--", zorder=1)
            ax.annotate(target_label(target, lang), (0.01, target.low), xycoords=("axes fraction", "data"),
                        xytext=(2, 2), textcoords="offset points", fontsize=figures.SMALLEST_PT, color="#1d6b1d")
        elif "baseline" in ds["scenario"]:
            # Growth from the base year: the path the target asks for, and everything above it.
            times, reference = ds["time"].values, _series(ds, "baseline", variable)
            base = reference[int(np.flatnonzero(np.isclose(times, target.start, rtol=1e-5, atol=1e-8))[0])]
            years = times[times >= target.start]
            path = base * (1 + target.low / 100.0) ** (years - target.start)
            limits = ax.get_ylim()
            ax.fill_between(years, path, max(limits[1], path.max()), color=TARGET_COLOUR, alpha=0.13, lw=0, zorder=0)
            ax.plot(years, path, color=TARGET_COLOUR, lw=1.0, ls="--", zorder=1)
            ax.set_ylim(*limits)
            ax.text(0.02, 0.96, word("growth target", lang, low=rounded(target.low, lang), start=target.start),
                    transform=ax.transAxes, fontsize=figures.SMALLEST_PT, color="#1d6b1d", va="top")


def target_label(target, lang: str) -> str:
    """'2030 target: 62–65 %' with the target's unit, as planners read it."""
    symbol = "%" if target.unit.startswith("percent") else unit(target.indicator, lang)
    low, high = (rounded(v, lang) for v in (target.low, target.high))
    bound = f"{low}–{high}" if target.high is not None else f"≥ {low}"
    return f"{word('target', lang)}: {bound} {symbol}".rstrip()


def _draw_history(ax, variable: str, history: Sequence, lang: str) -> bool:
    drawn = False
    for o in (h for h in history if h.variable == variable):
        drawn = figures.draw_observed(ax, o, color=figures.HISTORY_COLOUR) or drawn
    return drawn


def _draw_scenarios(ax, variable: str, ds: "xr.Dataset", scenarios: Sequence, lang: str, style: dict[str, dict],
                    bands: bool = True) -> None:
    """Baseline first and widest, the others on top in turn (see styles)."""
    order = sorted(scenarios, key=lambda s: s.name != "baseline")
    times = ds["time"].values
    for scenario in order:
        ax.plot(times, _series(ds, scenario.name, variable), **style[scenario.name], label=scenario.label(lang), zorder=3)
        if bands and _has_band(ds, scenario.name):
            ax.fill_between(times, _series(ds, scenario.name, variable, "p5"), _series(ds, scenario.name, variable, "p95"),
                            color=style[scenario.name]["color"], alpha=0.15, lw=0, zorder=2)
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
                   lang: str, style: dict[str, dict]) -> None:
    _draw_scenarios(ax, variable, ds, scenarios, lang, style)
    ax.margins(x=0.01)
    _draw_history(ax, variable, history, lang)
    level_targets = [t.high or t.low for t in targets if t.indicator == variable and t.kind == "level"]
    bottom, top = ax.get_ylim()
    ax.set_ylim(min(0, bottom), max(top, 1.12 * max(level_targets, default=0)))
    _draw_targets(ax, variable, targets, ds, lang)
    ax.axvline(policy_start(ds) - 0.5, color="#999999", lw=0.8, ls=":")
    ax.xaxis.set_major_locator(MultipleLocator(5))
    ax.set_title(textwrap.fill(title(variable, lang), 44))
    ax.set_ylabel(unit(variable, lang))


def _scenario_handles(scenarios: Sequence, lang: str, style: dict[str, dict]):
    from matplotlib.lines import Line2D

    return [Line2D([], [], **style[s.name], label=textwrap.fill(s.label(lang), 42)) for s in scenarios]


def _legend_handles(ds: "xr.Dataset", scenarios: Sequence, history: Sequence, lang: str, style: dict[str, dict]):
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles = _scenario_handles(scenarios, lang, style)
    members = ds.attrs["ensemble_members"]
    if members:
        handles.append(Patch(color="#777777", alpha=0.3, label=f"{word('band', lang)} ({word('members', lang, n=members)})"))
    handles.append(Patch(color=TARGET_COLOUR, alpha=0.3, label=word("target", lang)))
    handles.append(Line2D([], [], color=figures.HISTORY_COLOUR, marker="o", lw=2.6, ms=4.5, label=word("history", lang)))
    handles.append(Line2D([], [], color="#999999", lw=0.8, ls=":", label=word("policy start", lang, year=policy_start(ds))))
    return handles


def _sources(variable: str | None, targets: Sequence, history: Sequence, lang: str) -> str:
    """Titles of the documents behind the targets and history drawn (not their file codes)."""
    codes = [t.source for t in targets if variable in (None, t.indicator)]
    codes += [h.source for h in history if variable in (None, h.variable)]
    return figures.document_sources(codes, lang)


def indicator_figure(variable: str, ds: "xr.Dataset", scenarios: Sequence, targets: Sequence, history: Sequence,
                     lang: str, folder: Path, formats=DEFAULT_FORMATS) -> list[Path]:
    """One indicator, every scenario, its target band and its history: A4 width."""
    style = styles([s.name for s in scenarios])
    if len(scenarios) > MAX_LINES:
        fig = _small_multiples(variable, ds, scenarios, targets, history, lang, style)
    else:
        fig, axes = figures.figure(1, 1, height_per_row=3.6)
        ax = axes[0, 0]
        draw_indicator(ax, variable, ds, scenarios, targets, history, lang, style)
        ax.set_xlabel(word("year", lang))
        ax.legend(handles=_legend_handles(ds, scenarios, history, lang, style), loc="upper center",
                  bbox_to_anchor=(0.5, -0.16), ncol=2, frameon=False)
        figures.footer(fig, lang, _sources(variable, targets, history, lang))
        fig.tight_layout(rect=(0, 0.06, 1, 1))
    stem = "indicator-" + "".join(c if c.isalnum() else "-" for c in variable.lower())
    return figures.save(fig, folder, stem, formats)


def _small_multiples(variable: str, ds: "xr.Dataset", scenarios: Sequence, targets: Sequence, history: Sequence,
                     lang: str, style: dict[str, dict]):
    """More than MAX_LINES scenarios: one small panel per scenario against the baseline, shared axes."""
    others = [s for s in scenarios if s.name != "baseline"] or scenarios
    cols = 2
    rows = (len(others) + cols - 1) // cols
    fig, axes = figures.figure(rows, cols, height_per_row=1.9)
    for ax, scenario in zip(axes.flat, others):
        pair = [s for s in scenarios if s.name in ("baseline", scenario.name)]
        draw_indicator(ax, variable, ds, pair, targets, history, lang, style)
        ax.set_title(textwrap.fill(scenario.label(lang), 40), fontsize=figures.SMALLEST_PT + 1)
        ax.set_ylabel("")
    for ax in axes.flat[len(others):]:
        ax.set_visible(False)
    top = min(ax.get_ylim()[0] for ax in axes.flat[:len(others)]), max(ax.get_ylim()[1] for ax in axes.flat[:len(others)])
    for ax in axes.flat[:len(others)]:
        ax.set_ylim(*top)
    fig.suptitle(f"{textwrap.fill(title(variable, lang), 70)} ({unit(variable, lang)})", fontsize=10, fontweight="bold")
    handles = [h for h in _legend_handles(ds, scenarios, history, lang, style)
               if h.get_label() not in {textwrap.fill(s.label(lang), 42) for s in others}]
    footer_in, legend_in = 0.55, 0.2 * ((len(handles) + 1) // 2)
    height = fig.get_figheight() + footer_in + legend_in
    fig.set_figheight(height)
    fig.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, footer_in / height), ncol=2, frameon=False)
    figures.footer(fig, lang, _sources(variable, targets, history, lang))
    fig.tight_layout(rect=(0, (footer_in + legend_in + 0.05) / height, 1, 0.97))
    return fig


def overview_figure(ds: "xr.Dataset", scenarios: Sequence, targets: Sequence, history: Sequence, lang: str,
                    folder: Path | None = None, formats=DEFAULT_FORMATS):
    """The key indicators on one page; saved to ``folder`` (paths returned) or returned as a figure."""
    style = styles([s.name for s in scenarios])
    panels = key_indicators()
    rows = (len(panels) + 1) // 2
    handles = _legend_handles(ds, scenarios, history, lang, style)
    footer_in, legend_in = 0.75, 0.36 * ((len(handles) + 1) // 2)
    fig, axes = figures.figure(rows, 2, height_per_row=2.2)
    height = fig.get_figheight() + footer_in + legend_in
    fig.set_figheight(height)
    for ax, variable in zip(axes.flat, panels):
        draw_indicator(ax, variable, ds, scenarios, targets, history, lang, style)
        ax.set_title(textwrap.fill(title(variable, lang), 38))
    for ax in axes.flat[len(panels):]:
        ax.set_visible(False)
    fig.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, footer_in / height), ncol=2, frameon=False)
    fig.suptitle(word("overview", lang), fontsize=11, fontweight="bold")
    figures.footer(fig, lang, _sources(None, targets, history, lang))
    fig.tight_layout(rect=(0, (footer_in + legend_in + 0.05) / height, 1, 0.985))
    if folder is None:
        return fig
    return figures.save(fig, folder, "overview", formats)


def lever_figure(ds: "xr.Dataset", scenarios: Sequence, levers: Sequence[str], lang: str, folder: Path | None = None,
                 formats=DEFAULT_FORMATS):
    """The lever paths of each scenario; saved to ``folder`` (paths returned) or returned as a figure."""
    style = styles([s.name for s in scenarios])
    panels = [LEVER_PANELS.get(v, v) for v in levers]
    panels += [v for v in LEVER_PANELS.values() if v not in panels]
    panels = [v for v in dict.fromkeys(panels) if v in ds.data_vars]
    legend_in = 0.34 * ((len(scenarios) + 1) // 2)  # two-line labels, two columns
    fig, axes = figures.figure(2, 2, height_per_row=2.0)
    height = 4.6 + legend_in
    fig.set_figheight(height)
    for ax, variable in zip(axes.flat, panels):
        _draw_scenarios(ax, variable, ds, scenarios, lang, style, bands=False)
        ax.set_title(textwrap.fill(title(variable, lang), 36), fontsize=9)
        ax.set_ylabel(textwrap.fill(unit(variable, lang), 24))
        ax.set_xlim(2020, ds["time"].values[-1])
        ax.xaxis.set_major_locator(MultipleLocator(5))
        ax.axvline(policy_start(ds) - 0.5, color="#999999", lw=0.8, ls=":")
    for ax in axes.flat[len(panels):]:
        ax.set_visible(False)
    fig.legend(handles=_scenario_handles(scenarios, lang, style), loc="lower center", ncol=2, frameon=False)
    fig.suptitle(word("levers", lang), fontsize=10, fontweight="bold")
    fig.tight_layout(rect=(0, (legend_in + 0.1) / height, 1, 0.96))
    if folder is None:
        return fig
    return figures.save(fig, folder, "levers", formats)
