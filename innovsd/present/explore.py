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


def page_data(grid: dict, levers: Sequence, indicators: Sequence[dict], targets: Sequence[dict],
              references: Mapping[str, dict], history: Sequence[dict], words: Mapping[str, dict],
              meta: Mapping[str, str]) -> dict:
    """Everything the page shows, as plain JSON: ``indicators`` are dicts with variable, title,
    unit ({en, vi}); ``targets`` dicts with id, indicator, kind, low, high, year, title, text;
    ``references`` scenario name -> {title, series: {variable: values by year}}."""
    return {
        "meta": dict(meta),
        "words": dict(words),
        "years": [int(y) for y in grid["years"]],
        "members": grid["members"],
        "levers": [{"id": g.id, "title": g.title, "unit": g.unit, "levels": list(g.levels)} for g in levers],
        "indicators": [dict(i) for i in indicators],
        "series": {name: {k: _rounded(v) for k, v in s.items()} for name, s in grid["series"].items()},
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


def write_explorer(exploration, folder: Path, lang: str) -> Path:
    """explorer.html in ``folder`` from ``innovsd.explore``'s result, opening in ``lang``."""
    from innovsd.present.adapters import command_meta
    from innovsd.present.labels import indicators, target_text
    from innovsd.present.words import word

    labels = indicators()
    shown = [{"variable": v, "title": dict(labels[v].title) if v in labels else {"en": v, "vi": v},
              "unit": dict(labels[v].unit) if v in labels else {"en": "", "vi": ""}} for v in exploration.indicators]
    targets = [{"id": t.id, "indicator": t.indicator, "kind": t.kind, "low": t.low, "high": t.high,
                "year": t.year, "title": dict(t.title),
                "text": {l: f"{word('target', l)}: {target_text(t, l)}" for l in ("en", "vi")}}
               for t in exploration.targets]
    references = {s.name: {"title": dict(s.title), "series": exploration.reference_series[s.name]}
                  for s in exploration.references}
    meta = command_meta(file_sha256(exploration.model_file), exploration.parameter_set, exploration.year, lang)
    data = page_data(exploration.grid, exploration.levers, shown, targets, references,
                     history_rows(exploration.history), page_words(exploration.grid["members"]), {**meta, "lang": lang})
    return write_page(data, folder / "explorer.html")
