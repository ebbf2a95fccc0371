"""The Excel workbook planners open: the scorecard pivoted as the terminal prints it, one
formatted sheet per scenario (titles with units, frozen header, number formats, widths, 5-95 %
bands), the first year each target is met, and a sheet saying how the numbers were made."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from innovsd.text import cell

from .words import word

HEADER_FILL = "DDE6F0"
MET_FILL = "DFF0D8"
PERCENT = "0%"


def sheet_title(name: str, taken: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique (case-insensitive); a
    longer name is cut with an ellipsis."""
    base = "".join("-" if c in "[]:*?/\\" else c for c in name)
    base = (base[:30].rstrip() + "…" if len(base) > 31 else base) or "sheet"
    title, n = base, 2
    while title.lower() in taken:
        suffix = f"~{n}"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title.lower())
    return title


def _number_format(values: pd.Series) -> str:
    """Whole numbers for large magnitudes, one or three decimals below."""
    biggest = values.abs().max() if len(values) else 0
    if not pd.notna(biggest) or biggest >= 100:
        return "#,##0"
    return "0.0" if biggest >= 1 else "0.000"


def _style_header(sheet, row: int = 1) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    for cell in sheet[row]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _no_formulas(book) -> None:
    """Every text cell as text: a scenario title or file name starting with = + - @ gets its
    apostrophe (innovsd/text.py), so no cell of the workbook is a formula."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for item in row:
                if isinstance(item.value, str):
                    item.value = cell(item.value)


def write_workbook(path: Path, scenarios: Sequence[Mapping], targets: Sequence[Mapping], card: Mapping,
                   results: pd.DataFrame, headers: Mapping[str, str], metadata: Sequence[tuple[str, str]],
                   year: int, lang: str, extra_sheets: Sequence[Callable] = ()) -> list[str]:
    """``scenarios``: name, title; ``targets``: id, title, text; ``card``: target id -> scenario ->
    value, met, probability, band (p5, p95), first_year; ``results``: long table scenario, variable,
    year, value [, p5, p95]; ``headers``: variable -> header with unit in ``lang``; ``extra_sheets``:
    each called with the book and the sheet titles taken, before the metadata sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    taken: set[str] = set()
    names = [s["name"] for s in scenarios]

    card_sheet = book.active
    card_sheet.title = sheet_title(word("scorecard sheet", lang, year=year), taken)
    top = [word("indicator", lang), word("target value", lang)]
    sub = ["", ""]
    for s in scenarios:
        top += [s["title"][lang], "", "", "", ""]
        sub += [word("value", lang), "✓/✗", "P", "p5", "p95"]
    card_sheet.append(top)
    card_sheet.append(sub)
    for i in range(len(scenarios)):
        first = 3 + 5 * i
        card_sheet.merge_cells(start_row=1, start_column=first, end_row=1, end_column=first + 4)
    for t in targets:
        row = [t["title"][lang], t["text"][lang]]
        for n in names:
            score = card[t["id"]][n]
            band = score.get("band") or (None, None)
            mark = None if score.get("met") is None else ("✓" if score["met"] else "✗")
            row += [score.get("value"), mark, score.get("probability"), band[0], band[1]]
        card_sheet.append(row)
    _style_header(card_sheet, 1)
    _style_header(card_sheet, 2)
    for r in range(3, 3 + len(targets)):
        for i in range(len(scenarios)):
            first = 3 + 5 * i
            for c in (first, first + 3, first + 4):
                card_sheet.cell(r, c).number_format = "#,##0.0"
            card_sheet.cell(r, first + 1).alignment = Alignment(horizontal="center")
            card_sheet.cell(r, first + 2).number_format = PERCENT
            if card_sheet.cell(r, first + 1).value == "✓":
                for c in range(first, first + 5):
                    card_sheet.cell(r, c).fill = PatternFill("solid", fgColor=MET_FILL)
    card_sheet.freeze_panes = "C3"
    card_sheet.column_dimensions["A"].width = 42
    card_sheet.column_dimensions["B"].width = 22
    for c in range(3, 3 + 5 * len(scenarios)):
        card_sheet.column_dimensions[get_column_letter(c)].width = 9
    card_sheet.row_dimensions[1].height = 45

    first_sheet = book.create_sheet(sheet_title(word("first year", lang), taken))
    first_sheet.append([word("indicator", lang)] + [s["title"][lang] for s in scenarios])
    for t in targets:
        first_sheet.append([t["title"][lang]] + [card[t["id"]][n].get("first_year") or word("never", lang)
                                                  for n in names])
    _style_header(first_sheet)
    first_sheet.freeze_panes = "B2"
    first_sheet.column_dimensions["A"].width = 42
    for c in range(2, 2 + len(scenarios)):
        first_sheet.column_dimensions[get_column_letter(c)].width = 18

    for s in scenarios:
        sheet = book.create_sheet(sheet_title(s["title"][lang], taken))  # the tab a planner reads: the display name
        rows = results[results["scenario"] == s["name"]]
        wide = rows.pivot(index="year", columns="variable", values="value")
        columns = [v for v in dict.fromkeys(rows["variable"]) if v in headers]
        sheet.append([word("year", lang)] + [headers[v] for v in columns])
        sheet.cell(1, 1).value = f"{word('year', lang)} — {s['title'][lang]}"
        bands = {"p5", "p95"} <= set(rows.columns)
        band_columns = []
        if bands:
            for v in columns:
                band_columns += [(v, "p5"), (v, "p95")]
            for c, (v, q) in enumerate(band_columns, start=len(columns) + 2):
                sheet.cell(1, c).value = f"{headers[v]} {q}"
            low = rows.pivot(index="year", columns="variable", values="p5")
            high = rows.pivot(index="year", columns="variable", values="p95")
        # Whole columns as arrays, then rows of plain floats: not one pandas lookup per cell.
        block = [wide[v].to_numpy(float) for v in columns]
        if bands:
            block += [(low if q == "p5" else high)[v].to_numpy(float) for v, q in band_columns]
        for year, values in zip(wide.index, np.column_stack(block).tolist() if block else [[]] * len(wide.index)):
            sheet.append([int(year)] + values)
        _style_header(sheet)
        sheet.freeze_panes = "B2"
        sheet.column_dimensions["A"].width = 10
        sheet.row_dimensions[1].height = 60
        formats = [_number_format(wide[v]) for v in columns] + [_number_format(wide[v]) for v, _ in band_columns]
        for c, fmt in enumerate(formats, start=2):
            sheet.column_dimensions[get_column_letter(c)].width = 16
            for r in range(2, 2 + len(wide.index)):
                sheet.cell(r, c).number_format = fmt

    for add in extra_sheets:
        add(book, taken)
    meta = book.create_sheet(sheet_title(word("metadata", lang), taken))
    meta.append([word("item", lang), word("value", lang)])
    for key, value in metadata:
        meta.append([key, value])
    _style_header(meta)
    meta.column_dimensions["A"].width = 34
    meta.column_dimensions["B"].width = 100
    for row in meta.iter_rows(min_row=2):
        row[1].alignment = Alignment(wrap_text=True, vertical="top")
    _no_formulas(book)
    book.save(str(path))
    return book.sheetnames

