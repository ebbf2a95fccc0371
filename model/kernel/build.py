"""numba source of a kernel, written from the intermediate form.

Members are simulated in blocks of LANES, a step at a time for the whole block, so that each loop
over the block's members (the same arithmetic on different numbers) vectorises. Every value lives
in a row of ``x`` (LANES numbers); a step's statements are cut where they call exp, log or ^
(``lift``), which run as loops of their own over a row. Each loop is a function of its own: numba's
compile time grows faster than the size of a function (measured: 44 s for the block as one)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .ir import Binary, Call, Choose, Expr, Group, Interp, Lagged, Num, Slot, Unary, slots
from .lift import segments
from .plan import Layout, plan
from .runtime import LANES
from .statefuls import GIVEN, Assign, Record, Slots, advance, derivatives, start, step_reads, value

CONTROL_LOCALS = {"initial_time": "t0", "final_time": "t_final", "time_step": "dt", "saveper": "saveper"}
SCALARS = {f"v_{key}" for key in CONTROL_LOCALS} | {"v_time"}  # the same for every member: not rows
RUNTIME_NAMES = {"exp": "_exp", "ln": "_log", "pow": "_pow", "min": "_min", "max": "_max", "xidz": "_xidz",
                 "integer": "_integer", "quantum": "_quantum", "modulo": "_modulo", "step": "_step", "ramp": "_ramp",
                 "ramp_open": "_ramp_open", "pulse": "_pulse", "pulse_train": "_pulse_train",
                 "delay_order": "_delay_order", "fixed_length": "_fixed_length", "trend": "_trend",
                 "float": "float", "abs": "abs", "vector_select": "_vector_select",
                 "allocate_by_priority": "_allocate_by_priority", "invert_matrix": "_invert_matrix",
                 **{f: f"_{f}" for f in ("sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh")}}
COMMON = "x, h, m0, n, k, t, t0, dt, t_final, saveper"
ARGS = "consts, pv, pstride, pidx, pw, t0, dt, t_final, saveper, n_steps, save_col, sel, need, out"


@dataclass(frozen=True)
class Column:
    """A constant's value for member m."""

    target: str
    column: int


@dataclass(frozen=True)
class PathRead:
    """A path's value for member m at step k (shared paths are filled per row at the step's start)."""

    target: str
    path: int


@dataclass(frozen=True)
class Guard:
    """Statements run only when an output needs them (flag ``need[flag]``)."""

    flag: int
    body: tuple


@dataclass(frozen=True)
class Save:
    index: int
    name: str


def source(expr: Expr) -> str:
    if isinstance(expr, Num):
        value = float(expr.value)
        if value != value:
            return "np.nan"
        text = repr(value) if np.isfinite(value) else "np.inf" if value > 0 else "-np.inf"
        return f"({text})" if value < 0 else text
    if isinstance(expr, Slot):
        return expr.name
    if isinstance(expr, Unary):
        return f"(-{source(expr.arg)})" if expr.op == "-" else f"(not {source(expr.arg)})"
    if isinstance(expr, Binary):
        if expr.op in ("and", "or"):
            return f"(({source(expr.left)} != 0) {expr.op} ({source(expr.right)} != 0))"
        return f"({source(expr.left)} {expr.op} {source(expr.right)})"
    if isinstance(expr, Call) and expr.function == "float" and _is_truth(expr.args[0]):
        return f"(1.0 if {source(expr.args[0])} else 0.0)"  # numba has no float(bool)
    if isinstance(expr, Call):
        name = RUNTIME_NAMES.get(expr.function, expr.function)
        return f"{name}({', '.join(source(a) for a in expr.args)})"
    if isinstance(expr, Choose):
        return f"({source(expr.then)} if {source(expr.condition)} else {source(expr.other)})"
    if isinstance(expr, Interp):
        return f"np.interp({source(expr.arg)}, TX{expr.table}, TY{expr.table})"
    if isinstance(expr, Group):
        return "(" + "".join(f"{source(Call('float', (e,)))}, " for e in expr.items) + ")"
    if isinstance(expr, Lagged):
        length = source(expr.length)
        return f"(h[{expr.pipe}, k - int({length}), i] if k >= {length} else {source(expr.initial)})"
    raise TypeError(f"no source for {expr!r}")


def _is_truth(expr: Expr) -> bool:
    return (isinstance(expr, Binary) and expr.op in ("==", "!=", "<", ">", "<=", ">=", "and", "or")
            or isinstance(expr, Unary) and expr.op == "not")


