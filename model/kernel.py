"""A numba kernel generated from the .mdl: compiled simulations of ensemble members.

pysd's Vensim parser turns the .mdl into an abstract model; this module writes Python source
from that syntax tree (no equation is restated here), compiles it with numba and runs blocks
of members in parallel (``prange``). Within a block the members advance together, a step at a
time, in loops over the block that LLVM vectorises; exp, log and ^ are arithmetic (fdlibm's
algorithms, within 1 ulp) so that they vectorise too. The arithmetic otherwise follows pysd's
own translation: the same operator chains, the same SMOOTH/DELAY stage formulas
(pysd.py_backend.statefuls), the same Euler step (state + derivative * dt) and the same time
grid, so results agree with pysd one-by-one runs to rounding.

The generated source is kept in the user cache folder next to pysd's translation, with its
sha256 beside it; numba's ``cache=True`` keeps the machine code there too, so a new process
does not compile again. The same source with a plain preamble runs one member as ordinary
Python: a single run needs no JIT, and with the model's defaults and time tables cached too
(``model.json``), neither numba nor pysd is imported. A model outside the supported subset
raises ``Unsupported`` and the engine keeps its numpy path.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import json
import os
import re
import sys
import tempfile
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Mapping, Sequence

import numpy as np

SMALL_VENSIM = 1e-6  # pysd's threshold in ZIDZ, XIDZ, RAMP and PULSE
CONTROL = {"initial_time": "t0", "final_time": "t_final", "time_step": "dt", "saveper": "saveper"}
# Vensim functions the kernel compiles: name -> (number of arguments, source template).
CALLS = {
    "abs": (1, "abs({0})"),
    "sqrt": (1, "np.sqrt({0})"),
    "exp": (1, "_exp({0})"),
    "ln": (1, "_log({0})"),
    "sin": (1, "np.sin({0})"),
    "cos": (1, "np.cos({0})"),
    "tan": (1, "np.tan({0})"),
    "arctan": (1, "np.arctan({0})"),
    "integer": (1, "float(np.trunc({0}))"),
    "min": (2, "_min({0}, {1})"),
    "max": (2, "_max({0}, {1})"),
    "zidz": (2, "_xidz({0}, {1}, 0.0)"),
    "xidz": (3, "_xidz({0}, {1}, {2})"),
    "quantum": (2, "_quantum({0}, {1})"),
    "modulo": (2, "({0} - _quantum({0}, {1}))"),
    "if_then_else": (3, "({1} if {0} else {2})"),
    "step": (2, "_step(t, dt, {0}, {1})"),
    "ramp": (3, "_ramp(t, {0}, {1}, {2})"),
    "pulse": (2, "_pulse(t, {0}, {1})"),
}
CLOCK_FUNCTIONS = {"step", "ramp", "pulse"}  # read Time without naming it
ARITHMETIC = {"+": "+", "-": "-", "*": "*", "/": "/",
              "=": "==", "<>": "!=", "<": "<", ">": ">", "<=": "<=", ">=": ">="}

FDLIBM = '''
LN2_HI = 6.93147180369123816490e-01
LN2_LO = 1.90821492927058770002e-10
INV_LN2 = 1.44269504088896338700e+00
P1, P2, P3, P4, P5 = (1.66666666666666019037e-01, -2.77777777770155933842e-03, 6.61375632143793436117e-05,
                      -1.65339022054652515390e-06, 4.13813679705723846039e-08)
LG1, LG2, LG3, LG4, LG5, LG6, LG7 = (6.666666666666735130e-01, 3.999999999940941908e-01, 2.857142874366239149e-01,
                                     2.222219843214978396e-01, 1.818357216161805012e-01, 1.531383769920937332e-01,
                                     1.479819860511658591e-01)
SHIFT = 6755399441055744.0  # 1.5 * 2**52: x + SHIFT rounds x to an integer held in the low bits
'''

# The same generated body runs compiled (numba) or, for a single member, as plain Python: the
# plain preamble makes the decorators no-ops and float() a float64 cast, so division by zero and
# pow of a negative base give inf/NaN as numpy (and numba's error_model='numpy') do.
COMPILED = '''
import numpy as np
from llvmlite import ir
from numba import njit, prange
from numba.core import types
from numba.extending import intrinsic


@intrinsic
def _bits(typingctx, x):
    def codegen(context, builder, signature, args):
        return builder.bitcast(args[0], ir.IntType(64))
    return types.int64(types.float64), codegen


@intrinsic
def _float(typingctx, x):
    def codegen(context, builder, signature, args):
        return builder.bitcast(args[0], ir.DoubleType())
    return types.float64(types.int64), codegen


# exp and log as arithmetic: fdlibm's e_exp.c and e_log.c (within 1 ulp of the exact value;
# exp(0) = 1 and log(1) = 0 exactly) without branches or double <-> int64 conversions (AVX2
# has none), so that a loop of them over a block's members vectorises, which libm's calls do not.
''' + FDLIBM + '''

@njit(cache=True, inline="always", error_model="numpy")
def _exp_lane(x):
    xc = min(max(x, -746.0), 710.0) if x == x else 0.0
    shifted = xc * INV_LN2 + SHIFT
    kd = shifted - SHIFT  # x / ln 2 rounded
    hi = xc - kd * LN2_HI
    lo = kd * LN2_LO
    r = hi - lo
    t = r * r
    c = r - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))))
    y = 1.0 - ((lo - (r * c) / (2.0 - c)) - hi)
    # y * 2**k in two factors, so that results near either end of the range stay representable
    e = (_bits(shifted) + 1100) & 0xFFFFF  # k + 1100, in [23, 2126]
    half = e >> 1
    y = y * _float((half + 473) << 52) * _float((e - half + 473) << 52)
    if x > 7.09782712893383973096e+02:
        y = np.inf
    if x < -7.45133219101941108420e+02:
        y = 0.0
    if x != x:
        y = x
    return y


@njit(cache=True, inline="always", error_model="numpy")
def _log_lane(x):
    tiny = x < 2.2250738585072014e-308
    bits = _bits(x * 18014398509481984.0 if tiny else x) & 0x7FFFFFFFFFFFFFFF  # subnormals * 2**54
    mantissa = bits & 0x000FFFFFFFFFFFFF
    carry = (mantissa + 0x00095F6400000000) & 0x0010000000000000  # 1 + f within [sqrt(2)/2, sqrt(2))
    e = (bits >> 52) + (carry >> 52) - (54 if tiny else 0) + 1024  # k + 2047 >= 0
    dk = _float(e | 0x4330000000000000) - 4503599627372543.0  # k as a double: 2**52 + e - (2**52 + 2047)
    f = _float(mantissa | (carry ^ 0x3FF0000000000000)) - 1.0
    high = mantissa >> 32
    s = f / (2.0 + f)
    z = s * s
    w = z * z
    R = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7))) + w * (LG2 + w * (LG4 + w * LG6))
    hfsq = 0.5 * f * f
    if ((high - 0x6147a) | (0x6b851 - high)) > 0:
        y = dk * LN2_HI - ((hfsq - (s * (hfsq + R) + dk * LN2_LO)) - f)
    else:
        y = dk * LN2_HI - ((s * (f - R) - dk * LN2_LO) - f)
    if x == 0.0:
        y = -np.inf
    if x < 0.0 or x != x:
        y = np.nan
    if x == np.inf:
        y = x
    return y


@njit(cache=True, inline="always", error_model="numpy")
def _pow_lane(a, b):
    r = _exp_lane(b * _log_lane(abs(a)))
    if a < 0.0:  # a negative base takes an integer power only
        r = (-r if np.floor(b * 0.5) != b * 0.5 else r) if np.floor(b) == b else np.nan
    if b == 0.0 or a == 1.0:
        r = 1.0
    # numpy's array ** scalar takes these shortcuts; the batched numpy path, and the
    # calibration shipped from it, went through them
    if b == 2.0:
        r = a * a
    if b == 0.5:
        r = np.sqrt(a)
    if b == -1.0:
        r = 1.0 / a
    if b == 1.0:
        r = a
    return r


# One value at a time (start values, saved values): calls, compiled once.
@njit(cache=True, error_model="numpy")
def _exp(x):
    return _exp_lane(x)


@njit(cache=True, error_model="numpy")
def _log(x):
    return _log_lane(x)


@njit(cache=True, error_model="numpy")
def _pow(a, b):
    return _pow_lane(a, b)


# A row of LANES values at a time, in the block's rows `x`: vectorised loops (unsigned
# indices: numba wraps a negative signed index around, and that check stops LLVM).
@njit(cache=True, error_model="numpy")
def _vexp(x, a, r):
    for i in range(LANES):
        x[np.uint64(r + i)] = _exp_lane(x[np.uint64(a + i)])


@njit(cache=True, error_model="numpy")
def _vlog(x, a, r):
    for i in range(LANES):
        x[np.uint64(r + i)] = _log_lane(x[np.uint64(a + i)])


@njit(cache=True, error_model="numpy")
def _vpow(x, a, b, r):
    for i in range(LANES):
        x[np.uint64(r + i)] = _pow_lane(x[np.uint64(a + i)], x[np.uint64(b + i)])
'''
PLAIN = '''
import numpy as np

prange = range
float = np.float64


def njit(*args, **options):
    return args[0] if args and callable(args[0]) else (lambda function: function)


import builtins
import math

''' + FDLIBM + '''

# The compiled kernel's exp, log and ^, step for step in Python floats (the same IEEE
# operations, so the same bits: a run gives the same numbers compiled or not).
def _exp(x):
    x = builtins.float(x)  # Python floats: faster than numpy's scalars, the same arithmetic
    if x != x:
        return np.float64(x)
    if x > 7.09782712893383973096e+02:
        return np.float64(np.inf)
    if x < -7.45133219101941108420e+02:
        return np.float64(0.0)
    xc = min(max(x, -746.0), 710.0)
    kd = (xc * INV_LN2 + SHIFT) - SHIFT
    hi = xc - kd * LN2_HI
    lo = kd * LN2_LO
    r = hi - lo
    t = r * r
    c = r - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))))
    y = 1.0 - ((lo - (r * c) / (2.0 - c)) - hi)
    e = int(kd) + 1100
    half = e >> 1
    return np.float64(math.ldexp(math.ldexp(y, half - 550), e - half - 550))


def _log(x):
    x = builtins.float(x)
    if x != x or x < 0.0:
        return np.float64(np.nan)
    if x == 0.0:
        return np.float64(-np.inf)
    if x == math.inf:
        return np.float64(x)
    m, e = math.frexp(x)
    m = m * 2.0  # x = m * 2**(e - 1), m in [1, 2)
    high = int((m - 1.0) * 1048576.0)  # the top 20 bits of the mantissa
    wide = high >= 0x6A09C  # fdlibm's bit test: 1 + f within [sqrt(2)/2, sqrt(2))
    f = (m * 0.5 if wide else m) - 1.0
    dk = builtins.float(e - 1 + (1 if wide else 0))
    s = f / (2.0 + f)
    z = s * s
    w = z * z
    R = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7))) + w * (LG2 + w * (LG4 + w * LG6))
    hfsq = 0.5 * f * f
    if 0x6147a <= high <= 0x6b851:
        return np.float64(dk * LN2_HI - ((hfsq - (s * (hfsq + R) + dk * LN2_LO)) - f))
    return np.float64(dk * LN2_HI - ((s * (f - R) - dk * LN2_LO) - f))


def _pow(a, b):
    # the compiled kernel's _pow_lane, its shortcuts included
    if b == 2.0:
        return a * a
    if b == 0.5:
        return np.sqrt(a)
    if b == -1.0:
        return 1.0 / a
    if b == 1.0:
        return a
    if b == 0.0 or a == 1.0:
        return np.float64(1.0)
    r = _exp(b * _log(abs(a)))
    if a < 0.0:  # a negative base takes an integer power only
        r = (-r if np.floor(b * 0.5) != b * 0.5 else r) if np.floor(b) == b else np.float64(np.nan)
    return r


def _vexp(x, a, r):
    x[r] = _exp(x[a])


def _vlog(x, a, r):
    x[r] = _log(x[a])


def _vpow(x, a, b, r):
    x[r] = _pow(x[a], x[b])
'''
HELPERS = f'''
SMALL = {SMALL_VENSIM!r}


@njit(cache=True)
def _min(a, b):
    # np.minimum: NaN wins
    return a if a < b else (b if b <= a else np.nan)


@njit(cache=True)
def _max(a, b):
    return a if a > b else (b if b >= a else np.nan)


@njit(cache=True)
def _xidz(a, b, x):
    return x if abs(b) < SMALL else a / b


@njit(cache=True)
def _quantum(a, b):
    return a if b < SMALL else b * float(np.trunc(a / b))


@njit(cache=True)
def _step(t, dt, value, start):
    return value if t + dt / 2 > start else 0.0


@njit(cache=True)
def _ramp(t, slope, start, finish):
    return slope * (min(finish, t) - start) if t + SMALL > start else 0.0


@njit(cache=True)
def _pulse(t, start, width):
    return 1.0 if start - SMALL <= t < start + width else 0.0
'''


class Unsupported(Exception):
    """The model uses a construct the kernel does not compile."""


def clean(name: str) -> str:
    """pysd's case- and space-insensitive key for a Vensim name."""
    return " ".join(str(name).split()).lower().replace(" ", "_")


