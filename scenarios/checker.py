"""What a scenario file's structure cannot say by itself, checked against the model: lever and
parameter names, years inside the horizon, levels inside each lever's unit and lookup range. The
structure and types are checked before, by the models in ``spec.py``."""

from __future__ import annotations

from typing import Any

import numpy as np

from innovsd.errors import InputError, Problem
from innovsd.model.engine import Engine
from innovsd.model.horizon import horizon_problem, inside_horizon
from innovsd.model.mdl import structure
from innovsd.model.names import name_key
from innovsd.model.parameters import ParameterTable

from . import spec
from .levers import lever_aliases

class Checker:
    """Checks a file's levers and params against the model. Each check appends (key path, problem)
    to ``errors`` so that a file's problems are reported together."""

    def __init__(self, engine: Engine, table: ParameterTable):
        self.engine, self.table = engine, table
        self.ranges = structure(engine.mdl_path).lookup_ranges

    def levers(self, errors: list, raw_levers: Any) -> dict[str, list[dict]]:
        """The file's lever pieces in canonical form, by the model's lever name."""
        own: dict[str, list[dict]] = {}
        if not isinstance(raw_levers, dict):
            return own
        given: dict[str, object] = {}
        for raw, raw_spec in raw_levers.items():
            lever = _once(errors, given, ("levers", raw), self.lever_name(errors, raw))
            many = isinstance(raw_spec, list)
            for j, raw_piece in enumerate(raw_spec if many else [raw_spec]):
                keys = ("levers", raw, *([j] if many else []))
                if lever is not None and not found_under(errors, *keys):
                    piece = spec.PIECE.validate_python(raw_piece)
                    own.setdefault(lever, []).append(self.piece(errors, lever, piece, *keys))
        return own

    def params(self, errors: list, raw_params: Any) -> dict[str, float]:
        """The file's constants by the model's name, each inside its range."""
        own: dict[str, float] = {}
        if not isinstance(raw_params, dict):
            return own
        given: dict[str, object] = {}
        for raw, value in raw_params.items():
            name = _once(errors, given, ("params", raw), self.parameter(errors, raw))
            if name is None or found_under(errors, "params", raw):
                continue
            p = self.table[name]
            if not p.low <= value <= p.high:
                errors.append((("params", raw), Problem("outside the parameter's range", value=value, low=p.low,
                                                         high=p.high, unit=p.unit)))
            own[name] = float(value)
        return own

    def parameter(self, errors: list, raw: Any) -> str | None:
        """The model's constant a params key names, or None (with the problem added)."""
        try:
            name = self.table.canonical(raw)
        except InputError:
            errors.append((("params", raw), Problem("unknown scenario parameter", name=raw)))
            return None
        if name not in self.engine.constants:
            errors.append((("params", raw), Problem("not a constant", name=name)))
            return None
        return name

    def year(self, errors: list, year: float, *keys) -> float:
        if not inside_horizon(year, self.engine):
            errors.append((keys, horizon_problem(year, self.engine)))
        return year

    def level(self, errors: list, lever: str, number: float, *keys) -> float:
        units = self.engine.variables[lever].units
        low, high = self.ranges.get(lever, (-np.inf, np.inf))
        if units == "percent" and not 0 <= number <= 100:
            errors.append((keys, Problem("not a share", number=number)))
        elif number < 0:
            errors.append((keys, Problem("negative", number=number, units=units)))
        elif number > high:
            errors.append((keys, Problem("above the lever's range", number=number, high=high, units=units)))
        return number

    def lever_name(self, errors: list, raw: Any) -> str | None:
        aliases = lever_aliases()
        name = aliases.get(str(raw), raw)
        lookup = {name_key(n): n for n in self.engine.levers}
        found = lookup.get(name_key(name))
        if found is None:
            known = ", ".join(list(aliases) + self.engine.levers)
            errors.append((("levers", raw), Problem("unknown scenario lever", name=raw, known=known)))
        return found

    def piece(self, errors: list, lever: str, piece: spec.Piece, *keys) -> dict:
        """One structurally valid piece in canonical form: {kind: ..., numbers ...}."""
        if isinstance(piece, spec.ValuePiece):
            return {"kind": "value", "from": self.year(errors, piece.from_, *keys, "from"),
                    "value": self.level(errors, lever, piece.value, *keys, "value")}
        if isinstance(piece, spec.RampPiece):
            body, where = piece.ramp, (*keys, "ramp")
            start_year = self.year(errors, body.from_, *where, "from")
            end_year = self.year(errors, body.to, *where, "to")
            if end_year <= start_year:
                errors.append(((*where, "to"), Problem("ramp ends before it starts", end=end_year, start=start_year)))
            out = {"kind": "ramp", "from": start_year, "to": end_year,
                   "end": self.level(errors, lever, body.end, *where, "end")}
            if body.start is not None:
                out["start"] = self.level(errors, lever, body.start, *where, "start")
            return out
        if isinstance(piece, spec.StepPiece):
            where = (*keys, "step")
            return {"kind": "step", "year": self.year(errors, piece.step.year, *where, "year"),
                    "value": self.level(errors, lever, piece.step.value, *where, "value")}
        where = (*keys, "table")
        rows = {self.year(errors, y, *where, table_key(y)): self.level(errors, lever, v, *where, table_key(y))
                for y, v in piece.table.items()}
        return {"kind": "table", "table": dict(sorted(rows.items()))}


def _once(errors: list, given: dict, keys: tuple, name: str | None) -> str | None:
    """``name`` (the model's name a key gives), unless an earlier key of the mapping gave it too:
    two spellings of one lever or constant (``budget`` and ``ST budget share policy``)."""
    if name is not None and name in given:
        errors.append((keys, Problem("same name twice", name=keys[-1], other=given[name])))
        return None
    if name is not None:
        given[name] = keys[-1]
    return name


def table_key(year: float):
    """A table year as the document's key (years are written as whole numbers)."""
    return int(year) if float(year).is_integer() else year


def found_under(errors: list, *keys) -> bool:
    """Whether a structural problem was found at or under ``keys``."""
    return any(loc[:len(keys)] == keys for loc, _ in errors)
