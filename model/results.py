"""Simulation results: one run as plain arrays (``Run``), or an xarray Dataset with one variable per
model variable, dims member × time (× one dimension per subscript range of a subscripted variable,
labelled by its elements), with the model's own units and documentation as attributes; and the
percentiles of an ensemble over time (bands).

``Run`` needs neither xarray nor pandas, so `innovsd run` starts fast; ``Run.to_dataset`` is what
``innovsd.run`` returns."""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Mapping, Sequence

import numpy as np

from .engine import Engine, Simulation

if TYPE_CHECKING:
    import pandas as pd
    import xarray as xr

QUANTILES = (5, 25, 50, 75, 95)  # the percentiles of a fan chart


def to_dataset(sim: Simulation, engine: Engine, attrs: Mapping | None = None) -> "xr.Dataset":
    import xarray as xr

    data, coords = {}, {"member": range(sim.n_members), "time": ("time", sim.times, {"units": "year"})}
    for name, values in sim.values.items():
        variable = engine.variables[name.split("[")[0]]
        ranges = sim.subscripts.get(name, ())
        for dim, elements in ranges:
            coords[dim] = list(elements)
        data[name] = xr.Variable(("member", "time", *(dim for dim, _ in ranges)), values,
                                 {"units": variable.units, "description": variable.doc})
    return xr.Dataset(data, coords=coords, attrs=dict(attrs or {}))


def ensemble_quantiles(sim: Simulation, var: str, q: Sequence[float] = QUANTILES) -> "pd.DataFrame":
    """Percentiles of ``var`` across members at each saved time (rows: years, columns: q).
    Members with a non-finite value at a time are left out at that time."""
    import pandas as pd

    values = sim.values[var]
    with np.errstate(invalid="ignore"):
        table = np.nanpercentile(np.where(np.isfinite(values), values, np.nan), list(q), axis=0).T
    return pd.DataFrame(table, index=pd.Index(sim.times, name="year"), columns=[f"p{x:g}" for x in q])


def member_frame(dataset: "xr.Dataset", member: int = 0):
    """One member's run as a table: years × variables (what results.csv holds); a subscripted
    variable gives a column per element, ``name[element,...]``."""
    import pandas as pd

    one = dataset.isel(member=member)
    columns = {}
    for name, variable in one.data_vars.items():
        ranges = [d for d in variable.dims if d != "time"]
        if not ranges:
            columns[name] = variable.values
            continue
        values = variable.transpose("time", *ranges).values
        for index in np.ndindex(*values.shape[1:]):
            element = ",".join(str(one[d].values[i]) for d, i in zip(ranges, index))
            columns[f"{name}[{element}]"] = values[(slice(None), *index)]
    frame = pd.DataFrame(columns, index=pd.Index(one["time"].values, name="year"))
    return frame


@dataclass
class Run:
    """One run of one scenario: the simulation, the engine that names its variables, the
    attributes the Dataset carries (scenario, titles, parameter set, overrides, values), and the
    inputs it ran with (every constant set, every lever path the scenario sets)."""

    sim: Simulation
    engine: Engine
    attrs: dict
    values: dict[str, float] = field(default_factory=dict)
    paths: dict = field(default_factory=dict)

    @property
    def times(self) -> np.ndarray:
        return self.sim.times

    def series(self, name: str) -> np.ndarray:
        """``name`` by saved time (the run's single member)."""
        return self.sim.values[name][0]

    def to_dataset(self) -> "xr.Dataset":
        return to_dataset(self.sim, self.engine, self.attrs)

    def frame(self) -> "pd.DataFrame":
        """Years × variables, as ``member_frame`` of the Dataset."""
        return member_frame(self.to_dataset())

    def to_dataframe(self) -> "pd.DataFrame":
        """Years × variables (what results.csv holds)."""
        return self.frame()

    def write_csv(self, path: Path) -> None:
        """The table of ``frame()`` as pandas' ``to_csv`` writes it (same text), without pandas."""
        found = self.sim.columns(0)
        names, columns = list(found), list(found.values())
        with open(path, "w", newline="", encoding="utf-8") as stream:
            writer = csv.writer(stream, lineterminator=os.linesep)
            writer.writerow(["year", *names])
            for i, year in enumerate(self.times):
                writer.writerow([_text(year), *(_text(column[i]) for column in columns)])


def _text(value) -> str:
    value = float(value)
    return "" if value != value else repr(value)  # NaN as an empty field, as pandas writes it
