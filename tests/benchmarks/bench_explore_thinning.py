"""How far the explorer's thinned ensemble moves its numbers from the whole ensemble's (a script, not
a test): the lever grid run with every draw of the shipped posterior and with every k-th draw, and
per k the largest and the 95th-percentile move of the 5-95 % band's edges (as a share of the whole
ensemble's band width, over every combination, indicator and year shown) and of the probability of
meeting each target (percentage points).

    .venv/bin/python tests/benchmarks/bench_explore_thinning.py [K ...]   (default: 4 6 8 12)

It runs the whole grid with all 720 draws once (about 450,000 member-runs): minutes of CPU.
"""

from __future__ import annotations

import sys
import time

import numpy as np

from innovsd.model.engine import shared_engine
from innovsd.model.indicator_table import key_indicators
from innovsd.model.parameters import ParameterTable, load_parameter_set
from innovsd.scenarios.explore import grid_levers, run_grid
from innovsd.scenarios.levers import load_levers
from innovsd.scenarios.seek import POLICY_START
from innovsd.scenarios.targets import load_targets


def grid(engine, levers, pset, draws, shown, targets) -> tuple[dict, float]:
    start = time.process_time()
    found = run_grid(engine, levers, pset.values, draws, shown, targets,
                     policy_start=pset.values.get(POLICY_START, engine.constants[POLICY_START]), by_year=2030)
    return found, time.process_time() - start


def moves(full: dict, thin: dict) -> dict[str, float]:
    """Largest and 95th-percentile moves of the band edges (share of the full band's width) and of
    the target probabilities (points)."""
    edges = []
    for name, entry in full["series"].items():
        width = entry["hi"] - entry["lo"]
        scale = np.where(width > 1e-12 * np.maximum(1.0, np.abs(entry["hi"])), width, np.nan)
        for side in ("lo", "hi"):
            edges.append((np.abs(thin["series"][name][side] - entry[side]) / scale).ravel())
    edges = np.concatenate(edges)
    edges = edges[np.isfinite(edges)]
    points = np.concatenate([100 * np.abs(thin["scores"][t]["probability"] - s["probability"])
                             for t, s in full["scores"].items()])
    return {"edge max": edges.max(), "edge p95": np.percentile(edges, 95), "edge median": np.median(edges),
            "prob max": points.max(), "prob p95": np.percentile(points, 95)}


def main(ks: list[int]) -> None:
    engine = shared_engine()
    table = ParameterTable()
    pset = load_parameter_set(None, table)
    levers = [g for g in grid_levers(load_levers(engine, table)) if not g.added]
    targets = load_targets()
    shown = [v for v in key_indicators() if v in engine.variables]
    shown += [t.indicator for t in targets if t.indicator not in shown]
    draws = pset.ensemble_arrays()
    total = len(next(iter(draws.values())))
    full, cpu = grid(engine, levers, pset, draws, shown, targets)
    print(f"all {total} draws: {len(full['combos'])} combinations, {cpu:.1f} s CPU")
    for k in ks:
        thin, cpu = grid(engine, levers, pset, {n: v[::k] for n, v in draws.items()}, shown, targets)
        m = moves(full, thin)
        print(f"every {k}th ({thin['members']} draws, {cpu:.1f} s CPU): band edges move by at most "
              f"{100 * m['edge max']:.1f} % of the band's width (95 % of them by {100 * m['edge p95']:.1f} %, "
              f"median {100 * m['edge median']:.1f} %); probabilities by at most {m['prob max']:.1f} points "
              f"(95 %: {m['prob p95']:.1f})")


if __name__ == "__main__":
    main([int(k) for k in sys.argv[1:]] or [4, 6, 8, 12])
