"""Presentation layer: every user-facing phrase has Vietnamese, the official terms are used, the
terminal prints only through the word table, figures are A4 width, the loop diagram draws every loop."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Every command module: each phrase it prints goes through innovsd/present/words.py.
CLI_MODULES = sorted(p.name for p in (ROOT / "cli").glob("*_commands.py"))
VIETNAMESE = re.compile(r"[ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ]", re.I)


def _fields(text: str | tuple[str, str]) -> set[str]:
    forms = text if isinstance(text, tuple) else (text,)
    return {name for form in forms for _, name, _, _ in string.Formatter().parse(form) if name}


def _phrase(key: str, lang: str) -> str:
    from innovsd.present.words import phrase

    return phrase(key, lang)


def test_every_phrase_has_english_and_vietnamese_with_the_same_placeholders():
    from innovsd.present.words import WORDS

    for key, english in WORDS.items():
        assert isinstance(english, (str, tuple)) and all(english), f"{key}: English only here (python tools/i18n.py convert)"
        vietnamese = _phrase(key, "vi")
        assert _fields(english) == _fields(vietnamese), key
        # A Vietnamese phrase that is the English one, or has no Vietnamese letter, was not translated.
        words = re.sub(r"\{[^}]*\}|`[^`]*`|\S+\.(csv|yaml|json)\b", "", vietnamese)
        if re.search(r"[A-Za-z]{3,}", words) and not re.fullmatch(r"[\sA-Za-z0-9'()%,.:;/*–-]*(ST|S1)?\)?", words):
            assert VIETNAMESE.search(words), (key, vietnamese)


def test_official_vietnamese_terms():
    from innovsd.present.labels import title
    from innovsd.present.words import WORDS, word

    assert title("TFP contribution to GRDP growth", "vi") == "Tỷ trọng đóng góp của TFP vào tăng trưởng GRDP"
    assert title("GRDP growth", "vi") == "Tốc độ tăng trưởng GRDP (theo giá so sánh)"
    vietnamese = [_phrase(key, "vi") for key in WORDS]
    for folder, pattern in (("model", "*.csv"), ("scenarios", "*.csv"), ("scenarios", "*.yaml"), ("innovsd/present", "*.csv")):
        vietnamese += [path.read_text(encoding="utf-8") for path in (ROOT / folder).glob(pattern)]
    text = "\n".join(vietnamese)
    assert "đòn bẩy" not in text.lower()  # "công cụ/giải pháp chính sách"
    assert "phương án tham số" not in text  # "bộ tham số"
    assert "GRDP thực tế" not in text  # current prices in Vietnamese statistics
    assert word("members", "vi", n=720) == "720 bộ tham số"
    assert word("members", "en", n=1) == "1 parameter set" and word("members", "en", n=720) == "720 parameter sets"


def _names(tree) -> set[int]:
    """Strings that are names, not phrases: keys passed to word(...) or .get(...), a Block's kind,
    dictionary keys, values compared against."""
    keys = set()
    for n in ast.walk(tree):
        if isinstance(n, ast.Call) and n.args and (getattr(n.func, "id", "") in ("word", "Block")
                                                   or getattr(n.func, "attr", "") == "get"):
            keys |= {id(c) for c in ast.walk(n.args[0])}
        elif isinstance(n, ast.Subscript):
            keys |= {id(c) for c in ast.walk(n.slice)}
        elif isinstance(n, ast.Compare):
            keys |= {id(c) for c in ast.walk(n)}
    return keys


@pytest.mark.parametrize("module", CLI_MODULES)
def test_cli_prints_no_phrase_outside_the_word_table(module):
    """A phrase typed into console.print stays English under --lang vi: it must come from word()."""
    path = ROOT / "cli" / module
    tree = ast.parse(path.read_text(encoding="utf-8"))
    keys = _names(tree)
    for node in ast.walk(tree):
        printing = isinstance(node, ast.Call) and (
            getattr(node.func, "attr", "") in ("print", "add_column", "add_row", "status", "add_task")
            and getattr(node.func.value, "id", "") in ("console", "errors", "view", "first", "progress")
            or getattr(node.func, "id", "") in ("Table", "TextColumn"))
        if not printing:
            continue
        for arg in node.args + [k.value for k in node.keywords if k.arg == "title"]:
            for piece in ast.walk(arg):
                if isinstance(piece, ast.Constant) and isinstance(piece.value, str) and id(piece) not in keys \
                        and piece.value not in ("en", "vi"):  # language codes
                    bare = re.sub(r"\[/?[a-z ]*\]|\S+\.(png|csv|json|xlsx)\b|^\.[a-z]+$|\{[a-z_.\[\]]+\}", "", piece.value)  # markup, files, suffixes, templates
                    assert not re.search(r"[A-Za-z]{2,}", bare), f"{module}:{node.lineno}: {piece.value!r}"


def test_loop_table_draws_every_loop_it_names():
    from innovsd.present.model_figures import LOOP_TABLE, loop_members

    import pandas as pd

    table = pd.read_csv(LOOP_TABLE, keep_default_na=False)
    nodes = {r.name: (float(r.x), float(r.y)) for r in table[table.kind == "node"].itertuples()}
    labels = {r.name: (float(r.x), float(r.y)) for r in table[table.kind == "loop"].itertuples()}
    members = loop_members(table)
    assert set(members) == set(labels), "every loop with links has a label and every label has links"
    for name, links in members.items():
        assert name[0] in "RB" and links, name
        # The links close a cycle: every variable on the loop is entered once and left once.
        sources, targets = [a for a, _ in links], [b for _, b in links]
        assert sorted(sources) == sorted(targets) and len(set(sources)) == len(sources), (name, links)
        signs = {(e.name, e.target): e.sign for e in table[table.kind == "edge"].itertuples()}
        negatives = sum(signs[link] == "-" for link in links)
        assert (negatives % 2 == 0) == (name[0] == "R"), f"{name}: polarity does not match its links"
        xs, ys = zip(*(nodes[v] for v in sources))
        x, y = labels[name]
        assert min(xs) - 0.02 <= x <= max(xs) + 0.02 and min(ys) - 0.06 <= y <= max(ys) + 0.06, name
    for row in table[table.kind == "loop"].itertuples():
        assert row.label and VIETNAMESE.search(row.label_vi), row.name


def test_loop_diagram_is_a4_wide(tmp_path):
    from PIL import Image

    from innovsd.present.model_figures import plot_loops

    path = plot_loops(tmp_path, "vi")
    with Image.open(path) as image:
        assert abs(image.size[0] / 200 * 2.54 - 16.0) < 0.02


def test_figure_text_is_at_least_8_pt():
    from innovsd.present import figures

    assert figures.A4_WIDTH_IN * 2.54 == pytest.approx(16.0)
    sizes = {k: v for k, v in figures.STYLE.items() if k.endswith("size")}
    assert all(float(v) >= figures.SMALLEST_PT >= 8 for v in sizes.values()), sizes


def test_footer_cites_document_titles_not_file_codes():
    from innovsd.present.citations import document_sources

    text = document_sources(["003_4226e9cc54142260.txt", "001_3b00c9cbd8b958d7.txt"], "vi")
    assert "Nghị quyết 57-NQ/TW" in text and ".txt" not in text


def test_figure_sources_cite_each_reference_once_by_a_name_a_reader_knows():
    """A data file cited with and without its rows, a document cited for two sections, web pages
    and a repository path: each named once, no address, path or file name left."""
    from innovsd.present.citations import short_citations

    texts = ["shared/data/hai-duong-and-merged-city-stats.csv HPM-024..HPM-030",
             "shared/data/hai-duong-and-merged-city-stats.csv", "https://plo.vn/a.html", "https://soha.vn/b",
             "https://plo.vn/a.html", "innovsd seek (scenarios/portfolio.py); cost: scenarios/appraisal.csv",
             "003_4226e9cc54142260.txt §2; 003_4226e9cc54142260.txt §1"]
    for lang in ("en", "vi"):
        text = short_citations(texts, lang)
        assert not any(code in text for code in ("http", ".csv", ".py", ".txt", "/a.html")), text
        assert text.count("57-NQ/TW") == 1, text
    english = short_citations(texts, "en")
    assert english.count("Published statistics of Hai Duong") == 1 and "2 web pages" in english
    assert "innovsd seek" in english and "Cost appraisal" in english
    assert "2 trang web" in short_citations(texts, "vi")


def test_footers_name_laws_plans_and_press_in_the_readers_language_not_the_design_brief():
    """The shipped targets' and scenarios' sources, as every figure footer cites them: a resolution, a
    law or a plan by its title in the reader's language, never our own design file."""
    import yaml

    from innovsd.present.citations import short_citations
    from innovsd.scenarios.library import scenario_files
    from innovsd.scenarios.targets import load_targets

    sources = [t.source for t in load_targets()]
    sources += [str(yaml.safe_load(p.read_text(encoding="utf-8")).get("source", "")) for p in scenario_files()]
    english, vietnamese = short_citations(sources, "en"), short_citations(sources, "vi")
    assert "Resolution 57-NQ/TW of the Politburo" in english and "Law on Science and Technology" in english
    assert "Nghị quyết 57-NQ/TW của Bộ Chính trị" in vietnamese and "Luật Khoa học và Công nghệ" in vietnamese
    assert "Kế hoạch 281/KH-UBND" in vietnamese and "Báo chí kinh tế" in vietnamese
    for text in (english, vietnamese):
        assert "model-brief" not in text, text
    assert not any(word in vietnamese for word in ("Politburo", "Law on", "press", "Plan 281")), vietnamese


