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
def test_scorecard_sheet_is_the_pivoted_table(folder):
    book = load_workbook(folder / "results.xlsx")
    assert book.sheetnames == ["Đánh giá mục tiêu 2030", "Năm đầu tiên đạt", "Kịch bản cơ sở (xu hướng hiện…",
                               "Quỹ đầu tư mạo hiểm thành phố…", "Chi phí thành phố", "Thông tin"]
    sheet = book["Đánh giá mục tiêu 2030"]
    targets = load_targets()
    assert sheet.max_row == 2 + len(targets)
    assert [sheet.cell(1, c).value for c in (1, 2, 3, 8)] == ["Chỉ tiêu", "Mục tiêu", "Kịch bản cơ sở (xu hướng hiện tại)",
                                                              "Quỹ đầu tư mạo hiểm thành phố (500 tỷ đồng)"]
    assert [sheet.cell(2, c).value for c in range(3, 8)] == ["Giá trị", "✓/✗", "P", "p5", "p95"]
    assert sheet.cell(3, 1).value == "Tỷ trọng đóng góp của TFP vào tăng trưởng GRDP"
    assert sheet.cell(3, 2).value == "62–65 %"
    assert sheet.cell(3, 3).number_format == "#,##0.0" and sheet.cell(3, 5).number_format == "0%"
    assert 0 <= sheet.cell(3, 5).value <= 1 and sheet.cell(3, 6).value <= sheet.cell(3, 3).value <= sheet.cell(3, 7).value
    assert sheet.freeze_panes == "C3"


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
