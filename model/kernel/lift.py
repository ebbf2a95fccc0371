"""A step's statements cut where they call exp, log or ^, so that those run as loops of their own
over a row of members (``_vexp``, ``_vlog``, ``_vpow``), which vectorise.

Segment i holds the statements computable once the calls of segment i - 1 are done, and the
operands of its own calls. The trees keep their shape, so each value is the same arithmetic."""

from __future__ import annotations

from itertools import count
from typing import Callable

from .ir import Call, Slot, rebuild, slots
from .statefuls import Assign, Record

VECTOR_CALLS = {"exp": "_vexp", "ln": "_vlog", "pow": "_vpow"}


def segments(statements: list, is_row: Callable[[str], bool]) -> tuple[list[list], list[list[tuple]]]:
    """(statements per segment, vector calls per segment as (function, operand names, result name))."""
    available: dict[str, int] = {}  # name -> first segment that can read it
    found: dict[int, list] = {}
    calls: dict[int, list[tuple]] = {}
    numbers = count(1)

    def level(expr) -> int:
        return max([available.get(name, 0) for name in slots(expr)] + [0])

    def lift(expr):
        if not (isinstance(expr, Call) and expr.function in VECTOR_CALLS):
            return expr
        at = max(level(argument) for argument in expr.args)
        operands = []
        for argument in expr.args:
            if isinstance(argument, Slot) and is_row(argument.name):
                operands.append(argument.name)
                continue
            name = f"a_{next(numbers)}"
            found.setdefault(at, []).append(Assign(name, argument))
            available[name] = at
            operands.append(name)
        result = f"c_{next(numbers)}"
        calls.setdefault(at, []).append((VECTOR_CALLS[expr.function], operands, result))
        available[result] = at + 1
        return Slot(result)

    for statement in statements:
        if isinstance(statement, Assign):
            tree = rebuild(statement.expr, lift)
            at = level(tree)
            found.setdefault(at, []).append(Assign(statement.target, tree))
            available[statement.target] = at
        else:  # a Record reads its value when the value is ready
            tree = rebuild(statement.value, lift)
            found.setdefault(level(tree), []).append(Record(statement.pipe, tree))
    total = max([*found, *(c + 1 for c in calls), 0]) + 1
    return [found.get(i, []) for i in range(total)], [calls.get(i, []) for i in range(total)]