def test_shipped_scenarios_cite_documents_not_the_issue_tracker():
    import re

    import yaml

    from innovsd.scenarios.library import scenario_files

    for path in scenario_files():
        source = str(yaml.safe_load(path.read_text(encoding="utf-8")).get("source", ""))
        assert not re.search(r"\bissue \d", source, re.I), (path.name, source)


def test_target_label_carries_the_unit():
    from innovsd.present.compare_figures import target_label
    from innovsd.scenarios.targets import load_targets

    tfp = next(t for t in load_targets() if t.id == "tfp-contribution")
    assert target_label(tfp, "vi") == "Mục tiêu năm 2030: 62–65\u00a0%"
    assert target_label(tfp, "en") == "2030 target: 62–65\u00a0%"


DRAWING = ("set_title", "set_xlabel", "set_ylabel", "suptitle", "text", "annotate", "add_column", "add_row",
           "add_heading", "add_paragraph", "Block", "Table", "Patch", "Line2D")


@pytest.mark.parametrize("module", sorted(p.name for p in (ROOT / "innovsd" / "present").glob("*.py")))
def test_figures_tables_and_documents_show_no_phrase_outside_the_word_table(module):
    """Text drawn into a figure, a table or the brief comes from word() or the name tables, never typed in English."""
    tree = ast.parse((ROOT / "innovsd" / "present" / module).read_text(encoding="utf-8"))
    keys = _names(tree)
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and (getattr(node.func, "attr", "") in DRAWING
                                                 or getattr(node.func, "id", "") in DRAWING)):
            continue
        shown = node.args + [k.value for k in node.keywords if k.arg in ("label", "title", "text")]
        for arg in shown:
            for piece in ast.walk(arg):
                if isinstance(piece, ast.Constant) and isinstance(piece.value, str) and id(piece) not in keys:
                    bare = re.sub(r"\[/?[a-z ]*\]|\{[^}]*\}|\\n|sha256", "", piece.value)
                    assert not re.search(r"[A-Za-z]{2,}", bare), f"{module}:{node.lineno}: {piece.value!r}"


