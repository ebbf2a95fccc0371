"""The offline explorer: the grid agrees with direct runs, the file is self-contained, and a real
headless Chromium moves a slider and sees the numbers change (in both languages)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from innovsd.present import explore
from innovsd.scenarios import explore as grids
from innovsd.model.engine import shared_engine
from innovsd.model.parameters import ParameterTable, load_parameter_set
from innovsd.scenarios.levers import load_levers
from innovsd.scenarios.seek import POLICY_START, Seeker
from innovsd.scenarios.targets import load_targets

ROOT = Path(__file__).resolve().parents[1]
TFP = "tfp-contribution"


@pytest.fixture(scope="module")
def small_grid():
    """Two budget levels x two fund sizes, central set only: small enough to check against direct runs."""
    engine = shared_engine()
    table = ParameterTable()
    levers = {g.id: g for g in grids.grid_levers(load_levers(engine, table))}
    chosen = [levers["budget"].__class__(**{**levers["budget"].__dict__, "levels": (0.0, 3.0)}),
              levers["vc-fund"].__class__(**{**levers["vc-fund"].__dict__, "levels": (0.0, 500.0)})]
    values = load_parameter_set(None, table).values
    targets = [t for t in load_targets() if t.id == TFP]
    grid = grids.run_grid(engine, chosen, values, {}, [targets[0].indicator], targets,
                            policy_start=values.get(POLICY_START, engine.constants[POLICY_START]), by_year=2030)
    return engine, table, values, chosen, targets[0], grid


def test_grid_point_equals_the_direct_run_of_the_same_policy(small_grid):
    engine, table, values, chosen, target, grid = small_grid
    assert grid["combos"].tolist() == [[0, 0], [0, 1], [1, 0], [1, 1]]
    # A floor of 0 ramps down from the merged city's 2025 share; a region whose own share lies below it
    # gets a little floor on the way, so the cell is the seek ramp at level 0, a hair above the baseline.
    seek_lever = load_levers(engine, table)["budget"]
    floor_zero = Seeker(engine, seek_lever, target, 2030, fixed=values).score(np.array([0.0]), None)[0]
    assert grid["scores"][TFP]["value"][0] == pytest.approx(floor_zero, rel=1e-9)
    central = engine.run(values, outputs=[target.indicator], save_years=[2030]).at(target.indicator, 2030)[0]
    assert grid["scores"][TFP]["value"][0] == pytest.approx(central, rel=1e-5)
    # Budget at 3 % by 2030 with the fund at 500: the same ramp `innovsd seek` builds, run directly.
    seeker = Seeker(engine, seek_lever, target, 2030, fixed={**values, "VC fund size": 500.0})
    direct = seeker.score(np.array([3.0]), None)[0]
    assert grid["scores"][TFP]["value"][3] == pytest.approx(direct, rel=1e-6)
    assert grid["scores"][TFP]["value"][3] > grid["scores"][TFP]["value"][0]


def test_grid_keeps_its_numbers_not_the_runs_behind_them(small_grid):
    """Each chunk is reduced to the page's numbers and its run freed: a view into a run would keep
    every chunk's run alive until the grid is joined (2 GB for the shipped grid)."""
    engine, _, values, _, target, grid = small_grid
    summary = grids._summary(engine, {"VC fund size": np.array([0.0, 500.0])}, {}, [target.indicator], values,
                             grid["years"], [target], 2, 1)
    arrays = [a for entry in summary["series"].values() for a in entry.values()]
    arrays += [a for score in summary["scores"].values() for a in score.values()]
    assert arrays and all(a.base is None for a in arrays)


