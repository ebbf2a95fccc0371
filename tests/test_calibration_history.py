"""Observation kinds against hand computations, and bad history / parameter files via the CLI."""

import sys

import numpy as np
import pytest

from innovsd.calibration.history import HISTORY_FILE, Observation, load_history, simulated
from innovsd.cli.app import main
from innovsd.model.engine import Simulation, shared_engine


def _obs(kind, start, end, variable="x"):
    return Observation(2, variable, kind, start, end, 1.0, "", 1.0, "", "")


def _quarterly():
    times = np.arange(2013, 2018.001, 0.25)
    # Member 0: x = t - 2013 (linear); member 1: x = 2 ** (t - 2013) (exponential).
    values = {"x": np.vstack([times - 2013, 2.0 ** (times - 2013)])}
    return Simulation(times, values, 0.25)


def test_point_mean_growth_by_hand():
    sim = _quarterly()
    got = simulated([_obs("point", 2015, 2015), _obs("mean", 2014, 2016), _obs("growth", 2013, 2016)], sim)
    assert got.shape == (2, 3)
    np.testing.assert_allclose(got[0, :2], [2.0, (1 + 2 + 3) / 3])
    np.testing.assert_allclose(got[1], [4.0, (2 + 4 + 8) / 3, 100.0])  # doubling every year: 100 %/yr
    assert np.isnan(got[0, 2])  # growth from a base of 0 is undefined


def test_sum_integrates_like_euler_over_quarters():
    sim = _quarterly()
    got = simulated([_obs("sum", 2014, 2015)], sim)[:, 0]
    quarters = np.arange(2014, 2016, 0.25)
    np.testing.assert_allclose(got, [0.25 * np.sum(quarters - 2013), 0.25 * np.sum(2.0 ** (quarters - 2013))])


def test_sum_on_yearly_values_is_rate_times_one_year():
    times = np.arange(2013, 2019.0)
    sim = Simulation(times, {"x": np.array([[1.0, 2, 3, 4, 5, 6]])}, 1.0)
    assert simulated([_obs("sum", 2014, 2016)], sim)[0, 0] == pytest.approx(2 + 3 + 4)


def test_shipped_history_loads():
    observations = load_history(HISTORY_FILE, shared_engine())
    assert {o.kind for o in observations} == {"point", "mean", "sum", "growth"}


HEADER = "variable,kind,start,end,value,unit,weight,source,section,note\n"
GOOD = "TFP contribution to GRDP growth,point,2023,2023,43.26,percent,1,s,§2,n\n"


@pytest.mark.parametrize("text, field", [
    ("variable,kind,start,end,unit,weight,source,section,note\nTFP contribution to GRDP growth,point,2023,2023,percent,1,s,§,n\n", "header"),
    (HEADER + GOOD + "no such variable,point,2023,2023,1,percent,1,s,§,n\n", ":3: variable"),
    (HEADER + GOOD + "GRDP growth,point,2023,2023,eleven,percent,1,s,§,n\n", ":3: value"),
    (HEADER + "GRDP growth,mean,2020,2016,14,percent,1,s,§,n\n", ":2: end"),
    (HEADER + "GRDP growth,trend,2016,2020,14,percent,1,s,§,n\n", ":2: kind"),
    (HEADER + "GRDP growth,mean,2016,2020,14,percent,1.5,s,§,n\n", ":2: weight"),
    (HEADER + "GRDP growth,mean,2010,2020,14,percent,1,s,§,n\n", ":2: start"),
])
def test_bad_history_is_one_line_exit_2(tmp_path, monkeypatch, capsys, text, field):
    bad = tmp_path / "history.csv"
    bad.write_text(text, encoding="utf-8")
    monkeypatch.setenv("INNOVSD_OUTPUTS", str(tmp_path / "out"))
    monkeypatch.setattr(sys, "argv", ["innovsd", "calibrate", "--data", str(bad)])
    with pytest.raises(SystemExit) as exit_:
        main()
    err = capsys.readouterr().err.strip()
    assert exit_.value.code == 2
    assert err.startswith(f"error: {bad}") and field in err
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert not (tmp_path / "out").exists()  # nothing written


def test_unknown_parameter_in_params_file(tmp_path, monkeypatch, capsys):
    bad = tmp_path / "params.json"
    bad.write_text('{"values": {"imitation rate": 0.3, "no such constant": 1}}', encoding="utf-8")
    monkeypatch.setenv("INNOVSD_OUTPUTS", str(tmp_path / "out"))
    monkeypatch.setattr(sys, "argv", ["innovsd", "fit", "--params", str(bad)])
    with pytest.raises(SystemExit) as exit_:
        main()
    err = capsys.readouterr().err.strip()
    assert exit_.value.code == 2
    assert str(bad) in err and "no such constant" in err
    assert len(err.splitlines()) == 1 and "Traceback" not in err
