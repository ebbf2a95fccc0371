"""The gettext catalogues: every phrase, problem and help text has its translation in every
language's .po, each .mo is compiled from its .po, entries written the old way ({"en", "vi"}) are
converted by tools/i18n.py, and the command line speaks the language of --lang (anywhere on the
line) or INNOVSD_LANG, click's own sentences included."""

from __future__ import annotations

import importlib.metadata
import re
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import i18n as catalogues  # noqa: E402  (tools/i18n.py, the maintainers' tool)
import i18n_tables  # noqa: E402


def _locked(*packages: str) -> bool:
    """Whether these packages are installed at the versions of constraints.txt."""
    pins = dict(line.split("==") for line in (ROOT / "constraints.txt").read_text().splitlines()
                if "==" in line and not line.startswith("#"))
    pins = {name.lower().replace("_", "-"): version for name, version in pins.items()}
    return all(importlib.metadata.version(p) == pins.get(p) for p in packages)


def test_catalogues_are_complete_current_and_compiled():
    """Fails when a phrase, problem or help text lacks a translation or is fuzzy (its English
    changed), when a template misses an entry of the code, or when a .mo is stale against its .po.
    click's template and the help texts typer adds are compared only with the click and typer of
    the lock (another version has other sentences; those fall back to English)."""
    found = catalogues.problems(third_party_as_locked=_locked("click", "typer"))
    assert found == [], "\n".join(found)


def test_a_translation_changed_after_compiling_is_found_stale(tmp_path, monkeypatch):
    locale = tmp_path / "locale"
    shutil.copytree(catalogues.LOCALE, locale)
    monkeypatch.setattr(catalogues, "LOCALE", locale)
    po = catalogues.po_path("vi", "innovsd")
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "Năm"', 'msgstr "Năm (sửa)"', 1), encoding="utf-8")
    locked = _locked("click", "typer")
    assert any("innovsd.mo is stale" in line for line in catalogues.problems(locked))
    catalogues.compile_all()
    assert catalogues.problems(locked) == []


def test_the_tables_are_english_only():
    from innovsd.messages import PROBLEMS
    from innovsd.present.words import WORDS

    for table in (WORDS, PROBLEMS):
        old = [key for key, value in table.items() if not isinstance(value, (str, tuple))]
        assert old == [], f"written {{'en': ..., 'vi': ...}}: run `python tools/i18n.py all` ({old})"


def test_a_language_is_a_folder_with_a_compiled_catalogue():
    from innovsd import i18n

    assert i18n.languages() == ("en", "vi")
    assert i18n.translated("year", "Year", "vi") == "Năm"
    assert i18n.translated("year", "Year", "en") == "Year"


def test_old_style_entries_are_converted_into_the_catalogue(tmp_path, monkeypatch):
    """What a branch with {"en", "vi"} entries gets at merge: `python tools/i18n.py convert`."""
    table = tmp_path / "innovsd" / "present" / "words.py"
    table.parent.mkdir(parents=True)
    table.write_text('WORDS = {\n    "kept": "Kept",\n    "new": {"en": "A new phrase, "\n'
                     '                   "on two lines",\n            "vi": "Một cụm từ mới"},\n}\n', encoding="utf-8")
    locale = tmp_path / "locale"
    shutil.copytree(catalogues.LOCALE, locale)
    monkeypatch.setattr(catalogues, "ROOT", tmp_path)
    monkeypatch.setattr(catalogues, "LOCALE", locale)
    monkeypatch.setattr(catalogues, "TABLES", [("innovsd/present/words.py", "unused", "WORDS")])
    assert i18n_tables.convert() == 1
    namespace = {}
    exec(table.read_text(encoding="utf-8"), namespace)
    assert namespace["WORDS"] == {"kept": "Kept", "new": "A new phrase, on two lines"}
    po = catalogues.read_catalog(catalogues.po_path("vi", "innovsd"), "vi")
    assert po.get("A new phrase, on two lines", context="new").string == "Một cụm từ mới"


def test_numbers_in_each_language_through_babel():
    from innovsd.i18n import formatted
    from innovsd.present.words import number, percent, significant

    assert number(1234.56, "vi") == "1.234,6" and number(1234.56, "en") == "1,234.6"
    # One spacing before "%" in both languages, non-breaking (innovsd.present.words.spaced).
    assert percent(0.0712, "vi", 1) == "7,1\u00a0%" and percent(0.0712, "en", 1) == "7.1\u00a0%"
    assert significant(-0.934, "vi", 2) == "-0,93"
    assert formatted(0.05, "+.1%", "vi") == "+5,0%" and formatted(3.0e-16, ".1e", "vi") == "3,0e-16"
    assert formatted(2030, "", "vi") == "2030" and formatted(255, "#04x", "vi") == "0xff"


def test_help_in_vietnamese(cli):
    code, out, _ = cli("--lang", "vi", "--help")
    assert code == 0 and "Cách dùng: innovsd" in out and "Tùy chọn:" in out and "Lệnh:" in out
    assert "Hiện hướng dẫn này rồi thoát." in out and "Show this message" not in out
    code, out, _ = cli("run", "--help", "--lang", "vi")
    assert code == 0 and "Chạy một kịch bản" in out and "Thay giá trị một hằng số" in out


