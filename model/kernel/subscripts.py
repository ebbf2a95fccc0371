"""Subscripts flattened: each element of a subscripted variable is a node of its own.

A component's left side (``pop[region]``) is expanded into its elements; for each, the names on the
left are bound to that element (``region -> north``), and every reference on the right is resolved
to one element through the binding: the same range, a subrange, or a mapping (``a: a1, a2 -> b``)
positionally. A range marked ``!`` (inside SUM, PROD, VMIN, VMAX) is left free: the caller iterates
over its elements. Ranges, subranges and mappings come from pysd's own SubscriptManager, so ranges
copied from another or read from a spreadsheet are the ones pysd uses."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Sequence

from .errors import Unsupported


def element_key(key: str, elements: Sequence[str]) -> str:
    return f"{key}[{','.join(elements)}]" if elements else key


class Dimensions:
    def __init__(self, abstract_subscripts, root: Path):
        from pysd.builders.python.subscripts import SubscriptManager

        try:
            manager = SubscriptManager(abstract_subscripts, root)
        except Exception as error:  # noqa: BLE001 (pysd's readers raise many kinds)
            raise Unsupported(f"subscript ranges ({error})") from None
        self._manager = manager
        self.ranges: dict[str, list[str]] = {name: list(elements) for name, elements in manager.subscripts.items()}
        self.mapping: dict[str, list[str]] = {name: list(m) for name, m in manager.mapping.items()}
        self._main = {}  # element -> (main range, 1-based position), as pysd numbers subscripts
        for main in manager.subranges:
            for position, element in enumerate(self.ranges[main], start=1):
                self._main.setdefault(element, (main, position))
        self._by_clean = {name.lower().replace(" ", "_"): name for name in self.ranges}
        self._by_clean.update({e.lower().replace(" ", "_"): e for e in self._main})

    def is_range(self, name: str) -> bool:
        return name in self.ranges

    def expand(self, name: str) -> list[str]:
        """A range's elements, or an element alone."""
        name = name.rstrip("!")
        if name in self.ranges:
            return self.ranges[name]
        if name in self._main:
            return [name]
        raise Unsupported(f"subscript '{name}' (not a range or element)")

    def final_dims(self, lefts: list[list[str]], owner: str) -> list[str]:
        """The ranges a variable defined by components with these left sides is indexed by (pysd's
        merge of its definitions)."""
        try:
            dims = list(self._manager.make_merge_list(lefts, owner))
        except Exception as error:  # noqa: BLE001
            raise Unsupported(f"'{owner}': subscripts {lefts} ({error})") from None
        for name, elements in self._manager.subscripts.items():  # pysd names a range it had to add
            self.ranges.setdefault(name, list(elements))
        return dims

    def left_side(self, subscripts: Sequence[str], exceptions: Sequence[Sequence[str]]) -> list[tuple]:
        """(elements, binding) for each element of a component's left side, :EXCEPT: ones left out."""
        names = list(subscripts)
        left_out = {combination for exception in exceptions
                    for combination in itertools.product(*(self.expand(s) for s in exception))}
        found = []
        for elements in itertools.product(*(self.expand(s) for s in names)):
            if elements in left_out:
                continue
            binding = {name: element for name, element in zip(names, elements) if self.is_range(name)}
            found.append((elements, binding))
        return found

    def resolve(self, subscripts: Sequence[str], binding: dict[str, str], where: str) -> list[str]:
        """The element each of a reference's subscripts designates under ``binding`` (a ``!`` range
        must be bound by the caller under its name with the mark)."""
        resolved = []
        for name in subscripts:
            if name in binding:
                resolved.append(binding[name])
            elif not self.is_range(name) and name in self._main:
                resolved.append(name)
            elif self.is_range(name):
                resolved.append(self._through_mapping(name, binding, where))
            else:
                raise Unsupported(f"subscript '{name}' in {where}")
        return resolved

    def _through_mapping(self, name: str, binding: dict[str, str], where: str) -> str:
        """The element of range ``name`` for a left side bound on another range: a mapping of
        ``name`` onto it (positional), or a range sharing the bound element (a subrange)."""
        for target in self.mapping.get(name, []):
            if target in binding and target in self.ranges:
                elements = self.ranges[target]
                if len(elements) != len(self.ranges[name]):
                    raise Unsupported(f"mapping of '{name}' onto '{target}' of another size in {where}")
                return self.ranges[name][elements.index(binding[target])]
        for bound, element in binding.items():
            if bound.endswith("!") or element not in self.ranges[name]:
                continue
            inner, outer = set(self.expand(bound)), set(self.ranges[name])
            if inner <= outer or outer <= inner:
                return element
        raise Unsupported(f"subscript range '{name}' not on the left side of {where}")

    def position(self, name: str, binding: dict[str, str], where: str) -> float:
        """A subscript used as a number: its element's 1-based position in its main range."""
        original = self._by_clean.get(name, name)
        element = self.resolve([original], binding, where)[0] if self.is_range(original) else original
        if element not in self._main:
            raise Unsupported(f"subscript '{name}' used as a number in {where}")
        return float(self._main[element][1])

    def is_subscript_name(self, clean_name: str) -> bool:
        return clean_name in self._by_clean

    def named(self, clean_name: str) -> str:
        """A range or element as the .mdl spells it, from pysd's key of it."""
        return self._by_clean.get(clean_name, clean_name)
