"""The compiled kernel (model/kernel) equals pysd run one member at a time."""

from __future__ import annotations

import zlib
from pathlib import Path

import numpy as np
import pytest

from innovsd.model import kernel
from innovsd.model.engine import MODEL_FILE, Engine
from innovsd.scenarios.library import load_scenarios

REL_TOL = 1e-9
DRAWS = 3
PYSD_UNTIL = 2028.0  # pysd runs stop here: after the 2020 dip and the first policy years (2026 on)

# Every stateful and lookup construct of the portable subset, in a model no helper edits.
SYNTHETIC = r"""{UTF-8}
stock=
	INTEG (inflow - outflow, initial stock)
	~	widget
	~	|

initial stock=
	10 * growth
	~	widget
	~	|

inflow=
	growth * stock * effect table(stock / initial stock) + STEP(step height, step time) + RAMP(ramp slope, 2002, 2006) + PULSE(2003, 1)
	~	widget/Year
	~	|

effect table(
	[(0,0)-(3,2)],(0,1.2),(1,1),(2,0.7),(3,0.5))
	~	Dmnl
	~	|

demand data(
	(2000,1),(2005,2),(2010,1.5))
	~	Dmnl
	~	|

outflow=
	IF THEN ELSE(stock > threshold :AND: Time >= 2001, stock / lifetime, MIN(stock, 1) * 0.1)
	~	widget/Year
	~	|

growth=
	0.05
	~	1/Year
	~	|

step height=
	2
	~	widget/Year
	~	|

step time=
	2004
	~	Year
	~	|

ramp slope=
	0.5
	~	widget/(Year*Year)
	~	|

threshold=
	5
	~	widget
	~	|

lifetime=
	8
	~	Year
	~	|

smooth time=
	3
	~	Year
	~	|

delay time=
	2.5
	~	Year
	~	|

smoothed demand=
	SMOOTH3(stock * demand data(Time), smooth time)
	~	widget
	~	|

smoothed inflow=
	SMOOTHI(inflow, smooth time, initial stock)
	~	widget/Year
	~	|

smoothed outflow=
	SMOOTH3I(outflow, smooth time, 1.5)
	~	widget/Year
	~	|

delayed inflow=
	DELAY3(inflow, delay time)
	~	widget/Year
	~	|

delayed outflow=
	DELAY1I(outflow, delay time, 0.5)
	~	widget/Year
	~	|

delayed inflow 1=
	DELAY1(inflow, delay time)
	~	widget/Year
	~	|

delayed demand=
	DELAY3I(smoothed demand, delay time, 2.5)
	~	widget
	~	|

looked up=
	WITH LOOKUP (delayed inflow,
		([(0,0)-(10,10)],(0,0),(2,3),(5,4),(10,4.5) ))
	~	Dmnl
	~	|

lever=
	WITH LOOKUP (Time,
		([(2000,0)-(2010,10)],(2000,0),(2010,0) ))
	~	Dmnl
	~	Lever: a policy path the runs override.
	|

trend=
	WITH LOOKUP (Time,
		([(2000,0)-(2010,2)],(2000,0.3),(2003,1.1),(2006,0.437),(2010,0.437) ))
	~	Dmnl
	~	A data series over Time (no "Lever:"), read as the model gives it.
	|

trend follower=
	SMOOTH(trend, TIME STEP)
	~	Dmnl
	~	|

trend change=
	trend - trend follower
	~	Dmnl
	~	Zero on the flat end of trend unless trend is read off its table other than with np.interp \
		(which pysd uses), a 1-ulp jitter that this difference makes relative 1e-4.
	|

first inflow=
	INITIAL(inflow)
	~	widget/Year
	~	|

summary=
	ZIDZ(looked up, delayed outflow) + XIDZ(smoothed inflow, delayed inflow 1 - delayed inflow 1, -1) + ABS(-(lever)) + SQRT(smoothed outflow + 1) + EXP(-growth) + LN(first inflow + 2) + MAX(delayed demand, 0) + (stock / 10) ^ 0.5 - (2 ^ 3) ^ 2
	~	Dmnl
	~	|

FINAL TIME  = 2010
	~	Year
	~	|

INITIAL TIME  = 2000
	~	Year
	~	|

SAVEPER  = 1
	~	Year
	~	|

TIME STEP  = 0.125
	~	Year
	~	|

\\\---/// Sketch information - do not modify anything except names
V300  Do not put anything below this section - it will be ignored
*View 1
$192-192-192,0,Times New Roman|12||0-0-0|0-0-0|0-0-255|-1--1--1|-1--1--1|96,96,100,0
///---\\\
"""
SYNTHETIC_OUTPUTS = [
    "stock", "inflow", "outflow", "smoothed demand", "smoothed inflow", "smoothed outflow", "delayed inflow",
    "delayed outflow", "delayed inflow 1", "delayed demand", "looked up", "lever", "first inflow", "summary",
    "trend", "trend follower", "trend change",
]