@pytest.mark.parametrize("args", [["--lang", "vi", "scenarios"], ["scenarios", "--lang", "vi"], ["scenarios", "--lang=vi"]])
def test_lang_anywhere_on_the_command_line(cli, args):
    code, out, err = cli(*args)
    assert code == 0 and "Các kịch bản" in out, err


def test_lang_from_the_environment(cli, monkeypatch):
    monkeypatch.setenv("INNOVSD_LANG", "vi")
    code, out, _ = cli("scenarios")
    assert code == 0 and "Các kịch bản" in out
    code, out, _ = cli("scenarios", "--lang", "en")  # the command line wins
    assert code == 0 and "Scenarios" in out
    monkeypatch.setenv("INNOVSD_LANG", "xx")
    code, _, err = cli("scenarios")
    assert code == 2 and err == "error: INNOVSD_LANG: language 'xx' is not one of en, vi\n"


def test_click_speaks_through_its_gettext_domain(cli):
    code, _, err = cli("run", "--bogus", "--lang", "vi")
    assert code == 2 and err.startswith("lỗi: ") and err.endswith(" (xem hướng dẫn: `innovsd run --help`)\n")
    if _locked("click"):  # another click words it otherwise, and that stays English
        assert err == "lỗi: Không có tùy chọn '--bogus'. (xem hướng dẫn: `innovsd run --help`)\n"
    code, _, err = cli("run", "--bogus")  # and English again in the same process
    assert code == 2 and err.startswith("error: No such option") and "--bogus" in err
    import gettext
    import os

    assert gettext.textdomain() != catalogues.CLICK_DOMAIN and os.environ.get("LANGUAGE") != "vi"  # put back


@pytest.mark.slow
def test_check_in_vietnamese_with_decimal_commas(cli, monkeypatch):
    monkeypatch.setenv("INNOVSD_LANG", "vi")
    monkeypatch.setenv("COLUMNS", "200")
    code, out, err = cli("check")
    assert code == 0, err
    assert "kiểm định tính hợp lệ" in out and "điều kiện cực trị: zero S&T budget" in out
    assert "sai số tích phân (bước thời gian giảm một nửa)" in out and "cân bằng tích lũy: capital stock" in out
    assert re.search(r"tăng trưởng TFP năm 2030 = \d,\d\d%/năm", out)
    assert "integration error" not in out and "mass balance" not in out and "history:" not in out


def test_a_new_language_is_declared_for_the_wheel(tmp_path, monkeypatch):
    import tomllib

    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    monkeypatch.setattr(catalogues, "ROOT", tmp_path)
    catalogues._declare_package("fr")
    catalogues._declare_package("fr")  # once only
    setuptools = tomllib.loads((tmp_path / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert setuptools["packages"].count("innovsd.locale.fr.LC_MESSAGES") == 1
    assert setuptools["package-data"]["innovsd.locale.fr.LC_MESSAGES"] == ["*.po", "*.mo"]


def test_a_merge_adopts_the_other_sides_entries(tmp_path, monkeypatch):
    """What the lead runs when a branch with {"en", "vi"} entries meets the catalogues:
    `python tools/i18n.py adopt SIDE` brings SIDE's added, changed and removed entries in."""
    import subprocess

    def git(*args):
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=tmp_path, check=True,
                       capture_output=True)

    table = tmp_path / "innovsd" / "present" / "words.py"
    table.parent.mkdir(parents=True)
    shutil.copytree(catalogues.LOCALE, tmp_path / "locale")
    table.write_text('WORDS = {\n    "kept": "Kept",\n    "gone": "Gone",\n    "changed": "Old",\n}\n', encoding="utf-8")
    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-qm", "base")
    git("checkout", "-qb", "other")
    table.write_text('WORDS = {\n    "kept": "Kept",\n    "changed": {"en": "New", "vi": "Mới"},\n'
                     '    "added": {"en": "Added", "vi": "Đã thêm"},\n}\n', encoding="utf-8")
    git("commit", "-qam", "other side, old style")
    git("checkout", "-q", "main")
    git("merge", "-q", "--no-commit", "--no-ff", "other")
    git("checkout", "--ours", "innovsd/present/words.py")
    monkeypatch.setattr(catalogues, "ROOT", tmp_path)
    monkeypatch.setattr(catalogues, "LOCALE", tmp_path / "locale")
    monkeypatch.setattr(catalogues, "TABLES", [("innovsd/present/words.py", "unused", "WORDS")])
    i18n_tables.adopt("MERGE_HEAD")
    namespace = {}
    exec(table.read_text(encoding="utf-8"), namespace)
    assert namespace["WORDS"] == {"kept": "Kept", "changed": "New", "added": "Added"}
    po = catalogues.read_catalog(catalogues.po_path("vi", "innovsd"), "vi")
    assert po.get("New", context="changed").string == "Mới" and po.get("Added", context="added").string == "Đã thêm"
