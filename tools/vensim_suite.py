"""Run the SDXorg test-models suite through plain pysd and through the engine; print the table.

    .venv/bin/python tools/vensim_suite.py PATH/TO/test-models [--jobs 2] [--only NAME ...] [--details]

Every Vensim model (.mdl) in a folder of ``tests/`` or ``samples/`` that holds Vensim's own output
(``output.csv`` or ``output.tab``) is copied to a scratch folder and run twice: by pysd
(``read_vensim(...).run()``) and by ``Engine(mdl).run()`` with its default outputs (and the values
INITIAL fixes, which Vensim saves too). Each is compared
with Vensim's output column by column, as pysd's own integration tests compare: ``|a - b| <= RTOL
* |b| + ATOL``, constants (which Vensim saves once) compared to their value. A model the kernel
runs is also run compiled and in plain Python, which must give identical numbers.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import sys
import tempfile
import traceback
import warnings
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

RTOL = 1e-3
ATOL = 1e-5  # pysd's integration tests' absolute tolerance
SECONDS_PER_MODEL = 1800  # a large model compiled on a busy machine takes minutes

ROWS = [
    ("models with a canonical output (tests/ and samples/)", lambda r: True),
    ("plain pysd within 1e-3 of Vensim", lambda r: r.pysd == "pass"),
    ("kernel supported, correct", lambda r: r.engine == "kernel" and r.correct),
    ("kernel supported, silently wrong", lambda r: r.engine == "kernel" and not r.correct),
    ("fallback (numpy path), correct", lambda r: r.engine == "fallback" and r.correct),
    ("fallback (numpy path), silently wrong", lambda r: r.engine == "fallback" and not r.correct),
    ("Unsupported (one line naming the construct)", lambda r: r.engine == "unsupported"),
    ("engine error", lambda r: r.engine == "error"),
]


@dataclass
class Outcome:
    model: str
    pysd: str = ""  # pass, fail, error
    engine: str = ""  # kernel, fallback, unsupported, error
    correct: bool = False
    subscripted: bool = False
    twins_identical: bool | None = None  # kernel only: compiled and plain runs bit-identical
    detail: str = ""
    notes: list = field(default_factory=list)


def key(name: str) -> str:
    """Vensim's case-, space- and underscore-insensitive spelling, subscripts kept."""
    name = name.strip().strip('"')
    base, _, subs = name.partition("[")
    base = re.sub(r"[\s_]+", " ", base).strip().lower()
    if not subs:
        return base
    elements = [re.sub(r"[\s_]+", " ", s).strip().strip('"').lower() for s in subs.rstrip("]").split(",")]
    return f"{base}[{','.join(elements)}]"


def canonical_output(folder: Path):
    """Vensim's output as a DataFrame indexed by time, columns by ``key``."""
    from pysd.py_backend.utils import detect_encoding, load_outputs

    for name in ("output.csv", "output.tab"):
        path = folder / name
        if path.is_file():
            frame = load_outputs(path, encoding=detect_encoding(path))
            frame.columns = [key(c) for c in frame.columns]
            return frame.loc[:, ~frame.columns.duplicated()]
    return None


def close(actual: np.ndarray, expected: np.ndarray) -> bool:
    actual, expected = np.asarray(actual, float), np.asarray(expected, float)
    if np.all(np.isnan(expected[1:])) and len(expected) > 1:  # Vensim saves a constant once
        expected = np.full_like(expected, expected[0])
    both_nan = np.isnan(actual) & np.isnan(expected)
    return bool(np.all(both_nan | (np.abs(actual - expected) <= ATOL + RTOL * np.abs(expected))))


def compare(columns: dict[str, np.ndarray], times: np.ndarray, canon) -> tuple[bool, str]:
    """Whether every canonical column the run gives agrees; the first that does not."""
    shared = [c for c in canon.columns if c in columns]
    if not shared:
        return False, "no canonical column among the outputs"
    index = canon.index.to_numpy(float)
    rows = [int(np.argmin(np.abs(times - t))) for t in index]
    if not np.allclose(times[rows], index):
        return False, f"saved times differ: {times[:3]}... vs {index[:3]}..."
    for column in shared:
        if not close(columns[column][rows], canon[column].to_numpy(float)):
            return False, f"{column} differs"
    return True, f"{len(shared)} of {len(canon.columns)} columns"


def pysd_columns(model) -> tuple[dict[str, np.ndarray], np.ndarray]:
    frame = model.run()
    return {key(c): frame[c].to_numpy(float) for c in frame.columns}, frame.index.to_numpy(float)


def outputs(engine) -> list[str]:
    """The engine's default outputs, and the values INITIAL fixes (Vensim saves them too)."""
    return engine.output_names() + [v.name for v in engine.variables.values() if v.kind == "initial"]


def engine_columns(engine, sim) -> dict[str, np.ndarray]:
    """Every output of a one-member run as Vensim names its columns: ``name[a,b]`` per element."""
    columns = {}
    dims = getattr(engine, "dims", {})
    for name, values in sim.values.items():
        values = np.asarray(values)[0]
        if values.ndim == 1:
            columns[key(name)] = values
            continue
        labels = [engine.subscripts[d] for d in dims[name]]
        for index in np.ndindex(*values.shape[1:]):
            element = ",".join(labels[axis][i] for axis, i in enumerate(index))
            columns[key(f"{name}[{element}]")] = values[(slice(None), *index)]
    for name, value in getattr(engine, "constants", {}).items():
        value = np.asarray(value, float)
        if value.ndim == 0:
            columns.setdefault(key(name), np.full(len(sim.times), float(value)))
        else:
            labels = [engine.subscripts[d] for d in dims[name]]
            for index in np.ndindex(*value.shape):
                element = ",".join(labels[axis][i] for axis, i in enumerate(index))
                columns.setdefault(key(f"{name}[{element}]"), np.full(len(sim.times), value[index]))
    return columns


