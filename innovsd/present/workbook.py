"""The Excel workbook planners open: the scorecard pivoted as the terminal prints it, one
formatted sheet per scenario (titles with units, frozen header, number formats, widths, 5-95 %
bands), the first year each target is met, and a sheet saying how the numbers were made.

Written by xlsxwriter (about five times faster than building openpyxl's cell objects); the ~170,000
plain cells of the scenario and tidy sheets go in blocks made a row at a time (xlsx_rows), the same XML
as xlsxwriter's cell-by-cell writing at about a quarter of its cost."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from innovsd.text import cell

from .words import word

HEADER_FILL = "#DDE6F0"
MET_FILL = "#DFF0D8"
PERCENT = "0%"
HEADER = {"bold": True, "bg_color": HEADER_FILL, "pattern": 1, "text_wrap": True, "valign": "top"}
WRAPPED = {"text_wrap": True, "valign": "top"}


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


class Book:
    """An xlsxwriter workbook with sheet titles made valid and unique (``sheet_title``) and formats
    made once per look."""

    def __init__(self, path: Path):
        import xlsxwriter

        # Text stays text: no cell becomes a formula, a number or a link because of what it reads.
        # constant_memory: each row goes to a scratch file beside the workbook once the next begins
        # (rows are written in order); the scratch files go when the workbook is closed.
        self.xlsx = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_numbers": False,
                                                    "strings_to_urls": False, "constant_memory": True,
                                                    "tmpdir": str(Path(path).parent)})
        self.taken: set[str] = set()
        self.titles: list[str] = []
        self._formats: dict = {}

    def sheet(self, name: str) -> "Sheet":
        title = sheet_title(name, self.taken)
        self.titles.append(title)
        return Sheet(self, self.xlsx.add_worksheet(title))

    def format(self, look: Mapping | None):
        if not look:
            return None
        key = tuple(sorted(look.items()))
        if key not in self._formats:
            self._formats[key] = self.xlsx.add_format(dict(look))
        return self._formats[key]

    def close(self) -> None:
        self.xlsx.close()


class Sheet:
    """One worksheet written row after row, never going back to an earlier row (set a row's height
    before writing it); every text cell through ``innovsd.text.cell`` (a title
    starting with = + - @ keeps its apostrophe); NaN and infinities left blank."""

    def __init__(self, book: Book, worksheet):
        self.book, self.ws, self.row = book, worksheet, 0

    def put(self, row: int, column: int, value, look: Mapping | None = None) -> None:
        style = self.book.format(look)
        if isinstance(value, str):
            self.ws.write_string(row, column, cell(value), style)
        elif value is None or (isinstance(value, (float, np.floating)) and not math.isfinite(value)):
            if style is not None:
                self.ws.write_blank(row, column, None, style)
        elif isinstance(value, (bool, np.bool_)):
            self.ws.write_boolean(row, column, bool(value), style)
        else:
            self.ws.write_number(row, column, value, style)

    def append(self, values: Sequence, looks: Sequence[Mapping | None] | Mapping | None = None) -> None:
        """One row; ``looks``: one for every cell, or one per cell."""
        for column, value in enumerate(values):
            look = looks if looks is None or isinstance(looks, Mapping) else looks[column]
            self.put(self.row, column, value, look)
        self.row += 1

    def block(self, columns: Sequence[Sequence], looks: Sequence[Mapping | None]) -> None:
        """Rows of plain cells from the current one down, given column by column: each all texts
        (through ``innovsd.text.cell``) or all numbers (None, NaN and infinities left blank), with one
        look per column. What ``append`` would write, at a fraction of its cost (xlsx_rows)."""
        from .xlsx_rows import write_rows

        self.row = write_rows(self.ws, self.row, [_shown(values) for values in columns],
                              [self.book.format(look) for look in looks])

    def widths(self, widths: Sequence[float], first: int = 0) -> None:
        for column, width in enumerate(widths, start=first):
            self.ws.set_column(column, column, width)


def _shown(values: Sequence) -> Sequence:
    """A column of texts through ``innovsd.text.cell`` (each distinct text once); numbers as they are."""
    from .xlsx_rows import is_text

    if not is_text(values):
        return values
    texts = {v: cell(v) for v in set(values) if v is not None}
    return [None if v is None else texts[v] for v in values]


def _number_format(values: np.ndarray) -> str:
    """Whole numbers for large magnitudes, one or three decimals below."""
    finite = np.abs(values[np.isfinite(values)]) if len(values) else values
    biggest = finite.max() if len(finite) else float("nan")
    if not math.isfinite(biggest) or biggest >= 100:
        return "#,##0"
    return "0.0" if biggest >= 1 else "0.000"


SUBCOLUMNS = 6  # per scenario: value, met, difference to baseline, probability, p5, p95
SCORE_LOOKS = ({"num_format": "#,##0.0"}, {"align": "center"}, {"num_format": "+#,##0.0;-#,##0.0;0.0"},
               {"num_format": PERCENT}, {"num_format": "#,##0.0"}, {"num_format": "#,##0.0"})


def _scorecard_sheet(book: Book, scenarios, targets, card, year: int, lang: str) -> None:
    """Target bounds as numbers with their unit, then per scenario its value, ✓/✗, difference to
    the baseline, probability and band, then the target's source."""
    sheet = book.sheet(word("scorecard sheet", lang, year=year))
    fixed = [word("indicator", lang), word("target value", lang), word("target low", lang), word("target high", lang),
             word("unit column", lang)]
    top, sub = list(fixed), [""] * len(fixed)
    for s in scenarios:
        top += [s["title"][lang]] + [""] * (SUBCOLUMNS - 1)
        sub += [word("value", lang), "✓/✗", word("vs baseline column", lang), "P", "p5", "p95"]
    top.append(word("source", lang))
    sub.append("")
    sheet.ws.set_row(0, 45)
    sheet.append(top, HEADER)
    first_scenario = len(fixed)
    header = book.format(HEADER)
    for i, s in enumerate(scenarios):  # merged while their row is the one being written
        first = first_scenario + SUBCOLUMNS * i
        sheet.ws.merge_range(0, first, 0, first + SUBCOLUMNS - 1, cell(s["title"][lang]), header)
    sheet.append(sub, HEADER)
    bound = {"num_format": "#,##0.0##"}
    for t in targets:
        row, looks = [t["title"][lang], t["text"][lang], t["low"], t["high"], t["unit"][lang]], [None, None, bound, bound,
                                                                                                 None]
        for s in scenarios:
            score = card[t["id"]][s["name"]]
            band = score.get("band") or (None, None)
            mark = None if score.get("met") is None else ("✓" if score["met"] else "✗")
            row += [score.get("value"), mark, score.get("vs_baseline"), score.get("probability"), band[0], band[1]]
            looks += [{**look, "bg_color": MET_FILL, "pattern": 1} if mark == "✓" else look for look in SCORE_LOOKS]
        row.append(t["source"][lang])
        looks.append(WRAPPED)
        sheet.append(row, looks)
    sheet.ws.freeze_panes(2, first_scenario)
    sheet.widths((42, 22, 9, 9, 16))
    sheet.widths([9] * (SUBCOLUMNS * len(scenarios)) + [60], first=first_scenario)


