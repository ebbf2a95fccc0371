"""Saved results of a run: each variable an array shaped (members, times), or (members, times,
*subscripts) for a subscripted one, with the ranges and elements that label its last axes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Sequence

import numpy as np

from innovsd.errors import InputError

if TYPE_CHECKING:
    import pandas as pd


@dataclass
class Simulation:
    times: np.ndarray
    values: dict[str, np.ndarray]
    time_step: float = 0.0
    meta: dict = field(default_factory=dict)
    # variable -> ((range, elements), ...) of its trailing axes; absent for unsubscripted ones
    subscripts: dict[str, tuple] = field(default_factory=dict)

    def __getitem__(self, name: str) -> np.ndarray:
        return self.values[name]

    @property
    def n_members(self) -> int:
        return next(iter(self.values.values())).shape[0] if self.values else 0

    def index_of(self, year: float) -> int:
        # np.isclose's tolerance on the sorted times, without its per-call overhead: a
        # calibration step looks up dozens of years per run, thousands of runs in a row.
        times = self.times
        i = int(np.searchsorted(times, year))
        for j in (i - 1, i):
            if 0 <= j < len(times) and abs(times[j] - year) <= 1e-8 + 1e-5 * abs(year):
                return j
        raise InputError("not a saved time", year=year, first=times[0], last=times[-1])

    def at(self, name: str, year: float) -> np.ndarray:
        return self.values[name][:, self.index_of(year)]

    def columns(self, index: int = 0) -> dict[str, np.ndarray]:
        """One member's series by column name: ``name``, or ``name[element,...]`` per element."""
        found = {}
        for name, values in self.values.items():
            series = values[index]
            if series.ndim == 1:
                found[name] = series
                continue
            labels = [elements for _, elements in self.subscripts[name]]
            for position in np.ndindex(*series.shape[1:]):
                element = ",".join(labels[axis][i] for axis, i in enumerate(position))
                found[f"{name}[{element}]"] = series[(slice(None), *position)]
        return found

    def member(self, index: int = 0) -> "pd.DataFrame":
        import pandas as pd

        frame = pd.DataFrame(self.columns(index), index=self.times)
        frame.index.name = "year"
        return frame

    def take(self, members: np.ndarray | slice) -> "Simulation":
        return Simulation(self.times, {k: v[members] for k, v in self.values.items()}, self.time_step,
                          dict(self.meta), dict(self.subscripts))

    @staticmethod
    def concat(parts: Sequence["Simulation"]) -> "Simulation":
        first = parts[0]
        values = {k: np.concatenate([p.values[k] for p in parts]) for k in first.values}
        return Simulation(first.times, values, first.time_step, dict(first.meta), dict(first.subscripts))
