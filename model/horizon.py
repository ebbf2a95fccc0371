"""The model's time axis, from the engine: the grid of its time steps, and the one check every year
a user gives goes through (inside the horizon from the initial to the final time)."""

from __future__ import annotations

import numpy as np

from innovsd.errors import InputError, Problem

# Figures, tables and "first year met" end here; the model runs on (to its final time) for the
# benefits of research that arrive after 2035.
DISPLAY_END = 2035


def time_grid(engine, *, step: float | None = None, until: float | None = None) -> np.ndarray:
    """Times from the initial time to ``until`` (default: the final time), every ``step`` (default:
    the time step): saving every step keeps the steps of a lever path sharp and makes sums over a
    period integrate exactly as the model's Euler steps do."""
    step = engine.time_step if step is None else step
    last = engine.final_time if until is None else until
    return np.arange(engine.initial_time, last + step / 2, step)


def inside_horizon(year: float, engine) -> bool:
    return bool(engine.initial_time <= year <= engine.final_time)


def horizon_problem(year: float, engine) -> Problem:
    """What is wrong with a year outside the horizon."""
    return Problem("year outside the horizon", year=year, first=engine.initial_time, last=engine.final_time)


def check_year(year, engine, *, field: str | None = None, source: str | None = None):
    """``year`` when it lies inside the horizon, else an InputError naming ``field``."""
    if not inside_horizon(year, engine):
        raise InputError(horizon_problem(year, engine), source=source, field=field)
    return year
