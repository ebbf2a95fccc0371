"""The installable package: public API, CLI conventions, data as package data, portable provenance."""

from __future__ import annotations

import inspect
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import innovsd

ROOT = Path(__file__).resolve().parents[1]
TFP = "TFP contribution to GRDP growth"
BIN = Path(sys.executable).parent


def test_api_is_declared():
    assert {"run", "compare", "calibrate", "fit", "sensitivity", "seek", "load_model"} <= set(innovsd.__all__)
    assert all(callable(getattr(innovsd, name)) for name in innovsd.__all__ if name not in ("__version__", "InputError"))


def test_run_returns_a_labelled_dataset_with_the_calibrated_set(tmp_path):
    from innovsd.model.parameters import DEFAULT_PARAMETER_SET, ParameterSet

    ds = innovsd.run("st-budget-3pct")
    assert ds[TFP].dims == ("member", "time") and ds.sizes["member"] == 1
    assert ds[TFP].attrs["units"] == "percent" and "TFP" in ds[TFP].attrs["description"]
    assert ds.attrs["parameter_set"] == "calibration/params/default.json"
    # The .mdl carries the calibrated values rounded, so the set's own values must be the ones used...
    explicit = innovsd.run("st-budget-3pct", params=DEFAULT_PARAMETER_SET)
    assert (ds[TFP].values == explicit[TFP].values).all()
    # ...and another set changes the answer.
    other = tmp_path / "other.json"
    ParameterSet({"capital elasticity": 0.35}, {"kind": "test"}).save(other)  # the Đồng Tháp weight
    assert innovsd.run("st-budget-3pct", params=other)[TFP].sel(time=2030).item() != pytest.approx(
        ds[TFP].sel(time=2030).item(), abs=0.5)


def test_api_run_and_cli_compare_give_the_same_number(cli):
    code, out, err = cli("compare", "st-budget-3pct", "--json", "--no-figures")
    assert code == 0, err
    (tfp,) = [t for t in json.loads(out)["targets"] if t["indicator"] == TFP and t["id"] == "tfp-contribution"]
    expected = tfp["scenarios"]["st-budget-3pct"]["value"]
    assert innovsd.run("st-budget-3pct")[TFP].sel(time=2030).item() == expected  # the same number, not rounded


def test_compare_returns_the_scorecard_frame():
    card = innovsd.compare(["baseline", "st-budget-3pct"])
    row = card[(card.target == "tfp-contribution") & (card.scenario == "st-budget-3pct")].iloc[0]
    assert row.value == pytest.approx(innovsd.run("st-budget-3pct")[TFP].sel(time=2030).item(), rel=1e-12)
    assert {"met", "vs_baseline", "probability_met", "first_year_met"} <= set(card.columns)


def test_api_errors_name_the_argument_not_a_flag():
    with pytest.raises(innovsd.InputError) as caught:
        innovsd.run(overrides={"imitation rate": 5})
    assert "imitation rate" in str(caught.value) and "--" not in str(caught.value)


def test_the_old_name_set_still_works_for_one_release_with_a_warning():
    with pytest.warns(DeprecationWarning, match="overrides="):
        old = innovsd.run("st-budget-3pct", set={"imitation rate": 0.3})
    assert (old[TFP].values == innovsd.run("st-budget-3pct", overrides={"imitation rate": 0.3})[TFP].values).all()
    with pytest.warns(DeprecationWarning), pytest.raises(innovsd.InputError, match="imitation rate"):
        innovsd.run(set={"imitation rate": 5})


def test_input_errors_are_value_errors_and_a_missing_file_is_a_file_not_found_error(tmp_path):
    with pytest.raises(ValueError, match="imitation rate"):
        innovsd.run(overrides={"imitation rate": 5})
    with pytest.raises(FileNotFoundError) as caught:
        innovsd.run(params=tmp_path / "missing.json")
    assert isinstance(caught.value, innovsd.InputError) and "missing.json" in str(caught.value)


def test_params_takes_values_a_saved_set_or_its_file(tmp_path):
    from innovsd.model.parameters import DEFAULT_PARAMETER_SET, ParameterSet, ParameterTable

    shipped = ParameterSet.load(DEFAULT_PARAMETER_SET, ParameterTable())
    by_file = innovsd.run("st-budget-3pct", params=str(DEFAULT_PARAMETER_SET))
    for given in (shipped, shipped.values):
        ds = innovsd.run("st-budget-3pct", params=given)
        assert (ds[TFP].values == by_file[TFP].values).all()
    assert innovsd.run(params={"capital elasticity": 0.35}).attrs["parameter_set"] == "values given as params"
    with pytest.raises(innovsd.InputError, match="params: capital elasticity"):
        innovsd.run(params={"capital elasticity": 99})