def _comparison(names, variables):
    """A small Dataset shaped as a comparison's (scenario × statistic × time): each scenario a
    rising line of its own slope, so the lines spread over the panel like model runs."""
    from types import SimpleNamespace

    import numpy as np
    import xarray as xr

    times = np.arange(2013, 2036, dtype=float)
    stats = ["central", "p5", "p95"]
    data = {}
    for variable, (start, slope) in variables.items():
        lines = [start + slope * (1 + 0.1 * i) * np.clip(times - 2025, 0, None) for i in range(len(names))]
        data[variable] = (("scenario", "statistic", "time"),
                          np.array([[line, 0.9 * line, 1.1 * line] for line in lines]))
    ds = xr.Dataset(data, coords={"scenario": names, "statistic": stats, "time": times,
                                  "compared": ("scenario", [True] * len(names))},
                    attrs={"ensemble_members": 0, "policy_start": 2026})
    scenarios = [SimpleNamespace(name=n, label=lambda lang, n=n: n, source="002_b501a77fdd842988.txt §V.1",
                                 levers={}, params={}) for n in names]
    return ds, scenarios


def _label_problems(fig):
    """Pairs of target labels that overlap, labels leaving their panel or struck through by their
    own dashed line, per panel title."""
    from itertools import combinations

    from innovsd.present import figures

    renderer = fig.canvas.get_renderer()
    problems, count = [], 0
    for ax in fig.axes:
        entries = ax.__dict__.get("_target_labels", [])
        boxes = figures.label_boxes(ax, renderer)
        count += len(boxes)
        frame = ax.get_window_extent(renderer)
        title = ax.title.get_window_extent(renderer)
        for a, b in combinations(boxes, 2):
            if a.overlaps(b):
                problems.append(("overlap", ax.get_title()))
        for box, (_, low, _, period) in zip(boxes, entries):
            room = frame.frozen().padded(1)
            if not room.contains(box.x0, box.y0) or not room.contains(box.x1, box.y1):
                problems.append(("outside", ax.get_title()))
            if box.overlaps(title):
                problems.append(("title", ax.get_title()))
            (x0, y), (x1, _) = ax.transData.transform([(period[0], low), (period[1], low)])
            if box.y0 < y < box.y1 and box.x0 < x1 and box.x1 > x0:
                problems.append(("struck through", ax.get_title()))
    return problems, count


