"""Shared fixtures: one model per test session, outputs in a temporary folder, the CLI in-process.

The whole session, and every command a test starts in a subprocess, writes its caches and outputs
into temporary folders: never into the user's cache folder or the repository's outputs/. The
session fails if either changed while it ran (``pytest_sessionfinish``)."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

# A suite started in the background (bash without job control) ignores Ctrl-C, and every command a
# test starts would inherit that: give them the default a terminal gives, or the interrupt tests
# would test nothing.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

ROOT = Path(__file__).resolve().parents[1]


def _user_cache() -> Path:
    """The cache folder innovsd would use for this user outside the tests (a pytest-xdist worker
    inherits the controller's test cache in INNOVSD_CACHE, and the user's in INNOVSD_USER_CACHE)."""
    if os.environ.get("INNOVSD_USER_CACHE"):
        return Path(os.environ["INNOVSD_USER_CACHE"])
    if os.environ.get("INNOVSD_CACHE"):
        return Path(os.environ["INNOVSD_CACHE"])
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("innovsd", appauthor=False))


def _test_cache() -> Path:
    """The tests' own cache, one per checkout (its path's hash in the name), kept between sessions
    so the kernel is compiled once per checkout rather than once per session."""
    checkout = hashlib.sha256(str(ROOT).encode()).hexdigest()[:12]
    user = os.getuid() if hasattr(os, "getuid") else os.environ.get("USERNAME", "user")
    return Path(tempfile.gettempdir()) / f"innovsd-test-cache-{user}-{checkout}"


def _snapshot(folder: Path) -> dict[str, tuple[int, int]] | None:
    """Every file below ``folder`` with its size and modification time (None: no folder)."""
    if not folder.is_dir():
        return None
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in folder.rglob("*") if p.is_file()}


STARTED = time.monotonic()

# Set when this file is imported, before any test module imports innovsd or starts a subprocess.
GUARDED = {"user cache": _user_cache(), "repository outputs": ROOT / "outputs"}
BEFORE = {name: _snapshot(folder) for name, folder in GUARDED.items()}
SESSION_FOLDER = Path(tempfile.mkdtemp(prefix="innovsd-tests-"))
os.environ["INNOVSD_USER_CACHE"] = str(GUARDED["user cache"])
os.environ["INNOVSD_CACHE"] = str(_test_cache())
os.environ["INNOVSD_OUTPUTS"] = str(SESSION_FOLDER / "outputs")


def pytest_sessionstart(session):
    # The kernel compiled into the tests' cache before any test starts a command in a subprocess: a
    # fresh checkout compiles it here once, and a command's timing in a test never includes it.
    # Under pytest-xdist only the controller does it, before its workers start; --collect-only runs nothing.
    if hasattr(session.config, "workerinput") or session.config.option.collectonly:
        return
    import innovsd

    innovsd.compare(["baseline"])


def _cpu_seconds() -> float:
    """CPU of this process and of every subprocess it waited for."""
    used = os.times()
    return used.user + used.system + used.children_user + used.children_system


WORKERS_CPU: list[float] = []  # what each pytest-xdist worker reported when it finished


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    WORKERS_CPU.append(getattr(node, "workeroutput", {}).get("cpu", 0.0))


def pytest_terminal_summary(terminalreporter):
    # CI's budget is CPU as much as wall: the controller's own, plus every worker's with its
    # subprocesses (the workers, reaped by now, are the controller's only children).
    own = os.times()
    cpu = own.user + own.system + sum(WORKERS_CPU) if WORKERS_CPU else _cpu_seconds()
    terminalreporter.write_line(f"suite: wall {time.monotonic() - STARTED:.0f} s, CPU {cpu:.0f} s")


def pytest_sessionfinish(session, exitstatus):
    for process in EXPLORING:  # another worker may still be reading it: let it finish unless interrupted
        if exitstatus == pytest.ExitCode.INTERRUPTED:
            process.kill()
        process.wait()
    if hasattr(session.config, "workeroutput"):
        session.config.workeroutput["cpu"] = _cpu_seconds()
    changed = [f"{name} ({GUARDED[name]})" for name, before in BEFORE.items() if _snapshot(GUARDED[name]) != before]
    if changed:
        writer = session.config.get_terminal_writer()
        writer.line()
        writer.line(f"the tests changed {', '.join(changed)}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(scope="session")
def engine():
    from innovsd.model.engine import shared_engine

    return shared_engine()


@pytest.fixture(scope="session")
def table():
    from innovsd.model.parameters import ParameterTable

    return ParameterTable()


@pytest.fixture(autouse=True)
def outputs_dir(tmp_path, monkeypatch):
    folder = tmp_path / "outputs"
    monkeypatch.setenv("INNOVSD_OUTPUTS", str(folder))
    return folder


@pytest.fixture
def bare_env():
    """The environment of a fresh shell (PATH only) but with the tests' cache: a command started
    with it never reaches the user's cache."""
    return {"PATH": "/usr/bin:/bin", "INNOVSD_CACHE": os.environ["INNOVSD_CACHE"]}


