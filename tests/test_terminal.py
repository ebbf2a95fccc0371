"""What compare prints in a terminal: at 80 columns every line fits and every scenario is named
(a block per target instead of cut-off columns); --quiet prints the scorecard and the folder, plainly."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from innovsd.scenarios.library import shipped_names

INNOVSD = str(Path(sys.executable).parent / "innovsd")


def _compare(tmp_path, bare_env, *args: str, columns: str = "80") -> str:
    """`innovsd ... compare --no-figures` in a fresh folder (outputs/ relative to it), as a user types it."""
    done = subprocess.run([INNOVSD, *args], capture_output=True, text=True, cwd=tmp_path,
                          env={**bare_env, "COLUMNS": columns})
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.slow
def test_compare_at_80_columns_fits_and_names_every_scenario(tmp_path, bare_env):
    out = _compare(tmp_path, bare_env, "compare", "--no-figures")
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 80, [line for line in lines if len(line) > 80]
    for name in shipped_names():
        assert name in out, name
    assert "TFP contribution to GRDP" in out  # the indicator's name may wrap inside its cell
    # The file paths are whole lines, never broken in the middle.
    assert any(line.startswith("Results: outputs/") and line.endswith("results.csv") for line in lines)


@pytest.mark.slow
def test_quiet_compare_prints_the_scorecard_and_the_folder(tmp_path, bare_env):
    out = _compare(tmp_path, bare_env, "--quiet", "compare", "baseline", "vc-fund", "--no-figures")
    lines = out.splitlines()
    header = lines[0].split("\t")
    assert header[:4] == ["target", "Target", "scenario", "2030"]
    rows = [line.split("\t") for line in lines[1:-1]]
    assert {r[2] for r in rows} == {"baseline", "vc-fund"} and all(len(r) == len(header) for r in rows)
    tfp = next(r for r in rows if r[0].startswith("TFP contribution to GRDP growth") and r[2] == "vc-fund")
    assert float(tfp[3]) > 0 and tfp[4] in ("✓", "✗")
    assert lines[-1].startswith("outputs/") and (tmp_path / lines[-1] / "results.xlsx").is_file()
    assert "━" not in out and "Scorecard" not in out
