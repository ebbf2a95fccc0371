"""Sensitivity of a policy's effect: the scenario minus its baseline with the same factor values, as
an output of its own with Sobol indices."""

from __future__ import annotations

import numpy as np
import pytest

from innovsd.model.engine import Simulation
from innovsd.scenarios import sensitivity as sa


class Linear:
    """y = X @ weights as one output, its series constant over two years."""

    def __init__(self, weights):
        self.weights, self.outputs, self.simulation = np.asarray(weights, float), ["y"], None

    def __call__(self, X):
        y = X @ self.weights
        self.simulation = Simulation(np.array([2030.0, 2031.0]), {"y": np.column_stack([y, y])})
        return y[:, None]


def test_difference_is_policy_minus_baseline_and_its_indices_find_what_drives_the_effect():
    # The level depends on x0 mostly; the policy adds 2 * x1, so x1 alone drives the effect.
    factors = [sa.Factor("x0", 0, 1), sa.Factor("x1", 0, 1)]
    model = sa.PolicyDifference(Linear([5.0, 2.0]), Linear([5.0, 0.0]))
    result = sa.run_analysis(factors, model, "sobol", 256, 0, output_names=model.outputs)
    assert model.outputs == ["y", "Δ y"]
    assert np.allclose(result.Y[:, 1], 2.0 * result.X[:, 1])
    assert np.allclose(model.simulation.values["Δ y"][:, 0], 2.0 * result.X[:, 1])
    effect = result.indices["Δ y"]
    assert effect.loc["x1", "ST"] == pytest.approx(1.0, abs=0.05) and abs(effect.loc["x0", "ST"]) < 0.05
    assert result.indices["y"].loc["x0", "ST"] > 0.8
    assert sa.differenced("Δ y") == "y" and sa.differenced("y") is None


def test_policy_sensitivity_on_the_model_has_the_effect_as_an_output(engine):
    import innovsd

    study = innovsd.sensitivity("fdi-linkages", method="mc", n=8, seed=1)
    output = "TFP contribution to GRDP growth"
    assert study.outputs == [output, sa.difference_name(output)]
    assert innovsd.sensitivity_runs("mc", 8, "fdi-linkages") == 16
    # One sampled row again, as the policy and as the baseline: the effect is their difference.
    row = dict(zip([f.name for f in study.factors], study.result.X[0]))
    policy = innovsd.simulate("fdi-linkages", overrides=row).series(output)
    baseline = innovsd.simulate("baseline", overrides=row).series(output)
    year = list(innovsd.simulate("baseline").times).index(2030)
    assert study.result.Y[0, 1] == pytest.approx(policy[year] - baseline[year], rel=1e-9, abs=1e-12)
    assert study.result.Y[0, 1] > 0  # linkages never lower the TFP share
