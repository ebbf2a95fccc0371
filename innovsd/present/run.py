"""Files, figure and terminal table of one run (`innovsd run`), from a ``model.results.Run``
(plain arrays: writing the files and the JSON summary needs neither pandas nor xarray)."""

from __future__ import annotations

import json
from pathlib import Path

from innovsd.present.labels import key_indicators, short
from innovsd.model.horizon import DISPLAY_END
from innovsd.model.results import Run
from innovsd.present.words import number, word
from innovsd.writing import json_text, output


def write_run(run: Run, folder: Path) -> dict[str, str]:
    """results.csv (every variable by year) and parameters.json (what the run used)."""
    with output(folder / "results.csv") as path:
        run.write_csv(path)
    with output(folder / "parameters.json") as path:
        path.write_text(json_text({
            "scenario": run.attrs["scenario"], "parameter_set": run.attrs["parameter_set"],
            "overrides": json.loads(run.attrs["overrides"]), "values": json.loads(run.attrs["values"]),
        }, indent=2), encoding="utf-8")
    return {"folder": str(folder), "results": str(folder / "results.csv")}


def plot(run: Run, folder: Path, lang: str, history) -> Path:
    from innovsd.present.model_figures import plot_run

    return plot_run(run.frame().loc[:DISPLAY_END], run.attrs.get(f"title_{lang}", run.attrs["scenario"]), lang, folder, history)


def summary(run: Run, written: dict) -> dict:
    return {
        "scenario": run.attrs["scenario"], "parameter_set": run.attrs["parameter_set"],
        "overrides": json.loads(run.attrs["overrides"]), "outputs": written,
        "indicators": {k: {str(int(y)): float(v) for y, v in zip(run.times, run.series(k))} for k in key_indicators()},
    }


COLUMNS_PER_TABLE = 6  # key indicators side by side: an 80-column terminal still shows whole headers


def table(run: Run, lang: str):
    """The key indicators by year to the display horizon, in tables of a few columns each."""
    from rich.console import Group
    from rich.markup import escape
    from rich.table import Table

    keys = key_indicators()
    views = []
    for start in range(0, len(keys), COLUMNS_PER_TABLE):
        shown = keys[start:start + COLUMNS_PER_TABLE]
        view = Table(title=escape(run.attrs.get(f"title_{lang}", run.attrs["scenario"])) if not start else None,
                     header_style="bold")
        view.add_column(word("year", lang), justify="right", no_wrap=True)
        for k in shown:
            view.add_column(escape(short(k, lang)), justify="right", overflow="fold")
        for i, year in enumerate(run.times):
            if year > DISPLAY_END:
                break
            row = {k: run.series(k)[i] for k in shown}
            view.add_row(f"{year:.0f}", *(number(row[k], lang, 2 if abs(row[k]) < 10 else 1) for k in shown))
        views.append(view)
    return Group(*views)
