"""The cheapest mix of levers: the search on made-up problems with known answers (smooth, at a
bound, out of reach, under a cap, over members), and on the model through the API and the CLI."""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
import pytest

from innovsd.errors import InputError
from innovsd.present.analysis import mix_amount
from innovsd.present.labels import unit_text
from innovsd.scenarios import portfolio


@dataclass
class Goal:
    low: float
    id: str = "goal"


@dataclass
class Knob:
    id: str
    low: float = 0.0
    high: float = 10.0


class Problem:
    """What ``portfolio.search`` needs of a Portfolio, with cost and reach given as functions."""

    def __init__(self, cost, reach, low, levers=2, members=None):
        self.levers = [Knob(f"k{i}") for i in range(levers)]
        self.target, self.year, self.runs = Goal(low), 2030, 0
        self.cost, self.reach, self.members = cost, reach, members
        self.n_members = 1 if members is None else len(members)
        self.low, self.high = np.zeros(levers), np.full(levers, 10.0)

    def evaluate(self, levels, probability):
        levels = np.atleast_2d(levels)
        self.runs += len(levels) * self.n_members
        cost = np.array([self.cost(x) for x in levels])
        if self.members is None:
            return cost, np.array([self.reach(x) for x in levels]), None
        values = np.array([[self.reach(x) + m for x in levels] for m in self.members])
        return cost, portfolio.reach(values, probability), np.mean(values >= self.target.low, axis=0)


def smooth_cost(x):
    return 2 * x[0] + x[1]


def smooth_reach(x):
    return np.log1p(x[0]) + 0.5 * np.log1p(x[1])


GOAL = 1.5 * np.log(3.0)


def test_smooth_problem_meets_the_target_at_the_known_least_cost():
    # min 2x + y s.t. log(1+x) + log(1+y)/2 >= 1.5 log 3: x = y = 2, cost 6.
    result = portfolio.search(Problem(smooth_cost, smooth_reach, GOAL))
    assert result.reached and result.mix.value >= GOAL - 1e-12
    assert result.mix.cost == pytest.approx(6.0, rel=0.005)
    assert result.mix.levels["k0"] == pytest.approx(2.0, rel=0.05)


def test_optimum_on_a_bound():
    # The second lever costs as much and gives a tenth: use only the first.
    result = portfolio.search(Problem(lambda x: x[0] + x[1], lambda x: x[0] + 0.1 * x[1], 4.0))
    assert result.reached
    assert result.mix.levels["k1"] == pytest.approx(0.0, abs=1e-6)
    assert result.mix.cost == pytest.approx(4.0, rel=1e-3)


def test_out_of_reach_gives_the_closest_mix_at_least_cost():
    # At most 1.5 log 11 = 3.6 is reachable; the closest mix comes within 1 % of that gain.
    result = portfolio.search(Problem(smooth_cost, smooth_reach, 4.0))
    top = smooth_reach([10, 10])
    assert not result.reached
    assert top - portfolio.CLOSE * top - 1e-9 <= result.mix.value <= top
    assert result.mix.cost < smooth_cost([10, 10])  # the last sliver of gain is not bought


def test_budget_cap_bounds_the_cost_and_can_put_a_target_out_of_reach():
    capped = portfolio.search(Problem(smooth_cost, smooth_reach, GOAL), budget_cap=4.0)
    assert not capped.reached and capped.mix.cost <= 4.0 + 1e-9
    assert capped.mix.value < GOAL
    # The most 4 buys: max log(1+x) + log(1+y)/2 with 2x + y = 4 at x = y = 4/3; the closest mix
    # comes within 1 % of that gain over the grid's least (0).
    most = smooth_reach([4 / 3, 4 / 3])
    assert most * (1 - portfolio.CLOSE) - 1e-6 <= capped.mix.value <= most + 1e-9
    loose = portfolio.search(Problem(smooth_cost, smooth_reach, GOAL), budget_cap=7.0)
    assert loose.reached and loose.mix.cost <= 7.0


def test_probability_over_members_needs_more_than_the_median_member():
    members = np.array([-0.5, -0.25, 0.0, 0.25, 0.5])
    half = portfolio.search(Problem(smooth_cost, smooth_reach, GOAL, members=members), probability=0.6)
    every = portfolio.search(Problem(smooth_cost, smooth_reach, GOAL, members=members), probability=1.0)
    assert half.reached and every.reached
    assert half.mix.share >= 0.6 and every.mix.share == 1.0
    assert every.mix.cost > half.mix.cost


def test_reach_is_the_value_that_the_required_share_of_members_reaches():
    values = np.array([[1.0], [2.0], [3.0], [4.0]])
    assert portfolio.reach(values, 1.0)[0] == 1.0
    assert portfolio.reach(values, 0.5)[0] == 3.0  # 3 and 4: half of the members
    assert portfolio.reach(values, 0.51)[0] == 2.0


@pytest.mark.parametrize("kwargs", [{"probability": 1.5}, {"budget_cap": -1.0}])
def test_bad_search_input(kwargs):
    with pytest.raises(InputError):
        portfolio.search(Problem(smooth_cost, smooth_reach, GOAL), **kwargs)


