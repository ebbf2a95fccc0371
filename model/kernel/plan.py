"""What a kernel computes when: the order of the start and of a step, and which values a step can
skip (fixed after the start, or computed only when saved)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Sequence

import numpy as np

from .errors import Unsupported
from .ir import Node
from .statefuls import GIVEN, STATEFUL, derivative_reads, init_reads, step_reads

STEP_COMPUTED = ("delay", "trend", "forecast", "sample", "delay_fixed")  # stateful, yet evaluated each step


def topological(nodes: dict[str, Node], keys: Sequence[str], reads: Callable[[str], set]) -> list[str]:
    """Keys in evaluation order (what they read first); a cycle is Unsupported."""
    order, state, wanted = [], {}, set(keys)

    def visit(key, chain):
        if state.get(key) == "done":
            return
        if state.get(key) == "active":
            cycle = [nodes[k].name for k in chain[chain.index(key):] + [key]]
            raise Unsupported("circular definition: " + " -> ".join(cycle))
        state[key] = "active"
        for dep in sorted(reads(key)):
            if dep not in nodes:
                raise Unsupported(f"unknown variable '{dep}'")
            if dep in wanted:
                visit(dep, chain + [key])
        state[key] = "done"
        order.append(key)

    for key in keys:
        visit(key, [])
    return order


@dataclass
class Plan:
    constants: list[str]  # keys, column order of the constants matrix
    paths: list[str]  # keys of values read from time paths
    variables: list[str]  # keys of every saveable value (hidden inputs aside)
    stateful: list[str]
    start: list[str]  # keys in the order the start computes them
    every_step: list[str]  # computed each step (their derivatives need them)
    when_saved: list[str]  # computed only at saved steps, when an output reads them
    pipes: int = 0  # DELAY FIXED pipes


@dataclass
class Layout:
    """What the generated kernel expects: constant columns, path rows, variable rows."""

    constants: list[str]
    paths: list[str]
    variables: list[str]  # row order of `allv`
    on_demand: list[tuple[str, list[str]]] = field(default_factory=list)  # computed only when saved, in
    # order, with the keys each reads: a run computes those its outputs need (flags `need`)

    def need(self, outputs: Sequence[str]) -> np.ndarray:
        """Flags of the on-demand values the outputs read, directly or through one another."""
        wanted = set(outputs)
        for key, deps in reversed(self.on_demand):
            if key in wanted:
                wanted.update(deps)
        return np.array([key in wanted for key, _ in self.on_demand], dtype=np.bool_)


def plan(nodes: dict[str, Node], path_keys: Sequence[str]) -> tuple[dict[str, Node], Plan]:
    """The nodes with ``path_keys`` following time paths, and the order to compute them in."""
    nodes = dict(nodes)
    paths = sorted(path_keys)
    for key in paths:
        node = nodes[key]
        if node.kind not in ("aux", "constant", "path"):
            raise Unsupported(f"'{node.name}' cannot follow a time path")
        nodes[key] = Node(node.name, key, "path")
    constants = [k for k, n in nodes.items() if n.kind == "constant"]
    stateful = [k for k, n in nodes.items() if n.kind in STATEFUL]
    computed = [k for k, n in nodes.items() if n.kind in ("aux", "path")]
    step_computed = [k for k in stateful if nodes[k].kind in STEP_COMPUTED]

    # Values the derivatives need every step; the rest are computed only when saved.
    needed, todo = set(), [dep for key in stateful for dep in derivative_reads(nodes[key])] + step_computed
    while todo:
        key = todo.pop()
        if key in needed or key not in nodes:
            continue
        needed.add(key)
        todo += list(step_reads(nodes[key]))

    def reads_in_step(key):
        return set() if nodes[key].kind in GIVEN else step_reads(nodes[key])

    step_order = topological(nodes, computed + step_computed, reads_in_step)
    # Values that depend on constants only keep their start value: not recomputed.
    fixed = {k for k, n in nodes.items() if n.kind in ("constant", "control", "initial")}
    for key in step_order:
        node = nodes[key]
        if node.kind == "aux" and node.init is None and step_reads(node) <= fixed:
            fixed.add(key)

    def reads_at_start(key):
        node = nodes[key]
        return set() if node.kind in ("constant", "control", "time", "path") else init_reads(node)

    start = topological(nodes, computed + stateful + [k for k, n in nodes.items() if n.kind == "initial"],
                        reads_at_start)
    return nodes, Plan(
        constants=constants, paths=paths, variables=[k for k in nodes if not k.startswith("_h")],
        stateful=stateful, start=start,
        every_step=[k for k in step_order if k in needed and k not in fixed],
        when_saved=[k for k in step_order if k not in needed and k not in fixed],
        pipes=sum(1 for k in stateful if nodes[k].kind == "delay_fixed"),
    )
