"""Benchmark: calibration time, batched vs one-by-one population evaluation, plain pysd run.

Run: .venv/bin/python tests/benchmarks/bench_calibration.py [--full]
(--full also times the whole default calibration with its MCMC posterior).
"""

import sys
import time
import warnings

import numpy as np

from innovsd.calibration import calibrate as calib
from innovsd.calibration.history import HISTORY_FILE, load_history, load_output_priors
from innovsd.calibration.payoff import Problem
from innovsd.model.engine import MODEL_FILE, shared_engine, translate
from innovsd.model.parameters import ParameterTable


def timed(function, repeat=3):
    best = np.inf
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def main():
    engine = shared_engine()
    problem = Problem(engine, load_history(HISTORY_FILE, engine), ParameterTable().calibrated(), load_output_priors(None, engine))
    k = len(problem.names)
    population = calib.Settings().popsize * k
    theta = problem.to_theta(np.random.default_rng(0).uniform(size=(population, k)))

    batched = timed(lambda: problem.payoff(theta))
    single = timed(lambda: [problem.payoff(theta[i : i + 1]) for i in range(population)], repeat=1)
    import pysd

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        plain = pysd.load(str(translate(MODEL_FILE)))
        pysd_run = timed(lambda: plain.run(progress=False))
    print(f"parameters calibrated: {k}; population per DE generation: {population}")
    print(f"population payoff, batched (one engine run): {batched * 1e3:.1f} ms")
    print(f"population payoff, one by one:              {single * 1e3:.1f} ms  (ratio {single / batched:.0f}x)")
    print(f"plain pysd model.run() (one member, 2013-2035): {pysd_run * 1e3:.1f} ms")
    print(f"one engine member vs pysd run: {single / population * 1e3:.1f} ms vs {pysd_run * 1e3:.1f} ms")

    settings = calib.Settings() if "--full" in sys.argv else calib.Settings(steps=0)
    start = time.perf_counter()
    result = calib.calibrate(problem, settings)
    total = time.perf_counter() - start
    stages = ", ".join(f"{name} {sec:.1f} s" for name, sec in result.seconds.items())
    print(f"calibration (seed {settings.seed}, {result.generations} generations, {result.evaluations} evaluations): "
          f"{total:.1f} s ({stages}); payoff {result.payoff:.5g}")


if __name__ == "__main__":
    main()
