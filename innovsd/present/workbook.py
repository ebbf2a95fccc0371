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


SUBCOLUMNS = 6  # per scenario: value, met, difference to baseline, probability, p5, p95


def _no_formulas(book) -> None:
    """Every text cell as text: a scenario title or file name starting with = + - @ gets its
    apostrophe (innovsd/text.py), so no cell of the workbook is a formula."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for item in row:
                if isinstance(item.value, str):
                    item.value = cell(item.value)


def _scorecard_sheet(book, taken: set[str], scenarios, targets, card, year: int, lang: str) -> None:
    """Target bounds as numbers with their unit, then per scenario its value, ✓/✗, difference to
    the baseline, probability and band, then the target's source."""
    from openpyxl.styles import Alignment, PatternFill
    from openpyxl.utils import get_column_letter

    sheet = book.active
    sheet.title = sheet_title(word("scorecard sheet", lang, year=year), taken)
    fixed = [word("indicator", lang), word("target value", lang), word("target low", lang), word("target high", lang),
             word("unit column", lang)]
    top, sub = list(fixed), [""] * len(fixed)
    for s in scenarios:
        top += [s["title"][lang]] + [""] * (SUBCOLUMNS - 1)
        sub += [word("value", lang), "✓/✗", word("vs baseline column", lang), "P", "p5", "p95"]
    top.append(word("source", lang))
    sub.append("")
    sheet.append(top)
    sheet.append(sub)
    first_scenario = len(fixed) + 1
    for i in range(len(scenarios)):
        first = first_scenario + SUBCOLUMNS * i
        sheet.merge_cells(start_row=1, start_column=first, end_row=1, end_column=first + SUBCOLUMNS - 1)
    for t in targets:
        row = [t["title"][lang], t["text"][lang], t["low"], t["high"], t["unit"][lang]]
        for s in scenarios:
            score = card[t["id"]][s["name"]]
            band = score.get("band") or (None, None)
            mark = None if score.get("met") is None else ("✓" if score["met"] else "✗")
            row += [score.get("value"), mark, score.get("vs_baseline"), score.get("probability"), band[0], band[1]]
        row.append(t["source"][lang])
        sheet.append(row)
    _style_header(sheet, 1)
    _style_header(sheet, 2)
    for r in range(3, 3 + len(targets)):
        for c in (3, 4):
            sheet.cell(r, c).number_format = "#,##0.0##"
        for i in range(len(scenarios)):
            first = first_scenario + SUBCOLUMNS * i
            for c in (first, first + 4, first + 5):
                sheet.cell(r, c).number_format = "#,##0.0"
            sheet.cell(r, first + 2).number_format = "+#,##0.0;-#,##0.0;0.0"
            sheet.cell(r, first + 1).alignment = Alignment(horizontal="center")
            sheet.cell(r, first + 3).number_format = PERCENT
            if sheet.cell(r, first + 1).value == "✓":
                for c in range(first, first + SUBCOLUMNS):
                    sheet.cell(r, c).fill = PatternFill("solid", fgColor=MET_FILL)
        sheet.cell(r, first_scenario + SUBCOLUMNS * len(scenarios)).alignment = Alignment(wrap_text=True,
                                                                                          vertical="top")
    sheet.freeze_panes = sheet.cell(3, first_scenario).coordinate
    for column, width in zip("ABCDE", (42, 22, 9, 9, 16)):
        sheet.column_dimensions[column].width = width
    for c in range(first_scenario, first_scenario + SUBCOLUMNS * len(scenarios)):
        sheet.column_dimensions[get_column_letter(c)].width = 9
    sheet.column_dimensions[get_column_letter(first_scenario + SUBCOLUMNS * len(scenarios))].width = 60
    sheet.row_dimensions[1].height = 45


def _tidy_sheet(book, taken: set[str], scenarios, results: pd.DataFrame, headers: Mapping[str, str],
                lang: str) -> None:
    """One row per scenario, indicator and year: what a pivot table or a chart is made from."""
    sheet = book.create_sheet(sheet_title(word("tidy sheet", lang), taken))
    bands = {"p5", "p95"} <= set(results.columns)
    sheet.append([word("scenario", lang), word("indicator", lang), word("year", lang), word("value", lang)]
                 + (["p5", "p95"] if bands else []))
    titles = {s["name"]: s["title"][lang] for s in scenarios}
    shown = results[results["variable"].isin(list(headers))]
    columns = [shown["scenario"].map(titles).tolist(), shown["variable"].map(headers).tolist(),
               shown["year"].astype(int).tolist(), shown["value"].astype(float).tolist()]
    if bands:
        columns += [shown["p5"].astype(float).tolist(), shown["p95"].astype(float).tolist()]
    for row in zip(*columns):
        sheet.append(list(row))
    _style_header(sheet)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for column, width in zip("ABCDEF", (40, 52, 8, 12, 12, 12)):
        sheet.column_dimensions[column].width = width


def _about_sheet(book, taken: set[str], about: Sequence[tuple[str, str]], metadata: Sequence[tuple[str, str]],
                 lang: str) -> None:
    """Plain language first (definitions, scenarios, targets' sources, limits), then the record of
    files and versions the numbers were made from."""
    from openpyxl.styles import Alignment, Font

    meta = book.create_sheet(sheet_title(word("metadata", lang), taken))
    meta.append([word("item", lang), word("value", lang)])
    for key, value in about:
        meta.append([key, value])
    meta.append([])
    meta.append([word("technical record", lang), ""])
    meta.cell(meta.max_row, 1).font = Font(bold=True)
    for key, value in metadata:
        meta.append([key, value])
    _style_header(meta)
    meta.column_dimensions["A"].width = 34
    meta.column_dimensions["B"].width = 100
    for row in meta.iter_rows(min_row=2):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
        row[1].alignment = Alignment(wrap_text=True, vertical="top")


def write_workbook(path: Path, scenarios: Sequence[Mapping], targets: Sequence[Mapping], card: Mapping,
                   results: pd.DataFrame, headers: Mapping[str, str], metadata: Sequence[tuple[str, str]],
                   year: int, lang: str, about: Sequence[tuple[str, str]] = (),
                   extra_sheets: Sequence[Callable] = ()) -> list[str]:
    """``scenarios``: name, title; ``targets``: id, title, text, low, high, unit, source ({lang: …});
    ``card``: target id -> scenario -> value, met, vs_baseline, probability, band (p5, p95),
    first_year; ``results``: long table scenario, variable, year, value [, p5, p95]; ``headers``:
    variable -> header with unit in ``lang``; ``about``: plain-language rows of the About sheet;
    ``extra_sheets``: each called with the book and the sheet titles taken, before the long table."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    book = Workbook()
    taken: set[str] = set()
    names = [s["name"] for s in scenarios]
    _scorecard_sheet(book, taken, scenarios, targets, card, year, lang)

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
    _tidy_sheet(book, taken, scenarios, results, headers, lang)
    _about_sheet(book, taken, about, metadata, lang)
    _no_formulas(book)
    book.save(str(path))
    return book.sheetnames

