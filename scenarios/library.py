"""Policy scenarios as YAML data (scenarios/*.yaml) compiled to lever paths for the engine.

A scenario names the model's levers (time paths) and constants it changes; see
scenarios/README.md for the grammar. Files are read with ``yaml.safe_load`` semantics
(SafeLoader): loading never executes anything. Structure and types are checked by the
pydantic models in ``spec.py``, what depends on the model here; all problems of a file come
as one ``InputError`` naming the file, line and field of each.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from innovsd.model.engine import Engine, LeverPath
from innovsd.model.horizon import horizon_problem, inside_horizon, time_grid
from innovsd.model.names import name_key
from innovsd.errors import InputError, Problem
from innovsd.model.parameters import ParameterTable
from innovsd.model.mdl import structure
from innovsd.resources import data_file
from innovsd.tables import csv_rows, read_input

from . import spec
from .spec import FIELDS, PIECE_KINDS, REQUIRED  # noqa: F401  (the grammar's names, for callers)

SCENARIO_DIR = data_file("innovsd.scenarios", "")
# The one lever vocabulary (scenarios/levers.csv): ids for `seek`, the short names a
# planner may write in a scenario file instead of the model's lever names, titles, sources.
LEVERS_FILE = data_file("innovsd.scenarios", "levers.csv")
LEVER_COLUMNS = ("id", "yaml_name", "variable", "kind", "ramp_from", "title_en", "title_vi", "source", "note")


def lever_aliases(path: Path = LEVERS_FILE) -> dict[str, str]:
    """Short scenario-file name -> the model's lever name."""
    return {row["yaml_name"].strip(): row["variable"].strip()
            for _, _, row in csv_rows(path, LEVER_COLUMNS) if row["yaml_name"].strip()}


LEVER_ALIASES = lever_aliases()


@dataclass
class Scenario:
    name: str
    title: dict[str, str]
    description: dict[str, str]  # 'en' always; 'vi' when the file gives it
    source: str
    extends: list[str]
    levers: dict[str, list[dict]]  # resolved: canonical lever -> pieces (inherited ones included)
    params: dict[str, float]  # resolved constants
    paths: dict[str, LeverPath] = field(default_factory=dict)  # compiled on the engine's time grid
    file: Path | None = None
    chain: list[Path] = field(default_factory=list)  # this file and every file it inherits from

    def label(self, lang: str) -> str:
        return self.title.get(lang) or self.name

    def describe(self, lang: str) -> str:
        """The description in ``lang``, or in English when the file has none in that language."""
        return self.description.get(lang) or self.description["en"]


# -- reading files with line numbers ---------------------------------------------------
@dataclass
class _Doc:
    path: Path
    data: dict
    lines: dict[tuple, int]  # key path -> 1-based line

    def line(self, *keys) -> int | None:
        """Line of the deepest key path the parser located."""
        for n in range(len(keys), -1, -1):
            line = self.lines.get(tuple(keys[:n]))
            if line:
                return line
        return None

    def where(self, *keys) -> str:
        """file:line for the deepest key path the parser located."""
        line = self.line(*keys)
        return f"{self.path}:{line}" if line else str(self.path)

    def error(self, problem: Problem, *keys) -> InputError:
        return InputError(problem, source=self.where(*keys), field=".".join(str(k) for k in keys) or None)

    def errors(self, problems: list[tuple[tuple, Problem]]) -> InputError:
        """All problems of the file as one error on one line: the first (in file order) in front,
        the others after it, each with its own file:line and field."""
        found = [self.error(problem, *keys)
                 for keys, problem in sorted(problems, key=lambda found: self.line(*found[0]) or 0)]
        first, rest = found[0], found[1:]
        if not rest:
            return first
        return InputError("and more", first=first.message, n=len(rest), more=rest, source=first.source, field=first.field)


MAX_SCENARIO_BYTES = 1_000_000  # shipped scenarios are about 1 kB
MAX_DEPTH = 20  # nesting of mappings and lists; the grammar needs 5
MAX_EXTENDS = 20  # length of an extends chain; the shipped ones have 2


