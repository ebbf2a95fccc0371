"""`innovsd report --format docx|pdf`: an editable A4 Word brief with the scorecard as a native
table and figures at 16 cm, and a PDF whose Vietnamese text extracts intact; all in one language."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from innovsd.present.words import number

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
def test_word_brief_follows_the_administrative_format(docx_file):
    """Decree 30/2020: A4, Times New Roman 13 pt, margins, page numbers, the document's language;
    every picture with alt text and no taller than 22 cm; table headers repeated."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    document = Document(str(docx_file))
    section = document.sections[0]
    assert abs(section.page_width - Cm(21)) < Cm(0.05) and abs(section.page_height - Cm(29.7)) < Cm(0.05)
    assert abs(section.left_margin - Cm(3)) < Cm(0.05) and abs(section.right_margin - Cm(2)) < Cm(0.05)
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size == Pt(13)
    langs = document.styles.element.findall(".//" + qn("w:lang"))
    assert langs and all(e.get(qn("w:val")) == "vi-VN" for e in langs)
    assert document.core_properties.language == "vi-VN" and document.core_properties.title
    assert "PAGE" in section.header._element.xml
    shapes = document.inline_shapes
    assert len(shapes) >= 1  # the headline chart (cost against effect only with three or more costed scenarios)
    assert all(s.height <= Cm(22) and s.width <= Cm(16.01) for s in shapes)
    described = document.element.body.findall(".//" + qn("wp:docPr"))
    assert len(described) == len(shapes) and all(d.get("descr") for d in described)
    grids = [t for t in document.tables if t.style is not None and t.style.name == "Table Grid"]
    assert grids and all(t.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None for t in grids)
    runs = [r for p in document.paragraphs for r in p.runs if r.font.name not in (None, "Times New Roman")]
    assert runs == []


@pytest.mark.slow
def test_word_brief_is_entirely_vietnamese_and_states_the_finding(docx_file):
    from docx import Document

    document = Document(str(docx_file))
    texts = [p.text for p in document.paragraphs if p.text.strip() and not p.text.startswith("Lệnh:")]
    texts += [c.text for table in document.tables for row in table.rows for c in row.cells]
    # The numbered sources are cited as their records spell them (a document without a Vietnamese title).
    english = [t for t in texts if ENGLISH.search(t) and not t.startswith("[")]
    assert english == []
    body = "\n".join(texts)
    for heading in ("Kết luận chính", "Kiến nghị", "Phương pháp, độ bất định và hạn chế", "PHỤ LỤC",
                    "Bảng đánh giá mục tiêu, năm 2030", "Hải Phòng, ngày"):
        assert heading in body, heading
    # Costs as scenarios/costs.py counts them, sum and present value; the verdict under each structure.
    assert "giá trị hiện tại" in body and "Kết luận có thay đổi khi dùng cấu trúc mô hình khác không?" in body
    assert "Griffith" in body and "7,41–7,98" in body
    assert not re.search(r"\d{3}_[0-9a-f]{16}\.txt", body), "sources are document titles, not file codes"
    assert "Đề án “Hải Phòng - Thành phố đổi mới sáng tạo”" in body
    assert f"{_shipped_members()} bộ tham số" in body
    # The finding carries its number and its uncertainty range; "%" never starts a line.
    finding = next(t for t in texts if "khoảng bất định 5–95" in t and "«" in t)
    assert re.search(r"\d+,\d\u00a0%", finding) and not re.search(r"\d %", body)


@pytest.mark.slow
def test_word_brief_fits_three_pages_in_libreoffice(docx_file, tmp_path):
    """Two pages and the annex, as LibreOffice lays the document out."""
    import shutil

    from pypdf import PdfReader

    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.skip("LibreOffice is not installed")
    subprocess.run([office, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx_file)], check=True,
                   capture_output=True, timeout=300)
    pages = PdfReader(str(tmp_path / "brief-vi.pdf")).pages
    assert len(pages) <= 3
    annex = next(i for i, page in enumerate(pages) if "PHỤ LỤC" in page.extract_text())
    assert annex == 2, "the findings take two pages, the annex starts the third"


@pytest.mark.slow
def test_pdf_brief_has_a_title_and_its_text_extracts_in_vietnamese(pdf_file):
    from pypdf import PdfReader

    reader = PdfReader(str(pdf_file))
    assert reader.metadata.title and "Hải Phòng" in reader.metadata.title
    data = pdf_file.read_bytes()
    assert b"/Type3" not in data, "TrueType fonts embedded, no Type 3"
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Kịch bản cơ sở (xu hướng hiện tại)" in text
    assert re.search(r"tỷ\s+trọng\s+đóng\s+góp\s+của\s+TFP\s+vào\s+tăng\s+trưởng\s+GRDP", text)
    assert "Kết luận chính" in text and "PHỤ LỤC" in text and re.search(r"\d,\d", text)
    if b"/StructTreeRoot" not in data:
        pytest.skip("drawn without LibreOffice: not tagged")


