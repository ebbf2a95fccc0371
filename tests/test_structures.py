"""The competing TFP structures (model/structures.csv) and their calibrated sets, one per structure."""

from __future__ import annotations

import json

import pytest

from innovsd.errors import InputError
from innovsd.model.parameters import DEFAULT_PARAMETER_SET, ParameterSet, ParameterTable
from innovsd.model.structures import structure, structures


def test_the_first_structure_is_the_default_and_each_has_its_own_set():
    names = [s.name for s in structures()]
    assert names == ["catch-up", "grvr", "fdi-endogenous"]
    assert structures()[0].parameter_file == DEFAULT_PARAMETER_SET
    assert [s.parameter_file.name for s in structures()[1:]] == ["grvr.json", "fdi-endogenous.json"]
    assert structure("GRVR") is structures()[1]


def test_an_unknown_structure_is_one_clear_error():
    with pytest.raises(InputError, match="no TFP structure 'frontier'.*catch-up, grvr, fdi-endogenous"):
        structure("frontier")


@pytest.mark.parametrize("chosen", structures(), ids=lambda s: s.name)
def test_each_shipped_set_runs_its_own_structure(chosen, engine):
    parameter_set = ParameterSet.load(chosen.parameter_file, ParameterTable())
    assert parameter_set.provenance["structure"] == chosen.name
    assert {k: parameter_set.values[k] for k in chosen.settings} == chosen.settings
    assert parameter_set.provenance["until"] is None and parameter_set.ensemble_size >= 100
    assert parameter_set.provenance["model_sha256"] == json.loads(DEFAULT_PARAMETER_SET.read_text())["provenance"]["model_sha256"]


def test_the_structures_differ_in_their_runs(engine):
    runs = {s.name: ParameterSet.load(s.parameter_file, ParameterTable()).values for s in structures()}
    shares = {name: float(engine.run(values, outputs=["TFP contribution to GRDP growth"])
                          .at("TFP contribution to GRDP growth", 2030)[0]) for name, values in runs.items()}
    assert len(set(shares.values())) == 3  # the switch reaches the equations
    assert max(shares.values()) - min(shares.values()) < 1.0  # each fits the same history


@pytest.mark.slow
def test_calibrate_structure_fixes_the_switch_and_records_it(cli, tmp_path):
    out = tmp_path / "grvr.json"
    code, _, err = cli("calibrate", "--structure", "grvr", "--generations", "1", "--steps", "0", "--out", str(out))
    assert code == 0, err
    written = json.loads(out.read_text())
    assert written["values"]["TFP structure"] == 2 and written["provenance"]["structure"] == "grvr"
    assert "--structure grvr" in written["provenance"]["command"]
    code, _, err = cli("calibrate", "--structure", "frontier", "--steps", "0", "--out", str(tmp_path / "x.json"))
    assert code == 2 and "no TFP structure 'frontier'" in err and len(err.strip().splitlines()) == 1
