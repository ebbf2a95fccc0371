"""The README's Python blocks and command examples run as written, and the numbers it states are
what the code and the data give.

A statement whose comment starts with a number (``expr  # 64.03…, as ...``) is an expression whose
value must be that number: to the digits shown, truncated when the number ends in "…", rounded
otherwise. Every line of a ```bash or ```cmd block is a command example: `innovsd …` and
`./run …` run in this process (the set-up of ./run aside), `run.cmd …` must have its ./run twin;
every synopsis of the command table names options the command has. examples/*.py run in
tests/test_package.py."""

from __future__ import annotations

import ast
import csv
import io
import json
import math
import re
import shlex
import subprocess
import tokenize
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
# Commands quick enough for the quick pass (they read files, run nothing).
QUICK = {"scenarios", "describe", "--help"}
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


def command_examples(text: str) -> list[tuple[str, list[str]]]:
    """(shell, words) of every line of the ```bash and ```cmd blocks, comments dropped."""
    found = []
    for shell, block in re.findall(r"```(bash|cmd)\n(.*?)```", text, re.S):
        for line in block.splitlines():
            line = line.split(" #")[0].strip()
            if line:
                found.append((shell, shlex.split(line)))
    return found


EXAMPLES = command_examples(README)
INNOVSD = [pytest.param(words, id=" ".join(words), marks=[] if set(words[1:]) & QUICK else [pytest.mark.slow])
           for shell, words in EXAMPLES if words[0] in ("innovsd", "./run") and words[1:2] != ["test"]]


def test_the_readme_has_command_examples_for_both_systems():
    programs = {words[0] for _, words in EXAMPLES}
    assert {"./run", "run.cmd", "innovsd"} <= programs, programs
    assert all(words[0] in ("./run", "run.cmd", "innovsd") for _, words in EXAMPLES), EXAMPLES


@pytest.mark.parametrize("words", INNOVSD)
def test_command_examples_run(words, cli):
    """`innovsd ARGS` and `./run ARGS` (which sets up .venv, then runs `innovsd ARGS`), in this process."""
    code, out, err = cli(*words[1:])
    assert code == 0, err
    assert out.strip(), f"{' '.join(words)} printed nothing"


def test_windows_examples_are_the_run_examples():
    posix = {tuple(words[1:]) for _, words in EXAMPLES if words[0] == "./run"}
    windows = {tuple(words[1:]) for _, words in EXAMPLES if words[0] == "run.cmd"}
    assert windows and windows == posix
    assert (ROOT / "run.cmd").read_bytes().count(b"\r\n") > 10  # CRLF: cmd.exe reads it line by line


@pytest.mark.slow
def test_run_test_is_what_ci_runs_and_collects_the_suite():
    assert (ROOT / ".ci" / "run").read_text(encoding="utf-8").rstrip().endswith("./run test")
    done = subprocess.run([str(ROOT / "run"), "test", "--collect-only", "-q", "tests/test_readme.py"],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0 and "test_command_examples_run" in done.stdout, done.stderr[-2000:]


SYNOPSES = re.findall(r"^\| `(innovsd [^`]*)`", README, re.M)


@pytest.mark.parametrize("synopsis", SYNOPSES)
def test_command_table_names_real_options(synopsis):
    import typer

    from innovsd.cli.app import app

    command, words = typer.main.get_command(app), synopsis.split()[1:]
    while words and words[0] in getattr(command, "commands", {}):
        command, words = command.commands[words[0]], words[1:]
    options = {opt for param in command.params for opt in param.opts + param.secondary_opts} | {"--help"}
    named = set(re.findall(r"(?<![\w-])(--?[a-z][\w-]*)", " ".join(words)))
    assert named <= options, f"{synopsis}: {named - options} not options of the command"


def _history_rows() -> int:
    with (ROOT / "calibration" / "data" / "history.csv").open(encoding="utf-8") as handle:
        return sum(1 for _ in csv.DictReader(handle))


def test_the_counts_the_readme_states():
    """Observations, calibrated parameters and ensemble draws, as the data and the shipped set have them."""
    with (ROOT / "model" / "parameters.csv").open(encoding="utf-8") as handle:
        calibrated = sum(1 for row in csv.DictReader(handle) if row["calibrate"].strip() == "yes")
    provenance = json.loads((ROOT / "calibration" / "params" / "default.json").read_text())["provenance"]
    observations = {int(n) for n in re.findall(r"(\d+) observations", README)}
    assert observations == {_history_rows()} == {provenance["observations_used"]}, observations
    assert int(re.search(r"fits the (\d+) parameters marked", README)[1]) == calibrated
    assert int(re.search(r"its (\d+)\s+draws are the ensemble", README)[1]) == provenance["optimizer"]["posterior"]["draws"]


@pytest.mark.slow
def test_the_implied_returns_the_readme_states():
    import innovsd

    low, high = map(int, re.search(r"Implied social returns of the policies are (\d+)–(\d+) %/yr", README).groups())
    # The default structure's, as the README states them (check also runs them under the other structures).
    returns = [r.figures["implied_return"] for r in innovsd.check().results
               if "implied_return" in r.figures and "structure" not in r.figures]
    assert (round(100 * min(returns)), round(100 * max(returns))) == (low, high)
