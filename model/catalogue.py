"""The model's contents as rows: every variable with its role, units, documentation and, for
constants, value, range, basis and source (what `innovsd describe` lists)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from innovsd.errors import InputError

from . import checks
from .engine import CONTROL_NAMES, Engine
from .parameters import ParameterTable

if TYPE_CHECKING:
    import pandas as pd

ROLES = ("stock", "flow", "lever", "constant", "auxiliary")


@dataclass
class ModelDescription:
    """The rows of ``describe`` (one dict per variable) and the roles they are grouped by."""

    rows: list[dict]
    roles: tuple[str, ...] = ROLES

    def to_dataframe(self) -> "pd.DataFrame":
        import pandas as pd

        return pd.DataFrame(self.rows)


def describe(engine: Engine, kind: str = "all") -> list[dict]:
    if kind not in ("all",) + ROLES:
        raise InputError("not one of", value=kind, known=", ".join(("all",) + ROLES), field="kind")
    table = ParameterTable()
    flows = {f for terms in checks.stock_flows(engine.mdl_path).values() for _, f in terms}
    rows = []
    for v in engine.variables.values():
        if v.name == "Time" or v.name in CONTROL_NAMES:
            continue
        role = "flow" if v.name in flows else v.kind
        if role == "initial":
            role = "auxiliary"
        if kind != "all" and role != kind:
            continue
        for name, p in _parameter_rows(engine, table, v.name):
            rows.append({
                "name": name, "role": role, "units": v.units, "doc": v.doc,
                "value": p.value if p else None, "low": p.low if p else None, "high": p.high if p else None,
                "basis": p.basis if p else "", "calibrated": bool(p and p.calibrate), "source": p.source if p else "",
            })
    return rows


def _parameter_rows(engine: Engine, table: ParameterTable, name: str) -> list[tuple[str, object]]:
    """(name, parameter row) for a variable: its own row, or, for a regional constant whose elements
    have rows of their own (``name[HaiPhong]``), one per element."""
    if name in table.parameters or not getattr(engine, "dims", {}).get(name):
        return [(name, table.parameters.get(name))]
    import itertools

    labels = itertools.product(*(engine.subscripts[d] for d in engine.dims[name]))
    elements = [f"{name}[{','.join(found)}]" for found in labels]
    if not all(e in table.parameters for e in elements):
        return [(name, None)]
    return [(e, table.parameters[e]) for e in elements]
