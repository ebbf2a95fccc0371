"""Where `innovsd --quiet sensitivity` (Sobol, N = 1024) spends its wall time: the command run in this
process (kernel cached), each phase's start, wall and CPU of this process, then the figure workers' CPU
and the machine's load (a script, not a test).

    .venv/bin/python tests/benchmarks/bench_sensitivity_phases.py [-- ARGS of sensitivity]

Both cores are busy during the runs (the kernel's threads) and during the files (the figure workers):
the other phases run on one core, and are where a second of wall time is most often found.
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time

START = time.perf_counter()


def cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_SELF)
    return used.ru_utime + used.ru_stime


marks: list[tuple[str, float, float]] = [("start", 0.0, cpu())]


def mark(what: str) -> None:
    marks.append((what, time.perf_counter() - START, cpu()))


def timed(owner, name: str, label: str) -> None:
    """Marks the end of each call of ``owner.name``, as ``label``."""
    original = getattr(owner, name)

    def wrapper(*args, **kwargs):
        mark(f"before {label}")
        try:
            return original(*args, **kwargs)
        finally:
            mark(label)

    setattr(owner, name, wrapper)


def main() -> None:
    from innovsd.cli.app import main as cli

    mark("CLI imported")
    import innovsd
    from innovsd.present import analysis as present
    from innovsd.scenarios import sensitivity as sa

    timed(sa, "sample", "design (Sobol' points)")
    timed(sa.EnsembleModel, "__call__", "runs (kernel)")
    timed(sa, "analyse", "analysis (SALib)")
    timed(present, "write_sensitivity", "files and figures")
    timed(innovsd, "sensitivity_runs", "runs counted")
    with tempfile.TemporaryDirectory() as work:
        os.environ["INNOVSD_OUTPUTS"] = os.path.join(work, "outputs")
        sys.argv = ["innovsd", "--quiet", "sensitivity", *sys.argv[1:]]
        try:
            cli()
        except SystemExit as done:
            if done.code:
                raise
    mark("end")
    last_wall, last_cpu = 0.0, marks[0][2]
    for label, wall, used in marks[1:]:
        if not label.startswith("before "):
            print(f"{label:26} ends at {wall:5.2f} s   {wall - last_wall:5.2f} s wall {used - last_cpu:5.2f} s CPU")
        last_wall, last_cpu = wall, used
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"{'figure workers':26} {workers.ru_utime + workers.ru_stime:5.2f} s CPU")
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
