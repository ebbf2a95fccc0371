"""What changed between two compare/report output folders: the inputs (model, data, parameter
set, scenarios) by their recorded hashes, and the scorecard values."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd

from innovsd.errors import InputError, MissingFile

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


def read_run(folder: Path) -> tuple[dict, pd.DataFrame]:
    folder = Path(folder)
    for name in ("provenance.json", "scorecard.csv"):
        if not (folder / name).is_file():
            raise MissingFile("not a run folder", name=name, source=str(folder))
    try:
        provenance = json.loads((folder / "provenance.json").read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise InputError("not valid JSON", detail=error, source=str(folder / "provenance.json")) from None
    card = pd.read_csv(folder / "scorecard.csv", encoding="utf-8-sig")
    missing = [c for c in KEY + ["value"] if c not in card.columns]
    if missing:
        raise InputError("missing columns", columns=", ".join(missing), source=str(folder / "scorecard.csv"))
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