@dataclass
class Node:
    """One value of the model: how it starts, how it is computed each step."""

    name: str
    key: str
    kind: str  # constant control time path aux stock smooth delay initial
    expr: str = ""  # value each step (aux, path override), or flow (stock)
    deps: set = field(default_factory=set)
    init: str = ""  # initial value (stock, smooth, delay, initial)
    init_deps: set = field(default_factory=set)
    order: int = 0  # smooth/delay stages
    input: str = ""  # smooth/delay hidden nodes
    time: str = ""


class _Translator:
    """Syntax tree -> numba source, following pysd's builder (python_expressions_builder)."""

    def __init__(self, mdl_path: Path):
        from pysd.translators.structures import abstract_expressions as ae
        from pysd.translators.vensim.vensim_file import VensimFile

        self.ae = ae
        vensim = VensimFile(str(mdl_path))
        vensim.parse()
        model = vensim.get_abstract_model()
        self.nodes: dict[str, Node] = {"time": Node("Time", "time", "time")}
        self.tables: dict[str, tuple[tuple, tuple]] = {}  # named lookups
        self.inline_tables: list[tuple[tuple, tuple]] = []
        self.time_tables: dict[str, tuple[tuple, tuple]] = {}  # x = WITH LOOKUP(Time, ...)
        self.constants: dict[str, float] = {}
        self._hidden = 0
        self._identifiers: dict[str, str] = {}
        elements = [e for section in model.sections for e in section.elements]
        if len(model.sections) > 1:
            raise Unsupported("macros")
        for element in elements:
            if len(element.components) != 1:
                raise Unsupported(f"'{element.name}' has several equations (subscripts)")
            component = element.components[0]
            if any(component.subscripts):
                raise Unsupported(f"'{element.name}' is subscripted")
            ast = component.ast
            if isinstance(ast, ae.LookupsStructure):
                self.tables[clean(element.name)] = self._table(element.name, ast)
        for element in elements:
            ast = element.components[0].ast
            key = clean(element.name)
            if isinstance(ast, ae.LookupsStructure):
                continue
            self._element(element.name, key, ast)

    # -- elements --------------------------------------------------------------------------
    def _element(self, name: str, key: str, ast) -> None:
        ae = self.ae
        if isinstance(ast, (int, float, np.integer, np.floating)):
            kind = "control" if key in CONTROL else "constant"
            self.nodes[key] = Node(name, key, kind)
            if kind == "constant":
                self.constants[key] = float(ast)
            return
        if isinstance(ast, ae.IntegStructure):
            if ast.non_negative:
                raise Unsupported(f"'{name}': non-negative INTEG")
            flow, deps = self.expr(ast.flow)
            init, init_deps = self.expr(ast.initial)
            self.nodes[key] = Node(name, key, "stock", flow, deps, init, init_deps)
        elif isinstance(ast, (ae.SmoothStructure, ae.DelayStructure)):
            kind = "smooth" if isinstance(ast, ae.SmoothStructure) else "delay"
            time_ast = ast.smooth_time if kind == "smooth" else ast.delay_time
            init, init_deps = self.expr(ast.initial)
            node = Node(name, key, kind, init=init, init_deps=init_deps, order=int(ast.order))
            node.input = self._hidden_node(name, ast.input)
            node.time = self._hidden_node(name, time_ast)
            node.deps = {node.time} if kind == "delay" else set()  # a delay's output divides by its time
            node.init_deps |= {node.time} if kind == "delay" else set()
            self.nodes[key] = node
        elif isinstance(ast, ae.InitialStructure):
            init, init_deps = self.expr(ast.initial)
            self.nodes[key] = Node(name, key, "initial", init=init, init_deps=init_deps)
        elif isinstance(ast, ae.InlineLookupsStructure):
            table = self._table(name, ast.lookups)
            argument = ast.argument
            if isinstance(argument, ae.ReferenceStructure) and argument.reference == "time" and not argument.subscripts:
                self.time_tables[key] = table
            code, deps = self.expr(argument)
            self.nodes[key] = Node(name, key, "aux", self._interp(table, code), deps)
        elif isinstance(ast, (ae.AbstractSyntax, str)) or np.ndim(ast) == 0:
            code, deps = self.expr(ast)
            self.nodes[key] = Node(name, key, "aux", code, deps)
        else:
            raise Unsupported(f"'{name}': {type(ast).__name__}")

    def _hidden_node(self, owner: str, ast) -> str:
        self._hidden += 1
        key = f"_h{self._hidden}"
        code, deps = self.expr(ast)
        self.nodes[key] = Node(f"{owner} (argument)", key, "aux", code, deps)
        return key

    def _table(self, name: str, lookup) -> tuple[tuple, tuple]:
        if lookup.type != "interpolate":
            raise Unsupported(f"'{name}': lookup type {lookup.type}")
        return tuple(float(x) for x in lookup.x), tuple(float(y) for y in lookup.y)

    def _interp(self, table, code: str) -> str:
        self.inline_tables.append(table)
        index = len(self.inline_tables) - 1
        return f"np.interp({code}, TX{index}, TY{index})"

    # -- expressions -----------------------------------------------------------------------
    def expr(self, ast) -> tuple[str, set]:
        """Source of an expression and the keys it reads."""
        ae = self.ae
        if isinstance(ast, (bool, np.bool_)):
            return ("1.0" if ast else "0.0"), set()
        if isinstance(ast, (int, float, np.integer, np.floating)):
            value = float(ast)
            return (repr(value) if np.isfinite(value) else f"np.{value!r}"), set()
        if isinstance(ast, ae.ReferenceStructure):
            if ast.subscripts:
                raise Unsupported(f"subscripted reference {ast.reference}")
            if ast.reference in self.tables:
                raise Unsupported(f"lookup '{ast.reference}' used without an argument")
            return f"v_{self._py(ast.reference)}", {ast.reference}
        if isinstance(ast, (ae.ArithmeticStructure, ae.LogicStructure)):
            parts = [self.expr(a) for a in ast.arguments]
            deps = set().union(*(d for _, d in parts))
            codes = [f"({c})" for c, _ in parts]
            operators = list(ast.operators)
            if operators[0] in ("negative", ":NOT:") and len(codes) == 1:
                return ("-" if operators[0] == "negative" else "not ") + codes[0], deps
            if any(op in (":AND:", ":OR:") for op in operators):
                # pysd nests these from the right: np.logical_and(a, np.logical_or(b, c))
                code = codes.pop()
                while operators:
                    op = operators.pop()
                    if op not in (":AND:", ":OR:"):
                        raise Unsupported(f"mixed logic operators {ast.operators}")
                    code = f"(({codes.pop()} != 0) {op[1:-1].lower()} ({code} != 0))"
                return code, deps
            if "^" in operators:
                # pysd writes x**y; Python binds ** tightest and from the right
                if set(operators) != {"^"}:
                    raise Unsupported(f"'^' chained with other operators {ast.operators}")
                code = codes.pop()
                while codes:
                    code = f"_pow({codes.pop()}, {code})"
                return code, deps
            code = codes[0]
            for op, argument in zip(operators, codes[1:]):
                if op not in ARITHMETIC:
                    raise Unsupported(f"operator {op}")
                code += f" {ARITHMETIC[op]} {argument}"
            return f"({code})", deps
        if isinstance(ast, ae.CallStructure):
            function = ast.function.reference
            parts = [self.expr(a) for a in ast.arguments]
            deps = set().union(set(), *(d for _, d in parts))
            codes = [f"({c})" for c, _ in parts]
            if function in self.tables:
                if len(codes) != 1:
                    raise Unsupported(f"lookup '{function}' called with {len(codes)} arguments")
                return self._interp(self.tables[function], codes[0]), deps
            if function not in CALLS or CALLS[function][0] != len(codes):
                raise Unsupported(f"function {function.upper()} with {len(codes)} arguments")
            if function in CLOCK_FUNCTIONS:
                deps.add("time")  # never folded into a constant, even with constant arguments
            return CALLS[function][1].format(*codes), deps
        raise Unsupported(f"{type(ast).__name__} inside an expression")

    def _py(self, key: str) -> str:
        """A unique identifier for a key (names like "R&D spending" are not identifiers)."""
        if key not in self._identifiers:
            base = "".join(c if c.isascii() and c.isalnum() else "_" for c in key)
            taken = set(self._identifiers.values())
            name, n = base, 1
            while name in taken:
                name, n = f"{base}_{n}", n + 1
            self._identifiers[key] = name
        return self._identifiers[key]