def _worst(a, b) -> float:
    return float(np.max(np.abs(a - b) / np.maximum(np.abs(b), 1e-12)))


@pytest.fixture(scope="module")
def engine():
    """The shipped model with the kernel on for every run, whatever its size."""
    return Engine(MODEL_FILE, use_kernel=True)


@pytest.fixture(scope="module")
def reference(engine):
    """pysd's generated code driven one member at a time (the engine without its kernel)."""
    return Engine(engine.mdl_path, use_kernel=False)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    path = tmp_path_factory.mktemp("synthetic") / "synthetic.mdl"
    path.write_text(SYNTHETIC, encoding="utf-8")
    return path


def test_the_engine_runs_the_shipped_model_through_the_kernel(engine):
    assert isinstance(engine.kernel, kernel.Kernel)


SCENARIOS = ["baseline", "st-budget-2pct", "st-budget-3pct", "science-park", "talent", "vc-fund", "innovation-city",
             "fdi-linkages", "enterprise-rd", "training", "digital", "investment-low", "investment-high",
             "least-cost-57", "least-cost-62-65"]


@pytest.mark.parametrize("name", SCENARIOS)
def test_batched_kernel_equals_one_by_one_on_random_draws_of_every_shipped_scenario(engine, table, name):
    """The shipped model is regional: pysd's batched path cannot run it and one pysd run takes a minute,
    so the batch is compared with the plain kernel run one member at a time (lever paths included);
    the independent references are Simlin (tests/test_kernel_simlin.py) and pysd's run() below."""
    plain = Engine(engine.mdl_path)
    scenario = next(s for s in load_scenarios([name], engine, table))
    rng = np.random.default_rng(zlib.crc32(name.encode()))
    draws = {p.name: rng.uniform(p.low, p.high, DRAWS) for p in table.uncertain() if p.name not in scenario.params}
    outputs = engine.output_names()
    batched = engine.run({**scenario.params, **draws}, scenario.paths, outputs)
    worst = 0.0
    for i in range(DRAWS):
        single = plain.run({**scenario.params, **{k: v[i] for k, v in draws.items()}}, scenario.paths, outputs)
        worst = max(worst, max(_worst(batched[o][i], single[o][0]) for o in outputs))
    assert worst <= REL_TOL


def test_scenario_list_above_is_every_shipped_scenario(engine, table):
    from innovsd.scenarios.library import shipped_names

    assert sorted(shipped_names()) == sorted(SCENARIOS)


@pytest.mark.slow
def test_kernel_equals_plain_pysd_run(engine):
    """Against pysd's own run(), not the engine's loop around pysd's components. pysd takes about a
    second per simulated year of the regional model: to PYSD_UNTIL (the history with the 2020 dip and
    the first policy years)."""
    import pysd

    from innovsd.model.engine import translate

    outputs = ["TFP contribution to GRDP growth", "patent and utility filings", "applied knowledge creation[HaiDuong]"]
    params = {"imitation rate": 0.35, "VC fund size": 2000.0, "knowledge application delay": 6.0}
    plain = pysd.load(str(translate(engine.mdl_path))).run(params=params, return_columns=outputs, final_time=PYSD_UNTIL)
    ours = engine.run(params, outputs=outputs, final_time=PYSD_UNTIL)
    assert ours.times[-1] == PYSD_UNTIL == plain.index[-1]
    assert max(_worst(ours[o][0], plain[o].to_numpy()) for o in outputs) <= REL_TOL


