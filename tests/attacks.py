"""Running the real `innovsd` command against hostile input, and what every answer must be: its
exit code, at most one line on stderr of at most 300 characters, no traceback, no raw control
character; and no file that was there before (the case's inputs, an earlier output folder) changed.
Cases that need no process of their own run together in one subprocess (``batch``: the model
loads once for all of them); the others through ``innovsd``."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HISTORY = ROOT / "calibration" / "data" / "history.csv"
PRIORS = ROOT / "calibration" / "data" / "priors.csv"
PARAMS = ROOT / "calibration" / "params" / "default.json"
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
NUMBER = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")
EARLIER = "20000101-000000-compare-earlier"  # an earlier output folder every environment starts with
HASHED = 50 * 1024 ** 2  # larger files (a sparse 3 GB one) are compared by size and time

# Runs `innovsd ARGV...` for each argv of its first argument in this one process, after running
# the Python of its second (a fault a case injects); prints each answer, its wall time and the
# process's peak memory so far as JSON.
DRIVER = """
import contextlib, io, json, resource, sys, time
cases = json.loads(sys.argv[1])
exec(sys.argv[2])
from innovsd.cli.app import main
answers = []
for argv in cases:
    sys.argv = ["innovsd", *argv]
    out, err, code = io.StringIO(), io.StringIO(), 0
    started = time.monotonic()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main()
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else 1
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    answers.append({"code": code, "out": out.getvalue(), "err": err.getvalue(), "peak": peak,
                    "seconds": time.monotonic() - started})
sys.stdout.write(json.dumps(answers))
"""


def environment(tmp: Path, **extra: str) -> dict:
    """The user's environment with outputs in ``tmp`` (holding an earlier output folder) and the
    tests' cache (tests/conftest.py)."""
    earlier = tmp / "outputs" / EARLIER
    earlier.mkdir(parents=True, exist_ok=True)
    (earlier / "results.csv").write_text("scenario,variable,year,value\nbaseline,tfp,2030,1.5\n", encoding="utf-8")
    (earlier / "provenance.json").write_text('{"scenarios": {"names": ["baseline"]}}\n', encoding="utf-8")
    env = dict(os.environ, INNOVSD_OUTPUTS=str(tmp / "outputs"), PYTHONIOENCODING="utf-8", **extra)
    env.pop("COLUMNS", None)
    return env


def new_folders(outputs: Path) -> list[Path]:
    """The output folders the commands made (not the earlier one)."""
    return sorted(p for p in outputs.iterdir() if p.name != EARLIER)


def snapshot(env: dict, cwd: Path | None) -> dict[Path, tuple]:
    """Every file below the test's folder (and ``cwd``) as it is: its size and content hash."""
    found = {}
    for top in {Path(env["INNOVSD_OUTPUTS"]).parent, *([Path(cwd)] if cwd else [])}:
        for path in top.rglob("*"):
            if path.is_file() and not path.is_symlink():
                size = path.stat().st_size
                found[path] = (size, path.stat().st_mtime_ns if size > HASHED else
                               hashlib.sha256(path.read_bytes()).hexdigest())
    return found


def unchanged(before: dict[Path, tuple]) -> None:
    changed = [str(p) for p, seen in before.items() if not p.is_file() or (
        p.stat().st_size, p.stat().st_mtime_ns if seen[0] > HASHED else hashlib.sha256(p.read_bytes()).hexdigest())
        != seen]
    assert not changed, f"earlier files changed or removed: {changed[:5]}"


def batch(env: dict, cases: list[list[str]], *, cwd: Path | None = None, inject: str = "",
          timeout: float = 600) -> list[dict]:
    before = snapshot(env, cwd)
    done = subprocess.run([sys.executable, "-c", DRIVER, json.dumps(cases), inject], env=env, cwd=cwd,
                          capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=timeout)
    assert done.returncode == 0, done.stderr[-3000:]
    unchanged(before)
    return json.loads(done.stdout)


def innovsd(env: dict, *args: str, cwd: Path | None = None, timeout: float = 300, **options) -> dict:
    before = snapshot(env, cwd)
    done = subprocess.run([sys.executable, "-m", "innovsd", *args], env=env, cwd=cwd, capture_output=True,
                          text=True, encoding="utf-8", errors="replace", timeout=timeout, **options)
    unchanged(before)
    return {"code": done.returncode, "out": done.stdout, "err": done.stderr}


def _clean(answer: dict) -> None:
    for stream in ("out", "err"):
        assert "Traceback" not in answer[stream] and "Exception ignored" not in answer[stream], answer[stream][-3000:]
        assert not CONTROL.search(answer[stream]), repr(CONTROL.search(answer[stream]))


def said(answer: dict) -> list[str]:
    """The lines on stderr that are not a warning or the one-off notice of the kernel's compiling
    (printed on a first use, which a fresh checkout's tests meet)."""
    from innovsd.present.words import word

    notice = word("compiling the kernel", "en")
    return [line for line in answer["err"].splitlines()
            if line.strip() and not line.startswith("warning:") and line.strip() != notice]


def refused(answer: dict, *mentions: str) -> str:
    """Exit 2 and one clean line of at most 300 characters naming ``mentions``; returns the line."""
    _clean(answer)
    lines = said(answer)
    assert answer["code"] == 2 and len(lines) == 1, (answer["code"], answer["err"][-3000:])
    assert len(lines[0]) <= 300, len(lines[0])
    for text in mentions:
        assert text in lines[0], (text, lines[0])
    return lines[0]


def accepted(answer: dict) -> None:
    _clean(answer)
    errors = said(answer)
    assert answer["code"] == 0 and not errors, (answer["code"], answer["err"][-3000:])


def scenario(folder: Path, name: str, title: str = '{en: "T", vi: "T"}', description: str = '{en: "d"}',
             extra: str = "", extends: str | None = "baseline") -> Path:
    """A scenario file (YAML: ``title`` and ``description`` as written, escapes and all)."""
    text = f"title: {title}\ndescription: {description}\nsource: s\n"
    text += f"extends: {extends}\n" if extends else ""
    path = folder / f"{name}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + extra, encoding="utf-8")
    return path


def parameter_set(folder: Path, name: str, change) -> Path:
    """The shipped parameter set as ``change`` (a function of its data) leaves it."""
    data = json.loads(PARAMS.read_text(encoding="utf-8"))
    change(data)
    path = folder / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def formula_cells(folder: Path) -> list[str]:
    """Every cell of the CSV files and workbooks below ``folder`` that a spreadsheet would run."""
    from openpyxl import load_workbook

    found = []
    for path in folder.rglob("*.csv"):
        for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))):
            found += [f"{path.name}: {c}" for c in row if c[:1] in ("=", "+", "-", "@") and not NUMBER.fullmatch(c)]
    for path in folder.rglob("*.xlsx"):
        for sheet in load_workbook(path).worksheets:
            for row in sheet.iter_rows():
                found += [f"{path.name}!{sheet.title}!{c.coordinate}" for c in row if c.data_type == "f" or (
                    isinstance(c.value, str) and c.value[:1] in ("=", "+", "-", "@") and not NUMBER.fullmatch(c.value))]
    return found
