"""A run as plain arrays (innovsd.simulate, what `innovsd run` uses) against the Dataset of innovsd.run."""

from __future__ import annotations

import numpy as np
import xarray as xr

import innovsd

TFP = "TFP contribution to GRDP growth"


def test_simulate_gives_the_dataset_of_run():
    result = innovsd.simulate("st-budget-3pct", overrides={"imitation rate": 0.3})
    xr.testing.assert_identical(result.to_dataset(), innovsd.run("st-budget-3pct", overrides={"imitation rate": 0.3}))
    assert result.attrs["scenario"] == "st-budget-3pct"
    assert result.series(TFP).shape == result.times.shape


def test_results_csv_is_the_text_pandas_writes(tmp_path):
    result = innovsd.simulate("innovation-city")
    result.sim.values[TFP][0, 3] = np.nan  # a failed value is written as pandas writes it: empty
    result.sim.values["GRDP"][0, 4] = 1.234e-7  # and a small number in pandas' own notation
    ours, theirs = tmp_path / "ours.csv", tmp_path / "theirs.csv"
    result.write_csv(ours)
    result.frame().to_csv(theirs)
    assert ours.read_text() == theirs.read_text()
    assert ours.read_text().count("\n") == len(result.times) + 1
