"""The structure of a scenario file as pydantic models, and the JSON Schema editors use.

pydantic checks structure and types and reports every problem of a file at once; what depends
on the model's data (lever names, horizon, lever and parameter ranges) is checked by
``library.py`` on top. Regenerate the shipped schema after changing a model here or the levers:

    python -m innovsd.scenarios.spec
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Discriminator, Field, Tag, TypeAdapter, ValidationError
from pydantic_core import PydanticCustomError

import innovsd.schema as schema
from innovsd.errors import Problem
from innovsd.text import quoted

SCHEMA_FILE = Path(__file__).with_name("scenario.schema.json")
FIELDS = ("name", "title", "description", "source", "extends", "levers", "params")
REQUIRED = ("title", "description", "source")
PIECE_KINDS = ("value", "ramp", "step", "table")
PIECE_HINT = "expected one piece: {value: V, from: YEAR}, {ramp: {...}}, {step: {...}} or {table: {YEAR: V, ...}}"
TEXTS_HINT = "expected a text or a mapping {en: ..., vi: ...}"
TITLE_CHARS = 200  # a title fits a table column and a figure legend
TEXT_CHARS = 4_000  # a description or source


def _name(value: Any) -> str:
    """A lever or parameter name as written (YAML may read it as a number); the loader says
    whether it exists."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    return schema.text(value, limit=schema.NAME_CHARS, required=True)


Number = schema.Number
Name = Annotated[str, BeforeValidator(_name)]
TitleText = schema.Text(TITLE_CHARS, required=True)
Text = schema.Text(TEXT_CHARS, required=True)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Title(_Strict):
    en: TitleText
    vi: TitleText


class Texts(_Strict):
    """A text by language; English is required."""
    en: Text
    vi: Text | None = None


def _texts_tag(value: Any) -> str | None:
    if isinstance(value, str):
        return "<text>"
    if isinstance(value, dict):
        return "<by language>"
    return None


Description = Annotated[Union[Annotated[Text, Tag("<text>")], Annotated[Texts, Tag("<by language>")]],
                        Discriminator(_texts_tag, custom_error_type="texts", custom_error_message=TEXTS_HINT)]


class ValuePiece(_Strict):
    """The lever holds ``value`` from year ``from`` on."""
    value: Number
    from_: Number = Field(alias="from")


class RampBody(_Strict):
    from_: Number = Field(alias="from")
    to: Number
    start: Number | None = None
    end: Number


class RampPiece(_Strict):
    """A straight line from ``start`` (default: the path's value in ``from``) to ``end`` in ``to``."""
    ramp: RampBody


class StepBody(_Strict):
    year: Number
    value: Number


class StepPiece(_Strict):
    """The lever jumps to ``value`` in ``year``."""
    step: StepBody


class TablePiece(_Strict):
    """YEAR: VALUE points, interpolated between them and held after the last."""
    table: Annotated[dict[Number, Number], Field(min_length=1)]


def _piece_tag(value: Any) -> str | None:
    if not isinstance(value, dict):
        return None
    if "value" in value:
        return "<value>"
    kinds = [k for k in PIECE_KINDS if k in value]
    return f"<{kinds[0]}>" if len(value) == 1 and len(kinds) == 1 else None


Piece = Annotated[Union[Annotated[ValuePiece, Tag("<value>")], Annotated[RampPiece, Tag("<ramp>")],
                        Annotated[StepPiece, Tag("<step>")], Annotated[TablePiece, Tag("<table>")]],
                  Discriminator(_piece_tag, custom_error_type="piece", custom_error_message=PIECE_HINT)]
LeverSpec = Annotated[Union[Annotated[Piece, Tag("<piece>")],
                            Annotated[list[Piece], Field(min_length=1), Tag("<pieces>")]],
                      Discriminator(lambda v: "<pieces>" if isinstance(v, list) else "<piece>")]
PIECE = TypeAdapter(Piece)


def _names(value: Any) -> Any:
    if isinstance(value, str):
        return [value]
    if value is not None and not isinstance(value, list):
        raise PydanticCustomError("names", "expected a scenario name or a list of names")
    return value


class ScenarioFile(_Strict):
    """A policy scenario (scenarios/*.yaml). Grammar: scenarios/README.md. innovsd checks more than
    this schema: lever and parameter names and ranges, the model's horizon, extends."""
    model_config = ConfigDict(title="innovsd policy scenario")

    name: schema.Text(schema.NAME_CHARS) = Field(None, description="must equal the file name if given")  # never null
    title: Title
    description: Description = Field(description="what the policy does; English text or {en, vi}")
    source: Text = Field(description="the decision or document it represents, with the section")
    extends: Annotated[list[str] | None, BeforeValidator(_names)] = Field(
        None, description="scenario name(s) whose levers and params this one starts from")
    levers: dict[Name, LeverSpec] | None = Field(None, description="lever name -> one piece or a list of pieces")
    params: dict[Name, Number] | None = Field(None, description="constant of the model -> value")


def problems(data: Any, model=ScenarioFile) -> list[tuple[tuple, Problem]]:
    """Every structural problem as (location in the document, message); empty when valid."""
    return schema.problems(model, data, _explain)


def _explain(error: dict, loc: tuple) -> tuple[tuple, Problem] | None:
    """A scenario file's own words for some of pydantic's problems (innovsd/messages.py, so
    they have their Vietnamese); the others are schema.explained's."""
    kind, got = error["type"], quoted(error.get("input"))
    if kind == "missing" and loc[:1] == ("description",) and loc[-1] == "en":
        return loc[:-1], Problem("english required")
    if kind == "extra_forbidden":
        if len(loc) == 1:
            return loc, Problem("unknown field", allowed=", ".join(FIELDS))
        if loc[0] in ("title", "description"):
            return loc, Problem("unknown language key")
    if kind == "too_short":
        return loc, Problem("empty table") if loc[-1] == "table" else Problem("no piece")
    if kind == "texts":
        return loc, Problem("expected texts", got=got)
    if kind == "names":
        return loc, Problem("expected names")
    if kind == "piece":
        return loc, Problem("expected one piece")
    return None


def json_schema(levers: list[str]) -> dict:
    """The editor schema; ``levers`` (the model's lever names and their short names) become
    completions under ``levers:``."""
    schema = ScenarioFile.model_json_schema(by_alias=True)
    lever_field = schema["properties"]["levers"]
    spec = next(choice for choice in lever_field["anyOf"] if choice.get("type") == "object")
    spec["properties"] = {name: spec["additionalProperties"] for name in levers}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": "https://innovsd/scenarios/scenario.schema.json", **schema}


def schema_text(levers: list[str]) -> str:
    return json.dumps(json_schema(levers), indent=2, ensure_ascii=False) + "\n"


def lever_names(engine) -> list[str]:
    from innovsd.scenarios.levers import lever_aliases

    aliases = lever_aliases()
    return list(aliases) + [n for n in engine.levers if n not in aliases]


if __name__ == "__main__":
    from innovsd.model.engine import shared_engine

    SCHEMA_FILE.write_text(schema_text(lever_names(shared_engine())), encoding="utf-8")
    print(f"wrote {SCHEMA_FILE}")
