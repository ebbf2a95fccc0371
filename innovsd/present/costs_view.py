"""The city's cost and what it buys, per scenario of a compare run: a terminal table, a CSV table and
a workbook sheet, from ``run.policy_costs`` (scenarios/costs.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .words import number, percent, significant, word

if TYPE_CHECKING:
    import pandas as pd

# (key of the header in words.py, field of PolicyCost.record(), digits shown)
COLUMNS = (
    ("cost pv", "cost_pv", 0),
    ("cost sum", "cost_sum", 0),
    ("benefit cost ratio", "benefit_cost_ratio", 2),
    ("share points", "tfp_share_points", 2),
    ("share per 1000", "tfp_share_points_per_1000bn", 3),
    ("growth points", "tfp_growth_points", 3),
    ("growth per 1000", "tfp_growth_points_per_1000bn", 3),
)


def costed(run) -> list:
    """The compared scenarios other than the baseline, in the run's order."""
    return [s for s in run.scenarios if s.name != "baseline" and s.name in (run.policy_costs or {})]


TERMINAL = tuple(c for c in COLUMNS if c[1] != "cost_sum")  # the terminal keeps to its width: present value only


def headers(run, lang: str, columns=COLUMNS) -> list[str]:
    a = run.appraisal
    spans = dict(first=a.cost_from, last=a.cost_to, price=a.price_year, horizon=a.benefit_to)
    return [word("scenario", lang)] + [word(key, lang, **spans, year=a.price_year if key == "cost pv" else run.year)
                                      for key, _, _ in columns]


def note(run, lang: str) -> str:
    a = run.appraisal
    return word("cost note", lang, rate=percent(a.rate, lang), present=a.present_year, source=a.source,
                horizon=a.benefit_to, year=run.year)


def table(run, lang: str):
    """The rich table the terminal prints after the scorecard."""
    from rich.markup import escape
    from rich.table import Table

    view = Table(title=word("cost table", lang), header_style="bold", show_lines=False)
    names = headers(run, lang, TERMINAL)
    view.add_column(names[0], overflow="fold", min_width=14, max_width=34)
    for name in names[1:]:
        view.add_column(name, justify="right", overflow="fold", min_width=9)
    for s in costed(run):
        record = run.policy_costs[s.name].record()
        view.add_row(escape(s.label(lang)), *(significant(record[field], lang, 3) if field == "benefit_cost_ratio"
                                      else number(record[field], lang, digits) for _, field, digits in TERMINAL))
    return view


def frame(run, lang: str = "en") -> "pd.DataFrame":
    """One row per scenario: its cost record with the appraisal's settings (costs.csv)."""
    import pandas as pd

    a = run.appraisal
    rows = []
    for s in costed(run):
        record = run.policy_costs[s.name].record()
        rows.append({"scenario": s.name, "title": s.label(lang), **record,
                     "uncosted_levers": "; ".join(record["uncosted_levers"]), "discount_rate": a.rate,
                     "price_year": a.price_year, "present_year": a.present_year, "cost_from": a.cost_from,
                     "cost_to": a.cost_to, "points_year": run.year})
    return pd.DataFrame(rows)


def add_sheet(book, run, lang: str) -> None:
    """The costs as a sheet of ``book`` (a ``workbook.Book``), its note in the last row."""
    from .workbook import HEADER

    sheet = book.sheet(word("cost sheet", lang))
    sheet.ws.set_row(0, 60)
    sheet.append(headers(run, lang), HEADER)
    looks = [None] + [{"num_format": "#,##0" if digits == 0 else "0." + "0" * digits} for _, _, digits in COLUMNS]
    for s in costed(run):
        record = run.policy_costs[s.name].record()
        sheet.append([s.label(lang)] + [record[field] for _, field, _ in COLUMNS], looks)
    sheet.row += 1
    sheet.append([note(run, lang)])
    sheet.widths([40] + [18] * 7)
