"""compare under each S&T -> TFP structure: which set each structure runs with, its payoff, and the
comparison per structure through the API and `innovsd compare --structure`."""

from __future__ import annotations

import json

import pytest

from innovsd.errors import InputError
from innovsd.model.parameters import ParameterSet, ParameterTable
from innovsd.model.structures import structures
from innovsd.scenarios import structures as by_structure

SWITCH = "TFP structure"


def test_all_means_every_structure_in_the_table_order():
    assert [s.name for s in by_structure.chosen_structures("all")] == [s.name for s in structures()]
    assert [s.name for s in by_structure.chosen_structures(["GRVR"])] == ["grvr"]
    with pytest.raises(InputError, match="no-such"):
        by_structure.chosen_structures("no-such")


def test_each_structure_runs_its_switch_with_its_own_set_or_says_it_has_none(tmp_path, monkeypatch):
    table = ParameterTable()
    second = structures()[1]
    monkeypatch.setattr(type(second), "parameter_file", property(lambda self: tmp_path / f"{self.name}.json"))
    fitted = ParameterSet({SWITCH: second.settings[SWITCH]}, {"fit": {"payoff": 12.5}})
    fitted.save(tmp_path / f"{second.name}.json")
    pset, calibrated = by_structure.structure_set(second, None, table)
    assert calibrated and pset.values[SWITCH] == second.settings[SWITCH]
    assert by_structure.payoff(pset) == 12.5
    third = structures()[2]
    with pytest.warns(UserWarning, match=third.name):
        pset, calibrated = by_structure.structure_set(third, None, table)
    assert not calibrated and pset.values == third.settings and by_structure.payoff(pset) is None


def test_a_given_set_runs_under_every_structure_with_the_switch_set():
    table = ParameterTable()
    for s in structures():
        pset, calibrated = by_structure.structure_set(s, {"catch up speed": 0.2}, table)
        assert not calibrated
        assert pset.values == {"catch up speed": 0.2, **s.settings}


def test_compare_all_structures_json(cli, outputs_dir):
    code, out, err = cli("compare", "baseline", "fdi-linkages", "--structure", "all", "--json")
    assert code == 0, err
    summary = json.loads(out)
    assert [s["name"] for s in summary["structures"]] == [s.name for s in structures()]
    for entry in summary["structures"]:
        assert {"payoff", "calibrated", "parameter_set"} <= set(entry)
        policy = entry["scenarios"]["fdi-linkages"]
        assert policy["values"]["tfp-contribution"] is not None and policy["cost"]["cost_pv"] > 0
        assert {"benefit_cost_ratio", "tfp_share_points_per_1000bn", "tfp_growth_points_per_1000bn"} <= set(policy["cost"])
    folder = next(outputs_dir.iterdir())
    assert (folder / "structures.csv").is_file()
    assert all((folder / s.name / "costs.csv").is_file() for s in structures())


def test_api_compare_by_structure_has_one_block_per_structure():
    import innovsd

    frame = innovsd.compare(["baseline", "talent"], structures="all")
    assert sorted(set(frame["structure"])) == sorted(s.name for s in structures())
    talent = frame[(frame["scenario"] == "talent") & (frame["target"] == "tfp-contribution")]
    assert len(talent) == len(structures()) and (talent["cost_pv"] > 0).all()


def test_causal_checks_run_under_every_other_structure(engine, table):
    from innovsd.scenarios import validity

    found = validity.structure_checks(engine, None, {}, table)
    named = {r.figures["structure"] for r in found}
    assert named == {s.name for s in structures()[1:]}  # the default structure is checked by the others
    for s in structures()[1:]:
        mine = [r for r in found if r.figures["structure"] == s.name]
        assert any(r.title.values["check"].key == "check monotone" for r in mine)
        assert any(r.title.values["check"].key == "check multiplier" for r in mine)
        assert all(s.name in r.name for r in mine)


def test_unknown_structure_is_one_line(cli, outputs_dir):
    code, out, err = cli("compare", "baseline", "--structure", "no-such")
    assert code == 2 and err.count("\n") == 1 and "no-such" in err
    assert not any(outputs_dir.iterdir()) if outputs_dir.exists() else True