def _topological(nodes: dict[str, Node], keys: Sequence[str], deps_of) -> list[str]:
    """Keys in evaluation order (dependencies first); a cycle is Unsupported."""
    order, state = [], {}

    def visit(key, chain):
        if state.get(key) == "done":
            return
        if state.get(key) == "active":
            raise Unsupported("circular definition: " + " -> ".join(chain + [key]))
        state[key] = "active"
        for dep in sorted(deps_of(key)):
            if dep not in nodes:
                raise Unsupported(f"unknown variable '{dep}'")
            if dep in keys_set:
                visit(dep, chain + [key])
        state[key] = "done"
        order.append(key)

    keys_set = set(keys)
    for key in keys:
        visit(key, [])
    return order


@dataclass
class Layout:
    """What the generated kernel expects: constant columns, path rows, variable rows."""

    constants: list[str]  # keys, column order of the constants matrix
    paths: list[str]  # keys of values read from paths
    variables: list[str]  # keys of every saveable value, row order of `allv`
    on_demand: list[tuple[str, list[str]]] = field(default_factory=list)  # computed only when saved,
    # in order, with the keys each reads: a run computes those its outputs need (flags `need`)

    def need(self, outputs: Sequence[str]) -> np.ndarray:
        """Flags of the on-demand values the outputs read, directly or through one another."""
        wanted = set(outputs)
        for key, deps in reversed(self.on_demand):
            if key in wanted:
                wanted.update(deps)
        return np.array([key in wanted for key, _ in self.on_demand], dtype=np.bool_)


