"""A part of the public Vensim test suite (tests/vensim_suite, MIT): the engine gives Vensim's output
with its default outputs, through the kernel wherever the kernel compiles the model; compiled and
plain kernel runs are bit-identical. tools/vensim_suite.py runs the whole suite the same way."""

from __future__ import annotations

import importlib.util
import shutil
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

from innovsd.model.engine import Engine

ROOT = Path(__file__).resolve().parents[1]
SUITE = Path(__file__).parent / "vensim_suite"
NUMPY_PATH = {"control_vars": "control values that change during the run"}
# Every delay function, quick to compile. Subscripted delays and smooths: compiled against plain in
# test_kernel_subscripts.py (tests/models/regional.mdl); the whole suite: tools/vensim_suite.py.
COMPILED = ["delays"]


def _tool():
    spec = importlib.util.spec_from_file_location("vensim_suite", ROOT / "tools" / "vensim_suite.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


suite = _tool()
MODELS = sorted(p for p in SUITE.glob("*/*.mdl"))


@pytest.fixture
def model(request, tmp_path) -> Path:
    """A scratch copy of the model's folder: pysd writes its translation beside the .mdl."""
    source = request.param
    shutil.copytree(source.parent, tmp_path / source.parent.name)
    return tmp_path / source.parent.name / source.name


def test_the_vendored_part_has_its_licence_and_many_models():
    assert "MIT" in (SUITE / "LICENSE").read_text() and len(MODELS) >= 25
    assert sum(suite.is_subscripted(m) for m in MODELS) >= 10


@pytest.mark.parametrize("model", MODELS, ids=[m.parent.name for m in MODELS], indirect=True)
def test_the_engine_gives_vensims_output(model):
    warnings.simplefilter("ignore")
    engine = Engine(model)
    with np.errstate(all="ignore"):
        sim = engine.run(outputs=suite.outputs(engine))
    assert (engine.kernel is None) == (model.parent.name in NUMPY_PATH), engine._kernel_facts["unsupported"]
    canon = suite.canonical_output(model.parent)
    columns = suite.engine_columns(engine, sim)
    agreed, why = suite.compare(columns, sim.times, canon)
    assert agreed, why
    modelled = [c for c in canon.columns if c not in ("initial time", "final time", "time step", "saveper")]
    assert sum(c in columns for c in modelled) >= 0.75 * len(modelled)


@pytest.mark.parametrize("model", [SUITE / name / next(p.name for p in (SUITE / name).glob("*.mdl"))
                                   for name in COMPILED], ids=COMPILED, indirect=True)
def test_compiled_and_plain_kernel_runs_are_identical(model):
    warnings.simplefilter("ignore")
    plain, compiled = Engine(model).run(), Engine(model, use_kernel=True).run()
    for name in plain.values:
        np.testing.assert_array_equal(plain[name], compiled[name], err_msg=name)
