"""Shared fixtures: one model per test session, outputs in a temporary folder, the CLI in-process."""

from __future__ import annotations

import sys

import pytest

from innovsd.model.engine import shared_engine
from innovsd.model.parameters import ParameterTable


@pytest.fixture(scope="session")
def engine():
    return shared_engine()


@pytest.fixture(scope="session")
def table():
    return ParameterTable()


@pytest.fixture(autouse=True)
def outputs_dir(tmp_path, monkeypatch):
    folder = tmp_path / "outputs"
    monkeypatch.setenv("INNOVSD_OUTPUTS", str(folder))
    return folder


@pytest.fixture
def cli(monkeypatch, capsys):
    """Run `innovsd ARGS...` in this process; return (exit code, stdout, stderr)."""
    from innovsd.cli.app import main

    def invoke(*args: str):
        monkeypatch.setattr(sys, "argv", ["innovsd", *args])
        code = 0
        try:
            main()
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else 1
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return invoke
