"""Reading a scenario file: YAML with ``yaml.safe_load`` semantics (SafeLoader: loading never executes
anything), refused before anything is built when it has anchors or aliases or nests too deep, and
the line of every key remembered, so each problem names the file, line and field."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from innovsd.errors import InputError, Problem
from innovsd.tables import read_input

MAX_SCENARIO_BYTES = 1_000_000  # shipped scenarios are about 1 kB
MAX_DEPTH = 20  # nesting of mappings and lists; the grammar needs 5


@dataclass
class Document:
    """A scenario file's data and the line of each key path in it."""

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


def read_document(path: Path) -> Document:
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
    return Document(path, data, lines)