LANES = 32  # members simulated side by side in one thread (vector lanes of the compiled loops)
_VALUE = re.compile(r"\b[vsqdac]_\w+\b")  # names of values, stages, delay orders, derivatives, call operands
_TARGET = re.compile(r"\s*([A-Za-z_]\w*) = ")
_LIFTED = {"_exp", "_log", "_pow"}


def _segments(lines: Sequence[str]) -> tuple[list[list[str]], list[list[tuple]]]:
    """Cut one step's assignments where they call exp, log or ^: segment i holds the
    assignments computable once the calls of segment i - 1 are done, and the operands of its
    own calls; calls[i] lists those calls as (function, operand names, result name). The
    syntax trees keep their shape, so each value is the same arithmetic as before."""
    available: dict[str, int] = {}  # name -> first segment that can read it
    segments: dict[int, list[str]] = {}
    calls: dict[int, list[tuple]] = {}
    counter = iter(range(1, 1 << 30))

    def level(node) -> int:
        return max([available.get(n.id, 0) for n in ast.walk(node) if isinstance(n, ast.Name)] + [0])

    class Lift(ast.NodeTransformer):
        def visit_Call(self, call):
            self.generic_visit(call)  # inner calls first
            if not (isinstance(call.func, ast.Name) and call.func.id in _LIFTED):
                return call
            at = max(level(argument) for argument in call.args)
            operands = []
            for argument in call.args:
                if isinstance(argument, ast.Name) and _VALUE.fullmatch(argument.id):
                    operands.append(argument.id)
                    continue
                name = f"a_{next(counter)}"
                segments.setdefault(at, []).append(f"{name} = {ast.unparse(argument)}")
                available[name] = at
                operands.append(name)
            result = f"c_{next(counter)}"
            calls.setdefault(at, []).append((call.func.id, operands, result))
            available[result] = at + 1
            return ast.Name(result, ast.Load())

    for line in lines:
        target, expression = line.split(" = ", 1)
        tree = Lift().visit(ast.parse(expression, mode="eval"))
        at = level(tree)
        segments.setdefault(at, []).append(f"{target} = {ast.unparse(tree)}")
        available[target] = at
    count = max([*segments, *(c + 1 for c in calls), 0]) + 1
    return [segments.get(i, []) for i in range(count)], [calls.get(i, []) for i in range(count)]


