"""numba source of a kernel, written from the intermediate form.

Members are simulated in blocks of LANES, a step at a time for the whole block, so that each loop
over the block's members (the same arithmetic on different numbers) vectorises. Every value lives
in a row of ``x`` (LANES numbers); a step's statements are cut where they call exp, log or ^
(``lift``), which run as loops of their own over a row. Each loop is a function of its own: numba's
compile time grows faster than the size of a function (measured: 44 s for the block as one).

numba's compile time goes mostly into typing and lowering statement by statement, so the compiled
form says no more than it must: no float() casts around what is a float64 already, constants and
saved values copied by loops over tables of rows rather than a statement each, and one entry
point (``run_blocks``; threads are started from Python, so no parallel variant is compiled)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .ir import Binary, Call, Choose, Expr, Group, Interp, Lagged, Num, Slot, Unary, rebuild, slots
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
                 "vector_sorting": "_vector_sorting", "vector_reorder": "_vector_reorder",
                 **{f: f"_{f}" for f in ("sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh")}}
# Runtime functions that return a float64 when given float64s (a float() around them is a no-op).
FLOAT_CALLS = {"exp", "ln", "pow", "min", "max", "xidz", "integer", "quantum", "modulo", "step", "ramp", "ramp_open",
               "pulse", "pulse_train", "fixed_length", "trend", "abs", "float", "vector_sorting", "vector_reorder",
               "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh"}
# Statements per step function at most: numba's compile time per statement grows with the
# function's size (measured: 3 ms a statement in functions of 200-400, 13 ms in one of 2,000).
CHUNK = 150
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


def _surely_float(expr: Expr) -> bool:
    """Whether numba types ``expr`` as a float64: every local of the generated code is one."""
    if isinstance(expr, (Num, Slot, Interp, Lagged)):
        return True
    if isinstance(expr, Unary):
        return expr.op == "-" and _surely_float(expr.arg)
    if isinstance(expr, Binary):
        return expr.op in ("+", "-", "*", "/") and _surely_float(expr.left) and _surely_float(expr.right)
    if isinstance(expr, Call):
        return expr.function in FLOAT_CALLS and all(_surely_float(a) for a in expr.args)
    if isinstance(expr, Choose):
        return _surely_float(expr.then) and _surely_float(expr.other)
    return False


def _uncast(expr: Expr) -> Expr:
    """``expr`` without the float() casts numba would compile as no-ops (the plain form keeps them:
    there they turn Python floats into float64s, which divide by zero as numpy does)."""
    return rebuild(expr, lambda e: e.args[0] if isinstance(e, Call) and e.function == "float"
                   and _surely_float(e.args[0]) else e)


def uncast(statement):
    if isinstance(statement, Assign):
        return Assign(statement.target, _uncast(statement.expr))
    if isinstance(statement, Record):
        return Record(statement.pipe, _uncast(statement.value))
    if isinstance(statement, Guard):
        return Guard(statement.flag, tuple(uncast(s) for s in statement.body))
    return statement


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
    the values computed only when saved, the names of every saved value, and the Euler update."""

    start: list
    segments: list[list]
    calls: list[list[tuple]]
    saved: list
    saved_names: list[str]
    updates: list


def statements(nodes, order, slot, casts: bool = True) -> Statements:
    """``casts`` False: float() casts that numba would compile as no-ops left out (compiled form)."""
    def kept(group):
        return group if casts else [uncast(s) for s in group]

    hot = [Assign(slot(k), value(nodes[k], slot)) for k in order.every_step if k not in order.paths]
    hot += [s for k in order.stateful for s in derivatives(nodes[k], slot)]
    step_segments, calls = segments(kept(hot), lambda name: name not in SCALARS)
    saved = [Assign(slot(k), Num(np.nan)) for k in order.when_saved if k not in order.paths]
    saved += [Guard(i, (Assign(slot(k), value(nodes[k], slot)),)) for i, k in enumerate(order.when_saved)
              if k not in order.paths]
    init = [Column(slot(k), j) for j, k in enumerate(order.constants)]
    for key in order.start:
        node = nodes[key]
        if node.kind == "path":
            init.append(PathRead(slot(key), order.paths.index(key)))
        elif node.kind not in ("constant", "control", "time"):
            init += start(node, slot)
    updates = [s for k in order.stateful for s in advance(nodes[k], slot)]
    return Statements(kept(init), step_segments, calls, kept(saved), [slot(k) for k in order.variables],
                      kept(updates))


