"""Every target on the record (scenarios/targets.csv), the two TFP targets with the TFP growth each
requires, and the scorecard that shows TFP growth beside the share."""

from __future__ import annotations

import csv
import json
import math

import numpy as np
import pytest

from innovsd.model.engine import Simulation
from innovsd.scenarios.compare import Comparison, scorecard, scoring_year
from innovsd.scenarios.library import Scenario
from innovsd.scenarios.targets import TARGETS_FILE, load_target_record, load_targets, required_tfp_growth

YEARS = np.arange(2013, 2046, dtype=float)


def test_every_row_has_a_source_a_date_and_a_status_and_every_outside_row_a_reason():
    record = load_target_record()
    assert len(record) >= 30
    assert all(t.source and t.date and t.status in ("modelled", "outside") for t in record)
    outside = [t for t in record if t.status == "outside"]
    assert outside and all(t.reason for t in outside)
    assert [t.id for t in load_targets()] == [t.id for t in record if t.status == "modelled"]


def test_both_tfp_targets_are_kept_with_their_source_and_date():
    shares = {t.id: t for t in load_targets() if t.indicator == "TFP contribution to GRDP growth" and t.year == 2030}
    assert {(t.low, t.high, t.date) for t in shares.values()} == {(62.0, 65.0, "2025-02-25"), (57.0, None, "2025-12")}
    assert all(t.tfp_growth_basis == "grdp-growth-plan" for t in shares.values())


def test_the_tfp_growth_a_share_requires_is_the_share_times_the_plans_growth():
    targets = load_targets()
    by_id = {t.id: t for t in targets}
    assert (by_id["grdp-growth-plan"].low, by_id["grdp-growth-plan"].high) == (13.0, 14.0)
    assert required_tfp_growth(by_id["tfp-contribution"], targets) == pytest.approx((0.62 * 13, 0.65 * 14))
    assert required_tfp_growth(by_id["tfp-contribution-plan"], targets) == pytest.approx((0.57 * 13, 0.57 * 14))
    assert required_tfp_growth(by_id["grdp-growth-plan"], targets) is None


def _rewritten(tmp_path, target: str, field: str, value: str):
    with TARGETS_FILE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    next(row for row in rows if row["id"] == target)[field] = value
    path = tmp_path / "targets.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.mark.parametrize("target, field, value", [
    ("grdp-per-capita-plan", "reason", ""), ("tfp-contribution", "date", "Feb 2025"),
    ("tfp-contribution", "status", "planned"), ("tfp-contribution-plan", "tfp_growth_basis", "no-such-target"),
    ("tfp-contribution", "source", ""),
])
def test_a_bad_row_is_one_clear_error_naming_the_field(tmp_path, target, field, value):
    from innovsd.errors import InputError

    with pytest.raises(InputError) as raised:
        load_target_record(_rewritten(tmp_path, target, field, value))
    assert field in str(raised.value) and "targets.csv" in str(raised.value)


def _run(share: float, tfp_growth: float) -> Simulation:
    grdp = 100 * 1.1 ** (YEARS - 2013)
    return Simulation(YEARS, {"TFP contribution to GRDP growth": np.full((1, YEARS.size), share),
                              "TFP growth": np.full((1, YEARS.size), tfp_growth), "GRDP": grdp[None, :]})


def test_the_scorecard_shows_tfp_growth_and_the_growth_required_beside_each_share_target():
    targets = [t for t in load_targets() if t.id in ("tfp-contribution", "tfp-contribution-plan", "grdp-growth-plan")]
    runs = {"baseline": _run(40.0, 3.6), "lean": _run(55.0, 3.5)}  # a higher share from less investment
    comparison = Comparison([Scenario(n, {"en": n, "vi": n}, "", "", [], {}, {}) for n in runs], runs, {}, runs["baseline"])
    card = scorecard(comparison, targets, 2030)
    plan = card["tfp-contribution-plan"]["lean"]
    assert plan.value == 55.0 and plan.tfp_growth == pytest.approx(3.5) and plan.tfp_growth_mean == pytest.approx(3.5)
    assert plan.required_tfp_growth == pytest.approx((7.41, 7.98))
    assert card["tfp-contribution"]["baseline"].required_tfp_growth == pytest.approx((8.06, 9.1))
    assert card["grdp-growth-plan"]["baseline"].required_tfp_growth is None
    assert card["grdp-growth-plan"]["baseline"].value == pytest.approx(10.0)  # 10 %/yr, against 13-14


def test_a_target_due_before_the_scorecard_year_is_read_in_its_own_year():
    early = next(t for t in load_targets() if t.year == 2025)
    assert scoring_year(early, 2030) == 2025 and scoring_year(early, 2024) == 2024


@pytest.mark.slow
def test_compare_json_reports_both_tfp_targets_and_growth_against_the_plan(cli):
    code, out, err = cli("compare", "baseline", "investment-low", "--json", "--no-figures")
    assert code == 0, err
    summary = json.loads(out)
    targets = {t["id"]: t for t in summary["targets"]}
    for key, date, required in (("tfp-contribution", "2025-02-25", [8.06, 9.1]), ("tfp-contribution-plan", "2025-12", [7.41, 7.98])):
        target = targets[key]
        assert target["date"] == date and target["source"] and target["required_tfp_growth"] == pytest.approx(required)
        for scenario in ("baseline", "investment-low"):
            assert math.isfinite(target["scenarios"][scenario]["tfp_growth"])
    lean, base = (targets["tfp-contribution-plan"]["scenarios"][n] for n in ("investment-low", "baseline"))
    assert lean["value"] > base["value"] and lean["tfp_growth"] <= base["tfp_growth"] + 0.01  # the share rises, not TFP
    growth = targets["grdp-growth-plan"]
    assert (growth["low"], growth["high"], growth["kind"]) == (13.0, 14.0, "growth")
    assert len(summary["targets_outside"]) >= 20 and all(t["reason"] for t in summary["targets_outside"])
    assert {"labour-productivity-plan", "digital-economy-plan", "rd-intensity-57"} <= set(targets)