@pytest.mark.parametrize("names", [["baseline", "st-budget-3pct", "vc-fund"],
                                   ["baseline"] + [f"s{i}" for i in range(6)]])
def test_target_labels_never_overlap_or_get_struck_through(names):
    """Two TFP targets five points apart (62–65 % and ≥ 57 %), four digital-economy targets and
    three technology-renewal targets: every label clear of the others, its panel and its line,
    in the overview and in an indicator's own figure (one panel, or small multiples)."""
    import matplotlib.pyplot as plt

    from innovsd.present.compare_figures import indicator_figure, overview_figure
    from innovsd.present.labels import key_indicators
    from innovsd.scenarios.targets import load_targets

    targets = load_targets()
    ds, scenarios = _comparison(names, {v: (45.0, -0.6) for v in key_indicators()})
    fig = overview_figure(ds, scenarios, targets, [], "vi")
    problems, count = _label_problems(fig)
    renderer = fig.canvas.get_renderer()
    # The Vietnamese growth target's line is long: wrapped, it stays on the page.
    assert all(t.get_window_extent(renderer).x1 <= fig.bbox.x1 for ax in fig.axes for t in ax.texts)
    plt.close(fig)
    assert count >= 6 and not problems, problems
    fig = indicator_figure("TFP contribution to GRDP growth", ds, scenarios, targets, [], "en", None)
    problems, count = _label_problems(fig)
    plt.close(fig)
    assert count >= 2 and not problems, problems