def lines(statement) -> list[str]:
    if isinstance(statement, Assign):
        return [f"{statement.target} = {source(statement.expr)}"]
    if isinstance(statement, Record):
        return [f"h[{statement.pipe}, k, i] = {source(statement.value)}"]
    if isinstance(statement, Column):
        return [f"{statement.target} = consts[m, {statement.column}]"]
    if isinstance(statement, PathRead):
        p = statement.path
        return [f"{statement.target} = pv[{p}, m * pstride[{p}], pidx[{p}, k]] * (1.0 - pw[{p}, k])"
                f" + pv[{p}, m * pstride[{p}], pidx[{p}, k] + 1] * pw[{p}, k]"]
    if isinstance(statement, Guard):
        return [f"if need[{statement.flag}]:"] + ["    " + line for s in statement.body for line in lines(s)]
    if isinstance(statement, Save):
        return [f"allv[{statement.index}] = {statement.name}"]
    raise TypeError(statement)


def reads_and_writes(statements) -> tuple[list[str], list[str]]:
    """Names a run of statements reads before writing them, and names it writes, in order."""
    loaded, written = {}, {}
    for statement in statements:
        if isinstance(statement, Guard):
            inner_loaded, inner_written = reads_and_writes(statement.body)
            read, wrote = [n for n in inner_loaded if n not in written], inner_written
        elif isinstance(statement, Assign):
            read, wrote = slots(statement.expr), [statement.target]
        elif isinstance(statement, Record):
            read, wrote = slots(statement.value), []
        elif isinstance(statement, Save):
            read, wrote = [statement.name], []
        else:
            read, wrote = [], [statement.target]
        for name in read:
            if name not in written:
                loaded.setdefault(name, None)
        for name in wrote:
            written.setdefault(name, None)
    return list(loaded), list(written)


def _indent(text_lines, depth=1):
    return ["    " * depth + line for line in text_lines]


@dataclass
class Statements:
    """A kernel's statements by phase: the start, the step (cut into segments around vector calls),
    what is saved and the Euler update."""

    start: list
    segments: list[list]
    calls: list[list[tuple]]
    saved: list
    updates: list


def statements(nodes, order, slot) -> Statements:
    hot = [Assign(slot(k), value(nodes[k], slot)) for k in order.every_step if k not in order.paths]
    hot += [s for k in order.stateful for s in derivatives(nodes[k], slot)]
    step_segments, calls = segments(hot, lambda name: name not in SCALARS)
    saved = [Assign(slot(k), Num(np.nan)) for k in order.when_saved if k not in order.paths]
    saved += [Guard(i, (Assign(slot(k), value(nodes[k], slot)),)) for i, k in enumerate(order.when_saved)
              if k not in order.paths]
    saved += [Save(i, slot(k)) for i, k in enumerate(order.variables)]
    init = [Column(slot(k), j) for j, k in enumerate(order.constants)]
    for key in order.start:
        node = nodes[key]
        if node.kind == "path":
            init.append(PathRead(slot(key), order.paths.index(key)))
        elif node.kind not in ("constant", "control", "time"):
            init += start(node, slot)
    updates = [s for k in order.stateful for s in advance(nodes[k], slot)]
    return Statements(init, step_segments, calls, saved, updates)


class Writer:
    """Source of the kernel's functions: every value in a row of ``x``, each function a loop over
    the block's members that loads the rows it reads and stores those another function reads."""

    def __init__(self, phases: Statements, lanes: int):
        self.phases, self.lanes, self.out = phases, lanes, []
        self.loops = [*phases.segments, phases.updates]  # function index: 0 is _save, then these
        calls = [c for level in phases.calls for c in level]
        self.rows: dict[str, int] = {}
        for group in [phases.start, phases.saved, *self.loops]:
            for name in sum(reads_and_writes(group), []):
                if name not in SCALARS and name != "_init":
                    self.rows.setdefault(name, len(self.rows))
        for _, operands, result in calls:
            for name in (*operands, result):
                self.rows.setdefault(name, len(self.rows))
        self.read_by: dict[str, set] = {}
        for index, group in enumerate([phases.saved, *self.loops]):
            for name in reads_and_writes(group)[0]:
                self.read_by.setdefault(name, set()).add(index)
        for _, operands, _ in calls:
            for name in operands:
                self.read_by.setdefault(name, set()).add(-1)

    def at(self, name: str) -> str:
        return f"x[{self.rows[name] * self.lanes} + i]"

    def member_loop(self, group: list, index: int, members: str = "LANES") -> list[str]:
        loaded, written = reads_and_writes(group)
        stored = [name for name in written if name in self.rows and self.read_by.get(name, set()) - {index}]
        # lanes past the last member repeat it, so that every lane holds ordinary numbers
        head = [f"for i in range({members}):", "    m = m0 + (i if i < n else n - 1)"]
        body = [line for s in group for line in lines(s)]
        return (head + [f"    {name} = {self.at(name)}" for name in loaded if name in self.rows] + _indent(body)
                + [f"    {self.at(name)} = {name}" for name in stored])

    def function(self, name: str, parameters: str, body: list[str]) -> None:
        prelude = [f"v_{key} = {local}" for key, local in CONTROL_LOCALS.items()] + ["v_time = t"]
        self.out.append(f"\n\n@njit(cache=True, error_model='numpy')\ndef {name}({parameters}):\n"
                        + "\n".join("    " + line for line in prelude + body))

    def functions(self) -> None:
        phases = self.phases
        defined = reads_and_writes(phases.start)[1]
        self.function("_start", f"{COMMON}, consts, pv, pstride, pidx, pw",
                      ["for i in range(LANES):", "    m = m0 + (i if i < n else n - 1)"]
                      + _indent([line for s in phases.start for line in lines(s)])
                      + [f"    {self.at(name)} = {name}" for name in self.rows if name in defined])
        for index, group in enumerate(phases.segments):
            vector = [f"{function}(x, " + ", ".join(str(self.rows[o] * self.lanes) for o in (*operands, result)) + ")"
                      for function, operands, result in phases.calls[index]]
            self.function(f"_segment{index}", COMMON, self.member_loop(group, index + 1) + vector)
        self.function("_save", f"{COMMON}, col, allv, sel, need, out",
                      self.member_loop(phases.saved, 0, "n")
                      + ["    for j in range(sel.shape[0]):", "        out[m, j, col] = allv[sel[j]]"])
        self.function("_advance", COMMON, self.member_loop(phases.updates, len(self.loops)))