def _score(value, met, probability=None, band=None, vs=None, growth=None, need=None):
    from innovsd.scenarios.compare import Score

    return Score(value=value, met=met, vs_baseline=vs, probability=probability, first_year=None, band=band,
                 tfp_growth=growth, required_tfp_growth=need)


def _scenario(name, en, vi):
    from innovsd.scenarios.library import Scenario

    return Scenario(name=name, title={"en": en, "vi": vi}, description={"en": en + ".", "vi": vi + "."}, source="",
                    extends=[], levers={}, params={})


def _case(big_value=64.0, big_met=True):
    """Two TFP-share targets and a count; a costly package, a cheap step, twin mixes and a lower
    investment ratio (private money) that raises the share while TFP growth falls."""
    from innovsd.present.brief_reading import Facts, Verdict
    from innovsd.scenarios.targets import Target

    plan = Target("p", "TFP contribution to GRDP growth", "level", None, 2030, 57.0, None, "percent",
                  {"en": "TFP share (plan)", "vi": "TFP (Kế hoạch)"}, "", "", "")
    action = Target("a", "TFP contribution to GRDP growth", "level", None, 2030, 62.0, 65.0, "percent",
                    {"en": "TFP share (programme)", "vi": "TFP (Chương trình)"}, "", "", "")
    startups = Target("b", "innovative startups", "level", None, 2030, 400.0, None, "startup",
                      {"en": "Startups", "vi": "DN"}, "", "", "")
    scenarios = [_scenario("baseline", "Current trends", "Cơ sở"), _scenario("big", "Big push", "Lớn"),
                 _scenario("twin", "Big push again", "Lớn nữa"), _scenario("small", "Small step", "Nhỏ"),
                 _scenario("low", "Lower investment", "Đầu tư thấp")]
    tfp = {"baseline": _score(43.5, False, 0.0, (40.0, 47.0), 0.0, 3.65, (7.41, 7.98)),
           "big": _score(big_value, big_met, 0.55, (58.0, 69.0), big_value - 43.5, 4.85, (7.41, 7.98)),
           "small": _score(44.0, False, 0.0, (40.5, 47.5), 0.5, 3.7, (7.41, 7.98)),
           "low": _score(48.0, False, 0.0, (44.0, 52.0), 4.5, 3.6, (7.41, 7.98))}
    tfp["twin"] = tfp["big"]
    card = {"p": tfp, "a": {**tfp, "big": _score(big_value, big_value >= 62, 0.3, (58.0, 69.0), big_value - 43.5,
                                                   4.85, (8.06, 9.1))},
            "b": {n: _score(80.0 + k, False, 0.0, None, float(k)) for k, n in enumerate(tfp)}}
    card["a"]["twin"] = card["a"]["big"]
    facts = Facts(pv={"big": 7721.4, "twin": 7721.4, "small": 500.0}, total={"big": 9000.0, "twin": 9000.0,
                                                                          "small": 600.0},
                  uncosted={"low"}, levers={"big": {"budget", "digital"}, "twin": {"budget", "digital"},
                                            "small": {"budget"}, "low": {"investment"}},
                  bounds={"big": ["Digital programme"]}, rate=0.09, rate_source="ADB (2017) Guidelines",
                  verdicts={"one": Verdict({"en": "Catch-up", "vi": "Đuổi kịp"}, 43.5, big_value,
                                           (big_value - 5.0, big_value + 5.0), 0.02),
                            "two": Verdict({"en": "GRVR", "vi": "GRVR"}, 44.0, big_value + 2.4,
                                           (big_value - 2.1, big_value + 7.5), 0.0731)})
    return [plan, action, startups], card, scenarios, facts


