"""How each kind of node starts, is read, changes and advances: pysd's formulas
(pysd.py_backend.statefuls) as statements of the intermediate form.

A stateful node keeps its stages in slots ``s_<id>_<i>`` with derivatives ``d_<id>_<i>``; its
inputs are hidden aux nodes (``Node.inputs``). Every function takes the node and ``slot``, which
names the slot of a model value by key."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .ir import Binary, Call, Choose, Expr, Lagged, Node, Num, Ref, Slot, rebuild, refs

# Kinds whose value at a step's start is known from the states (no equation to evaluate).
GIVEN = {"constant", "control", "time", "stock", "smooth", "delay_n", "initial"}
STATEFUL = {"stock", "smooth", "delay", "delay_n", "trend", "forecast", "delay_fixed", "sample"}


@dataclass(frozen=True)
class Assign:
    target: str
    expr: Expr


@dataclass(frozen=True)
class Record:
    """Keep a DELAY FIXED's input of this step in its pipe."""

    pipe: int
    value: Expr


def local(expr: Expr, slot: Callable[[str], str]) -> Expr:
    """``expr`` with model references replaced by their slots."""
    return rebuild(expr, lambda e: Slot(slot(e.key)) if isinstance(e, Ref) else e)


def _f(expr: Expr) -> Expr:
    return Call("float", (expr,))


class Slots:
    """Local names: ``v_<name>`` for a model value, unique; a stateful node's stages, derivatives and
    order take the node's stem (its place in the model, then its name), so they never collide."""

    def __init__(self, nodes):
        self.names, self.stems, taken = {}, {}, set()
        for ordinal, key in enumerate(nodes):
            base = "".join(c if c.isascii() and c.isalnum() else "_" for c in key)
            name, n = f"v_{base}", 1
            while name in taken:
                name, n = f"v_{base}_{n}", n + 1
            taken.add(name)
            self.names[key] = name
            self.stems[key] = f"{ordinal}_{base}"

    def __call__(self, key: str) -> str:
        return self.names[key]

    def stem(self, key: str) -> str:
        return self.stems[key]


def _names(node: Node, slot: Slots) -> tuple[str, Callable[[int], Slot], Callable[[int], str]]:
    base = slot.stem(node.key)
    return base, (lambda i: Slot(f"s_{base}_{i}")), (lambda i: f"d_{base}_{i}")


def _input(node: Node, role: str, slot) -> Slot:
    return Slot(slot(node.inputs[role]))


def _last_stage(node: Node, stage, order: Slot) -> Expr:
    """The stage at position ``order`` (a delay's order may be lowered at the start)."""
    expr = stage(node.order - 1)
    for i in reversed(range(node.order - 1)):
        expr = Choose(Binary("==", order, Num(float(i + 1))), stage(i), expr)
    return expr


def _order(node: Node, slot) -> Expr:
    """DELAY N's order is lowered until order * TIME STEP fits in the delay time (pysd, as Vensim);
    DELAY1 and DELAY3 keep theirs (Vensim; pysd lowers them too)."""
    if node.kind == "delay":
        return Num(float(node.order))
    times = [Slot(slot(key)) for key in node.order_from] or [_input(node, "time", slot)]
    least = times[0]
    for other in times[1:]:
        least = Call("min", (least, other))
    return Call("delay_order", (Num(float(node.order)), Slot("v_time_step"), least))


# -- dependencies ----------------------------------------------------------------------------------
def step_reads(node: Node) -> set[str]:
    """Keys a node's value reads when computed during a step (kinds outside GIVEN)."""
    if node.kind == "aux":
        return refs(node.expr)
    if node.kind == "delay":
        return {node.inputs["time"]}
    if node.kind in ("trend", "forecast", "sample"):
        return set(node.inputs.values())
    return set()


def derivative_reads(node: Node) -> set[str]:
    """Keys a stateful node's derivatives and update read each step."""
    if node.kind == "stock":
        return refs(node.expr)
    return set(node.inputs.values())


def init_reads(node: Node) -> set[str]:
    """Keys read to start a node."""
    if node.kind == "aux":
        return refs(node.init if node.init is not None else node.expr)
    if node.kind in ("stock", "initial", "smooth"):
        return refs(node.init)
    return refs(node.init) | set(node.inputs.values()) | set(node.order_from)


