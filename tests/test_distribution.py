"""The wheel as `pip install .` builds it: built without a setuptools warning, with the licence and
its metadata, the validation chapter the README links to, every data file and the compiled
catalogues."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _tracked() -> list[str]:
    return subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    """Built from a copy of the tracked files (pip builds in the source folder, which must stay
    clean), with the environment's setuptools (the dev extra pins it), so nothing is downloaded."""
    source, folder = tmp_path_factory.mktemp("source"), tmp_path_factory.mktemp("wheel")
    for name in _tracked():
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-v", "-w",
                           str(folder), str(source)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    (built,) = folder.glob("innovsd-*.whl")
    return built, done.stdout + done.stderr


@pytest.mark.slow
def test_the_build_gives_no_setuptools_warning(wheel):
    _, log = wheel
    warnings = [line for line in log.splitlines() if re.search(r"\w*Warning\b", line) and "setuptools" in line.lower()
                or "Package would be ignored" in line or "did not match any files" in line]
    assert warnings == [], "\n".join(warnings)


@pytest.mark.slow
def test_the_wheel_carries_licence_validation_data_and_catalogues(wheel):
    built, _ = wheel
    names = set(zipfile.ZipFile(built).namelist())
    metadata = zipfile.ZipFile(built).read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names), sorted(names)
    assert "License-Expression: MIT" in metadata
    assert 'Requires-Dist: pysimlin<0.9,>=0.8; extra == "vensim"' in metadata
    assert "Requires-Dist: pysimlin" not in metadata.replace('Requires-Dist: pysimlin<0.9,>=0.8; extra == "vensim"', "")
    for shipped in ("innovsd/model/VALIDATION.md", "innovsd/model/haiphong_innovation.mdl",
                    "innovsd/calibration/data/history.csv", "innovsd/calibration/params/default.json",
                    "innovsd/locale/vi/LC_MESSAGES/innovsd.mo", "innovsd/locale/vi/LC_MESSAGES/click.mo"):
        assert shipped in names, shipped
    tracked = [name for name in _tracked() if name.split("/")[0] in ("model", "calibration", "scenarios", "innovsd")]
    for path in tracked:  # every data file of a package folder travels with it
        if not path.endswith((".py", ".pyc")):
            inside = "innovsd/" + path if not path.startswith("innovsd/") else path
            assert inside in names, f"{path} is not in the wheel"
