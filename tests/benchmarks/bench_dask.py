"""10⁷ member-runs in this process and on a local Dask cluster, timed in the same run (a script, not a
test; needs the extra innovsd[dask]).

    .venv/bin/python tests/benchmarks/bench_dask.py [--runs N] [--workers W]

A Monte Carlo of the baseline: every uncertain parameter of model/parameters.csv drawn uniformly
over its range, the TFP contribution to GRDP growth in 2030 kept. The members are cut into chunks
of whole kernel blocks (``innovsd.model.chunks.chunk_size``); each chunk draws its own members
from its seed where it runs, so only seeds go out and one number per member comes back, and both
runs compute the same members: the script checks that their results are identical.
"""

from __future__ import annotations

import argparse
import logging
import os
import resource
import time
import warnings

import numpy as np

OUTPUT = "TFP contribution to GRDP growth"
YEAR = 2030
SEED = 2026


def chunk(start: int, size: int) -> np.ndarray:
    """Members ``start`` .. ``start + size`` of the Monte Carlo: their draws, run, their output."""
    from innovsd.model.engine import shared_engine
    from innovsd.model.parameters import ParameterTable
    from innovsd.scenarios.sensitivity import factors

    warnings.simplefilter("ignore")
    rng = np.random.default_rng([SEED, start])
    draws = {f.name: rng.uniform(f.low, f.high, size) for f in factors(ParameterTable())}
    with np.errstate(all="ignore"):
        return shared_engine().run(draws, outputs=[OUTPUT], save_years=[YEAR])[OUTPUT][:, 0]


def cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(run, runs: int, label: str) -> np.ndarray:
    start, cpu = time.perf_counter(), cpu_seconds()
    out = run()
    wall = time.perf_counter() - start
    print(f"  {label}: {wall:,.1f} s wall, {wall / runs * 1e6:.1f} µs per member-run"
          + (f", {cpu_seconds() - cpu:,.1f} s CPU in this process" if "process" in label else ""), flush=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10_000_000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    from distributed import Client, LocalCluster

    from innovsd.model.chunks import chunk_size

    with LocalCluster(n_workers=args.workers, threads_per_worker=1, dashboard_address=None,
                      silence_logs=logging.ERROR, env={"NUMBA_NUM_THREADS": "1"}) as cluster, Client(cluster) as client:
        executor = client.get_executor()
        size = chunk_size(args.runs, executor)
        starts = range(0, args.runs, size)
        print(f"{args.runs:,} member-runs of the baseline Monte Carlo in {len(starts):,} chunks of up to {size:,} "
              f"members; {args.workers} Dask workers of one thread; this machine has {os.cpu_count()} cores")
        chunk(0, 64)  # load (or compile) the kernel here before timing
        client.run(chunk, 0, 64)  # and on every worker

        def here():
            return np.concatenate([chunk(s, min(size, args.runs - s)) for s in starts])

        def there():
            futures = [executor.submit(chunk, s, min(size, args.runs - s)) for s in starts]
            return np.concatenate([f.result() for f in futures])

        local = timed(here, args.runs, "in this process (kernel on all its threads)")
        spread = timed(there, args.runs, f"on the local Dask cluster ({args.workers} workers)")
    same = np.array_equal(local, spread, equal_nan=True)
    print(f"  the same {args.runs:,} results in both: {same}")


if __name__ == "__main__":
    main()