# -- statements ------------------------------------------------------------------------------------
def start(node: Node, slot) -> list:
    """Statements that give a node its initial value (and stages)."""
    v = slot(node.key)
    base, stage, _ = _names(node, slot)
    init = None if node.init is None else local(node.init, slot)
    if node.kind == "aux":
        return [Assign(v, _f(init if init is not None else local(node.expr, slot)))]
    if node.kind in ("stock", "initial"):
        return [Assign(v, _f(init))]
    if node.kind == "sample":
        return [Assign(stage(0).name, _f(init)), Assign(v, value(node, slot))]
    if node.kind == "smooth":
        return ([Assign("_init", _f(init))] + [Assign(stage(i).name, Slot("_init")) for i in range(node.order)]
                + [Assign(v, stage(node.order - 1))])
    if node.kind in ("delay", "delay_n"):
        time = _input(node, "time", slot)
        lines = [Assign(f"q_{base}", _order(node, slot)), Assign("_init", Binary("*", _f(init), time))]
        lines += [Assign(stage(i).name, Slot("_init")) for i in range(node.order)]
        if node.kind == "delay_n":
            lines += [Assign(f"u_{base}_{i}", time) for i in range(node.order)]
        return lines + [Assign(v, Binary("/", Slot("_init"), time))]
    if node.kind in ("trend", "forecast"):
        scale = _input(node, "time", slot) if node.kind == "trend" else Num(1.0)
        rate = Binary("*", _f(init), scale) if node.kind == "trend" else _f(init)
        lines = [Assign(stage(0).name, Binary("/", _input(node, "input", slot), Binary("+", Num(1.0), rate)))]
        return lines + [Assign(v, value(node, slot))]
    if node.kind == "delay_fixed":
        length = Call("fixed_length", (_input(node, "time", slot), Slot("v_time_step")))
        return [Assign(f"q_{base}", length), Assign(stage(0).name, _f(init)), Assign(v, stage(0))]
    raise ValueError(node.kind)


def value(node: Node, slot) -> Expr:
    """A node's value during a step, for kinds outside GIVEN."""
    base, stage, _ = _names(node, slot)
    if node.kind == "aux":
        return _f(local(node.expr, slot))
    if node.kind == "delay":
        return Binary("/", _last_stage(node, stage, Slot(f"q_{base}")), _input(node, "time", slot))
    if node.kind == "trend":
        return Call("trend", (_input(node, "input", slot), stage(0), _input(node, "time", slot)))
    if node.kind == "forecast":
        value_, average = _input(node, "input", slot), stage(0)
        change = Call("xidz", (Binary("-", value_, average), Binary("*", _input(node, "time", slot), average),
                               Num(0.0)))
        return Binary("*", value_, Binary("+", Num(1.0), Binary("*", change, _input(node, "horizon", slot))))
    if node.kind == "sample":
        return Choose(_input(node, "condition", slot), _input(node, "input", slot), stage(0))
    if node.kind == "delay_fixed":
        return Lagged(node.order, Slot(f"q_{base}"), stage(0))
    raise ValueError(node.kind)


def derivatives(node: Node, slot) -> list:
    """Statements computing a stateful node's derivatives (or what its update needs)."""
    base, stage, d = _names(node, slot)
    if node.kind == "stock":
        return [Assign(f"d_{base}", _f(local(node.expr, slot)))]
    if node.kind == "smooth":
        time, order = _input(node, "time", slot), Num(float(node.order))
        targets = [_input(node, "input", slot)] + [stage(i) for i in range(node.order - 1)]
        return [Assign(d(i), Binary("/", Binary("*", Binary("-", targets[i], stage(i)), order), time))
                for i in range(node.order)]
    if node.kind in ("delay", "delay_n"):
        q = Slot(f"q_{base}")
        if node.kind == "delay":
            times = [_input(node, "time", slot)] * node.order
            lines = []
        else:  # DELAY N: each stage keeps the delay time it entered with
            times = [Slot(f"w_{base}_{i}") for i in range(node.order)]
            lines = [Assign(times[0].name, _input(node, "time", slot))]
            lines += [Assign(times[i].name, Slot(f"u_{base}_{i - 1}")) for i in range(1, node.order)]
        for i in range(node.order):
            inflow = _input(node, "input", slot) if i == 0 else Binary("/", stage(i - 1), times[i - 1])
            rate = Binary("*", Binary("-", inflow, Binary("/", stage(i), times[i])), q)
            lines.append(Assign(d(i), rate if i == 0 else Choose(Binary(">", q, Num(float(i))), rate, Num(0.0))))
        return lines
    if node.kind in ("trend", "forecast"):
        return [Assign(d(0), Binary("/", Binary("-", _input(node, "input", slot), stage(0)),
                                    _input(node, "time", slot)))]
    if node.kind == "delay_fixed":
        return [Record(node.order, _input(node, "input", slot))]
    if node.kind == "sample":
        return []
    raise ValueError(node.kind)


def advance(node: Node, slot) -> list:
    """Statements of the Euler step: each state plus its derivative times TIME STEP."""
    v = slot(node.key)
    base, stage, d = _names(node, slot)
    dt = Slot("v_time_step")
    if node.kind == "stock":
        moved = Binary("+", Slot(v), Binary("*", Slot(f"d_{base}"), dt))
        return [Assign(v, Call("max", (moved, Num(0.0))) if node.clip else moved)]
    if node.kind == "sample":
        return [Assign(stage(0).name, Slot(v))]
    if node.kind == "delay_fixed":
        return []
    lines = [Assign(stage(i).name, Binary("+", stage(i), Binary("*", Slot(d(i)), dt))) for i in range(node.order or 1)]
    if node.kind == "delay_n":
        lines += [Assign(f"u_{base}_{i}", Slot(f"w_{base}_{i}")) for i in range(node.order)]
        lines.append(Assign(v, Binary("/", _last_stage(node, stage, Slot(f"q_{base}")), Slot(f"u_{base}_0"))))
    if node.kind == "smooth":
        lines.append(Assign(v, stage(node.order - 1)))
    return lines
