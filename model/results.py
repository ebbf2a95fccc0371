"""Simulation results as an xarray Dataset: one variable per model variable, dims member × time,
with the model's own units and documentation as attributes."""

from __future__ import annotations

from typing import Mapping

import xarray as xr

from .engine import Engine, Simulation


def to_dataset(sim: Simulation, engine: Engine, attrs: Mapping | None = None) -> xr.Dataset:
    data = {}
    for name, values in sim.values.items():
        variable = engine.variables[name]
        data[name] = xr.Variable(("member", "time"), values, {"units": variable.units, "description": variable.doc})
    coords = {"member": range(sim.n_members), "time": ("time", sim.times, {"units": "year"})}
    return xr.Dataset(data, coords=coords, attrs=dict(attrs or {}))


def member_frame(dataset: xr.Dataset, member: int = 0):
    """One member's run as a table: years × variables (what results.csv holds)."""
    frame = dataset.isel(member=member).drop_vars("member").to_dataframe()
    frame.index.name = "year"
    return frame
