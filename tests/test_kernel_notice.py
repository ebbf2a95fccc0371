"""The kernel's first compiled call in a process is announced (innovsd.notices), and the CLI shows
the announcement as one line on stderr, in the reader's language, never under --quiet."""

from __future__ import annotations

import subprocess
import sys
from contextlib import nullcontext
from pathlib import Path

import numpy as np

from innovsd.cli import app
from innovsd.cli.progress import status
from innovsd.model.engine import Engine
from innovsd.notices import notice, showing
from innovsd.present.words import word

MODEL = Path(__file__).parent / "models" / "regional.mdl"
KEY = "compiling the kernel"


def test_the_first_compiled_run_of_a_kernel_is_announced_once():
    announced = []

    def show(key):
        announced.append(key)
        return nullcontext()

    plain, compiled = Engine(MODEL), Engine(MODEL, use_kernel=True)
    with showing(show):
        plain.run()  # one member in plain Python: nothing to compile
        assert announced == []
        compiled.run({"savings rate": np.array([0.01, 0.02])})
        assert announced == [KEY]
        compiled.run({"savings rate": np.array([0.03, 0.04])})
    assert announced == [KEY]
    with notice(KEY):  # nobody showing: a step runs silently
        pass


def test_the_cli_shows_the_step_as_one_line_in_the_readers_language(monkeypatch, capsys):
    for lang in ("en", "vi"):
        monkeypatch.setattr(app.settings, "lang", lang)
        app.errors.reset()  # a console on this test's captured stderr
        with status(KEY):
            pass
        assert capsys.readouterr().err.strip() == word(KEY, lang)
    monkeypatch.setattr(app.settings, "quiet", True)
    with status(KEY):
        pass
    assert capsys.readouterr().err == ""
    app.errors.reset()


def test_a_command_that_compiles_says_so_before_its_results():
    done = subprocess.run([str(Path(sys.executable).parent / "innovsd"), "sensitivity", "--method", "mc", "-n", "20"],
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr
    assert word(KEY, "en") in done.stderr.splitlines()
