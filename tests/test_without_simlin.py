"""Without the optional Simlin (innovsd[vensim]; it has no Windows wheel): `check` skips unit
checking and says so, `export --format xmile` names the extra in one line and exits 2."""

from __future__ import annotations

import sys

import pytest


@pytest.fixture
def no_simlin(monkeypatch):
    monkeypatch.setitem(sys.modules, "simlin", None)  # `import simlin` raises ImportError
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "simlin" else real(name, *a))


def test_export_xmile_names_the_extra(cli, no_simlin, outputs_dir):
    code, out, err = cli("export", "baseline", "--format", "xmile")
    assert code == 2 and out == ""
    assert err == 'error: --format: xmile needs the optional Simlin: pip install "innovsd[vensim]" (it has no Windows wheel)\n'
    assert not outputs_dir.exists() or not any(outputs_dir.iterdir())


@pytest.mark.slow
def test_check_skips_unit_checking_with_a_note(cli, no_simlin, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    code, out, err = cli("check")
    assert code == 0, err
    assert "dimensional consistency" not in out and "units and documentation present" in out
    assert "note: units were not checked: install the optional Simlin" in out
    code, out, _ = cli("check", "--lang", "vi")
    assert "lưu ý: chưa kiểm tra đơn vị" in out
