"""The comparison as the API gives it to its readers: `compare --json`'s summary and every scenario
under each S&T -> TFP structure with its own calibrated set."""

from __future__ import annotations

import math

from innovsd.model.structures import structures
from innovsd.scenarios.compare import scoring_year
from innovsd.scenarios.structures import chosen_structures
from innovsd.scenarios.structures import compare_structures as _compare_structures
from innovsd.scenarios.targets import load_target_record, required_tfp_growth

__all__ = ["appraisal_record", "chosen_structures", "compare_structures", "comparison_summary", "structure_names"]


def structure_names() -> list[str]:
    """The S&T -> TFP structures of model/structures.csv."""
    return [s.name for s in structures()]


def compare_structures(refs, params, year, which, advance=None, executor=None):
    """Every scenario in ``refs`` under each structure ``which`` names ('all' or a list)."""
    import innovsd

    return _compare_structures(innovsd.load_model(), refs, params, year, which, advance, executor)


def _number(x):
    return None if x is None or (isinstance(x, float) and not math.isfinite(x)) else float(x)


def _tfp_basis(target, targets) -> dict:
    """For a TFP-share target: the GRDP-growth target it is read against and the TFP growth (%/yr)
    the share needs at that growth."""
    required = required_tfp_growth(target, targets)
    if required is None:
        return {}
    return {"tfp_growth_basis": target.tfp_growth_basis, "required_tfp_growth": list(required)}


def comparison_summary(run, written: dict) -> dict:
    """What `compare --json` prints: every target with its source, date and each scenario's score, the targets
    outside the model with their reasons, the appraisal and the costs."""
    return {
        "year": run.year,
        "parameter_set": run.parameter_set.label(),
        "ensemble_members": run.ensemble_size,
        "scenarios": [{"name": s.name, "title": s.title, "extends": s.extends} for s in run.scenarios],
        "targets": [{
            "id": t.id, "title": t.title["en"], "indicator": t.indicator, "kind": t.kind, "low": t.low, "high": t.high,
            "start": t.start, "year": scoring_year(t, run.year), "source": f"{t.source} {t.section}", "date": t.date,
            "scope": t.scope, **_tfp_basis(t, run.targets),
            "scenarios": {n: {"value": _number(sc.value), "met": sc.met, "vs_baseline": _number(sc.vs_baseline),
                              "probability": _number(sc.probability), "first_year_met": sc.first_year,
                              **({"tfp_growth": _number(sc.tfp_growth), "tfp_growth_mean": _number(sc.tfp_growth_mean)}
                                 if sc.required_tfp_growth is not None else {})}
                          for n, sc in run.card[t.id].items()},
        } for t in run.targets],
        "targets_outside": [{"id": t.id, "title": t.title["en"], "year": t.year, "reason": t.reason,
                             "source": f"{t.source} {t.section}", "date": t.date, "scope": t.scope}
                            for t in load_target_record() if t.status == "outside"],
        "appraisal": appraisal_record(run),
        "costs": {n: c.record() for n, c in (run.policy_costs or {}).items()},
        "outputs": written,
    }


def appraisal_record(run) -> dict | None:
    """The settings behind the costs (scenarios/appraisal.csv)."""
    a = run.appraisal
    if a is None:
        return None
    return {"discount_rate": a.rate, "discount_rate_source": a.source, "price_year": a.price_year,
            "present_year": a.present_year, "cost_years": [a.cost_from, a.cost_to], "benefit_to": a.benefit_to,
            "points_year": run.year, "variables": a.variables, "file": "scenarios/appraisal.csv"}
