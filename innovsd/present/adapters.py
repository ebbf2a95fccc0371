"""Today's compare run (scenarios.pipeline.Prepared) turned into the plain inputs the deliverables
take. The one place that knows the pipeline's types: the restructure moves only this."""

from __future__ import annotations

import sys
from importlib.metadata import version
from pathlib import Path

from innovsd.present.labels import indicators, label
from innovsd.present.labels import target_text
from innovsd.scenarios.compare import long_results

from .words import word
from .workbook import write_workbook


def _set_provenance(provenance: dict, lang: str) -> str:
    """The parameter set's own record: how and when it was made, on which data and model."""
    keys = ("kind", "command", "created_utc", "innovsd_version", "model_sha256", "data_sha256", "observations_used",
            "until", "source")
    return "; ".join(f"{word(f'set {k}', lang)}: {provenance[k]}" for k in keys if provenance.get(k) is not None)


def metadata_rows(run, prov: dict, lang: str) -> list[tuple[str, str]]:
    ps = prov["parameter_set"]
    return [
        (word("date", lang), prov["date"]),
        (word("command", lang), " ".join(["innovsd"] + sys.argv[1:])),
        (word("version", lang), version("innovsd")),
        (word("model file", lang), f"{prov['model']['file']} sha256 {prov['model']['sha256']}"),
        (word("parameter set", lang), f"{Path(ps['file']).name} sha256 {ps['sha256']}" if ps.get("file")
         else ps.get("note", "")),
        (word("provenance of set", lang), _set_provenance(run.parameter_set.provenance, lang)),
        (word("ensemble", lang), word("members", lang, n=prov["ensemble_members"])),
        (word("data files", lang), "; ".join(f"{prov[k]['file']} sha256 {prov[k]['sha256']}"
                                        for k in ("history", "targets", "parameter_table"))),
        (word("scenario files", lang), f"{', '.join(prov['scenarios']['names'])} sha256 {prov['scenarios']['sha256']}"),
    ]


def workbook_from_run(run, path: Path, lang: str, prov: dict) -> list[str]:
    results = long_results(run.comparison)
    headers = {v: label(v, lang) for v in dict.fromkeys(results["variable"]) if v in indicators()}
    scenarios = [{"name": s.name, "title": dict(s.title)} for s in run.scenarios]
    targets = [{"id": t.id, "title": dict(t.title), "text": {l: target_text(t, l) for l in ("en", "vi")}}
               for t in run.targets]
    card = {tid: {n: {"value": sc.value, "met": sc.met, "probability": sc.probability, "band": sc.band,
                      "first_year": sc.first_year} for n, sc in row.items()} for tid, row in run.card.items()}
    return write_workbook(path, scenarios, targets, card, results, headers, metadata_rows(run, prov, lang),
                          run.year, lang)
