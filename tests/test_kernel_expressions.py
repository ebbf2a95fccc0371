"""Expressions in the kernel: Vensim's precedence of unary minus and ^, and random expressions over
the supported functions compared with pysd (hypothesis)."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from innovsd.model.engine import Engine, translate
from innovsd.model.kernel import Unsupported

CONTROLS = """
FINAL TIME = 4 ~ Year ~ |
INITIAL TIME = 0 ~ Year ~ |
SAVEPER = 1 ~ Year ~ |
TIME STEP = 0.5 ~ Year ~ |
"""
# Vensim's unary minus binds looser than ^; a minus inside parentheses is part of the base.
SIGNS = {
    "minus two squared": ("-2^2", -4.0),
    "minus two parenthesised squared": ("(-2)^2", 4.0),
    "ten minus minus two squared": ("10 - -2^2", 14.0),
    "two times minus three squared": ("2 * -3^2", -18.0),
    "exp of minus squared": ("EXP(-1.5^2)", math.exp(-2.25)),
    "minus root two": ("-2^0.5", -math.sqrt(2.0)),
    "minus parenthesised two squared": ("-(2)^2", -4.0),
    "parenthesised minus parenthesised two squared": ("(-(2))^2", 4.0),
    "two to the minus two": ("2^-2", 0.25),
    "minus half to the time": ("-0.5^(Time + 1)", None),
}


def _model(tmp_path, equations: dict[str, str], name="model") -> object:
    text = "{UTF-8}\n" + "".join(f"{key} = {value} ~ Dmnl ~ |\n" for key, value in equations.items()) + CONTROLS
    path = tmp_path / f"{name}.mdl"
    path.write_text(text, encoding="utf-8")
    return path


def test_minus_and_power_as_vensim_reads_them(tmp_path):
    equations = {name: text for name, (text, _) in SIGNS.items()}
    equations["falling stock"] = "INTEG(-2^2, 0)"
    path = _model(tmp_path, equations)
    names = list(equations)
    plain, compiled = Engine(path).run(outputs=names), Engine(path, use_kernel=True).run(outputs=names)
    for name, (_, expected) in SIGNS.items():
        if expected is not None:
            assert plain[name][0][0] == pytest.approx(expected, rel=1e-14), name
        np.testing.assert_array_equal(plain[name], compiled[name])
    np.testing.assert_allclose(plain["minus half to the time"][0], -(0.5 ** (plain.times + 1)), rtol=1e-10)
    np.testing.assert_allclose(plain["falling stock"][0], -4.0 * plain.times, rtol=1e-10)


def test_the_numpy_path_refuses_what_pysd_reads_otherwise(tmp_path):
    """pysd computes (-2)^2 as -(2^2): without the kernel the engine refuses, naming it."""
    path = _model(tmp_path, {"parenthesised": "(-2)^2", "x": "Time"})
    with pytest.raises(Unsupported, match=r"negated number raised to a power.*parenthesised"):
        Engine(path, use_kernel=False).run()
    agreed = _model(tmp_path, {"unparenthesised": "-2^2 * Time"}, "agreed")
    assert Engine(agreed, use_kernel=False).run(outputs=["unparenthesised"])["unparenthesised"][0][-1] == -16.0


# -- random expressions against pysd ----------------------------------------------------------------
NUMBERS = st.sampled_from(["0", "1", "2", "3", "0.5", "1.5", "2.25", "10", "0.1", "7"])
NAMES = st.sampled_from(["a", "b", "c", "Time"])  # a, b, c are constants; Time runs 0..4


def _expressions(depth: int = 2):
    leaf = st.one_of(NUMBERS, NAMES, NUMBERS.map(lambda n: f"-{n}"))
    if depth == 0:
        return leaf
    inner = _expressions(depth - 1)

    def positive(e):  # a base or an argument that must stay positive (no complex powers, no log(0))
        return f"(ABS({e}) + 0.5)"

    return st.one_of(
        leaf,
        st.tuples(inner, st.sampled_from(["+", "-", "*"]), inner).map(lambda t: f"{t[0]} {t[1]} {t[2]}"),
        st.tuples(inner, inner).map(lambda t: f"({t[0]}) / (1 + ABS({t[1]}))"),
        st.tuples(inner, st.sampled_from(["0.5", "2", "3", "-1", "1.5"])).map(lambda t: f"{positive(t[0])} ^ {t[1]}"),
        st.tuples(NUMBERS, st.sampled_from(["2", "3", "0.5"])).map(lambda t: f"-{t[0]}^{t[1]}"),
        inner.map(lambda e: f"-({e})"),
        inner.map(lambda e: f"({e})"),
        st.tuples(st.sampled_from(["ABS", "INTEGER", "SIN", "COS", "ARCTAN"]), inner).map(lambda t: f"{t[0]}({t[1]})"),
        inner.map(lambda e: f"SQRT({positive(e)})"),
        inner.map(lambda e: f"LN({positive(e)})"),
        inner.map(lambda e: f"EXP(MIN({e}, 5))"),
        st.tuples(st.sampled_from(["MIN", "MAX", "ZIDZ", "MODULO", "QUANTUM"]), inner, inner).map(
            lambda t: f"{t[0]}({t[1]}, {t[2]})"),
        st.tuples(inner, inner, inner).map(lambda t: f"XIDZ({t[0]}, {t[1]}, {t[2]})"),
        st.tuples(inner, st.sampled_from(["<", ">", "<=", ">=", "=", "<>"]), inner, inner, inner).map(
            lambda t: f"IF THEN ELSE({t[0]} {t[1]} {t[2]}, {t[3]}, {t[4]})"),
        st.tuples(inner, inner, inner, inner).map(
            lambda t: f"IF THEN ELSE({t[0]} > 0 :AND: {t[1]} < 1 :OR: {t[2]} = 0, {t[3]}, 1)"),
        st.tuples(inner, inner).map(lambda t: f"STEP({t[0]}, 1.5) + RAMP({t[1]}, 1, 3) + PULSE(2, 1)"),
    )


BATCH = 400  # expressions per hypothesis example: larger lists overrun hypothesis's buffer
BATCHES = 10  # 4,000 cases in two models (25 batches took 2-5 minutes of a CI worker under load)
PER_MODEL = 5  # batches per model: a translation costs seconds, but grows faster than its size
CONSTANT = re.compile(r"\b([abc])\b")  # the generated text's only lower-case words are the constants


@settings(max_examples=BATCHES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(expressions=st.lists(_expressions(), min_size=BATCH, max_size=BATCH),
       constants=st.tuples(*[st.sampled_from([-2.5, -1.0, 0.0, 0.3, 1.0, 4.0])] * 3))
def _collect_batch(batches, expressions, constants):
    """Each batch keeps its own constants a<k>, b<k>, c<k>, so batches can share a model."""
    k = len(batches)
    equations = {f"a{k}": str(constants[0]), f"b{k}": str(constants[1]), f"c{k}": str(constants[2])}
    equations.update({f"e{k}_{i}": CONSTANT.sub(rf"\g<1>{k}", text) for i, text in enumerate(expressions)})
    batches.append(equations)


def test_random_expressions_agree_with_pysd(tmp_path):
    import pysd

    batches: list[dict[str, str]] = []
    _collect_batch(batches)
    assert sum(len(batch) - 3 for batch in batches) >= BATCH * BATCHES
    for first in range(0, len(batches), PER_MODEL):
        equations = {name: text for batch in batches[first:first + PER_MODEL] for name, text in batch.items()}
        names = [name for name in equations if name.startswith("e")]
        path = _model(tmp_path, equations, f"random{first}")
        ours = Engine(path).run(outputs=names)
        with np.errstate(all="ignore"):
            theirs = pysd.load(str(translate(path))).run(return_columns=names)
        for name in names:
            a, b = ours[name][0], theirs[name].to_numpy(dtype=float)
            same = (a == b) | (np.isnan(a) & np.isnan(b)) | (np.abs(a - b) <= 1e-9 * np.maximum(np.abs(b), 1e-12))
            assert same.all(), (equations[name], a, b)