def _first_year_sheet(book: Book, scenarios, targets, card, lang: str) -> None:
    sheet = book.sheet(word("first year", lang))
    sheet.append([word("indicator", lang)] + [s["title"][lang] for s in scenarios], HEADER)
    for t in targets:
        sheet.append([t["title"][lang]] + [card[t["id"]][s["name"]].get("first_year") or word("never", lang)
                                           for s in scenarios])
    sheet.ws.freeze_panes(1, 1)
    sheet.widths([42] + [18] * len(scenarios))


def _scenario_sheet(book: Book, scenario, rows: pd.DataFrame, headers: Mapping[str, str], lang: str) -> None:
    """Year by year, one column per indicator (its title and unit), then its 5 and 95 % where an
    ensemble ran."""
    sheet = book.sheet(scenario["title"][lang])  # the tab a planner reads: the display name
    statistics = ["value"] + (["p5", "p95"] if {"p5", "p95"} <= set(rows.columns) else [])
    # The long rows laid out statistic × year × variable (NaN where a pair is missing), as a pivot would.
    at_year, years = pd.factorize(rows["year"], sort=True)
    at_variable, variables = pd.factorize(rows["variable"])
    wide = np.full((len(statistics), len(years), len(variables)), np.nan)
    wide[:, at_year, at_variable] = rows[statistics].to_numpy(float).T
    columns = [(k, v) for k, v in enumerate(variables) if v in headers]
    titles = [f"{word('year', lang)} — {scenario['title'][lang]}"] + [headers[v] for _, v in columns]
    block = [wide[0, :, k] for k, _ in columns]
    formats = [_number_format(values) for values in block]
    if len(statistics) > 1:
        titles += [f"{headers[v]} {q}" for _, v in columns for q in statistics[1:]]
        block += [wide[i, :, k] for k, _ in columns for i in range(1, len(statistics))]
        formats += [f for f in formats[:len(columns)] for _ in statistics[1:]]
    sheet.ws.set_row(0, 60)
    sheet.append(titles, HEADER)
    sheet.block([years.astype(int).tolist()] + [values.tolist() for values in block],
                [None] + [{"num_format": f} for f in formats])
    sheet.ws.freeze_panes(1, 1)
    sheet.widths([10] + [16] * len(formats))


