"""Scenario files: the lever grammar, inheritance, and every bad-input case through the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from innovsd.model.engine import shared_engine
from innovsd.scenarios.library import ScenarioLoader, load_scenario, shipped_names
from innovsd.scenarios.paths import compile_pieces, default_paths

ROOT = Path(__file__).resolve().parents[1]
HEAD = """\
title: {en: Test, vi: Thử nghiệm}
description: a test scenario
source: test
"""


@pytest.fixture(scope="module")
def engine():
    return shared_engine()


def write(folder: Path, name: str, body: str) -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(HEAD + textwrap.dedent(body), encoding="utf-8")
    return path


def cli(args: list[str], capsys, monkeypatch, tmp_path: Path):
    """Run `innovsd ARGS` in-process; return (exit code, stdout, stderr)."""
    from innovsd.cli.app import main

    monkeypatch.setenv("INNOVSD_OUTPUTS", str(tmp_path / "outputs"))
    monkeypatch.setattr(sys, "argv", ["innovsd", *args])
    with pytest.raises(SystemExit) as exit_info:
        main()
    out, err = capsys.readouterr()
    return exit_info.value.code, out, err


# -- grammar ---------------------------------------------------------------------------
YEARS = np.arange(2013, 2035.01, 0.25)
BASE = np.full(YEARS.size, 0.39)


def at(path, year):
    return float(np.interp(year, YEARS, path))


def test_value_piece_holds_from_its_year():
    path = compile_pieces(YEARS, BASE, [{"kind": "value", "from": 2026.0, "value": 2.0}])
    assert at(path, 2025.75) == pytest.approx(0.39)
    assert at(path, 2026) == pytest.approx(2.0) and at(path, 2035) == pytest.approx(2.0)


def test_step_is_sharp_on_the_grid():
    path = compile_pieces(YEARS, BASE, [{"kind": "step", "year": 2028.0, "value": 20.0}])
    assert at(path, 2027.75) == pytest.approx(0.39)
    assert at(path, 2028) == pytest.approx(20.0)


def test_ramp_starts_from_the_path_so_far_and_holds_its_end():
    path = compile_pieces(YEARS, BASE, [{"kind": "ramp", "from": 2026.0, "to": 2030.0, "end": 3.0}])
    assert at(path, 2026) == pytest.approx(0.39)
    assert at(path, 2028) == pytest.approx((0.39 + 3.0) / 2)
    assert at(path, 2030) == pytest.approx(3.0) and at(path, 2034) == pytest.approx(3.0)


def test_ramp_with_explicit_start():
    path = compile_pieces(YEARS, BASE, [{"kind": "ramp", "from": 2026.0, "to": 2028.0, "start": 0.0, "end": 150.0}])
    assert at(path, 2025) == pytest.approx(0.39)
    assert at(path, 2026) == pytest.approx(0.0) and at(path, 2027) == pytest.approx(75.0)


def test_table_interpolates_between_years_and_holds_the_last():
    path = compile_pieces(YEARS, BASE, [{"kind": "table", "table": {2026.0: 1.0, 2028.0: 2.0, 2030.0: 1.5}}])
    assert at(path, 2025) == pytest.approx(0.39)
    assert at(path, 2027) == pytest.approx(1.5)
    assert at(path, 2029) == pytest.approx(1.75) and at(path, 2035) == pytest.approx(1.5)


def test_pieces_apply_in_order():
    pieces = [{"kind": "ramp", "from": 2028.0, "to": 2030.0, "start": 0.0, "end": 20.0},
              {"kind": "ramp", "from": 2030.0, "to": 2035.0, "end": 30.0}]
    path = compile_pieces(YEARS, np.zeros(YEARS.size), pieces)
    assert at(path, 2029) == pytest.approx(10.0)
    assert at(path, 2032.5) == pytest.approx(25.0)
    assert at(path, 2035) == pytest.approx(30.0)


def test_default_paths_come_from_the_model(engine):
    defaults = default_paths(engine)
    assert set(defaults) == set(engine.levers)
    years = np.arange(engine.initial_time, engine.final_time + 1e-9, engine.time_step)
    # Passing the recorded defaults back as paths must reproduce the model's own run.
    outputs = ["ST budget share", "innovative startups", "researchers"] + engine.levers
    plain = engine.run(outputs=outputs)
    replayed = engine.run(paths={k: (years, v) for k, v in defaults.items()}, outputs=outputs)
    for name in outputs:
        assert np.allclose(plain.values[name], replayed.values[name])


def test_yaml_pieces_compile_to_engine_paths(engine, tmp_path):
    write(tmp_path, "mix", """\
    levers:
      st_budget_share: {ramp: {from: 2026, to: 2030, end: 3.0}}
      Talent Programme Inflow:
        - {value: 50, from: 2026}
        - {step: {year: 2028, value: 100}}
    """)
    s = load_scenario(str(tmp_path / "mix.yaml"), engine)
    years, values = s.paths["ST budget share policy"]
    assert np.interp(2030, years, values) == pytest.approx(3.0)
    years, values = s.paths["talent programme inflow"]
    assert np.interp(2027, years, values) == pytest.approx(50) and np.interp(2029, years, values) == pytest.approx(100)
    sim = engine.run(s.params, s.paths, ["ST budget share", "talent programme inflow"])
    assert sim.at("ST budget share", 2030)[0] == pytest.approx(3.0)
    assert sim.at("talent programme inflow", 2028)[0] == pytest.approx(100)


# -- shipped scenarios and inheritance --------------------------------------------------
def test_shipped_scenarios_load(engine):
    names = shipped_names()
    for required in ("baseline", "st-budget-2pct", "st-budget-3pct", "vc-fund", "talent", "science-park",
                     "innovation-city"):
        assert required in names
    loader = ScenarioLoader(engine)
    for name in names:
        s = loader.load(name)
        assert s.title["en"] and s.title["vi"] and s.source


def test_child_overrides_parent(engine, tmp_path):
    write(tmp_path, "parent", """\
    levers:
      st_budget_share: {value: 2.0, from: 2026}
      science_park: {value: 10, from: 2028}
    params: {VC fund size: 500, private coinvestment ratio: 1}
    """)
    write(tmp_path, "child", """\
    extends: parent
    levers:
      st_budget_share: {value: 3.0, from: 2027}
    params: {private coinvestment ratio: 2}
    """)
    s = load_scenario(str(tmp_path / "child.yaml"), engine)
    assert s.levers["ST budget share policy"] == [{"kind": "value", "from": 2027.0, "value": 3.0}]
    assert s.levers["science park incubation capacity"][0]["value"] == 10.0
    assert s.params == {"VC fund size": 500.0, "private coinvestment ratio": 2.0}
    assert [p.name for p in s.chain] == ["child.yaml", "parent.yaml"]


def test_show_resolves_the_package(capsys, monkeypatch, tmp_path):
    code, out, err = cli(["scenarios", "show", "innovation-city", "--json"], capsys, monkeypatch, tmp_path)
    assert code == 0, err
    shown = json.loads(out)
    assert set(shown["levers"]) == {"ST budget share policy", "science park incubation capacity",
                                    "talent programme inflow"}
    assert shown["params"]["VC fund size"] == 500
    assert shown["extends"] == ["st-budget-3pct", "vc-fund", "talent", "science-park"]


def test_list_names_every_scenario(capsys, monkeypatch, tmp_path):
    code, out, err = cli(["scenarios", "--json"], capsys, monkeypatch, tmp_path)
    assert code == 0, err
    listed = json.loads(out)
    assert listed[0]["name"] == "baseline"
    assert {s["name"] for s in listed} == set(shipped_names())
    assert any(s["extends"] == ["baseline"] for s in listed)


# -- bad input: one line, file and field named, exit code 2, no traceback ---------------
BAD = {
    "invalid-yaml": ("levers: {st_budget_share: 1}}\n", "invalid YAML", None, ":4"),
    "unknown-lever": ("levers:\n  budget_magic: {value: 1, from: 2026}\n", "unknown lever", "levers.budget_magic", ":5"),
    "unknown-param": ("params:\n  no such constant: 1\n", "unknown parameter", "params.no such constant", ":5"),
    "wrong-type": ("levers:\n  st_budget_share: {value: lots, from: 2026}\n", "expected a number",
                   "levers.st_budget_share.value", ":5"),
    "share-range": ("levers:\n  st_budget_share: {value: 150, from: 2026}\n", "between 0 and 100",
                    "levers.st_budget_share.value", ":5"),
    "year-range": ("levers:\n  talent_inflow: {value: 10, from: 2050}\n", "outside the model horizon",
                   "levers.talent_inflow.from", ":5"),
    "ramp-backwards": ("levers:\n  st_budget_share:\n    ramp: {from: 2030, to: 2026, end: 3}\n", "before it starts",
                       "levers.st_budget_share.ramp.to", ":6"),
    "param-range": ("params:\n  VC fund size: 99999\n", "outside the parameter's range", "params.VC fund size", ":5"),
    "extends-missing": ("extends: no-such-scenario\n", "does not exist", "extends", ":4"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_scenario_is_one_clear_line(case, capsys, monkeypatch, tmp_path):
    body, problem, field, line = BAD[case]
    path = write(tmp_path, case, body)
    code, out, err = cli(["scenarios", "show", str(path)], capsys, monkeypatch, tmp_path)
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    assert lines[0].startswith(f"error: {path}{line}")
    assert problem in lines[0]
    if field:
        assert f": {field}:" in lines[0]


def test_every_mistake_of_a_file_is_reported_at_once(capsys, monkeypatch, tmp_path):
    """A structural, a horizon and a naming mistake: one error line names all three with their
    lines, the first (in file order) in front with how many more follow."""
    path = write(tmp_path, "three", """\
    levers:
      st_budget_share: {value: lots, from: 2026}
      talent_inflow: {value: 10, from: 2050}
    params:
      no such constant: 1
    """)
    from innovsd.errors import InputError

    code, out, err = cli(["scenarios", "show", str(path)], capsys, monkeypatch, tmp_path)
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    assert lines[0].startswith(f"error: {path}:5: levers.st_budget_share.value: expected a number, got 'lots'")
    assert "(and 2 more: line 6: levers.talent_inflow.from: year 2050 is outside the model horizon" in lines[0]
    assert len(lines[0]) <= 300  # the line's limit; the API's error names every problem
    with pytest.raises(InputError, match="; line 8: params.no such constant: unknown parameter 'no such constant'"):
        load_scenario(str(path), shared_engine())


def test_structural_mistakes_are_all_reported_with_their_lines(engine, tmp_path):
    from innovsd.errors import InputError

    path = tmp_path / "shapes.yaml"
    path.write_text("title: {en: T, vi: T, fr: T}\ndescription: {vi: chỉ}\nsource: s\ncolour: red\n"
                    "levers:\n  st_budget_share:\n    ramp: {from: 2026, end: 3}\n"
                    "  talent_inflow: []\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_scenario(str(path), engine)
    message = str(error.value)
    assert message.startswith(f"{path}:1: title.fr: unknown language (allowed: en, vi) (and 4 more: ")
    for expected in ("line 2: description: the English text is required",  # in the first one's file
                     "line 4: colour: unknown field (allowed: ",
                     "line 7: levers.st_budget_share.ramp: missing required field 'to'",
                     "line 8: levers.talent_inflow: expected at least one piece"):
        assert expected in message


def test_a_bad_piece_does_not_hide_a_bad_value_in_its_neighbour(engine, tmp_path):
    from innovsd.errors import InputError

    path = write(tmp_path, "pieces", "levers:\n  talent_inflow:\n    - {value: -1, from: 2026}\n"
                                     "    - {step: {year: 2030, value: 3, x: 1}}\n")
    with pytest.raises(InputError) as error:
        load_scenario(str(path), engine)
    message = str(error.value)
    assert message.startswith(f"{path}:6: levers.talent_inflow.0.value: -1 is negative") and "(and 1 more: " in message
    assert "line 7: levers.talent_inflow.1.step.x: unknown key" in message


def test_circular_extends(capsys, monkeypatch, tmp_path):
    write(tmp_path, "a", "extends: b\n")
    write(tmp_path, "b", "extends: a\n")
    code, out, err = cli(["scenarios", "show", str(tmp_path / "a.yaml")], capsys, monkeypatch, tmp_path)
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert "circular extends: a -> b -> a" in err and "extends" in err


def test_yaml_tags_are_never_executed(engine, tmp_path):
    marker = tmp_path / "ran"
    path = tmp_path / "evil.yaml"
    path.write_text(HEAD + f"levers: !!python/object/apply:os.system ['touch {marker}']\n", encoding="utf-8")
    with pytest.raises(Exception) as error:
        load_scenario(str(path), engine)
    assert "invalid YAML" in str(error.value)
    assert not marker.exists()


@pytest.mark.slow
def test_bad_input_through_the_real_command(tmp_path, bare_env):
    path = write(tmp_path, "bad", "levers:\n  st_budget_share: {value: -1, from: 2026}\n")
    result = subprocess.run([str(ROOT / ".venv" / "bin" / "innovsd"), "compare", str(path)], capture_output=True,
                            text=True, env={**bare_env, "INNOVSD_OUTPUTS": str(tmp_path / "out")})
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "Traceback" not in result.stderr
    assert f"{path}:5: levers.st_budget_share.value" in result.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


# -- descriptions in English or by language ----------------------------------------------
BILINGUAL = """\
title: {en: Bilingual, vi: Song ngữ}
description:
  en: >
    The city spends
    more on S&T.
  vi: Thành phố chi nhiều hơn cho KH&CN.
