"""The parameter table (provenance of every constant) and parameter-set files.

A parameter set is a JSON file of values with provenance, optionally with an ensemble of
parameter draws (for uncertainty bands); it is also written as a Vensim ``.cin`` file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Union

import numpy as np

from . import fields
from .names import name_key
from innovsd.errors import InputError, Term, warn
from innovsd.resources import data_file, file_sha256, portable_path
from innovsd.writing import json_text, write_atomically
from innovsd.tables import csv_rows, read_input

PARAMETER_TABLE = data_file("innovsd.model", "parameters.csv")
MODEL_FILE = data_file("innovsd.model", "haiphong_innovation.mdl")
DEFAULT_PARAMETER_SET = data_file("innovsd.calibration", "params/default.json")
SET_FORMAT = "innovsd-parameter-set/1"
TABLE_COLUMNS = ("name", "value", "unit", "low", "high", "calibrate", "prior", "prior_sd", "basis", "source", "note")
BASES = ("document", "literature", "assumption", "calibrated", "lever", "conversion", "switch")
FIXED_BASES = ("lever", "conversion", "switch")  # never varied by sensitivity analysis
GIVEN = "values given as params"  # provenance of a set given as a mapping


@dataclass(frozen=True)
class Parameter:
    name: str
    value: float
    unit: str
    low: float
    high: float
    calibrate: bool
    prior: float | None
    prior_sd: float | None
    basis: str
    source: str
    note: str


class ParameterTable:
    """model/parameters.csv: value, unit, range, calibration flag, prior and source of each constant."""

    def __init__(self, path: Path = PARAMETER_TABLE):
        self.path = Path(path)
        self.parameters: dict[str, Parameter] = {}
        for _, where, row in csv_rows(self.path, TABLE_COLUMNS):
            p = Parameter(
                name=row["name"].strip(),
                value=fields.number(row["value"], source=where, field="value"),
                unit=row["unit"].strip(),
                low=fields.number(row["low"], source=where, field="low"),
                high=fields.number(row["high"], source=where, field="high"),
                calibrate=row["calibrate"].strip().lower() == "yes",
                prior=fields.number(row["prior"], source=where, field="prior", optional=True),
                prior_sd=fields.number(row["prior_sd"], source=where, field="prior_sd", optional=True),
                basis=row["basis"].strip(),
                source=row["source"].strip(),
                note=row["note"].strip(),
            )
            if p.basis not in BASES:
                raise InputError("unknown basis", basis=p.basis, known=", ".join(BASES), source=where, field="basis")
            if not p.low <= p.value <= p.high:
                raise InputError("value outside its range", value=p.value, low=p.low, high=p.high, source=where, field="value")
            self.parameters[p.name] = p
        self._lookup = {name_key(name): name for name in self.parameters}

    def __getitem__(self, name: str) -> Parameter:
        return self.parameters[name]

    def __iter__(self):
        return iter(self.parameters.values())

    def canonical(self, name: str, *, source: str | None = None) -> str:
        found = self._lookup.get(name_key(name))
        if found is None:
            raise InputError("unknown parameter", name=name, source=source)
        return found

    def calibrated(self) -> list[Parameter]:
        return [p for p in self.parameters.values() if p.calibrate]

    def uncertain(self) -> list[Parameter]:
        """Parameters with a real range: what sensitivity analysis varies."""
        return [p for p in self.parameters.values() if p.high > p.low and p.basis not in FIXED_BASES]

    def validate(self, values: Mapping[str, Any], *, source: str | None = None) -> dict[str, float]:
        """Check names, numbers and ranges; return canonical names with float values."""
        checked: dict[str, float] = {}
        for raw_name, raw_value in values.items():
            name = self.canonical(raw_name, source=source)
            value = fields.number(raw_value, source=source or "", field=name)
            p = self.parameters[name]
            if not p.low <= value <= p.high:
                raise InputError("outside plausible range", value=value, low=p.low, high=p.high, unit=p.unit,
                                 source=source, field=name)
            checked[name] = value
        return checked


@dataclass
class ParameterSet:
    """Values for some constants, their provenance, and optionally an ensemble of draws."""

    values: dict[str, float] = field(default_factory=dict)
    provenance: dict[str, Any] = field(default_factory=dict)
    ensemble: dict[str, list[float]] | None = None
    path: Path | None = None

    def label(self, fallback: str = "model defaults") -> str:
        """The set as provenance names it: its file, values given in code, or ``fallback``."""
        if self.path:
            return portable_path(self.path)
        return GIVEN if self.provenance.get("kind") == GIVEN else fallback

    @property
    def ensemble_size(self) -> int:
        return len(next(iter(self.ensemble.values()))) if self.ensemble else 0

    def ensemble_arrays(self) -> dict[str, np.ndarray]:
        return {k: np.asarray(v, dtype=float) for k, v in (self.ensemble or {}).items()}

    @classmethod
    def load(cls, path: Path, table: ParameterTable) -> "ParameterSet":
        path = Path(path)
        text = read_input(path, "parameter file")
        try:
            data = json.loads(text, parse_constant=_no_constant)
        except (ValueError, RecursionError) as error:
            raise InputError("not valid JSON", detail=" ".join(str(error).split())[:200], source=str(path)) from None
        if not isinstance(data, dict) or not isinstance(data.get("values"), dict):
            raise InputError("expected values object", source=str(path), field="values")
        if not isinstance(data.get("provenance") or {}, dict):
            raise InputError("expected an object", source=str(path), field="provenance")
        values = table.validate(data["values"], source=str(path))
        ensemble = None
        if data.get("ensemble"):
            raw = data["ensemble"]
            if not isinstance(raw, dict):
                raise InputError("expected ensemble object", source=str(path), field="ensemble")
            ensemble = {}
            for name, draws in raw.items():
                canonical = table.canonical(name, source=str(path))
                if not isinstance(draws, list) or not draws:
                    raise InputError("expected list of numbers", source=str(path), field=f"ensemble.{name}")
                ensemble[canonical] = [fields.number(v, source=str(path), field=f"ensemble.{name}") for v in draws]
            if len({len(v) for v in ensemble.values()}) > 1:
                raise InputError("ensemble lists differ", source=str(path), field="ensemble")
        loaded = cls(values, dict(data.get("provenance") or {}), ensemble, path)
        loaded.warn_if_doubtful()
        return loaded

    def warn_if_doubtful(self) -> None:
        """A set made for another version of the model, or cut short, still runs: say so every time."""
        recorded = self.provenance.get("model_sha256")
        if recorded and recorded != file_sha256(MODEL_FILE):
            warn("made for another model", source=str(self.path), field="provenance.model_sha256")
        if self.provenance.get("interrupted"):
            stage = self.provenance.get("stage", "search")
            warn("calibration was interrupted", stage=Term(f"stage {stage}", default=str(stage)),
                 source=str(self.path), field="provenance.interrupted")

    def save(self, path: Path) -> None:
        body = {"format": SET_FORMAT, "values": self.values, "provenance": self.provenance}
        if self.ensemble:
            body["ensemble"] = self.ensemble
        # A fit statistic can be undefined (a series at zero has no growth rate): null, never NaN.
        write_atomically(path, json_text(body, indent=2) + "\n")
        write_atomically(Path(path).with_suffix(".cin"), self.to_cin())
        self.path = Path(path)

    def to_cin(self) -> str:
        """Vensim changes file: load it in Vensim with the model to run these values."""
        lines = [f"{name} = {value!r}" for name, value in self.values.items()]
        return "\n".join(lines) + "\n"


def _no_constant(name: str):
    raise ValueError(f"{name} is not a JSON number")


ParamsLike = Union[str, Path, Mapping[str, float], ParameterSet, None]  # what ``params=`` accepts


def load_parameter_set(params: ParamsLike, table: ParameterTable) -> ParameterSet:
    """The parameter set ``params`` gives: a saved set (a ParameterSet, or the path of its JSON
    file), or a mapping of constants to values, each checked against its range; None: the shipped
    calibrated set, else the .mdl defaults (an empty set)."""
    if isinstance(params, ParameterSet):
        return params
    if isinstance(params, Mapping):
        return ParameterSet(table.validate(params, source="params"), {"kind": GIVEN, "source": GIVEN})
    if params is not None:
        return ParameterSet.load(Path(params), table)
    if DEFAULT_PARAMETER_SET.is_file():
        return ParameterSet.load(DEFAULT_PARAMETER_SET, table)
    return ParameterSet(provenance={"source": "model defaults (no calibrated set shipped)"})
