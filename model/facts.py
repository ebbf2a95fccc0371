"""What the engine knows of a model without running it, as pysd reads it: names, kinds, units,
documentation, subscripts, constants (arrays for subscripted ones) and control values; cached
beside pysd's translation, so that a run which needs no pysd code imports no pysd."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from innovsd.cache import cache_root, read_sealed, write_sealed

from .translation import load_translation, model_digest, version

FACTS_FORMAT = 2
CONTROL_NAMES = ("INITIAL TIME", "FINAL TIME", "TIME STEP", "SAVEPER")
KINDS = {
    ("Constant", "Normal"): "constant",
    ("Stateful", "Integ"): "stock",
    ("Stateful", "Initial"): "initial",
    ("Auxiliary", "with Lookup"): "lever",
}


@dataclass(frozen=True)
class Variable:
    name: str
    py_name: str
    units: str
    kind: str  # constant, stock, lever, auxiliary, initial, lookup, data
    doc: str
    dims: tuple = ()  # the subscript ranges it is indexed by


def _kind(row) -> str:
    if row.Type == "Lookup":
        return "lookup"
    if row.Type == "Data":
        return "data"
    if row.Type == "Constant":  # numbers, arrays, or values read from data files
        return "constant"
    return KINDS.get((row.Type, row.Subtype), "auxiliary")


def _dynamic(model, py_name: str) -> bool:
    """Whether a value depends on Time or on a state, so changes while the model runs."""
    seen, todo = set(), [py_name]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for dep in model.dependencies.get(name, {}):
            if dep in ("time", "initial", "step") or dep.startswith("_"):
                return True
            todo.append(dep)
    return False


def _array(value, dims: tuple) -> list | float:
    if not dims:
        return float(value)
    return np.asarray(value.transpose(*dims).values, dtype=float).tolist()


def read(mdl_path: Path) -> dict:
    """The facts, from the cache or pysd's translation."""
    mdl_path = Path(mdl_path)
    cached = cache_root() / f"{mdl_path.stem}-{model_digest(mdl_path, version('pysd'), str(FACTS_FORMAT))}.engine.json"
    text = read_sealed(cached)
    if text is not None:
        try:
            facts = json.loads(text)
            if {"variables", "constants", "times", "subscripts", "dynamic"} <= set(facts):
                return facts
        except ValueError:
            pass  # unreadable: read the translation again and overwrite it
    import pandas as pd

    model = load_translation(mdl_path)
    variables = []
    for row in model.doc.itertuples(index=False):
        dims = tuple(row.Subscripts) if isinstance(row.Subscripts, list) else ()
        units = "" if pd.isna(row.Units) else str(row.Units)
        doc = "" if pd.isna(row.Comment) else " ".join(str(row.Comment).split())
        variables.append([row._0, row._1, units, _kind(row), doc, list(dims)])
    constants = {name: _array(getattr(model.components, py_name)(), tuple(dims))
                 for name, py_name, _, kind, _, dims in variables if kind == "constant" and name not in CONTROL_NAMES}
    controls = ("initial_time", "final_time", "time_step", "saveper")
    facts = {"variables": variables, "constants": constants,
             "times": [float(getattr(model.components, f)()) for f in controls],
             "dynamic": [name for name in controls if _dynamic(model, name)],
             "subscripts": {name: list(elements) for name, elements in model.subscripts.items()}}
    write_sealed(cached, json.dumps(facts))
    return facts