def generate(translator: _Translator, path_keys: Sequence[str], lanes: int = LANES) -> tuple[str, Layout]:
    """Source of a kernel in which the values named by ``path_keys`` follow time paths, without
    its preamble (``COMPILED`` or ``PLAIN``); the module records its layout as ``LAYOUT``."""
    nodes = dict(translator.nodes)
    py = {k: "v_" + translator._py(k) for k in nodes}
    paths = sorted(path_keys)
    for key in paths:
        node = nodes[key]
        if node.kind not in ("aux", "constant"):
            raise Unsupported(f"'{node.name}' cannot follow a time path")
        nodes[key] = Node(node.name, key, "path")
    constants = [k for k, n in nodes.items() if n.kind == "constant"]
    variables = [k for k in nodes if not k.startswith("_h")]
    stateful = [k for k, n in nodes.items() if n.kind in ("stock", "smooth", "delay")]
    computed = [k for k, n in nodes.items() if n.kind in ("aux", "path")]
    given = {"constant", "control", "time", "stock", "smooth", "initial"}

    # Values the state derivatives need every step; the rest are computed only when saved.
    needed, todo = set(), []
    for key in stateful:
        node = nodes[key]
        todo += list(node.deps) if node.kind == "stock" else [node.input, node.time]
    todo += [k for k in stateful if nodes[k].kind == "delay"]
    while todo:
        key = todo.pop()
        if key in needed or key not in nodes:
            continue
        needed.add(key)
        todo += list(nodes[key].deps)

    def dynamic_deps(key):
        node = nodes[key]
        return set() if node.kind in given else node.deps

    dynamic = [k for k in computed + [k for k in stateful if nodes[k].kind == "delay"]]
    step_order = _topological(nodes, dynamic, dynamic_deps)
    # Values that depend on constants only keep their initial value: not recomputed.
    fixed = {k for k, n in nodes.items() if n.kind in ("constant", "control", "initial")}
    for key in step_order:
        if nodes[key].kind == "aux" and nodes[key].deps <= fixed:
            fixed.add(key)
    every_step = [k for k in step_order if k in needed and k not in fixed]
    when_saved = [k for k in step_order if k not in needed and k not in fixed]

    def init_deps(key):
        node = nodes[key]
        if node.kind in ("stock", "smooth", "delay", "initial"):
            return node.init_deps
        return set() if node.kind in given else node.deps

    init_order = _topological(nodes, computed + stateful + [k for k, n in nodes.items() if n.kind == "initial"],
                              init_deps)

    def stage(key, i):
        return f"s_{py[key][2:]}_{i}"

    def value(key, indent, phase):
        node, lines = nodes[key], []
        if node.kind == "aux":
            lines.append(f"{py[key]} = float({node.expr})")
        elif node.kind == "path":
            p = paths.index(key)
            lines.append(f"{py[key]} = pv[{p}, m * pstride[{p}], pidx[{p}, k]] * (1.0 - pw[{p}, k])"
                         f" + pv[{p}, m * pstride[{p}], pidx[{p}, k] + 1] * pw[{p}, k]")
        elif node.kind == "delay" and phase == "step":
            last = "".join(f"{stage(key, i)} if q_{py[key][2:]} == {i + 1} else (" for i in range(node.order - 1))
            last += stage(key, node.order - 1) + ")" * (node.order - 1)
            lines.append(f"{py[key]} = ({last}) / {py[node.time]}")
        elif phase == "init" and node.kind == "stock":
            lines.append(f"{py[key]} = float({node.init})")
        elif phase == "init" and node.kind == "initial":
            lines.append(f"{py[key]} = float({node.init})")
        elif phase == "init" and node.kind == "smooth":
            lines.append(f"_init = float({node.init})")
            lines += [f"{stage(key, i)} = _init" for i in range(node.order)]
            lines.append(f"{py[key]} = {stage(key, node.order - 1)}")
        elif phase == "init" and node.kind == "delay":
            q = f"q_{py[key][2:]}"
            lines.append(f"{q} = {node.order}")
            # pysd lowers the order until order * TIME STEP fits in the delay time
            lines.append(f"while {q} > 1 and {q} * dt > {py[node.time]}:")
            lines.append(f"    {q} -= 1")
            lines.append(f"_init = float({node.init}) * {py[node.time]}")
            lines += [f"{stage(key, i)} = _init" for i in range(node.order)]
            lines.append(f"{py[key]} = _init / {py[node.time]}")
        return [indent + line for line in lines]

    out = [HELPERS]
    for i, (xs, ys) in enumerate(translator.inline_tables):
        out.append(f"TX{i} = np.array({list(xs)!r})\nTY{i} = np.array({list(ys)!r})")
    args = "consts, pv, pstride, pidx, pw, t0, dt, t_final, saveper, n_steps, save_col, sel, need, out"

    def indent(lines, depth=1):
        return ["    " * depth + line for line in lines]

    derivatives, updates = [], []
    for key in stateful:
        node = nodes[key]
        name = py[key][2:]
        if node.kind == "stock":
            derivatives.append(f"d_{name} = float({node.expr})")
            updates.append(f"{py[key]} = {py[key]} + d_{name} * dt")
            continue
        inp, tim = py[node.input], py[node.time]
        for i in range(node.order):
            s = stage(key, i)
            if node.kind == "smooth":
                target = inp if i == 0 else stage(key, i - 1)
                derivatives.append(f"d_{name}_{i} = ({target} - {s}) * {node.order} / {tim}")
            else:
                q = f"q_{name}"
                inflow = inp if i == 0 else f"{stage(key, i - 1)} / {tim}"
                active = "" if i == 0 else f" if {q} > {i} else 0.0"
                derivatives.append(f"d_{name}_{i} = ({inflow} - {s} / {tim}) * {q}{active}")
            updates.append(f"{s} = {s} + d_{name}_{i} * dt")
        if node.kind == "smooth":
            updates.append(f"{py[key]} = {stage(key, node.order - 1)}")
    # paths are read into their rows at the start of each step (below), not member by member
    hot = [line for key in every_step if key not in paths for line in value(key, "", "step")] + derivatives
    segments, calls = _segments(hot)
    saved = [f"{py[key]} = np.nan" for key in when_saved if key not in paths]
    for i, key in enumerate(when_saved):
        if key not in paths:
            saved.append(f"if need[{i}]:")
            saved += value(key, "    ", "step")
    saved += [f"allv[{i}] = {py[key]}" for i, key in enumerate(variables)]
    saved += ["for j in range(sel.shape[0]):", "    out[m, j, col] = allv[sel[j]]"]
    init = [f"{py[key]} = consts[m, {j}]" for j, key in enumerate(constants)]
    for key in init_order:
        init += value(key, "", "init")

    # Members are simulated in blocks of LANES, a step at a time for the whole block, so that
    # each loop over the block's members (the same arithmetic on different numbers) vectorises.
    # Every value lives in a row of `x` (LANES numbers); a step's equations are cut where they
    # call exp, log or ^, which run as loops of their own over a row (_vexp, _vlog, _vpow).
    loops = [*segments, updates]
    scalars = {py[key] for key in (*CONTROL, "time") if key in nodes}  # the same for every member
    rows: dict[str, int] = {}
    for lines in [init, saved, *loops]:
        for name in _VALUE.findall("\n".join(lines)):
            if name not in scalars:
                rows.setdefault(name, len(rows))

    def at(name):
        return f"x[{rows[name] * lanes} + i]"

    def reads_and_writes(lines):
        loaded, written, assigned = [], [], set()
        for line in lines:
            target = _TARGET.match(line)
            for name in _VALUE.findall(line[target.end():] if target else line):
                if name in rows and name not in assigned and name not in loaded:
                    loaded.append(name)
            if target and target[1] in rows:
                assigned.add(target[1])
                written += [target[1]] if target[1] not in written else []
        return loaded, written

    read_by = {}
    for index, lines in enumerate([saved, *loops]):
        for name in reads_and_writes(lines)[0]:
            read_by.setdefault(name, set()).add(index)
    for function, operands, result in (c for level in calls for c in level):
        for name in operands:
            read_by.setdefault(name, set()).add(-1)

    def member_loop(lines, index, members="LANES"):
        loaded, written = reads_and_writes(lines)
        stored = [name for name in written if read_by.get(name, set()) - {index}]
        # lanes past the last member repeat it, so that every lane holds ordinary numbers
        head = [f"for i in range({members}):", "    m = m0 + (i if i < n else n - 1)"]
        return (head + [f"    {name} = {at(name)}" for name in loaded] + indent(lines)
                + [f"    {at(name)} = {name}" for name in stored])

    # Each loop is a function of its own: numba's compile time grows faster than the size of a
    # function (measured: 44 s for the block as one function).
    controls = [f"{py[key]} = {local}" for key, local in CONTROL.items() if key in nodes] + ["v_time = t"]
    common = "x, m0, n, k, t, t0, dt, t_final, saveper"

    def function(name, parameters, lines):
        out.append(f"\n\n@njit(cache=True, error_model='numpy')\ndef {name}({parameters}):\n"
                   + "\n".join("    " + line for line in controls + lines))

    out.append(f"\n\nLANES = {lanes}")
    defined = set(_VALUE.findall("\n".join(init))) & set(rows)
    function("_start", f"{common}, consts, pv, pstride, pidx, pw",
             ["for i in range(LANES):", "    m = m0 + (i if i < n else n - 1)"] + indent(init)
             + [f"    {at(name)} = {name}" for name in rows if name in defined])
    for index, lines in enumerate(segments):
        vector = [f"_v{function[1:]}(x, " + ", ".join(str(rows[o] * lanes) for o in (*operands, result)) + ")"
                  for function, operands, result in calls[index]]
        function(f"_segment{index}", common, member_loop(lines, index + 1) + vector)
    function("_save", f"{common}, col, allv, sel, need, out", member_loop(saved, 0, "n"))
    function("_advance", common, member_loop(updates, len(loops)))
    fills = []
    for p, key in enumerate(paths):
        if py[key] in rows:  # a path shared by all members is one number per step
            r = rows[py[key]] * lanes
            fills += [f"    if pstride[{p}] == 0:",
                      f"        x[{r}:{r + lanes}] = pv[{p}, 0, pidx[{p}, k]] * (1.0 - pw[{p}, k]) + pv[{p}, 0, pidx[{p}, k] + 1] * pw[{p}, k]",
                      "    else:",
                      "        for i in range(LANES):",
                      "            m = m0 + (i if i < n else n - 1)",
                      f"            x[{r} + i] = pv[{p}, m, pidx[{p}, k]] * (1.0 - pw[{p}, k]) + pv[{p}, m, pidx[{p}, k] + 1] * pw[{p}, k]"]
    body = ["n = m1 - m0", f"x = np.empty({max(len(rows), 1) * lanes})", f"allv = np.empty({len(variables)})",
            f"_start({common.replace('k, t', '0, t0')}, consts, pv, pstride, pidx, pw)",
            "for k in range(n_steps + 1):", "    t = t0 + k * dt", "    col = save_col[k]",
            "    if col < 0 and k == n_steps:", "        break"]
    body += fills + [f"    _segment{index}({common})" for index in range(len(segments))]
    body += ["    if col >= 0:", f"        _save({common}, col, allv, sel, need, out)"]
    body += ["    if k < n_steps:", f"        _advance({common})"]
    out.append(f"\n\n@njit(cache=True, error_model='numpy')\ndef _block(m0, m1, {args}):\n"
               + "\n".join("    " + line for line in body))
    for name, parallel, loop in (("run", "True", "prange"), ("run_serial", "False", "range")):
        out.append(f"\n\n@njit(cache=True, parallel={parallel})\ndef {name}({args}):\n"
                   f"    members = consts.shape[0]\n"
                   f"    for b in {loop}((members + LANES - 1) // LANES):\n"
                   f"        _block(b * LANES, min(members, (b + 1) * LANES), {args})\n")
    layout = Layout(constants, paths, variables, [(k, sorted(nodes[k].deps)) for k in when_saved])
    out.append(f"\n\nLAYOUT = {(layout.constants, layout.paths, layout.variables, layout.on_demand)!r}\n")
    return "\n".join(out), layout


