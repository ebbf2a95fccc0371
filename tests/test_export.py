"""`innovsd export`: the scenario's .mdl runs in pysd and Simlin, and its XMILE in Simlin, to the
results innovsd computes; the .cin carries exactly the same changes; the .tab holds the results."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

from innovsd.present import vensim
from innovsd.model.engine import shared_engine
from innovsd.model.parameters import ParameterTable, load_parameter_set
from innovsd.scenarios.library import ScenarioLoader

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = "innovation-city"  # levers (lookups) and constants (the VC fund) both change
REL_TOL = 1e-6
# pysd takes about a second per simulated year of the regional model: its run stops in the scorecard
# year, after the 2020 dip, the fund (2026 on) and the park's opening (2028); Simlin runs the whole horizon.
PYSD_UNTIL = 2030.0


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    out = tmp_path_factory.mktemp("export")
    done = subprocess.run([str(Path(sys.executable).parent / "innovsd"), "export", SCENARIO],
                          capture_output=True, text=True, cwd=ROOT, env={"INNOVSD_OUTPUTS": str(out), "PATH": "/usr/bin:/bin",
                               "INNOVSD_CACHE": os.environ["INNOVSD_CACHE"]})
    assert done.returncode == 0, done.stderr
    folder = next(out.glob(f"*-export-{SCENARIO}"))
    engine = shared_engine()
    table = ParameterTable()
    scenario = ScenarioLoader(engine, table).load(SCENARIO)
    constants = {**load_parameter_set(None, table).values, **scenario.params}
    assert scenario.paths and scenario.params, "the scenario must exercise both lookups and constants"
    ours = engine.run(constants, scenario.paths)
    return folder, engine, ours, constants, scenario


def _files(folder: Path) -> dict[str, Path]:
    return {p.suffix[1:]: p for p in folder.iterdir()}


def _key(name: str) -> str:
    return re.sub(r"[\s_]+", " ", name.strip().strip('"')).lower()


def _worst(ours, theirs: dict[str, np.ndarray], saved: int | None = None) -> dict[str, float]:
    """Each variable's worst relative difference over the first ``saved`` saved times (all: None)."""
    worst = {}
    for name, values in ours.columns().items():  # a subscripted variable: one column per element
        if name == "Time":
            continue
        values, other = values[:saved], theirs[_key(name)]
        # Where a series passes near zero (a flow at rest, TFP growth of 0.04 %/yr in the 2020 pandemic
        # against 6 %/yr around it) the engines' 1e-8 differences are read on a tenth of its scale.
        scale = np.maximum(np.abs(values), max(0.1 * float(np.max(np.abs(values))), 1e-12))
        worst[name] = float(np.max(np.abs(values - other) / scale))
    return worst


@pytest.mark.slow
def test_exported_mdl_runs_in_pysd_to_innovsd_results(exported, tmp_path):
    import pysd

    folder, engine, ours, _, _ = exported
    copy = tmp_path / "model.mdl"
    copy.write_text(_files(folder)["mdl"].read_text(encoding="utf-8"), encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = pysd.read_vensim(str(copy))
        times = [t for t in ours.times if t <= PYSD_UNTIL]
        frame = model.run(return_columns=[n for n in ours.values if n != "Time"], return_timestamps=times,
                          final_time=PYSD_UNTIL)
    assert list(frame.index) == times and times[-1] == PYSD_UNTIL
    theirs = {_key(c): frame[c].to_numpy() for c in frame.columns}
    worst = _worst(ours, theirs, len(times))
    assert len(worst) > 50
    assert {k: v for k, v in worst.items() if not v <= REL_TOL} == {}
    # Not the shipped defaults: the lever tables and the fund really changed the years compared.
    compared = slice(None, len(times))
    assert np.max(ours["science park incubation capacity"][:, compared]) > 0
    assert np.max(ours["VC fund investment"][:, compared]) > 0


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["mdl", "xmile"])
def test_exported_model_runs_in_simlin_to_innovsd_results(exported, fmt):
    import simlin

    folder, engine, ours, _, _ = exported
    model = simlin.load(str(_files(folder)[fmt]))
    assert [e.message for e in model.project.get_errors()] == []
    results = model.run(analyze_loops=False).results
    theirs = {_key(c): results[c].to_numpy() for c in results.columns}
    assert np.allclose(results.index.to_numpy(), ours.times)
    worst = _worst(ours, theirs)
    assert {k: v for k, v in worst.items() if not v <= REL_TOL} == {}


@pytest.mark.slow
def test_changes_file_holds_the_same_changes_as_the_model(exported):
    folder, engine, _, constants, scenario = exported
    files = _files(folder)
    lines = files["cin"].read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("{") and lines[0].endswith("}")
    read_constants, read_lookups = {}, {}
    for line in lines[1:]:
        if " = " in line:
            name, value = line.split(" = ")
            read_constants[name] = float(value)
        else:
            name, table = re.match(r"^(.+?)\((\[.*\]),(.*)\)$", line).group(1, 3)
            points = np.array(re.findall(r"\(([^,()]+),([^,()]+)\)", table), dtype=float)
            read_lookups[name] = (points[:, 0], points[:, 1])
    assert read_constants == pytest.approx(constants, rel=1e-15)
    assert set(read_lookups) == set(scenario.paths)
    assert vensim.rewrite_model(engine.mdl_path, read_constants, read_lookups) == files["mdl"].read_text(encoding="utf-8")


@pytest.mark.slow
def test_tab_is_vensim_layout_with_the_results(exported):
    folder, _, ours, _, _ = exported
    rows = [line.split("\t") for line in _files(folder)["tab"].read_text(encoding="utf-8").splitlines()]
    assert rows[0][0] == "Time" and [float(x) for x in rows[0][1:]] == list(ours.times)
    table = {row[0]: np.array(row[1:], dtype=float) for row in rows[1:]}
    columns = ours.columns()  # Vensim's layout: one row per element of a subscripted variable
    assert set(table) == set(columns)
    for name, values in columns.items():
        assert np.array_equal(table[name], values)


def test_corners_keep_the_path_exactly():
    xs = np.arange(2013, 2035.01, 1 / 16)
    ys = np.interp(xs, [2013, 2026, 2030, 2035], [0, 0, 3, 3])
    cx, cy = vensim.corners(xs, ys)
    assert len(cx) == 4
    assert np.allclose(np.interp(xs, cx, cy), ys, atol=1e-12)


@pytest.mark.slow
def test_unknown_format_is_one_line_exit_2(tmp_path):
    done = subprocess.run([str(Path(sys.executable).parent / "innovsd"), "export", "baseline", "--format", "vpm"],
                          capture_output=True, text=True, cwd=ROOT, env={"INNOVSD_OUTPUTS": str(tmp_path), "PATH": "/usr/bin:/bin",
                               "INNOVSD_CACHE": os.environ["INNOVSD_CACHE"]})
    assert done.returncode == 2 and "vpm" in done.stderr and "Traceback" not in done.stderr
    assert not any(tmp_path.iterdir())
