"""The sweeps people wait for, as a user runs them: `innovsd sensitivity` (Sobol, N = 1024) and
`innovsd explore`, each a fresh process with the kernel cached, its wall time and its CPU time (every
thread and child process), the machine's load beside them; and the kernel's µs of CPU per member-run
on one thread, over the whole horizon and stopped at 2030 (a script, not a test).

    .venv/bin/python tests/benchmarks/bench_sweeps.py [--repeat N] [--skip-kernel]

The aims (issue 22): each command ≤ 10 s wall on two quiet cores. Wall time on a shared machine
follows its load; CPU time much less: read both, and the load.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
COMMANDS = {"sensitivity (Sobol, N = 1024)": ["sensitivity"], "explore": ["explore"]}
KERNEL = """
import sys, time
import numpy as np
from innovsd.model.engine import shared_engine
from innovsd.model.parameters import ParameterTable, load_parameter_set
from innovsd.scenarios import sensitivity as sa

engine, table = shared_engine(), ParameterTable()
values = load_parameter_set(None, table)
factor_list = sa.factors(table, posterior=sa.posterior(values))
_, X = sa.sample(factor_list, "mc", 6400, 0)
params = {**values.values, **{f.name: X[:, j] for j, f in enumerate(factor_list)}}
output = ["TFP contribution to GRDP growth"]
engine.run({k: (v[:64] if np.ndim(v) else v) for k, v in params.items()}, outputs=output)  # compiled, loaded
for label, until in (("whole horizon", None), ("stopped at 2030", 2030.0)):
    cpu = []
    for _ in range(3):
        start = time.process_time()
        engine.run(params, outputs=output, final_time=until)
        cpu.append(time.process_time() - start)
    print(f"{label}: {min(cpu) / 6400 * 1e6:.0f}")
"""


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def timed(command: list[str], env: dict) -> tuple[float, float]:
    """Wall and CPU seconds (user + system of the process and its children) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--skip-kernel", action="store_true")
    arguments = parser.parse_args()
    innovsd = str(BIN / "innovsd")
    with tempfile.TemporaryDirectory() as work:
        env = {**os.environ, "INNOVSD_OUTPUTS": str(Path(work) / "outputs")}
        subprocess.run([innovsd, "--quiet", "sensitivity", "--method", "mc", "-n", "64"], check=True, env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # the kernel compiled and cached
        for title, args in COMMANDS.items():
            runs = [timed([innovsd, "--quiet", *args], env) for _ in range(arguments.repeat)]
            wall, cpu = statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)
            print(f"{title:32} {wall:6.1f} s wall {cpu:6.1f} s CPU   (load {load()})")
    if not arguments.skip_kernel:
        done = subprocess.run([sys.executable, "-c", KERNEL], check=True, capture_output=True, text=True,
                              env={**os.environ, "NUMBA_NUM_THREADS": "1"})
        for line in done.stdout.splitlines():
            label, micro = line.split(": ")
            print(f"kernel, one thread, {label:17} {micro:>6} µs CPU per member-run   (load {load()})")


if __name__ == "__main__":
    main()
