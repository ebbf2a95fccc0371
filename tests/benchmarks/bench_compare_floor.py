"""What `innovsd compare` cannot do without, in CPU seconds: the parts every run of it needs, each
measured in a fresh process, against the aim of issue 22 (≤ 6 s of CPU with all shipped scenarios and
the default figures). A script, not a test.

    .venv/bin/python tests/benchmarks/bench_compare_floor.py

Printed, each the CPU (user + system) of its own process, kernel cached:
- start: Python, numpy, pandas and the modules compare imports before it runs anything;
- kernel load: numba's start and the cached kernel's machine code (one compiled run of one member);
- the runs: every shipped scenario's central run and its ensemble over the shipped parameter sets to
  the model's final time, at the model's time step (run_comparison alone: no tables, files or figures);
- the figures: one figure worker's start (matplotlib) and the default figures in PNG and PDF;
- why the time step stays: the largest change of any saved value when the time step is halved, at the
  model's step and at twice it (the model's check allows 1 %).
Their sum is a floor: the scorecard, the CSV files and the workbook come on top.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

START = """
import innovsd, innovsd.cli.app, innovsd.scenarios.pipeline, innovsd.present.compare_files
"""
KERNEL_LOAD = START + """
import time
from innovsd.model.ensemble import shared_engine
engine = shared_engine()
engine.use_kernel = True
before = time.process_time()
engine.run(outputs=["TFP contribution to GRDP growth"])
print(time.process_time() - before)
"""
RUNS = START + """
import time
from innovsd.model.ensemble import shared_engine
from innovsd.model.parameters import ParameterTable, load_parameter_set
from innovsd.scenarios.compare import output_variables, run_comparison
from innovsd.scenarios.library import ScenarioLoader, shipped_names
from innovsd.scenarios.targets import load_targets
engine = shared_engine()
table = ParameterTable()
pset = load_parameter_set(None, table)
scenarios = ScenarioLoader(engine, table).load_many(shipped_names())
outputs = output_variables(engine, load_targets())
run_comparison(engine, scenarios[:1], pset, outputs)  # the kernel loaded: not counted
before = time.process_time()
run_comparison(engine, scenarios, pset, outputs)
members = len(next(iter(pset.ensemble_arrays().values())))
print(time.process_time() - before, len(scenarios), members)
"""
FIGURES = """
import tempfile, time
from pathlib import Path
import innovsd
from innovsd.present import compare_files
run = innovsd.prepare_comparison()
before = time.process_time()
import innovsd.present.compare_figures, innovsd.present.compare_levers
warm = time.process_time() - before
before = time.process_time()
with tempfile.TemporaryDirectory() as folder:  # one process, one figure after another
    compare_files.write_figures(run, Path(folder), "en", workers=1, chosen=list(compare_files.DEFAULT_FIGURES))
print(warm, time.process_time() - before)
"""
STEP = """
import numpy as np
from innovsd.model.ensemble import shared_engine
from innovsd.model.parameters import ParameterTable, load_parameter_set
engine = shared_engine()
values = load_parameter_set(None, ParameterTable()).values

def change(step):
    coarse, fine = engine.run(values, time_step=step), engine.run(values, time_step=step / 2)
    return max(float(np.abs(fine[n] - v).max() / max(np.abs(v).max(), 1e-12)) for n, v in coarse.values.items())

print(engine.time_step, change(engine.time_step), change(2 * engine.time_step))
"""


def cpu_of(code: str) -> tuple[float, str]:
    """The CPU seconds of a fresh process running ``code`` (its children's included), and what it printed."""
    wrapped = "import resource\n" + textwrap.dedent(code) + (
        "\nuse = resource.getrusage(resource.RUSAGE_SELF)\n"
        "print('CPU', use.ru_utime + use.ru_stime)\n")
    done = subprocess.run([sys.executable, "-c", wrapped], check=True, capture_output=True, text=True)
    lines = done.stdout.split("\n")
    total = float(next(line for line in lines if line.startswith("CPU")).split()[1])
    return total, "\n".join(line for line in lines if line and not line.startswith("CPU"))


def main() -> None:
    subprocess.run([sys.executable, "-c", KERNEL_LOAD], check=True, capture_output=True)  # compiled and cached
    start, _ = cpu_of(START)
    _, load = cpu_of(KERNEL_LOAD)
    _, runs = cpu_of(RUNS)
    _, figures = cpu_of(FIGURES)
    _, step = cpu_of(STEP)
    load = float(load)
    runs_cpu, scenarios, members = runs.split()
    warm, drawing = map(float, figures.split())
    dt, at_step, at_double = map(float, step.split())
    floor = start + load + float(runs_cpu) + warm + drawing
    print(f"start (Python, numpy, pandas, compare's modules)   {start:5.2f} s CPU")
    print(f"kernel load (numba, cached machine code)           {load:5.2f} s CPU")
    print(f"the runs: {scenarios} scenarios x {members} parameter sets     {float(runs_cpu):5.2f} s CPU")
    print(f"a figure worker's start (matplotlib)               {warm:5.2f} s CPU")
    print(f"the default figures, PNG and PDF                   {drawing:5.2f} s CPU")
    print(f"floor of compare                                   {floor:5.2f} s CPU (aim: 6 s)")
    print(f"halving the time step {dt:g} changes results by {at_step:.2%}; halving {2 * dt:g}: {at_double:.2%} "
          f"(the model's check allows 1 %)")


if __name__ == "__main__":
    main()
