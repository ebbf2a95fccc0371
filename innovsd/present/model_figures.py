"""The multi-panel figure of one run: the key indicators over 2013-2035."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pandas as pd

from . import figures
from .labels import key_indicators, title, unit
from .words import word
from innovsd.resources import data_file

def plot_run(frame: pd.DataFrame, scenario_title: str, lang: str, folder: Path, history=()) -> Path:
    """Key indicators of one run, with the history rows (calibration Observations) as observed."""
    panels = key_indicators() + ["GRDP growth"]
    rows = (len(panels) + 1) // 2
    fig, axes = figures.figure(rows, 2, height_per_row=2.0)
    for ax, variable in zip(axes.flat, panels):
        ax.plot(frame.index, frame[variable], color=figures.SCENARIO_COLOURS[1], lw=1.8, label=scenario_title)
        ax.set_title(title(variable, lang))
        ax.set_ylabel(unit(variable, lang))
        ax.axvline(2025.5, color="#999999", lw=0.8, ls=":")
        for observation in (o for o in history if o.variable == variable):
            figures.draw_observed(ax, observation, color=figures.HISTORY_COLOUR)
    for ax in axes.flat[len(panels):]:
        ax.set_visible(False)
    for ax in axes[-1]:
        ax.set_xlabel(word("year", lang))
    fig.suptitle(scenario_title, fontsize=11, fontweight="bold")
    fig.legend(handles=[
        figures.plt.Line2D([], [], color=figures.SCENARIO_COLOURS[1], lw=1.8, label=word("simulated", lang)),
        figures.plt.Line2D([], [], color=figures.HISTORY_COLOUR, marker="o", lw=2.4, label=word("history", lang)),
    ], loc="upper center", bbox_to_anchor=(0.5, 0.965), ncol=2, frameon=False, fontsize=8)
    share = figures.footer(fig, lang, "calibration/data/history.csv")
    fig.tight_layout(rect=(0, share, 1, 0.95))
    return figures.save(fig, folder, "indicators", ("png",), dpi=200)[0]


LOOP_TABLE = data_file("innovsd.model", "loops.csv")
LOOP_COLOURS = {"R": "#0072B2", "B": "#D55E00"}


def loop_members(table: pd.DataFrame) -> dict[str, list[tuple[str, str]]]:
    """Each named loop's links (an edge row's `loop` lists every loop it belongs to, ';'-separated)."""
    members: dict[str, list[tuple[str, str]]] = {name: [] for name in table[table.kind == "loop"].name}
    for edge in table[table.kind == "edge"].itertuples():
        for name in filter(None, edge.loop.split(";")):
            members.setdefault(name, []).append((edge.name, edge.target))
    return members


def plot_loops(folder: Path, lang: str = "en") -> Path:
    """The causal-loop overview (model/loops.csv): main variables, signed links, every named loop
    drawn as its closed chain of links with its name inside it."""
    table = pd.read_csv(LOOP_TABLE, keep_default_na=False)
    nodes = {r.name: (float(r.x), float(r.y)) for r in table[table.kind == "node"].itertuples()}
    names = {r.name: (r.label if lang == "en" else r.label_vi) for r in table[table.kind == "node"].itertuples()}
    fig, axes = figures.figure(1, 1, height_per_row=6.2)
    ax = axes[0, 0]
    ax.set_axis_off()
    ax.set_xlim(-0.1, 1.12)
    ax.set_ylim(-0.2, 1.0)
    boxes = {
        name: ax.text(x, y, textwrap.fill(names[name] or title(name, lang), 20), ha="center", va="center",
                      fontsize=figures.SMALLEST_PT, zorder=3,
                      bbox=dict(boxstyle="round,pad=0.3", fc="#f4f4f4", ec="#888888", lw=0.6))
        for name, (x, y) in nodes.items()
    }
    fig.canvas.draw()  # lay the boxes out so arrows can end at their edges
    pairs = {(e.name, e.target) for e in table[table.kind == "edge"].itertuples()}
    for edge in table[table.kind == "edge"].itertuples():
        (x0, y0), (x1, y1) = nodes[edge.name], nodes[edge.target]
        colour = "#0072B2" if edge.sign == "+" else "#D55E00"
        # A two-variable loop bends its two links apart so the loop reads as a circle.
        rad = 0.4 if (edge.target, edge.name) in pairs else 0.15
        ax.annotate("", xy=(x1, y1), xytext=(x0, y0), arrowprops=dict(
            arrowstyle="-|>", color=colour, lw=1.1, shrinkA=3, shrinkB=3, connectionstyle=f"arc3,rad={rad}",
            patchA=boxes[edge.name].get_bbox_patch(), patchB=boxes[edge.target].get_bbox_patch()))
        # Sign beside the arc's midpoint (arc3 bends by rad * (dy, -dx) at its middle).
        ax.text((x0 + x1) / 2 + 0.6 * rad * (y1 - y0), (y0 + y1) / 2 - 0.6 * rad * (x1 - x0),
                "+" if edge.sign == "+" else "\u2212", color=colour, fontsize=10, fontweight="bold",
                ha="center", va="center")
    for loop in table[table.kind == "loop"].itertuples():
        name = loop.label if lang == "en" else loop.label_vi
        ax.text(float(loop.x), float(loop.y), f"{loop.name}\n{textwrap.fill(name, 16)}", ha="center", va="center",
                fontsize=figures.SMALLEST_PT, color=LOOP_COLOURS[loop.name[0]], style="italic", fontweight="bold")
    ax.set_title(word("loops title", lang), fontsize=11)
    note = word("loops note", lang)
    share = figures.footer(fig, lang, "", note)
    fig.tight_layout(rect=(0, share, 1, 1))
    return figures.save(fig, folder, "causal_loops", ("png",), dpi=200)[0]
