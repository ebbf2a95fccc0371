"""Ensemble speed, printed with ratios measured in this process (a script, not a test).

    .venv/bin/python tests/benchmarks/bench_ensemble.py [--million]

What it checks against: 10,000 members 2013-2035 < 1 s; Sobol (>= 8 parameters, N=1024)
< 10 s including sampling and analysis; batched per-member time >= 100x faster than
one-by-one pysd runs; 1,000,000 members in chunks with bounded memory; the compiled kernel
against the numpy batched path, per member-run, medians of repeats (the CPU is shared, so single
timings are noisy), and its first-use JIT cost. Figures: docs/performance.md.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from concurrent.futures import ProcessPoolExecutor

import numpy as np

from innovsd.scenarios import sensitivity as sa
from innovsd.model.engine import MODEL_FILE, Engine, translate
from innovsd.model.parameters import ParameterTable

OUTPUT = "TFP contribution to GRDP growth"


def timed(function, repeat: int = 1):
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        value = function()
        best = min(best, time.perf_counter() - start)
    return best, value


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def median_time(function, repeat: int) -> tuple[float, float]:
    """Median wall-clock and CPU seconds (all threads) of ``repeat`` calls."""
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        function()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall), statistics.median(cpu)


FIRST_USE = """
import sys, time
start = time.perf_counter()
from innovsd.model.kernel import Kernel
model = Kernel(sys.argv[1])
model.run({}, {}, ["TFP contribution to GRDP growth"], 2, initial_time=2013, final_time=2035, time_step=0.0625, saveper=1)
print(time.perf_counter() - start)
"""


def first_use_seconds(cache: str) -> float:
    """Kernel load + first run in a new process: parse, generate, compile or load from disk."""
    env = dict(os.environ, INNOVSD_CACHE=cache)
    done = subprocess.run([sys.executable, "-c", FIRST_USE, str(MODEL_FILE)], env=env, capture_output=True, text=True,
                          check=True)
    return float(done.stdout.split()[-1])


def kernel_against_numpy(kernel_engine: Engine, numpy_engine: Engine, draws) -> None:
    import numba

    print(f"kernel vs numpy batched path, {numba.get_num_threads()} threads, us per member-run, wall clock and "
          f"CPU time (medians of repeats; the CPU may be shared with other work):")
    print(f"{'members':>9} {'kernel':>9} {'numpy':>9} {'speed-up':>9} {'kernel CPU':>11} {'numpy CPU':>10}")
    speedups = {}
    for n, repeat in ((100, 9), (170, 9), (1_000, 7), (10_000, 5), (100_000, 3)):
        sample = draws(n)
        fast, fast_cpu = (x / n * 1e6 for x in median_time(lambda: kernel_engine.run(sample, outputs=[OUTPUT]), repeat))
        slow, slow_cpu = (x / n * 1e6 for x in median_time(lambda: numpy_engine.run(sample, outputs=[OUTPUT]), repeat))
        speedups[n] = slow / fast
        print(f"{n:>9,} {fast:>9.1f} {slow:>9.1f} {slow / fast:>8.1f}x {fast_cpu:>11.1f} {slow_cpu:>10.1f}")
    sample = draws(1_000)
    ours, theirs = kernel_engine.run(sample), numpy_engine.run(sample)
    worst = max(np.nanmax(np.abs(ours[k] - theirs[k]) / np.maximum(np.abs(theirs[k]), 1e-12)) for k in ours.values)
    print(f"largest relative difference kernel vs numpy, 1,000 members, every output: {worst:.1e}")
    print(f"kernel speed-up at 10,000 members: {speedups[10_000]:.1f}\u00d7")
    print(f"kernel speed-up at 170 members: {speedups[170]:.1f}\u00d7 (targets: 2.5x at 10,000, 10x at 170)")
    with tempfile.TemporaryDirectory() as cache:
        cold = first_use_seconds(cache)
        warm = statistics.median(first_use_seconds(cache) for _ in range(3))
    print(f"kernel first use in a new process: cold (parse + compile) {cold:.1f} s; warm (numba disk cache) {warm:.2f} s")
    one = {name: values[:1] for name, values in draws(1).items()}
    kernel = kernel_engine.kernel
    plain = lambda: kernel.run(one, {}, [OUTPUT], 1, initial_time=kernel_engine.initial_time,
                               final_time=kernel_engine.final_time, time_step=kernel_engine.time_step,
                               saveper=kernel_engine.saveper, compiled=False)
    times = [median_time(f, 9)[0] * 1e3 for f in (plain, lambda: kernel_engine.run(one, outputs=[OUTPUT]),
                                                  lambda: numpy_engine.run(one, outputs=[OUTPUT]))]
    print("one member: kernel as plain Python (no JIT, what a single run uses) {:.1f} ms; compiled {:.2f} ms; "
          "numpy path {:.1f} ms".format(*times))


def main() -> None:
    warnings.simplefilter("ignore")
    np.seterr(all="ignore")
    print(f"machine: {os.cpu_count()} cores, python {sys.version.split()[0]}")
    engine = Engine(use_kernel=True)  # the kernel at every size, below the engine's auto threshold too
    table = ParameterTable()
    factor_list = sa.factors(table)
    rng = np.random.default_rng(0)

    def draws(n):
        return {f.name: rng.uniform(f.low, f.high, n) for f in factor_list}

    engine.run(draws(10), outputs=[OUTPUT])  # compile or load the kernel before timing
    kernel_against_numpy(engine, Engine(use_kernel=False), draws)

    big = draws(10_000)
    engine.run({k: v[:10] for k, v in big.items()}, outputs=[OUTPUT])  # warm-up
    t10k, _ = timed(lambda: engine.run(big, outputs=[OUTPUT]), repeat=3)
    print(f"10,000 members x {len(big)} parameters, 2013-2035: {t10k:.3f} s (bound 1 s)")

    # Sobol: the 8 calibrated parameters with the widest influence and all the rest fixed.
    eight = sa.factors(table)[:8]
    model = sa.EnsembleModel(engine, [f.name for f in eight], [OUTPUT], 2030, keep_series=False)
    tsobol, result = timed(lambda: sa.run_analysis(eight, model, "sobol", 1024, seed=1, output_names=[OUTPUT]))
    print(f"Sobol, {len(eight)} parameters, N=1024 ({len(result.X):,} runs) incl. sampling+analysis: {tsobol:.2f} s (bound 10 s)")
    allk = sa.factors(table)
    model = sa.EnsembleModel(engine, [f.name for f in allk], [OUTPUT], 2030, keep_series=False)
    tsobol_all, result = timed(lambda: sa.run_analysis(allk, model, "sobol", 1024, seed=1, output_names=[OUTPUT]))
    print(f"Sobol, all {len(allk)} uncertain parameters, N=1024 ({len(result.X):,} runs): {tsobol_all:.2f} s")

    import pysd

    plain = pysd.load(str(translate(MODEL_FILE)))
    k = 20
    one = {name: float(v[0]) for name, v in big.items()}
    plain.run(params=one, return_columns=[OUTPUT])
    tplain, _ = timed(lambda: [plain.run(params={n: float(v[i]) for n, v in big.items()}, return_columns=[OUTPUT])
                               for i in range(k)])
    per_plain = tplain / k
    per_batch = t10k / 10_000
    print(f"one-by-one pysd run: {per_plain * 1e3:.1f} ms/member; batched: {per_batch * 1e6:.1f} us/member; "
          f"ratio {per_plain / per_batch:,.0f}x (bound 100x)")

    samples = draws(100_000)
    tchunk, sim_local = timed(lambda: engine.run_ensemble(samples, outputs=[OUTPUT], save_years=[2030]))
    with ProcessPoolExecutor(max_workers=2) as pool:
        tpool, sim_pool = timed(lambda: engine.run_ensemble(samples, outputs=[OUTPUT], save_years=[2030], executor=pool))
    same = np.array_equal(sim_local.values[OUTPUT], sim_pool.values[OUTPUT], equal_nan=True)
    print(f"100,000 members in 10,000 chunks: in-process {tchunk:.2f} s; ProcessPoolExecutor(2) {tpool:.2f} s "
          f"(ratio {tchunk / tpool:.2f}x; identical results: {same})")

    if "--million" in sys.argv:
        before = peak_rss_mb()
        n = 1_000_000
        million = {f.name: rng.uniform(f.low, f.high, n) for f in factor_list}
        tm, sim = timed(lambda: engine.run_ensemble(million, outputs=[OUTPUT], save_years=[2030]))
        y = sim.at(OUTPUT, 2030)
        print(f"1,000,000 members (chunks of 10,000, one output, 2030 only): {tm:.1f} s; "
              f"median {np.nanmedian(y):.1f}; peak RSS {peak_rss_mb():.0f} MB (before {before:.0f} MB; "
              f"the sample itself is {sum(v.nbytes for v in million.values()) / 2**20:.0f} MB)")


if __name__ == "__main__":
    main()