def test_a_target_due_before_the_policies_names_its_year_and_ends_there():
    from innovsd.present.compare_figures import target_label
    from innovsd.scenarios.targets import load_targets

    early = next(t for t in load_targets() if t.year < 2026 and t.kind == "level" and t.low is not None)
    assert target_label(early, "en").startswith(f"{early.year} target")
    assert target_label(early, "vi").startswith(f"Mục tiêu năm {early.year}")


def test_levers_figure_has_a_panel_for_every_lever_set():
    """Nine levers set by three scenarios: nine panels, each with its unit; the footer cites every
    reference of the scenarios' sources, the second document of one as well as the first."""
    from types import SimpleNamespace

    import matplotlib.pyplot as plt

    from innovsd.present.compare_levers import lever_figure, lever_panels
    from innovsd.present.labels import unit

    levers = ["FDI linkage programme spending", "ST budget share policy", "digital transformation spending",
              "enterprise RD support", "investment ratio policy", "science park incubation capacity",
              "talent programme inflow", "training programme trainees"]
    shown = [{"ST budget share policy": "ST budget share", "investment ratio policy": "investment ratio"}.get(v, v)
             for v in levers] + ["VC fund investment"]
    ds, _ = _comparison(["baseline", "a", "b"], {v: (1.0, 0.5) for v in shown})
    scenarios = [SimpleNamespace(name="baseline", label=lambda lang: "baseline", source="", levers={}, params={}),
                 SimpleNamespace(name="a", label=lambda lang: "a", levers={v: [] for v in levers[:4]}, params={},
                                 source="002_b501a77fdd842988.txt §V.1; 004_9b677553d887d1cd.txt §1.2"),
                 SimpleNamespace(name="b", label=lambda lang: "b", levers={v: [] for v in levers[4:]},
                                 params={"VC fund size": 500.0}, source="Jordaan, Douw & Qiang (2020)")]
    assert lever_panels(scenarios, levers)[:2] == ["ST budget share", "VC fund investment"]
    assert sorted(lever_panels(scenarios, levers)) == sorted(shown)
    assert lever_panels(scenarios[:2], levers) == ["ST budget share"] + levers[:1] + levers[2:4]
    fig = lever_figure(ds, scenarios, levers, "vi")  # the longer titles
    panels = [ax for ax in fig.axes if ax.get_visible()]
    renderer = fig.canvas.get_renderer()
    page = fig.bbox
    assert all(page.x0 <= ax.title.get_window_extent(renderer).x0 and ax.title.get_window_extent(renderer).x1
               <= page.x1 for ax in panels), "a panel title runs off the page"
    plt.close(fig)
    fig = lever_figure(ds, scenarios, levers, "en")
    panels = [ax for ax in fig.axes if ax.get_visible()]
    assert len(panels) == 9 and all(ax.get_ylabel() for ax in panels)
    assert {ax.get_ylabel().replace("\n", " ") for ax in panels} == {unit(v, "en") for v in shown}
    footer = " ".join(t.get_text() for t in fig.texts).replace("\n", " ")
    assert "Programme for domestic and international cooperation" in footer and "Jordaan" in footer
    assert "…" not in footer
    plt.close(fig)


