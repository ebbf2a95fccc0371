"""Many plain cells into an xlsxwriter worksheet at once.

xlsxwriter spends about 5 µs of Python on each cell (argument checks, a table entry, then the cell's
XML once the row is done); a comparison's workbook has ~180,000. In constant_memory mode a worksheet
streams each finished row's XML to a scratch file, so a block of rows can go there as text made a
row at a time: the same XML, byte for byte (tests/test_workbook_rows.py holds this against
xlsxwriter's own writing, so a new xlsxwriter that changes its internals fails there, not in a file).
"""

from __future__ import annotations

import io
import math
from typing import Sequence

from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import CellNumberTuple, CellStringTuple


def write_rows(ws, first_row: int, columns: Sequence[Sequence], formats: Sequence) -> int:
    """Write ``columns`` (each a sequence of texts, or of numbers with None, NaN and infinities left
    blank; all the same length) from ``first_row`` down, column ``c`` with ``formats[c]`` (an
    xlsxwriter Format or None). Rows before ``first_row`` are final afterwards. Returns the row after
    the block."""
    if not ws.constant_memory:
        raise ValueError("write_rows needs a workbook in constant_memory mode")
    count = len(columns[0]) if columns else 0
    if any(first_row + k in ws.row_info for k in range(count)):
        raise ValueError("write_rows writes rows without their own height or format")
    limit = ws.xls_strmax // 2  # xlsxwriter would cut a longer text; titles and headers are far shorter
    if any(len(v) > limit for values in columns if is_text(values) for v in set(values) if v is not None):
        raise ValueError(f"write_rows takes texts of at most {limit:,} characters")
    firsts = {c: k for c, k in enumerate(_first_cell(values) for values in columns) if k is not None}
    if not firsts:
        return first_row + count
    ws._write_single_row(first_row)  # the row xlsxwriter holds goes out first, as at its next write
    # Formats are numbered as cells first use them: row by row, left to right.
    for column in sorted(firsts, key=lambda c: (firsts[c], c)):
        if formats[column] is not None:
            formats[column]._get_xf_index()
    numbers = [r + 1 for r in range(first_row, first_row + count)]
    cells = [_column_cells(ws, first_row, c, columns[c], formats[c], numbers) for c in sorted(firsts)]
    rows = [(number, text) for number, text in zip(numbers, map("".join, zip(*cells))) if text]
    ws._check_dimensions(rows[0][0] - 1, min(firsts))
    ws._check_dimensions(rows[-1][0] - 1, max(firsts))
    ws.fh.write("".join(f'<row r="{number}">{text}</row>' for number, text in rows))
    ws.previous_row = rows[-1][0] - 1  # written: nothing of it is held any more
    return first_row + count


def is_text(values: Sequence) -> bool:
    """Whether a column holds texts (its first value that is not None is one)."""
    return isinstance(next((v for v in values if v is not None), None), str)


def _first_cell(values: Sequence) -> int | None:
    """Where a column's first cell is (None: it has none)."""
    text = is_text(values)
    return next((k for k, v in enumerate(values) if v is not None and (text or math.isfinite(v))), None)


def _column_cells(ws, first_row: int, column: int, values: Sequence, look, numbers: list[int]) -> list[str]:
    """Each row's cell XML in one column ("" for a blank)."""
    letter = xl_col_to_name(column)
    if is_text(values):
        texts = {v: _rendered(ws, first_row, column, CellStringTuple(v, look))
                 for v in set(values) if v is not None}
        return [f'<c r="{letter}{n}"{texts[v]}' if v is not None else "" for n, v in zip(numbers, values)]
    opening = f'<c r="{letter}'  # then the row, the format and the value
    styled = '"' + _rendered(ws, first_row, column, CellNumberTuple(0, look)).removesuffix("0</v></c>")
    finite = math.isfinite
    return [f"{opening}{n}{styled}{v:.16G}</v></c>" if v is not None and finite(v) else ""
            for n, v in zip(numbers, values)]


def _rendered(ws, row: int, column: int, cell) -> str:
    """A cell's XML after its reference, made by xlsxwriter's own cell writer (format index, escapes,
    inline string)."""
    held, ws.fh = ws.fh, io.StringIO()
    try:
        ws._write_cell(row, column, cell)
        written = ws.fh.getvalue()
    finally:
        ws.fh = held
    return written[len(f'<c r="{xl_col_to_name(column)}{row + 1}"'):]