EXPLORE = ["explore", "baseline", "st-budget-3pct"]
# Runs the command given after the answer file's path and writes its exit code, output and peak
# memory there (the wrapper's only child is the command, so RUSAGE_CHILDREN's peak is the command's).
EXPLORE_WRAPPER = """import json, os, resource, subprocess, sys
done = subprocess.run(sys.argv[2:], capture_output=True, text=True)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
answer = {"code": done.returncode, "peak": peak, "stdout": done.stdout, "stderr": done.stderr}
with open(sys.argv[1] + ".part", "w", encoding="utf-8") as handle:
    json.dump(answer, handle)
os.replace(sys.argv[1] + ".part", sys.argv[1])
"""
EXPLORING: list[subprocess.Popen] = []  # the explore this process started, if it did


def _explore_folder(config) -> Path:
    """A folder every pytest-xdist worker of this session shares (the parent of their own ones)."""
    base = config._tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def _start_explore(config) -> None:
    """`innovsd explore baseline st-budget-3pct` in the background, once per session (the first
    process to get here starts it): it runs beside the other tests instead of a worker waiting."""
    shared = _explore_folder(config)
    try:
        os.close(os.open(shared / "explored.lock", os.O_CREAT | os.O_EXCL))
    except FileExistsError:
        return
    command = [str(Path(sys.executable).parent / "innovsd"), *EXPLORE]
    EXPLORING.append(subprocess.Popen(
        [sys.executable, "-c", EXPLORE_WRAPPER, str(shared / "explored.json"), *command],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={"PATH": "/usr/bin:/bin", "INNOVSD_CACHE": os.environ["INNOVSD_CACHE"],
             "INNOVSD_OUTPUTS": str(shared / "explored" / "outputs"), "COLUMNS": "200"}))


# The slowest tests, with their seconds in a full run under load. pytest-xdist's worksteal hands each
# worker one half of the list in order, and a worker that runs out takes from the end of the other's:
# these lead the two halves, shared out so both halves start with about as many seconds and the
# suite ends on short tests. The tests that read the background explore come last.
HEAVY = {
    "test_readme.py::test_readme_python_blocks_run": 320,
    "test_readme.py::test_command_examples_run[./run compare]": 120,
    "test_kernel_expressions.py::test_random_expressions_agree_with_pysd": 60,
    "test_export.py::test_exported_mdl_runs_in_pysd": 60,
    "test_kernel.py::test_kernel_equals_the_numpy_path_on_a_time_path": 45,
    "test_display_names.py::test_figures_show_scenario_names": 35,
    "test_kernel.py::test_kernel_equals_plain_pysd_run": 30,
    "test_kernel.py::test_plain_python_kernel_equals_pysd_and_the_compiled_kernel": 25,
    "test_calibration.py::test_two_seeds_give_the_same_backtest_to_2022": 15,
    "test_executors.py::test_compare_seek_and_explore_on_a_process_pool": 15,
    "test_executors.py::test_sobol_on_a_local_dask_cluster": 15,
    "test_calibration.py::test_two_seeds_give_the_same_backtest_to_2020": 12,
}


def _seconds(item) -> int | None:
    return next((seconds for part, seconds in HEAVY.items() if part in item.nodeid), None)


def pytest_collection_modifyitems(config, items):
    heavy = sorted((i for i in items if _seconds(i) is not None), key=_seconds, reverse=True)
    last = [i for i in items if "explored" in getattr(i, "fixturenames", ())]
    rest = [i for i in items if _seconds(i) is None and i not in last]
    first, second = [], []
    for item in heavy:  # each to the half with fewer seconds so far
        (first if sum(map(_seconds, first)) <= sum(map(_seconds, second)) else second).append(item)
    split = max(len(items) // 2 - len(first), 0)
    items[:] = first + rest[:split] + second + rest[split:] + last
    if last and not config.option.collectonly:
        _start_explore(config)


@pytest.fixture(scope="session")
def explored(pytestconfig):
    """The background `innovsd explore baseline st-budget-3pct` (about 90 s of CPU, started when the
    tests were collected), shared by the tests that read its page and its memory: exit code, stdout,
    stderr, outputs folder and the command's peak resident memory."""
    shared = _explore_folder(pytestconfig)
    answer, waited = shared / "explored.json", time.monotonic()
    while not answer.exists() and time.monotonic() - waited < 900 and not any(p.poll() is not None for p in EXPLORING):
        time.sleep(1)
    return SimpleNamespace(**json.loads(answer.read_text(encoding="utf-8")), outputs=shared / "explored" / "outputs")


@pytest.fixture
def cli(monkeypatch, capsys):
    """Run `innovsd ARGS...` in this process; return (exit code, stdout, stderr)."""
    from innovsd.cli.app import main

    def invoke(*args: str):
        monkeypatch.setattr(sys, "argv", ["innovsd", *args])
        code = 0
        try:
            main()
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else 1
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return invoke
