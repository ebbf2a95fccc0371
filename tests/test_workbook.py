"""The workbook planners open: pivoted scorecard, formatted scenario sheets in the chosen
language, a metadata sheet; CSVs with a BOM so Excel on Windows reads Vietnamese."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from innovsd.scenarios.targets import load_targets

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    out = tmp_path_factory.mktemp("compare")
    done = subprocess.run([str(Path(sys.executable).parent / "innovsd"), "compare", "baseline", "vc-fund", "--lang", "vi",
                           "--no-figures"], capture_output=True, text=True, cwd=ROOT,
                          env={"INNOVSD_OUTPUTS": str(out), "PATH": "/usr/bin:/bin", "COLUMNS": "200"})
    assert done.returncode == 0, done.stderr
    return next(out.glob("*-compare-*"))


@pytest.mark.slow
def test_csvs_carry_a_bom(folder):
    for name in ("results.csv", "scorecard.csv"):
        assert (folder / name).read_bytes().startswith(b"\xef\xbb\xbf"), name


@pytest.mark.slow
def test_scorecard_sheet_has_numeric_targets_units_differences_and_sources(folder):
    book = load_workbook(folder / "results.xlsx")
    assert book.sheetnames == ["Đánh giá mục tiêu 2030", "Năm đầu tiên đạt", "Kịch bản cơ sở (xu hướng hiện…",
                               "Quỹ đầu tư mạo hiểm thành phố…", "Chi phí thành phố", "Kết quả (bảng dọc)", "Thông tin"]
    sheet = book["Đánh giá mục tiêu 2030"]
    targets = load_targets()
    assert sheet.max_row == 2 + len(targets)
    assert [sheet.cell(1, c).value for c in (1, 2, 3, 4, 5, 6, 12, 18)] == [
        "Chỉ tiêu", "Mục tiêu", "Chỉ tiêu từ", "Chỉ tiêu đến", "Đơn vị", "Kịch bản cơ sở (xu hướng hiện tại)",
        "Quỹ đầu tư mạo hiểm thành phố (500 tỷ đồng)", "Nguồn"]
    assert [sheet.cell(2, c).value for c in range(6, 12)] == ["Giá trị", "✓/✗", "± so với cơ sở", "P", "p5", "p95"]
    assert sheet.cell(3, 1).value.startswith("Tỷ trọng đóng góp của TFP vào tăng trưởng GRDP")
    assert sheet.cell(3, 2).value == "62–65\u00a0%"
    assert (sheet.cell(3, 3).value, sheet.cell(3, 4).value, sheet.cell(3, 5).value) == (62, 65, "%")
    assert sheet.cell(3, 6).number_format == "#,##0.0" and sheet.cell(3, 9).number_format == "0%"
    assert 0 <= sheet.cell(3, 9).value <= 1 and sheet.cell(3, 10).value <= sheet.cell(3, 6).value <= sheet.cell(3, 11).value
    assert sheet.cell(3, 8).value == 0 and sheet.cell(3, 14).value == pytest.approx(
        sheet.cell(3, 12).value - sheet.cell(3, 6).value, abs=1e-9)
    growth = [r for r in range(3, sheet.max_row + 1) if "(2025–2030)" in sheet.cell(r, 2).value]
    assert growth and all("tốc độ tăng bình quân 2025–2030" in sheet.cell(r, 1).value for r in growth)
    sources = [sheet.cell(r, 18).value for r in range(3, sheet.max_row + 1)]
    assert all(sources) and not any(".txt" in s for s in sources)
    assert sheet.freeze_panes == "F3"


@pytest.mark.slow
def test_tidy_sheet_is_one_row_per_scenario_indicator_and_year(folder):
    sheet = load_workbook(folder / "results.xlsx")["Kết quả (bảng dọc)"]
    assert [c.value for c in sheet[1]] == ["Kịch bản", "Chỉ tiêu", "Năm", "Giá trị", "p5", "p95"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert {r[0] for r in rows} == {"Kịch bản cơ sở (xu hướng hiện tại)", "Quỹ đầu tư mạo hiểm thành phố (500 tỷ đồng)"}
    assert "Tỷ trọng đóng góp của TFP vào tăng trưởng GRDP (%)" in {r[1] for r in rows}
    assert all(isinstance(r[2], int) and isinstance(r[3], (int, float)) for r in rows)
    assert len(rows) == len({(r[0], r[1], r[2]) for r in rows})


@pytest.mark.slow
def test_scenario_sheets_are_formatted_in_vietnamese(folder):
    sheet = load_workbook(folder / "results.xlsx")["Quỹ đầu tư mạo hiểm thành phố…"]
    header = [c.value for c in sheet[1]]
    assert header[0].startswith("Năm")
    assert "Tỷ trọng đóng góp của TFP vào tăng trưởng GRDP (%)" in header
    assert "Tỷ trọng đóng góp của TFP vào tăng trưởng GRDP (%) p5" in header
    assert not any(h in header for h in ("TFP contribution to GRDP growth", "VC fund size"))
    assert sheet.freeze_panes == "B2"
    column = header.index("Tỷ trọng đóng góp của TFP vào tăng trưởng GRDP (%)") + 1
    assert sheet.cell(2, column).number_format == "0.0"
    assert sheet.column_dimensions["B"].width >= 12
    assert [sheet.cell(r, 1).value for r in (2, sheet.max_row)] == [2013, 2045]  # the data to the final time


@pytest.mark.slow
def test_metadata_sheet_says_how_the_numbers_were_made(folder):
    rows = {r[0]: r[1] for r in load_workbook(folder / "results.xlsx")["Thông tin"].iter_rows(min_row=2, values_only=True)}
    assert rows["Cách đọc bảng đánh giá"].startswith("Giá trị của từng chỉ tiêu năm 2030")
    assert "Hạn chế" in rows and "Phạm vi của mô hình" in rows
    assert any(k.startswith("Kịch bản: Quỹ đầu tư mạo hiểm") for k in rows)
    assert any(k.startswith("Chỉ tiêu: Tỷ trọng đóng góp của TFP") and "Nguồn:" in v for k, v in rows.items() if k)
    assert rows["Lệnh"].startswith("innovsd compare baseline vc-fund")
    assert "haiphong_innovation.mdl sha256 " in rows["Tệp mô hình"] and len(rows["Tệp mô hình"].split()[-1]) == 64
    assert rows["Bộ tham số"].startswith("default.json sha256 ")
    assert "innovsd calibrate --seed 1" in rows["Nguồn gốc bộ tham số"]
    assert rows["Độ bất định"] == f"{_shipped_members()} bộ tham số"
    assert rows["Phiên bản innovsd"] and rows["Ngày"]


def _shipped_members() -> int:
    """The shipped set's ensemble size (its posterior draws), which the uncertainty line states."""
    from innovsd.model.parameters import DEFAULT_PARAMETER_SET, ParameterSet, ParameterTable

    return ParameterSet.load(DEFAULT_PARAMETER_SET, ParameterTable()).ensemble_size