def test_synthetic_model_with_every_stateful_construct_equals_pysd(synthetic):
    ours, theirs = Engine(synthetic, use_kernel=True), Engine(synthetic, use_kernel=False)
    assert ours.kernel is not None
    rng = np.random.default_rng(5)
    varied = {"growth": (0.01, 0.2), "smooth time": (0.5, 5), "delay time": (0.4, 4), "threshold": (0.1, 8),
              "step time": (2001, 2008), "lifetime": (2, 12)}
    draws = {name: rng.uniform(low, high, DRAWS) for name, (low, high) in varied.items()}
    lever = ([2000, 2005, 2010], rng.uniform(0, 3, (DRAWS, 3)))
    batched = ours.run(draws, {"lever": lever}, SYNTHETIC_OUTPUTS)
    for i in range(DRAWS):
        single = theirs.run({k: v[i] for k, v in draws.items()}, {"lever": (lever[0], lever[1][i])}, SYNTHETIC_OUTPUTS)
        for name in SYNTHETIC_OUTPUTS:
            assert _worst(batched[name][i], single[name][0]) <= REL_TOL, name
    assert np.ptp(batched["delayed demand"][:, -1]) > 0  # the draws reach the stages


def test_synthetic_model_default_run_equals_plain_pysd(synthetic):
    import pysd

    from innovsd.model.engine import translate

    plain = pysd.load(str(translate(synthetic))).run(return_columns=SYNTHETIC_OUTPUTS)
    ours = Engine(synthetic, use_kernel=True).run(outputs=SYNTHETIC_OUTPUTS)
    for name in SYNTHETIC_OUTPUTS:
        assert _worst(ours[name][0], plain[name].to_numpy()) <= REL_TOL, name


def test_batched_kernel_run_equals_one_member_runs(engine, table):
    rng = np.random.default_rng(11)
    draws = {p.name: rng.uniform(p.low, p.high, 5) for p in table.uncertain()}
    outputs = ["TFP contribution to GRDP growth", "researchers", "patent and utility grants"]
    batched = engine.run(draws, outputs=outputs)
    for i in range(5):
        single = engine.run({k: v[i:i + 1] for k, v in draws.items()}, outputs=outputs)
        for name in outputs:
            np.testing.assert_array_equal(batched[name][i], single[name][0])


def test_kernel_equals_the_numpy_path_on_a_time_path_for_a_constant(engine, reference):
    """A constant may follow a time path; the kernel generates a variant for it. Run here as plain
    Python (compiling the variant takes a minute; compiled and plain runs of the same generated code
    agree in test_plain_python_kernel_equals_pysd_and_the_compiled_kernel), to PYSD_UNTIL as the
    numpy path steps pysd's components at about a second per simulated year."""
    path = {"VC fund size": ([2013, 2026, 2035], np.array([0.0, 0.0, 3000.0]))}
    outputs = ["VC fund investment", "innovative startups"]
    ours = engine.kernel.run({}, path, outputs, 1, initial_time=engine.initial_time, final_time=PYSD_UNTIL,
                             time_step=engine.time_step, saveper=engine.saveper, compiled=False)[1]
    theirs = reference.run(paths=path, outputs=outputs, final_time=PYSD_UNTIL)
    assert theirs.times[-1] == PYSD_UNTIL
    assert max(_worst(ours[o][0], theirs[o][0]) for o in outputs) <= REL_TOL
    without = engine.run(outputs=["VC fund investment"], final_time=PYSD_UNTIL)["VC fund investment"]
    assert ours["VC fund investment"][0, -1] > without[0, -1]  # the path reaches the fund


def test_a_tampered_cached_kernel_is_rebuilt(synthetic):
    model = kernel.Kernel(synthetic)
    expected = model.run({}, {}, ["stock"], 1, initial_time=2000, final_time=2010, time_step=0.125, saveper=1)[1]
    (module, _), = model._variants.values()  # the variant this run compiled, not another run's
    source = Path(module.__file__)
    source.write_text(source.read_text().replace("* dt", "* dt * 2.0"))
    again = kernel.Kernel(synthetic)
    result = again.run({}, {}, ["stock"], 1, initial_time=2000, final_time=2010, time_step=0.125, saveper=1)[1]
    np.testing.assert_array_equal(result["stock"], expected["stock"])
    assert "* dt * 2.0" not in source.read_text()