# -- on the model --------------------------------------------------------------------------
def test_mix_on_the_model_is_no_dearer_than_a_fine_grid(engine):
    import innovsd

    base = innovsd.simulate("baseline").series("TFP contribution to GRDP growth")[list(range(2013, 2100)).index(2030)]
    goal = base + 0.5
    study = innovsd.seek(f"TFP contribution to GRDP growth>={goal}", levers=["fdi-linkages", "talent"])
    r = study.result
    assert r.reached and r.mix.value >= goal - 1e-9
    levels = np.array([[a, b] for a in np.linspace(r.levers[0].low, r.levers[0].high, 21)
                       for b in np.linspace(r.levers[1].low, r.levers[1].high, 21)])
    probe = portfolio.Portfolio(engine, r.levers, r.target, r.year, study.appraisal,
                                fixed=dict(study.parameter_set.values))
    cost, value, _ = probe.evaluate(levels, None)
    assert r.mix.cost <= cost[value >= goal].min() * (1 + 1e-6)
    # More of either lever never gives less TFP share, and always costs more.
    assert np.all(np.diff(value.reshape(21, 21), axis=0) >= -1e-9) and np.all(np.diff(value.reshape(21, 21), axis=1) >= -1e-9)
    assert np.all(np.diff(cost.reshape(21, 21), axis=0) > 0)


def small_ensemble(tmp_path, members: int = 24):
    """The shipped set with its first ``members`` posterior draws: the same search, fewer runs."""
    from innovsd.model.parameters import ParameterSet, ParameterTable, load_parameter_set

    shipped = load_parameter_set(None, ParameterTable())
    path = tmp_path / "small.json"
    ParameterSet(shipped.values, dict(shipped.provenance),
                 {k: v[:members] for k, v in shipped.ensemble.items()}).save(path)
    return path


def test_cli_seek_two_levers_with_probability_writes_result(cli, outputs_dir, tmp_path):
    code, out, err = cli("seek", "tfp-contribution", "--lever", "fdi-linkages", "--lever", "budget",
                         "--probability", "0.5", "--params", str(small_ensemble(tmp_path)))
    assert code == 0, err
    folder = next(outputs_dir.iterdir())
    summary = json.loads((folder / "result.json").read_text())
    assert summary["members"] == 24
    assert [lever["id"] for lever in summary["levers"]] == ["fdi-linkages", "budget"]
    assert all(lever["range"][0] <= lever["level"] <= lever["range"][1] for lever in summary["levers"])
    assert summary["status"] in ("reached", "out of reach") and summary["cost"] >= 0
    assert summary["probability"] == 0.5 and 0 <= summary["share_met"] <= 1
    assert (summary["share_met"] >= 0.5) == summary["reached"]
    assert (folder / "least-cost-tfp-contribution.yaml").is_file() and (folder / "search.csv").is_file()
    assert ("out of reach" in " ".join(out.split())) == (not summary["reached"])


def test_cli_seek_mix_bad_lever_is_one_line(cli):
    code, out, err = cli("seek", "tfp-contribution", "--lever", "fdi-linkages", "--lever", "magic")
    assert code == 2 and err.count("\n") == 1 and "--lever" in err


def test_scenario_file_of_a_mix_reproduces_its_value_and_cost(tmp_path):
    import innovsd

    study = innovsd.seek("TFP contribution to GRDP growth>=41", levers=["fdi-linkages", "budget", "vc-fund"])
    mix = study.result.mix
    path = tmp_path / f"{study.scenario_name}.yaml"
    path.write_text(study.scenario_yaml(study.scenario_name, mix_amount, unit_text), encoding="utf-8")
    run = innovsd.simulate(str(path))
    assert run.series("TFP contribution to GRDP growth")[list(run.times).index(2030)] == pytest.approx(mix.value, rel=1e-4)
    prepared = innovsd.prepare_comparison(["baseline", str(path)])
    assert prepared.policy_costs[study.scenario_name].cost == pytest.approx(mix.cost, rel=1e-3)
    assert "innovsd seek" in path.read_text(encoding="utf-8")


def test_mix_for_more_of_the_members_costs_at_least_as_much(tmp_path):
    """Three quarters of the members reaching a goal cost at least as much as half of them."""
    import innovsd

    small = small_ensemble(tmp_path)
    base = innovsd.simulate("baseline").series("TFP contribution to GRDP growth")[list(range(2013, 2100)).index(2030)]
    goal = f"TFP contribution to GRDP growth>={base + 0.4}"
    half = innovsd.seek(goal, levers=["fdi-linkages", "talent"], probability=0.5, params=small).result
    most = innovsd.seek(goal, levers=["fdi-linkages", "talent"], probability=0.75, params=small).result
    assert half.reached and most.reached and half.mix.share >= 0.5 and most.mix.share >= 0.75
    assert most.mix.cost >= half.mix.cost * (1 - 1e-6)
