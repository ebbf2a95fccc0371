"""pysd's expression trees in the intermediate form, one element of a subscripted equation at a time.

Arithmetic follows pysd's builder (python_expressions_builder): the same operator chains
(``^`` from the right, ``:AND:``/``:OR:`` nested from the right), the same functions
(pysd.py_backend.functions) through the runtime's helpers."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace

import numpy as np

from .errors import Unsupported
from .ir import Binary, Call, Choose, Expr, Group, Interp, Num, Ref, Unary
from .subscripts import element_key

ARITHMETIC = {"+": "+", "-": "-", "*": "*", "/": "/", "=": "==", "<>": "!=", "<": "<", ">": ">", "<=": "<=",
              ">=": ">="}
# Vensim function -> (number of arguments, runtime function); clock functions get Time (and TIME STEP)
# as leading arguments.
FUNCTIONS = {
    "abs": (1, "abs"), "sqrt": (1, "np.sqrt"), "exp": (1, "exp"), "ln": (1, "ln"), "sin": (1, "sin"),
    "cos": (1, "cos"), "tan": (1, "tan"), "arcsin": (1, "asin"), "arccos": (1, "acos"), "arctan": (1, "atan"),
    "sinh": (1, "sinh"), "cosh": (1, "cosh"), "tanh": (1, "tanh"),
    "integer": (1, "integer"), "min": (2, "min"), "max": (2, "max"), "xidz": (3, "xidz"), "quantum": (2, "quantum"),
    "modulo": (2, "modulo"), "power": (2, "pow"),
}
CLOCK = {"step": (2, "step", True), "ramp": (3, "ramp", False), "Xramp": (2, "ramp_open", False),
         "pulse": (2, "pulse", False), "pulse_train": (4, "pulse_train", False)}
REDUCTIONS = {"sum": "+", "prod": "*", "vmin": "min", "vmax": "max"}


@dataclass(frozen=True)
class Context:
    element: str  # the equation's name and line, for messages
    binding: dict  # left-side ranges (and ``range!`` of a reduction) -> element
    phase: str = "step"  # "init": ACTIVE INITIAL takes its initial value
    left: tuple = ()  # the subscripts of the equation's left side


class ExpressionReader:
    """Mixed into the translator, which provides ``dims``, ``variables`` (key -> ranges),
    ``keys`` (every element key), ``lookups`` (element key -> table) and ``stateful`` (a hidden
    node for a SMOOTH, DELAY... written inside an expression)."""

    def expr(self, ast, ctx: Context) -> Expr:
        from pysd.translators.structures import abstract_expressions as ae

        if isinstance(ast, (bool, np.bool_)):
            return Num(1.0 if ast else 0.0)
        if isinstance(ast, (int, float, np.integer, np.floating)):
            return Num(float(ast))
        if isinstance(ast, ae.ReferenceStructure):
            return self.reference(ast, ctx)
        if isinstance(ast, ae.ArithmeticStructure):
            return self.arithmetic(ast, ctx)
        if isinstance(ast, ae.LogicStructure):
            return self.logic(ast, ctx)
        if isinstance(ast, ae.CallStructure):
            return self.call(ast, ctx)
        if isinstance(ast, ae.InlineLookupsStructure):
            return Interp(self.table(ast.lookups, ctx), self.expr(ast.argument, ctx))
        if isinstance(ast, ae.GameStructure):  # GAME(x) is x in a simulation
            return self.expr(ast.expression, ctx)
        if type(ast).__name__ in STATEFUL_STRUCTURES:
            return Ref(self.stateful(ast, ctx))
        if isinstance(ast, ae.AllocateByPriorityStructure):
            return self.allocation(ast, ctx)
        raise Unsupported(f"{type(ast).__name__.replace('Structure', '')} in {ctx.element}")

    # -- references --------------------------------------------------------------------------------
    def reference(self, ast, ctx: Context) -> Expr:
        name = ast.reference
        given = list(getattr(ast.subscripts, "subscripts", None) or [])
        if name == "time" and not given:
            return Ref("time")
        if name in self.variables:
            ranges = self.variables[name]
            if len(given) != len(ranges):
                raise Unsupported(f"reference to '{name}' with {len(given)} of its {len(ranges)} subscripts in "
                                  f"{ctx.element}")
            key = element_key(name, self.dims.resolve(given, ctx.binding, ctx.element)) if given else name
            if key not in self.keys:
                raise Unsupported(f"'{key}' (an element never defined) in {ctx.element}")
            return Ref(key)
        if name in self.lookup_names:
            raise Unsupported(f"lookup '{name}' used without an argument in {ctx.element}")
        if self.dims.is_subscript_name(name) and not given:
            return Num(self.dims.position(name, ctx.binding, ctx.element))
        raise Unsupported(f"unknown name '{name}' in {ctx.element}")

    # -- operators ---------------------------------------------------------------------------------
    def arithmetic(self, ast, ctx: Context) -> Expr:
        operators = list(ast.operators)
        args = [self.expr(a, ctx) for a in ast.arguments]
        if operators == ["negative"]:
            return Unary("-", args[0])
        if "^" in operators:  # pysd writes x ** y ** z: from the right
            code = args.pop()
            while args:
                code = Call("pow", (args.pop(), code))
            return code
        code = args[0]
        for op, arg in zip(operators, args[1:]):
            code = Binary(ARITHMETIC[op], code, arg)
        return code

    def logic(self, ast, ctx: Context) -> Expr:
        operators = list(ast.operators)
        args = [self.expr(a, ctx) for a in ast.arguments]
        if operators == [":NOT:"]:
            return Unary("not", args[0])
        if any(op in (":AND:", ":OR:") for op in operators):
            code = args.pop()  # pysd nests these from the right: np.logical_and(a, np.logical_or(b, c))
            while operators:
                op = operators.pop()
                if op not in (":AND:", ":OR:"):
                    raise Unsupported(f"operators {ast.operators} mixed in {ctx.element}")
                code = Binary(op[1:-1].lower(), args.pop(), code)
            return code
        code = args[0]
        for op, arg in zip(operators, args[1:]):
            code = Binary(ARITHMETIC[op], code, arg)
        return code

    # -- calls ---------------------------------------------------------------------------------------
    def call(self, ast, ctx: Context) -> Expr:
        function = ast.function.reference
        if function in self.lookup_names:
            subs = list(getattr(ast.function.subscripts, "subscripts", None) or [])
            key = element_key(function, self.dims.resolve(subs, ctx.binding, ctx.element)) if subs else function
            if key not in self.lookups or len(ast.arguments) != 1:
                raise Unsupported(f"lookup '{key}' called with {len(ast.arguments)} arguments in {ctx.element}")
            return Interp(self.lookups[key], self.expr(ast.arguments[0], ctx))
        if function in REDUCTIONS:
            return self.reduction(function, ast.arguments, ctx)
        if function == "vector_select" and len(ast.arguments) == 5:
            return self.vector_select(ast.arguments, ctx)
        if function == "invert_matrix" and len(ast.arguments) == 2:
            rows, columns = self._vector_ranges(ast.arguments[0], 2, ctx)
            values = self._along(ast.arguments[0], [rows, columns], ctx)
            return Call("invert_matrix", (Num(self._position(-2, ctx)), Num(self._position(-1, ctx)), values))
        if function in ("vector_sort_order", "vector_rank", "vector_reorder") and len(ast.arguments) == 2:
            return self.sorting(function, ast.arguments, ctx)
        if function == "elmcount":
            return Num(float(len(self.dims.expand(self.dims.named(ast.arguments[0].reference)))))
        if function == "pi" and not ast.arguments:
            return Num(float(np.pi))
        if function == "active_initial":
            return self.expr(ast.arguments[1 if ctx.phase == "init" else 0], ctx)
        args = [self.expr(a, ctx) for a in ast.arguments]
        if function == "if_then_else" and len(args) == 3:
            return Choose(*args)
        if function == "zidz" and len(args) == 2:
            return Call("xidz", (*args, Num(0.0)))
        if function == "get_time_value" and len(args) == 3 and args[0] == Num(0.0) and args[2] == Num(0.0):
            return Binary("+", Ref("time"), args[1])  # the current time, offset, in the model's units
        if function == "log" and len(args) == 2:
            return Binary("/", Call("ln", (args[0],)), Call("ln", (args[1],)))
        if function in CLOCK and CLOCK[function][0] == len(args):
            _, runtime, with_step = CLOCK[function]
            clock = (Ref("time"), Ref("time_step")) if with_step else (Ref("time"),)
            return Call(runtime, (*clock, *args))
        if function in FUNCTIONS and FUNCTIONS[function][0] == len(args):
            return Call(FUNCTIONS[function][1], tuple(args))
        raise Unsupported(f"function {function.upper()} with {len(args)} arguments in {ctx.element}")

    def reduction(self, function: str, arguments, ctx: Context) -> Expr:
        """SUM, PROD, VMIN or VMAX over the ranges marked ``!`` in the argument, in element order."""
        if len(arguments) != 1:
            raise Unsupported(f"{function.upper()} with {len(arguments)} arguments in {ctx.element}")
        free = sorted(set(_marked(arguments[0])) - set(ctx.binding))
        if not free:
            raise Unsupported(f"{function.upper()} without a range marked ! in {ctx.element}")
        terms = []
        for elements in itertools.product(*(self.dims.expand(name) for name in free)):
            binding = {**ctx.binding, **dict(zip(free, elements))}
            terms.append(self.expr(arguments[0], replace(ctx, binding=binding)))
        total = terms[0]
        for term in terms[1:]:
            op = REDUCTIONS[function]
            total = Binary(op, total, term) if op in "+*" else Call(op, (total, term))
        return total


    # -- functions over the elements of a range --------------------------------------------------------
    def _along(self, ast, names: list[str], ctx: Context) -> Group:
        """An expression at every element of the ranges ``names`` (row-major), the rest bound as is."""
        terms = []
        for elements in itertools.product(*(self.dims.expand(name) for name in names)):
            terms.append(self.expr(ast, replace(ctx, binding={**ctx.binding, **dict(zip(names, elements))})))
        return Group(tuple(terms))

    def _vector_ranges(self, ast, count: int, ctx: Context) -> list[str]:
        """The ranges a function over vectors runs along: the last ``count`` subscripts of its argument."""
        found = _subscripts(ast)
        if len(found) < count or len(set(found[-count:])) < count or not all(map(self.dims.is_range, found[-count:])):
            raise Unsupported(f"a vector function's argument without {count} ranges in {ctx.element}")
        return found[-count:]

    def _position(self, place: int, ctx: Context) -> float:
        """The place of the left side's element in its range (counted from the end: -1 the last)."""
        if len(ctx.left) < -place or ctx.left[place] not in ctx.binding:
            raise Unsupported(f"a vector function on a left side without ranges in {ctx.element}")
        name = ctx.left[place]
        return float(self.dims.expand(name).index(ctx.binding[name]))

    def vector_select(self, arguments, ctx: Context) -> Expr:
        selection, expression, missing, action, error = arguments
        if self.expr(error, ctx) != Num(0.0):
            raise Unsupported(f"VECTOR SELECT with an error action in {ctx.element}")
        free = sorted((set(_marked(selection)) | set(_marked(expression))) - set(ctx.binding))
        return Call("vector_select", (self._along(selection, free, ctx), self._along(expression, free, ctx),
                                      self.expr(missing, ctx), self.expr(action, ctx)))

    def sorting(self, function: str, arguments, ctx: Context) -> Expr:
        """VECTOR SORT ORDER, VECTOR RANK and VECTOR REORDER along the argument's last range."""
        (vector,) = self._vector_ranges(arguments[0], 1, ctx)
        values = self._along(arguments[0], [vector], ctx)
        position = Num(self._position(-1, ctx))
        if function == "vector_reorder":
            (order,) = self._vector_ranges(arguments[1], 1, ctx)
            return Call("vector_reorder", (position, values, self._along(arguments[1], [order], ctx)))
        return Call("vector_sorting", (position, values, self.expr(arguments[1], ctx),
                                       Num(1.0 if function == "vector_rank" else 0.0)))

    def allocation(self, ast, ctx: Context) -> Expr:
        (vector,) = self._vector_ranges(ast.request, 1, ctx)
        return Call("allocate_by_priority", (
            Num(self._position(-1, ctx)), self._along(ast.request, [vector], ctx),
            self._along(ast.priority, [vector], ctx), self.expr(ast.width, ctx), self.expr(ast.supply, ctx)))


