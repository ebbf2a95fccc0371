"""The multi-panel figure of one run: the key indicators over 2013-2035."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import figures
from .labels import key_indicators, title, unit, word

RUN_PANELS = key_indicators() + ["GRDP growth"]


def plot_run(frame: pd.DataFrame, scenario_title: str, lang: str, folder: Path) -> Path:
    rows = (len(RUN_PANELS) + 1) // 2
    fig, axes = figures.figure(rows, 2, height_per_row=2.0)
    for ax, variable in zip(axes.flat, RUN_PANELS):
        ax.plot(frame.index, frame[variable], color=figures.SCENARIO_COLOURS[1], lw=1.8, label=scenario_title)
        ax.set_title(title(variable, lang))
        ax.set_ylabel(unit(variable, lang))
        ax.axvline(2025.5, color="#999999", lw=0.8, ls=":")
    for ax in axes.flat[len(RUN_PANELS):]:
        ax.set_visible(False)
    for ax in axes[-1]:
        ax.set_xlabel(word("year", lang))
    fig.suptitle(scenario_title, fontsize=11, fontweight="bold")
    figures.footer(fig, lang)
    fig.tight_layout(rect=(0, 0.03, 1, 0.98))
    return figures.save(fig, folder, "indicators", ("png",), dpi=200)[0]