source: test
extends: baseline
"""


def test_description_is_a_text_or_a_mapping_by_language(engine, tmp_path, capsys, monkeypatch):
    write(tmp_path, "plain", "")
    plain = load_scenario(str(tmp_path / "plain.yaml"), engine)
    assert plain.description == {"en": "a test scenario"}
    assert plain.describe("vi") == plain.describe("en") == "a test scenario"  # no Vietnamese: English
    (tmp_path / "both.yaml").write_text(BILINGUAL, encoding="utf-8")
    both = load_scenario(str(tmp_path / "both.yaml"), engine)
    assert both.describe("en") == "The city spends more on S&T."
    assert both.describe("vi") == "Thành phố chi nhiều hơn cho KH&CN."
    code, out, err = cli(["scenarios", "show", str(tmp_path / "both.yaml")], capsys, monkeypatch, tmp_path)
    assert code == 0, err
    assert "The city spends more on S&T." in out and "Thành phố chi nhiều hơn cho KH&CN." in out


def test_shipped_scenarios_describe_themselves_in_vietnamese(engine):
    loader = ScenarioLoader(engine)
    for name in shipped_names():
        s = loader.load(name)
        assert s.describe("vi") != s.describe("en"), name
        assert any(c in s.describe("vi") for c in "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"), name


BAD_DESCRIPTIONS = {
    "a-list": ("description: [one, two]\n", "expected a text or a mapping", "description", ":2"),
    "a-number": ("description: 42\n", "expected a text or a mapping", "description", ":2"),
    "unknown-language": ("description:\n  en: text\n  fr: texte\n", "unknown language", "description.fr", ":4"),
    "vi-not-text": ("description:\n  en: text\n  vi: [a]\n", "expected a text, got", "description.vi", ":4"),
    "no-english": ("description:\n  vi: chỉ tiếng Việt\n", "English text is required", "description", ":2"),
    "empty": ("description: ''\n", "expected a non-empty text", "description", ":2"),
}


@pytest.mark.parametrize("case", sorted(BAD_DESCRIPTIONS))
def test_bad_description_is_one_clear_line(case, capsys, monkeypatch, tmp_path):
    body, problem, field, line = BAD_DESCRIPTIONS[case]
    path = tmp_path / f"{case}.yaml"
    path.write_text("title: {en: Test, vi: Thử nghiệm}\n" + body + "source: test\n", encoding="utf-8")
    code, out, err = cli(["scenarios", "show", str(path)], capsys, monkeypatch, tmp_path)
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    assert lines[0].startswith(f"error: {path}{line}: {field}: ")
    assert problem in lines[0]


@pytest.mark.slow
def test_vietnamese_brief_shows_the_vietnamese_title(engine, tmp_path):
    import docx

    from innovsd.present.adapters import write_brief
    from innovsd.scenarios import pipeline

    (tmp_path / "both.yaml").write_text(BILINGUAL, encoding="utf-8")
    write(tmp_path, "plain", "extends: baseline\n")
    run = pipeline.prepare(engine, [str(tmp_path / "both.yaml"), str(tmp_path / "plain.yaml")], None, 2030)
    brief = write_brief(run, tmp_path, "vi", "docx")
    shown = "\n".join(paragraph.text for paragraph in docx.Document(brief).paragraphs)
    # With the merged city's 23 targets the brief is compact: scenarios go by their titles (the
    # descriptions would push the annex past its page), each in the brief's language.
    assert "Song ngữ" in shown and "Bilingual" not in shown


def test_each_scenario_has_its_own_line_style():
    from innovsd.present.figures import SCENARIO_COLOURS
    from innovsd.present.compare_figures import styles

    names = ["science-park", "baseline", "st-budget-2pct", "st-budget-3pct", "talent", "vc-fund", "innovation-city"]
    style = styles(names)
    assert style["baseline"]["color"] == SCENARIO_COLOURS[0] and style["baseline"]["ls"] == "-"
    assert set(names) <= set(style)  # every shipped scenario gets its look, whichever are compared
    assert len({(s["color"], s["ls"]) for s in style.values()}) == len(style)
    assert style["st-budget-3pct"]["ls"] != style["innovation-city"]["ls"]  # they coincide on the TFP panel
    from innovsd.scenarios.library import shipped_names

    widths = [style[n]["lw"] for n in shipped_names() if n != "baseline"]  # thinner in drawing order
    assert style["baseline"]["lw"] > widths[0] and widths == sorted(widths, reverse=True)
