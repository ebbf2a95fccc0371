"""Reading a scenario file: YAML with ``yaml.safe_load`` semantics (SafeLoader: loading never executes
anything), refused before anything is built when it has anchors or aliases or nests too deep, and
the line of every key remembered, so each problem names the file, line and field."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from innovsd.errors import InputError, Problem, combined
from innovsd.tables import read_input

MAX_SCENARIO_BYTES = 1_000_000  # shipped scenarios are about 1 kB
MAX_DEPTH = 20  # nesting of mappings and lists; the grammar needs 5
NUMBER_CHARS = 40  # a longer plain number is no level or year (and costs Python a slow conversion)
NUMBER = re.compile(r"[-+]?[0-9_.,:]*[0-9][0-9_.,:eE+-]*")
# libyaml's parser where PyYAML was built with it (the same safe loading, ten times faster on a
# file of many problems); the pure-Python one otherwise.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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
        the next ones after it, each with its own file:line and field, and how many in all."""
        return combined([self.error(problem, *keys)
                         for keys, problem in sorted(problems, key=lambda found: self.line(*found[0]) or 0)])


def _check_events(path: Path, text: str) -> None:
    """Before anything is built from the YAML: no anchors or aliases (a scenario has no use for
    them, and they can expand exponentially) and no deeper nesting than the grammar needs."""
    depth = 0
    for event in yaml.parse(text, Loader=LOADER):
        line = f"{path}:{event.start_mark.line + 1}"
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise InputError("yaml anchors", source=line)
        # A plain scalar's style: None from the Python parser, "" from libyaml.
        if isinstance(event, yaml.ScalarEvent) and not event.style and len(event.value) > NUMBER_CHARS \
                and NUMBER.fullmatch(event.value):
            raise InputError("number too large", text=event.value, limit=1e15, source=line)
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
            k = _key(key)
            if k in seen:
                raise InputError("key given twice", key=key.value, source=f"{path}:{key.start_mark.line + 1}",
                                 field=".".join(str(p) for p in prefix + (k,)))
            seen.add(k)
            out[prefix + (k,)] = key.start_mark.line + 1
            _node_lines(value, prefix + (k,), out, path)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _node_lines(item, prefix + (i,), out, path)


def _key(node) -> object:
    """A mapping key as the document means it: table years are numbers, so 2030 and 2030.0 are
    one key."""
    if node.tag.endswith((":int", ":float")):
        try:
            number = float(node.value.replace("_", ""))
            return int(number) if number.is_integer() else number
        except ValueError:
            pass
    return node.value


def read_document(path: Path) -> Document:
    text = read_input(path, "scenario file", MAX_SCENARIO_BYTES)
    lines: dict[tuple, int] = {}
    try:
        _check_events(path, text)
        node = yaml.compose(text, Loader=LOADER)
        if node is not None:
            _node_lines(node, (), lines, path)
        data = yaml.load(text, Loader=LOADER)
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
