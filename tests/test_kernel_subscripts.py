"""Subscripts in the kernel, on a two-region model shaped like the next model version (Hai Phong and
Hai Duong before the merger): subscripted constants, stocks and lookups, a subrange, a 2-D range,
SUM/VMIN/VMAX over regions and merged-city aggregates; per-element and whole-array parameters,
ensembles, and labelled results."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from innovsd.model.engine import Engine, translate
from innovsd.model.results import to_dataset

MODEL = Path(__file__).parent / "models" / "regional.mdl"
REGIONS = ("Hai Phong", "Hai Duong")
REL_TOL = 1e-9


def _worst(a, b) -> float:
    a, b = np.asarray(a, float), np.asarray(b, float)
    return float(np.max(np.abs(a - b) / np.maximum(np.abs(b), 1e-12)))


@pytest.fixture(scope="module")
def engine():
    return Engine(MODEL)


@pytest.fixture(scope="module")
def compiled():
    return Engine(MODEL, use_kernel=True)


@pytest.fixture(scope="module")
def reference():
    return Engine(MODEL, use_kernel=False)


@pytest.fixture(scope="module")
def pysd_model():
    import pysd

    return pysd.load(str(translate(MODEL)))


def test_the_regional_model_runs_through_the_kernel_with_labelled_results(engine):
    assert engine.kernel is not None
    assert engine.subscripts["region"] == list(REGIONS)
    assert engine.dims["labour"] == ("region",) and engine.dims["employment"] == ("region", "sector")
    sim = engine.run()
    assert sim["labour"].shape == (1, 21, 2) and sim["employment"].shape == (1, 21, 2, 2)
    assert sim.subscripts["labour"] == (("region", REGIONS),)
    np.testing.assert_allclose(sim["total labour"][0], sim["labour"][0].sum(axis=-1), rtol=1e-12)
    np.testing.assert_allclose(sim["largest output"][0], sim["output"][0].max(axis=-1), rtol=1e-12)
    assert np.ptp(sim["labour"][0, -1]) > 100  # the regions differ
    dataset = to_dataset(sim, engine)
    assert dataset["labour"].dims == ("member", "time", "region")
    assert list(dataset["region"].values) == list(REGIONS)
    assert dataset["employment"].sel(region="Hai Duong", sector="industry").shape == (1, 21)


def test_named_lookups_are_lookups_not_outputs(engine):
    assert "attractiveness effect" not in engine.output_names()
    assert engine.variables["attractiveness effect"].kind == "lookup"


def test_every_element_equals_plain_pysd(engine, pysd_model):
    outputs = [o for o in engine.output_names() if o != "Time"]
    ours = engine.run(outputs=outputs).columns()
    theirs = pysd_model.run(return_columns=outputs)
    compared = 0
    for column, values in ours.items():
        assert _worst(values, theirs[column].to_numpy()) <= REL_TOL, column
        compared += 1
    assert compared >= 30


def test_compiled_and_plain_runs_are_bit_identical(engine, compiled):
    plain, fast = engine.run(), compiled.run()
    assert not any(c for _, c in engine.kernel._variants) and all(c for _, c in compiled.kernel._variants)
    for name in plain.values:
        np.testing.assert_array_equal(plain[name], fast[name], err_msg=name)


def test_per_element_and_whole_array_overrides_agree_with_pysd(engine, reference, pysd_model):
    import xarray as xr

    by_element = engine.run({"capital elasticity[Hai Duong]": 0.4}, outputs=["output", "total output"])
    whole = engine.run({"capital elasticity": [0.35, 0.4]}, outputs=["output", "total output"])
    labelled = engine.run({"Capital Elasticity": xr.DataArray([0.4, 0.35], {"region": ["Hai Duong", "Hai Phong"]},
                                                              ["region"])}, outputs=["output", "total output"])
    numpy_path = reference.run({"capital elasticity[hai duong]": 0.4}, outputs=["output", "total output"])
    expected = pysd_model.run(params={"capital elasticity": xr.DataArray([0.35, 0.4], {"region": list(REGIONS)},
                                                                         ["region"])},
                              return_columns=["total output"])["total output"].to_numpy()
    for run in (by_element, whole, labelled, numpy_path):
        assert _worst(run["total output"][0], expected) <= REL_TOL
    np.testing.assert_array_equal(by_element["output"], whole["output"])
    default = engine.run(outputs=["output"])["output"]
    assert by_element["output"][0, 0, 0] == default[0, 0, 0]  # at the start Hai Phong is its own
    assert by_element["output"][0, 0, 1] != default[0, 0, 1]  # Hai Duong's elasticity changed


def test_an_ensemble_over_one_element_equals_its_members_run_alone(compiled, engine):
    values = np.array([0.25, 0.3, 0.4])
    batch = compiled.run({"capital elasticity[Hai Duong]": values, "savings rate": np.array([0.2, 0.25, 0.3])})
    assert batch["capital"].shape == (3, 21, 2)
    for i, value in enumerate(values):
        alone = engine.run({"capital elasticity[Hai Duong]": value, "savings rate": [0.2, 0.25, 0.3][i]})
        for name in ("capital", "employment", "total output", "average wage"):
            assert _worst(batch[name][i], alone[name][0]) <= REL_TOL, name


def test_an_ensemble_of_whole_arrays_has_a_member_axis_first(compiled):
    per_member = np.array([[0.3, 0.3], [0.35, 0.25], [0.4, 0.2]])
    batch = compiled.run({"capital elasticity": per_member}, outputs=["output"])
    one = compiled.run({"capital elasticity": per_member[1]}, outputs=["output"])
    assert batch["output"].shape == (3, 21, 2)
    np.testing.assert_array_equal(batch["output"][1], one["output"][0])


def test_ensembles_in_chunks_keep_the_subscripts(compiled):
    sample = {"capital elasticity[Hai Phong]": np.linspace(0.25, 0.45, 70)}
    chunks = compiled.run_ensemble(sample, outputs=["labour", "total labour"], chunk_size=32)
    whole = compiled.run(sample, outputs=["labour", "total labour"])
    assert chunks["labour"].shape == (70, 21, 2) and chunks.subscripts["labour"] == (("region", REGIONS),)
    np.testing.assert_array_equal(chunks["labour"], whole["labour"])


def test_wrong_names_and_shapes_are_one_clear_error(engine):
    from innovsd.errors import InputError

    with pytest.raises(InputError, match="not a variable"):
        engine.run({"capital elasticity[Hanoi]": 0.3})
    with pytest.raises(InputError, match="not a constant"):
        engine.run({"labour[Hai Phong]": 3.0})
    with pytest.raises(InputError):
        engine.run({"capital elasticity": [0.3, 0.3, 0.3]})
