"""Files, figure and terminal table of one run (`innovsd run`)."""

from __future__ import annotations

import json
from pathlib import Path

import xarray as xr

from innovsd.present.labels import key_indicators, short
from innovsd.present.words import number, word
from innovsd.model.results import member_frame
from innovsd.tables import json_text


def write_run(ds: xr.Dataset, folder: Path) -> dict[str, str]:
    """results.csv (every variable by year) and parameters.json (what the run used)."""
    member_frame(ds).to_csv(folder / "results.csv")
    (folder / "parameters.json").write_text(json_text({
        "scenario": ds.attrs["scenario"], "parameter_set": ds.attrs["parameter_set"],
        "overrides": json.loads(ds.attrs["overrides"]), "values": json.loads(ds.attrs["values"]),
    }, indent=2), encoding="utf-8")
    return {"folder": str(folder), "results": str(folder / "results.csv")}


def plot(ds: xr.Dataset, folder: Path, lang: str, history) -> Path:
    from innovsd.present.model_figures import plot_run

    return plot_run(member_frame(ds), ds.attrs.get(f"title_{lang}", ds.attrs["scenario"]), lang, folder, history)


def summary(ds: xr.Dataset, written: dict) -> dict:
    frame = member_frame(ds)
    return {
        "scenario": ds.attrs["scenario"], "parameter_set": ds.attrs["parameter_set"],
        "overrides": json.loads(ds.attrs["overrides"]), "outputs": written,
        "indicators": {k: {str(int(y)): float(v) for y, v in frame[k].items()} for k in key_indicators()},
    }


def table(ds: xr.Dataset, lang: str):
    from rich.table import Table

    frame = member_frame(ds)
    keys = key_indicators()
    view = Table(title=ds.attrs.get(f"title_{lang}", ds.attrs["scenario"]), header_style="bold")
    view.add_column(word("year", lang), justify="right")
    for k in keys:
        view.add_column(short(k, lang), justify="right", overflow="fold")
    for year, row in frame.iterrows():
        view.add_row(f"{year:.0f}", *(number(row[k], lang, 2 if abs(row[k]) < 10 else 1) for k in keys))
    return view
