"""Sensitivity pipeline: batched runs equal single runs, known Sobol indices, executors, CLI."""

from __future__ import annotations

import json
import warnings
from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pytest

from innovsd.model.results import ensemble_quantiles
from innovsd.scenarios import sensitivity as sa
from innovsd.model.parameters import ParameterSet
from innovsd.scenarios.targets import load_targets, target_probability

OUTPUTS = ["TFP contribution to GRDP growth", "researcher density", "innovative startups", "patent and utility filings"]


def test_batched_equals_one_by_one(engine, table):
    factor_list = sa.factors(table)
    assert len(factor_list) >= 30
    _, X = sa.sample(factor_list, "mc", 12, seed=3)
    samples = {f.name: X[:, j] for j, f in enumerate(factor_list)}
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        batch = engine.run(samples, outputs=OUTPUTS)
        for i in range(len(X)):
            one = engine.run({k: float(v[i]) for k, v in samples.items()}, outputs=OUTPUTS)
            for out in OUTPUTS:
                np.testing.assert_allclose(batch[out][i], one[out][0], rtol=1e-9)


def ishigami(X):
    return np.sin(X[:, 0]) + 7 * np.sin(X[:, 1]) ** 2 + 0.1 * X[:, 2] ** 4 * np.sin(X[:, 0])


def test_sobol_recovers_ishigami_indices():
    factor_list = [sa.Factor(f"x{i}", -np.pi, np.pi) for i in (1, 2, 3)]
    result = sa.run_analysis(factor_list, ishigami, "sobol", 2048, seed=1)
    frame = result.indices["Y"].loc[["x1", "x2", "x3"]]
    np.testing.assert_allclose(frame["S1"], [0.314, 0.442, 0.0], atol=0.04)
    np.testing.assert_allclose(frame["ST"], [0.558, 0.442, 0.244], atol=0.04)


def test_morris_ranks_ishigami_x3_as_interacting():
    factor_list = [sa.Factor(f"x{i}", -np.pi, np.pi) for i in (1, 2, 3)]
    frame = sa.run_analysis(factor_list, ishigami, "morris", 100, seed=1).indices["Y"]
    # x3 acts only through its interaction with x1: mean effect near 0, spread large.
    assert abs(frame.loc["x3", "mu"]) < 0.5 * frame.loc["x3", "sigma"]
    assert frame.loc["x2", "mu_star"] > 1


def test_posterior_factors_resample_draws_jointly(table):
    draws = {"imitation rate": np.array([0.2, 0.3]), "inflation rate": np.array([0.02, 0.05])}
    factor_list = sa.factors(table, posterior=draws, exclude=["GRDP 2013[HaiPhong]"])
    assert "GRDP 2013[HaiPhong]" not in [f.name for f in factor_list]
    _, X = sa.sample(factor_list, "mc", 200, seed=0)
    names = [f.name for f in factor_list]
    pairs = set(zip(X[:, names.index("imitation rate")], X[:, names.index("inflation rate")]))
    assert pairs == {(0.2, 0.02), (0.3, 0.05)}


@pytest.mark.slow
def test_local_executor_equals_in_process(engine, table):
    factor_list = sa.factors(table)[:6]
    _, X = sa.sample(factor_list, "mc", 30, seed=5)
    samples = {f.name: X[:, j] for j, f in enumerate(factor_list)}
    local = engine.run_ensemble(samples, outputs=OUTPUTS[:1], chunk_size=8)
    with ProcessPoolExecutor(max_workers=2) as pool:
        remote = engine.run_ensemble(samples, outputs=OUTPUTS[:1], chunk_size=8, executor=pool)
    np.testing.assert_array_equal(local[OUTPUTS[0]], remote[OUTPUTS[0]])


def test_runs_stopped_at_a_year_equal_the_full_runs_to_the_bit(engine, table):
    """Sensitivity stops its runs at the analysed year: here and on an executor, in chunks, the years
    it reads are the full-horizon run's exactly."""
    from concurrent.futures import ThreadPoolExecutor

    factor_list = sa.factors(table)[:6]
    _, X = sa.sample(factor_list, "mc", 40, seed=7)
    samples = {f.name: X[:, j] for j, f in enumerate(factor_list)}
    full = engine.run_ensemble(samples, outputs=OUTPUTS, chunk_size=16)
    stopped = engine.run_ensemble(samples, outputs=OUTPUTS, chunk_size=16, final_time=2030)
    with ThreadPoolExecutor(1) as pool:
        remote = engine.run_ensemble(samples, outputs=OUTPUTS, chunk_size=16, final_time=2030, executor=pool)
    assert stopped.times[-1] == 2030 and full.times[-1] == engine.final_time > 2030
    for out in OUTPUTS:
        assert np.array_equal(stopped[out], full[out][:, :len(stopped.times)], equal_nan=True), out
        assert np.array_equal(remote[out], stopped[out], equal_nan=True), out


