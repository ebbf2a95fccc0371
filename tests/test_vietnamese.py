"""Vietnamese names and documentation of every model variable (model/names_vi.csv), and the
terminal tables and messages of calibrate, fit, explore, export and diff under --lang vi."""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from innovsd.present.words import WORDS

ROOT = Path(__file__).resolve().parents[1]
VIETNAMESE = re.compile(r"[ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ]", re.I)
# English words that give away an untranslated phrase (none is a Vietnamese word or a model acronym).
ENGLISH = re.compile(r"\b(the|of|and|with|per|from|by|in|year|years|rate|growth|share|spending|enterprises?|"
                     r"researchers?|startups?|capital|knowledge|research|fund|parameter|observations?|fitted|"
                     r"inputs?|wrote|payoff|series|weight|error|bounds|flags|posterior|scenario|target)\b", re.I)


@pytest.fixture(scope="module")
def model():
    import innovsd

    return innovsd.load_model()


def _names_rows() -> list[dict]:
    with (ROOT / "model" / "names_vi.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_model_variable_has_a_vietnamese_title_and_documentation(model):
    from innovsd.model.catalogue import describe

    rows = {r["variable"]: r for r in _names_rows()}
    catalogue = {r["name"].partition("[")[0]: r for r in describe(model)}  # a regional constant's rows: its name
    assert sorted(set(catalogue) - set(rows)) == [], "add these to model/names_vi.csv"
    assert sorted(set(rows) - set(catalogue)) == [], "no longer in the model: remove from model/names_vi.csv"
    for name, row in rows.items():
        assert VIETNAMESE.search(row["title_vi"]) and VIETNAMESE.search(row["doc_vi"]), name
        # The translation follows the .mdl: a changed documentation line needs a new translation.
        assert row["doc_en"] == catalogue[name]["doc"], f"{name}: .mdl documentation changed, retranslate doc_vi"


def test_titles_of_indicators_are_those_of_the_indicator_table():
    from innovsd.model.indicator_table import indicators

    for row in _names_rows():
        if row["variable"] in indicators():
            assert row["title_vi"] == indicators()[row["variable"]].title["vi"], row["variable"]


def test_documentation_keeps_numbers_citations_and_loops():
    """Faithful translation: every number (in Vietnamese format), loop name and cited author survives."""
    for row in _names_rows():
        english, vietnamese = row["doc_en"], row["doc_vi"]
        for loop in re.findall(r"\b[RB]\d\b", english):
            assert loop in vietnamese, (row["variable"], loop)
        for author in re.findall(r"\b(Griliches|Nelson-Phelps|Keller|Cohen|Levinthal|Griffith|Redding|Van Reenen|Bass)\b",
                                 english):
            assert author in vietnamese, (row["variable"], author)
        for figure in re.findall(r"\d[\d.,]*\d|\d", english):
            shown = figure.replace(",", "\0").replace(".", ",").replace("\0", ".")
            assert figure in vietnamese or shown in vietnamese, (row["variable"], figure)


def test_parameters_in_the_tornado_chart_have_vietnamese_titles():
    from innovsd.model.parameters import ParameterTable
    from innovsd.present.labels import title

    for name in ParameterTable().parameters:
        assert VIETNAMESE.search(title(name, "vi")), name
        assert title(name, "en")[0].isupper()


def test_every_code_the_tables_translate_has_a_word():
    from innovsd.calibration.history import KINDS
    from innovsd.model.parameters import BASES
    from innovsd.present import rundiff

    assert all(f"kind {k}" in WORDS for k in KINDS)
    assert all(f"basis {b}" in WORDS for b in BASES)
    assert all(f"input {label}" in WORDS for _, label in rundiff.INPUTS)
    calibrate = (ROOT / "calibration" / "calibrate.py").read_text()
    flags = set(re.findall(r'flags\.append\("([^"]+)"\)', calibrate))
    assert flags and all(f"flag {f}" in WORDS for f in flags), flags
    stages = set(re.findall(r'stage(?:, clock)? = "([^"]+)"', (ROOT / "calibration" / "calibrate.py").read_text()))
    assert stages and all(f"stage {s}" in WORDS for s in stages), stages


def test_unit_names_in_vietnamese():
    from innovsd.present.labels import unit_text

    assert unit_text("bnVND/(researcher*Year)", "vi") == "tỷ đồng/(nhà nghiên cứu*năm)"
    assert unit_text("bnVND/Year", "en") == "bnVND/Year"


def _render(table) -> str:
    from rich.console import Console

    console = Console(width=250, record=True, file=open("/dev/null", "w"))
    console.print(table)
    return console.export_text()


def test_calibration_tables_in_vietnamese(model):
    from innovsd.calibration.fit import FitRow
    from innovsd.calibration.history import load_history
    from innovsd.present import calibration as present

    history = load_history(None, model)
    rows = [FitRow(o, o.value * 1.1, i % 3 != 0, o.value * 0.9, o.value * 1.2) for i, o in enumerate(history)]
    ident = [{"name": "brain drain cap", "value": 2.5, "low": 1, "high": 4, "q05": 1.5, "q95": 3.5,
              "relative_range": 0.6, "flags": ["wide range", "corr -0.93 with GRDP 2013"],
              "max_correlation": -0.934, "correlated_with": "GRDP 2013"}]
    stats = [{"variable": "GRDP growth", "n": 10, "mape": 5.123, "n_out": 2, "mape_out": 7.5, "UM": 0.1, "US": 0.2, "UC": 0.7}]
    text = "\n".join(_render(t) for t in [present.identification_table(ident, False, "vi"), present.series_table(stats, "vi"),
                                           *present.observation_tables(rows, 2020, "vi")])
    text += "\n".join(present.out_of_sample_lines({"GRDP growth": {"n": 3, "mean_error": -0.25, "coverage_90": 0.5,
                                                                     "mean_width_percent": 40.0, "too_wide": 1}}, "vi"))
    assert "Mức trần chảy máu chất xám" in text and "Tốc độ tăng trưởng GRDP (theo giá so sánh)" in text
    assert "5,12" in text and "2,5" in text and "50\u00a0%" in text
    assert "khoảng rộng, tương quan -0,93 với GRDP năm 2013" in text
    names = {o.variable for o in history}
    leftover = ENGLISH.findall(re.sub("|".join(map(re.escape, sorted(names, key=len, reverse=True))), "", text))
    assert leftover == [], leftover


def _innovsd(*args, cwd=ROOT, env_out=None) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "COLUMNS": "200", "INNOVSD_OUTPUTS": str(env_out),
           "INNOVSD_CACHE": os.environ["INNOVSD_CACHE"]}
    return subprocess.run([str(Path(sys.executable).parent / "innovsd"), *args], capture_output=True, text=True,
                          cwd=cwd, env=env)


@pytest.mark.slow
def test_export_and_diff_speak_vietnamese(tmp_path):
    done = _innovsd("export", "baseline", "--format", "tab", "--lang", "vi", env_out=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("đã lưu ") and ".tab" in done.stdout
    for name in ("a", "b"):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "provenance.json").write_text('{"model": {"sha256": "%s"}}' % name, encoding="utf-8")
        (folder / "scorecard.csv").write_text("target,scenario,value,met,probability_met\n"
                                              f"tfp,baseline,{51.5 if name == 'a' else 63.25},{name == 'b'},0.5\n")
    done = _innovsd("diff", str(tmp_path / "a"), str(tmp_path / "b"), "--lang", "vi", env_out=tmp_path)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Các đầu vào khác nhau" in out and "tệp mô hình" in out and "51,5" in out and "63,2" in out
    assert "không → có" in out and "50\u00a0% → 50\u00a0%" in out
    assert not ENGLISH.search(re.sub(r"\S*/\S*|tfp|baseline", "", out)), out