def _tidy_sheet(book: Book, scenarios, results: pd.DataFrame, headers: Mapping[str, str], lang: str) -> None:
    """One row per scenario, indicator and year: what a pivot table or a chart is made from."""
    sheet = book.sheet(word("tidy sheet", lang))
    bands = {"p5", "p95"} <= set(results.columns)
    sheet.append([word("scenario", lang), word("indicator", lang), word("year", lang), word("value", lang)]
                 + (["p5", "p95"] if bands else []), HEADER)
    titles = {s["name"]: s["title"][lang] for s in scenarios}
    shown = results[results["variable"].isin(list(headers))]
    columns = [shown["scenario"].map(titles).tolist(), shown["variable"].map(headers).tolist(),
               shown["year"].astype(int).tolist(), shown["value"].astype(float).tolist()]
    if bands:
        columns += [shown["p5"].astype(float).tolist(), shown["p95"].astype(float).tolist()]
    sheet.block(columns, [None] * len(columns))
    sheet.ws.freeze_panes(1, 0)
    sheet.ws.autofilter(0, 0, len(shown), len(columns) - 1)
    sheet.widths((40, 52, 8, 12, 12, 12))


def _about_sheet(book: Book, about: Sequence[tuple[str, str]], metadata: Sequence[tuple[str, str]],
                 lang: str) -> None:
    """Plain language first (definitions, scenarios, targets' sources, limits), then the record of
    files and versions the numbers were made from."""
    sheet = book.sheet(word("metadata", lang))
    sheet.append([word("item", lang), word("value", lang)], HEADER)
    for key, value in about:
        sheet.append([key, value], WRAPPED)
    sheet.row += 1
    sheet.append([word("technical record", lang), ""], [{**WRAPPED, "bold": True}, WRAPPED])
    for key, value in metadata:
        sheet.append([key, value], WRAPPED)
    sheet.widths((34, 100))


def write_workbook(path: Path, scenarios: Sequence[Mapping], targets: Sequence[Mapping], card: Mapping,
                   results: pd.DataFrame, headers: Mapping[str, str], metadata: Sequence[tuple[str, str]],
                   year: int, lang: str, about: Sequence[tuple[str, str]] = (),
                   extra_sheets: Sequence[Callable[[Book], None]] = ()) -> list[str]:
    """``scenarios``: name, title; ``targets``: id, title, text, low, high, unit, source ({lang: …});
    ``card``: target id -> scenario -> value, met, vs_baseline, probability, band (p5, p95),
    first_year; ``results``: long table scenario, variable, year, value [, p5, p95]; ``headers``:
    variable -> header with unit in ``lang``; ``about``: plain-language rows of the About sheet;
    ``extra_sheets``: each called with the ``Book``, before the long table. Returns the sheets' titles."""
    book = Book(path)  # on an error nothing is assembled: the command's folder stays unfinished
    _scorecard_sheet(book, scenarios, targets, card, year, lang)
    _first_year_sheet(book, scenarios, targets, card, lang)
    by_scenario = dict(tuple(results.groupby("scenario", sort=False)))
    for s in scenarios:
        _scenario_sheet(book, s, by_scenario[s["name"]], headers, lang)
    for add in extra_sheets:
        add(book)
    _tidy_sheet(book, scenarios, results, headers, lang)
    _about_sheet(book, about, metadata, lang)
    book.close()
    return book.titles
