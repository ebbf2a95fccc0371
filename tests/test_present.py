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
    from innovsd.present.figures import document_sources

    text = document_sources(["003_4226e9cc54142260.txt", "001_3b00c9cbd8b958d7.txt"], "vi")
    assert "Nghị quyết 57-NQ/TW" in text and ".txt" not in text


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