def test_a_model_outside_the_subset_falls_back_to_the_numpy_path(synthetic, tmp_path):
    macro = ":MACRO: TWICE(input)\nTWICE = 2 * input\n\t~\twidget/Year\n\t~\t|\n\n:END OF MACRO:\n"
    text = macro + synthetic.read_text().replace("DELAY3(inflow, delay time)", "DELAY3(TWICE(inflow), delay time)")
    unsupported = tmp_path / "with_macro.mdl"
    unsupported.write_text(text.replace("{UTF-8}", ""), encoding="utf-8")
    with pytest.raises(kernel.Unsupported, match="macros"):
        kernel.Kernel(unsupported)
    fallback = Engine(unsupported, use_kernel=True)
    assert fallback.kernel is None
    assert fallback.run(outputs=["delayed inflow"])["delayed inflow"].shape == (1, 11)


def test_a_single_run_compiles_nothing_and_imports_neither_numba_nor_pysd(synthetic, tmp_path):
    """The first JIT costs seconds and pysd's import a second: a planner's single run pays
    neither, once the model's facts and generated source are cached (by any earlier run)."""
    import os
    import subprocess
    import sys

    cache = str(tmp_path / "cache")
    os.environ["INNOVSD_CACHE"], before = cache, os.environ.get("INNOVSD_CACHE")
    try:
        auto = Engine(synthetic)
        warm = auto.run(outputs=SYNTHETIC_OUTPUTS)
    finally:
        os.environ.pop("INNOVSD_CACHE") if before is None else os.environ.__setitem__("INNOVSD_CACHE", before)
    assert not any(compiled for _, compiled in auto.kernel._variants)
    script = (
        "import sys, json\n"
        "from innovsd.model.engine import Engine\n"
        f"sim = Engine({str(synthetic)!r}).run(outputs=['stock', 'summary'])\n"
        "print(json.dumps([sim['stock'][0].tolist(), sim['summary'][0].tolist(),\n"
        "                  [m for m in ('numba', 'pysd', 'pandas', 'xarray') if m in sys.modules]]))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], env=dict(os.environ, INNOVSD_CACHE=cache),
                          capture_output=True, text=True, check=True)
    stock, summary, imported = __import__("json").loads(done.stdout)
    assert imported == []
    np.testing.assert_array_equal(stock, warm["stock"][0])
    np.testing.assert_array_equal(summary, warm["summary"][0])


def test_batches_take_the_compiled_kernel_without_being_asked(synthetic):
    auto = Engine(synthetic)
    auto.run({"growth": np.array([0.05, 0.1])}, outputs=["stock"])
    assert [compiled for _, compiled in auto.kernel._variants] == [True]


@pytest.mark.parametrize("name", ["baseline", "st-budget-3pct", "innovation-city"])
def test_plain_python_kernel_equals_pysd_and_the_compiled_kernel(engine, reference, table, name):
    scenario = next(s for s in load_scenarios([name], engine, table))
    rng = np.random.default_rng(zlib.crc32(name.encode()) + 1)
    draw = {p.name: float(rng.uniform(p.low, p.high)) for p in table.uncertain() if p.name not in scenario.params}
    params, outputs = {**scenario.params, **draw}, engine.output_names()
    plain = engine.kernel.run(params, scenario.paths, outputs, 1, initial_time=engine.initial_time,
                              final_time=engine.final_time, time_step=engine.time_step, saveper=engine.saveper,
                              compiled=False)[1]
    compiled = engine.run(params, scenario.paths, outputs)
    # pysd's components stepped by the numpy path: to PYSD_UNTIL (about a second per simulated year).
    single = reference.run(params, scenario.paths, outputs, final_time=PYSD_UNTIL)
    compared = len(single.times)
    assert single.times[-1] == PYSD_UNTIL and np.array_equal(single.times, compiled.times[:compared])
    assert max(_worst(plain[o][0][:compared], single[o][0]) for o in outputs) <= REL_TOL
    assert max(_worst(plain[o][0], compiled[o][0]) for o in outputs) <= REL_TOL


def test_synthetic_model_in_plain_python_equals_pysd(synthetic):
    ours, theirs = Engine(synthetic), Engine(synthetic, use_kernel=False)
    params = {"growth": 0.12, "smooth time": 0.7, "delay time": 0.45, "lifetime": 3.0}
    lever = {"lever": ([2000, 2005, 2010], np.array([0.5, 2.5, 1.0]))}
    plain, reference = ours.run(params, lever, SYNTHETIC_OUTPUTS), theirs.run(params, lever, SYNTHETIC_OUTPUTS)
    assert not any(compiled for _, compiled in ours.kernel._variants)
    for name in SYNTHETIC_OUTPUTS:
        assert _worst(plain[name][0], reference[name][0]) <= REL_TOL, name
