"""Benchmark: a whole calibration (global search, polish, MCMC posterior) on the compiled kernel
against the same calibration on the numpy batched path, in one process; population payoffs.

Run: .venv/bin/python tests/benchmarks/bench_calibration.py [--full]

Both calibrations use the same seed and settings; by default the posterior is shortened to
STEPS steps (BURN burn-in) so the numpy side takes minutes, not a quarter of an hour; --full
also times the default calibration (calibrate.Settings) on the kernel, the size `innovsd calibrate` runs.
The CPU may be shared with other work: wall times are pessimistic; run it twice.
"""

import sys
import time
import warnings

import numpy as np

from innovsd.calibration import calibrate as calib
from innovsd.calibration.history import HISTORY_FILE, load_history, load_output_priors
from innovsd.calibration.payoff import Problem
from innovsd.model.engine import Engine
from innovsd.model.parameters import ParameterTable

STEPS, BURN = 400, 150


def problem_on(engine: Engine) -> Problem:
    return Problem(engine, load_history(HISTORY_FILE, engine), ParameterTable().calibrated(),
                   load_output_priors(None, engine))


def timed(function, repeat=3):
    best = np.inf
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def calibration(problem: Problem, settings: calib.Settings):
    start = time.perf_counter()
    result = calib.calibrate(problem, settings)
    return time.perf_counter() - start, result


def describe(label: str, seconds: float, result) -> str:
    stages = ", ".join(f"{name} {sec:.1f} s" for name, sec in result.seconds.items())
    return f"{label:>7}: {seconds:6.1f} s ({stages}); {result.generations} generations, payoff {result.payoff:.6g}"


def main():
    warnings.simplefilter("ignore")
    kernel, numpy_path = problem_on(Engine()), problem_on(Engine(use_kernel=False))
    k = len(kernel.names)
    population = calib.Settings().popsize * k
    theta = kernel.to_theta(np.random.default_rng(0).uniform(size=(population, k)))
    kernel.payoff(theta)  # compile or load the kernel before timing
    print(f"parameters calibrated: {k}; population per DE generation: {population}; MCMC batch: "
          f"{calib.Settings().walkers // 2} walkers")
    for n in (1, calib.Settings().walkers // 2, population):
        fast, slow = timed(lambda: kernel.payoff(theta[:n])), timed(lambda: numpy_path.payoff(theta[:n]))
        print(f"payoff of {n:>3} members: kernel {fast * 1e3:6.1f} ms, numpy path {slow * 1e3:6.1f} ms "
              f"({slow / fast:.0f}x)")

    settings = calib.Settings(steps=STEPS, burn=BURN)
    print(f"calibration, seed {settings.seed}, posterior shortened to {STEPS} steps ({BURN} burn-in):")
    fast, ours = calibration(kernel, settings)
    print(describe("kernel", fast, ours))
    slow, theirs = calibration(numpy_path, settings)
    print(describe("numpy", slow, theirs))
    same_fit = np.max(np.abs(ours.theta - theirs.theta) / np.abs(theirs.theta))
    same_draws = np.max(np.abs(ours.ensemble - theirs.ensemble) / np.abs(theirs.ensemble))
    print(f"largest relative difference kernel vs numpy: fitted values {same_fit:.1e}, posterior draws {same_draws:.1e}")
    print(f"calibration speed-up (kernel vs numpy path): {slow / fast:.1f}\u00d7")
    if "--full" in sys.argv:
        seconds, result = calibration(kernel, calib.Settings())
        print(describe("full", seconds, result) + f"  (default settings: {calib.Settings().steps} MCMC steps, kernel)")


if __name__ == "__main__":
    main()
