"""Every way a command can fail ends in one line (cli/failures.py): options checked before any
work, the file system's refusals naming the file, memory, recursion and the libraries' errors
said plainly, innovsd's own faults as exit 1 with a pointer to --debug, a reader that leaves
early met with silence. Each case is the real command in a subprocess (tests/attacks.py)."""

from __future__ import annotations

import resource
import signal
import subprocess
import sys

import pytest

from attacks import PRIORS, batch, environment, innovsd, new_folders, refused, said


@pytest.mark.slow
def test_options_are_checked_before_any_work(tmp_path):
    top = PRIORS.read_text(encoding="utf-8").splitlines()
    row = top[1].split(",")
    row[4] = "1e308"
    (tmp_path / "priors.csv").write_text("\n".join([top[0], ",".join(row)]) + "\n", encoding="utf-8")
    answers = batch(environment(tmp_path), [
        ["calibrate", "--seed", "-1"], ["sensitivity", "--seed", "-1", "-n", "32"],
        ["seek", "TFP contribution to GRDP growth>=1e999"], ["seek", "TFP contribution to GRDP growth>=-1e999"],
        ["calibrate", "--generations", "1", "--steps", "0", "--priors", str(tmp_path / "priors.csv")],
        ["describe", "--kind", "nonsense"]])
    for answer in answers:
        refused(answer)
    assert "--seed" in refused(answers[0]) and "--seed" in refused(answers[1])
    assert "too large" in refused(answers[4])
    assert "nonsense" in refused(answers[5], "--kind")


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(resource, "RLIMIT_FSIZE"), reason="file-size limits are POSIX")
def test_a_file_size_limit_and_a_full_disk_name_the_file(tmp_path):
    limited = innovsd(environment(tmp_path), "compare", "baseline", "--no-figures",
                      preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (50_000, 50_000)))
    assert "results.csv" in refused(limited, "File too large")
    full = ("import errno, pandas\n"
            "def full(*args, **kwargs): raise OSError(errno.ENOSPC, 'No space left on device')\n"
            "pandas.DataFrame.to_csv = full\n")
    (answer,) = batch(environment(tmp_path), [["compare", "baseline", "--no-figures"]], inject=full)
    assert "results.csv" in refused(answer, "No space left on device")
    assert all(folder.name.endswith(".partial") for folder in new_folders(tmp_path / "outputs"))


# `innovsd.simulate` failing as a library, the machine or innovsd itself may make it fail, one
# fault per call (each case below calls it once).
FAULTS = """
import innovsd, pandas
faults = iter([MemoryError(), RecursionError("maximum recursion depth exceeded"),
               pandas.errors.ParserError("Error tokenizing data. C error: " + "x" * 100_000),
               ZeroDivisionError("float division by zero " + "\\x1b[2J" * 100_000)])
def simulate(*args, **kwargs):
    raise next(faults)
innovsd.simulate = simulate
"""


@pytest.mark.slow
def test_any_failure_is_one_line_and_only_debug_shows_a_traceback(tmp_path):
    env = environment(tmp_path)
    memory, recursion, library, fault = batch(env, [["run", "--no-plot"]] * 4, inject=FAULTS)
    refused(memory, "not enough memory")
    refused(recursion, "nested too deeply")
    assert len(refused(library, "pandas could not finish", "Error tokenizing data")) <= 300
    (line,) = said(fault)
    assert fault["code"] == 1 and len(line) <= 300, fault["err"][-2000:]
    assert "unexpected ZeroDivisionError" in line and "--debug" in line and "\x1b" not in line
    assert "Traceback" not in fault["err"]
    debug = subprocess.run([sys.executable, "-c", FAULTS + "from innovsd.cli.app import main\n"
                            "import sys\nsys.argv = ['innovsd', '--debug', 'run', '--no-plot']\n"
                            "next(faults); next(faults); next(faults)\nmain()"],
                           env=env, capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=300)
    assert debug.returncode == 1 and "Traceback" in debug.stderr and "ZeroDivisionError" in debug.stderr


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGPIPE"), reason="a closed pipe is a POSIX signal")
def test_a_reader_that_leaves_early_gets_no_traceback(tmp_path):
    """`innovsd describe | head -c 100`: the rest of the output has nowhere to go; nothing is said."""
    process = subprocess.Popen([sys.executable, "-m", "innovsd", "describe"], env=environment(tmp_path),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert len(process.stdout.read(100)) == 100
    process.stdout.close()
    err = process.stderr.read().decode("utf-8", "replace")
    # Rich ends a print into a closed pipe with exit 1, innovsd's own writes with 128 + SIGPIPE.
    assert process.wait(timeout=120) in (1, 128 + signal.SIGPIPE) and err == "", (process.returncode, err[-2000:])
