"""`innovsd run`, `describe`, `check` and their answers to bad input."""

from __future__ import annotations

import json

import pytest


def _folders(root):
    return sorted(p.name for p in root.iterdir()) if root.exists() else []


def test_run_prints_key_indicators_and_writes_csv_and_plot(cli, outputs_dir):
    code, out, err = cli("run")
    assert code == 0, err
    assert "TFP" in out and "2035" in out and "Startups" in out
    (folder,) = list(outputs_dir.iterdir())
    assert (folder / "results.csv").stat().st_size > 0
    assert (folder / "indicators.png").stat().st_size > 10_000


def test_run_json_summary_and_set_override(cli):
    code, out, _ = cli("run", "--json", "--set", "frontier TFP growth=0.012")
    assert code == 0
    summary = json.loads(out)
    assert summary["overrides"] == {"frontier TFP growth": 0.012}
    code, base_out, _ = cli("run", "--json")
    base = json.loads(base_out)
    key = "TFP contribution to GRDP growth"
    assert summary["indicators"][key]["2030"] > base["indicators"][key]["2030"]


def test_every_run_writes_a_new_folder(cli, outputs_dir):
    cli("run", "--json")
    cli("run", "--json")
    assert len(_folders(outputs_dir)) == 2


def test_describe_lists_stocks_flows_and_sourced_parameters(cli):
    code, out, _ = cli("describe", "--json")
    assert code == 0
    rows = json.loads(out)
    roles = {r["role"] for r in rows}
    assert {"stock", "flow", "constant", "lever", "auxiliary"} <= roles
    constants = [r for r in rows if r["role"] == "constant"]
    assert all(r["units"] and r["low"] is not None and r["basis"] for r in constants)
    code, text, _ = cli("describe", "--kind", "stock")
    assert "knowledge stock" in text and "bnVND" in text


def test_check_reports_every_check(cli, engine):
    code, out, _ = cli("check", "--json")
    results = json.loads(out)
    names = [r["name"] for r in results]
    assert "units and documentation present" in names
    assert any(n.startswith("extreme: zero S&T budget") for n in names)
    assert any(n.startswith("extreme: 10% S&T budget") for n in names)
    assert any(n.startswith("extreme: no researchers") for n in names)
    assert "integration error (time step halved)" in names
    assert sum(n.startswith("mass balance:") for n in names) == len(engine.stocks)
    assert any(n.startswith("history: TFP contribution to GRDP growth") for n in names)
    assert all(r["status"] in ("pass", "warn") for r in results if r["name"].startswith("history:"))
    assert code == (1 if any(r["status"] == "fail" for r in results) else 0)


@pytest.mark.parametrize(
    "args, expected",
    [
        (["run", "--set", "no such parameter=1"], "unknown parameter 'no such parameter'"),
        (["run", "--set", "imitation rate=abc"], "imitation rate: 'abc' is not a number"),
        (["run", "--set", "imitation rate=5"], "imitation rate: 5 is outside the plausible range"),
        (["run", "--set", "imitation rate"], "'imitation rate' is not NAME=VALUE"),
        (["run", "--params", "missing.json"], "missing.json: parameter file not found"),
    ],
)
def test_bad_input_gives_one_clear_line(cli, outputs_dir, args, expected):
    earlier = outputs_dir / "20250101-000000-run-baseline"
    earlier.mkdir(parents=True)
    (earlier / "results.csv").write_text("kept")
    code, out, err = cli(*args)
    assert code == 2
    assert expected in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in out + err
    assert _folders(outputs_dir) == [earlier.name]
    assert (earlier / "results.csv").read_text() == "kept"


def test_bad_params_file_names_file_and_field(cli, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"values": {"imitation rate": "fast"}}))
    code, _, err = cli("run", "--params", str(bad))
    assert code == 2 and "bad.json" in err and "imitation rate" in err and "Traceback" not in err


def test_unwritable_output_folder_is_one_line(cli, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("INNOVSD_OUTPUTS", str(blocker / "outputs"))
    code, out, err = cli("run")
    assert code == 2
    assert "cannot create an output folder" in err and len(err.strip().splitlines()) == 1
    assert blocker.read_text() == "not a folder"


def test_debug_shows_the_traceback(cli):
    from innovsd.errors import InputError

    with pytest.raises(InputError):
        cli("--debug", "run", "--set", "nonsense=1")