def generate(translation, path_keys, lanes: int = LANES) -> tuple[str, Layout]:
    """The body of a kernel module in which ``path_keys`` follow time paths (after the runtime's
    star import); the module records its layout as ``LAYOUT``."""
    nodes, order = plan(translation.nodes, sorted(set(translation.time_tables) | set(path_keys)))
    slot = Slots(nodes)
    writer = Writer(statements(nodes, order, slot), lanes)
    writer.out += [f"TX{i} = np.array({list(xs)!r})\nTY{i} = np.array({list(ys)!r})"
                   for i, (xs, ys) in enumerate(translation.tables)]
    writer.out.append(f"\n\nLANES = {lanes}")
    writer.functions()
    writer.out.append(_block(order, writer.rows, slot, lanes, len(writer.phases.segments),
                             max(len(writer.rows), 1) * lanes, len(order.variables)))
    layout = Layout(order.constants, order.paths, order.variables,
                    [(k, sorted(_step_reads(nodes[k]))) for k in order.when_saved])
    writer.out.append(f"\n\nLAYOUT = {(layout.constants, layout.paths, layout.variables, layout.on_demand)!r}\n")
    return "\n".join(writer.out), layout


def _step_reads(node) -> set[str]:
    return set() if node.kind in GIVEN else step_reads(node)


def _block(order, rows, slot, lanes, n_segments, size, n_variables) -> str:
    """The step loop of one block of members, and the two entry points over all blocks."""
    fills = []
    for p, key in enumerate(order.paths):
        name = slot(key)
        if name in rows:  # a path shared by all members is one number per step
            r = rows[name] * lanes
            fills += [f"    if pstride[{p}] == 0:",
                      f"        x[{r}:{r + lanes}] = pv[{p}, 0, pidx[{p}, k]] * (1.0 - pw[{p}, k])"
                      f" + pv[{p}, 0, pidx[{p}, k] + 1] * pw[{p}, k]",
                      "    else:",
                      "        for i in range(LANES):",
                      "            m = m0 + (i if i < n else n - 1)",
                      f"            x[{r} + i] = pv[{p}, m, pidx[{p}, k]] * (1.0 - pw[{p}, k])"
                      f" + pv[{p}, m, pidx[{p}, k] + 1] * pw[{p}, k]"]
    body = ["n = m1 - m0", f"x = np.empty({size})", f"h = np.empty(({order.pipes}, n_steps + 1, LANES))",
            f"allv = np.empty({n_variables})",
            f"_start({COMMON.replace('k, t', '0, t0')}, consts, pv, pstride, pidx, pw)",
            "for k in range(n_steps + 1):", "    t = t0 + k * dt", "    col = save_col[k]",
            "    if col < 0 and k == n_steps:", "        break"]
    body += fills + [f"    _segment{index}({COMMON})" for index in range(n_segments)]
    body += ["    if col >= 0:", f"        _save({COMMON}, col, allv, sel, need, out)"]
    body += ["    if k < n_steps:", f"        _advance({COMMON})"]
    text = (f"\n\n@njit(cache=True, error_model='numpy')\ndef _block(m0, m1, {ARGS}):\n"
            + "\n".join("    " + line for line in body))
    for name, parallel, loop in (("run", "True", "prange"), ("run_serial", "False", "range")):
        text += (f"\n\n\n@njit(cache=True, parallel={parallel})\ndef {name}({ARGS}):\n"
                 f"    members = consts.shape[0]\n"
                 f"    for b in {loop}((members + LANES - 1) // LANES):\n"
                 f"        _block(b * LANES, min(members, (b + 1) * LANES), {ARGS})\n")
    return text