class Writer:
    """Source of the kernel's functions: every value in a row of ``x``, each function a loop over
    the block's members that loads the rows it reads and stores those another function reads."""

    def __init__(self, phases: Statements, lanes: int):
        self.phases, self.lanes, self.out = phases, lanes, []
        # (name, statements, vector calls after them) of the step's functions; index: 0 is _save,
        # then these. A long segment or update is cut into chunks that pass values through rows.
        self.loops: list[tuple[str, list, list]] = []
        for index, group in enumerate(phases.segments):
            pieces = _chunks(group)
            self.loops += [(f"_segment{index}_{j}", piece, phases.calls[index] if j == len(pieces) - 1 else [])
                           for j, piece in enumerate(pieces)]
        self.updates = [(f"_advance{j}", piece, []) for j, piece in enumerate(_chunks(phases.updates))]
        self.loops += self.updates
        calls = [c for level in phases.calls for c in level]
        self.rows: dict[str, int] = {}
        for group in [phases.start, phases.saved, *(piece for _, piece, _ in self.loops)]:
            for name in sum(reads_and_writes(group), []):
                if name not in SCALARS and name != "_init":
                    self.rows.setdefault(name, len(self.rows))
        for _, operands, result in calls:
            for name in (*operands, result):
                self.rows.setdefault(name, len(self.rows))
        for name in phases.saved_names:  # _save copies every saved value from its row
            self.rows.setdefault(name, len(self.rows))
        self.read_by: dict[str, set] = {name: {0} for name in phases.saved_names}
        for index, group in enumerate([phases.saved, *(piece for _, piece, _ in self.loops)]):
            for name in reads_and_writes(group)[0]:
                self.read_by.setdefault(name, set()).add(index)
        for _, operands, _ in calls:
            for name in operands:
                self.read_by.setdefault(name, set()).add(-1)

    def in_row(self, name: str) -> bool:
        """Whether a function loads or stores ``name`` (the control values and time, arguments of
        every function, have rows only so that _save copies them)."""
        return name in self.rows and name not in SCALARS

    def at(self, name: str) -> str:
        return f"x[{self.rows[name] * self.lanes} + i]"

    def offsets(self, names) -> str:
        return f"np.array({[self.rows[name] * self.lanes for name in names]!r}, dtype=np.int64)"

    def member_loop(self, group: list, index: int, members: str = "LANES") -> list[str]:
        loaded, written = reads_and_writes(group)
        stored = [name for name in written  # read by another function, or by this one at the next step
                  if self.in_row(name) and (self.read_by.get(name, set()) - {index} or name in loaded)]
        # lanes past the last member repeat it, so that every lane holds ordinary numbers
        head = [f"for i in range({members}):", "    m = m0 + (i if i < n else n - 1)"]
        body = [line for s in group for line in lines(s)]
        return (head + [f"    {name} = {self.at(name)}" for name in loaded if self.in_row(name)] + _indent(body)
                + [f"    {self.at(name)} = {name}" for name in stored])

    def function(self, name: str, parameters: str, body: list[str]) -> None:
        prelude = [f"v_{key} = {local}" for key, local in CONTROL_LOCALS.items()] + ["v_time = t"]
        self.out.append(f"\n\n@njit(cache=True, error_model='numpy')\ndef {name}({parameters}):\n"
                        + "\n".join("    " + line for line in prelude + body))

    def start(self) -> None:
        """_start: constants copied into their rows by one loop; then the values no step computes
        before reading them (states, values fixed after the start), and what they read."""
        phases = self.phases
        columns = [s for s in phases.start if isinstance(s, Column)]
        copied = [c for c in columns if c.target in self.read_by]
        self.out.append(f"\n\nCONSTANT_ROWS = {self.offsets([c.target for c in copied])}"
                        f"\nCONSTANT_COLUMNS = np.array({[c.column for c in copied]!r}, dtype=np.int64)")
        recomputed = {name for group in [*phases.segments, phases.saved] for name in reads_and_writes(group)[1]}
        recomputed |= {s.target for s in phases.start if isinstance(s, PathRead)}  # filled every step
        kept, wanted, stored = [], set(), []
        for statement in reversed([s for s in phases.start if not isinstance(s, Column)]):
            loaded, written = reads_and_writes([statement])
            store = [n for n in written if n in self.read_by and n not in recomputed]
            if store or wanted & set(written):
                kept.append(statement)
                wanted.update(loaded)
                stored += [n for n in store if n not in stored]
        kept.reverse()
        body = (["for j in range(CONSTANT_ROWS.shape[0]):",
                 "    x[CONSTANT_ROWS[j] + i] = consts[m, CONSTANT_COLUMNS[j]]"]
                + [line for s in columns if s.target in wanted for line in lines(s)]
                + [line for s in kept for line in lines(s)] + [f"{self.at(name)} = {name}" for name in stored])
        self.function("_start", f"{COMMON}, consts, pv, pstride, pidx, pw",
                      ["for i in range(LANES):", "    m = m0 + (i if i < n else n - 1)"] + _indent(body))

    def save(self) -> None:
        """_save: values computed only when saved, then every output copied from its row."""
        phases = self.phases
        loaded, written = reads_and_writes(phases.saved)
        scalars = [name for name in phases.saved_names if name in SCALARS]
        self.out.append(f"\n\nSAVED_ROWS = {self.offsets(phases.saved_names)}")
        body = ([f"{name} = {self.at(name)}" for name in loaded if self.in_row(name)]
                + [line for s in phases.saved for line in lines(s)]
                + [f"{self.at(name)} = {name}" for name in [*written, *scalars] if name in self.rows]
                + ["for j in range(sel.shape[0]):", "    out[m, j, col] = x[SAVED_ROWS[sel[j]] + i]"])
        self.function("_save", f"{COMMON}, col, sel, need, out",
                      ["for i in range(n):", "    m = m0 + i"] + _indent(body))

    def functions(self) -> None:
        phases = self.phases
        self.start()
        for index, (name, group, calls) in enumerate(self.loops, start=1):
            vector = [f"{function}(x, " + ", ".join(str(self.rows[o] * self.lanes) for o in (*operands, result)) + ")"
                      for function, operands, result in calls]
            self.function(name, COMMON, self.member_loop(group, index) + vector)
        self.save()


