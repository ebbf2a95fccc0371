"""Policy scenarios as YAML data (scenarios/*.yaml), loaded by name or file with their inheritance
(``extends``) resolved and their lever pieces compiled to paths for the engine.

A scenario names the model's levers (time paths) and constants it changes; see
scenarios/README.md for the grammar. A file is read by ``document.py``, its structure checked by
the pydantic models in ``spec.py`` and what depends on the model by ``checker.py``; all problems
of a file come as one ``InputError`` naming the file, line and field of each.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from innovsd.errors import InputError, Problem
from innovsd.model.engine import Engine, LeverPath
from innovsd.model.horizon import time_grid
from innovsd.model.parameters import ParameterTable
from innovsd.resources import data_file
from innovsd.tables import named_path, resolved
from innovsd.text import clean

from . import spec
from .checker import Checker
from .document import read_document
from .paths import compile_pieces, default_paths

if TYPE_CHECKING:
    import pandas as pd

SCENARIO_DIR = data_file("innovsd.scenarios", "")
MAX_EXTENDS = 20  # length of an extends chain; the shipped ones have 2
MAX_FILES = 200  # scenario files one command reads, inherited ones included; the shipped ones are 8


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


def scenario_files(folder: Path = SCENARIO_DIR) -> list[Path]:
    return sorted(Path(folder).glob("*.yaml"))


def shipped_names(folder: Path = SCENARIO_DIR) -> list[str]:
    """Shipped scenarios, baseline first, then as the files sort."""
    names = [p.stem for p in scenario_files(folder)]
    return sorted(names, key=lambda n: (n != "baseline", n))


def _locate(ref: str, near: Path | None) -> Path:
    """The file a scenario reference means: a path (as typed on the command line; in a file's
    ``extends``, relative to that file), else a name in ``near``'s folder or the shipped ones."""
    text = str(ref)
    if text.endswith((".yaml", ".yml")) or "/" in text or "\\" in text:
        return named_path(text, near, field="extends") if near else Path(text)
    for folder in ([near.parent] if near else []) + [SCENARIO_DIR]:
        candidate = Path(folder) / f"{text}.yaml"
        if candidate.is_file():
            return candidate
    raise InputError("no scenario", name=text, known=", ".join(shipped_names()), source=str(near or SCENARIO_DIR))


class ScenarioLoader:
    """Loads scenarios by name or file, resolving ``extends``; caches the .mdl's own lever paths."""

    def __init__(self, engine: Engine, table: ParameterTable | None = None):
        self.engine = engine
        self.table = table or ParameterTable()
        self.checker = Checker(engine, self.table)
        self.years = time_grid(engine)
        self._defaults: dict[str, np.ndarray] | None = None
        self._resolved: dict[Path, Scenario] = {}  # each file read once, however often it is inherited

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

    def load_many(self, refs: list[str] | None) -> list[Scenario]:
        """Several scenarios (all shipped ones, in narrative order, when ``refs`` is empty); a
        name given twice is refused."""
        chosen = [self.load(r) for r in refs] if refs else narrative_order([self.load(r) for r in shipped_names()])
        seen: set[str] = set()
        for s in chosen:
            if s.name in seen:
                raise InputError("scenario given twice", name=s.name, source=str(s.file))
            seen.add(s.name)
        return chosen

    def lever_values(self, scenario: Scenario, lever: str, years) -> list[float]:
        """The lever's path in ``years``: the scenario's own, else the model's default."""
        grid, path = scenario.paths.get(lever, (self.years, self.defaults[lever]))
        return [float(np.interp(y, grid, path)) for y in years]

    def _resolve(self, path: Path, stack: list[Path]) -> Scenario:
        key = resolved(path)
        if key in stack:
            cycle = " -> ".join(p.stem for p in stack + [key])
            raise InputError("circular extends", cycle=cycle, source=str(path), field="extends")
        if key in self._resolved:
            return self._resolved[key]
        if len(stack) >= MAX_EXTENDS:
            raise InputError("extends too long", limit=MAX_EXTENDS, source=str(stack[0]), field="extends")
        if len(self._resolved) >= MAX_FILES:
            raise InputError("too many scenario files", limit=MAX_FILES, source=str(stack[0] if stack else path))
        doc = read_document(path)
        data = doc.data
        errors = spec.problems(data)
        name = clean(path.stem)  # the file's name is printed and written wherever the scenario goes
        if isinstance(data.get("name"), str) and clean(data["name"]) != name:
            errors.append((("name",), Problem("name differs", name=data["name"], stem=name)))
        own_levers = self.checker.levers(errors, data.get("levers"))
        own_params = self.checker.params(errors, data.get("params"))
        if errors:
            raise doc.errors(errors)
        model = spec.ScenarioFile.model_validate(data)

        extends = model.extends or []
        levers: dict[str, list[dict]] = {}
        params: dict[str, float] = {}
        chain: list[Path] = []
        for i, parent_ref in enumerate(extends):
            where = ("extends", *([i] if isinstance(data.get("extends"), list) else []))
            try:
                parent_path = _locate(parent_ref, path)
            except InputError as error:
                unknown = error.message.key == "no scenario"
                raise doc.error(Problem("extends unknown", name=parent_ref) if unknown else error.message, *where) from None
            parent = self._resolve(parent_path, stack + [key])
            levers.update(parent.levers)
            params.update(parent.params)
            chain += [p for p in parent.chain if p not in chain]
        levers.update(own_levers)
        params.update(own_params)
        description = ({"en": model.description} if isinstance(model.description, str)
                       else model.description.model_dump(exclude_none=True))
        self._resolved[key] = Scenario(
            name=name, title=model.title.model_dump(),
            description=description, source=model.source,
            extends=list(extends), levers=levers, params=params, file=path, chain=[path] + chain,
        )
        return self._resolved[key]


