"""Regenerate the Vensim sketch (one view per equation group) of the model file.

For maintainers without Vensim: after adding, removing or renaming variables in the .mdl,
redraw its diagrams so Vensim PLE and Simlin show every variable once
(tests/test_cross_engine.py checks that). Equations are left byte-identical. A subscripted
variable is drawn once under its own name (``capital stock``, not ``capital stock[region]``), its
per-element equations counted together.

    .venv/bin/python tools/sketch.py model/haiphong_innovation.mdl
"""
import math
import re
import sys
from collections import defaultdict

from innovsd.model.names import name_key

MARKER = "\\\\\\---/// Sketch information"
CONTROL = {"final time", "initial time", "saveper", "time step"}
BUILTIN = {"time": "Time"}
HEADER = ("\\\\\\---/// Sketch information - do not modify anything except names\n"
          "V300  Do not put anything below this section - it will be ignored\n"
          "*{name}\n"
          "$192-192-192,0,Times New Roman|12||0-0-0|0-0-0|0-0-255|-1--1--1|-1--1--1|96,96,100,0\n")
SHADOW_TAIL = ",128-128-128,0-0-0,|12||128-128-128"


norm = name_key  # how Vensim compares names
SUBSCRIPTS = re.compile(r"\[[^\]]*\]")


def unsubscripted(name):
    return SUBSCRIPTS.sub("", name).strip()


def parse(text):
    eq_part, sketch = text.split(MARKER, 1)
    tail = sketch[sketch.index("///---\\\\\\"):]
    blocks = re.split(r"\n\s*\|\s*\n", eq_part)
    group = None
    order, names, group_of, expr_of = [], {}, {}, {}
    for block in blocks:
        head = re.search(r"\*{10,}\s*\n\s*\.(.+?)\n\s*\*{10,}", block)
        if head:
            group = head.group(1).strip()
            continue
        body = block.split("~", 1)[0].strip()
        if "=" not in body:
            continue
        lhs, rhs = body.split("=", 1)
        lhs = lhs.strip()
        if not lhs or lhs.startswith("{"):
            lhs = lhs.split("}", 1)[-1].strip()
        lhs = unsubscripted(lhs)
        key = norm(lhs)
        expr = " ".join(rhs.split())
        if key in expr_of:  # another element's equation of the same variable
            expr_of[key] += " + (" + expr + ")" if not expr_of[key].upper().startswith("INTEG") else ""
            continue
        order.append(key)
        names[key] = re.sub(r"\s+", " ", lhs)
        group_of[key] = group
        expr_of[key] = expr
    return eq_part, tail, order, names, group_of, expr_of


def references(expr, known):
    found = []
    masked = expr.lower().replace("_", " ")
    for key in sorted(known, key=len, reverse=True):
        pattern = r"(?<![\w])" + re.escape(key).replace(r"\ ", r"\s+") + r"(?![\w])"
        if re.search(pattern, masked):
            found.append(key)
            masked = re.sub(pattern, " # ", masked)
    return found


def split_top(expr, sep=","):
    depth, parts, cur = 0, [], ""
    for ch in expr:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == sep and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    return parts


def signed_terms(expr, known):
    """Flow names with their sign in an INTEG rate expression such as a + b - c."""
    terms, sign, cur, depth = [], 1, "", 0
    for ch in expr + "+":
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch in "+-" and depth == 0:
            if cur.strip():
                terms.append((sign, norm(unsubscripted(cur))))
            sign, cur = (1 if ch == "+" else -1), ""
        else:
            cur += ch
    for _, t in terms:
        assert t in known, f"INTEG rate term is not a plain flow name: {t}"
    return terms


def label_size(name, max_chars=16):
    words, lines, cur = name.split(), [], ""
    for w in words:
        if cur and len(cur) + 1 + len(w) > max_chars:
            lines.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}".strip()
    lines.append(cur)
    width = max(len(l) for l in lines)
    return max(20, math.ceil(width * 3.3) + 4), 6 + 6 * len(lines)