def generate(translation, path_keys, lanes: int = LANES, casts: bool = True) -> tuple[str, Layout]:
    """The body of a kernel module in which ``path_keys`` follow time paths (after the runtime's
    star import); the module records its layout as ``LAYOUT``. ``casts`` False for the compiled
    form (see ``statements``)."""
    nodes, order = plan(translation.nodes, sorted(set(translation.time_tables) | set(path_keys)))
    slot = Slots(nodes)
    writer = Writer(statements(nodes, order, slot, casts), lanes)
    writer.out += [f"TX{i} = np.array({list(xs)!r})\nTY{i} = np.array({list(ys)!r})"
                   for i, (xs, ys) in enumerate(translation.tables)]
    writer.out.append(f"\n\nLANES = {lanes}")
    writer.functions()
    steps = [name for name, _, _ in writer.loops if not name.startswith("_advance")]
    writer.out.append(_entry(order, writer.rows, slot, lanes, steps, [name for name, _, _ in writer.updates],
                             max(len(writer.rows), 1) * lanes))
    layout = Layout(order.constants, order.paths, order.variables,
                    [(k, sorted(_step_reads(nodes[k]))) for k in order.when_saved])
    writer.out.append(f"\n\nLAYOUT = {(layout.constants, layout.paths, layout.variables, layout.on_demand)!r}\n")
    return "\n".join(writer.out), layout


def _step_reads(node) -> set[str]:
    return set() if node.kind in GIVEN else step_reads(node)


def _chunks(group: list) -> list[list]:
    return [group[i:i + CHUNK] for i in range(0, len(group), CHUNK)] or [[]]


def _entry(order, rows, slot, lanes, steps, updates, size) -> str:
    """``run_blocks``: blocks b0 to b1 of members, each a step at a time. It holds no lock on
    Python, so that threads run blocks side by side."""
    filled = [(p, rows[slot(key)] * lanes) for p, key in enumerate(order.paths) if slot(key) in rows]
    table = f"np.array({[pair for found in filled for pair in found]!r}, dtype=np.int64)"
    # a path shared by all members is one number per step
    fills = [f"    for f in range(0, {2 * len(filled)}, 2):", "        p, r = PATH_ROWS[f], PATH_ROWS[f + 1]",
             "        if pstride[p] == 0:",
             "            shared = pv[p, 0, pidx[p, k]] * (1.0 - pw[p, k]) + pv[p, 0, pidx[p, k] + 1] * pw[p, k]",
             "            for i in range(LANES):", "                x[r + i] = shared",
             "        else:", "            for i in range(LANES):", "                m = m0 + (i if i < n else n - 1)",
             "                x[r + i] = pv[p, m, pidx[p, k]] * (1.0 - pw[p, k]) + pv[p, m, pidx[p, k] + 1] * pw[p, k]"]
    step = ["for k in range(n_steps + 1):", "    t = t0 + k * dt", "    col = save_col[k]",
            "    if col < 0 and k == n_steps:", "        break"]
    step += fills + [f"    {name}({COMMON})" for name in steps]
    step += ["    if col >= 0:", f"        _save({COMMON}, col, sel, need, out)"]
    step += ["    if k < n_steps:"] + [f"        {name}({COMMON})" for name in updates]
    body = [f"x = np.empty({size})", f"h = np.empty(({order.pipes}, n_steps + 1, LANES))",
            "for b in range(b0, b1):", "    m0 = b * LANES", "    n = min(consts.shape[0], m0 + LANES) - m0",
            f"    _start({COMMON.replace('k, t', '0, t0')}, consts, pv, pstride, pidx, pw)"] + _indent(step)
    return (f"\n\nPATH_ROWS = {table}  # (path, row offset) pairs\n"
            f"\n\n@njit(cache=True, nogil=True, error_model='numpy')\ndef run_blocks(b0, b1, {ARGS}):\n"
            + "\n".join("    " + line for line in body) + "\n")
