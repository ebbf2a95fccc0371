"""The one lever vocabulary (scenarios/levers.csv): the ids `seek` and the explorer use, the short
names a planner may write in a scenario file instead of the model's lever names, titles and sources,
and each seek lever's range (its lookup range in the .mdl, or its constant's range in
model/parameters.csv). Read when first asked for, never at import."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Mapping

from innovsd.errors import InputError
from innovsd.model.engine import Engine
from innovsd.model.mdl import structure
from innovsd.model.names import name_key
from innovsd.model.parameters import ParameterTable
from innovsd.resources import data_file
from innovsd.tables import csv_rows

LEVERS_FILE = data_file("innovsd.scenarios", "levers.csv")
LEVER_COLUMNS = ("id", "yaml_name", "variable", "kind", "ramp_from", "title_en", "title_vi", "source", "note")


@lru_cache(maxsize=4)
def lever_aliases(path: Path = LEVERS_FILE) -> dict[str, str]:
    """Short scenario-file name -> the model's lever name."""
    return {row["yaml_name"].strip(): row["variable"].strip()
            for _, _, row in csv_rows(path, LEVER_COLUMNS) if row["yaml_name"].strip()}


@lru_cache(maxsize=4)
def lever_costs(path: Path = LEVERS_FILE) -> tuple[str, ...]:
    """The model variables holding each lever's cost to the city (column cost_variable), where it names one."""
    return tuple(row["cost_variable"].strip() for _, _, row in csv_rows(path, LEVER_COLUMNS + ("cost_variable",))
                 if row["cost_variable"].strip())


@dataclass(frozen=True)
class Lever:
    id: str
    variable: str
    kind: str  # "ramp" (time path) or "constant"
    ramp_from: str  # variable whose level in the year before the policy start begins the ramp
    low: float
    high: float
    unit: str
    title: dict[str, str]
    source: str


def _lookup_range(mdl_path: Path, variable: str) -> tuple[float, float]:
    """The y range Vensim declares for a lookup lever: [(x0,y0)-(x1,y1)]."""
    found = structure(Path(mdl_path)).lookup_ranges.get(variable)
    if found is None:
        raise InputError("no lookup range", name=variable, source=str(mdl_path))
    return found


def load_levers(engine: Engine, table: ParameterTable, path: Path = LEVERS_FILE) -> dict[str, Lever]:
    """Seek levers with their ranges: parameters.csv for constants, the .mdl lookup range for paths."""
    levers = {}
    for _, where, row in csv_rows(Path(path), LEVER_COLUMNS):
        variable = engine.canonical(row["variable"], source=where)
        kind = row["kind"].strip()
        if kind == "constant":
            p = table[table.canonical(variable, source=where)]
            low, high, unit = p.low, p.high, p.unit
        elif kind == "ramp":
            low, high = _lookup_range(engine.mdl_path, variable)
            unit = engine.variables[variable].units
        else:
            raise InputError("ramp or constant", kind=kind, source=where, field="kind")
        ramp_from = engine.canonical(row["ramp_from"], source=where) if kind == "ramp" else ""
        levers[row["id"].strip()] = Lever(row["id"].strip(), variable, kind, ramp_from, low, high, unit,
                                          {"en": row["title_en"], "vi": row["title_vi"]}, row["source"])
    return levers


def find_lever(levers: Mapping[str, Lever], name: str) -> Lever:
    """A lever by id (budget, vc-fund, ...) or model variable name."""
    key = name_key(name)
    for lever in levers.values():
        if key in (name_key(lever.id), name_key(lever.variable)):
            return lever
    raise InputError("unknown seek lever", name=name, known=", ".join(levers), field="lever")
