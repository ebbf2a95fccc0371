"""Take a scenario to Vensim or Stella: the .mdl with values written in, a changes file (.cin),
results as a Vensim .tab, and XMILE through Simlin.

Only numbers are rewritten: a constant's value and the points of a lever's lookup. Which element is
a constant and each lookup's declared range come from pysd's parse of the .mdl (model/mdl.py); the
text is only cut where Vensim ends an element ('|') and its units start ('~'), so equations, units,
documentation and the sketch stay byte for byte as in the shipped .mdl.
"""

from __future__ import annotations

import importlib.util
import re

from importlib.metadata import version
from pathlib import Path
from typing import Mapping

import numpy as np
import pandas as pd

from innovsd.errors import InputError
from innovsd.model.mdl import structure
from innovsd.model.names import name_key

SKETCH_MARKER = "\\\\\\---///"
FORMATS = ("mdl", "xmile", "tab", "cin")


def _number(value: float) -> str:
    return repr(float(value)) if not float(value).is_integer() else str(int(value))


def corners(xs: np.ndarray, ys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The points where a piecewise-linear path bends: the same path with far fewer points."""
    xs, ys = np.asarray(xs, float), np.asarray(ys, float)
    keep = [0]
    for i in range(1, len(xs) - 1):
        a = keep[-1]
        predicted = ys[a] + (ys[i + 1] - ys[a]) * (xs[i] - xs[a]) / (xs[i + 1] - xs[a])
        if abs(predicted - ys[i]) > 1e-9 * max(1.0, abs(ys[i])):
            keep.append(i)
    keep.append(len(xs) - 1)
    return xs[keep], ys[keep]


def lookup_text(xs: np.ndarray, ys: np.ndarray, y_range: tuple[float, float]) -> str:
    """Vensim lookup body: [(xmin,ymin)-(xmax,ymax)],(x,y),... with the range widened to the data."""
    low, high = min(y_range[0], float(np.min(ys))), max(y_range[1], float(np.max(ys)))
    points = ",".join(f"({_number(x)},{_number(y)})" for x, y in zip(xs, ys))
    return f"[({_number(xs[0])},{_number(low)})-({_number(xs[-1])},{_number(high)})],{points}"


def lookup_ranges(mdl_path: Path) -> dict[str, tuple[float, float]]:
    """The declared y range of every WITH LOOKUP lever, by its name's key (model/names.name_key)."""
    return {name_key(name): limits for name, limits in structure(Path(mdl_path)).lookup_ranges.items()}


def _subscript_ranges(pieces: list[str]) -> dict[str, list[str]]:
    """Each subscript range's elements, in order, from its definition ``range: a, b``."""
    found = {}
    for piece in pieces:
        definition = piece.partition("~")[0]
        match = re.fullmatch(r"\s*(?:\{UTF-8\})?\s*([^=:\[]+?)\s*:\s*([^=]+?)\s*", definition)
        if match:
            found[name_key(match[1])] = [e.strip() for e in match[2].split(",")]
    return found


def _element_keys(name: str, ranges: dict[str, list[str]]) -> list[str]:
    """The name keys of each element a subscripted left-hand side defines (one range or one element)."""
    base, mark, subscript = name.partition("[")
    if not mark:
        return []
    subscript = subscript.rstrip().rstrip("]").strip()
    elements = ranges.get(name_key(subscript), [subscript])
    return [name_key(f"{base.strip()}[{e}]") for e in elements]


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def rewrite_model(mdl_path: Path, constants: Mapping[str, float],
                  lookups: Mapping[str, tuple[np.ndarray, np.ndarray]]) -> str:
    """The .mdl's text with ``constants`` as new values and ``lookups`` (name -> (x, y)) as new lever tables."""
    text = Path(mdl_path).read_text(encoding="utf-8")
    numbers = {name_key(name) for name in structure(Path(mdl_path)).numbers}
    ranges = lookup_ranges(mdl_path)
    head, marker, sketch = text.partition(SKETCH_MARKER)
    wanted_constants = {name_key(k): v for k, v in constants.items()}
    wanted_lookups = {name_key(k): v for k, v in lookups.items()}
    done = set()
    pieces = head.split("|")
    ranges_of = _subscript_ranges(pieces)
    for i, piece in enumerate(pieces):
        definition, tilde, rest = piece.partition("~")
        name, equals, expression = definition.partition("=")
        if not equals or not tilde:
            continue
        key = name_key(name)
        indent = expression[: len(expression) - len(expression.lstrip())]
        trailing = expression[len(expression.rstrip()):]
        elements = _element_keys(name, ranges_of)
        if elements and any(e in wanted_constants for e in elements):
            values = [v.strip() for v in expression.split(",")]
            if len(values) == 1:
                values *= len(elements)
            if len(values) != len(elements) or not all(_is_number(v) for v in values):
                raise InputError("not constants or levers", names=name.strip())
            values = [_number(wanted_constants[e]) if e in wanted_constants else v for e, v in zip(elements, values)]
            pieces[i] = f"{name}={indent}{', '.join(values)}{trailing}~{rest}"
            done |= {e for e in elements if e in wanted_constants}
        elif key in wanted_constants and key in numbers:
            pieces[i] = f"{name}={indent}{_number(wanted_constants[key])}{trailing}~{rest}"
            done.add(key)
        elif key in wanted_lookups:
            if key not in ranges:
                raise InputError("not a lookup lever", name=name.strip())
            xs, ys = corners(*wanted_lookups[key])
            table = lookup_text(xs, ys, ranges[key])
            pieces[i] = f"{name}={indent}WITH LOOKUP (Time,\n\t\t({table} )){trailing}~{rest}"
            done.add(key)
    missing = (set(wanted_constants) | set(wanted_lookups)) - done
    if missing:
        raise InputError("not constants or levers", names=", ".join(sorted(missing)))
    return "|".join(pieces) + marker + sketch


def changes_file(constants: Mapping[str, float], lookups: Mapping[str, tuple[np.ndarray, np.ndarray]],
                 ranges: Mapping[str, tuple[float, float]], comment: str) -> str:
    """A Vensim changes file (.cin): constants as NAME = VALUE, lever tables as NAME(lookup);
    ``ranges`` by name key, as ``lookup_ranges`` gives them."""
    lines = ["{" + comment.replace("{", "(").replace("}", ")") + "}"]
    lines += [f"{name} = {_number(value)}" for name, value in constants.items()]
    for name, (xs, ys) in lookups.items():
        xs, ys = corners(xs, ys)
        lines.append(f"{name}({lookup_text(xs, ys, ranges.get(name_key(name), (0.0, 0.0)))})")
    return "\r\n".join(lines) + "\r\n"


def tab_text(results: pd.DataFrame) -> str:
    """Vensim's tab-separated results: the first row Time and the times, then one row per
    variable with its values; ``results`` has times as index and variables as columns."""
    rows = ["Time\t" + "\t".join(_number(t) for t in results.index)]
    for name in results.columns:
        rows.append(name + "\t" + "\t".join(repr(float(v)) for v in results[name].to_numpy()))
    return "\n".join(rows) + "\n"


def xmile_bytes(mdl_path) -> bytes:
    """XMILE (Stella, Simlin) of a .mdl, converted by Simlin."""
    import simlin

    model = simlin.load(str(mdl_path))
    errors = [e.message for e in model.project.get_errors()]
    if errors:
        raise InputError("simlin cannot convert", detail="; ".join(errors[:3]), source=str(mdl_path))
    return model.project.to_xmile()


def check_formats(formats) -> None:
    for fmt in formats:
        if fmt not in FORMATS:
            raise InputError("not one of", value=fmt, known=", ".join(FORMATS), field="format")
        if fmt == "xmile" and importlib.util.find_spec("simlin") is None:
            raise InputError("needs the vensim extra", format=fmt, field="format")


def write_export(run, formats, folder: Path) -> list[Path]:
    """The files of ``formats`` for the scenario of ``run`` (``innovsd.simulate``'s result: the
    values and lever paths it ran with, and its results) in ``folder``."""
    mdl_path = run.engine.mdl_path
    name = run.attrs["scenario"]
    stem = folder / f"{mdl_path.stem}-{name}"
    lookups = {lever: (np.asarray(years), np.asarray(values)) for lever, (years, values) in run.paths.items()}
    written = []
    if "mdl" in formats or "xmile" in formats:
        stem.with_suffix(".mdl").write_text(rewrite_model(mdl_path, run.values, lookups), encoding="utf-8")
        written.append(stem.with_suffix(".mdl"))
    if "xmile" in formats:
        stem.with_suffix(".xmile").write_bytes(xmile_bytes(stem.with_suffix(".mdl")))
        written.append(stem.with_suffix(".xmile"))
    if "cin" in formats:
        comment = (f"innovsd {version('innovsd')}: scenario {name}, parameter set "
                   f"{Path(run.attrs['parameter_set']).name}; load with {mdl_path.name}")
        text = changes_file(run.values, lookups, lookup_ranges(mdl_path), comment)
        stem.with_suffix(".cin").write_text(text, encoding="utf-8")
        written.append(stem.with_suffix(".cin"))
    if "tab" in formats:
        stem.with_suffix(".tab").write_text(tab_text(run.sim.member(0)), encoding="utf-8")
        written.append(stem.with_suffix(".tab"))
    return written