def test_levers_zoom_on_the_scenarios_an_outlier_would_flatten():
    """Two scenarios with the same far larger lever (one mix for two targets): one line and one
    legend entry for both, the axis scaled to the others, the outlier's peak written at its edge;
    a lever whose levels only spread widely keeps its whole scale."""
    from types import SimpleNamespace

    import matplotlib.pyplot as plt

    from innovsd.present.compare_levers import _off_scale, lever_figure

    assert _off_scale({"mix": 5000.0, "a": 200.0, "b": 0.0, "c": 0.0}) == {"mix"}
    assert _off_scale({"mix": 7.92, "a": 3.0, "b": 3.0, "c": 2.0, "d": 0.4, "e": 0.4}) == set()
    ds, _ = _comparison(["baseline", "a", "mix-57", "mix-65"], {"talent programme inflow": (0.0, 10.0)})
    lever = ds["talent programme inflow"]
    lever.loc[{"scenario": "mix-57"}] *= 50
    lever.loc[{"scenario": "mix-65"}] = lever.sel(scenario="mix-57")
    titles = {"mix-57": "Strongest mix, ≥ 57 % (plan)", "mix-65": "Strongest mix, 62–65 % (programme)"}
    scenarios = [SimpleNamespace(name=n, label=lambda lang, n=n: titles.get(n, n), source="",
                                 levers={"talent programme inflow": []} if n != "baseline" else {}, params={})
                 for n in ds["scenario"].values]
    fig = lever_figure(ds, scenarios, ["talent programme inflow"], "en")
    ax = fig.axes[0]
    peak = float(ds["talent programme inflow"].sel(scenario="mix-57", statistic="central").max())
    assert ax.get_ylim()[1] < peak / 10
    notes = [t.get_text().replace("\n", " ") for t in ax.texts]
    assert any(note.startswith("off scale:") and f"{peak:,.0f}" in note for note in notes), (notes, peak)
    entries = [t.get_text().replace("\n", " ").replace("\xa0", " ") for t in fig.legends[0].get_texts()]
    assert entries == ["baseline", "a", "Strongest mix, ≥ 57 % (plan) / 62–65 % (programme)"], entries
    assert len([line for line in ax.get_lines() if not line.get_label().startswith("_")]) == 3  # one per entry
    plt.close(fig)


def test_scenarios_with_the_same_results_are_drawn_and_named_once():
    """Two scenarios with the same lines and bands in every key indicator: one legend entry naming
    both in the overview; a scenario differing only in its band stays apart."""
    import matplotlib.pyplot as plt

    from innovsd.present.compare_figures import overview_figure
    from innovsd.present.labels import key_indicators

    ds, scenarios = _comparison(["baseline", "a", "b", "c"], {v: (20.0, 0.5) for v in key_indicators()})
    for variable in key_indicators():
        ds[variable].loc[{"scenario": "b"}] = ds[variable].sel(scenario="a")
        ds[variable].loc[{"scenario": "c", "statistic": "central"}] = ds[variable].sel(scenario="a", statistic="central")
    fig = overview_figure(ds, scenarios, [], [], "en")
    entries = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "a / b" in entries and "c" in entries and "a" not in entries and "b" not in entries, entries
    plt.close(fig)


def test_headline_target_labels_stay_inside_the_chart():
    """TFP values near 40 % against 57 % and 62–65 %: both bands sit at the chart's right edge, and
    their labels are written leftwards into the chart, not out over the margin."""
    from types import SimpleNamespace

    import matplotlib.pyplot as plt

    from innovsd.present.headline_figures import headline_figure
    from innovsd.scenarios.targets import load_targets

    targets = [t for t in load_targets() if t.indicator == "TFP contribution to GRDP growth"]
    names = ["baseline", "st-budget-3pct"]
    card = {t.id: {n: {"value": 40.0 + i, "band": [37.0 + i, 44.0 + i], "vs_baseline": float(i), "met": False}
                   for i, n in enumerate(names)} for t in targets}
    scenarios = [SimpleNamespace(name=n, label=lambda lang, n=n: n) for n in names]
    fig = headline_figure(targets, card, scenarios, {n: "#000000" for n in names}, 2030, "en")
    ax = fig.axes[0]
    renderer = fig.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    labels = [t for t in ax.texts if "%" in t.get_text()]
    assert len(labels) == 2
    for text in labels:
        box = text.get_window_extent(renderer)
        assert frame.x0 <= box.x0 and box.x1 <= frame.x1 + 1, text.get_text()
    plt.close(fig)


