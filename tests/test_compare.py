"""Scorecard logic on synthetic runs; compare/report exports with a synthetic ensemble."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest
from openpyxl import load_workbook

from innovsd.model.engine import Simulation
from innovsd.model.parameters import ParameterSet
from innovsd.present.workbook import sheet_title as sheet_name
from innovsd.scenarios.compare import Comparison, first_year_met, scorecard
from innovsd.scenarios.library import Scenario
from innovsd.errors import InputError
from innovsd.scenarios.targets import Target, load_targets

YEARS = np.arange(2013, 2036, dtype=float)


def target(kind="level", low=10.0, high=None, start=None, indicator="x") -> Target:
    return Target("t-" + kind, indicator, kind, start, 2030, low, high, "unit", {"en": "T", "vi": "T"}, "src", "§", "")


def sim(series: np.ndarray) -> Simulation:
    return Simulation(YEARS, {"x": np.atleast_2d(series)})


def scenario(name: str) -> Scenario:
    return Scenario(name, {"en": name, "vi": name}, "", "", [], {}, {})


def test_level_target_met_not_met_and_first_year():
    t = target(low=10.0, high=12.0)
    rising = sim(np.linspace(0, 22, YEARS.size))  # 1 per year: 10 in 2023
    flat = sim(np.full(YEARS.size, 5.0))
    comparison = Comparison([scenario("baseline"), scenario("up")], {"baseline": flat, "up": rising}, baseline=flat)
    card = scorecard(comparison, [t], 2030)[t.id]
    assert card["up"].value == pytest.approx(17.0) and card["up"].met is True
    assert card["up"].vs_baseline == pytest.approx(12.0)
    assert card["up"].first_year == 2023
    assert card["baseline"].met is False and card["baseline"].first_year is None
    assert card["baseline"].vs_baseline == pytest.approx(0.0)
    assert card["up"].probability is None


def test_overshooting_a_range_still_counts_as_met():
    t = target(low=10.0, high=12.0)
    assert first_year_met(t, sim(np.full(YEARS.size, 50.0))) == 2013


def test_first_year_met_is_counted_from_the_policy_start():
    """A history year in which the model happens to sit inside the range is no achievement."""
    t = target(low=60.0, high=65.0)
    falling = sim(np.linspace(63, 40, YEARS.size))  # inside the range only in the first years
    assert first_year_met(t, falling) == 2013
    assert first_year_met(t, falling, since=2026) is None


def test_growth_target_uses_compound_growth_from_the_base_year():
    t = target(kind="growth", low=16.0, start=2025)
    series = np.where(YEARS <= 2025, 100.0, 100.0 * 1.10 ** (YEARS - 2025))  # 10%/yr
    series = np.where(YEARS >= 2029, 100.0 * 1.10 ** 4 * 1.5 ** (YEARS - 2029), series)  # then 50%/yr
    s = sim(series)
    comparison = Comparison([scenario("baseline")], {"baseline": s}, baseline=s)
    card = scorecard(comparison, [t], 2030)[t.id]["baseline"]
    expected = ((1.10 ** 4 * 1.5) ** (1 / 5) - 1) * 100
    assert card.value == pytest.approx(expected)
    assert card.met is (expected >= 16)
    # 2029: 10%/yr so far; 2030: (1.1^4*1.5)^(1/5) = 17.6%/yr
    assert card.first_year == 2030
    before = scorecard(comparison, [t], 2025)[t.id]["baseline"]
    assert before.met is None and np.isnan(before.value)


def test_ensemble_probability_and_band():
    t = target(low=10.0)
    members = np.array([np.full(YEARS.size, v) for v in (5.0, 9.0, 11.0, 12.0)])
    central = sim(np.full(YEARS.size, 11.0))
    comparison = Comparison([scenario("baseline")], {"baseline": central}, {"baseline": Simulation(YEARS, {"x": members})},
                            baseline=central)
    score = scorecard(comparison, [t], 2030)[t.id]["baseline"]
    assert score.probability == pytest.approx(0.5)
    assert score.band[0] == pytest.approx(np.percentile([5, 9, 11, 12], 5))


def test_the_comparison_dataset_holds_central_runs_bands_and_the_reference_baseline(engine):
    """What presentation reads: scenario × statistic × time, the band only where an ensemble ran,
    the baseline a comparison measures against even when it is not compared itself."""
    from innovsd.scenarios.compare import comparison_dataset, results_frame

    names = ["TFP contribution to GRDP growth", "GRDP"]
    runs = {n: engine.run({"imitation rate": r}, outputs=names) for n, r in (("up", 0.4), ("baseline", 0.3))}
    members = engine.run({"imitation rate": np.linspace(0.2, 0.6, 9)}, outputs=names)
    comparison = Comparison([scenario("up")], {"up": runs["up"]}, {"up": members}, baseline=runs["baseline"])
    ds = comparison_dataset(comparison, engine, {"policy_start": 2026})
    tfp = ds[names[0]]
    assert tfp.dims == ("scenario", "statistic", "time") and list(ds["scenario"].values) == ["up", "baseline"]
    assert list(ds["compared"].values) == [True, False] and ds.attrs["ensemble_members"] == 9
    assert (tfp.sel(scenario="up", statistic="central").values == runs["up"][names[0]][0]).all()
    assert (tfp.sel(scenario="baseline", statistic="central").values == runs["baseline"][names[0]][0]).all()
    assert np.allclose(tfp.sel(scenario="up", statistic="p95").values, np.percentile(members[names[0]], 95, axis=0),
                       rtol=1e-10)
    assert np.isnan(tfp.sel(scenario="baseline", statistic="p5").values).all()
    assert tfp.attrs["units"] == "percent"
    frame = results_frame(ds)
    assert list(frame.columns) == ["scenario", "variable", "year", "value", "p5", "p95"]
    assert set(frame["scenario"]) == {"up"} and len(frame) == len(names) * ds.sizes["time"]


def test_a_central_run_riding_in_its_ensemble_equals_the_runs_alone(engine):
    """The central run goes into the ensemble's call as one more member: bit for bit the numbers of
    the runs made apart, and the ensemble keeps only its own members."""
    from innovsd.scenarios.compare import _scenario_runs

    names = ["TFP contribution to GRDP growth", "GRDP", "capital output ratio 2013[HaiPhong]"]
    values = {"imitation rate": 0.35, "catch up speed": 0.08}
    draws = {"imitation rate": np.linspace(0.2, 0.6, 9)}
    paths = {"enterprise RD support": (YEARS, np.linspace(0, 50, YEARS.size))}
    central, members = _scenario_runs(engine, values, paths, names, draws)
    alone = engine.run(values, paths, names)
    apart = engine.run_ensemble(draws, paths=paths, outputs=names, fixed=values)
    assert central.n_members == 1 and members.n_members == 9
    assert central[names[0]].base is members[names[0]].base  # one call made both
    for name in names:
        assert np.array_equal(central[name], alone[name]) and np.array_equal(members[name], apart[name])


def test_single_runs_inside_compiled_single_runs_take_the_kernel_and_agree(engine):
    """What prepare wraps the lever defaults in: the compiled kernel for one run, the same numbers."""
    names = ["TFP contribution to GRDP growth", "GRDP"]
    plain = engine.run({"imitation rate": 0.31}, outputs=names)
    assert engine.use_kernel is None
    with engine.compiled_single_runs():
        assert engine.use_kernel is True
        compiled = engine.run({"imitation rate": 0.31}, outputs=names)
    assert engine.use_kernel is None and engine.kernel.compiled({})
    for name in names:
        assert np.array_equal(plain[name], compiled[name])


def test_sheet_names_follow_excel_rules():
    taken: set[str] = set()
    assert sheet_name("a/b:c", taken) == "a-b-c"
    long = "x" * 40
    assert sheet_name(long, taken) == "x" * 30 + "…"  # a display name cut visibly
    assert sheet_name(long, taken) == "x" * 29 + "~2"


# -- the commands ----------------------------------------------------------------------
def run_cli(args, capsys, monkeypatch, outputs: Path):
    from innovsd.cli.app import main

    monkeypatch.setenv("INNOVSD_OUTPUTS", str(outputs))
    monkeypatch.setattr(sys, "argv", ["innovsd", *args])
    with pytest.raises(SystemExit) as exit_info:
        main()
    out, err = capsys.readouterr()
    return exit_info.value.code, out, err


@pytest.fixture
def ensemble_file(tmp_path) -> Path:
    rng = np.random.default_rng(1)
    n = 24
    ps = ParameterSet(
        values={},
        provenance={"source": "synthetic test ensemble", "fit": {"objective": 0.123, "members": n}},
        ensemble={
            "rate of return to research": rng.uniform(0.2, 1.0, n).tolist(),
            "private coinvestment ratio": rng.uniform(0.5, 2.0, n).tolist(),
        },
    )
    path = tmp_path / "ensemble.json"
    ps.save(path)
    return path


@pytest.mark.slow
def test_compare_exports_with_an_ensemble(ensemble_file, tmp_path, capsys, monkeypatch):
    outputs = tmp_path / "outputs"
    code, out, err = run_cli(["compare", "baseline", "vc-fund", "--params", str(ensemble_file), "--json"],
                             capsys, monkeypatch, outputs)
    assert code == 0, err
    summary = json.loads(out)
    assert summary["ensemble_members"] == 24
    tfp = next(t for t in summary["targets"] if t["indicator"] == "TFP contribution to GRDP growth")
    assert 0.0 <= tfp["scenarios"]["vc-fund"]["probability"] <= 1.0
    startups = next(t for t in summary["targets"] if t["indicator"] == "innovative startups")
    assert startups["scenarios"]["vc-fund"]["vs_baseline"] > 0

    folder = Path(summary["outputs"]["folder"])
    assert folder.parent == outputs
    import pandas as pd

    results = pd.read_csv(folder / "results.csv")
    assert list(results.columns[:4]) == ["scenario", "variable", "year", "value"]
    assert {"p5", "p95"} <= set(results.columns)
    assert set(results["scenario"]) == {"baseline", "vc-fund"}
    book = load_workbook(folder / "results.xlsx", read_only=True)
    assert book.sheetnames == ["Scorecard 2030", "First year met", "Baseline (current trends)",
                               "City venture-capital fund (500…", "City cost", "Results (long table)", "About"]
    for stem in ("overview", "levers", "indicator-tfp-contribution-to-grdp-growth"):  # the default figures
        for fmt in ("png", "pdf"):  # the default formats; SVG only when asked for
            assert (folder / f"{stem}.{fmt}").stat().st_size > 1000
        assert not (folder / f"{stem}.svg").exists()
    assert not list(folder.glob("indicator-innovative-startups.*"))  # drawn with --figures all or by name
    from PIL import Image

    for stem in ("overview", "levers", "indicator-tfp-contribution-to-grdp-growth"):
        with Image.open(folder / f"{stem}.png") as image:
            # 300 dpi at exactly A4 text width (16 cm): Word places it at 100 %, text keeps its size
            assert abs(image.size[0] / 300 * 2.54 - 16.0) < 0.02, (stem, image.size)
    # The figures cite sources by name; the full references (sections, addresses) are beside them.
    sources = (folder / "sources.csv").read_text(encoding="utf-8-sig")
    assert "https://" in sources and "§" in sources
    assert "Innovation City” 2026–2030 (draft decision, 2026) (002_b501a77fdd842988.txt)" in sources
    provenance = json.loads((folder / "provenance.json").read_text())
    assert provenance["ensemble_members"] == 24 and len(provenance["model"]["sha256"]) == 64


def test_compare_prints_the_scorecard_in_vietnamese(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")  # a wide terminal: names whole, not wrapped in their cells
    code, out, err = run_cli(["compare", "baseline", "st-budget-3pct", "--lang", "vi", "--no-figures"],
                             capsys, monkeypatch, tmp_path / "outputs")
    assert code == 0, err
    assert "Bảng đánh giá mục tiêu, năm 2030" in out
    assert "Tỷ trọng đóng góp của TFP" in out and "Mục tiêu" in out and "✓" in out
    assert "Năm đầu tiên đạt chỉ tiêu" in out


def test_failing_command_leaves_earlier_outputs_untouched(tmp_path, capsys, monkeypatch):
    outputs = tmp_path / "outputs"
    earlier = outputs / "20250101-000000-compare-all"
    earlier.mkdir(parents=True)
    (earlier / "results.csv").write_text("keep me\n")
    before = {p: p.read_bytes() for p in outputs.rglob("*") if p.is_file()}
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: {en: x, vi: x}\ndescription: d\nsource: s\nlevers:\n  talent_inflow: {value: 5, from: 1990}\n")
    for args in (["compare", str(bad)], ["compare", "no-such-scenario"], ["compare", "--year", "2050"],
                 ["compare", "--params", str(tmp_path / "missing.json")], ["report", str(bad)]):
        code, out, err = run_cli(args, capsys, monkeypatch, outputs)
        assert code == 2 and "Traceback" not in err and err.startswith("error:"), (args, err)
    assert sorted(p.name for p in outputs.iterdir()) == [earlier.name]
    assert {p: p.read_bytes() for p in outputs.rglob("*") if p.is_file()} == before


@pytest.mark.slow
def test_report_writes_an_a4_pdf(ensemble_file, tmp_path, capsys, monkeypatch):
    code, out, err = run_cli(["report", "baseline", "st-budget-3pct", "--lang", "vi", "--params", str(ensemble_file)],
                             capsys, monkeypatch, tmp_path / "outputs")
    assert code == 0, err
    pdf = next((tmp_path / "outputs").glob("*/brief-vi.pdf"))
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    assert 2 <= len(reader.pages) <= 4  # two pages and the annex
    assert all(abs(float(p.mediabox.width) - 595.3) < 1 and abs(float(p.mediabox.height) - 841.9) < 1
               for p in reader.pages)  # A4 in points


def test_figures_option_picks_the_default_all_or_named_figures():
    from innovsd.present.compare_files import DEFAULT_FIGURES, all_figures, chosen_figures

    targets = load_targets()
    every = all_figures(targets)
    assert chosen_figures("default", targets) == list(DEFAULT_FIGURES)
    assert chosen_figures("all", targets) == every and len(every) > len(DEFAULT_FIGURES)
    assert chosen_figures("levers, innovative startups,overview", targets) == ["overview", "innovative startups",
                                                                                "levers"]
    with pytest.raises(InputError) as raised:
        chosen_figures("overview,startups", targets)
    assert raised.value.field == "figures" and "'startups'" in str(raised.value)


def test_unknown_figure_format_is_one_line(tmp_path, capsys, monkeypatch):
    code, out, err = run_cli(["compare", "baseline", "--formats", "png,gif"], capsys, monkeypatch, tmp_path / "outputs")
    assert code == 2 and err.count("\n") == 1 and "--formats" in err and "'gif'" in err and "png, svg, pdf" in err
    assert not (tmp_path / "outputs").exists() or not any((tmp_path / "outputs").iterdir())


@pytest.mark.slow
def test_compare_writes_only_the_formats_asked_for(tmp_path, capsys, monkeypatch):
    code, out, err = run_cli(["compare", "baseline", "--formats", "svg", "--json"], capsys, monkeypatch,
                             tmp_path / "outputs")
    assert code == 0, err
    summary = json.loads(out)
    written = [Path(p) for p in summary["outputs"]["figures"]]
    assert written and {p.suffix for p in written} == {".svg"}
    folder = Path(summary["outputs"]["folder"])
    assert sorted(p.name for p in folder.glob("*.svg")) == sorted(p.name for p in written)
    assert not list(folder.glob("*.png")) and not list(folder.glob("*.pdf"))
