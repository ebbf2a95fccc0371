"""Payoff, batched evaluation, search determinism, interrupts, provenance and the .cin export."""

import json
import sys

import numpy as np
import pytest

from innovsd.calibration import calibrate as calib
from innovsd.calibration import fit as fitting
from innovsd.calibration.history import (HISTORY_FILE, Observation, OutputPrior, load_history, load_output_priors,
                                        simulate_observations)
from innovsd.calibration.payoff import Problem
from innovsd.cli.app import main
from innovsd.model.engine import shared_engine
from innovsd.model.parameters import DEFAULT_PARAMETER_SET, ParameterSet, ParameterTable
from innovsd.model.structures import structures
from innovsd.resources import file_sha256

TINY = calib.Settings(seed=3, popsize=3, maxiter=4, chains=4, pool=4, steps=6, adapt_rounds=1, adapt_steps=2, draws=20,
                      pilot_walkers=24, pilot_steps=2, polish_max_nfev=5)


@pytest.fixture(scope="module")
def problem():
    engine = shared_engine()
    return Problem(engine, load_history(HISTORY_FILE, engine), ParameterTable().calibrated(), load_output_priors(None, engine))


def test_payoff_by_hand(problem, monkeypatch):
    table = ParameterTable()
    parameters = [table["inflation rate"], table["imitation rate"]]  # prior 0.03 +- 0.01; no prior
    observations = [Observation(2, "GRDP growth", "point", 2020, 2020, 10.0, "", 1.0, "", ""),
                    Observation(3, "ST budget share", "point", 2020, 2020, 0.5, "", 0.5, "", "")]
    tiny = Problem(problem.engine, observations, parameters)
    monkeypatch.setattr(tiny, "counterparts", lambda theta: (np.array([[11.0, 0.4]]), np.empty((1, 0))))
    # s = 0.1: 1 * (1/(0.1*10))^2 + 0.5 * (0.1/(0.1*0.5))^2 + ((0.05 - 0.03) / 0.01)^2 = 1 + 2 + 4
    assert tiny.payoff(np.array([0.05, 0.3]))[0] == pytest.approx(7.0, rel=1e-12)


def test_output_prior_adds_its_own_term(problem, monkeypatch):
    """An assumption about an unobserved quantity counts ((sim - centre) / sd)^2, not as data."""
    table = ParameterTable()
    observations = [Observation(2, "GRDP growth", "point", 2020, 2020, 10.0, "", 1.0, "", "")]
    assumed = OutputPrior(Observation(3, "enterprise innovation rate", "point", 2025, 2025, 20.0, "", 1.0, "", ""), 6.0, "assumption")
    tiny = Problem(problem.engine, observations, [table["imitation rate"]], [assumed])
    monkeypatch.setattr(tiny, "counterparts", lambda theta: (np.array([[11.0]]), np.array([[32.0]])))
    # s = 0.1: 1 * (1/(0.1*10))^2 + ((32 - 20) / 6)^2 = 1 + 4
    assert tiny.payoff(np.array([0.3]))[0] == pytest.approx(5.0, rel=1e-12)
    assert tiny.n_residuals == 2


def test_shipped_priors_are_all_used(problem):
    assert {p.observation.variable for p in problem.output_priors} == {
        "regional enterprise innovation rate[HaiPhong]", "regional researcher density[HaiPhong]",
        "regional TFP contribution to GRDP growth[HaiDuong]"}
    assert problem.n_residuals == len(problem.observations) + len(problem.prior)


@pytest.mark.slow
def test_batched_equals_one_by_one(problem):
    rng = np.random.default_rng(7)
    theta = problem.to_theta(rng.uniform(size=(6, len(problem.names))))
    batched = problem.residuals(theta)
    single = np.vstack([problem.residuals(theta[i : i + 1]) for i in range(len(theta))])
    np.testing.assert_allclose(batched, single, rtol=1e-9, atol=0)
    assert np.isfinite(batched).all()
    # The Jacobian of several points in one batch equals the Jacobians one by one, up to the
    # finite-difference step's amplification of last-bit differences (1e-16 / 1e-6).
    u = rng.uniform(size=(2, len(problem.names)))
    np.testing.assert_allclose(problem.jacobian_unit(u), np.stack([problem.jacobian_unit(x) for x in u]), rtol=1e-6, atol=1e-7)