def _version(distribution: str) -> str:
    from importlib import metadata  # not the package itself: importing pysd or numba costs a second

    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "none"


def _cache_folder(mdl_path: Path) -> Path:
    from innovsd.cache import cache_root

    stamp = Path(mdl_path).read_bytes() + Path(__file__).read_bytes()
    stamp += " ".join([_version("pysd"), _version("numba"), _version("numpy"), sys.version]).encode()
    return cache_root() / "kernels" / f"{Path(mdl_path).stem}-{hashlib.sha256(stamp).hexdigest()[:16]}"


def _write(path: Path, content: bytes) -> None:
    handle, scratch = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(handle, "wb") as stream:
        stream.write(content)
    os.replace(scratch, path)  # atomic: a concurrent reader sees old or new, never half


def _load_source(folder: Path, variant: str, source_text: str | None) -> object | None:
    """Import the kernel module ``variant``. With ``source_text``, the file is (re)written when
    it or its recorded sha256 differ from it (rewriting also makes numba recompile: its cache is
    keyed on the file's time stamp); without, the file is used only when it still has the sha256
    recorded when it was written, else None (the caller generates it)."""
    source_file = folder / f"kernel_{variant}.py"
    digest_file = source_file.with_suffix(".sha256")
    try:
        recorded = digest_file.read_text().strip()
        trusted = hashlib.sha256(source_file.read_bytes()).hexdigest() == recorded
    except OSError:
        recorded, trusted = "", False
    if source_text is not None:
        expected = hashlib.sha256(source_text.encode()).hexdigest()
        if not (trusted and recorded == expected):
            folder.mkdir(parents=True, exist_ok=True)
            _write(source_file, source_text.encode())
            _write(digest_file, expected.encode())
    elif not trusted:
        return None
    name = f"innovsd_kernel_{folder.name.replace('-', '_')}_{variant}"
    spec = importlib.util.spec_from_file_location(name, source_file)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # numba's cache locates functions through their module
    spec.loader.exec_module(module)
    return module


