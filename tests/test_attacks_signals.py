"""Every stop signal ends a command the way Ctrl-C does: one line `interrupted`, exit 128 + the
signal, no process left behind, output folders left `.partial`, a calibration's best set saved or
its claimed file released; and the cache goes nowhere but a private folder of its own."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from attacks import environment, innovsd, new_folders, refused, snapshot, unchanged

posix = pytest.mark.skipif(os.name != "posix", reason="POSIX signals and process groups")


def _start(env, *args, cwd=None):
    # SIGHUP as a terminal leaves it (the tests may run under nohup, which ignores it)
    return subprocess.Popen([sys.executable, "-m", "innovsd", *args], env=env, cwd=cwd, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, encoding="utf-8", errors="replace",
                            start_new_session=True, preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_DFL))


def _wait(condition, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def _group_gone(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return True
    return False


def _stopped(process, sig) -> str:
    _, err = process.communicate(timeout=120)
    assert process.returncode == 128 + sig, (process.returncode, err[-2000:])
    assert "Traceback" not in err and "Exception ignored" not in err, err[-2000:]
    assert err.strip().splitlines()[-1].startswith("interrupted"), err[-2000:]  # calibrate says where
    _wait(lambda: _group_gone(process.pid), 10)  # figure workers die with the command
    return err


@posix
@pytest.mark.slow
def test_sigterm_while_figures_render_ends_every_worker(tmp_path):
    outputs = tmp_path / "outputs"
    env = environment(tmp_path)
    before = snapshot(env, None)
    process = _start(env, "compare", "baseline")
    _wait(lambda: any(outputs.glob("*/*.png")), 300)  # the workers are drawing
    process.send_signal(signal.SIGTERM)
    _stopped(process, signal.SIGTERM)
    unchanged(before)
    (folder,) = new_folders(outputs)
    assert folder.name.endswith(".partial")
    written = {p: p.stat().st_mtime_ns for p in folder.iterdir()}
    time.sleep(1)
    assert {p: p.stat().st_mtime_ns for p in folder.iterdir()} == written  # nobody writes on


@posix
@pytest.mark.slow
@pytest.mark.parametrize("stop", ["SIGTERM", "SIGHUP"])
def test_a_stop_signal_to_calibrate_saves_the_best_set_or_releases_its_file(tmp_path, stop):
    """SIGTERM (a batch system's stop) and SIGHUP (the terminal closed) as Ctrl-C."""
    target = tmp_path / "c.json"
    process = _start(environment(tmp_path), "calibrate", "--out", str(target))
    # Into the search: the claim (.cin) is taken first, the model loads in a second or two, and a
    # quiet machine finishes the whole calibration in a few seconds more.
    _wait(lambda: target.with_suffix(".cin").exists(), 120)
    time.sleep(2)
    process.send_signal(getattr(signal, stop))
    _stopped(process, getattr(signal, stop))
    cin = target.with_suffix(".cin")
    if target.exists():  # the best set so far, marked, with its .cin
        assert json.loads(target.read_text(encoding="utf-8"))["provenance"]["interrupted"] is True
        assert cin.stat().st_size > 0
    else:  # stopped before anything was evaluated: the claim is released
        assert not cin.exists()
    assert all(folder.name.endswith(".partial") for folder in new_folders(tmp_path / "outputs"))


# Drives the ensemble pilot with a density that is interrupted on its third call.
PILOT = """
import numpy as np
from innovsd.calibration import sampler
from innovsd.calibration.calibrate import Settings

calls = []
def density(x):
    calls.append(1)
    if len(calls) == 3:
        raise KeyboardInterrupt
    return -np.sum((x - 0.5) ** 2, axis=1)

try:
    sampler._pilot(density, np.full(3, 0.5), Settings().tuning(), np.random.default_rng(1), (np.zeros(3), np.ones(3)), None)
except KeyboardInterrupt:
    print("stopped after", len(calls))
"""

# A stop signal while objects are half built (numba's compiler): their finalizers' errors are not printed.
TEARDOWN = """
import os, signal, time
from innovsd.cli.failures import catch_signals

class Settings:
    interrupted = 0

class HalfBuilt:
    def __del__(self):
        raise ReferenceError("underlying object has vanished")

catch_signals(Settings)
try:
    held = HalfBuilt()
    os.kill(os.getpid(), signal.SIGINT)
    time.sleep(5)
except KeyboardInterrupt:
    del held
print("signal", Settings.interrupted)
"""


@pytest.mark.slow
def test_an_interrupt_inside_emcee_or_a_compile_prints_nothing_of_theirs(tmp_path):
    pilot = subprocess.run([sys.executable, "-c", PILOT], capture_output=True, text=True, timeout=300)
    assert pilot.stdout.strip() == "stopped after 3", pilot.stdout[-2000:]  # emcee printed nothing
    assert pilot.stderr.strip() == "", pilot.stderr[-2000:]
    teardown = subprocess.run([sys.executable, "-c", TEARDOWN], capture_output=True, text=True, timeout=60)
    assert teardown.stdout.strip() == f"signal {int(signal.SIGINT)}" and teardown.stderr == "", teardown.stderr


@posix
@pytest.mark.slow
def test_the_cache_refuses_a_link_and_a_folder_that_is_not_its_own(tmp_path):
    system = tmp_path / "system"
    system.mkdir()
    (system / "passwd").write_text("root:x:0:0\n", encoding="utf-8")
    os.symlink(system, tmp_path / "link")
    linked = innovsd(environment(tmp_path, INNOVSD_CACHE=str(tmp_path / "link")), "run", "--no-plot")
    foreign = innovsd(environment(tmp_path, INNOVSD_CACHE=str(system)), "run", "--no-plot")
    refused(linked, "symbolic link")
    refused(foreign, "did not write")
    assert sorted(p.name for p in system.iterdir()) == ["passwd"]
