"""`innovsd explore`: one self-contained HTML file with sliders over the lever grid of
``innovsd.explore``. The page only looks values up: nothing runs, nothing is fetched when it is
opened."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Mapping, Sequence

import numpy as np

from innovsd.resources import data_file, file_sha256
from innovsd.text import html_json
from innovsd.writing import output

TEMPLATE = data_file("innovsd.present", "explore.html")


def page_words(members: int) -> dict[str, dict[str, str]]:
    """The phrases the page looks up with w("key"), in every language (it can switch), their
    {placeholders} left for the page to fill (``members``: the count it shows)."""
    from innovsd.present.words import LANGUAGES, phrase

    keys = re.findall(r'\bw\("([^"]+)"\)', TEMPLATE.read_text(encoding="utf-8"))
    return {key: {lang: phrase(key, lang, members) for lang in LANGUAGES} for key in keys}


def _rounded(values, digits: int = 4):
    """Four significant digits keep the file small; NaN becomes null."""
    array = np.asarray(values, dtype=float)
    out = [float(f"{x:.{digits}g}") if np.isfinite(x) else None for x in array.ravel()]
    return np.array(out, dtype=object).reshape(array.shape).tolist()


def costs(grid: dict, levers: Sequence, presets: Mapping[str, dict], items: Sequence[Mapping[str, str]],
          start: int, year: int) -> tuple[list[float], dict[str, float]]:
    """Extra city money of every combination and preset, as ``Prepared.costs`` counts a scenario's:
    each spending item's central path above the baseline's (at current prices), summed over the
    years ``start`` to ``year``, plus the capital a constant item is set to."""
    from innovsd.present.brief import AT_2013_PRICES, PRICE_LEVEL

    years = [int(y) for y in grid["years"]]
    span = [years.index(y) for y in range(start, year + 1) if y in years]
    base = presets.get("baseline", {}).get("extra", {})
    per_combo = np.zeros(len(grid["combos"]))
    per_preset = {name: 0.0 for name in presets}
    for item in items:
        name = item["name"]
        if item["kind"] == "constant":
            for k, lever in enumerate(levers):
                if lever.variable == name:
                    per_combo += np.asarray(lever.levels)[grid["combos"][:, k]]
            for preset, p in presets.items():
                per_preset[preset] += p["constants"].get(name, 0.0)
        elif name in base and name in grid["series"]:
            reference = np.asarray(base[name])[span]
            # A cost at 2013 prices times the price level (the same path in every run: no lever moves it).
            prices = np.asarray(base[PRICE_LEVEL])[span] if item["kind"] == AT_2013_PRICES else 1.0
            per_combo += ((np.asarray(grid["series"][name]["mid"])[:, span] - reference) * prices).sum(axis=1)
            for preset, p in presets.items():
                per_preset[preset] += float(((np.asarray(p["extra"][name])[span] - reference) * prices).sum())
    return per_combo.tolist(), per_preset


def added_effects(added: Sequence, grids: Mapping[str, dict], shown: set[str], costs_by_level: Mapping[str, list]) -> list:
    """Each added lever at each of its levels as a change from its level 0 (its own grid, the other
    levers as the set has them): what the page adds to the grid's numbers, per statistic."""
    out = []
    for g in added:
        grid = grids[g.id]
        change = lambda a: _rounded(np.asarray(a, float) - np.asarray(a, float)[:1])  # noqa: E731
        out.append({"id": g.id, "title": g.title, "unit": g.unit, "levels": list(g.levels),
                    "series": {v: {k: change(x) for k, x in s.items()} for v, s in grid["series"].items() if v in shown},
                    "scores": {t: {"value": change(s["value"])} for t, s in grid["scores"].items()},
                    "costs": [round(c - costs_by_level[g.id][0]) for c in costs_by_level[g.id]]})
    return out


