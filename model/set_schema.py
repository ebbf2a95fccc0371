"""The structure of a parameter-set file (what `innovsd calibrate` writes and --params reads), as
pydantic models of innovsd/schema.py's types: values and draws are numbers (never booleans or
text), the provenance fields innovsd reads again have their types, nothing else is at the top.
Names and ranges are checked against the parameter table after (``ParameterTable.validate``)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

import innovsd.schema as schema
from innovsd.errors import InputError, Problem

SET_FORMAT = "innovsd-parameter-set/1"
FIELDS = ("format", "values", "provenance", "ensemble")
MAX_MEMBERS = 100_000  # draws in an ensemble; a calibration keeps 720


class Provenance(BaseModel):
    """How a set was made. The fields innovsd reads again are typed; the rest (the optimiser's
    settings, fit statistics, chain diagnostics) are a record kept as written."""
    model_config = ConfigDict(extra="allow", strict=True)

    kind: schema.Text(100) | None = None
    source: schema.Text() | None = None
    command: schema.Text(4_000) | None = None
    created_utc: schema.Text(100) | None = None
    innovsd_version: schema.Text(100) | None = None
    interrupted: bool = False
    stage: schema.Text(100) | None = None
    data_file: schema.Text() | None = None
    data_sha256: schema.Text(128) | None = None
    priors_file: schema.Text() | None = None
    priors_sha256: schema.Text(128) | None = None
    model_file: schema.Text() | None = None
    model_sha256: schema.Text(128) | None = None
    parameter_table_sha256: schema.Text(128) | None = None
    until: int | None = Field(None, ge=1000, le=9999)
    observations_used: int | None = Field(None, ge=0)
    output_priors: list[schema.Text()] | None = None


Draws = Annotated[list[schema.Number], Field(min_length=1, max_length=MAX_MEMBERS)]


class SetFile(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    format: Literal[SET_FORMAT] | None = None
    values: dict[schema.Name, schema.Number]
    provenance: Provenance | None = None
    ensemble: dict[schema.Name, Draws] | None = None


def _explain(error: dict, loc: tuple) -> tuple[tuple, Problem] | None:
    if error["type"] == "extra_forbidden" and len(loc) == 1:
        return loc, Problem("unknown field", allowed=", ".join(FIELDS))
    if loc == ("values",) and error["type"] in ("missing", "dict_type"):
        return loc, Problem("expected values object")
    if loc[:1] == ("ensemble",) and error["type"] in ("too_short", "list_type"):
        return loc, Problem("expected list of numbers")
    return None


def set_file(data: Any, source: str) -> SetFile:
    """``data`` (a parsed JSON file) as a SetFile, or every problem it has as one error."""
    if not isinstance(data, dict):
        raise InputError("expected values object", source=source)
    for name, draws in (data.get("ensemble") or {}).items() if isinstance(data.get("ensemble"), dict) else ():
        if isinstance(draws, list) and len(draws) > MAX_MEMBERS:  # refused before anything is checked one by one
            raise InputError("too many members", n=len(draws), limit=MAX_MEMBERS, source=source, field=f"ensemble.{name}")
    return schema.validated(SetFile, data, source, _explain)
