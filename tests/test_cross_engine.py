"""The .mdl is portable: Simlin, an independent SD engine, runs it to pysd's results (every element
of every regional variable too), finds no unit errors and reads every pipe from the sketch; the
sketch draws each equation variable exactly once."""

from __future__ import annotations

import csv
import json
import re

import numpy as np
import pytest
import simlin

from innovsd.model.engine import MODEL_FILE

REL_TOL = 1e-6
SKETCH_MARKER = "\\\\\\---///"
CONTROL = {"final time", "initial time", "saveper", "time step"}
# Changed constants for a second comparison: the fund is empty in the baseline, so switch it on.
CHANGED = {"VC fund size": 2000.0, "cofunding leverage": 1.2, "imitation rate": 0.35, "startup lifetime": 3.0}


def _key(name: str) -> str:
    return re.sub(r"[\s_]+", " ", name.strip().strip('"')).lower()


def _simlin_name(name: str) -> str:
    return _key(name).replace(" ", "_")


@pytest.fixture(scope="module")
def simlin_model():
    return simlin.load(str(MODEL_FILE))


def _worst_differences(engine, simlin_model, params: dict[str, float]) -> dict[str, float]:
    pysd_run = engine.run(params)
    overrides = {_simlin_name(name): value for name, value in params.items()}
    results = simlin_model.run(overrides=overrides, analyze_loops=False).results
    assert np.allclose(results.index.to_numpy(), pysd_run.times)
    worst = {}
    # One column per element of a regional variable, name[HaiPhong], as Simlin names them too.
    for name, ours in pysd_run.columns().items():
        if name == "Time":
            continue
        theirs = results[_simlin_name(name)].to_numpy()
        worst[name] = float(np.max(np.abs(ours - theirs) / np.maximum(np.abs(ours), 1e-12)))
    for name, value in {**engine.constants, **params}.items():
        dims = engine.dims.get(name, ())
        labels = [engine.subscripts[d] for d in dims]
        for index in np.ndindex(*np.shape(value)):
            column = f"{name}[{','.join(labels[axis][i] for axis, i in enumerate(index))}]" if dims else name
            theirs, wanted = results[_simlin_name(column)].to_numpy(), float(np.asarray(value)[index])
            worst[column] = float(np.max(np.abs(theirs - wanted) / max(abs(wanted), 1e-12)))
    return worst


@pytest.mark.parametrize("params", [{}, CHANGED], ids=["baseline", "changed-constants"])
def test_simlin_run_matches_pysd_on_every_variable(engine, simlin_model, params):
    worst = _worst_differences(engine, simlin_model, params)
    assert len(worst) > 100
    assert {name: diff for name, diff in worst.items() if not diff <= REL_TOL} == {}


def test_changed_constants_move_the_venture_sector(engine):
    # Guards the second comparison against comparing zeros with zeros.
    assert np.max(engine.run(CHANGED)["VC fund investment"]) > 100


def test_simlin_finds_no_unit_or_model_errors(simlin_model):
    assert [error.message for error in simlin_model.project.get_errors()] == []
    assert simlin_model.check_units() == ()


def test_simlin_reads_every_pipe_from_the_sketch(simlin_model):
    model = json.loads(simlin_model.project.serialize_json())["models"][0]
    elements = [e for view in model["views"] for e in view["elements"]]
    by_uid = {e["uid"]: e for e in elements}
    drawn = {}
    for element in elements:
        if element["type"] == "flow":
            ends = [by_uid[p["attachedToUid"]] for p in (element["points"][0], element["points"][-1])]
            drawn[_key(element["name"])] = tuple(_key(e["name"]) if e["type"] == "stock" else None for e in ends)
    expected = {}
    for stock in model["stocks"]:
        for flow in stock.get("inflows", []):
            expected.setdefault(_key(flow), [None, None])[1] = _key(stock["name"])
        for flow in stock.get("outflows", []):
            expected.setdefault(_key(flow), [None, None])[0] = _key(stock["name"])
    assert drawn == {flow: tuple(ends) for flow, ends in expected.items()}


# -- tool-free checks of the sketch section ------------------------------------------------------
def _equations_and_sketch():
    text = MODEL_FILE.read_text(encoding="utf-8")
    equations, sketch = text.split(SKETCH_MARKER, 1)
    names = set()
    for block in re.split(r"\n\s*\|\s*\n", equations):
        body = block.split("~", 1)[0]
        if re.search(r"\*{10,}", body) or "=" not in body:
            continue
        # A regional variable is drawn once, whatever its subscripts or per-element equations.
        names.add(_key(re.sub(r"\[[^\]]*\]", "", body.split("=", 1)[0].replace("{UTF-8}", ""))))
    return names, sketch.split("///---\\\\\\")[0]


def _sketch_views(sketch: str) -> list[list[list[str]]]:
    views = []
    for line in sketch.splitlines():
        if line.startswith("*"):
            views.append([])
        elif re.match(r"^\d+,", line) and views:
            views[-1].append(next(csv.reader([line])))
    return views


def test_sketch_draws_only_equation_variables_and_each_exactly_once():
    names, sketch = _equations_and_sketch()
    views = _sketch_views(sketch)
    assert len(views) >= 9
    primary, shadow = [], set()
    for view in views:
        for fields in view:
            if fields[0] == "10" and fields[8] == "3":
                primary.append(_key(fields[2]))
            elif fields[0] == "10":
                shadow.add(_key(fields[2]))
    assert set(primary) | shadow <= names | {"time"}
    assert sorted(primary) == sorted(names - CONTROL)


def test_sketch_links_join_objects_of_their_own_view():
    _, sketch = _equations_and_sketch()
    for view in _sketch_views(sketch):
        ids = {fields[1] for fields in view if fields[0] in ("10", "11", "12")}
        for fields in view:
            if fields[0] == "1":
                assert {fields[2], fields[3]} <= ids, fields