def test_quantiles_and_target_probability(engine):
    sim = engine.run({"imitation rate": np.linspace(0.1, 0.5, 21)}, outputs=[OUTPUTS[0]])
    bands = ensemble_quantiles(sim, OUTPUTS[0])
    assert list(bands.columns) == ["p5", "p25", "p50", "p75", "p95"]
    assert (bands["p5"] <= bands["p50"]).all() and (bands["p50"] <= bands["p95"]).all()
    target = next(t for t in load_targets() if t.id == "tfp-contribution")
    share = target_probability(sim, target)
    assert share == np.mean(sim.at(OUTPUTS[0], 2030) >= 62)


def test_cli_sensitivity_writes_indices_and_plots(cli, outputs_dir):
    code, out, err = cli("sensitivity", "--method", "morris", "-n", "4", "--lang", "vi")
    assert code == 0, err
    folder = next(outputs_dir.iterdir())
    for name in ("indices.csv", "quantiles.csv", "indices.png", "fan.png", "run.json"):
        assert (folder / name).is_file()


def test_cli_sensitivity_posterior(cli, outputs_dir, tmp_path, table):
    path = tmp_path / "set.json"
    ParameterSet({}, {"source": "test"}, {"imitation rate": [0.2, 0.25, 0.3]}).save(path)
    code, out, err = cli("sensitivity", "--method", "mc", "-n", "50", "--params", str(path))
    assert code == 0, err
    assert '"posterior"' in (next(outputs_dir.iterdir()) / "run.json").read_text()


@pytest.mark.parametrize("args, field", [
    (["-n", "0"], "-n"), (["--method", "fast"], "--method"), (["--output", "no such var"], "--output"),
])
def test_cli_sensitivity_bad_input(cli, outputs_dir, args, field):
    code, out, err = cli("sensitivity", *args)
    assert code == 2
    assert err.count("\n") == 1 and field in err and "Traceback" not in err
    assert not outputs_dir.exists() or not any(outputs_dir.iterdir())


def test_calibrated_parameters_come_from_the_shipped_posterior_unless_ranges(cli, outputs_dir, table):
    """The data exclude most of a calibrated parameter's search bounds: by default it is drawn
    from the calibrated posterior; --ranges samples the whole bounds instead."""
    calibrated = {p.name for p in table.calibrated()}
    distributions = []
    for extra in ([], ["--ranges"]):
        code, _, err = cli("sensitivity", "--method", "mc", "-n", "20", *extra)
        assert code == 0, err
        (folder,) = [p for p in outputs_dir.iterdir() if p.name not in distributions]
        distributions.append(folder.name)
        factors = json.loads((folder / "run.json").read_text())["factors"]
        chosen = {f["distribution"] for f in factors if f["name"] in calibrated}
        assert chosen == ({"uniform range"} if extra else {"posterior"})


@pytest.mark.parametrize("k, n, seed", [(1, 8, 0), (3, 32, 5), (67, 64, 0)])
def test_saltelli_design_is_salibs(k, n, seed):
    from SALib.sample import sobol

    names = [f"x{i}" for i in range(k)]
    expected = sobol.sample(sa._problem(names), n, calc_second_order=False, seed=seed)
    assert np.array_equal(sa.saltelli_rows(sa.sobol_base(k, n, seed)), expected)


def test_sobol_values_are_each_factors_map_of_the_design():
    draws = np.random.default_rng(4).lognormal(size=300)
    factor_list = [sa.Factor("a", -2.0, 5.0), sa.Factor("b", 0.0, 1.0, draws), sa.Factor("c", 1e-3, 2e-3)]
    unit, X = sa.sample(factor_list, "sobol", 16, 3)
    assert X.shape == unit.shape == (16 * 5, 3)
    expected = np.column_stack([f.from_unit(unit[:, j]) for j, f in enumerate(factor_list)])
    assert np.array_equal(X, expected)


def test_sample_rows_are_written_as_pandas_writes_them():
    import gzip

    import pandas as pd

    from innovsd.present.analysis import csv_rows

    values = np.random.default_rng(2).random((50, 4)) * np.logspace(-7, 7, 4)
    values[3, 1], values[7, 2], values[9, 0] = np.nan, np.inf, -0.0
    frame = pd.DataFrame(values, columns=["a", "b, quoted", "c", "d"])
    text = gzip.decompress(csv_rows(values[:20], rows_per_block=7) + csv_rows(values[20:])).decode()
    assert frame.head(0).to_csv(index=False) + text == frame.to_csv(index=False)
