"""The scorecard in a terminal of any width: scenarios as columns when they fit, otherwise one
block of rows per target (never a column dropped); and plainly, without decoration, for --quiet."""

from __future__ import annotations

import os
import sys

WIDE_INDICATOR, WIDE_TARGET, WIDE_SCENARIO = 18, 10, 12  # narrowest readable columns of the wide table
PIPED_WIDTH = 160  # piped output without COLUMNS has no width to fit: room for the wide table


def width(console) -> int:
    """The terminal's columns, or COLUMNS when set; piped output otherwise gets PIPED_WIDTH."""
    if console.is_terminal or os.environ.get("COLUMNS", "").isdigit():
        return console.width
    return PIPED_WIDTH


def fits(n_scenarios: int, columns: int) -> bool:
    """Whether the wide table (indicator, target, one column per scenario) fits ``columns``."""
    borders = 3 * (n_scenarios + 2) + 1
    return WIDE_INDICATOR + WIDE_TARGET + WIDE_SCENARIO * n_scenarios + borders <= columns


def long_table(run, lang: str, cell, title: str):
    """One block per target: its title and bound, then a row per scenario (its name as typed)."""
    from rich.markup import escape
    from rich.table import Table

    from innovsd.present.labels import target_text
    from innovsd.present.words import word

    view = Table(title=title, header_style="bold", show_lines=False)
    view.add_column(word("scenario column", lang), overflow="fold", ratio=3)
    view.add_column(str(run.year), justify="right", overflow="fold", ratio=2)
    view.add_column(word("first year", lang), justify="right", overflow="fold", ratio=1)
    for i, t in enumerate(run.targets):
        view.add_row(f"[bold]{escape(t.title[lang])}[/]", f"[bold]{escape(target_text(t, lang))}[/]", "",
                     end_section=False)
        for n, s in enumerate(run.scenarios):
            score = run.card[t.id][s.name]
            view.add_row(f"  {escape(s.name)}", cell(score, lang).replace("\n", " "), str(score.first_year or "—"),
                         end_section=n == len(run.scenarios) - 1 and i < len(run.targets) - 1)
    return view


def scenario_key(run, lang: str) -> list[str]:
    """'name: title' for each scenario: what the short names in the long table stand for."""
    return [f"{s.name}: {s.label(lang)}" for s in run.scenarios]


def plain_scorecard(run, lang: str) -> str:
    """Tab-separated scorecard for --quiet: a header, then target, bound, scenario, value, met,
    difference to baseline, probability, first year met."""
    from innovsd.present.labels import target_text
    from innovsd.present.words import number, percent, signed, word

    header = [word("target column", lang), word("target value", lang), word("scenario column", lang), str(run.year),
              word("met", lang), "±", "P", word("first year", lang)]
    lines = ["\t".join(header)]
    for t in run.targets:
        for s in run.scenarios:
            score = run.card[t.id][s.name]
            met = "" if score.met is None else ("✓" if score.met else "✗")
            lines.append("\t".join([t.title[lang], target_text(t, lang), s.name, number(score.value, lang), met,
                                    signed(score.vs_baseline, lang) if score.vs_baseline is not None else "",
                                    percent(score.probability, lang) if score.probability is not None else "",
                                    str(score.first_year or "")]))
    return "\n".join(lines)


def say(text: str) -> None:
    """A result printed even with --quiet: plain, never wrapped (a path copies whole)."""
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    sys.stdout.flush()
