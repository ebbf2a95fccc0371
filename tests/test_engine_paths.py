"""The engine's paths besides the kernel: data files beside the .mdl, pysd's numpy path for what the
kernel does not compile (per-member lookup arguments included), control values that change during
the run, and one clear refusal where no path gives Vensim's answer."""

from __future__ import annotations

import os

import numpy as np
import pytest

from innovsd.model.engine import Engine
from innovsd.model.kernel import Unsupported

CONTROLS = """
FINAL TIME = 5 ~ Year ~ |
INITIAL TIME = 0 ~ Year ~ |
SAVEPER = 1 ~ Year ~ |
TIME STEP = 0.25 ~ Year ~ |
"""


def _write(folder, name, text):
    path = folder / name
    path.write_text("{UTF-8}\n" + text + CONTROLS, encoding="utf-8")
    return path


def _workbook(path, value):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "inputs"
    book.active["B2"] = value
    book.save(path)


def test_data_files_are_read_beside_the_mdl_and_keyed_by_their_content(tmp_path, monkeypatch):
    folder = tmp_path / "model"
    (folder / "data").mkdir(parents=True)
    _workbook(folder / "data" / "inputs.xlsx", 4.0)
    path = _write(folder, "reads.mdl", "rate = GET DIRECT CONSTANTS('data/inputs.xlsx', 'inputs', 'B2') ~ 1/Year ~ |\n"
                                       "stock = INTEG(rate, 0) ~ widget ~ |\n")
    monkeypatch.chdir(tmp_path)  # the working folder is not the model's
    engine = Engine(path)
    assert engine.kernel is not None and engine.constants["rate"] == 4.0
    assert engine.run(outputs=["stock"])["stock"][0][-1] == pytest.approx(20.0)
    _workbook(folder / "data" / "inputs.xlsx", 6.0)  # new data, same .mdl: a new translation
    again = Engine(path)
    assert again.constants["rate"] == 6.0 and again.run(outputs=["stock"])["stock"][0][-1] == pytest.approx(30.0)
    assert again.run({"rate": 1.0}, outputs=["stock"])["stock"][0][-1] == pytest.approx(5.0)


MACRO = """:MACRO: TWICE(input)
TWICE = 2 * input ~ widget ~ |
:END OF MACRO:
"""


def test_an_ensemble_on_the_numpy_path_takes_per_member_lookup_arguments(tmp_path):
    """A macro keeps this model off the kernel; its lookup's argument differs between members."""
    path = tmp_path / "lookup.mdl"
    path.write_text("{UTF-8}\n" + MACRO + """
effect((0,0),(1,2),(2,3)) ~ Dmnl ~ |
pressure = TWICE(level) ~ Dmnl ~ |
level = 0.4 ~ Dmnl ~ |
growth = effect(pressure) * stock * 0.1 ~ widget/Year ~ |
stock = INTEG(growth, 1) ~ widget ~ |
""" + CONTROLS, encoding="utf-8")
    engine = Engine(path)
    assert engine.kernel is None
    levels = np.array([0.1, 0.4, 0.9])
    batch = engine.run({"level": levels}, outputs=["stock", "growth"])
    for i, level in enumerate(levels):
        alone = engine.run({"level": float(level)}, outputs=["stock", "growth"])
        np.testing.assert_allclose(batch["stock"][i], alone["stock"][0], rtol=1e-12)
    assert np.ptp(batch["stock"][:, -1]) > 0.1


def test_control_values_that_change_run_one_member_and_refuse_an_ensemble(tmp_path):
    path = _write(tmp_path, "dynamic.mdl", "level = INTEG(1, 0) ~ widget ~ |\nk = 1 ~ Dmnl ~ |\n").read_text()
    path = path.replace("TIME STEP = 0.25", "TIME STEP = IF THEN ELSE(Time < 2, 0.5, 0.25)")
    model = tmp_path / "dynamic_step.mdl"
    model.write_text(path, encoding="utf-8")
    engine = Engine(model)
    assert engine.kernel is None and engine.dynamic == ["time_step"]
    sim = engine.run(outputs=["level"])
    np.testing.assert_allclose(sim.times, [0, 1, 2, 3, 4, 5])
    np.testing.assert_allclose(sim["level"][0], sim.times)
    with pytest.raises(Unsupported, match="TIME STEP changing during the run"):
        engine.run({"k": np.array([1.0, 2.0])})


def test_a_construct_no_path_computes_as_vensim_is_one_clear_refusal(tmp_path):
    path = _write(tmp_path, "random.mdl", "noise = RANDOM UNIFORM(0, 1, 7) ~ Dmnl ~ |\n")
    engine = Engine(path)
    with pytest.raises(Unsupported) as refused:
        engine.run()
    message = str(refused.value)
    assert "RANDOM_UNIFORM" in message and "'noise'" in message and "\n" not in message
    assert os.fspath(path) in message
