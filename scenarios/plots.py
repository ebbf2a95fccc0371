"""Comparison figures: every scenario on one panel per indicator, the target as a band, the history as observed."""

from __future__ import annotations

import textwrap
from functools import lru_cache
from pathlib import Path

import numpy as np
from matplotlib.ticker import MultipleLocator

from innovsd.calibration.history import Observation
from innovsd.calibration.sensitivity import ensemble_quantiles
from innovsd.model import figures
from innovsd.model.parameters import ParameterTable
from innovsd.model.labels import key_indicators, title, unit, word

from .compare import BAND, Comparison
from .targets import Target

FORMATS = ("png", "svg", "pdf")
TARGET_COLOUR = "#2ca02c"
DASHES = ("-", "--", "-.", ":")
LINE_WIDTH, LINE_STEP, LINE_WIDTH_MIN = 2.1, 0.13, 1.1  # points: baseline, thinner per scenario, floor


@lru_cache(maxsize=1)
def policy_start() -> int:
    """Levers replace the historical trend from this year (model/parameters.csv)."""
    return int(ParameterTable()["policy start year"].value)


def figure_indicators(targets: list[Target]) -> list[str]:
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


def _draw_targets(ax, variable: str, targets: list[Target], comparison: Comparison, lang: str) -> None:
    for target in (t for t in targets if t.indicator == variable):
        if target.kind == "level":
            top = target.high if target.high is not None else ax.get_ylim()[1]
            ax.axhspan(target.low, top, color=TARGET_COLOUR, alpha=0.13, lw=0, zorder=0)
            ax.axhline(target.low, color=TARGET_COLOUR, lw=1.0, ls="--", zorder=1)
            bound = f"{target.low:g}–{target.high:g}" if target.high is not None else f"≥ {target.low:g}"
            ax.annotate(f"{word('target', lang)}: {bound}", (0.01, target.low), xycoords=("axes fraction", "data"),
                        xytext=(2, 2), textcoords="offset points", fontsize=7, color="#1d6b1d")
        elif comparison.baseline is not None:
            # Growth from the base year: the path the target asks for, and everything above it.
            sim = comparison.baseline
            base = sim.at(variable, target.start)[0]
            years = sim.times[sim.times >= target.start]
            path = base * (1 + target.low / 100.0) ** (years - target.start)
            limits = ax.get_ylim()
            ax.fill_between(years, path, max(limits[1], path.max()), color=TARGET_COLOUR, alpha=0.13, lw=0, zorder=0)
            ax.plot(years, path, color=TARGET_COLOUR, lw=1.0, ls="--", zorder=1)
            ax.set_ylim(*limits)
            ax.text(0.02, 0.96, word("growth target", lang).format(low=target.low, start=target.start),
                    transform=ax.transAxes, fontsize=7, color="#1d6b1d", va="top")


def _draw_history(ax, variable: str, history: list[Observation], lang: str) -> bool:
    drawn = False
    for o in (h for h in history if h.variable == variable):
        drawn = figures.draw_observed(ax, o, color=figures.HISTORY_COLOUR) or drawn
    return drawn


def _draw_scenarios(ax, variable: str, comparison: Comparison, lang: str, style: dict[str, dict],
                    bands: bool = True) -> None:
    """Baseline first and widest, the others on top in turn (see styles)."""
    order = sorted(comparison.scenarios, key=lambda s: s.name != "baseline")
    for scenario in order:
        sim = comparison.central[scenario.name]
        ax.plot(sim.times, sim.values[variable][0], **style[scenario.name], label=scenario.label(lang), zorder=3)
        if bands and scenario.name in comparison.ensemble:
            band = ensemble_quantiles(comparison.ensemble[scenario.name], variable, BAND)
            ax.fill_between(band.index, band.iloc[:, 0], band.iloc[:, 1], color=style[scenario.name]["color"],
                            alpha=0.15, lw=0, zorder=2)
    # Where every scenario still follows the first (the history before the policies start), redraw
    # that one on top: one clean line instead of a stack of dashes.
    first = comparison.central[order[0].name]
    times, reference = first.times, first.values[variable][0]
    shared = times <= policy_start()
    for scenario in order[1:]:
        shared &= np.isclose(comparison.central[scenario.name].values[variable][0], reference, rtol=1e-6, atol=1e-9)
    end = shared.size if shared.all() else int(np.argmin(shared))
    if end > 1:
        ax.plot(times[:end], reference[:end], **style[order[0].name], zorder=3.5)


def draw_indicator(ax, variable: str, comparison: Comparison, targets: list[Target], history: list[Observation],
                   lang: str, style: dict[str, dict]) -> None:
    _draw_scenarios(ax, variable, comparison, lang, style)
    ax.margins(x=0.01)
    _draw_history(ax, variable, history, lang)
    level_targets = [t.high or t.low for t in targets if t.indicator == variable and t.kind == "level"]
    bottom, top = ax.get_ylim()
    ax.set_ylim(min(0, bottom), max(top, 1.12 * max(level_targets, default=0)))
    _draw_targets(ax, variable, targets, comparison, lang)
    ax.axvline(policy_start() - 0.5, color="#999999", lw=0.8, ls=":")
    ax.xaxis.set_major_locator(MultipleLocator(5))
    ax.set_title(textwrap.fill(title(variable, lang), 44))
    ax.set_ylabel(unit(variable, lang))


