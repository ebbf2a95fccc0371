"""The suite never touches the user's cache folder or the repository's outputs/: both are pointed at
temporary folders for the whole session (tests/conftest.py, which also fails the session if either
changed), and a command started the way the tests start them leaves both unchanged."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import conftest
import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_caches_and_outputs_point_at_temporary_folders():
    from innovsd.cache import cache_root
    from innovsd.resources import outputs_root

    temporary = Path(tempfile.gettempdir()).resolve()
    for folder in (cache_root().resolve(), outputs_root().resolve()):
        assert temporary in folder.parents
        for guarded in conftest.GUARDED.values():
            assert folder != guarded.resolve() and guarded.resolve() not in folder.parents


@pytest.mark.slow
def test_a_command_run_in_the_repository_leaves_the_user_folders_alone(outputs_dir):
    before = {name: conftest._snapshot(folder) for name, folder in conftest.GUARDED.items()}
    done = subprocess.run([sys.executable, "-m", "innovsd", "run", "--json", "--no-plot"], cwd=ROOT,
                          env=dict(os.environ), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert Path(json.loads(done.stdout)["outputs"]["folder"]).parent == outputs_dir
    assert {name: conftest._snapshot(folder) for name, folder in conftest.GUARDED.items()} == before
