"""The kernel against SDEverywhere-generated C on this model, per run (a script, not a test).

    .venv/bin/python tests/benchmarks/bench_sde.py [RUNS]

SDEverywhere's compiler (@sdeverywhere/compile, from the npm registry) turns the .mdl into C;
gcc -O2 builds it with a small driver (tests/benchmarks/sde/: the functions the generated code
calls, with Vensim's semantics, and the run loop of SDEverywhere's runtime: evalAux every step,
outputs at save times, evalLevels), which runs RUNS members one after the other, each with its
own draw of every uncertain parameter. The kernel runs the same draws, one thread and all
threads, and the two results are compared. Without node, npm or gcc, or when the compiler
cannot be installed, the script prints why and stops.
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


def main() -> None:
    warnings.simplefilter("ignore")
    np.seterr(all="ignore")
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    factors = sa.factors(ParameterTable())
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        binary = build(work, [f.name for f in factors])
        if isinstance(binary, str):
            print(f"SDEverywhere comparison skipped: {binary}")
            return
        rng = np.random.default_rng(0)
        draws = {f.name: rng.uniform(f.low, f.high, runs) for f in factors}
        np.column_stack([draws[f.name] for f in factors]).astype("<f8").tofile(work / "inputs.bin")
        theirs_us = []
        for _ in range(3):
            done = subprocess.run([str(binary), "inputs.bin", str(runs), "outputs.bin"], cwd=work, capture_output=True,
                                  text=True, check=True)
            theirs_us.append(float(done.stdout))
        theirs = np.fromfile(work / "outputs.bin").reshape(runs, -1)

    import numba

    engine = Engine(MODEL_FILE, use_kernel=True)
    ours = engine.run({k: v[:10] for k, v in draws.items()}, outputs=[OUTPUT])  # compile or load first
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
    ours = ours[OUTPUT]
    worst = float(np.nanmax(np.abs(ours - theirs) / np.maximum(np.abs(theirs), 1e-12)))
    print(f"{runs:,} runs of {MODEL_FILE.name}, {len(factors)} parameters drawn per run, us per run (median of 3):")
    print(f"  SDEverywhere 0.7.28 C, gcc -O2, one run after another: {statistics.median(theirs_us):.1f}")
    print(f"  innovsd kernel, 1 thread: {timings[1]:.1f}; {threads} threads: {timings[threads]:.1f}")
    print(f"  largest relative difference of '{OUTPUT}', kernel vs SDEverywhere: {worst:.1e}")


if __name__ == "__main__":
    main()
