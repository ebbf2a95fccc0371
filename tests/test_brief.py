"""`innovsd report --format docx|pdf`: an editable A4 Word brief with the scorecard as a native
table and figures at 16 cm, and a PDF whose Vietnamese text extracts intact; all in one language."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from innovsd.present import brief
from innovsd.present.words import number
from innovsd.scenarios.targets import load_targets

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ["baseline", "st-budget-3pct", "vc-fund"]
ENGLISH = re.compile(r"\b(the|and|of|with|target|targets|scenario|baseline|probability|meets|figure|source|"
                     r"sources|cost|costs|lever|results|page|year)\b", re.IGNORECASE)


def _report(tmp_path_factory, fmt: str) -> Path:
    out = tmp_path_factory.mktemp(fmt)
    done = subprocess.run([str(Path(sys.executable).parent / "innovsd"), "report", *SCENARIOS, "--lang", "vi",
                           "--format", fmt], capture_output=True, text=True, cwd=ROOT,
                          env={"INNOVSD_OUTPUTS": str(out), "PATH": "/usr/bin:/bin", "COLUMNS": "200"})
    assert done.returncode == 0, done.stderr
    return next(out.glob(f"*/brief-vi.{fmt}"))


@pytest.fixture(scope="module")
def docx_file(tmp_path_factory):
    return _report(tmp_path_factory, "docx")


@pytest.fixture(scope="module")
def pdf_file(tmp_path_factory):
    return _report(tmp_path_factory, "pdf")


@pytest.mark.slow
def test_word_brief_is_a4_with_the_scorecard_table_and_figures(docx_file):
    from docx import Document
    from docx.shared import Cm

    document = Document(str(docx_file))
    section = document.sections[0]
    assert abs(section.page_width - Cm(21)) < Cm(0.05) and abs(section.page_height - Cm(29.7)) < Cm(0.05)
    assert len(document.tables) == 1
    table = document.tables[0]
    targets = load_targets()
    assert len(table.rows) == 1 + len(targets) and len(table.columns) == 2 + len(SCENARIOS)
    assert table.cell(1, 0).text == "Tỷ trọng đóng góp của TFP vào tăng trưởng GRDP"
    assert table.cell(1, 1).text == "62–65 %"
    assert re.fullmatch(r"\d+,\d [✓✗]\nP = \d+ %", table.cell(1, 2).text), table.cell(1, 2).text
    shapes = document.inline_shapes
    assert len(shapes) >= 3
    assert all(abs(s.width - Cm(16)) < Cm(0.01) for s in shapes)


@pytest.mark.slow
def test_word_brief_is_entirely_vietnamese(docx_file):
    from docx import Document

    document = Document(str(docx_file))
    texts = [p.text for p in document.paragraphs if p.text.strip() and not p.text.startswith("Lệnh:")]
    texts += [c.text for row in document.tables[0].rows for c in row.cells]
    english = [t for t in texts if ENGLISH.search(t)]
    assert english == []
    body = "\n".join(texts)
    assert "Kết luận" in body and "Bảng đánh giá mục tiêu, năm 2030" in body
    assert not re.search(r"\d{3}_[0-9a-f]{16}\.txt", body), "sources are document titles, not file codes"
    assert "Đề án “Hải Phòng - Thành phố đổi mới sáng tạo”" in body
    assert f"{_shipped_members()} bộ tham số" in body


@pytest.mark.slow
def test_pdf_brief_text_extracts_in_vietnamese(pdf_file):
    from pypdf import PdfReader

    data = pdf_file.read_bytes()
    assert b"/FontFile2" in data and b"/Type3" not in data, "TrueType fonts embedded, no Type 3"
    text = "\n".join(page.extract_text() for page in PdfReader(str(pdf_file)).pages)
    assert "Kịch bản cơ sở (xu hướng hiện tại)" in text
    assert "Tỷ trọng đóng góp của TFP vào tăng trưởng GRDP" in text
    assert "Kết luận" in text and re.search(r"\d,\d ✓", text)


def test_conclusions_follow_the_scorecard():
    targets = [{"id": "a", "title": {"en": "TFP share", "vi": "TFP"}, "text": {"en": "62–65 %", "vi": "62–65 %"},
                "unit": {"en": "%", "vi": "%"}},
               {"id": "b", "title": {"en": "Startups", "vi": "DN"}, "text": {"en": "≥ 400", "vi": "≥ 400"},
                "unit": {"en": "firms", "vi": "DN"}}]
    scenarios = [{"name": "baseline", "title": {"en": "Current trends", "vi": "Cơ sở"}},
                 {"name": "big", "title": {"en": "Big push", "vi": "Lớn"}}]
    card = {"a": {"baseline": {"value": 51.5, "met": False, "probability": 0.07},
                  "big": {"value": 64.0, "met": True, "probability": 0.55}},
            "b": {"baseline": {"value": 80.0, "met": False, "probability": 0.0},
                  "big": {"value": 90.0, "met": False, "probability": 0.0}}}
    sentences = brief.conclusions(card, targets, scenarios, {"big": 7721.4}, 2030, "en")
    assert sentences[0] == ("TFP share: 64.0 % in 2030 under Big push against a target of 62–65 %; "
                            "51.5 % under current trends.")
    assert "Current trends meets none of the targets in 2030." in sentences
    assert "Big push meets TFP share (55 % probability)." in sentences
    assert "Big push costs 7,721 bn VND of city money over 2026–2030." in sentences
    assert sentences[-1] == "No scenario meets: Startups."
    vi = brief.conclusions(card, targets, scenarios, {"big": 7721.4}, 2030, "vi")
    assert "Lớn cần 7.721 tỷ đồng ngân sách thành phố trong giai đoạn 2026–2030." in vi


def test_numbers_in_each_language():
    assert number(51.5149, "vi") == "51,5" and number(51.5149, "en") == "51.5"
    assert number(12345.6, "vi", 0) == "12.346" and number(12345.6, "en", 0) == "12,346"


def test_every_word_is_translated():
    from innovsd.present.words import WORDS, phrase

    untranslated = [k for k in WORDS if not phrase(k, "vi").strip() or phrase(k, "vi") == phrase(k, "en")]
    assert untranslated == []
    for key in WORDS:  # the same {placeholders} in both languages
        assert set(re.findall(r"{(\w+)}", phrase(key, "en"))) == set(re.findall(r"{(\w+)}", phrase(key, "vi"))), key


def _shipped_members() -> int:
    """The shipped set's ensemble size (its posterior draws), which the uncertainty line states."""
    from innovsd.model.parameters import DEFAULT_PARAMETER_SET, ParameterSet, ParameterTable

    return ParameterSet.load(DEFAULT_PARAMETER_SET, ParameterTable()).ensemble_size
