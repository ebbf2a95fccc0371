"""Wall and CPU time of the planners' commands: `compare` (default figures, every figure, none) and `report`.

    .venv/bin/python tests/benchmarks/bench_compare.py [--only NAME ...] [--repeat N]

Each command runs with every shipped scenario, once to warm the kernel's cache (not timed), then
``--repeat`` times; printed: the median wall time and the CPU time (user + system, the figure
workers' included) against the aims of issue 22: compare ≤ 6 s of CPU and ≤ 5 s wall on two quiet
cores, report ≤ 8 s wall. The machine's load average is printed too: wall times under load are
longer, CPU times barely.
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

INNOVSD = str(Path(sys.executable).parent / "innovsd")
CASES = {
    "compare": (["--quiet", "compare"], {"wall": 5, "cpu": 6}),
    "compare --figures all": (["--quiet", "compare", "--figures", "all"], {}),
    "compare --no-figures": (["--quiet", "compare", "--no-figures"], {}),
    "report": (["--quiet", "report"], {"wall": 8}),
}


def measure(arguments: list[str], cwd: str) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system of the command and every process it started)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([INNOVSD, *arguments], cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", choices=list(CASES), help="these cases only")
    parser.add_argument("--repeat", type=int, default=1)
    options = parser.parse_args()
    chosen = options.only or list(CASES)
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory() as work:
        os.environ["INNOVSD_OUTPUTS"] = str(Path(work) / "outputs")
        measure(["--quiet", "compare", "baseline", "--no-figures"], work)  # the kernel compiled and cached
        for name in chosen:
            arguments, aims = CASES[name]
            runs = [measure(arguments, work) for _ in range(options.repeat)]
            wall, cpu = statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)
            verdicts = [f"{kind} aim ≤ {limit} s: {'met' if value <= limit else 'NOT met'}"
                        for kind, value, limit in (("wall", wall, aims.get("wall")), ("CPU", cpu, aims.get("cpu")))
                        if limit is not None]
            print(f"{name:24s} {wall:6.1f} s wall {cpu:6.1f} s CPU  {'; '.join(verdicts)}", flush=True)
    print(f"load average after:  {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