@dataclass
class ScenarioDescription:
    """A scenario with everything it sets resolved: per lever of the model its pieces (none: the
    model's default path) and its value in ``years``; per constant its value, unit and default."""

    scenario: Scenario
    years: tuple[int, ...]
    levers: list[dict]  # name, pieces, values
    params: list[dict]  # name, value, unit, default

    def to_dataframe(self) -> "pd.DataFrame":
        """Levers then constants: name, whether the scenario sets it, the lever's value in each year."""
        import pandas as pd

        rows = [{"name": r["name"], "kind": "lever", "set": bool(r["pieces"]), **dict(zip(self.years, r["values"]))}
                for r in self.levers]
        rows += [{"name": r["name"], "kind": "constant", "set": True, "value": r["value"], "unit": r["unit"]}
                 for r in self.params]
        return pd.DataFrame(rows)


def describe_scenario(ref: str, engine: Engine, years=(2026, 2030, 2035)) -> ScenarioDescription:
    """One scenario as `innovsd scenarios show` prints it."""
    loader = ScenarioLoader(engine)
    s = loader.load(ref)
    levers = [{"name": lever, "pieces": s.levers.get(lever, []), "values": loader.lever_values(s, lever, years)}
              for lever in engine.levers]
    params = [{"name": name, "value": value, "unit": loader.table[name].unit, "default": loader.table[name].value}
              for name, value in s.params.items()]
    return ScenarioDescription(s, tuple(years), levers, params)


def load_scenario(ref: str, engine: Engine, table: ParameterTable | None = None) -> Scenario:
    """One scenario by shipped name or YAML path, inheritance resolved and paths compiled."""
    return ScenarioLoader(engine, table).load(ref)


def narrative_order(scenarios: list[Scenario]) -> list[Scenario]:
    """Baseline first, packages (scenarios extending several others) last, the rest by name."""
    return sorted(scenarios, key=lambda s: (s.name != "baseline", len(s.extends) > 1, s.name))


def load_scenarios(refs: list[str] | None, engine: Engine, table: ParameterTable | None = None) -> list[Scenario]:
    """Several scenarios (all shipped ones when ``refs`` is empty); names must be unique."""
    return ScenarioLoader(engine, table).load_many(refs)


def files_digest(scenarios: list[Scenario]) -> str:
    """sha256 over every scenario file used (with inherited ones), for provenance."""
    digest = hashlib.sha256()
    for path in sorted({resolved(p) for s in scenarios for p in s.chain}):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()
