"""The workbook's blocks of plain cells (innovsd.present.xlsx_rows) are the XML xlsxwriter writes
cell by cell: compared byte for byte, so a new xlsxwriter that changes its internals fails here."""

from __future__ import annotations

import math
import zipfile

import pytest

from innovsd.present.workbook import HEADER, Book

TEXTS = ["Hải Phòng & <Hà Nội>", " leading space", "control\x07char", "_x0041_ literal", "<r>rich</r>", "=1+1",
         "x" * 16_000]
NUMBERS = [None, 1.0, -0.0, 2013, 1 / 3, 1.2345678901234567e20, float("nan"), None, float("inf"), -5e-12, 123456789.0]


LOOKS = [None, {"num_format": "0.0"}, {"num_format": "#,##0"}, {"num_format": "0%"}, None]  # "0%": never used


def _columns():
    rows = 14
    texts = [TEXTS[i % len(TEXTS)] for i in range(rows)]
    numbers = [NUMBERS[i % len(NUMBERS)] for i in range(rows)]
    columns = [texts, numbers, numbers[::-1], [float("nan")] * rows, [2000 + i for i in range(rows)]]
    return [[None if i == 6 else v for i, v in enumerate(values)] for values in columns]  # row 6: no cell


def _sheet_xml(path, write_block) -> bytes:
    book = Book(path)
    sheet = book.sheet("rows")
    sheet.ws.set_row(0, 40)
    sheet.append(["a", "b", "c", "d", "e"], HEADER)
    write_block(book, sheet)
    sheet.append(["after", 1.5])  # rows written the ordinary way still follow
    sheet.widths((10, 12, 12, 12, 8))
    book.close()
    with zipfile.ZipFile(path) as package:
        return package.read("xl/worksheets/sheet1.xml")


def _by_cell(book, sheet):
    """xlsxwriter's own writing, a cell at a time, non-finite numbers left out."""
    for values in zip(*_columns()):
        for column, (value, look) in enumerate(zip(values, LOOKS)):
            if isinstance(value, str):
                sheet.put(sheet.row, column, value, look)
            elif value is not None and math.isfinite(value):
                sheet.ws.write_number(sheet.row, column, value, book.format(look))
        sheet.row += 1


def _as_block(book, sheet):
    sheet.block(_columns(), LOOKS)


def test_a_block_of_rows_is_the_xml_xlsxwriter_writes_cell_by_cell(tmp_path):
    """Escapes, long texts, blanks, number formatting, and formats numbered as xlsxwriter numbers them
    (the third column's first, its first cell being a row above the second's)."""
    expected = _sheet_xml(tmp_path / "cells.xlsx", _by_cell)
    assert b'<row r="8">' not in expected and b"&amp;" in expected and b'xml:space="preserve"' in expected
    assert _sheet_xml(tmp_path / "block.xlsx", _as_block) == expected


def test_a_block_refuses_rows_with_their_own_height_and_texts_excel_would_cut(tmp_path):
    book = Book(tmp_path / "book.xlsx")
    sheet = book.sheet("rows")
    sheet.ws.set_row(3, 30)
    with pytest.raises(ValueError, match="height"):
        sheet.block([[1.0] * 5], [None])
    with pytest.raises(ValueError, match="characters"):
        sheet.block([["x" * 40_000]], [None])
    book.close()