class View:
    def __init__(self, name):
        self.name, self.lines, self.next_id = name, [], 1
        self.obj = {}      # variable key -> sketch id (of the name object)
        self.pos = {}      # sketch id -> (x, y, w, h)

    def new_id(self):
        i = self.next_id
        self.next_id += 1
        return i

    def var(self, key, label, x, y, shape=8, shadow=False):
        i = self.new_id()
        w, h = (40, 20) if shape == 3 else label_size(label)
        if shape == 3:
            w = max(w, label_size(label, 14)[0])
        tpos = -1 if shadow or shape == 40 else 0
        line = f"10,{i},{label},{x},{y},{w},{h},{shape},{2 if shadow else 3},0,{3 if shadow else 0},{tpos},0,0,0"
        self.lines.append(line + (SHADOW_TAIL if shadow else ""))
        self.obj[key] = i
        self.pos[i] = (x, y, w, h)
        return i

    def cloud(self, x, y):
        i = self.new_id()
        self.lines.append(f"12,{i},48,{x},{y},10,8,0,3,0,0,-1,0,0,0")
        self.pos[i] = (x, y, 10, 8)
        return i

    def arrow(self, a, b):
        (x1, y1, *_), (x2, y2, *_) = self.pos[a], self.pos[b]
        i = self.new_id()
        self.lines.append(f"1,{i},{a},{b},0,0,0,0,0,64,0,-1--1--1,,1|({(x1 + x2) // 2},{(y1 + y2) // 2})|")

    def flow(self, key, label, src, dst, src_pt, dst_pt, valve_xy, vertical, label_side):
        """Pipes first, then the valve, then the flow's name right after the valve (Vensim's order)."""
        valve = self.next_id + 2
        self.lines.append(f"1,{self.new_id()},{valve},{dst},4,0,0,22,0,0,0,-1--1--1,,1|({dst_pt[0]},{dst_pt[1]})|")
        self.lines.append(f"1,{self.new_id()},{valve},{src},100,0,0,22,0,0,0,-1--1--1,,1|({src_pt[0]},{src_pt[1]})|")
        assert self.new_id() == valve
        vx, vy = valve_xy
        if vertical:
            self.lines.append(f"11,{valve},48,{vx},{vy},8,6,33,3,0,0,4,0,0,0")
        else:
            self.lines.append(f"11,{valve},48,{vx},{vy},6,8,34,3,0,0,1,0,0,0")
        self.pos[valve] = (vx, vy, 8, 8)
        w, h = label_size(label)
        lx, ly = {"below": (vx, vy + 10 + h), "above": (vx, vy - 10 - h),
                  "right": (vx + 12 + w, vy), "left": (vx - 12 - w, vy)}[label_side]
        return self.var(key, label, lx, ly, shape=40)

    def text(self):
        return HEADER.format(name=self.name) + "\n".join(self.lines) + "\n"