STATEFUL_STRUCTURES = {"IntegStructure", "SmoothStructure", "SmoothNStructure", "DelayStructure", "DelayNStructure",
                       "DelayFixedStructure", "TrendStructure", "ForecastStructure", "SampleIfTrueStructure",
                       "InitialStructure"}


def _subscripts(ast) -> list[str]:
    """The subscripts of the first subscripted reference in a tree."""
    subscripts = getattr(getattr(ast, "subscripts", None), "subscripts", None)
    if subscripts:
        return list(subscripts)
    children = ([getattr(ast, f) for f in ast.__dataclass_fields__ if f != "subscripts"]
                if hasattr(ast, "__dataclass_fields__") else list(ast) if isinstance(ast, (tuple, list)) else [])
    return next((found for found in map(_subscripts, children) if found), [])


def _marked(ast) -> list[str]:
    """The ranges marked ``!`` in the references of a tree (``dim!``, kept with the mark)."""
    found = []
    subscripts = getattr(getattr(ast, "subscripts", None), "subscripts", None)
    if subscripts:
        found += [s for s in subscripts if s.endswith("!")]
    if hasattr(ast, "__dataclass_fields__"):
        for name in ast.__dataclass_fields__:
            if name != "subscripts":
                found += _marked(getattr(ast, name))
    elif isinstance(ast, (tuple, list)):
        for item in ast:
            found += _marked(item)
    return found