def page_data(grid: dict, levers: Sequence, indicators: Sequence[dict], targets: Sequence[dict],
              references: Mapping[str, dict], history: Sequence[dict], words: Mapping[str, dict],
              meta: Mapping[str, str], presets: Mapping[str, dict] | None = None,
              cost: tuple[list[float], dict[str, float]] | None = None, added: Sequence[dict] = ()) -> dict:
    """Everything the page shows, as plain JSON: ``indicators`` are dicts with variable, title,
    unit ({en, vi}); ``targets`` dicts with id, indicator, kind, low, high, year, title, text;
    ``references`` scenario name -> {title, series: {variable: values by year}}; ``presets``
    scenario name -> what compare computes for it (scenarios.explore.presets); ``cost`` the extra
    money of each combination and each preset; ``added`` the added levers' effects (added_effects)."""
    shown = {i["variable"] for i in indicators}
    presets = presets or {}
    return {
        "presets": {name: {"title": p["title"], "levels": p["levels"],
                           # Six digits: a preset must round as compare's own numbers do.
                           "series": {v: {k: _rounded(x, 6) for k, x in s.items()} for v, s in p["series"].items()
                                      if v in shown},
                           "scores": {t: {k: (None if x is None else float(f"{x:.6g}")) for k, x in s.items()}
                                      for t, s in p["scores"].items()},
                           "cost": round(cost[1].get(name, 0.0)) if cost else None}
                    for name, p in presets.items()},
        "costs": [round(x) for x in cost[0]] if cost else None,
        "meta": dict(meta),
        "words": dict(words),
        "years": [int(y) for y in grid["years"]],
        "members": grid["members"],
        # the grid's draws are every k-th of the set's ensemble (scenarios.explore.thinned)
        "every": grid.get("every", 1), "ensemble": grid.get("ensemble", grid["members"]),
        "levers": [{"id": g.id, "title": g.title, "unit": g.unit, "levels": list(g.levels)} for g in levers],
        "added": list(added),
        "indicators": [dict(i) for i in indicators],
        "series": {name: {k: _rounded(v) for k, v in s.items()} for name, s in grid["series"].items()
                   if name in shown},
        "targets": [dict(t) for t in targets],
        "scores": {tid: {k: _rounded(v) for k, v in s.items()} for tid, s in grid["scores"].items()},
        "references": {name: {"title": r["title"], "series": {v: _rounded(x) for v, x in r["series"].items()}}
                       for name, r in references.items()},
        "history": [dict(h) for h in history],
    }


def write_page(data: dict, path: Path) -> Path:
    """The template with the data inlined, its <, > and & as \\u escapes: no text in it can close
    the script, open a comment or start an entity (innovsd/text.py)."""
    html = TEMPLATE.read_text(encoding="utf-8").replace("/*DATA*/null", html_json(data))
    with output(path):
        Path(path).write_text(html, encoding="utf-8")
    return Path(path)


def history_rows(history) -> list[dict]:
    """Observed levels as the figures draw them: a period total as its yearly average."""
    rows = []
    for o in history:
        if o.kind == "growth":
            continue
        value = o.value / (o.end - o.start + 1) if o.kind == "sum" else o.value
        rows.append({"variable": o.variable, "start": o.start, "end": o.end, "value": value})
    return rows


def indicator_cards(variables: Sequence[str], model_units: Mapping[str, str]) -> list[dict]:
    """Each card's variable with its title and unit in every language, as the figures name them; a
    variable shown only for a target (one region's value, not an indicator) has the model's units."""
    from innovsd.present.labels import title, unit, unit_text
    from innovsd.present.words import LANGUAGES

    return [{"variable": v, "title": {l: title(v, l) for l in LANGUAGES},
             "unit": {l: unit(v, l) or unit_text(model_units.get(v, ""), l) for l in LANGUAGES}} for v in variables]


def write_explorer(exploration, folder: Path, lang: str) -> Path:
    """explorer.html in ``folder`` from ``innovsd.explore``'s result, opening in ``lang``."""
    from innovsd.present.adapters import command_meta
    from innovsd.present.labels import target_text
    from innovsd.present.words import word

    shown = indicator_cards(exploration.indicators, exploration.units)
    targets = [{"id": t.id, "indicator": t.indicator, "kind": t.kind, "low": t.low, "high": t.high,
                "year": t.year, "title": dict(t.title),
                "text": {l: f"{word('target of year', l, year=t.year)}: {target_text(t, l)}" for l in ("en", "vi")}}
               for t in exploration.targets]
    references = {s.name: {"title": dict(s.title), "series": exploration.reference_series[s.name]}
                  for s in exploration.references}
    meta = command_meta(file_sha256(exploration.model_file), exploration.parameter_set, exploration.year, lang)
    from innovsd.present.brief import cost_items

    span = (exploration.policy_start, exploration.year)
    cost = costs(exploration.grid, exploration.levers, exploration.presets, cost_items(), *span)
    by_level = {g.id: costs(exploration.added[g.id], [g], exploration.presets, cost_items(), *span)[0]
                for g in exploration.added_levers}
    added = added_effects(exploration.added_levers, exploration.added, set(exploration.indicators), by_level)
    data = page_data(exploration.grid, exploration.levers, shown, targets, references,
                     history_rows(exploration.history), page_words(exploration.grid["members"]),
                     {**meta, "lang": lang, "policy_start": exploration.policy_start}, exploration.presets, cost, added)
    return write_page(data, folder / "explorer.html")
