"""What changed between two compare/report output folders: the inputs (model, data, parameter
set, scenarios) by their recorded hashes, and the scorecard values. Both files are read by the
checked readers and a schema, as any input is: they may come from anywhere."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
from pydantic import BaseModel, BeforeValidator, ConfigDict

import innovsd.schema as schema
from innovsd.errors import InputError, MissingFile
from innovsd.tables import csv_rows, read_json

INPUTS = (  # provenance.json path -> what it is
    (("model", "sha256"), "model file"),
    (("parameter_table", "sha256"), "parameter table"),
    (("parameter_set", "file"), "parameter set file"),
    (("parameter_set", "sha256"), "parameter set content"),
    (("ensemble_members",), "ensemble members"),
    (("history", "sha256"), "history data"),
    (("targets", "sha256"), "targets"),
    (("scenarios", "names"), "scenarios"),
    (("scenarios", "sha256"), "scenario files"),
)
KEY = ["target", "scenario"]
COMPARED = ("value", "met", "probability_met", "first_year_met")
MAX_SCORES = 10_000  # rows of a scorecard: targets x scenarios


class _Record(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True)


class _File(_Record):
    file: schema.Text() | None = None
    sha256: schema.Text(128) | None = None
    note: schema.Text() | None = None


class _Scenarios(_Record):
    names: list[schema.Name] | None = None
    sha256: schema.Text(128) | None = None


class RunProvenance(_Record):
    """provenance.json of a compare or report folder: the fields diff compares, typed."""
    date: schema.Text(100) | None = None
    model: _File | None = None
    parameter_table: _File | None = None
    parameter_set: _File | None = None
    ensemble_members: int | None = None
    history: _File | None = None
    targets: _File | None = None
    scenarios: _Scenarios | None = None


def _flag(value: Any) -> bool | None:
    text = value.strip() if isinstance(value, str) else value
    if text in ("", None):
        return None
    if text in ("True", "False"):
        return text == "True"
    from pydantic_core import PydanticCustomError

    raise PydanticCustomError("bool_parsing", "expected true or false", {"got": schema.quoted(value)})


class ScoreRow(schema.Row):
    """A row of scorecard.csv: what diff compares."""
    target: schema.Name
    scenario: schema.Name
    value: schema.OptionalNumberText
    met: Annotated[bool | None, BeforeValidator(_flag)] = None
    probability_met: schema.OptionalNumberText = None
    first_year_met: schema.OptionalNumberText = None


def read_run(folder: Path) -> tuple[dict, pd.DataFrame]:
    folder = Path(folder)
    for name in ("provenance.json", "scorecard.csv"):
        if not (folder / name).is_file():
            raise MissingFile("not a run folder", name=name, source=str(folder))
    path = folder / "provenance.json"
    data = read_json(path)
    if not isinstance(data, dict):
        raise InputError("expected an object", source=str(path))
    provenance = schema.validated(RunProvenance, data, str(path)).model_dump(exclude_unset=True)
    rows = []
    for _, where, row in csv_rows(folder / "scorecard.csv", tuple(KEY + ["value"]), MAX_SCORES):
        found = schema.problems(ScoreRow, row)
        if found:
            loc, problem = found[0]
            raise InputError(problem, source=where, field=".".join(map(str, loc)) or None)
        rows.append(ScoreRow.model_validate(row).model_dump(include=set(KEY) | {c for c in COMPARED if c in row}))
    columns = KEY + [c for c in COMPARED if rows and c in rows[0]]
    card = pd.DataFrame(rows, columns=columns or KEY + ["value"])
    for column, kind in (("value", float), ("probability_met", float), ("first_year_met", "Int64")):
        if column in card:
            card[column] = card[column].astype(kind)
    return provenance, card


def _get(record: dict, path: tuple[str, ...]):
    for key in path:
        if not isinstance(record, dict):
            return None
        record = record.get(key)
    return record


def input_changes(a: dict, b: dict) -> list[tuple[str, object, object]]:
    """(what, in A, in B) for every recorded input that differs."""
    return [(label, _get(a, path), _get(b, path)) for path, label in INPUTS if _get(a, path) != _get(b, path)]


def _same(x, y) -> bool:
    if isinstance(x, float) and isinstance(y, float):
        return (math.isnan(x) and math.isnan(y)) or math.isclose(x, y, rel_tol=1e-12, abs_tol=1e-12)
    return (pd.isna(x) and pd.isna(y)) if (pd.isna(x) or pd.isna(y)) else x == y


def scorecard_changes(a: pd.DataFrame, b: pd.DataFrame) -> pd.DataFrame:
    """One row per (target, scenario) whose value, met, probability or first year differs, or
    that only one run has; columns <field>_a, <field>_b and change (value B - A)."""
    fields = [c for c in COMPARED if c in a.columns or c in b.columns]
    left = a.reindex(columns=KEY + fields).set_index(KEY)
    right = b.reindex(columns=KEY + fields).set_index(KEY)
    joined = left.merge(right, how="outer", left_index=True, right_index=True, suffixes=("_a", "_b"))
    rows = []
    for key, row in joined.iterrows():
        if any(not _same(row[f"{f}_a"], row[f"{f}_b"]) for f in fields):
            rows.append({**dict(zip(KEY, key)), **row.to_dict(), "change": row["value_b"] - row["value_a"]})
    return pd.DataFrame(rows, columns=KEY + [f"{f}_{s}" for f in fields for s in "ab"] + ["change"])