def build(path):
    text = open(path, encoding="utf-8").read()
    eq_part, tail, order, names, group_of, expr_of = parse(text)
    known = set(order) | set(BUILTIN)
    deps = {k: [d for d in references(expr_of[k], known) if d != k] for k in order}
    stocks = [k for k in order if expr_of[k].upper().startswith("INTEG")]
    inflows, outflows, init_deps = defaultdict(list), defaultdict(list), {}
    flow_src, flow_dst = {}, {}
    for s in stocks:
        inner = expr_of[s][expr_of[s].index("(") + 1: expr_of[s].rindex(")")]
        rate, init = split_top(inner)
        for sign, f in signed_terms(rate.strip(), known):
            (inflows if sign > 0 else outflows)[s].append(f)
            (flow_dst if sign > 0 else flow_src)[f] = s
        init_deps[s] = references(init, known)
    flows = set(flow_src) | set(flow_dst)
    for f in flows:  # a flow is drawn in the view of its stocks
        owners = {group_of[s] for s in (flow_src.get(f), flow_dst.get(f)) if s}
        assert owners == {group_of[f]}, (f, owners, group_of[f])

    groups = []
    for k in order:
        g = group_of[k]
        if k not in CONTROL and g not in groups:
            groups.append(g)
    views = []
    for g in groups:
        members = [k for k in order if group_of[k] == g and k not in CONTROL]
        view = View(g)
        vstocks = [k for k in members if k in stocks]
        # Stock row: stocks linked by a flow sit next to each other.
        links = {(flow_src[f], flow_dst[f]) for f in flows if f in flow_src and f in flow_dst}
        row = []
        for s in vstocks:
            if s in row:
                continue
            row.append(s)
            for a, b in links:
                if a == s and b not in row and b in vstocks:
                    row.append(b)
        y0 = 170
        x = 60
        stock_xy = {}
        sides = {}
        for i, s in enumerate(row):
            linked_left = i > 0 and ((row[i - 1], s) in links or (s, row[i - 1]) in links)
            linked_right = i + 1 < len(row) and ((row[i + 1], s) in links or (s, row[i + 1]) in links)
            cloud_in = [f for f in inflows[s] if f not in flow_src]
            cloud_out = [f for f in outflows[s] if f not in flow_dst]
            sd = {"left": [], "right": [], "top": [], "bottom": []}
            sd["top" if linked_left else "left"] += cloud_in
            sd["bottom" if linked_right else "right"] += cloud_out
            for side in ("left", "right"):
                if len(sd[side]) > 2:
                    sd["top" if side == "left" else "bottom"] += sd[side][2:]
                    del sd[side][2:]
            sides[s] = sd
            left_room = 260 if sd["left"] else 0
            x += left_room + 160 if not linked_left else 0
            if linked_left:
                x += 330
            stock_xy[s] = (x, y0 + 70 if any(sides[t]["top"] for t in sides) else y0)
            if sd["right"]:
                x += 260
        # Recompute y so top flows have room.
        top_needed = any(sd["top"] for sd in sides.values())
        for s in row:
            stock_xy[s] = (stock_xy[s][0], y0 + (110 if top_needed else 0))
            sx, sy = stock_xy[s]
            n_lr = max(len(sides[s]["left"]), len(sides[s]["right"]),
                       sum(1 for f in flows if (flow_src.get(f), flow_dst.get(f)) in {(s, t) for t in row} | {(t, s) for t in row}))
            label = names[s]
            sid = view.new_id()
            w = max(40, label_size(label, 14)[0])
            h = 20 if n_lr <= 1 else 32
            view.lines.append(f"10,{sid},{label},{sx},{sy},{w},{h},3,3,0,0,0,0,0,0")
            view.obj[s] = sid
            view.pos[sid] = (sx, sy, w, h)

        def offsets(n):
            return [0] if n == 1 else [-16, 16]

        for s in row:
            sx, sy = stock_xy[s]
            sid = view.obj[s]
            _, _, w, h = view.pos[sid]
            sd = sides[s]
            for side in ("left", "right"):
                fl = sd[side]
                for f, dy in zip(fl, offsets(len(fl))):
                    y = sy + dy
                    edge = sx - w if side == "left" else sx + w
                    cx = edge - 230 if side == "left" else edge + 230
                    cid = view.cloud(cx, y)
                    vx = (edge + cx) // 2
                    lab = "above" if dy < 0 else "below"
                    if side == "left":
                        view.flow(f, names[f], cid, sid, (cx + 12, y), (edge, y), (vx, y), False, lab)
                    else:
                        view.flow(f, names[f], sid, cid, (edge, y), (cx - 12, y), (vx, y), False, lab)
            for side in ("top", "bottom"):
                fl = sd[side]
                n = len(fl)
                for j, f in enumerate(fl):
                    x = sx + (j - (n - 1) / 2) * 60
                    x = int(x) - (20 if n == 1 else 0)
                    edge = sy - h if side == "top" else sy + h
                    cy = edge - 110 if side == "top" else edge + 110
                    cid = view.cloud(x, cy)
                    vy = (edge + cy) // 2
                    lab = "right" if j == n - 1 else "left"
                    if f in inflows[s]:
                        view.flow(f, names[f], cid, sid, (x, cy + (10 if side == "top" else -10)), (x, edge), (x, vy), True, lab)
                    else:
                        view.flow(f, names[f], sid, cid, (x, edge), (x, cy + (10 if side == "top" else -10)), (x, vy), True, lab)
        # Stock-to-stock flows: pipes between neighbours, stacked.
        for i in range(len(row) - 1):
            a, b = row[i], row[i + 1]
            between = [f for f in sorted(flows) if {flow_src.get(f), flow_dst.get(f)} == {a, b}]
            (ax, ay), (bx, _) = stock_xy[a], stock_xy[b]
            aw, bw = view.pos[view.obj[a]][2], view.pos[view.obj[b]][2]
            for f, dy in zip(between, offsets(len(between))):
                y = ay + dy
                src, dst = flow_src[f], flow_dst[f]
                vx = (ax + aw + bx - bw) // 2
                lab = "above" if dy < 0 else "below"
                s_edge = ax + aw if src == a else bx - bw
                d_edge = bx - bw if dst == b else ax + aw
                view.flow(f, names[f], view.obj[src], view.obj[dst], (s_edge, y), (d_edge, y), (vx, y), False, lab)
        # Flows not attached to any stock in this view would be drawn as plain variables below.
        band_bottom = max((y + h for (x, y, w, h) in view.pos.values()), default=0)
        # Grid of auxiliaries, constants and shadows, layered by dependency depth.
        placed = set(view.obj)
        grid = [k for k in members if k not in placed]
        used = set()
        for k in members:
            used |= set(deps[k])
        for s in vstocks:
            used |= set(init_deps[s])
        shadows = [k for k in order + ["time"] if k in used and k not in members]
        nodes = shadows + grid
        depth = {k: 0 for k in nodes}
        for _ in range(len(nodes)):
            for k in grid:
                ds = [depth[d] + 1 for d in deps[k] if d in depth and d in grid]
                depth[k] = max(ds, default=0)
        # Inputs (shadows, constants) sit in the column just left of their nearest consumer.
        for k in nodes:
            if not any(d in grid for d in deps.get(k, [])) or k in shadows:
                consumers = [depth[t] for t in grid if k in deps[t] and t not in shadows]
                depth[k] = max(0, min(consumers, default=1) - 1)
        layers = defaultdict(list)
        for k in nodes:
            layers[depth[k]].append(k)
        columns = []
        for d in sorted(layers):
            items = layers[d]
            per = 7
            for c in range(0, len(items), per):
                columns.append(items[c:c + per])
        # Barycentre ordering (two sweeps) to keep arrows short.
        row_of = {}
        for sweep in range(3):
            for col in columns:
                def key(k):
                    pred = [row_of[d] for d in deps.get(k, []) if d in row_of]
                    succ = [row_of[t] for t in nodes if k in deps.get(t, []) and t in row_of]
                    both = pred + succ
                    return sum(both) / len(both) if both else nodes.index(k)
                if sweep:
                    col.sort(key=key)
                for r, k in enumerate(col):
                    row_of[k] = r
        top = band_bottom + 90
        xs = 90
        for col in columns:
            widest = max(label_size("<" + names.get(k, BUILTIN.get(k, k)) + ">")[0] for k in col)
            xs += max(widest, 40)
            y = top
            for k in col:
                label = names.get(k) or BUILTIN[k]
                _, h = label_size(label)
                view.var(k, label, xs, y + h, shadow=k in shadows)
                y += 2 * h + 34
            xs += max(widest, 40) + 70
        # Influence arrows for every dependency inside the view.
        for k in members:
            for d in sorted(deps[k]):
                if k in stocks:
                    continue
                view.arrow(view.obj[d], view.obj[k])
        for s in vstocks:
            for d in sorted(init_deps[s]):
                view.arrow(view.obj[d], view.obj[s])
        views.append(view)
    sketch = "".join(v.text() for v in views) + tail
    if not sketch.endswith("\n"):
        sketch += "\n"
    return eq_part + sketch


if __name__ == "__main__":
    path = sys.argv[1]
    out = build(path)
    open(sys.argv[2] if len(sys.argv) > 2 else path, "w", encoding="utf-8").write(out)
