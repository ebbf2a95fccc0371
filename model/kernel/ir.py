"""The kernel's intermediate form: every value of the model is a scalar node (one per element of a
subscripted variable), and every expression a small tree of the classes below.

The translator (``translate``) writes this form from pysd's syntax tree; the builder (``build``)
writes numba source from it. An expression reads nodes through ``Ref`` (by key) and, once the
builder has given each value its local name, through ``Slot``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Union


@dataclass(frozen=True)
class Num:
    value: float


@dataclass(frozen=True)
class Ref:
    """A value of the model, by key (``stock`` or ``stock[north]``)."""

    key: str


@dataclass(frozen=True)
class Slot:
    """A local name of the generated code (a value, a stage, a derivative)."""

    name: str


@dataclass(frozen=True)
class Unary:
    op: str  # "-" or "not"
    arg: "Expr"


@dataclass(frozen=True)
class Binary:
    op: str  # + - * / == != < > <= >= and or
    left: "Expr"
    right: "Expr"


@dataclass(frozen=True)
class Call:
    """A runtime function (runtime.compiled's names without the underscore, or numpy's)."""

    function: str
    args: tuple


@dataclass(frozen=True)
class Choose:
    """IF THEN ELSE: only the chosen branch is evaluated."""

    condition: "Expr"
    then: "Expr"
    other: "Expr"


@dataclass(frozen=True)
class Interp:
    """A lookup table read at ``arg`` (np.interp: ends held, as pysd reads lookups)."""

    table: int
    arg: "Expr"


@dataclass(frozen=True)
class Lagged:
    """A DELAY FIXED output: the input ``length`` steps ago, ``initial`` before that."""

    pipe: int
    length: "Expr"
    initial: "Expr"


@dataclass(frozen=True)
class Group:
    """The elements of a range, passed together to a function over a vector (VECTOR SELECT...)."""

    items: tuple


Expr = Union[Num, Ref, Slot, Unary, Binary, Call, Choose, Interp, Lagged, Group]


def children(expr: Expr) -> tuple:
    if isinstance(expr, Unary):
        return (expr.arg,)
    if isinstance(expr, Binary):
        return (expr.left, expr.right)
    if isinstance(expr, Call):
        return expr.args
    if isinstance(expr, Choose):
        return (expr.condition, expr.then, expr.other)
    if isinstance(expr, Interp):
        return (expr.arg,)
    if isinstance(expr, Lagged):
        return (expr.length, expr.initial)
    if isinstance(expr, Group):
        return expr.items
    return ()


def walk(expr: Expr) -> Iterator[Expr]:
    yield expr
    for child in children(expr):
        yield from walk(child)


def refs(expr: Expr | None) -> set[str]:
    """Keys of the model values an expression reads."""
    return set() if expr is None else {e.key for e in walk(expr) if isinstance(e, Ref)}


def slots(expr: Expr) -> list[str]:
    """Local names an expression reads, in order of first reading."""
    seen = {}
    for e in walk(expr):
        if isinstance(e, Slot):
            seen.setdefault(e.name, None)
    return list(seen)


def rebuild(expr: Expr, change) -> Expr:
    """``expr`` with ``change`` applied bottom-up to every sub-expression."""
    if isinstance(expr, Unary):
        expr = Unary(expr.op, rebuild(expr.arg, change))
    elif isinstance(expr, Binary):
        expr = Binary(expr.op, rebuild(expr.left, change), rebuild(expr.right, change))
    elif isinstance(expr, Call):
        expr = Call(expr.function, tuple(rebuild(a, change) for a in expr.args))
    elif isinstance(expr, Choose):
        expr = Choose(*(rebuild(e, change) for e in (expr.condition, expr.then, expr.other)))
    elif isinstance(expr, Interp):
        expr = Interp(expr.table, rebuild(expr.arg, change))
    elif isinstance(expr, Lagged):
        expr = Lagged(expr.pipe, rebuild(expr.length, change), rebuild(expr.initial, change))
    elif isinstance(expr, Group):
        expr = Group(tuple(rebuild(e, change) for e in expr.items))
    return change(expr)


@dataclass
class Node:
    """One scalar value of the model: how it starts and how it is computed each step.

    ``kind``: constant, control, time, aux, path (follows a time path), initial (INITIAL), or
    stateful (statefuls.STATEFUL). A stateful node's inputs are hidden aux nodes named in
    ``inputs`` by role (input, time, ...); ``order`` counts its stages (a DELAY FIXED: its pipe)."""

    name: str  # as results name it: "stock" or "stock[north]"
    key: str
    kind: str
    expr: Expr | None = None  # value each step (aux), or flow (stock)
    init: Expr | None = None  # initial value (stateful, initial; an aux's ACTIVE INITIAL value)
    order: int = 0
    inputs: dict = field(default_factory=dict)  # role -> hidden node key
    order_from: tuple = ()  # delay times whose least value lowers the order (pysd's np.min)
    clip: bool = False  # a non-negative stock
