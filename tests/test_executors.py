"""Past one process: every API function that runs ensembles takes ``executor=`` and gives the numbers
of the in-process run; the CLI's --dask runs a Sobol design on a local Dask cluster; chunks are
whole kernel blocks; a missing extra or a bad address is one line and exit 2."""

from __future__ import annotations

import multiprocessing
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pytest

import innovsd
from innovsd.model import chunks
from innovsd.model.parameters import ParameterSet


@pytest.fixture(scope="module")
def pool():
    """Two fresh worker processes (spawned: nothing inherited from this process's threads)."""
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as executor:
        yield executor


DRAWS = 10  # the explorer's grid of 625 combinations × 10 members is still cut into several chunks


@pytest.fixture(scope="module")
def ensemble(tmp_path_factory) -> Path:
    """The shipped values with DRAWS of the shipped draws."""
    from innovsd.model.parameters import ParameterTable, load_parameter_set

    shipped = load_parameter_set(None, ParameterTable())
    draws = {k: v[:DRAWS].tolist() for k, v in shipped.ensemble_arrays().items()}
    path = tmp_path_factory.mktemp("ensemble") / "draws.json"
    ParameterSet(values=dict(shipped.values), provenance={"source": f"{DRAWS} shipped draws"}, ensemble=draws).save(path)
    return path


def test_chunks_are_whole_kernel_blocks():
    from innovsd.model.kernel import LANES

    assert chunks.chunk_size(70_656) == chunks.IN_PROCESS_CHUNK  # in this process: unchanged
    executor = object()  # only its presence matters
    for total in (100, 70_656, 10_000_000):
        size = chunks.chunk_size(total, executor)
        assert size % LANES == 0 and chunks.MIN_BLOCKS * LANES <= size <= chunks.MAX_BLOCKS * LANES
    assert -(-70_656 // chunks.chunk_size(70_656, executor)) >= chunks.SPREAD_CHUNKS


@pytest.mark.slow
def test_sensitivity_on_a_process_pool_equals_in_process(pool, ensemble):
    here = innovsd.sensitivity(method="sobol", n=32, params=ensemble)
    there = innovsd.sensitivity(method="sobol", n=32, params=ensemble, executor=pool)
    assert np.array_equal(here.result.Y, there.result.Y)
    for out, frame in here.indices.items():
        assert frame.equals(there.indices[out])


@pytest.mark.slow
def test_compare_seek_and_explore_on_a_process_pool_equal_in_process(pool, ensemble):
    here = innovsd.prepare_comparison(["baseline", "vc-fund"], params=ensemble)
    there = innovsd.prepare_comparison(["baseline", "vc-fund"], params=ensemble, executor=pool)
    assert here.dataset.identical(there.dataset)
    assert here.scorecard_frame().equals(there.scorecard_frame())

    found = innovsd.seek("researcher-density", lever="talent", probability=0.5, params=ensemble)
    remote = innovsd.seek("researcher-density", lever="talent", probability=0.5, params=ensemble, executor=pool)
    assert found.result.evaluated == remote.result.evaluated and found.result.answer == remote.result.answer

    grid = innovsd.explore(params=ensemble).grid
    spread = innovsd.explore(params=ensemble, executor=pool).grid
    runs = len(grid["combos"]) * grid["members"]
    assert grid["members"] == DRAWS and runs >= 2 * chunks.chunk_size(runs, pool)  # the pool got several chunks
    for name, entry in grid["series"].items():
        for key, values in entry.items():
            assert np.array_equal(values, spread["series"][name][key], equal_nan=True), (name, key)
    for target, score in grid["scores"].items():
        for key, values in score.items():
            assert np.array_equal(values, spread["scores"][target][key], equal_nan=True), (target, key)


@pytest.mark.slow
def test_calibration_batches_on_a_process_pool_equal_in_process(pool, engine, table):
    from innovsd.calibration.history import load_history
    from innovsd.calibration.payoff import Problem

    here = Problem(engine, load_history(None, engine), table.calibrated())
    there = Problem(engine, here.observations, here.parameters, executor=pool)
    theta = here.to_theta(np.random.default_rng(3).random((150, len(here.names))))
    assert np.array_equal(here.payoff(theta), there.payoff(theta))


@pytest.mark.slow
def test_sobol_on_a_local_dask_cluster_gives_the_in_process_indices(cli, tmp_path):
    pytest.importorskip("distributed")
    folders = []  # n=64 over 124 factors: 8,064 runs, four chunks for the two workers
    for extra in (["--dask", "local:2"], []):
        before = set((tmp_path / "outputs").glob("*"))
        code, out, err = cli("--output-dir", str(tmp_path / "outputs"), "sensitivity", "-n", "64", *extra)
        assert code == 0, err
        folders += sorted(set((tmp_path / "outputs").glob("*")) - before)
    dask_run, local_run = folders
    for name in ("indices.csv", "sample.csv.gz", "quantiles.csv"):
        assert (dask_run / name).read_bytes() == (local_run / name).read_bytes(), name


def test_missing_dask_extra_is_one_line(cli, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # what an install without the extra sees
    code, out, err = cli("sensitivity", "-n", "32", "--dask", "local:2")
    assert code == 2 and err.count("\n") == 1 and "Traceback" not in err
    assert "innovsd[dask]" in err and err.startswith("error: --dask")


@pytest.mark.parametrize("address", ["nowhere", "local:0", "local:two", "tcp://host"])
def test_bad_dask_address_is_one_line(cli, address):
    code, out, err = cli("seek", "tfp-contribution", "--dask", address)
    assert code == 2 and err.count("\n") == 1 and "Traceback" not in err
    assert "local[:N]" in err and address in err
