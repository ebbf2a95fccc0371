"""The parameter table (provenance of every constant) and parameter-set files.

A parameter set is a JSON file of values with provenance, optionally with an ensemble of
parameter draws (for uncertainty bands); it is also written as a Vensim ``.cin`` file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Union

import numpy as np

from . import fields
from .names import name_key
from .set_schema import SET_FORMAT, set_file
from innovsd.errors import InputError, Term, warn
from innovsd.resources import SHIPPED, data_file, file_sha256, portable_path
from innovsd.writing import json_text, output, write_atomically
from innovsd.tables import csv_rows, read_json

PARAMETER_TABLE = data_file("innovsd.model", "parameters.csv")
MODEL_FILE = data_file("innovsd.model", "haiphong_innovation.mdl")
DEFAULT_PARAMETER_SET = data_file("innovsd.calibration", "params/default.json")
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
        self._lookup: dict[str, str] = {}  # name_key -> the table's spelling
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
            if name_key(p.name) in self._lookup:
                raise InputError("same name twice", name=p.name, other=self._lookup[name_key(p.name)], source=where,
                                 field="name")
            self.parameters[p.name] = p
            self._lookup[name_key(p.name)] = p.name

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
        """Check names, numbers and ranges; return canonical names with float values. Two names
        of one constant (``Brain_Drain elasticity`` and ``brain drain elasticity``) are an error."""
        checked: dict[str, float] = {}
        given: dict[str, str] = {}
        for raw_name, raw_value in values.items():
            name = self._unique(raw_name, given, source)
            value = fields.number(raw_value, source=source or "", field=name)
            p = self.parameters[name]
            if not p.low <= value <= p.high:
                raise InputError("outside plausible range", value=value, low=p.low, high=p.high, unit=p.unit,
                                 source=source, field=name)
            checked[name] = value
        return checked

    def validate_ensemble(self, draws: Mapping[str, list], *, source: str | None = None) -> dict[str, list[float]]:
        """Parameter draws by canonical name: every list as long as the others (at most
        ``set_schema.MAX_MEMBERS``), every draw inside its parameter's range."""
        checked: dict[str, list[float]] = {}
        given: dict[str, str] = {}
        for raw_name, values in draws.items():
            name = self._unique(raw_name, given, source, "ensemble.")
            array = np.asarray(values, dtype=float)
            p = self.parameters[name]
            outside = np.flatnonzero(~((array >= p.low) & (array <= p.high)))
            if outside.size:
                raise InputError("outside plausible range", value=array[outside[0]], low=p.low, high=p.high,
                                 unit=p.unit, source=source, field=f"ensemble.{name}[{outside[0]}]")
            checked[name] = [float(v) for v in values]
        if len({len(v) for v in checked.values()}) > 1:
            raise InputError("ensemble lists differ", source=source, field="ensemble")
        return checked

    def _unique(self, raw_name: str, given: dict[str, str], source: str | None, prefix: str = "") -> str:
        name = self.canonical(raw_name, source=source)
        if name in given:
            raise InputError("same name twice", name=raw_name, other=given[name], source=source,
                             field=prefix + name)
        given[name] = raw_name
        return name


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
        """A saved set, checked: its structure and types (``set_schema``), the names and ranges of
        its values and draws (``table``)."""
        path = Path(path)
        loaded = set_file(read_json(path, "parameter file"), str(path))
        values = table.validate(loaded.values, source=str(path))
        ensemble = table.validate_ensemble(loaded.ensemble, source=str(path)) if loaded.ensemble else None
        provenance = loaded.provenance.model_dump(exclude_unset=True) if loaded.provenance else {}
        parameter_set = cls(values, provenance, ensemble, path)
        parameter_set.warn_if_doubtful()
        return parameter_set

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
        """The set as JSON with its Vensim .cin beside it; the files its provenance names are
        recorded relative to the set's folder (shipped data by its place in the package)."""
        self.provenance = {k: _relative_to(path, v) if k in NAMED_FILES else v for k, v in self.provenance.items()}
        body = {"format": SET_FORMAT, "values": self.values, "provenance": self.provenance}
        if self.ensemble:
            body["ensemble"] = self.ensemble
        # A fit statistic can be undefined (a series at zero has no growth rate): null, never NaN.
        with output(path):
            write_atomically(path, json_text(body, indent=2) + "\n")
        with output(Path(path).with_suffix(".cin")) as cin:
            write_atomically(cin, self.to_cin())
        self.path = Path(path)

    def to_cin(self) -> str:
        """Vensim changes file: load it in Vensim with the model to run these values."""
        lines = [f"{name} = {value!r}" for name, value in self.values.items()]
        return "\n".join(lines) + "\n"


NAMED_FILES = ("data_file", "priors_file")  # provenance entries naming a file, read again by `fit`


def _relative_to(set_file: Path, recorded):
    """A file recorded relative to the working folder, as the set's folder reaches it."""
    if not isinstance(recorded, str) or recorded.partition("/")[0] in SHIPPED or not Path(recorded).is_file():
        return recorded
    try:
        return Path(os.path.relpath(Path(recorded).resolve(), Path(set_file).resolve().parent)).as_posix()
    except ValueError:  # another drive (Windows): no relative path reaches it
        return recorded


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
