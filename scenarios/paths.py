"""Lever paths on the model's time grid: the .mdl's own, a scenario's pieces (value, step, ramp,
table) applied to them, and the ramps `seek` and the explorer build to a level by a year."""

from __future__ import annotations

import numpy as np

from innovsd.model.engine import Engine
from innovsd.model.horizon import time_grid


def default_paths(engine: Engine) -> dict[str, np.ndarray]:
    """The .mdl's own lever paths on the time grid, read by running the model once."""
    years = time_grid(engine)
    sim = engine.run(outputs=engine.levers, save_years=years)
    return {name: sim.values[name][0].copy() for name in engine.levers}


def compile_pieces(years: np.ndarray, base: np.ndarray, pieces: list[dict]) -> np.ndarray:
    """Apply pieces in order to a copy of ``base``; later pieces overwrite earlier ones."""
    path = np.array(base, dtype=float)
    for piece in pieces:
        kind = piece["kind"]
        if kind in ("value", "step"):
            start = piece["from"] if kind == "value" else piece["year"]
            path[years >= start - 1e-9] = piece["value"]
        elif kind == "ramp":
            start = piece.get("start", float(np.interp(piece["from"], years, path)))
            inside = (years >= piece["from"] - 1e-9) & (years <= piece["to"] + 1e-9)
            share = (years[inside] - piece["from"]) / (piece["to"] - piece["from"])
            path[inside] = start + (piece["end"] - start) * share
            path[years > piece["to"] + 1e-9] = piece["end"]
        elif kind == "table":
            table_years = np.array(list(piece["table"]), dtype=float)
            table_values = np.array(list(piece["table"].values()), dtype=float)
            after = years >= table_years[0] - 1e-9
            path[after] = np.interp(years[after], table_years, table_values)
    return path


def ramps(times: np.ndarray, base: np.ndarray, start: np.ndarray, levels: np.ndarray, anchor: float,
          year: float) -> np.ndarray:
    """One path per (start, level) row: ``base`` until ``anchor``, then a straight line from
    ``start`` (the lever's level in ``anchor``) to ``level`` by ``year``, held after: how `seek`
    and the explorer raise a lever to a level by a year."""
    share = np.clip((times - anchor) / (year - anchor), 0.0, 1.0)
    values = start[:, None] + (levels - start)[:, None] * share[None, :]
    return np.where(times[None, :] > anchor, values, base[None, :])
