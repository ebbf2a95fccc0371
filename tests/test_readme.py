"""The README's Python blocks run as written, and every number they state is what the code gives.

A statement whose comment starts with a number (``expr  # 64.03…, as ...``) is an expression whose
value must be that number: to the digits shown, truncated when the number ends in "…", rounded
otherwise."""

from __future__ import annotations

import ast
import io
import math
import re
import tokenize
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STATED = re.compile(r"#\s*(?P<number>-?\d[\d,]*(?:\.\d+)?)(?P<cut>…)?")


def python_blocks(text: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", text, re.S)


def stated_numbers(block: str) -> dict[int, tuple[str, bool]]:
    """Line -> (number as written, whether it is cut with an ellipsis) for comments that state one."""
    found = {}
    for token in tokenize.generate_tokens(io.StringIO(block).readline):
        if token.type == tokenize.COMMENT:
            match = STATED.match(token.string)
            if match:
                found[token.start[0]] = (match["number"], bool(match["cut"]))
    return found


def agrees(value: float, written: str, cut: bool) -> bool:
    digits = len(written.partition(".")[2])
    stated = float(written.replace(",", ""))
    scaled = value * 10 ** digits
    shown = math.trunc(scaled) if cut else round(scaled)
    return shown == round(stated * 10 ** digits)


def test_agreement_rule_reads_digits_as_written():
    assert agrees(64.0371, "64.03", cut=True) and not agrees(64.0371, "64.04", cut=True)
    assert agrees(64.0371, "64.04", cut=False) and not agrees(64.0371, "64.03", cut=False)
    assert agrees(1234.5, "1,234", cut=True)


def test_the_readme_has_python_blocks_that_state_numbers():
    blocks = python_blocks((ROOT / "README.md").read_text(encoding="utf-8"))
    assert blocks and sum(len(stated_numbers(b)) for b in blocks) >= 2


@pytest.mark.slow
def test_readme_python_blocks_run_and_state_what_the_code_gives(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # anything a block writes lands here
    checked = 0
    for block in python_blocks((ROOT / "README.md").read_text(encoding="utf-8")):
        numbers, namespace = stated_numbers(block), {}
        for statement in ast.parse(block).body:
            source = ast.get_source_segment(block, statement)
            if statement.lineno in numbers:
                assert isinstance(statement, ast.Expr), f"a stated number must follow an expression: {source}"
                value = eval(compile(ast.Expression(statement.value), "README.md", "eval"), namespace)
                written, cut = numbers[statement.lineno]
                assert agrees(float(value), written, cut), f"README says {written}{'…' if cut else ''}: {source} gives {value}"
                checked += 1
            else:
                exec(compile(ast.Module([statement], []), "README.md", "exec"), namespace)
    assert checked >= 2