def _scenario_handles(comparison: Comparison, lang: str, style: dict[str, dict]):
    from matplotlib.lines import Line2D

    return [Line2D([], [], **style[s.name], label=s.label(lang)) for s in comparison.scenarios]


def _legend_handles(comparison: Comparison, history: list[Observation], lang: str, style: dict[str, dict]):
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles = _scenario_handles(comparison, lang, style)
    if comparison.ensemble:
        handles.append(Patch(color="#777777", alpha=0.3, label=f"{word('band', lang)} ({word('members', lang).format(n=comparison.ensemble_size)})"))
    handles.append(Patch(color=TARGET_COLOUR, alpha=0.3, label=word("target", lang)))
    handles.append(Line2D([], [], color=figures.HISTORY_COLOUR, marker="o", lw=2.6, ms=4.5, label=word("history", lang)))
    handles.append(Line2D([], [], color="#999999", lw=0.8, ls=":", label=word("policy start", lang).format(year=policy_start())))
    return handles


def _sources(variable: str | None, targets: list[Target], history: list[Observation]) -> str:
    chosen_t = [t for t in targets if variable in (None, t.indicator)]
    chosen_h = [h for h in history if variable in (None, h.variable)]
    parts = [f"{t.source[:3]} {t.section.split(' (')[0].split(';')[0]}" for t in chosen_t]
    parts += [f"{h.source[:3]} {h.section}" for h in chosen_h]
    text = "; ".join(dict.fromkeys(parts))
    return text if len(text) < 150 else "targets: scenarios/targets.csv; history: calibration/data/history.csv"


def indicator_figure(variable: str, comparison: Comparison, targets: list[Target], history: list[Observation],
                     lang: str, folder: Path, formats=FORMATS) -> list[Path]:
    """One indicator, every scenario, its target band and its history: A4 width."""
    style = styles(comparison.names)
    fig, axes = figures.figure(1, 1, height_per_row=3.6)
    ax = axes[0, 0]
    draw_indicator(ax, variable, comparison, targets, history, lang, style)
    ax.set_xlabel(word("year", lang))
    ax.legend(handles=_legend_handles(comparison, history, lang, style), loc="upper center",
              bbox_to_anchor=(0.5, -0.16), ncol=2, frameon=False)
    figures.footer(fig, lang, _sources(variable, targets, history))
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    stem = "indicator-" + "".join(c if c.isalnum() else "-" for c in variable.lower())
    return figures.save(fig, folder, stem, formats)


def overview_figure(comparison: Comparison, targets: list[Target], history: list[Observation], lang: str,
                    folder: Path | None = None, formats=FORMATS):
    """The key indicators on one page; saved to ``folder`` (paths returned) or returned as a figure."""
    style = styles(comparison.names)
    panels = key_indicators()
    rows = (len(panels) + 2) // 2
    fig, axes = figures.figure(rows, 2, height_per_row=2.15)
    for ax, variable in zip(axes.flat, panels):
        draw_indicator(ax, variable, comparison, targets, history, lang, style)
    legend_ax = axes.flat[len(panels)]
    legend_ax.axis("off")
    legend_ax.legend(handles=_legend_handles(comparison, history, lang, style), loc="center", frameon=False, fontsize=7.5)
    for ax in axes.flat[len(panels) + 1:]:
        ax.set_visible(False)
    fig.suptitle(word("overview", lang), fontsize=11, fontweight="bold")
    figures.footer(fig, lang, "scenarios/targets.csv; calibration/data/history.csv")
    fig.tight_layout(rect=(0, 0.02, 1, 0.985))
    if folder is None:
        return fig
    return figures.save(fig, folder, "overview", formats)


def lever_figure(comparison: Comparison, engine_levers: list[str], lang: str, folder: Path | None = None,
                 formats=FORMATS):
    """The lever paths of each scenario; saved to ``folder`` (paths returned) or returned as a figure."""
    style = styles(comparison.names)
    rows = (len(comparison.scenarios) + 1) // 2  # legend rows
    fig, axes = figures.figure(1, len(engine_levers), height_per_row=2.3)
    height = 2.9 + 0.17 * rows
    fig.set_figheight(height)
    for ax, lever in zip(axes.flat, engine_levers):
        _draw_scenarios(ax, lever, comparison, lang, style, bands=False)
        sim = comparison.central[comparison.scenarios[0].name]
        ax.set_title(textwrap.fill(title(lever, lang), 28), fontsize=8.5)
        ax.set_ylabel(textwrap.fill(unit(lever, lang), 22), fontsize=8)
        ax.set_xlim(2020, sim.times[-1])
        ax.set_xlabel(word("year", lang))
    fig.legend(handles=_scenario_handles(comparison, lang, style), loc="lower center", ncol=2, frameon=False,
               fontsize=7.5)
    fig.suptitle(word("levers", lang), fontsize=10, fontweight="bold")
    fig.tight_layout(rect=(0, (0.17 * rows + 0.1) / height, 1, 0.95))
    if folder is None:
        return fig
    return figures.save(fig, folder, "levers", formats)
