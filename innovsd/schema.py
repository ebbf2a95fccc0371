"""The field types every input file's schema is built from (pydantic), and every problem pydantic
finds said as a sentence of innovsd/messages.py.

A number is a number: never a boolean, never text in a JSON or YAML file, never an integer too
large to hold exactly or an infinity; a number written as text (CSV fields, --set) is plain ASCII
decimal (no ``1_000``, no full-width or Arabic-Indic digits). Text is cleaned (innovsd/text.py) and
bounded. Files of records (JSON objects, CSV rows) are checked by models of these types.
"""

from __future__ import annotations

import math
import re
from functools import partial
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError
from pydantic_core import PydanticCustomError

from innovsd.errors import Problem
from innovsd.text import clean, echo, quoted

MAX_MAGNITUDE = 1e15  # no quantity of the model comes near; an integer above it is not held exactly
NUMBER_TEXT = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
NUMBER_CHARS = 40  # a number written as text
NAME_CHARS = 200  # a model, parameter or scenario name
LINE_CHARS = 1_000  # a title, source or unit
NOTE_CHARS = 20_000  # a note or description


def number(value: Any) -> float:
    """A JSON or YAML number: finite, of sensible size, never a boolean or a text."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise PydanticCustomError("number", "expected a number", {"got": quoted(value)})
    if isinstance(value, float) and not math.isfinite(value):
        raise PydanticCustomError("finite", "not a finite number", {"got": quoted(value)})
    if abs(value) > MAX_MAGNITUDE:
        raise PydanticCustomError("magnitude", "number too large", {"got": quoted(value)})
    return float(value)


def parse_number(text: str) -> float:
    """A number written as text: ASCII decimal, as a CSV file or the command line gives it."""
    stripped = text.strip()
    if len(stripped) > NUMBER_CHARS or not NUMBER_TEXT.fullmatch(stripped):
        raise ValueError(text)
    value = float(stripped)
    if not math.isfinite(value) or abs(value) > MAX_MAGNITUDE:
        raise OverflowError(text)
    return value


def number_text(value: Any) -> float:
    if not isinstance(value, str):
        return number(value)
    try:
        return parse_number(value)
    except OverflowError:
        raise PydanticCustomError("magnitude", "number too large", {"got": quoted(value)}) from None
    except ValueError:
        raise PydanticCustomError("number text", "not a number", {"got": quoted(value)}) from None


def optional_number_text(value: Any) -> float | None:
    return None if isinstance(value, str) and not value.strip() else number_text(value)


def whole(value: Any) -> int:
    """A whole number such as a year or a count: 2025 or 2025.0, never 2025.5."""
    found = number_text(value)
    if not found.is_integer():
        raise PydanticCustomError("whole", "not a whole number", {"got": quoted(value)})
    return int(found)


def text(value: Any, limit: int, required: bool) -> str:
    if not isinstance(value, str):
        raise PydanticCustomError("text type", "expected a text", {"got": quoted(value)})
    if len(value) > 4 * limit:  # cleaning cannot bring it back under the limit
        raise PydanticCustomError("too long", "text too long", {"limit": limit})
    cleaned = clean(value)
    if len(cleaned) > limit:
        raise PydanticCustomError("too long", "text too long", {"limit": limit})
    if required and not cleaned:
        raise PydanticCustomError("empty", "expected a non-empty text", {"got": quoted(value)})
    return cleaned


def Text(limit: int = LINE_CHARS, required: bool = False):
    """A text of at most ``limit`` characters once cleaned (``required``: not empty)."""
    return Annotated[str, BeforeValidator(partial(text, limit=limit, required=required))]


Number = Annotated[float, BeforeValidator(number)]
NumberText = Annotated[float, BeforeValidator(number_text)]
OptionalNumberText = Annotated[float | None, BeforeValidator(optional_number_text)]
Whole = Annotated[int, BeforeValidator(whole)]
Name = Text(NAME_CHARS, required=True)


class Record(BaseModel):
    """A JSON object or YAML mapping: unknown keys are refused."""
    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True)


class Row(BaseModel):
    """A CSV row (every field text); columns a model does not name are left alone."""
    model_config = ConfigDict(extra="ignore", populate_by_name=True)


def problems(model, data: Any, explain=None) -> list[tuple[tuple, Problem]]:
    """Every problem of ``data`` against ``model`` (a pydantic model or TypeAdapter) as (location,
    Problem); empty when it is valid."""
    try:
        model.model_validate(data) if isinstance(model, type) else model.validate_python(data)
    except ValidationError as error:
        return explain_all(error, explain)
    return []


def explain_all(error: ValidationError, explain=None) -> list[tuple[tuple, Problem]]:
    """pydantic's errors as (location, Problem); ``explain`` may say one in its own words first
    (returning None leaves it to the general ones)."""
    found = []
    for e in error.errors(include_url=False):
        loc = tuple(k for k in e["loc"] if not (isinstance(k, str) and (k.startswith("<") or k == "[key]")))
        loc = tuple(k.rstrip("_") if isinstance(k, str) else k for k in loc)
        found.append((explain and explain(e, loc)) or explained(e, loc))
    return found


def validated(model, data: Any, source: str, explain=None):
    """``data`` as ``model``, or all its problems as one InputError naming ``source``."""
    from innovsd.errors import InputError, combined

    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise combined([InputError(problem, source=source, field=".".join(str(k) for k in loc) or None)
                        for loc, problem in explain_all(error, explain)]) from None


def explained(error: dict, loc: tuple) -> tuple[tuple, Problem]:
    """pydantic's error in the project's words (innovsd/messages.py, so it has its Vietnamese)."""
    kind, ctx = error["type"], error.get("ctx") or {}
    got = ctx.get("got") or quoted(error.get("input"))
    if kind == "missing":
        return loc[:-1], Problem("missing field", name=loc[-1])
    if kind == "extra_forbidden":
        return loc, Problem("unknown key here")
    if kind == "too long":
        return loc, Problem("text too long", limit=ctx["limit"])
    if kind == "too_short":
        return loc, Problem("too few items", n=ctx.get("min_length", 1))
    if kind == "too_long":
        return loc, Problem("too many items", n=ctx.get("max_length", 0))
    if kind == "literal_error":
        return loc, Problem("not one of", value=got, known=ctx.get("expected", ""))
    if kind in ("number", "float_type"):
        return loc, Problem("expected a number", got=got)
    if kind == "number text":
        return loc, Problem("not a number", text=got)
    if kind == "finite":
        return loc, Problem("not a finite number", text=got)
    if kind == "magnitude":
        return loc, Problem("number too large", text=got, limit=MAX_MAGNITUDE)
    if kind in ("whole", "int_type", "int_from_float", "int_parsing"):
        return loc, Problem("not a whole number", text=got)
    if kind == "empty":
        return loc, Problem("expected non-empty text", got=got)
    if kind in ("text type", "string_type"):
        return loc, Problem("expected a text", got=got)
    if kind == "list_type":
        return loc, Problem("expected a list", got=got)
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return loc, Problem("expected a mapping", got=got)
    if kind in ("bool_type", "bool_parsing"):
        return loc, Problem("expected true or false", got=got)
    return loc, Problem("invalid value", detail=echo(error["msg"]))