def test_page_is_self_contained(small_grid, tmp_path):
    engine, table, values, chosen, target, grid = small_grid
    data = explore.page_data(grid, chosen, [{"variable": target.indicator, "title": {"en": "TFP", "vi": "TFP"},
                                             "unit": {"en": "%", "vi": "%"}}], [], {}, [], {}, {"year": 2030})
    path = explore.write_page(data, tmp_path / "x.html")
    html = path.read_text(encoding="utf-8")
    assert not re.search(r"https?://|//cdn|<link|src=", html)
    assert "/*DATA*/" not in html


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.mark.browser
@pytest.mark.skipif(_chromium() is None, reason="no Chromium installed (apt-get install chromium)")
def test_explorer_in_a_real_browser(tmp_path, bare_env, explored):
    """The page of `innovsd explore baseline st-budget-3pct` (tests/conftest.py's ``explored``)."""
    from playwright.sync_api import sync_playwright

    env_outputs = tmp_path / "outputs"
    assert explored.code == 0, explored.stderr
    page_file = next(explored.outputs.glob("*-explore/explorer.html"))
    html = page_file.read_text(encoding="utf-8")
    compared = subprocess.run([str(Path(sys.executable).parent / "innovsd"), "compare", "--json", "--no-figures"],
                              capture_output=True, text=True, cwd=ROOT,
                              env={**bare_env, "INNOVSD_OUTPUTS": str(env_outputs), "COLUMNS": "200"})
    assert compared.returncode == 0, compared.stderr
    summary = json.loads(compared.stdout)
    # A card reads its indicator in the scorecard year (and its first growth target): targets scored in
    # another year (the 2025 ones) are not what it shows.
    expected = {s["name"]: list({t["indicator"]: (t["indicator"], t["kind"], t["scenarios"][s["name"]]["value"])
                                 for t in reversed(summary["targets"]) if t["year"] == summary["year"]
                                 and t["scenarios"][s["name"]]["value"] is not None}.values())
                for s in summary["scenarios"]}
    assert not re.search(r"https?://|<link|src=", html), "the explorer must not reach the network"

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=_chromium(), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        requests = []
        page.on("request", lambda r: requests.append(r.url) if not r.url.startswith("file:") else None)
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(page_file.as_uri())
        card = page.locator("#card-TFP-contribution-to-GRDP-growth")
        before = card.locator(".value").inner_text()
        probability_before = card.locator(".probability").first.inner_text()  # one per target of the card
        assert page.locator("#value-budget").inner_text() == "historical trend"
        slider = page.locator("#lever-budget")
        slider.focus()
        for _ in range(3):
            page.keyboard.press("ArrowRight")  # 0 -> 1.5 -> 2 -> 3 %
        assert page.locator("#value-budget").inner_text() == "3 % of budget"
        after = card.locator(".value").inner_text()
        assert float(after) > float(before), (before, after)
        assert card.locator(".probability").first.inner_text() != probability_before or float(after) > float(before)
        # Screenshots stay in pytest's temporary folder (its last three sessions are kept) for a look.
        page.screenshot(path=str(tmp_path / "explorer-en.png"), full_page=True)

        page.click("#lang-vi")
        assert page.locator("#title").inner_text() == "Công cụ khám phá chính sách KH,CN&ĐMST Hải Phòng"
        vi_value = card.locator(".value").inner_text()
        assert vi_value == after.replace(".", ","), "Vietnamese numbers use a decimal comma"
        assert "Mục tiêu năm 2030: 62–65\u00a0%" in card.inner_text()
        page.screenshot(path=str(tmp_path / "explorer-vi.png"), full_page=True)
        page.click("#lang-en")

        # Sliders say their setting to a screen reader; the setting has a cost; what is shown downloads.
        assert slider.get_attribute("aria-valuetext") == "3 % of budget"
        assert re.search(r"Extra city spending 2026–2030: [\d,]+ bn VND", page.locator("#cost").inner_text())
        with page.expect_download() as download:
            page.click("#download")
        table = Path(download.value.path()).read_text(encoding="utf-8-sig")
        assert table.startswith("indicator,year,value,p5,p95") and f",2030,{after}" in table
        # Hover: the year and value under the pointer.
        card.locator("svg").hover(position={"x": 250, "y": 60})
        assert re.match(r"20\d\d: ", card.locator(".tip").inner_text())

        # The added levers beside the grid's: each moves the numbers and the cost; no probability is
        # claimed for a setting the ensemble did not run.
        page.select_option("#preset", "")
        cost_before = page.locator("#cost").inner_text()
        for lever, level in (("fdi-linkages", "300 bn VND/yr"), ("enterprise-rd", "500 bn VND/yr"),
                             ("training", "30,000 trainees/yr"), ("digital", "1,000 bn VND/yr")):
            assert page.locator(f"#value-{lever}").inner_text() == "0 " + level.split(" ", 1)[1]
            moved = page.locator(f"#lever-{lever}")
            moved.focus()
            page.keyboard.press("ArrowRight")
            page.keyboard.press("ArrowRight")
            assert moved.get_attribute("aria-valuetext") == level
            assert card.locator(".probability").count() == 0
            assert page.locator("#cost").inner_text() != cost_before
            cost_before = page.locator("#cost").inner_text()
            page.keyboard.press("Home")
        assert card.locator(".value").inner_text() == after and card.locator(".probability").count() > 0

        # Each shipped scenario's preset shows what `innovsd compare` gives for it, and sets the sliders,
        # the added levers' among them, to its levels.
        for name, scores in expected.items():
            page.select_option("#preset", name)
            for indicator, kind, value in scores:
                shown = page.locator(f"#card-{re.sub(r'[^A-Za-z0-9_]+', '-', indicator)}")
                text = shown.locator(".growth" if kind == "growth" else ".value").first.inner_text()
                assert text == f"{value:,.{0 if abs(value) >= 100 else 1}f}", (name, indicator, text, value)
        for name, lever, level in (("fdi-linkages", "fdi-linkages", "300 bn VND/yr"),
                                   ("training", "training", "30,000 trainees/yr")):
            page.select_option("#preset", name)
            assert page.locator(f"#value-{lever}").inner_text() == level

        # The grid's band and probabilities come from a thinned ensemble, and the page says which.
        thinned = re.search(r"(\d+) of the ([\d,]+) calibrated parameter sets \(every (\d+)th",
                            page.locator("#notes").inner_text())
        assert thinned, page.locator("#notes").inner_text()
        shown, total, every = int(thinned[1]), int(thinned[2].replace(",", "")), int(thinned[3])
        assert every > 1 and shown == -(-total // every) <= grids.GRID_DRAWS

        # A phone: one column, nothing to scroll sideways.
        phone = browser.new_page(viewport={"width": 390, "height": 800})
        phone.goto(page_file.as_uri())
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        controls, cards = phone.locator("#controls").bounding_box(), phone.locator("#cards").bounding_box()
        assert cards["y"] >= controls["y"] + controls["height"] - 1, "the cards come under the controls"
        phone.screenshot(path=str(tmp_path / "explorer-phone.png"), full_page=True)
        browser.close()
    assert not errors, errors
    assert not requests, f"the page fetched {requests}"


def test_thinned_draws_are_every_kth_and_never_more_than_the_grid_takes():
    draws = {"a": np.arange(720.0), "b": -np.arange(720.0)}
    kept, every = grids.thinned(draws)
    assert every == 8 and len(kept["a"]) == 90 <= grids.GRID_DRAWS
    assert np.array_equal(kept["a"], np.arange(0.0, 720.0, 8)) and np.array_equal(kept["b"], -kept["a"])
    assert grids.thinned({"a": np.arange(721.0)})[1] == 9  # never more than GRID_DRAWS
    small, every = grids.thinned({"a": np.arange(40.0)})
    assert every == 1 and len(small["a"]) == 40  # an ensemble within the budget runs whole
    assert grids.thinned({}) == ({}, 1)


def test_band_percentiles_equal_numpys_nanpercentile():
    import numpy as np

    from innovsd.scenarios.batches import percentiles

    rng = np.random.default_rng(4)
    for members in (1, 2, 50, 720):
        cube = rng.normal(size=(6, members, 9)) * 10.0 ** rng.uniform(-5, 8, size=(6, 1, 9))
        cube[1, 0, 2] = np.nan
        cube[4, :, 7] = np.nan  # a column with nothing to take percentiles of
        cube[2, -1, 0] = np.inf  # infinities at both ends: the top percentile is NaN then, as numpy has it
        cube[3, 0, 1] = -np.inf
        q = (0, 5, 50, 95, 100, *rng.uniform(0, 100, size=5))
        with np.errstate(invalid="ignore"), pytest.warns(RuntimeWarning):
            expected = np.nanpercentile(cube, q, axis=1)
        assert np.array_equal(percentiles(cube, q, axis=1), expected, equal_nan=True), members
        assert np.array_equal(percentiles(np.moveaxis(cube, 1, -1), q, axis=-1), expected, equal_nan=True)


def test_every_card_has_its_readers_title_and_unit():
    """Cards name what they show as the figures do: no model name with its [element], no empty unit."""
    from innovsd.present.words import LANGUAGES

    engine = shared_engine()
    shown = grids.shown_variables(engine, load_targets())
    assert any("[" in v for v in shown)  # a regional target's variable is among them
    for card in explore.indicator_cards(shown, grids.model_units(engine, shown)):
        for lang in LANGUAGES:
            heading = f"{card['title'][lang]} ({card['unit'][lang]})"
            assert "[" not in heading and "()" not in heading, heading


def test_presets_stopped_at_the_shown_years_keep_their_values():
    """The presets' runs end where the page does; every value up to there is the full run's."""
    from dataclasses import replace

    from innovsd.scenarios.compare import run_comparison
    from innovsd.scenarios.library import ScenarioLoader

    engine, table = shared_engine(), ParameterTable()
    whole = load_parameter_set(None, table)
    few = replace(whole, ensemble={k: v[:3] for k, v in whole.ensemble.items()})
    scenarios = [ScenarioLoader(engine, table).load(name) for name in ("baseline", "innovation-city")]
    outputs = [t.indicator for t in load_targets()[:4]]
    full = run_comparison(engine, scenarios, few, outputs)
    stopped = run_comparison(engine, scenarios, few, outputs, final_time=2035.0)
    shown = stopped.central["baseline"].times
    assert shown[-1] == 2035 and full.central["baseline"].times[-1] > 2035
    for runs in ("central", "ensemble"):
        for s in scenarios:
            for v in outputs:
                cut = getattr(full, runs)[s.name].values[v][..., :len(shown)]
                assert np.array_equal(getattr(stopped, runs)[s.name].values[v], cut), (runs, s.name, v)