def test_findings_follow_the_scorecard():
    """The sentences say what the numbers say: who reaches what, at what cost (sum and present
    value), how far short, under which structure; twin mixes shown once; the investment trap named."""
    from innovsd.present import brief_sections as sections
    from innovsd.present.brief_reading import Reading

    targets, card, scenarios, facts = _case()
    reading = Reading(targets, card, scenarios, facts, "en")
    finding = sections.headline(reading, 2030)
    assert finding.startswith("Big push brings TFP contribution to GRDP growth to 64.0\u00a0% in 2030")
    assert "58.0–69.0" in finding and "55\u00a0%" in finding and "43.5" in finding
    reach = sections.reach_sentences(reading, 2030)
    assert reach[0].startswith("≥\u00a057\u00a0% (plan): reached by Big push") and "9,000 bn VND" in reach[0]
    assert "(present value 7,721)" in reach[0]
    table = sections.scenario_table(reading, 2030)
    assert [row[0] for row in table.rows] == ["S1. Current trends", "S2, S3. Big push", "S4. Small step",
                                              "S5. Lower investment"]
    assert table.rows[1][1] == "9,000 (7,721)" and table.rows[3][1].startswith("private money")
    trap = sections.trap(reading)
    assert "Lower investment" in trap and "3.60\u00a0%/yr" in trap and "3.65\u00a0%/yr" in trap
    differ = sections.structure_sentence(reading)
    assert "Yes: the strongest mix reaches ≥\u00a057\u00a0% under Catch-up and GRVR" in differ
    assert "64.0\u00a0% (59.0–69.0) under Catch-up" in differ and "66.4\u00a0% (61.9–71.5) under GRVR" in differ, differ

    short = Reading(*_case(big_value=45.8, big_met=False), "vi")
    assert short.best(targets[0]) == "big", "a lower investment ratio is never the best policy"
    finding = sections.headline(short, 2030)
    assert finding.startswith("Chưa có tổ hợp giải pháp nào") and "45,8\u00a0%" in finding
    needs = sections.reach_sentences(short, 2030)[0]
    assert "7,41–7,98\u00a0%/năm (≥\u00a057\u00a0%)" in needs and "8,06–9,10" in needs and "3,65" in needs and "4,85" in needs
    assert "Digital programme" in sections.reach_sentences(short, 2030)[1]
    assert sections.recommendations(short, 2030, 2026)[0].startswith("Không thể chỉ dựa vào các giải pháp đã mô phỏng")
    held = sections.structure_sentence(short)
    assert held.startswith("Không.") and "48,2\u00a0% (43,7–53,3) với cấu trúc GRVR" in held, held
    assert "40,8–50,8" in held and held.endswith("cao nhất chỉ là 7\u00a0%."), held
    for verdict in short.facts.verdicts.values():
        verdict.probability = 0.0
    assert sections.structure_sentence(short).endswith("cao nhất chỉ là dưới 1\u00a0%.")


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


def test_pdf_without_libreoffice_is_drawn_with_its_title(tmp_path, monkeypatch):
    """No LibreOffice: the same blocks drawn page by page, every kind of block, the title in the metadata."""
    from PIL import Image
    from pypdf import PdfReader

    from innovsd.present import brief_docx
    from innovsd.present.brief import Block

    picture = tmp_path / "figure.png"
    Image.new("RGB", (1600, 800), "white").save(picture)
    blocks = [Block("masthead", "Hải Phòng, ngày 05 tháng 12 năm 2026"), Block("title", "BÁO CÁO\nKết quả"),
              Block("heading", "1. Kết luận chính"), Block("paragraph", "Chưa có kịch bản nào đạt 62–65\u00a0%."),
              Block("figure", path=picture, alt="Biểu đồ"), Block("bullet", "Kiến nghị."),
              Block("table", header=["Chỉ tiêu", "Mục tiêu", "KB1"], rows=[["TFP", "62–65 %", "43,5 ✗\n0 %"]],
                    met=[[None, None, False]], widths=[8.0, 4.0, 4.0]),
              Block("signature", "GIÁM ĐỐC"), Block("pagebreak"), Block("title", "PHỤ LỤC"), Block("small", "Lệnh: x")]
    monkeypatch.setattr(brief_docx, "office", lambda: None)
    path = brief_docx.write_pdf(blocks, tmp_path / "brief-vi.pdf", "vi", "Kết quả mô phỏng")
    reader = PdfReader(str(path))
    assert reader.metadata.title == "Kết quả mô phỏng" and len(reader.pages) == 2
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Kết luận chính" in text and "PHỤ LỤC" in reader.pages[1].extract_text()


def test_pdf_is_drawn_when_libreoffice_fails(tmp_path, monkeypatch):
    """A LibreOffice that fails (here: a command that exits 1) leaves the drawn PDF, not a traceback."""
    from pypdf import PdfReader

    from innovsd.present import brief_docx
    from innovsd.present.brief import Block

    monkeypatch.setattr(brief_docx, "office", lambda: "false")
    path = brief_docx.write_pdf([Block("title", "BÁO CÁO"), Block("paragraph", "Nội dung.")], tmp_path / "b.pdf",
                                "vi", "Tiêu đề")
    assert PdfReader(str(path)).metadata.title == "Tiêu đề"
