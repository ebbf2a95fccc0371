"""How each scenario looks in every figure: colour, dash and line width. Plain data, without
matplotlib, so the process that only hands figures to the drawing workers never imports it."""

from __future__ import annotations

SCENARIO_COLOURS = ["#1b1b1b", "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#7f3c8d", "#999999"]
DASHES = ("-", "--", "-.", ":")
LINE_WIDTH, LINE_STEP, LINE_WIDTH_MIN = 2.1, 0.13, 1.1  # points: baseline, thinner per scenario, floor


def styles(names: list[str]) -> dict[str, dict]:
    """Colour, dash and width per scenario, so lines that coincide stay distinguishable: the
    baseline solid black and widest (drawn underneath), the others each a colour and a dash,
    slightly thinner in turn so a later line drawn on top leaves an earlier one visible. A shipped
    scenario keeps its place in the shipped list, so it has the same look in every output
    whichever scenarios are compared with it."""
    from innovsd.scenarios.library import shipped_names

    palette = SCENARIO_COLOURS[1:]  # black is the baseline's
    out = {"baseline": {"color": SCENARIO_COLOURS[0], "ls": "-", "lw": LINE_WIDTH}}
    shipped = [n for n in shipped_names() if n != "baseline"]
    others = shipped + [n for n in names if n != "baseline" and n not in shipped]
    for i, name in enumerate(others, start=1):
        # The dash steps back one each time the colours wrap round: no two of 32 scenarios look alike.
        dash = DASHES[(i - (i - 1) // len(palette)) % len(DASHES)]
        out[name] = {"color": palette[(i - 1) % len(palette)], "ls": dash,
                     "lw": max(LINE_WIDTH - LINE_STEP * i, LINE_WIDTH_MIN)}
    return out
