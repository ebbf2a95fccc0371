"""The competing forms of the S&T -> TFP channel (model/structures.csv): each is a setting of the
model's switch constants, with its own calibrated parameter set shipped beside the default one.

Layout: ``calibration/params/default.json`` is the first structure's set (the default of every
command); another structure's set is ``calibration/params/<name>.json``. A set records the switch
settings among its values, so loading it runs its structure."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from innovsd.errors import InputError
from innovsd.resources import data_file
from innovsd.tables import csv_rows

from . import fields

STRUCTURE_TABLE = data_file("innovsd.model", "structures.csv")
PARAMS_FOLDER = data_file("innovsd.calibration", "params")
COLUMNS = ("name", "settings", "title_en", "title_vi", "description", "reference")


@dataclass(frozen=True)
class Structure:
    name: str
    settings: dict[str, float]  # switch constant -> value
    title: dict[str, str]
    description: str
    reference: str

    @property
    def parameter_file(self) -> Path:
        """The calibrated set of this structure (the shipped default for the first one)."""
        return PARAMS_FOLDER / ("default.json" if self is structures()[0] else f"{self.name}.json")


@lru_cache(maxsize=1)
def structures() -> tuple[Structure, ...]:
    """Every structure in the table's order; the first is the model's default."""
    found = []
    for _, where, row in csv_rows(STRUCTURE_TABLE, COLUMNS):
        settings = {}
        for part in row["settings"].split(";"):
            name, _, value = part.partition("=")
            settings[name.strip()] = fields.number(value, source=where, field="settings")
        found.append(Structure(row["name"].strip(), settings, {"en": row["title_en"].strip(),
                               "vi": row["title_vi"].strip()}, row["description"].strip(), row["reference"].strip()))
    return tuple(found)


def structure(name: str) -> Structure:
    """The structure called ``name`` (case-insensitive)."""
    for candidate in structures():
        if candidate.name.lower() == str(name).strip().lower():
            return candidate
    raise InputError("unknown structure", name=name, known=", ".join(s.name for s in structures()))
