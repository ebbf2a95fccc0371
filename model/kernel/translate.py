"""pysd's abstract model -> the kernel's intermediate form (``ir``): one scalar node per value.

Equations are read with pysd's own parser (``source``); a subscripted equation becomes one node per
element of its left side (``subscripts``); SMOOTH, DELAY and the other stateful functions become
stateful nodes whose inputs are hidden aux nodes (``_h<n>``), wherever they are written. Values
the .mdl takes from data files (GET XLS, GET DIRECT) are read through pysd's readers (``externals``).
Anything else is ``Unsupported``, naming the construct and its line."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Callable

import numpy as np

from .errors import Unsupported
from .expressions import STATEFUL_STRUCTURES, Context, ExpressionReader
from .ir import Interp, Node, Num, Ref, rebuild, refs
from .source import equation_lines, parse
from .subscripts import Dimensions, element_key

CONTROL = ("initial_time", "final_time", "time_step", "saveper")
EXTERNAL = {"GetConstantsStructure", "GetLookupsStructure", "GetDataStructure", "DataStructure"}


def clean(name: str) -> str:
    """pysd's case- and space-insensitive key for a Vensim name."""
    return " ".join(str(name).split()).lower().replace(" ", "_")


class Translator(ExpressionReader):
    """The nodes of one model. ``externals(name, axis)`` gives pysd's values of an equation that reads
    a data file (asked for only when the model has one): at the start (``axis`` None), as a table
    ("lookup_dim") or as a series ("time")."""

    def __init__(self, mdl_path: Path, externals: Callable[[str, str | None], object] | None = None, parsed=None):
        from pysd.translators.structures import abstract_expressions as ae

        self.ae = ae
        mdl_path = Path(mdl_path)
        model, self.pysd_differs = parsed or parse(mdl_path)
        self.lines = equation_lines(mdl_path.read_text(encoding="utf-8", errors="replace"))
        if len(model.sections) > 1:
            raise Unsupported(f"macros ({', '.join(s.name for s in model.sections[1:])})")
        section = model.sections[0]
        self.externals = externals
        self.dims = Dimensions(section.subscripts, mdl_path.parent)
        self.nodes: dict[str, Node] = {"time": Node("Time", "time", "time")}
        self.tables: list[tuple[tuple, tuple]] = []
        self.lookups: dict[str, int] = {}  # element key of a named lookup -> table
        self.lookup_names: set[str] = set()
        self.time_tables: dict[str, tuple[tuple, tuple, str]] = {}  # key -> (times, values, method)
        self.constants: dict[str, float] = {}
        self.variables: dict[str, list[str]] = {}  # key -> ranges it is subscripted by
        self.names: dict[str, str] = {}  # key -> the .mdl's spelling
        self.keys: set[str] = set()
        self.structural: dict[str, float] = {}  # constants a structure was built with (SMOOTH N order)
        self._hidden = 0
        self._pipes = 0
        self._pending_orders: list[tuple] = []
        elements = list(section.elements)
        for element in elements:
            self._declare(element)
        for element in elements:
            if clean(element.name) not in self.lookup_names:
                self._define(element)
        self._set_orders()
        self._check_controls()

    def where(self, name: str) -> str:
        line = self.lines.get(clean(name.split("[")[0]))
        return f"'{name}'" + (f" (line {line})" if line else "")

    # -- pass 1: names, ranges, element keys, lookups -----------------------------------------------
    def _declare(self, element) -> None:
        key = clean(element.name)
        self.names[key] = element.name
        lefts = [list(c.subscripts[0]) for c in element.components]
        ranges = self.dims.final_dims(lefts, element.name) if any(lefts) else []
        if all(type(c.ast).__name__ in ("LookupsStructure", "GetLookupsStructure") for c in element.components):
            self.lookup_names.add(key)
            for component in element.components:
                for elements, _ in self.dims.left_side(*component.subscripts):
                    self.lookups[element_key(key, elements)] = self._lookup_table(element, component, elements)
            return
        self.variables[key] = ranges
        for component in element.components:
            for elements, _ in self.dims.left_side(*component.subscripts):
                self.keys.add(element_key(key, elements))

    def _lookup_table(self, element, component, elements) -> int:
        if type(component.ast).__name__ == "LookupsStructure":
            return self.table(component.ast, self.where(element.name))
        data = self._external(element, elements, "lookup_dim")
        return self.table_of(data.coords["lookup_dim"].values, data.values, self.where(element.name))

    def table(self, lookup, where) -> int:
        where = where.element if isinstance(where, Context) else where
        if lookup.type != "interpolate":
            raise Unsupported(f"lookup type {lookup.type} in {where}")
        return self.table_of(lookup.x, lookup.y, where)

    def table_of(self, xs, ys, where: str) -> int:
        xs, ys = tuple(float(x) for x in xs), tuple(float(y) for y in ys)
        if len(xs) < 1 or np.any(np.diff(xs) <= 0) or not np.all(np.isfinite(xs + ys)):
            raise Unsupported(f"lookup table not increasing or with missing values in {where}")
        self.tables.append((xs, ys))
        return len(self.tables) - 1

    # -- pass 2: nodes ------------------------------------------------------------------------------
    def _define(self, element) -> None:
        key = clean(element.name)
        if key in CONTROL:
            component = element.components[0]
            self.nodes[key] = Node(element.name, key, "control", expr=self.expr(component.ast,
                                                                              Context(self.where(element.name), {})))
            return
        for component in element.components:
            created_by_element = []
            for elements, binding in self.dims.left_side(*component.subscripts):
                before = len(self.nodes)
                name = f"{element.name}[{','.join(elements)}]" if elements else element.name
                ctx = Context(self.where(name), binding, left=tuple(component.subscripts[0]))
                self._top(element, component, elements, element_key(key, elements), name, ctx)
                created_by_element.append(list(self.nodes)[before:])
            self._share_delay_orders(created_by_element)

    def _top(self, element, component, elements, key: str, name: str, ctx: Context) -> None:
        ast, kind = component.ast, type(component.ast).__name__
        if isinstance(ast, (int, float, np.integer, np.floating, np.ndarray)):
            value = ast if not isinstance(ast, np.ndarray) else self._array_item(ast, component, elements, ctx)
            self.constants[key] = float(value)
            self.nodes[key] = Node(name, key, "constant")
        elif kind == "GetConstantsStructure":
            self.constants[key] = float(np.asarray(self._external(element, elements, None)))
            self.nodes[key] = Node(name, key, "constant")
        elif kind in ("GetDataStructure", "DataStructure"):
            self._data(element, component, elements, key, name, ctx)
        elif kind == "InlineLookupsStructure" and self._is_time(ast.argument):
            table = self.table(ast.lookups, ctx)
            self.time_tables[key] = (*self.tables[table], "interpolate")
            self.nodes[key] = Node(name, key, "aux", expr=Interp(table, Ref("time")))
        elif kind in STATEFUL_STRUCTURES:
            self.stateful(ast, ctx, key=key, name=name)
        elif kind in EXTERNAL or kind == "AllocateAvailableStructure":
            raise Unsupported(f"{kind.replace('Structure', '')} in {ctx.element}")
        else:
            expr = self.expr(ast, ctx)
            init = self.expr(ast, replace(ctx, phase="init")) if _calls(ast, "active_initial") else None
            self.nodes[key] = Node(name, key, "aux", expr=expr, init=init)

    def _is_time(self, ast) -> bool:
        return isinstance(ast, self.ae.ReferenceStructure) and ast.reference == "time" and not ast.subscripts

    def _array_item(self, array: np.ndarray, component, elements, ctx: Context) -> float:
        names = component.subscripts[0]
        shape = tuple(len(self.dims.expand(s)) for s in names)
        if array.size != int(np.prod(shape)):
            raise Unsupported(f"an array of {array.size} values for {shape} elements in {ctx.element}")
        index = tuple(self.dims.expand(s).index(e) for s, e in zip(names, elements))
        return array.reshape(shape)[index]

    # -- data files -----------------------------------------------------------------------------------
    def _external(self, element, elements, axis: str | None):
        """pysd's values of an equation that reads a file, at one element of its left side."""
        if self.externals is None:
            raise Unsupported(f"data read from a file in {self.where(element.name)}")
        data = self.externals(element.name, axis)
        if data is None:
            raise Unsupported(f"DATA read from a file given at run time, in {self.where(element.name)}")
        if not hasattr(data, "dims"):
            return np.asarray(float(data))
        for dim in [d for d in data.dims if d not in ("lookup_dim", "time")]:
            chosen = [e for e in elements if e in data.coords[dim].values]
            if not chosen:
                raise Unsupported(f"data for {element.name}{list(elements)} not found in its file")
            data = data.sel({dim: chosen[0]})
        return data

    def _data(self, element, component, elements, key: str, name: str, ctx: Context) -> None:
        method = (getattr(component, "keyword", None) or "interpolate").replace(" ", "_")
        if method not in ("interpolate", "hold_backward", "look_forward", "raw"):
            raise Unsupported(f"data keyword {method} in {ctx.element}")
        data = self._external(element, elements, "time")
        times, values = data.coords["time"].values.astype(float), np.asarray(data.values, float)
        if len(times) < 1 or np.any(np.diff(times) <= 0):
            raise Unsupported(f"data series not increasing in time in {ctx.element}")
        self.time_tables[key] = (tuple(times.tolist()), tuple(values.tolist()), method)
        self.nodes[key] = Node(name, key, "path")

    # -- statefuls ---------------------------------------------------------------------------------------
    def hidden(self, ast, ctx: Context, owner: str) -> str:
        self._hidden += 1
        key = f"_h{self._hidden}"
        self.nodes[key] = Node(f"{owner} (argument)", key, "aux", expr=self.expr(ast, ctx))
        return key

    def stateful(self, ast, ctx: Context, key: str | None = None, name: str | None = None) -> str:
        """The node of a SMOOTH, DELAY, INTEG... (``key`` given: the equation's own value)."""
        kind = type(ast).__name__
        if key is None:
            self._hidden += 1
            key, name = f"_h{self._hidden}", f"{ctx.element} ({kind.replace('Structure', '')})"
        init_ctx = replace(ctx, phase="init")

        def inputs(**roles):
            return {role: self.hidden(value, ctx, name) for role, value in roles.items()}

        if kind == "IntegStructure":
            node = Node(name, key, "stock", expr=self.expr(ast.flow, ctx), init=self.expr(ast.initial, init_ctx),
                        clip=bool(ast.non_negative))
        elif kind == "InitialStructure":
            node = Node(name, key, "initial", init=self.expr(ast.initial, init_ctx))
        elif kind in ("SmoothStructure", "SmoothNStructure"):
            node = Node(name, key, "smooth", init=self.expr(ast.initial, init_ctx),
                        order=self._order(key, ast.order, ctx), inputs=inputs(input=ast.input, time=ast.smooth_time))
        elif kind in ("DelayStructure", "DelayNStructure"):
            node = Node(name, key, "delay" if kind == "DelayStructure" else "delay_n",
                        init=self.expr(ast.initial, init_ctx), order=self._order(key, ast.order, ctx),
                        inputs=inputs(input=ast.input, time=ast.delay_time))
        elif kind == "DelayFixedStructure":
            node = Node(name, key, "delay_fixed", init=self.expr(ast.initial, init_ctx), order=self._pipes,
                        inputs=inputs(input=ast.input, time=ast.delay_time))
            self._pipes += 1
        elif kind == "TrendStructure":
            node = Node(name, key, "trend", init=self.expr(ast.initial_trend, init_ctx),
                        inputs=inputs(input=ast.input, time=ast.average_time))
        elif kind == "ForecastStructure":
            node = Node(name, key, "forecast", init=self.expr(ast.initial_trend, init_ctx),
                        inputs=inputs(input=ast.input, time=ast.average_time, horizon=ast.horizon))
        else:  # SampleIfTrueStructure
            node = Node(name, key, "sample", init=self.expr(ast.initial, init_ctx),
                        inputs=inputs(condition=ast.condition, input=ast.input))
        self.nodes[key] = node
        return key

    def _order(self, key: str, ast, ctx: Context) -> int:
        """A stage count, set once at the start (as pysd does): a number, or (once every equation is
        read, ``_set_orders``) an expression's value at the start with the model's defaults."""
        if isinstance(ast, (int, float, np.integer, np.floating)):
            return self._checked_order(ast, ctx)
        self._pending_orders.append((key, self.expr(ast, ctx), ctx))
        return 0

    def _checked_order(self, value, ctx: Context) -> int:
        order = int(value)
        if order < 1:
            raise Unsupported(f"order {value} in {ctx.element}")
        return order

    def _set_orders(self) -> None:
        """The values an order read are recorded: a run that changes them changes the structure,
        which the kernel refuses."""
        for key, expr, ctx in self._pending_orders:
            used: set[str] = set()
            self.nodes[key].order = self._checked_order(self._start_value(expr, used, ctx), ctx)
            self.structural.update({k: self._start_value(Ref(k), set(), ctx) for k in used})

    def _start_value(self, expr, used: set, ctx: Context) -> float:
        """An expression's value at the start, from numbers, constants, controls and the aux values
        they make (evaluated with the plain runtime, as the kernel computes it)."""
        from .build import source
        from .runtime import plain

        def number(e):
            if not isinstance(e, Ref):
                return e
            key = "initial_time" if e.key == "time" else e.key
            node = self.nodes.get(key)
            if key in self.constants or (node is not None and node.kind == "control"):
                used.add(key)
            if key in self.constants:
                return Num(self.constants[key])
            if node is None or node.kind not in ("control", "aux"):
                raise Unsupported(f"an order read from a value that is not known at the start in {ctx.element}")
            return Num(self._start_value(node.init or node.expr, used, ctx))

        with np.errstate(all="ignore"):
            return float(eval(source(rebuild(expr, number)), vars(plain)))  # noqa: S307 (numbers and runtime names)

    def _share_delay_orders(self, created_by_element: list[list[str]]) -> None:
        """pysd lowers a subscripted DELAY N's order by its least delay time over all elements."""
        if len(created_by_element) < 2:
            return
        for keys in zip(*created_by_element):
            delays = [self.nodes[k] for k in keys if self.nodes[k].kind == "delay_n"]
            times = tuple(node.inputs["time"] for node in delays)
            for node in delays:
                node.order_from = times

    def _check_controls(self) -> None:
        """Control values must stay fixed during a run: the kernel takes them as numbers."""
        fixed = {k for k, n in self.nodes.items() if n.kind in ("constant", "control")}
        for key in CONTROL:
            node = self.nodes.get(key)
            if node is not None and not refs(node.expr) <= fixed:
                raise Unsupported(f"a {node.name} that changes during the run, {self.where(node.name)}")


def _calls(ast, function: str) -> bool:
    if type(ast).__name__ == "CallStructure" and ast.function.reference == function:
        return True
    if hasattr(ast, "__dataclass_fields__"):
        return any(_calls(getattr(ast, f), function) for f in ast.__dataclass_fields__)
    if isinstance(ast, (tuple, list)):
        return any(_calls(a, function) for a in ast)
    return False


