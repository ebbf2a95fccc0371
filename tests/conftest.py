"""Shared fixtures: one model per test session, outputs in a temporary folder, the CLI in-process.

The whole session, and every command a test starts in a subprocess, writes its caches and outputs
into temporary folders: never into the user's cache folder or the repository's outputs/. The
session fails if either changed while it ran (``pytest_sessionfinish``)."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

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
    # Under pytest-xdist only the controller does it, before its workers start.
    if hasattr(session.config, "workerinput"):
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


@pytest.fixture(scope="session")
def explored(tmp_path_factory):
    """One `innovsd explore baseline st-budget-3pct` in a subprocess (about 90 s of CPU), shared by
    the tests that read its page and its memory: exit code, stdout, stderr, outputs folder and the
    command's peak resident memory. The first worker to ask runs it; another waits for its answer
    (pytest 9.2 drops xdist_group, pytest-xdist#1386, so the two tests may land on two workers)."""
    shared = tmp_path_factory.getbasetemp()
    shared = shared.parent if os.environ.get("PYTEST_XDIST_WORKER") else shared
    answer, outputs = shared / "explored.json", shared / "explored" / "outputs"
    try:
        os.close(os.open(shared / "explored.lock", os.O_CREAT | os.O_EXCL))
    except FileExistsError:
        waited = time.monotonic()
        while not answer.exists() and time.monotonic() - waited < 900:
            time.sleep(1)
    else:
        # The wrapper's only child is the command, so RUSAGE_CHILDREN's peak is the command's own.
        wrapper = ("import resource, subprocess, sys; code = subprocess.run(sys.argv[1:]).returncode; "
                   "print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024)")
        command = [str(Path(sys.executable).parent / "innovsd"), "explore", "baseline", "st-budget-3pct"]
        done = subprocess.run([sys.executable, "-c", wrapper, *command], capture_output=True, text=True, cwd=ROOT,
                              timeout=900, env={"PATH": "/usr/bin:/bin", "INNOVSD_CACHE": os.environ["INNOVSD_CACHE"],
                                                "INNOVSD_OUTPUTS": str(outputs), "COLUMNS": "200"})
        code, peak = done.stdout.split()[-2:]
        written = shared / "explored.json.part"
        written.write_text(json.dumps({"code": int(code), "peak": int(peak), "stdout": done.stdout,
                                       "stderr": done.stderr}), encoding="utf-8")
        os.replace(written, answer)
    return SimpleNamespace(**json.loads(answer.read_text(encoding="utf-8")), outputs=outputs)


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
