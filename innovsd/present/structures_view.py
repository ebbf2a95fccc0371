"""Every scenario under each S&T -> TFP structure (scenarios/structures.py): one terminal table per
structure with its payoff, and the files of each structure's comparison."""

from __future__ import annotations

from pathlib import Path

from .words import number, significant, signed, word

SHARE_TARGET = "tfp-contribution-plan"  # the merged city's own TFP-share target: the column shown


def table(run, lang: str):
    """Scenarios × (TFP share and its difference, TFP growth, cost, ratio, points per 1,000 bn VND)."""
    from rich.markup import escape
    from rich.table import Table

    prepared = run.prepared
    fit = word("structure payoff", lang, payoff=significant(run.payoff, lang, 4)) if run.payoff is not None \
        else word("structure uncalibrated", lang)
    view = Table(title=escape(f"{run.structure.title[lang]} ({run.structure.name}) — {fit}"), header_style="bold")
    a = prepared.appraisal
    columns = [word("scenario", lang), word("structure share", lang, year=prepared.year),
               word("structure growth", lang, year=prepared.year),
               word("cost pv", lang, first=a.cost_from, last=a.cost_to, year=a.price_year),
               word("benefit cost ratio", lang, horizon=a.benefit_to), word("share per 1000", lang)]
    view.add_column(columns[0], overflow="fold", min_width=14, max_width=34)
    for name in columns[1:]:
        view.add_column(name, justify="right", overflow="fold", min_width=9)
    share = next((t for t in prepared.targets if t.id == SHARE_TARGET), prepared.targets[0])
    for s in prepared.scenarios:
        score = prepared.card[share.id][s.name]
        cost = (prepared.policy_costs or {}).get(s.name)
        value = number(score.value, lang, 1) + (f" ({signed(score.vs_baseline, lang, 2)})"
                                                 if score.vs_baseline is not None and s.name != "baseline" else "")
        row = [escape(s.label(lang)), value, number(score.tfp_growth, lang, 2)]
        if cost is None or s.name == "baseline":
            row += ["", "", ""]
        else:
            row += [number(cost.cost, lang, 0), significant(cost.bcr, lang, 3), number(cost.share_per_1000, lang, 3)]
        view.add_row(*row)
    return view


def export(runs, folder: Path, lang: str) -> dict:
    """structures.csv (every structure's scorecard with costs) and a folder per structure with its
    comparison's files."""
    from innovsd.scenarios.structures import structures_frame
    from innovsd.text import cells
    from innovsd.writing import output

    from .compare_files import export as export_one

    with output(folder / "structures.csv") as path:
        cells(structures_frame(runs, lang)).to_csv(path, index=False, encoding="utf-8-sig")
    written = {"structures": str(folder / "structures.csv")}
    for run in runs:
        inner = folder / run.structure.name
        inner.mkdir()
        written[run.structure.name] = export_one(run.prepared, inner, lang)
    return written
