"""MCMC posterior (calibration/posterior.py): reproducible from its seed, inside the bounds, intervals ordered."""

import numpy as np
import pytest

from innovsd.calibration import posterior as post
from innovsd.calibration.history import HISTORY_FILE, load_history, load_output_priors
from innovsd.calibration.payoff import Problem
from innovsd.model.engine import shared_engine
from innovsd.model.parameters import DEFAULT_PARAMETER_SET, ParameterSet, ParameterTable


def _problem_and_start():
    engine, table = shared_engine(), ParameterTable()
    problem = Problem(engine, load_history(HISTORY_FILE, engine), table.calibrated(), load_output_priors(None, engine))
    shipped = ParameterSet.load(DEFAULT_PARAMETER_SET, table).values
    return problem, np.array([shipped[n] for n in problem.names])


def test_log_posterior_is_minus_half_the_payoff_inside_and_minus_infinity_outside():
    problem, start = _problem_and_start()
    outside = start.copy()
    outside[0] = problem.high[0] + 1
    values = post.log_posterior(problem, np.vstack([start, outside]))
    assert values[0] == -0.5 * problem.payoff(start[None, :])[0] and values[1] == -np.inf


@pytest.mark.slow
def test_short_chain_is_reproducible_and_gives_ordered_intervals():
    problem, start = _problem_and_start()
    first = post.sample(problem, start, walkers=24, steps=30, burn=10, draws=96, seed=3)
    second = post.sample(problem, start, walkers=24, steps=30, burn=10, draws=96, seed=3)
    np.testing.assert_array_equal(first.draws, second.draws)
    assert first.draws.shape == (96, len(problem.names)) and first.thin == 5
    assert np.all((first.draws >= problem.low) & (first.draws <= problem.high))
    diagnostics = first.diagnostics()
    assert diagnostics["draws"] == 96 and set(diagnostics["autocorrelation_time"]) == set(problem.names)
    assert diagnostics["effective_sample_size"] > 0 and 0 < diagnostics["acceptance_fraction"] <= 1
    observations = problem.observations[:3]
    intervals = post.predictive(observations, problem.simulated(first.draws)[:, :3])
    assert np.all(intervals[:, 1] <= intervals[:, 0]) and np.all(intervals[:, 0] <= intervals[:, 2])


def test_predictive_interval_has_the_measurement_error_width():
    """With every draw predicting the same value, the 90 % predictive interval is that value
    +- 1.645 measurement sd (RELATIVE_SD x |observed| / sqrt(weight)), up to sampling noise."""
    problem, _ = _problem_and_start()
    observations = problem.observations[:2]
    sim = np.tile([[40.0, 12.0]], (20000, 1))
    intervals = post.predictive(observations, sim)
    sd = post.measurement_sd(observations)
    np.testing.assert_allclose(intervals[:, 2] - intervals[:, 1], 2 * 1.6449 * sd, rtol=0.03)
    np.testing.assert_allclose(intervals[:, 0], [40.0, 12.0], atol=0.03 * sd.max())


@pytest.mark.slow
def test_fit_gives_every_observation_a_predictive_interval_and_judges_a_backtest(tmp_path):
    """The shipped set's posterior draws + the payoff's error model: every TFP observation lies
    inside its 90 % predictive interval; a set marked --until 2020 gets its later rows summarised."""
    import innovsd

    report = innovsd.fit()
    assert all(r.low is not None and r.low < r.simulated < r.high for r in report.rows)
    tfp = [r for r in report.rows if r.observation.variable == "TFP contribution to GRDP growth"]
    assert len(tfp) == 5 and all(r.inside for r in tfp)
    assert report.out_of_sample() is None and report.table()["inside_90"].notna().all()

    marked = ParameterSet.load(DEFAULT_PARAMETER_SET, ParameterTable())
    marked.provenance["until"] = 2020
    path = tmp_path / "marked.json"
    marked.save(path)
    later = innovsd.fit(path)
    summary = later.out_of_sample()["TFP contribution to GRDP growth"]
    rows = [r for r in later.rows if not r.in_sample and r.observation.variable == "TFP contribution to GRDP growth"]
    assert summary["n"] == len(rows) == 4
    assert summary["mean_error"] == np.mean([r.simulated - r.observation.value for r in rows])
    assert summary["coverage_90"] == np.mean([r.inside for r in rows])
