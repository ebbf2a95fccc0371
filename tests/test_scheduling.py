"""How the kernel's blocks and an ensemble's chunks are spread over threads: every block once, the
calling thread working too, a first call alone, an error stopping the helpers, chunks in order."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest

from innovsd.model import ensemble
from innovsd.model.kernel import core
from innovsd.model.simulation import Simulation


def fake_kernel(loaded: bool, fail_at: int | None = None, pause: float = 0.002):
    """A stand-in for a compiled ``run_blocks``: records which thread ran which blocks, and when."""
    calls: list[tuple[int, int, int]] = []

    def run_blocks(start: int, stop: int, *arguments) -> None:
        if fail_at is not None and start <= fail_at < stop:
            raise RuntimeError("failed block")
        calls.append((start, stop, threading.get_ident()))
        time.sleep(pause)  # long enough for a helper to take chunks too

    run_blocks.signatures = ["loaded"] if loaded else []
    return run_blocks, calls


@pytest.fixture
def two_threads(monkeypatch):
    monkeypatch.setattr(core, "_threads", lambda: 2)


@pytest.mark.parametrize("loaded", [True, False])
def test_every_block_runs_once_and_the_caller_works_too(two_threads, loaded):
    run_blocks, calls = fake_kernel(loaded)
    core._run_blocks(run_blocks, 100, (), True)
    blocks = sorted(b for start, stop, _ in calls for b in range(start, stop))
    assert blocks == list(range(100))
    assert threading.get_ident() in {thread for *_, thread in calls}
    assert len({thread for *_, thread in calls}) == 2
    if not loaded:  # the first call (it loads the machine code) runs here before any helper starts
        assert calls[0][:2] == (0, 100 // 16) and calls[0][2] == threading.get_ident()


def test_few_members_run_on_the_calling_thread_alone(two_threads):
    run_blocks, calls = fake_kernel(True)
    core._run_blocks(run_blocks, 3, (), False)
    assert [(start, stop) for start, stop, _ in calls] == [(0, 3)]
    assert calls[0][2] == threading.get_ident()


def test_an_error_in_a_block_stops_the_other_thread(two_threads):
    run_blocks, calls = fake_kernel(True, fail_at=40, pause=0.02)
    with pytest.raises(RuntimeError, match="failed block"):
        core._run_blocks(run_blocks, 400, (), True)
    time.sleep(0.1)  # the other thread finishes the chunk it holds, and takes no other
    assert len(calls) < 16 - 1  # of 16 chunks, one failed and the rest would take 0.3 s


class RecordingEngine:
    """Stands in for Engine.run: each member's output is its own value; records concurrent calls."""

    def __init__(self):
        self.running, self.most = 0, 0
        self.lock = threading.Lock()
        self.threads: set[int] = set()

    def run(self, params, paths, outputs, *, save_years=None, final_time=None) -> Simulation:
        with self.lock:
            self.running += 1
            self.most = max(self.most, self.running)
            self.threads.add(threading.get_ident())
        time.sleep(0.01)
        with self.lock:
            self.running -= 1
        x = np.asarray(params["x"], dtype=float)
        return Simulation(np.array([2013.0, 2014.0]), {"y": np.column_stack([x, 2 * x])}, 1.0)


def test_chunks_come_back_in_order_with_two_in_flight():
    engine = RecordingEngine()
    done = []
    x = np.arange(95.0)
    sim = ensemble.run_ensemble(engine, {"x": x}, outputs=["y"], chunk_size=10, progress=done.append)
    assert np.array_equal(sim.values["y"][:, 0], x) and np.array_equal(sim.values["y"][:, 1], 2 * x)
    assert sum(done) == 95 and len(done) == 10
    assert engine.most == ensemble.IN_FLIGHT  # the kernel always has the next chunk queued
    assert threading.get_ident() in engine.threads  # the first chunk (a first call loads the kernel) runs here


def test_an_error_in_a_chunk_is_raised_here():
    engine = RecordingEngine()
    with pytest.raises(Exception, match="ensemble arrays differ"):
        ensemble.run_ensemble(engine, {"x": np.arange(5.0), "z": np.arange(6.0)}, outputs=["y"])

    class Failing(RecordingEngine):
        def run(self, params, *args, **kwargs):
            if params["x"][0] >= 30:
                raise ValueError("chunk failed")
            return super().run(params, *args, **kwargs)

    with pytest.raises(ValueError, match="chunk failed"):
        ensemble.run_ensemble(Failing(), {"x": np.arange(95.0)}, outputs=["y"], chunk_size=10)