def test_an_open_target_band_reaches_the_top_of_every_small_multiple():
    """'≥ 57 %' is a band from 57 % up: on small multiples, whose common scale is set after each
    panel is drawn, it still reaches the top of each panel."""
    import matplotlib.pyplot as plt

    from matplotlib.colors import to_hex

    from innovsd.present.compare_figures import TARGET_COLOUR, indicator_figure
    from innovsd.scenarios.targets import load_targets

    ds, scenarios = _comparison(["baseline"] + [f"s{i}" for i in range(6)],
                                {"TFP contribution to GRDP growth": (45.0, -0.6)})
    ds["TFP contribution to GRDP growth"][-1] += 60.0  # one panel far higher than the others
    fig = indicator_figure("TFP contribution to GRDP growth", ds, scenarios, load_targets(), [], "en", None)
    panels = fig.axes[:6]  # one beside the baseline per scenario; then the difference panel
    for ax in panels:
        tops = [c.get_paths()[0].vertices[:, 1].max() for c in ax.collections
                if to_hex(c.get_facecolor()[0]) == TARGET_COLOUR]
        assert tops and max(tops) >= ax.get_ylim()[1], ax.get_title()
    plt.close(fig)


def test_small_multiples_name_the_targets_once_and_draw_them_in_every_panel():
    import matplotlib.pyplot as plt

    from innovsd.present.compare_figures import indicator_figure
    from innovsd.scenarios.targets import load_targets

    ds, scenarios = _comparison(["baseline"] + [f"s{i}" for i in range(6)],
                                {"TFP contribution to GRDP growth": (45.0, -0.6)})
    fig = indicator_figure("TFP contribution to GRDP growth", ds, scenarios, load_targets(), [], "en", None)
    panels = fig.axes[:6]
    labels = [[a.get_text() for a, *_ in ax.__dict__.get("_target_labels", [])] for ax in panels]
    assert len(labels[0]) == 2 and not any(labels[1:]), labels
    assert not any("target" in t.get_text() for ax in panels[1:] for t in ax.texts)
    assert all(sum(getattr(line, "_target_level", None) is not None for line in ax.lines) == 2 for ax in panels)
    plt.close(fig)


def test_the_legend_names_the_target_year_only_when_every_target_shares_it():
    """The overview draws 2025 and 2030 targets: its legend says 'Target'; the TFP figure's two
    targets are both for 2030: '2030 target'."""
    import matplotlib.pyplot as plt

    from innovsd.present.compare_figures import indicator_figure, overview_figure
    from innovsd.present.labels import key_indicators
    from innovsd.scenarios.targets import load_targets

    targets = load_targets()
    ds, scenarios = _comparison(["baseline", "a"], {v: (45.0, -0.6) for v in key_indicators()})
    for fig, entry in ((overview_figure(ds, scenarios, targets, [], "en"), "Target"),
                       (indicator_figure("TFP contribution to GRDP growth", ds, scenarios, targets, [], "en", None),
                        "2030 target")):
        texts = [t.get_text() for t in fig.legends[0].get_texts()]
        assert entry in texts and not ({"Target", "2030 target"} - {entry}) & set(texts), texts
        plt.close(fig)


def test_targets_with_the_same_bound_share_one_label():
    """The digital economy has ≥ 35 % for 2025 and for 2030: one label names both years."""
    import matplotlib.pyplot as plt

    from innovsd.present.compare_figures import overview_figure
    from innovsd.present.labels import key_indicators, title
    from innovsd.scenarios.targets import load_targets

    ds, scenarios = _comparison(["baseline", "a"], {v: (20.0, 0.5) for v in key_indicators()})
    fig = overview_figure(ds, scenarios, load_targets(), [], "en")
    ax = next(ax for ax in fig.axes if ax.get_title().replace("\n", " ") == title("digital economy share", "en"))
    texts = [artist.get_text().replace("\n", " ") for artist, *_ in ax._target_labels]
    assert sum("35" in t for t in texts) == 1 and any("2025, 2030" in t for t in texts), texts
    plt.close(fig)