def _first_line(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0][:160] if text else ""


def is_subscripted(mdl: Path) -> bool:
    from pysd.translators.vensim.vensim_file import VensimFile

    try:
        vensim = VensimFile(str(mdl))
        vensim.parse()
        model = vensim.get_abstract_model()
    except Exception:  # noqa: BLE001 (a model pysd cannot parse is reported by the runs)
        return False
    return any(component.subscripts[0] for section in model.sections for element in section.elements
               for component in element.components)


def run_one(mdl: str, twins: str) -> Outcome:
    """Both runs of one model, in a scratch copy of its folder (pysd writes beside the .mdl)."""
    source = Path(mdl)
    outcome = Outcome(model=f"{source.parent.parent.name}/{source.parent.name}/{source.name}")
    signal.signal(signal.SIGALRM, lambda *_: (_ for _ in ()).throw(TimeoutError("timed out")))
    signal.alarm(SECONDS_PER_MODEL)
    warnings.simplefilter("ignore")
    np.seterr(all="ignore")
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / source.parent.name
        shutil.copytree(source.parent, folder)
        canon = canonical_output(folder)
        outcome.subscripted = is_subscripted(folder / source.name)
        pysd_copy = Path(scratch) / "pysd" / source.parent.name
        shutil.copytree(source.parent, pysd_copy)
        try:
            import pysd

            columns, times = pysd_columns(pysd.read_vensim(str(pysd_copy / source.name)))
            passed, why = compare(columns, times, canon)
            outcome.pysd = "pass" if passed else "fail"
            outcome.notes.append(f"pysd: {why}")
        except Exception as error:  # noqa: BLE001 (a suite report records every failure)
            outcome.pysd = "error"
            outcome.notes.append(f"pysd: {type(error).__name__}: {_first_line(error)}")
        try:
            from innovsd.model.engine import Engine
            from innovsd.model.kernel import Unsupported

            try:
                engine = Engine(folder / source.name)
                sim = engine.run(outputs=outputs(engine))
            except Unsupported as error:
                outcome.engine = "unsupported"
                outcome.detail = str(error)
                return outcome
            outcome.engine = "kernel" if engine.kernel is not None else "fallback"
            outcome.correct, why = compare(engine_columns(engine, sim), sim.times, canon)
            outcome.detail = why
            if engine.kernel is not None and (twins == "all" or twins == "subscripted" and outcome.subscripted):
                twin = Engine(folder / source.name, use_kernel=True).run(outputs=outputs(engine))
                outcome.twins_identical = all(
                    np.array_equal(sim.values[k], twin.values[k], equal_nan=True) for k in sim.values)
        except Exception as error:  # noqa: BLE001
            outcome.engine = "error"
            last = traceback.extract_tb(error.__traceback__)[-1]
            outcome.detail = f"{type(error).__name__}: {_first_line(error)} ({Path(last.filename).name}:{last.lineno})"
        finally:
            signal.alarm(0)
    return outcome


def models(root: Path) -> list[Path]:
    found = []
    for group in ("tests", "samples"):
        for folder in sorted((root / group).iterdir()):
            if folder.is_dir() and ((folder / "output.csv").is_file() or (folder / "output.tab").is_file()):
                found += sorted(folder.glob("*.mdl"))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, help="a copy of github.com/SDXorg/test-models")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--only", nargs="*", help="folder names to run")
    parser.add_argument("--details", action="store_true", help="one line per model")
    parser.add_argument("--twins", choices=["all", "subscripted", "none"], default="all",
                        help="models whose kernel also runs compiled, to compare with the plain run")
    args = parser.parse_args(argv)
    found = [m for m in models(args.root) if not args.only or m.parent.name in args.only]
    os.environ.setdefault("INNOVSD_CACHE", tempfile.mkdtemp(prefix="innovsd-suite-"))
    outcomes = []
    with ProcessPoolExecutor(max_workers=args.jobs, max_tasks_per_child=1) as pool:
        futures = [pool.submit(run_one, str(m), args.twins) for m in found]
        for done, future in enumerate(futures, 1):
            try:
                outcome = future.result()
            except Exception as error:  # noqa: BLE001 (a crashed worker is an engine error)
                outcome = Outcome(model=str(found[done - 1]), pysd="error", engine="error", detail=repr(error))
            outcomes.append(outcome)
            print(f"\r{done}/{len(found)} {outcome.model[:60]:<60}", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    if args.details:
        for o in outcomes:
            twins = "" if o.twins_identical is None else (" twins identical" if o.twins_identical else " TWINS DIFFER")
            print(f"{o.model:<75} pysd {o.pysd:<5} engine {o.engine:<11} {'ok' if o.correct else '--'}{twins}  "
                  f"{o.detail}  [{'; '.join(o.notes)}]")
    passed = [o for o in outcomes if o.pysd == "pass"]
    print("\n| | all models | of which pysd passes |\n|---|---|---|")
    for label, test in ROWS:
        print(f"| {label} | {sum(map(test, outcomes))} | {sum(map(test, passed))} |")
    subscripted = [o for o in passed if o.subscripted]
    print(f"| subscripted models pysd passes | {len(subscripted)} | through the kernel, correct: "
          f"{sum(o.engine == 'kernel' and o.correct for o in subscripted)} |")
    compared = [o for o in outcomes if o.twins_identical is not None]
    differ = [o.model for o in compared if not o.twins_identical]
    print(f"| kernel runs compiled too, bit-identical to plain | {len(compared) - len(differ)} of {len(compared)} | "
          f"{', '.join(differ)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