def _check_events(path: Path, text: str) -> None:
    """Before anything is built from the YAML: no anchors or aliases (a scenario has no use for
    them, and they can expand exponentially) and no deeper nesting than the grammar needs."""
    depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        line = f"{path}:{event.start_mark.line + 1}"
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise InputError("yaml anchors", source=line)
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise InputError("nested too deep", limit=MAX_DEPTH, source=line)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def _node_lines(node, prefix: tuple, out: dict, path: Path) -> None:
    """Line of every key path; a key given twice in one mapping is an error (YAML would keep
    the last silently)."""
    out.setdefault(prefix, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: set = set()
        for key, value in node.value:
            k = key.value
            try:  # table years are written as numbers
                k = int(k)
            except (TypeError, ValueError):
                pass
            if k in seen:
                raise InputError("key given twice", key=key.value, source=f"{path}:{key.start_mark.line + 1}",
                                 field=".".join(str(p) for p in prefix + (k,)))
            seen.add(k)
            out[prefix + (k,)] = key.start_mark.line + 1
            _node_lines(value, prefix + (k,), out, path)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _node_lines(item, prefix + (i,), out, path)


def _read(path: Path) -> _Doc:
    text = read_input(path, "scenario file", MAX_SCENARIO_BYTES)
    lines: dict[tuple, int] = {}
    try:
        _check_events(path, text)
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        if node is not None:
            _node_lines(node, (), lines, path)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        problem = " ".join(str(error.problem or error.context or "").split())
        raise InputError("invalid YAML", detail=problem, source=where) from None
    except yaml.YAMLError as error:
        raise InputError("invalid YAML", detail=" ".join(str(error).split()), source=str(path)) from None
    if not isinstance(data, dict):
        raise InputError("expected fields", source=str(path))
    return _Doc(path, data, lines)


# -- checking what depends on the model's data -----------------------------------------
class _Checker:
    """Checks lever pieces against the engine's horizon and each lever's unit; structure and
    types are checked before, by the models in ``spec.py``. Each check appends
    (key path, problem) to ``errors`` so that a file's problems are reported together."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.ranges = structure(engine.mdl_path).lookup_ranges

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
        name = LEVER_ALIASES.get(str(raw), raw)
        lookup = {name_key(n): n for n in self.engine.levers}
        found = lookup.get(name_key(name))
        if found is None:
            known = ", ".join(list(LEVER_ALIASES) + self.engine.levers)
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
        rows = {self.year(errors, y, *where, _key(y)): self.level(errors, lever, v, *where, _key(y))
                for y, v in piece.table.items()}
        return {"kind": "table", "table": dict(sorted(rows.items()))}


def _key(year: float):
    """A table year as the document's key (years are written as whole numbers)."""
    return int(year) if float(year).is_integer() else year


def _inside(errors: list, *keys) -> bool:
    """Whether a structural problem was found at or under ``keys``."""
    return any(loc[:len(keys)] == keys for loc, _ in errors)


# -- compiling pieces to paths ---------------------------------------------------------
def default_paths(engine: Engine) -> dict[str, np.ndarray]:
    """The .mdl's own lever paths on the time grid, read by running the model once."""
    years = time_grid(engine)
    sim = engine.run(outputs=engine.levers, save_years=years)
    return {name: sim.values[name][0].copy() for name in engine.levers}


def compile_pieces(years: np.ndarray, base: np.ndarray, pieces: list[dict]) -> np.ndarray:
    """Apply pieces in order to a copy of ``base``; later pieces overwrite earlier ones."""
    path = np.array(base, dtype=float)
    for piece in pieces:
        kind = piece["kind"]
        if kind in ("value", "step"):
            start = piece["from"] if kind == "value" else piece["year"]
            path[years >= start - 1e-9] = piece["value"]
        elif kind == "ramp":
            start = piece.get("start", float(np.interp(piece["from"], years, path)))
            inside = (years >= piece["from"] - 1e-9) & (years <= piece["to"] + 1e-9)
            share = (years[inside] - piece["from"]) / (piece["to"] - piece["from"])
            path[inside] = start + (piece["end"] - start) * share
            path[years > piece["to"] + 1e-9] = piece["end"]
        elif kind == "table":
            table_years = np.array(list(piece["table"]), dtype=float)
            table_values = np.array(list(piece["table"].values()), dtype=float)
            after = years >= table_years[0] - 1e-9
            path[after] = np.interp(years[after], table_years, table_values)
    return path


# -- loading with inheritance ----------------------------------------------------------
def scenario_files(folder: Path = SCENARIO_DIR) -> list[Path]:
    return sorted(Path(folder).glob("*.yaml"))


def shipped_names(folder: Path = SCENARIO_DIR) -> list[str]:
    """Shipped scenarios, baseline first, then as the files sort."""
    names = [p.stem for p in scenario_files(folder)]
    return sorted(names, key=lambda n: (n != "baseline", n))


def _locate(ref: str, near: Path | None) -> Path:
    text = str(ref)
    if text.endswith((".yaml", ".yml")) or "/" in text:
        return Path(text)
    for folder in ([near] if near else []) + [SCENARIO_DIR]:
        candidate = Path(folder) / f"{text}.yaml"
        if candidate.is_file():
            return candidate
    raise InputError("no scenario", name=text, known=", ".join(shipped_names()), source=str(near or SCENARIO_DIR))


class ScenarioLoader:
    """Loads scenarios by name or file, resolving ``extends``; caches defaults and files."""

    def __init__(self, engine: Engine, table: ParameterTable | None = None):
        self.engine = engine
        self.table = table or ParameterTable()
        self.checker = _Checker(engine)
        self.years = time_grid(engine)
        self._defaults: dict[str, np.ndarray] | None = None

    @property
    def defaults(self) -> dict[str, np.ndarray]:
        if self._defaults is None:
            self._defaults = default_paths(self.engine)
        return self._defaults

    def load(self, ref: str) -> Scenario:
        scenario = self._resolve(_locate(ref, None), [])
        scenario.paths = {
            lever: (self.years, compile_pieces(self.years, self.defaults[lever], pieces))
            for lever, pieces in scenario.levers.items()
        }
        return scenario

    def lever_values(self, scenario: Scenario, lever: str, years) -> list[float]:
        """The lever's path in ``years``: the scenario's own, else the model's default."""
        grid, path = scenario.paths.get(lever, (self.years, self.defaults[lever]))
        return [float(np.interp(y, grid, path)) for y in years]

    def _resolve(self, path: Path, stack: list[Path]) -> Scenario:
        key = path.resolve()
        if key in stack:
            cycle = " -> ".join(p.stem for p in stack + [key])
            raise InputError("circular extends", cycle=cycle, source=str(path), field="extends")
        if len(stack) >= MAX_EXTENDS:
            raise InputError("extends too long", limit=MAX_EXTENDS, source=str(stack[0]), field="extends")
        doc = _read(path)
        data = doc.data
        errors = spec.problems(data)
        if isinstance(data.get("name"), str) and data["name"] != path.stem:
            errors.append((("name",), Problem("name differs", name=data["name"], stem=path.stem)))
        own_levers: dict[str, list[dict]] = {}
        if isinstance(data.get("levers"), dict):
            for raw, raw_spec in data["levers"].items():
                lever = self.checker.lever_name(errors, raw)
                many = isinstance(raw_spec, list)
                for j, raw_piece in enumerate(raw_spec if many else [raw_spec]):
                    keys = ("levers", raw, *([j] if many else []))
                    if lever is not None and not _inside(errors, *keys):
                        piece = spec.PIECE.validate_python(raw_piece)
                        own_levers.setdefault(lever, []).append(self.checker.piece(errors, lever, piece, *keys))
        own_params: dict[str, float] = {}
        if isinstance(data.get("params"), dict):
            for raw, value in data["params"].items():
                name = self._parameter(errors, raw)
                if name is None or _inside(errors, "params", raw):
                    continue
                p = self.table[name]
                if not p.low <= value <= p.high:
                    errors.append((("params", raw), Problem("outside the parameter's range", value=value, low=p.low,
                                                             high=p.high, unit=p.unit)))
                own_params[name] = float(value)
        if errors:
            raise doc.errors(errors)
        model = spec.ScenarioFile.model_validate(data)

        extends = model.extends or []
        levers: dict[str, list[dict]] = {}
        params: dict[str, float] = {}
        chain: list[Path] = []
        for i, parent_ref in enumerate(extends):
            try:
                parent_path = _locate(parent_ref, path.parent)
            except InputError:
                raise doc.error(Problem("extends unknown", name=parent_ref),
                                "extends", *([i] if isinstance(data.get("extends"), list) else [])) from None
            parent = self._resolve(parent_path, stack + [key])
            levers.update(parent.levers)
            params.update(parent.params)
            chain += [p for p in parent.chain if p not in chain]
        levers.update(own_levers)
        params.update(own_params)
        description = ({"en": model.description} if isinstance(model.description, str)
                       else model.description.model_dump(exclude_none=True))
        return Scenario(
            name=path.stem, title=model.title.model_dump(),
            description=description, source=model.source,
            extends=list(extends), levers=levers, params=params, file=path, chain=[path] + chain,
        )


    def _parameter(self, errors: list, raw: Any) -> str | None:
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


def load_scenario(ref: str, engine: Engine, table: ParameterTable | None = None) -> Scenario:
    """One scenario by shipped name or YAML path, inheritance resolved and paths compiled."""
    return ScenarioLoader(engine, table).load(ref)


def narrative_order(scenarios: list[Scenario]) -> list[Scenario]:
    """Baseline first, packages (scenarios extending several others) last, the rest by name."""
    return sorted(scenarios, key=lambda s: (s.name != "baseline", len(s.extends) > 1, s.name))


def load_scenarios(refs: list[str] | None, engine: Engine, table: ParameterTable | None = None) -> list[Scenario]:
    """Several scenarios (all shipped ones when ``refs`` is empty); names must be unique."""
    loader = ScenarioLoader(engine, table)
    chosen = [loader.load(r) for r in refs] if refs else narrative_order([loader.load(r) for r in shipped_names()])
    seen: set[str] = set()
    for s in chosen:
        if s.name in seen:
            raise InputError("scenario given twice", name=s.name, source=str(s.file))
        seen.add(s.name)
    return chosen


def files_digest(scenarios: list[Scenario]) -> str:
    """sha256 over every scenario file used (with inherited ones), for provenance."""
    digest = hashlib.sha256()
    for path in sorted({p.resolve() for s in scenarios for p in s.chain}):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()
