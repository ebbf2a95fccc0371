"""What Python needs to know about the .mdl's structure — each stock's flows and signs, each
lookup lever's declared range, which elements are plain numbers — read with pysd's own Vensim
parser, never with regular expressions. Parsing costs seconds, so the facts are cached beside pysd's translation, keyed by
the file's content and pysd's version."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from innovsd.errors import InputError, MissingFile
from innovsd.cache import cache_root, read_sealed, write_sealed
from innovsd.resources import distribution_version


@dataclass(frozen=True)
class Structure:
    stock_flows: dict[str, list[tuple[int, str]]]  # stock -> [(sign, flow)]
    lookup_ranges: dict[str, tuple[float, float]]  # lookup lever -> declared (low, high) of its values
    numbers: tuple[str, ...]  # elements whose equation is a plain number (constants, time settings)


def _signed_terms(ast, names: dict[str, str]) -> list[tuple[int, str]]:
    """A stock's net flow as (sign, flow) pairs; pysd gives a sum as operators between arguments."""
    kind = type(ast).__name__
    if kind == "ReferenceStructure":
        return [(1, names[ast.reference])]
    if kind == "ArithmeticStructure" and set(ast.operators) <= {"+", "-"}:
        signs = [1] + [-1 if op == "-" else 1 for op in ast.operators]
        terms = []
        for sign, argument in zip(signs, ast.arguments):
            terms += [(sign * s, name) for s, name in _signed_terms(argument, names)]
        return terms
    if kind == "ArithmeticStructure" and ast.operators == ["negative"]:
        return [(-s, name) for s, name in _signed_terms(ast.arguments[0], names)]
    raise InputError("net flow not a sum", kind=kind, source="model")


def _parse(mdl_path: Path) -> Structure:
    from pysd.translators.vensim.vensim_file import VensimFile

    parsed = VensimFile(mdl_path)
    parsed.parse()
    elements = [e for section in parsed.get_abstract_model().sections for e in section.elements]
    names = {e.name.lower().replace(" ", "_"): e.name for e in elements}
    flows, ranges, numbers = {}, {}, []
    for element in elements:
        ast = element.components[0].ast
        kind = type(ast).__name__
        if kind == "IntegStructure":
            flows[element.name] = _signed_terms(ast.flow, names)
        elif kind == "InlineLookupsStructure":
            ranges[element.name] = tuple(float(y) for y in ast.lookups.y_limits)
        elif isinstance(ast, (int, float)):
            numbers.append(element.name)
    return Structure(flows, ranges, tuple(numbers))


@lru_cache(maxsize=4)
def structure(mdl_path: Path) -> Structure:
    mdl_path = Path(mdl_path)
    if not mdl_path.is_file():
        raise MissingFile("model file not found", source=str(mdl_path))
    digest = hashlib.sha256(mdl_path.read_bytes() + distribution_version("pysd").encode()).hexdigest()[:16]
    cached = cache_root() / f"{mdl_path.stem}-{digest}.structure.json"
    text = read_sealed(cached)
    if text is not None:
        try:
            data = json.loads(text)
            return Structure({k: [(int(s), str(f)) for s, f in v] for k, v in data["stock_flows"].items()},
                             {k: (float(v[0]), float(v[1])) for k, v in data["lookup_ranges"].items()},
                             tuple(str(n) for n in data["numbers"]))
        except (ValueError, KeyError, TypeError, AttributeError, IndexError):
            pass  # unreadable: parse again and overwrite it
    found = _parse(mdl_path)
    write_sealed(cached, json.dumps({"stock_flows": found.stock_flows, "lookup_ranges": found.lookup_ranges,
                                     "numbers": found.numbers}))
    return found
