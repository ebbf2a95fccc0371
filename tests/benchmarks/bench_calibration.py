"""Benchmark: the default calibration (global search, polish, posterior) on the compiled kernel,
stage by stage, in wall and CPU seconds, with the posterior's effective sample size per parameter
and per CPU-second; then population payoffs and a shortened calibration on the numpy batched path.

Run: .venv/bin/python tests/benchmarks/bench_calibration.py [--repeat N] [--numpy]

CPU seconds count every thread of this process (the kernel runs blocks on both cores). The CPU may
be shared with other work: wall times are pessimistic and CPU times are inflated when it is (the
load average is printed); repeat, and quote the spread.
"""

import os
import sys
import time
import warnings

import numpy as np

from innovsd.calibration import calibrate as calib
from innovsd.calibration import posterior
from innovsd.calibration.history import HISTORY_FILE, load_history, load_output_priors
from innovsd.calibration.payoff import Problem
from innovsd.model.engine import Engine
from innovsd.model.parameters import ParameterTable

SHORT = 30  # posterior steps of the shortened calibration that runs on both paths


def problem_on(engine: Engine) -> Problem:
    return Problem(engine, load_history(HISTORY_FILE, engine), ParameterTable().calibrated(),
                   load_output_priors(None, engine))


def clocked(work):
    wall, cpu = time.perf_counter(), time.process_time()
    out = work()
    return out, time.perf_counter() - wall, time.process_time() - cpu


def best_of(function, repeat=3):
    return min(clocked(function)[1] for _ in range(repeat))


def default_calibration(problem: Problem, settings: calib.Settings) -> dict:
    """Search and polish, then the posterior from the fitted point, each timed."""
    fitted, search_wall, search_cpu = clocked(lambda: calib.calibrate(problem, calib.Settings(
        **{**settings.__dict__, "steps": 0})))
    chain, post_wall, post_cpu = clocked(lambda: posterior.sample(problem, fitted.theta, settings.tuning(),
                                                                  draws=settings.draws, seed=settings.seed))
    return {"fitted": fitted, "chain": chain, "search": (search_wall, search_cpu), "posterior": (post_wall, post_cpu)}


def report(run: dict, names: list[str]) -> str:
    fitted, chain = run["fitted"], run["chain"]
    d = chain.diagnostics()
    ess = chain.effective_samples
    (sw, sc), (pw, pc) = run["search"], run["posterior"]
    lines = [
        f"  search + polish: {sw:5.1f} s wall, {sc:5.1f} s CPU; {fitted.generations} generations, "
        f"{fitted.evaluations:,} runs, payoff {fitted.payoff:.9g}",
        f"  posterior:       {pw:5.1f} s wall, {pc:5.1f} s CPU; {d['chains']} chains x {d['steps']} steps "
        f"(+{d['adaptation_steps']} adapting), {d['evaluations']:,} runs; R-hat <= {d['rhat_max']}",
        f"  effective sample size: min {ess.min():,.0f} (tail {d['tail_effective_sample_size_min']:,}); "
        f"{ess.min() / pc:,.0f} per CPU-second of the posterior, {ess.min() / (sc + pc):,.0f} per CPU-second of "
        f"the whole calibration",
        "  per parameter: " + ", ".join(f"{n} {e:,.0f}" for n, e in zip(names, ess)),
        f"  total {sw + pw:5.1f} s wall, {sc + pc:5.1f} s CPU",
    ]
    return "\n".join(lines)


def main():
    warnings.simplefilter("ignore")
    repeat = int(sys.argv[sys.argv.index("--repeat") + 1]) if "--repeat" in sys.argv else 1
    kernel = problem_on(Engine())
    k = len(kernel.names)
    settings = calib.Settings()
    population = settings.popsize * k
    batch = settings.chains * settings.pool
    theta = kernel.to_theta(np.random.default_rng(0).uniform(size=(population, k)))
    kernel.payoff(theta)  # compile or load the kernel before timing
    print(f"parameters calibrated: {k}; population per DE generation: {population}; posterior batch: {batch} "
          f"({settings.chains} chains x {settings.pool} proposals)")
    for i in range(repeat):
        print(f"default calibration, seed {settings.seed}, run {i + 1} of {repeat} "
              f"(load average {os.getloadavg()[0]:.1f}):")
        print(report(default_calibration(kernel, settings), kernel.names))

    if "--numpy" in sys.argv:
        numpy_path = problem_on(Engine(use_kernel=False))
        for n in (1, batch, population):
            fast, slow = best_of(lambda: kernel.payoff(theta[:n])), best_of(lambda: numpy_path.payoff(theta[:n]))
            print(f"payoff of {n:>3} members: kernel {fast * 1e3:6.1f} ms, numpy path {slow * 1e3:6.1f} ms "
                  f"({slow / fast:.0f}x)")
        short = calib.Settings(steps=SHORT)
        ours, fast, _ = clocked(lambda: calib.calibrate(kernel, short))
        theirs, slow, _ = clocked(lambda: calib.calibrate(numpy_path, short))
        same_fit = np.max(np.abs(ours.theta - theirs.theta) / np.abs(theirs.theta))
        print(f"calibration with {SHORT} posterior steps: kernel {fast:.1f} s, numpy path {slow:.1f} s "
              f"({slow / fast:.1f}x); largest relative difference of the fitted values {same_fit:.1e}")


if __name__ == "__main__":
    main()