def test_quick_results_offer_a_dataframe():
    """The API's result objects all end in .to_dataframe(), as xarray and SALib results do."""
    import pandas as pd

    for result in (innovsd.simulate(), innovsd.describe("stock"), innovsd.describe_scenario("vc-fund"),
                   innovsd.seek("ST budget share>=2.5"), innovsd.fit()):
        frame = result.to_dataframe()
        assert isinstance(frame, pd.DataFrame) and len(frame) > 0, type(result).__name__


@pytest.mark.slow
def test_every_result_offers_a_dataframe(tmp_path):
    import pandas as pd

    from innovsd.model.parameters import ParameterSet, ParameterTable, load_parameter_set

    # The explorer's whole grid with the shipped values and two of their draws: a central value and a
    # probability for every combination, in seconds rather than the full ensemble's minute and a half.
    shipped = load_parameter_set(None, ParameterTable())
    two_draws = ParameterSet(dict(shipped.values), {"source": "2 shipped draws"},
                             {name: draws[:2].tolist() for name, draws in shipped.ensemble_arrays().items()})
    results = {
        "prepare_comparison": innovsd.prepare_comparison(["baseline", "vc-fund"]),
        "check": innovsd.check(),
        "sensitivity": innovsd.sensitivity(method="morris", n=4),
        "explore": innovsd.explore(params=two_draws),
        "calibrate": innovsd.calibrate(steps=0, generations=1),
    }
    for name, result in results.items():
        frame = result.to_dataframe()
        assert isinstance(frame, pd.DataFrame) and len(frame) > 0, name
    comparison = results["prepare_comparison"]
    assert set(comparison.to_dataframe()["scenario"]) == {"baseline", "vc-fund"}
    assert comparison.dataset.sizes["scenario"] == 2 and comparison.dataset.attrs["ensemble_members"] > 0
    explored = results["explore"].to_dataframe()
    assert len(explored) == len(results["explore"].grid["combos"]) and results["explore"].grid["members"] == 2
    assert explored.filter(like=" probability").notna().all().all() and len(explored.filter(like=" probability").columns) > 0


def test_the_api_functions_declare_and_document_what_they_return():
    for name in innovsd.__all__:
        function = getattr(innovsd, name)
        if not inspect.isfunction(function):
            continue
        assert inspect.signature(function).return_annotation is not inspect.Signature.empty, name
        assert "Returns\n    -------" in (function.__doc__ or ""), f"{name}: no numpydoc Returns section"


@pytest.mark.parametrize("args", [["run", "--bogus"], ["nosuchcommand"], ["compare", "--year"]])
def test_usage_errors_give_one_line_and_exit_2(cli, args):
    code, out, err = cli(*args)
    assert code == 2, (code, err)
    assert len(err.strip().splitlines()) == 1 and err.startswith("error:") and "Traceback" not in err


def test_version(cli):
    code, out, _ = cli("--version")
    assert code == 0 and out.strip() == f"innovsd {innovsd.__version__}" and innovsd.__version__[0].isdigit()


def test_quiet_run_prints_only_the_json_and_no_plot(cli, outputs_dir):
    code, out, err = cli("--quiet", "run", "--json", "--no-plot")
    assert code == 0, err
    summary = json.loads(out)
    (folder,) = list(outputs_dir.iterdir())
    assert "plot" not in summary["outputs"] and not (folder / "indicators.png").exists()
    assert (folder / "results.csv").stat().st_size > 0


@pytest.mark.slow
def test_python_dash_m_and_completion():
    help_text = subprocess.run([sys.executable, "-m", "innovsd", "--help"], capture_output=True, text=True, check=True).stdout
    assert "--install-completion" in help_text and "--version" in help_text


