"""`innovsd diff RUN_A RUN_B`: changed inputs by their recorded hashes, changed scorecard values."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from innovsd.present import rundiff

ROOT = Path(__file__).resolve().parents[1]
PROVENANCE = {
    "date": "2026-11-23T10:00:00", "model": {"file": "haiphong_innovation.mdl", "sha256": "m1"},
    "parameter_table": {"file": "model/parameters.csv", "sha256": "t1"},
    "parameter_set": {"file": "calibration/params/default.json", "sha256": "p1"}, "ensemble_members": 100,
    "history": {"file": "calibration/data/history.csv", "sha256": "h1"},
    "targets": {"file": "scenarios/targets.csv", "sha256": "g1"},
    "scenarios": {"names": ["baseline", "vc-fund"], "sha256": "s1"},
}
CARD = pd.DataFrame({"target": ["tfp", "tfp", "startups"], "scenario": ["baseline", "vc-fund", "baseline"],
                     "value": [51.5, 54.8, 81.2], "met": [False, False, False], "probability_met": [0.07, 0.11, 0.0],
                     "first_year_met": [None, None, None]})


def _folder(path: Path, provenance: dict, card: pd.DataFrame) -> Path:
    path.mkdir()
    (path / "provenance.json").write_text(json.dumps(provenance), encoding="utf-8")
    card.to_csv(path / "scorecard.csv", index=False, encoding="utf-8-sig")
    return path


def test_same_inputs_and_values_report_nothing(tmp_path):
    a = rundiff.read_run(_folder(tmp_path / "a", PROVENANCE, CARD))
    b = rundiff.read_run(_folder(tmp_path / "b", {**PROVENANCE, "date": "later"}, CARD.copy()))
    assert rundiff.input_changes(a[0], b[0]) == []
    assert rundiff.scorecard_changes(a[1], b[1]).empty


def test_changed_parameter_set_and_value_are_reported(tmp_path):
    changed = json.loads(json.dumps(PROVENANCE))
    changed["parameter_set"] = {"file": "mine.json", "sha256": "p2"}
    card = CARD.copy()
    card.loc[1, ["value", "met", "probability_met"]] = [63.0, True, 0.6]
    a = rundiff.read_run(_folder(tmp_path / "a", PROVENANCE, CARD))
    b = rundiff.read_run(_folder(tmp_path / "b", changed, card))
    assert rundiff.input_changes(a[0], b[0]) == [
        ("parameter set file", "calibration/params/default.json", "mine.json"), ("parameter set content", "p1", "p2")]
    values = rundiff.scorecard_changes(a[1], b[1])
    assert values[["target", "scenario"]].values.tolist() == [["tfp", "vc-fund"]]
    row = values.iloc[0]
    assert row["change"] == 63.0 - 54.8 and row["met_a"] == False and row["met_b"] == True  # noqa: E712


@pytest.mark.slow
def test_cli_prints_both_and_rejects_a_folder_that_is_not_a_run(tmp_path):
    changed = {**PROVENANCE, "model": {"file": "haiphong_innovation.mdl", "sha256": "m2"}}
    a = _folder(tmp_path / "a", PROVENANCE, CARD)
    b = _folder(tmp_path / "b", changed, CARD.assign(value=[51.5, 54.8, 90.0]))
    innovsd = str(Path(sys.executable).parent / "innovsd")
    env = {"PATH": "/usr/bin:/bin", "COLUMNS": "200"}
    done = subprocess.run([innovsd, "diff", str(a), str(b), "--json"], capture_output=True, text=True, cwd=ROOT, env=env)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["inputs"] == [{"input": "model file", "a": "m1", "b": "m2"}]
    assert [(r["target"], r["scenario"], round(r["change"], 6)) for r in report["scorecard"]] == [("startups", "baseline", 8.8)]
    (tmp_path / "empty").mkdir()
    done = subprocess.run([innovsd, "diff", str(a), str(tmp_path / "empty")], capture_output=True, text=True, cwd=ROOT, env=env)
    assert done.returncode == 2 and "provenance.json" in done.stderr and "Traceback" not in done.stderr
