"""The city's cost of a policy, its benefit-cost ratio and points per 1,000 bn VND: the arithmetic on
made-up runs with known answers, the settings file, and the compare outputs that show them."""

from __future__ import annotations


import numpy as np
import pytest

from innovsd.errors import InputError
from innovsd.model.engine import Simulation
from innovsd.scenarios import costs

VARIABLES = {"cost variable": "city policy cost", "benefit variable": "GRDP", "price variable": "price level",
             "share variable": "TFP contribution to GRDP growth", "growth variable": "TFP growth"}


def appraisal(rate=0.1, benefit_to=2030):
    return costs.Appraisal(rate=rate, price_year=2025, present_year=2026, cost_from=2026, cost_to=2028,
                           benefit_to=benefit_to, variables=VARIABLES, source="test")


def run(times, **series):
    return Simulation(np.asarray(times, float), {k: np.atleast_2d(np.asarray(v, float)) for k, v in series.items()})


def flat(times, cost=0.0, grdp=100.0, share=40.0, growth=4.0, price=2.0):
    n = len(times)
    return run(times, **{"city policy cost": np.full(n, cost), "GRDP": np.full(n, grdp), "price level": np.full(n, price),
                         "TFP contribution to GRDP growth": np.full(n, share), "TFP growth": np.full(n, growth)})


YEARS = np.arange(2024, 2031)


def test_present_value_discounts_from_the_present_year_at_price_year_prices():
    base = flat(YEARS)
    policy = flat(YEARS, cost=10.0)
    # 10 a year at 2013 prices for 2026, 2027, 2028; price level 2 in 2025; 10 % a year.
    expected = 2.0 * 10.0 * (1 + 1 / 1.1 + 1 / 1.1 ** 2)
    assert costs.city_cost(appraisal(), policy, base)[0] == pytest.approx(expected, rel=1e-12)


def test_yearly_amount_is_the_mean_over_the_year_when_saved_every_step():
    times = np.arange(2026, 2027.01, 0.25)  # 2026, 2026.25, ..., 2027
    sim = run(times, x=np.arange(len(times)) * 1.0)
    # 2026 holds the steps 0..3 (mean 1.5); 2027 only its start (4).
    assert costs.yearly(sim, "x", 2026, 2027).tolist() == [[1.5, 4.0]]
    with pytest.raises(InputError):
        costs.yearly(sim, "x", 2026, 2028)


def test_benefit_cost_ratio_and_points_per_thousand():
    base = flat(YEARS)
    policy = flat(YEARS, cost=10.0, grdp=130.0, share=41.0, growth=4.5)
    result = costs.policy_cost(appraisal(), policy, base, 2030)
    factors = 1.1 ** -np.arange(0, 5)  # 2026..2030
    assert result.benefit == pytest.approx(2.0 * 30.0 * factors.sum(), rel=1e-12)
    assert result.cost_to_horizon == pytest.approx(2.0 * 10.0 * factors.sum(), rel=1e-12)
    assert result.bcr == pytest.approx(3.0, rel=1e-12)
    assert result.share_points == pytest.approx(1.0) and result.growth_points == pytest.approx(0.5)
    assert result.share_per_1000 == pytest.approx(1000.0 / result.cost, rel=1e-12)
    assert result.growth_per_1000 == pytest.approx(500.0 / result.cost, rel=1e-12)


def test_no_ratio_without_a_city_cost_or_with_a_private_lever():
    base = flat(YEARS)
    free = costs.policy_cost(appraisal(), flat(YEARS, grdp=120.0, share=39.0), base, 2030)
    assert free.cost == 0 and free.bcr is None and free.share_per_1000 is None
    private = costs.policy_cost(appraisal(), flat(YEARS, cost=5.0, grdp=200.0), base, 2030, ("investment ratio policy",))
    assert private.cost > 0 and private.bcr is None and private.share_per_1000 is None
    assert private.record()["uncosted_levers"] == ["investment ratio policy"]


def test_members_against_one_baseline():
    base = flat(YEARS)
    members = run(YEARS, **{"city policy cost": np.array([[0.0] * 7, [10.0] * 7]), "price level": np.full((2, 7), 9.0)})
    values = costs.city_cost(appraisal(), members, base)
    assert values[0] == 0 and values[1] == pytest.approx(costs.city_cost(appraisal(), flat(YEARS, cost=10.0), base)[0])


class FakeEngine:
    initial_time, final_time = 2013.0, 2035.0

    def canonical(self, name, source=None):
        return name


def test_settings_file_is_read_and_the_horizon_capped_at_the_final_time():
    a = costs.load_appraisal(FakeEngine())
    assert 0 < a.rate < 0.2 and a.source
    assert a.cost_from == 2026 and a.cost_to == 2035
    assert a.benefit_to == 2035  # the file says 2045; this model ends in 2035
    assert set(a.variables) == set(costs.VARIABLES)


def test_bad_settings_name_the_file_and_line(tmp_path):
    text = costs.APPRAISAL_FILE.read_text(encoding="utf-8")
    bad = tmp_path / "appraisal.csv"
    bad.write_text(text.replace("discount rate,0.09", "discount rate,1.5"), encoding="utf-8")
    with pytest.raises(InputError) as error:
        costs.load_appraisal(FakeEngine(), bad)
    assert "appraisal.csv:2" in str(error.value)
    bad.write_text("\n".join(line for line in text.splitlines() if not line.startswith("cost to")), encoding="utf-8")
    with pytest.raises(InputError, match="cost to"):
        costs.load_appraisal(FakeEngine(), bad)


def test_compare_shows_the_costs_in_json_csv_and_workbook(cli, outputs_dir):
    import json

    from openpyxl import load_workbook

    code, out, err = cli("compare", "baseline", "talent", "investment-high", "--json", "--no-figures")
    assert code == 0, err
    summary = json.loads(out)
    talent, investment = summary["costs"]["talent"], summary["costs"]["investment-high"]
    assert talent["cost_pv"] > 0 and talent["benefit_cost_ratio"] > 0 and talent["tfp_share_points_per_1000bn"] > 0
    assert investment["benefit_cost_ratio"] is None and investment["uncosted_levers"] == ["investment ratio policy"]
    assert summary["appraisal"]["discount_rate"] == pytest.approx(0.09)
    folder = next(outputs_dir.iterdir())
    assert (folder / "costs.csv").read_text(encoding="utf-8-sig").splitlines()[0].startswith("scenario,title,cost_pv")
    book = load_workbook(folder / "results.xlsx", read_only=True)
    sheet = book["City cost"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][1] == pytest.approx(talent["cost_pv"])


def test_the_briefs_city_money_counts_the_new_levers_spending():
    """The brief's and explorer's extra city money (innovsd/present/costs.csv: the model's city cost at
    current prices) includes the new levers: the FDI scenario's ramp (0 to 300 bn VND a year over
    2026-2028, then 300) summed to 2030 is 1,050; the training programme's cost is kept at 2013 prices
    by the model, so at current prices it is more."""
    import innovsd
    from innovsd.present.brief import cost_items

    run = innovsd.prepare_comparison(["baseline", "fdi-linkages", "training"], params={})
    money = run.costs(cost_items())
    assert money["fdi-linkages"] == pytest.approx(1050, rel=0.01)
    central, base = run.comparison.central["training"], run.comparison.baseline
    at_2013_prices = sum(float(central.at("training programme cost", y)[0] - base.at("training programme cost", y)[0])
                         for y in range(2026, 2031))
    assert 1.0 < money["training"] / at_2013_prices < 1.6  # the price level from 2013 to 2026-2030