@pytest.mark.slow
def test_same_seed_same_result(problem):
    first = calib.calibrate(problem, TINY)
    second = calib.calibrate(problem, TINY)
    assert not first.interrupted and first.ensemble.shape == (TINY.draws, len(problem.names))
    assert 0 < first.diagnostics["moved_fraction"] <= 1 and first.diagnostics["draws"] == TINY.draws
    np.testing.assert_array_equal(first.theta, second.theta)
    np.testing.assert_array_equal(first.ensemble, second.ensemble)
    assert np.all((first.ensemble >= problem.low) & (first.ensemble <= problem.high))
    assert first.payoff == pytest.approx(problem.payoff(first.theta)[0], rel=1e-12)


@pytest.mark.slow
def test_interrupt_keeps_best_so_far(problem):
    seen = []

    def stop(generation, best):
        seen.append(best)
        if generation == 2:
            raise KeyboardInterrupt

    result = calib.calibrate(problem, TINY, on_generation=stop)
    assert result.interrupted and result.stage == "global search" and result.ensemble is None
    assert result.payoff == seen[-1] == pytest.approx(problem.payoff(result.theta)[0], rel=1e-12)


@pytest.mark.slow
def test_cli_interrupt_writes_marked_set_and_exits_130(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("INNOVSD_OUTPUTS", str(tmp_path / "out"))

    def interrupted_search(func, bounds, **kwargs):
        func(np.full((len(bounds), 3), 0.5))  # one evaluation, then Ctrl-C
        raise KeyboardInterrupt

    monkeypatch.setattr(calib, "differential_evolution", interrupted_search)
    out = tmp_path / "set.json"
    monkeypatch.setattr(sys, "argv", ["innovsd", "calibrate", "--seed", "5", "--until", "2022", "--out", str(out)])
    with pytest.raises(SystemExit) as exit_:
        main()
    assert exit_.value.code == 130
    assert "interrupted during the global search" in capsys.readouterr().err
    data = json.loads(out.read_text(encoding="utf-8"))
    prov = data["provenance"]
    table = ParameterTable()
    assert prov["interrupted"] is True and prov["stage"] == "global search"
    # Provenance: hashes of the inputs, settings, seed, fit statistics, date, version.
    assert prov["data_sha256"] == file_sha256(HISTORY_FILE)
    assert prov["model_sha256"] == file_sha256(shared_engine().mdl_path)
    assert prov["parameter_table_sha256"] == file_sha256(table.path)
    assert prov["optimizer"]["seed"] == 5 and prov["optimizer"]["global"]["vectorized"] is True
    assert prov["until"] == 2022 and prov["command"] == "innovsd calibrate --seed 5 --until 2022"
    assert prov["created_utc"].endswith("+00:00") and prov["innovsd_version"]
    assert set(prov["fit"]["mape_percent"]) and prov["fit"]["payoff"] > 0
    assert all(o["in_sample"] == (int(o["observation"][-4:]) <= 2022) for o in prov["fit"]["errors"])
    # A set holds the calibrated parameters and its structure's switch (the default structure here).
    switches = structures()[0].settings
    assert set(data["values"]) == {p.name for p in table.calibrated()} | set(switches)
    assert all(data["values"][k] == v for k, v in switches.items())
    assert all(v == pytest.approx(0.5 * (table[k].low + table[k].high), rel=1e-12)
               for k, v in data["values"].items() if k not in switches)
    assert ParameterSet.load(out, table).values == data["values"]
    # A second run never overwrites the first.
    monkeypatch.setattr(sys, "argv", ["innovsd", "calibrate", "--out", str(out)])
    with pytest.raises(SystemExit) as exit_:
        main()
    assert exit_.value.code == 2 and "never overwritten" in capsys.readouterr().err


def test_cin_export_is_loadable(tmp_path):
    values = {"imitation rate": 0.41, "inflation rate": 0.0312345678901234}
    path = tmp_path / "p.json"
    ParameterSet(values, {"kind": "test"}).save(path)
    lines = path.with_suffix(".cin").read_text(encoding="utf-8").splitlines()
    parsed = dict(line.split(" = ") for line in lines)
    assert set(parsed) <= set(shared_engine().constants)
    assert {k: float(v) for k, v in parsed.items()} == values


def test_a_set_with_an_undefined_fit_statistic_saves_as_valid_json_and_loads_back(tmp_path):
    """A backtest can drive a series to zero, whose growth rate is then undefined (NaN): the
    file must still be valid JSON (null), or the calibration would write a set nobody can read."""
    path = tmp_path / "p.json"
    ParameterSet({"imitation rate": 0.41}, {"kind": "test", "fit": {"simulated": float("nan"), "x": float("inf")}}).save(path)
    loaded = ParameterSet.load(path, ParameterTable())
    assert loaded.provenance["fit"] == {"simulated": None, "x": None}
    assert loaded.values == {"imitation rate": 0.41}


def test_theil_shares_add_up():
    sim, act = np.array([1.0, 2.0, 4.0]), np.array([1.5, 2.0, 3.0])
    u = fitting.theil(sim, act)
    assert u["mse"] == pytest.approx((0.25 + 0 + 1) / 3)
    assert u["UM"] + u["US"] + u["UC"] == pytest.approx(1.0)
    assert u["UM"] == pytest.approx((7 / 3 - 6.5 / 3) ** 2 / u["mse"])


def test_in_sample_split():
    rows = [Observation(2, "x", "point", y, y, 1.0, "", 1.0, "", "") for y in (2019, 2020, 2023)]
    assert [o.end for o in fitting.in_sample(rows, 2020)] == [2019, 2020]
    stats = fitting.series_statistics(fitting.fit_rows(rows, np.array([1.1, 0.9, 1.5]), 2020))
    assert stats[0]["mape"] == pytest.approx(10.0) and stats[0]["mape_out"] == pytest.approx(50.0)


@pytest.mark.slow
def test_shipped_default_is_reproduced(problem):
    """`innovsd calibrate --seed 1` (see calibration/README.md) reproduces the shipped set: the
    same predictions of every observation to 1e-6 (relative) and the same payoff. Not bit for
    bit: floating point differs between machines (another CPU gave 5e-10 on the values), and
    weakly identified parameters may drift further than the predictions they make.
    The posterior comes after the fit and cannot change the values, so it is skipped here."""
    shipped = ParameterSet.load(DEFAULT_PARAMETER_SET, ParameterTable())
    optimizer = shipped.provenance["optimizer"]
    settings = calib.Settings(seed=optimizer["seed"], maxiter=optimizer["global"]["maxiter"], steps=0)
    assert shipped.provenance["until"] is None and shipped.ensemble_size >= 100
    result = calib.calibrate(problem, settings)
    shipped_theta = np.array([[shipped.values[n] for n in problem.names]])
    np.testing.assert_allclose(problem.simulated(result.theta[None, :])[0], problem.simulated(shipped_theta)[0],
                               rtol=1e-6, atol=0)
    assert result.payoff == pytest.approx(problem.payoff(shipped_theta)[0], rel=1e-6)


@pytest.mark.slow
def test_backtest_drops_priors_about_later_years(cli, tmp_path):
    """--until 2020 may not lean on the 2025 output priors any more than on later data; a prior about
    a period that ends by 2020 (Hai Duong's 2016-2019 TFP share, from Vietnam's 2016-2019 figure) is
    as legitimate as the 2016-2020 data and stays."""
    out = tmp_path / "until2020.json"
    code, _, err = cli("calibrate", "--until", "2020", "--generations", "1", "--steps", "0", "--out", str(out))
    assert code == 0, err
    provenance = json.loads(out.read_text())["provenance"]
    priors = load_output_priors(None, shared_engine())
    kept = [p.observation.label for p in priors if p.observation.end <= 2020]
    assert provenance["until"] == 2020 and 0 < len(kept) < len(priors)
    assert [entry.partition(":")[0] for entry in provenance["output_priors"]] == kept
    shipped = json.loads(DEFAULT_PARAMETER_SET.read_text())["provenance"]
    assert len(shipped["output_priors"]) == len(load_output_priors(None, shared_engine()))


def test_shipped_set_reproduces_every_tfp_observation_within_its_bound(problem):
    """The acceptance bound of the fit, on the set every command uses by default: pre-merger Hai
    Phong's TFP shares (001, 003) within 3 points except 2023, which the national cycle moves onto
    measured TFP (5.1 points under, model/VALIDATION.md §4); the merged city's 2025 (002 and the
    projection in the public statistics) within 4.5."""
    shipped = ParameterSet.load(DEFAULT_PARAMETER_SET, ParameterTable())
    theta = np.array([[shipped.values[n] for n in problem.names]])
    simulated_values = problem.simulated(theta)[0]
    tfp = [(o, s) for o, s in zip(problem.observations, simulated_values) if "TFP contribution" in o.variable]
    assert len(tfp) == 5
    for o, s in tfp:
        bound = 5.5 if o.start == 2023 else 4.5 if o.start == 2025 else 3.0
        assert abs(s - o.value) < bound, (o.label, s)


@pytest.mark.slow
def test_interrupt_during_the_posterior_keeps_the_point_fit_and_no_draws(problem):
    def stop(steps):
        raise KeyboardInterrupt

    result = calib.calibrate(problem, TINY, on_step=stop)
    assert result.interrupted and result.stage == "posterior" and result.ensemble is None
    np.testing.assert_array_equal(result.theta, calib.calibrate(problem, calib.Settings(**{
        **TINY.__dict__, "steps": 0})).theta)


def _backtest(problem, until):
    """The problem fitted to ``until`` and its held-out TFP shares: pre-merger Hai Phong's 2023 and
    2024 and the merged city's two 2025 figures."""
    backtest = Problem(problem.engine, fitting.in_sample(problem.observations, until), problem.parameters,
                       [p for p in problem.output_priors if p.observation.end <= until])
    later = [o for o in problem.observations if o.end > until and "TFP contribution to GRDP growth" in o.variable]
    assert [o.start for o in later] == [2023, 2024, 2025, 2025]
    return backtest, later


@pytest.mark.slow
def test_two_seeds_give_the_same_backtest_to_2020(problem):
    """Fitted to 2020, two seeds reach the same payoff and the same value of every parameter the
    fitted years can see, and their posteriors predict the held-out 2023-2025 TFP shares alike:
    medians within four standard errors of their difference (from each posterior's ESS). Point
    predictions are not compared: nothing before 2021 sees the share of the pandemic loss regained, so
    the point fit leaves it wherever its search ends (0.15 of its range for seed 1, 1.0 for seed 7),
    and the 2023 share with it (28 against 35 %); the posterior spreads over it instead."""
    backtest, later = _backtest(problem, 2020)
    fits = [calib.calibrate(backtest, calib.Settings(seed=seed)) for seed in (1, 7)]
    assert fits[0].payoff == pytest.approx(fits[1].payoff, rel=1e-6)
    seen = np.linalg.norm(backtest.jacobian_unit(backtest.to_unit(fits[0].theta)), axis=0) > 0
    assert 0 < seen.sum() < len(seen)
    np.testing.assert_allclose(*(backtest.to_unit(f.theta)[seen] for f in fits), atol=0.01)
    medians, errors = [], []
    for result in fits:
        assert result.diagnostics["effective_sample_size_min"] >= 1400
        predicted = simulate_observations(problem.engine, later, dict(zip(problem.names, result.ensemble.T)))
        medians.append(np.median(predicted, axis=0))
        # Standard error of a median: sqrt(pi / 2) sd / sqrt(ESS) for a near-normal spread.
        errors.append(1.2533 * predicted.std(axis=0) / np.sqrt(result.diagnostics["effective_sample_size_min"]))
    assert np.all(np.abs(medians[0] - medians[1]) < 4 * np.hypot(*errors))


@pytest.mark.slow
def test_two_seeds_give_the_same_backtest_to_2022(problem):
    """Fitted to 2022, two seeds' point fits predict the 2023-2025 TFP shares within 0.5 pp. The fit sits
    on a kink of the payoff in the S&T share (model/VALIDATION.md), where the searches end within 1e-4
    of each other's payoff rather than at one point; the point fit only (see VALIDATION.md on the
    posterior of this window)."""
    backtest, later = _backtest(problem, 2022)
    fits = [calib.calibrate(backtest, calib.Settings(seed=seed, steps=0)) for seed in (1, 7)]
    assert fits[0].payoff == pytest.approx(fits[1].payoff, rel=1e-4)
    point = [simulate_observations(problem.engine, later, dict(zip(problem.names, f.theta)))[0] for f in fits]
    assert np.max(np.abs(point[0] - point[1])) < 0.5
