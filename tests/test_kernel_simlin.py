"""The kernel against Simlin, an independent engine, on the project's own model: every variable and
every element of a subscripted one, within 1e-9 relative, at the defaults, with the uncertain
constants moved halfway to the top of their ranges, and under each competing structure the model's
folder lists (structures.csv); the compiled kernel gives the plain one's numbers bit for bit.
Simlin takes a fraction of a second where pysd takes a minute on the regional model, so it is the
reference here (tests/test_kernel.py compares the kernel with pysd)."""

from __future__ import annotations

import csv
import re

import numpy as np
import pytest
import simlin

from innovsd.model.engine import MODEL_FILE, Engine
from innovsd.model.parameters import ParameterTable

REL_TOL = 1e-9
STRUCTURES = MODEL_FILE.parent / "structures.csv"


def _simlin_name(name: str) -> str:
    """Simlin's spelling of a variable or one element: lower case, underscores, no spaces."""
    base, mark, element = name.partition("[")
    spelled = re.sub(r"[\s_]+", "_", base.strip().strip('"')).lower()
    return spelled + (mark + element.replace(" ", "").lower() if mark else "")


def _structures() -> dict[str, dict[str, float]]:
    """The competing structures: name -> the switch constants that select it."""
    if not STRUCTURES.is_file():
        return {}
    found = {}
    with open(STRUCTURES, newline="", encoding="utf-8") as stream:
        for row in csv.DictReader(stream):
            pairs = (part.split("=") for part in row["settings"].split(";") if part.strip())
            found[row["name"]] = {name.strip(): float(value) for name, value in pairs}
    return found


def _halfway_up(engine: Engine) -> dict[str, float]:
    """Every uncertain constant of the model halfway from its value to the top of its range."""
    moved = {}
    for parameter in ParameterTable().uncertain():
        if parameter.name.split("[")[0] in engine.constants:
            moved[parameter.name] = parameter.value + 0.5 * (parameter.high - parameter.value)
    return moved


def _default(engine: Engine, name: str) -> float:
    """The model's own value of a constant or of one element of it."""
    base, _, element = name.partition("[")
    value = np.asarray(engine.constants[base])
    labels = element.rstrip("]").split(",") if element else []
    return float(value[tuple(engine.subscripts[d].index(e) for d, e in zip(engine.dims.get(base, ()), labels))])


CASES = ["defaults", "halfway up", *(f"structure {name}" for name in _structures())]


@pytest.fixture(scope="module")
def plain():
    return Engine(MODEL_FILE)


@pytest.fixture(scope="module")
def compiled():
    return Engine(MODEL_FILE, use_kernel=True)


@pytest.fixture(scope="module")
def simlin_model():
    return simlin.load(str(MODEL_FILE))


def _params(case: str, engine: Engine) -> dict[str, float]:
    if case == "halfway up":
        return _halfway_up(engine)
    if case.startswith("structure "):
        return _structures()[case.removeprefix("structure ")]
    return {}


@pytest.mark.parametrize("case", CASES)
def test_the_kernel_gives_simlins_numbers_on_every_variable(plain, compiled, simlin_model, case):
    assert plain.kernel is not None  # the model is inside the kernel's subset: no numpy path here
    params = _params(case, plain)
    ours = plain.run(params)
    columns = ours.columns(0)
    results = simlin_model.run(overrides={_simlin_name(k): v for k, v in params.items()},
                               analyze_loops=False).results
    np.testing.assert_allclose(results.index.to_numpy(), ours.times, rtol=0, atol=1e-12)
    given = {plain.canonical(k): v for k, v in params.items()}
    for name, value in plain.constants.items():  # constants are variables too: what Simlin ran with
        value = np.asarray(value)
        labels = [plain.subscripts[d] for d in plain.dims.get(name, ())]
        for index in np.ndindex(*value.shape):
            element = f"[{','.join(labels[a][i] for a, i in enumerate(index))}]" if labels else ""
            expected = given.get(f"{name}{element}", given.get(name, value[index]))
            columns[f"{name}{element}"] = np.full(len(ours.times), expected)
    worst = {}
    for name, values in columns.items():
        if name == "Time":
            continue
        theirs = results[_simlin_name(name)].to_numpy()
        worst[name] = float(np.max(np.abs(values - theirs) / np.maximum(np.abs(theirs), 1e-12)))
    assert len(worst) > 150
    assert {name: diff for name, diff in worst.items() if not diff <= REL_TOL} == {}
    if plain.dims:  # a subscripted model: every element of every subscripted variable was compared
        assert sum("[" in name for name in worst) > 50
    if any(_default(plain, name) != value for name, value in given.items()):  # the run itself moved too
        baseline = plain.run().columns(0)
        assert any(not np.allclose(baseline[k], columns[k]) for k in baseline if k != "Time")
    twin = compiled.run(params).columns(0)
    assert all(np.array_equal(twin[k], v, equal_nan=True) for k, v in ours.columns(0).items())
