"""Time functions with constant arguments (STEP, RAMP, PULSE) change with the clock: the kernel
must not fold them into constants, compiled or in plain Python."""

import numpy as np
import pysd
import pytest

from innovsd.model.engine import Engine

MODEL = """{UTF-8}
stepped=
	STEP(step height, 2003)
	~	Dmnl
	~	|

step height=
	2
	~	Dmnl
	~	|

ramped=
	RAMP(0.5, 2002, 2006)
	~	Dmnl
	~	|

pulsed=
	PULSE(2004, 1)
	~	Dmnl
	~	|

accumulated=
	INTEG (stepped + ramped + pulsed, 0)
	~	Dmnl
	~	|

FINAL TIME  = 2010
	~	Year
	~	|

INITIAL TIME  = 2000
	~	Year
	~	|

SAVEPER  = TIME STEP
	~	Year
	~	|

TIME STEP  = 0.25
	~	Year
	~	|
"""
NAMES = ["stepped", "ramped", "pulsed", "accumulated"]
HEIGHTS = [2.0, 3.0]


@pytest.fixture(scope="module")
def clock_model(tmp_path_factory):
    path = tmp_path_factory.mktemp("clock") / "clock.mdl"
    path.write_text(MODEL, encoding="utf-8")
    return path


def test_time_functions_of_constants_follow_the_clock_as_in_pysd(clock_model):
    engine = Engine(clock_model, use_kernel=True)
    assert engine.kernel is not None
    reference = pysd.read_vensim(str(clock_model))
    batched = engine.run({"step height": np.array(HEIGHTS)}, outputs=NAMES)  # compiled
    for i, height in enumerate(HEIGHTS):
        expected = reference.run(params={"step height": height}, return_columns=NAMES)
        single = engine.run({"step height": height}, outputs=NAMES)  # plain Python
        for name in NAMES:
            assert np.ptp(expected[name].to_numpy()) > 0  # the test model really moves
            np.testing.assert_allclose(batched[name][i], expected[name].to_numpy(), rtol=1e-9, atol=1e-12)
            np.testing.assert_allclose(single[name][0], expected[name].to_numpy(), rtol=1e-9, atol=1e-12)
