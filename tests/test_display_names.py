"""Scenarios are shown by their names from the YAML files, in the chosen language: a slug
(st-budget-3pct) is what users type and what files are called, never a figure title, a legend, a
workbook tab or header, or a column of the terminal's scorecard."""

from __future__ import annotations

import json
import re

import matplotlib
import pytest
from openpyxl import load_workbook

matplotlib.use("Agg")

SCENARIOS = ["baseline", "st-budget-3pct", "vc-fund", "talent", "science-park"]  # > 4: small multiples too
SLUG = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, SCENARIOS)) + r")(?![\w-])")


@pytest.fixture(scope="module")
def params(tmp_path_factory):
    """The calibrated values without their ensemble: quicker."""
    from innovsd.model.parameters import DEFAULT_PARAMETER_SET

    shipped = json.loads(DEFAULT_PARAMETER_SET.read_text(encoding="utf-8"))
    path = tmp_path_factory.mktemp("params") / "central.json"
    path.write_text(json.dumps({"values": shipped["values"], "provenance": shipped.get("provenance", {})}),
                    encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def run(params):
    import innovsd

    return innovsd.prepare_comparison(SCENARIOS, params=params)


@pytest.fixture
def shown(monkeypatch) -> list[str]:
    """Every text drawn into a figure saved while the test runs."""
    from matplotlib.text import Text

    from innovsd.present import figures

    texts: list[str] = []
    save = figures.save  # every figure file is written through it

    def record(figure, *args, **kwargs):
        texts.extend(t.get_text().replace("\n", " ") for t in figure.findobj(Text) if t.get_text())
        return save(figure, *args, **kwargs)

    monkeypatch.setattr(figures, "save", record)
    return texts


@pytest.mark.slow
def test_figures_show_scenario_names(run, tmp_path, shown):
    from innovsd.present.compare_files import write_figures

    write_figures(run, tmp_path, "vi", workers=1)
    assert any(s.title["vi"] in " ".join(shown) for s in run.scenarios)  # the recording works
    leaks = sorted({t for t in shown if SLUG.search(t)})
    assert not leaks, leaks


@pytest.mark.slow
def test_seek_and_sensitivity_figures_show_scenario_names(params, tmp_path, shown):
    import innovsd
    from innovsd.present.analysis import write_seek, write_sensitivity

    write_seek(innovsd.seek("researcher-density", lever="talent", scenario="vc-fund", params=params), tmp_path, "vi")
    study = innovsd.sensitivity("vc-fund", method="morris", n=4, params=params, ranges=True)
    write_sensitivity(study, tmp_path, "vi")
    assert sum("Quỹ đầu tư mạo hiểm thành phố" in t for t in shown) >= 3, shown
    assert not [t for t in shown if SLUG.search(t)]


@pytest.mark.slow
def test_workbook_tabs_and_headers_show_scenario_names(run, tmp_path):
    from innovsd.present.compare_files import export
    from innovsd.present.words import word

    export(run, tmp_path, "vi")
    book = load_workbook(tmp_path / "results.xlsx")
    for sheet in book:
        assert not SLUG.search(sheet.title), sheet.title
        if sheet.title == word("metadata", "vi"):  # the command and the scenario files: slugs are typed there
            continue
        header = [c.value for row in sheet.iter_rows(max_row=2) for c in row if isinstance(c.value, str)]
        assert not any(SLUG.search(h) for h in header), (sheet.title, header)
    tabs = book.sheetnames
    assert "Chi KH&CN tăng lên 3% tổng chi…" in tabs and all(len(t) <= 31 for t in tabs), tabs


def test_terminal_scorecard_columns_show_scenario_names(run, capsys, monkeypatch):
    from innovsd.cli import scenario_commands

    monkeypatch.setenv("COLUMNS", "250")
    scenario_commands.console.reset()
    scenario_commands._print_tables(run, "vi")
    out = capsys.readouterr().out
    assert "Quỹ đầu tư mạo hiểm" in out and not SLUG.search(out), out
