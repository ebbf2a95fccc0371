"""Start-up time of the command against `python -c "import numpy"`, measured in the same run.

    .venv/bin/python tests/benchmarks/bench_startup.py [--repeat N]

Prints the median wall time of each and the ratio; the aims are `innovsd --help` ≤ 3× and
`innovsd run --json --no-plot` ≤ 8× the numpy import (the translation cache is warmed first).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def wall(command: list[str], cwd: str) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat
    innovsd = str(BIN / "innovsd")
    with tempfile.TemporaryDirectory() as work:
        os.environ["INNOVSD_OUTPUTS"] = str(Path(work) / "outputs")
        cases = {
            'python -c "import numpy"': [sys.executable, "-c", "import numpy"],
            "innovsd --help": [innovsd, "--help"],
            "innovsd run --json --no-plot": [innovsd, "run", "--json", "--no-plot"],
        }
        wall(cases["innovsd run --json --no-plot"], work)  # warm the translation cache
        times = {name: statistics.median(wall(cmd, work) for _ in range(repeat)) for name, cmd in cases.items()}
    reference = times['python -c "import numpy"']
    aims = {"innovsd --help": 3, "innovsd run --json --no-plot": 8}
    for name, seconds in times.items():
        ratio = seconds / reference
        aim = f"  (aim ≤ {aims[name]}×: {'met' if ratio <= aims[name] else 'NOT met'})" if name in aims else ""
        print(f"{name:32s} {seconds * 1000:7.0f} ms  {ratio:5.1f}×{aim}")


if __name__ == "__main__":
    main()
