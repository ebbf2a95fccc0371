"""Model load and single-run times: innovsd's runner against plain pysd, same process.

Run: .venv/bin/python tests/benchmarks/bench_model.py
"""

from __future__ import annotations

import os
import platform
import statistics
import time

import pysd

from innovsd.model.engine import MODEL_FILE, Engine, translate


def timed(function, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    start = time.perf_counter()
    py_file = translate(MODEL_FILE)
    print(f"translation (cached after the first time): {time.perf_counter() - start:.3f} s")
    print(f"pysd.read_vensim (fresh translation):       {timed(lambda: pysd.read_vensim(str(_scratch_copy())), 1):.3f} s")
    print(f"pysd.load of the translated model:          {timed(lambda: pysd.load(str(py_file)), 3):.3f} s")
    print(f"innovsd Engine() load:                      {timed(Engine, 3):.3f} s")

    plain = pysd.load(str(py_file))
    engine = Engine()
    outputs = ["TFP contribution to GRDP growth", "researcher density", "innovative startups"]
    t_plain = timed(lambda: plain.run(return_columns=outputs), 10)
    t_engine = timed(lambda: engine.run(outputs=outputs), 10)
    t_all = timed(lambda: engine.run(), 10)
    print(f"one run 2013-2035, plain pysd model.run():  {t_plain * 1000:.1f} ms")
    print(f"one run, innovsd Engine.run (3 outputs):    {t_engine * 1000:.1f} ms  (ratio to pysd {t_plain / t_engine:.2f}x)")
    print(f"one run, innovsd Engine.run (all outputs):  {t_all * 1000:.1f} ms")


def _scratch_copy():
    import shutil
    import tempfile
    from pathlib import Path

    folder = Path(tempfile.mkdtemp())
    return Path(shutil.copy(MODEL_FILE, folder / MODEL_FILE.name))


if __name__ == "__main__":
    main()