@pytest.mark.slow
def test_outputs_go_to_the_working_folder_and_data_come_from_the_package(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "INNOVSD_OUTPUTS"}
    result = subprocess.run([str(BIN / "innovsd"), "run", "--json", "--no-plot"], cwd=tmp_path, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    folder = Path(json.loads(result.stdout)["outputs"]["folder"])
    assert folder.parent == tmp_path / "outputs"


def test_shipped_provenance_names_no_machine_path():
    from innovsd.model.parameters import DEFAULT_PARAMETER_SET

    provenance = json.loads(DEFAULT_PARAMETER_SET.read_text())["provenance"]
    for key in ("data_file", "priors_file"):
        assert not Path(provenance[key]).is_absolute() and ":" not in provenance[key]
    from innovsd.resources import recorded_path

    assert recorded_path(provenance["data_file"]).is_file() and recorded_path(provenance["priors_file"]).is_file()


def test_fit_uses_the_history_recorded_in_the_set_or_says_it_differs(tmp_path, engine):
    from innovsd.calibration.history import HISTORY_FILE
    from innovsd.model.parameters import DEFAULT_PARAMETER_SET

    shipped = innovsd.fit()
    assert shipped.data_file == HISTORY_FILE and shipped.notes == []
    other = tmp_path / "history.csv"
    lines = HISTORY_FILE.read_text(encoding="utf-8").splitlines(keepends=True)
    other.write_text("".join(lines[:-1]), encoding="utf-8")  # one observation fewer
    body = json.loads(DEFAULT_PARAMETER_SET.read_text())
    body["provenance"]["data_file"] = "history.csv"  # beside the set: paths in a file are relative to it
    fitted_elsewhere = tmp_path / "set.json"
    fitted_elsewhere.write_text(json.dumps(body))
    report = innovsd.fit(fitted_elsewhere)
    assert report.data_file == other and len(report.rows) == len(shipped.rows) - 1
    assert any("differs" in note for note in report.notes)  # same name, other content than recorded


def test_calibrate_help_defaults_match_the_optimiser_settings():
    from innovsd.calibration.calibrate import Settings
    from innovsd.cli import calibration_commands as cc

    defaults = Settings()
    expected = (defaults.seed, defaults.maxiter, defaults.chains, defaults.steps, defaults.ess)
    assert (cc.SEED, cc.GENERATIONS, cc.CHAINS, cc.STEPS, cc.ESS) == expected
    assert cc.STARTS == defaults.starts  # the progress bar's length
    api = inspect.signature(innovsd.calibrate).parameters  # the API spells them out for help() too
    assert tuple(api[k].default for k in ("seed", "generations", "chains", "steps", "ess")) == expected


@pytest.mark.slow
def test_example_script_runs(tmp_path):
    result = subprocess.run([sys.executable, str(ROOT / "examples" / "notebook_api.py")], cwd=tmp_path,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "TFP contribution to GRDP growth, 2030" in result.stdout and "tfp-contribution" in result.stdout


@pytest.mark.slow
def test_help_does_not_import_the_numeric_stack():
    code = ("import sys\nfrom innovsd.cli.app import app\n"
            "print(sorted(m for m in ('numpy', 'pandas', 'pysd', 'matplotlib', 'scipy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_scenario_json_schema_is_generated_from_the_models(engine):
    """The shipped schema editors use for YAML completion is exactly what the pydantic models give
    (regenerate with `python -m innovsd.scenarios.spec`), so it cannot drift from the loader."""
    from innovsd.scenarios import spec
    from innovsd.resources import data_file

    shipped = data_file("innovsd.scenarios", "scenario.schema.json").read_text(encoding="utf-8")
    assert shipped == spec.schema_text(spec.lever_names(engine))


def test_scenario_json_schema_agrees_with_the_loader_and_the_shipped_files(engine):
    """The schema editors use for YAML completion may not drift from what innovsd accepts."""
    import yaml

    from innovsd.resources import data_file
    from innovsd.scenarios import library
    from innovsd.scenarios import spec as grammar
    from innovsd.scenarios.levers import lever_aliases

    schema = json.loads(data_file("innovsd.scenarios", "scenario.schema.json").read_text(encoding="utf-8"))
    assert set(schema["properties"]) == set(grammar.FIELDS) and set(schema["required"]) == set(grammar.REQUIRED)
    piece_defs = {kind: f"{kind.capitalize()}Piece" for kind in grammar.PIECE_KINDS}
    assert set(piece_defs.values()) <= set(schema["$defs"])
    levers = next(choice for choice in schema["properties"]["levers"]["anyOf"] if choice.get("type") == "object")
    assert set(levers["properties"]) == set(engine.levers) | set(lever_aliases())
    for name in library.shipped_names():
        data = yaml.safe_load(data_file("innovsd.scenarios", f"{name}.yaml").read_text(encoding="utf-8"))
        assert set(data) <= set(schema["properties"]) and set(schema["required"]) <= set(data), name
        for lever, spec in (data.get("levers") or {}).items():
            assert lever in levers["properties"], (name, lever)
            for piece in spec if isinstance(spec, list) else [spec]:
                kind = "value" if "value" in piece else next(iter(piece))
                assert set(piece) <= set(schema["$defs"][piece_defs[kind]]["properties"]), (name, piece)


@pytest.mark.parametrize("call", [
    lambda: innovsd.prepare_comparison(["baseline"], year=2050),
    lambda: innovsd.seek("tfp-contribution", by=2050),
    lambda: innovsd.sensitivity(method="mc", n=2, year=2050),
    lambda: innovsd.explore(year=2050),
])
def test_one_horizon_check_says_the_same_everywhere(call):
    with pytest.raises(innovsd.InputError, match="year 2050 is outside the model horizon 2013-2045"):
        call()


def test_names_match_as_vensim_matches_them(table):
    from innovsd.model.names import name_key

    assert name_key(' "Imitation_Rate" ') == name_key("imitation  rate") == "imitation rate"
    assert table.canonical("Imitation_Rate") == "imitation rate"
