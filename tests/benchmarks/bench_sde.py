"""The kernel against SDEverywhere-generated C and against Simlin on this model, per run, with the
kernel's speed-up over each as a ratio measured in the same run (a script, not a test).

    .venv/bin/python tests/benchmarks/bench_sde.py [RUNS]

SDEverywhere's compiler (@sdeverywhere/compile, from the npm registry) turns the .mdl into C;
gcc -O2 builds it with a small driver (tests/benchmarks/sde/: the functions the generated code
calls, with Vensim's semantics, and the run loop of SDEverywhere's runtime: evalAux every step,
outputs at save times, evalLevels), which runs RUNS members one after the other, each with its
own draw of every uncertain parameter. Simlin (pysimlin, its Rust engine) runs the first
SIMLIN_RUNS of the same draws on one reused simulation (reset, set every drawn constant, run to
the end). The kernel runs the same draws, one thread and all threads, and the results are
compared. Without node, npm or gcc, or when the compiler cannot be installed, the script prints
why and measures Simlin alone.
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np

from innovsd.scenarios import sensitivity as sa
from innovsd.model.engine import MODEL_FILE, Engine
from innovsd.model.parameters import ParameterTable

OUTPUT = "TFP contribution to GRDP growth"
HERE = Path(__file__).parent / "sde"
SIMLIN_RUNS = 2_000  # about 2-4 ms each


def simlin_name(name: str) -> str:
    return "_".join(name.lower().split())


def simlin_runs(draws: dict[str, np.ndarray], runs: int) -> tuple[float, np.ndarray]:
    """µs per run of Simlin on the first ``runs`` draws, and their output series."""
    import simlin

    sim = simlin.load(str(MODEL_FILE)).simulate()
    names = [(simlin_name(k), v) for k, v in draws.items()]
    series = []
    start = time.perf_counter()
    for i in range(runs):
        sim.reset()
        for name, values in names:
            sim.set_value(name, float(values[i]))
        sim.run_to_end()
        series.append(sim.get_series(simlin_name(OUTPUT)))
    return (time.perf_counter() - start) / runs * 1e6, np.array(series)


def build(work: Path, inputs: list[str]) -> Path | str:
    """The compiled SDEverywhere model, or why there is none."""
    missing = [tool for tool in ("node", "npm", "gcc") if shutil.which(tool) is None]
    if missing:
        return f"{', '.join(missing)} not found"
    for item in HERE.iterdir():
        (shutil.copytree if item.is_dir() else shutil.copy)(item, work / item.name)
    steps = [
        ["npm", "install", "--no-audit", "--no-fund", "--loglevel=error"],
        ["node", "generate.mjs", str(MODEL_FILE), "build", "inputs.json", OUTPUT],
        ["gcc", "-O2", "-I.", "-o", "sdebench", "build/model.c", "driver.c", "-lm"],
    ]
    (work / "inputs.json").write_text(json.dumps(inputs))
    for step in steps:
        done = subprocess.run(step, cwd=work, capture_output=True, text=True)
        if done.returncode:
            return f"{' '.join(step[:2])} failed: {(done.stderr or done.stdout).strip().splitlines()[-1:]}"
    return work / "sdebench"


def kernel_runs(draws: dict[str, np.ndarray], runs: int) -> tuple[dict[int, float], int, np.ndarray]:
    """µs per run of the kernel (median of 3) on one thread and on all, and its output series."""
    import numba

    engine = Engine(MODEL_FILE, use_kernel=True)
    engine.run({k: v[:10] for k, v in draws.items()}, outputs=[OUTPUT])  # compile or load first
    threads = numba.get_num_threads()
    timings = {}
    for count in (1, threads):
        numba.set_num_threads(count)
        spans = []
        for _ in range(3):
            start = time.perf_counter()
            ours = engine.run(draws, outputs=[OUTPUT])
            spans.append((time.perf_counter() - start) / runs * 1e6)
        timings[count] = statistics.median(spans)
    return timings, threads, ours[OUTPUT]


def worst(ours: np.ndarray, theirs: np.ndarray) -> float:
    return float(np.nanmax(np.abs(ours - theirs) / np.maximum(np.abs(theirs), 1e-12)))


def main() -> None:
    warnings.simplefilter("ignore")
    np.seterr(all="ignore")
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    factors = sa.factors(ParameterTable())
    rng = np.random.default_rng(0)
    draws = {f.name: rng.uniform(f.low, f.high, runs) for f in factors}
    theirs_us, theirs = [], None
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        binary = build(work, [f.name for f in factors])
        if isinstance(binary, str):
            print(f"SDEverywhere skipped: {binary}")
        else:
            np.column_stack([draws[f.name] for f in factors]).astype("<f8").tofile(work / "inputs.bin")
            for _ in range(3):
                done = subprocess.run([str(binary), "inputs.bin", str(runs), "outputs.bin"], cwd=work,
                                      capture_output=True, text=True, check=True)
                theirs_us.append(float(done.stdout))
            theirs = np.fromfile(work / "outputs.bin").reshape(runs, -1)
    simlin_count = min(runs, SIMLIN_RUNS)
    simlin_us, simlin_out = simlin_runs(draws, simlin_count)
    timings, threads, ours = kernel_runs(draws, runs)

    print(f"{runs:,} runs of {MODEL_FILE.name}, {len(factors)} parameters drawn per run, µs per run:")
    print(f"  innovsd kernel (median of 3): 1 thread {timings[1]:.1f}; {threads} threads {timings[threads]:.1f}")
    if theirs is not None:
        sde = statistics.median(theirs_us)
        print(f"  SDEverywhere 0.7.28 C, gcc -O2, one thread, one run after another (median of 3): {sde:.1f}")
    print(f"  Simlin (pysimlin), one thread, the first {simlin_count:,} draws: {simlin_us:.1f}")
    print("speed-up of the kernel, from this run:")
    if theirs is not None:
        print(f"  over SDEverywhere's C: {sde / timings[1]:.1f}x on one thread each; "
              f"{sde / timings[threads]:.1f}x with the kernel on {threads} threads")
    print(f"  over Simlin: {simlin_us / timings[1]:.0f}x on one thread each; "
          f"{simlin_us / timings[threads]:.0f}x with the kernel on {threads} threads")
    print(f"largest relative difference of '{OUTPUT}', kernel vs Simlin: {worst(ours[:simlin_count], simlin_out):.1e}"
          + (f"; vs SDEverywhere: {worst(ours, theirs):.1e}" if theirs is not None else ""))


if __name__ == "__main__":
    main()