_threads_pid: int | None = None


def _may_use_threads() -> bool:
    """numba's thread pool does not survive fork: a process forked (e.g. by a
    ProcessPoolExecutor) after its parent started the pool runs members serially."""
    global _threads_pid
    if _threads_pid is None:
        _threads_pid = os.getpid()
    return _threads_pid == os.getpid()


@lru_cache(maxsize=1)
def numba_available() -> bool:
    return importlib.util.find_spec("numba") is not None


# Below this many members one thread is faster: waking the pool costs more than it saves, and
# on a shared CPU a batch waits for its slowest thread (measured: 18 members 2.4 ms on one
# thread, 7.9 ms on two; 170 members 17.5 ms vs 10.9 ms).
PARALLEL_MIN_MEMBERS = 64
FACTS = "model.json"  # what a run needs besides the generated source: defaults and time tables


class Kernel:
    """The compiled model. ``run`` takes what Engine.run takes and returns (times, values).

    The .mdl is parsed only when a source is missing from the cache: a run whose variant is
    cached imports neither pysd nor (for one member in plain Python) numba."""

    def __init__(self, mdl_path: Path | str):
        from innovsd.cache import read_sealed, write_sealed

        self.mdl_path = Path(mdl_path)
        self._folder = _cache_folder(self.mdl_path)
        text = read_sealed(self._folder / FACTS)
        facts = None
        if text is not None:
            try:
                facts = json.loads(text)
                facts["constants"], facts["time_tables"], facts["unsupported"]  # noqa: B018 (all present)
            except (ValueError, KeyError, TypeError):
                facts = None
        if facts is None:
            facts = {"unsupported": None, "constants": {}, "time_tables": {}}
            try:
                translator = self._translator
                generate(translator, list(translator.time_tables))  # Unsupported shows now, not mid-run
                facts.update(constants=translator.constants, time_tables=translator.time_tables)
            except Unsupported as error:
                facts["unsupported"] = str(error)
            self._folder.mkdir(parents=True, exist_ok=True)
            write_sealed(self._folder / FACTS, json.dumps(facts))
        if facts["unsupported"]:
            raise Unsupported(facts["unsupported"])
        self.constants: dict[str, float] = {k: float(v) for k, v in facts["constants"].items()}
        self.time_tables = {k: (tuple(map(float, x)), tuple(map(float, y))) for k, (x, y) in facts["time_tables"].items()}
        self._variants: dict[tuple, tuple[object, Layout]] = {}
        self._grids: dict[tuple, tuple] = {}

    @cached_property
    def _translator(self) -> _Translator:
        return _Translator(self.mdl_path)

    def compiled(self, paths: Mapping[str, object]) -> bool:
        """Whether this process has already loaded the compiled variant for runs with ``paths``."""
        return (tuple(sorted(set(self.time_tables) | {clean(k) for k in paths})), True) in self._variants

    def _variant(self, path_keys: Sequence[str], compiled: bool = True):
        key = (tuple(sorted(path_keys)), compiled)
        if key not in self._variants:
            name = hashlib.sha256("\n".join(key[0]).encode()).hexdigest()[:12] + ("" if compiled else "_plain")
            preamble = COMPILED if compiled else PLAIN
            module = _load_source(self._folder, name, None)
            if module is None or getattr(module, "LAYOUT", None) is None:
                body, _ = generate(self._translator, key[0], LANES if compiled else 1)
                module = _load_source(self._folder, name, preamble + body)
            constants, paths, variables, on_demand = module.LAYOUT
            self._variants[key] = (module, Layout(constants, paths, variables, on_demand))
        return self._variants[key]

    def _grid(self, initial_time, time_step, n_steps, saveper, final_time, save_years, paths):
        """Time-grid inputs of the kernel (save columns, path indices and weights), cached: a
        calibration calls with the same grid and paths thousands of times."""
        given = {clean(k): v for k, v in paths.items()}
        shared = all(np.ndim(ys) == 1 for _, ys in given.values())
        key = None
        if shared:
            key = (initial_time, time_step, n_steps, saveper, final_time,
                   None if save_years is None else tuple(np.asarray(save_years, dtype=float).tolist()),
                   tuple((name, np.asarray(xs, float).tobytes(), np.asarray(ys, float).tobytes())
                         for name, (xs, ys) in sorted(given.items())))
            if key in self._grids:
                return self._grids[key]
        times = initial_time + np.arange(n_steps + 1) * time_step
        # Time lookups (the model's own and the paths passed in) are read from values sampled at
        # the step times by np.interp, as pysd and the numpy path compute them: an in-kernel
        # weighted read rounds differently by an ulp, which shows wherever the model subtracts
        # nearly equal values, and an in-kernel np.interp costs a search per lookup per step.
        # Paths that differ per member keep the weighted read, as the numpy path does.
        all_paths = {}
        for name, (xs, ys) in {**self.time_tables, **given}.items():
            xs, ys = np.asarray(xs, float), np.asarray(ys, float)
            if ys.ndim == 1:
                xs, ys = times, np.interp(times, xs, ys)
            all_paths[name] = (xs, ys)

        keep = np.arange(initial_time, final_time + time_step / 2, saveper)
        if save_years is not None:
            keep = np.asarray(sorted(save_years), dtype=float)
        steps = sorted({int(round((t - initial_time) / time_step)) for t in keep} & set(range(n_steps + 1)))
        save_col = np.full(n_steps + 1, -1, dtype=np.int64)
        save_col[steps] = np.arange(len(steps))

        names = sorted(all_paths)
        knots = max([len(x) for x, _ in all_paths.values()] + [2])
        rows = max([y.shape[0] for _, y in all_paths.values() if y.ndim == 2] + [1])
        pv = np.zeros((len(names), rows, knots))
        pstride = np.zeros(len(names), dtype=np.int64)
        pidx = np.zeros((len(names), n_steps + 1), dtype=np.int64)
        pw = np.zeros((len(names), n_steps + 1))
        for p, name in enumerate(names):
            xs, ys = all_paths[name]
            if len(xs) == 1:  # a one-point path holds its value
                xs, ys = np.r_[xs, xs[0] + 1.0], np.concatenate([ys, ys], axis=-1)
            ys = ys.reshape(-1, len(xs))
            pv[p, : ys.shape[0], : len(xs)] = ys
            pstride[p] = 1 if ys.shape[0] > 1 else 0
            clipped = np.clip(times, xs[0], xs[-1])
            index = np.minimum(np.searchsorted(xs, clipped, side="right") - 1, len(xs) - 2)
            pidx[p] = index
            pw[p] = (clipped - xs[index]) / (xs[index + 1] - xs[index])
        grid = (names, keep[: len(steps)], save_col, pv, pstride, pidx, pw)
        if key is not None:
            if len(self._grids) >= 32:
                self._grids.clear()
            self._grids[key] = grid
        return grid

    def run(
        self,
        params: Mapping[str, float | np.ndarray],
        paths: Mapping[str, tuple[Sequence[float], np.ndarray]],
        outputs: Sequence[str],
        members: int,
        *,
        initial_time: float,
        final_time: float,
        time_step: float,
        saveper: float,
        save_years: Sequence[float] | None = None,
        compiled: bool = True,
    ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """Simulate ``members`` runs; names are the model's, checked by the caller. ``compiled``
        False runs the same generated code as plain Python (no numba, no JIT: for one member)."""
        initial_time, final_time, time_step, saveper = map(float, (initial_time, final_time, time_step, saveper))
        n_steps = int(round((final_time - initial_time) / time_step))
        names, times, save_col, pv, pstride, pidx, pw = self._grid(
            initial_time, time_step, n_steps, saveper, final_time, save_years, paths)
        module, layout = self._variant(names, compiled)

        given = {clean(k): v for k, v in params.items()}
        varied = {key for key, value in given.items() if np.ndim(value) > 0}
        row = np.array([0.0 if key in varied else float(given.get(key, self.constants[key]))
                        for key in layout.constants])
        consts = np.repeat(row[None, :], members, axis=0)
        for j, key in enumerate(layout.constants):
            if key in varied:
                consts[:, j] = given[key]

        position = {k: i for i, k in enumerate(layout.variables)}
        sel = np.array([position[clean(o)] for o in outputs], dtype=np.int64)
        out = np.empty((members, len(sel), len(times)))
        need = layout.need([clean(o) for o in outputs])
        arguments = (consts, pv, pstride, pidx, pw, initial_time, time_step, final_time, saveper, n_steps,
                     save_col, sel, need, out)
        if not compiled:
            with np.errstate(all="ignore"):
                module.run_serial(*arguments)
        elif members >= PARALLEL_MIN_MEMBERS and _may_use_threads():
            import numba

            # Blocks one at a time let an idle thread take over when the other is descheduled.
            previous = numba.set_parallel_chunksize(1)
            try:
                module.run(*arguments)
            finally:
                numba.set_parallel_chunksize(previous)
        else:
            module.run_serial(*arguments)
        return times, {name: out[:, j, :] for j, name in enumerate(outputs)}


def load(mdl_path: Path | str) -> Kernel | None:
    """The model's kernel, or None when the model is outside the subset."""
    try:
        return Kernel(mdl_path)
    except Unsupported:
        return None
