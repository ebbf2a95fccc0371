"""MCMC posterior (calibration/posterior.py, sampler.py, diagnostics.py): the diagnostics are
ArviZ's, the sampler finds a known non-normal distribution, chains are reproducible from their
seed, inside the bounds, intervals ordered."""

import numpy as np
import pytest
from scipy import stats

from innovsd.calibration import calibrate as calib
from innovsd.calibration import diagnostics
from innovsd.calibration import posterior as post
from innovsd.calibration import sampler
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


def _ar1(rng, chains, steps, phi, shift=None):
    x = np.zeros((chains, steps, 2))
    for t in range(1, steps):
        x[:, t] = phi * x[:, t - 1] + rng.standard_normal((chains, 2))
    if shift is not None:
        x[:, :, 1] += shift[:, None]
    return x


def test_diagnostics_are_arviz_bulk_and_tail_ess_and_rank_rhat():
    """Same numbers as ArviZ on chains with ties (repeated values, as a chain that stays put
    makes) and on chains that disagree."""
    from arviz_stats.base import array_stats

    rng = np.random.default_rng(4)
    x = _ar1(rng, 6, 2001, 0.7, shift=np.r_[0.0, 0.0, 0.0, 0.0, 0.0, 0.8])
    x[..., 0] = np.round(x[..., 0], 1)
    by_parameter = np.moveaxis(x, -1, 0)
    axes = {"chain_axis": 1, "draw_axis": 2}
    np.testing.assert_allclose(diagnostics.bulk_ess(x), array_stats.ess(by_parameter, method="bulk", **axes), rtol=1e-9)
    np.testing.assert_allclose(diagnostics.tail_ess(x), array_stats.ess(by_parameter, method="tail", prob=(0.05, 0.95),
                                                                        **axes), rtol=1e-9)
    np.testing.assert_allclose(diagnostics.rank_rhat(x), array_stats.rhat(by_parameter, **axes), rtol=1e-9)
    assert diagnostics.rank_rhat(x)[1] > diagnostics.RHAT_LIMIT > diagnostics.rank_rhat(x)[0]


def test_bulk_ess_of_an_autoregressive_chain_is_its_length_over_the_autocorrelation_time():
    """AR(1) with coefficient phi: integrated autocorrelation time (1 + phi) / (1 - phi) = 4 at 0.6."""
    x = _ar1(np.random.default_rng(5), 8, 5000, 0.6)
    np.testing.assert_allclose(diagnostics.bulk_ess(x), 8 * 5000 / 4, rtol=0.1)


def _tuning(**changes):
    settings = calib.Settings()
    return sampler.Tuning(**{**settings.tuning().__dict__, **changes})


def test_sampler_finds_a_skewed_bounded_distribution_from_a_poor_start():
    """Independent Beta(2, 6) and Beta(6, 2) on the unit square (skewed, bounded), started at the
    centre: the chains stop with the target ESS, R-hat < 1.01, and their means and 5 % / 95 %
    quantiles are the exact ones within Monte Carlo error."""
    exact = [stats.beta(2, 6), stats.beta(6, 2)]

    def log_density(u):
        inside = np.all((u > 0) & (u < 1), axis=1)
        out = np.full(len(u), -np.inf)
        out[inside] = sum(d.logpdf(u[inside, j]) for j, d in enumerate(exact))
        return out

    tuning = _tuning(target_ess=2000, max_steps=2000)
    box = (np.zeros(2), np.ones(2))
    chains = sampler.run(log_density, np.array([0.5, 0.5]), tuning, np.random.default_rng(2), box=box)
    assert chains.ess.min() >= 2000 and chains.rhat.max() < diagnostics.RHAT_LIMIT and chains.draws.shape[1] < 2000
    flat = chains.draws.reshape(-1, 2)
    for j, d in enumerate(exact):
        assert abs(flat[:, j].mean() - d.mean()) < 4 * d.std() / np.sqrt(chains.ess[j])
        for p in (0.05, 0.95):
            # Standard error of a quantile: sqrt(p (1 - p) / n) / density at the quantile.
            error = np.sqrt(p * (1 - p) / chains.tail_ess[j]) / d.pdf(d.ppf(p))
            assert abs(np.quantile(flat[:, j], p) - d.ppf(p)) < 4 * error
    again = sampler.run(log_density, np.array([0.5, 0.5]), tuning, np.random.default_rng(2), box=box)
    np.testing.assert_array_equal(chains.draws, again.draws)


def test_short_chain_is_reproducible_and_gives_ordered_intervals():
    problem, start = _problem_and_start()
    tuning = _tuning(chains=4, pool=4, max_steps=30, adapt_rounds=1, adapt_steps=5, pilot_walkers=48, pilot_steps=4)
    first = post.sample(problem, start, tuning, draws=96, seed=3)
    second = post.sample(problem, start, tuning, draws=96, seed=3)
    np.testing.assert_array_equal(first.draws, second.draws)
    assert first.draws.shape == (96, len(problem.names)) and first.chains.draws.shape == (4, 30, len(problem.names))
    assert np.all((first.draws >= problem.low) & (first.draws <= problem.high))
    diagnostics = first.diagnostics()
    assert diagnostics["draws"] == 96 and set(diagnostics["effective_sample_size"]) == set(problem.names)
    assert diagnostics["effective_sample_size_min"] > 0 and 0 < diagnostics["moved_fraction"] <= 1
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
    # Pre-merger Hai Phong's three shares and the merged city's two 2025 figures.
    tfp = [r for r in report.rows if "TFP contribution to GRDP growth" in r.observation.variable]
    assert len(tfp) == 5 and all(r.inside for r in tfp)
    assert report.out_of_sample() is None and report.table()["inside_90"].notna().all()

    marked = ParameterSet.load(DEFAULT_PARAMETER_SET, ParameterTable())
    marked.provenance["until"] = 2020
    path = tmp_path / "marked.json"
    marked.save(path)
    later = innovsd.fit(path)
    held_out = {"regional TFP contribution to GRDP growth[HaiPhong]": [2023, 2024], "TFP contribution to GRDP growth": [2025, 2025]}
    for variable, years in held_out.items():
        summary = later.out_of_sample()[variable]
        rows = [r for r in later.rows if not r.in_sample and r.observation.variable == variable]
        assert [r.observation.start for r in rows] == years and summary["n"] == len(rows)
        assert summary["mean_error"] == np.mean([r.simulated - r.observation.value for r in rows])
        assert summary["coverage_90"] == np.mean([r.inside for r in rows])
