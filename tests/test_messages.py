"""Errors and warnings in both languages: every problem a user can be shown is a key of
innovsd/messages.py with its English (and its Vietnamese in the catalogue), every call site names
such a key with the values its sentence needs, and the CLI prints the Vietnamese one line under
--lang vi."""

from __future__ import annotations

import ast
import os
import re
import string
import subprocess
import sys
from pathlib import Path

import pytest

from innovsd.errors import InputError, Problem, Term, combined
from innovsd.i18n import translated, translated_plural
from innovsd.messages import PROBLEMS

ROOT = Path(__file__).resolve().parents[1]
PACKAGE_FOLDERS = ("innovsd", "calibration", "scenarios", "cli", "model")
SOURCES = sorted(p for folder in PACKAGE_FOLDERS for p in (ROOT / folder).rglob("*.py"))
# Calls whose first argument is a problem: a key of the table (or a Problem built from one).
PROBLEM_CALLS = {"InputError", "UnsafeCache", "MissingFile", "warn", "Problem", "Term", "_phrase"}
WHERE = {"source", "field"}  # where a problem is, not part of its sentence
VIETNAMESE = re.compile(r"[ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ]", re.I)


def _fields(template: str | tuple[str, str]) -> set[str]:
    """The placeholders of a sentence, or of both forms of a (singular, plural) pair."""
    forms = template if isinstance(template, tuple) else (template,)
    return {name for form in forms for _, name, _, _ in string.Formatter().parse(form) if name}


def _vietnamese(key: str) -> str:
    english = PROBLEMS[key]
    return translated_plural(key, english, 2, "vi") if isinstance(english, tuple) else translated(key, english, "vi")


def _calls():
    """(file:line, the call's name, its node) of every call that states a problem, except those
    that pass on a problem their function was given (InputError's own helpers)."""
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        passed_on = set()
        for function in ast.walk(tree):
            if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                names = {a.arg for a in function.args.posonlyargs + function.args.args + function.args.kwonlyargs}
                passed_on |= {id(call) for call in ast.walk(function) if isinstance(call, ast.Call)
                              and call.args and isinstance(call.args[0], ast.Name) and call.args[0].id in names}
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and id(node) not in passed_on:
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name in PROBLEM_CALLS and not (name == "warn" and getattr(node.func, "attr", None)):
                    yield f"{path.relative_to(ROOT)}:{node.lineno}", name, node


def test_every_problem_has_english_and_vietnamese_with_the_same_placeholders():
    for key, english in PROBLEMS.items():
        assert isinstance(english, (str, tuple)) and all(english), f"{key}: English only here (python tools/i18n.py convert)"
        vietnamese = _vietnamese(key)
        assert _fields(english) >= _fields(vietnamese) and _fields(vietnamese) >= _fields(english[-1:] if isinstance(english, tuple) else english), key
        # A Vietnamese sentence without a Vietnamese letter was not translated.
        assert VIETNAMESE.search(vietnamese), (key, vietnamese)
        assert vietnamese not in english, key


def test_the_project_terms_in_problems():
    text = "\n".join(_vietnamese(k) for k in PROBLEMS)
    assert "đòn bẩy" not in text.lower() and "phương án tham số" not in text
    assert "công cụ/giải pháp chính sách" in Problem("unknown scenario lever", name="x", known="y").text("vi")
    assert "bộ tham số" in Term("parameter file").text("vi")


def test_every_call_names_a_key_of_the_table_with_its_values():
    """A problem typed as an f-string or literal sentence would stay English under --lang vi."""
    checked = 0
    for where, name, node in _calls():
        if name == "warn" and not node.args:
            continue
        first = node.args[0] if node.args else None
        assert first is not None, f"{where}: {name} without a problem"
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            key = first.value
        elif isinstance(first, ast.JoinedStr) and name == "Term":  # a stage read from a file, with a default
            assert any(k.arg == "default" for k in node.keywords), where
            continue
        else:
            # Anything else must be a Problem made elsewhere (checked there), never a text.
            assert isinstance(first, (ast.Name, ast.Attribute, ast.Call)) and name in ("InputError", "UnsafeCache", "MissingFile"), \
                f"{where}: {name} with {ast.unparse(first)!r}: use a key of innovsd/messages.py"
            continue
        assert key in PROBLEMS, f"{where}: no message '{key}' in innovsd/messages.py"
        if name == "Term":
            continue
        given = {k.arg for k in node.keywords} - WHERE
        assert None not in given, f"{where}: pass the values by name"
        assert given == _fields(PROBLEMS[key]), f"{where}: '{key}' needs {_fields(PROBLEMS[key])}, got {given}"
        checked += 1
    assert checked > 100  # the scan found the call sites


def test_read_input_names_a_kind_of_file_from_the_table():
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("read_input", "read_json") \
                    and len(node.args) > 1:
                if path.name == "tables.py" and isinstance(node.args[1], ast.Name):
                    continue  # read_json passes its caller's kind of file on
                assert isinstance(node.args[1], ast.Constant) and node.args[1].value in PROBLEMS, \
                    f"{path.name}:{node.lineno}"


def test_scenario_problems_are_collected_as_problems_not_texts():
    """library.py, checker.py and spec.py gather a file's problems before raising: each must be a Problem."""
    for name in ("scenarios/library.py", "scenarios/checker.py", "scenarios/spec.py"):
        tree = ast.parse((ROOT / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "append" and node.args \
                    and isinstance(node.args[0], ast.Tuple) and len(node.args[0].elts) == 2:
                assert isinstance(node.args[0].elts[1], ast.Call), f"{name}:{node.lineno}"
            if isinstance(node, ast.Return) and isinstance(node.value, ast.Tuple) and len(node.value.elts) == 2:
                assert not isinstance(node.value.elts[1], (ast.Constant, ast.JoinedStr)), f"{name}:{node.lineno}"


def test_pydantic_problems_of_a_scenario_file_have_vietnamese():
    from innovsd.scenarios import spec

    bad = {"title": {"en": "x", "vi": "y", "fr": "z"}, "description": 3, "source": "",
           "levers": {"talent_inflow": {"value": "lots", "from": 2026}, "x": {"ramp": {"to": 2030}}, "y": []},
           "extends": 5, "colour": "red"}
    found = spec.problems(bad)
    assert len(found) >= 6
    for _, problem in found:
        assert isinstance(problem, Problem) and problem.key != "invalid value", problem
        assert VIETNAMESE.search(problem.text("vi")), problem.text("vi")


def test_english_stays_and_vietnamese_uses_its_decimal_mark():
    error = InputError("outside plausible range", value=1234.5, low=0.5, high=2000, unit="bnVND",
                       source="--set", field="VC fund size")
    assert str(error) == "--set: VC fund size: 1234.5 is outside the plausible range [0.5, 2000] bnVND"
    assert error.text("vi") == "--set: VC fund size: 1234,5 nằm ngoài khoảng hợp lý [0,5; 2000] bnVND"
    many = combined([InputError("not a number", text="x"),
                     InputError("file not found", what=Term("scenario file"), source="a.yaml")])
    assert many.text("vi") == "'x' không phải là số (và 1 lỗi khác: a.yaml: không tìm thấy tệp kịch bản)"
    with pytest.raises(KeyError):
        InputError("a sentence that is not a key")


def test_no_key_is_written_twice():
    """A dict literal keeps the last of two equal keys without a word: one sentence would vanish."""
    import innovsd.messages

    tree = ast.parse(Path(innovsd.messages.__file__).read_text(encoding="utf-8"))
    (table,) = [n.value for n in tree.body if isinstance(n, ast.Assign) and n.targets[0].id == "PROBLEMS"]
    keys = [k.value for k in table.keys]
    assert len(keys) == len(set(keys)), sorted({k for k in keys if keys.count(k) > 1})


@pytest.mark.parametrize("args, english, vietnamese", [
    (["run", "--bogus"], "No such option '--bogus'. (see `innovsd run --help`)",
     "lỗi: Không có tùy chọn '--bogus'. (xem hướng dẫn: `innovsd run --help`)"),
    (["compare", "--year", "abc"], "Invalid value for '--year': 'abc' is not a valid integer.",
     "lỗi: Giá trị không hợp lệ cho '--year': 'abc' không phải là số hợp lệ (kiểu integer)."),
    (["seek"], "Missing argument 'TARGET'.", "lỗi: Thiếu đối số 'TARGET'."),
    (["no-such-command"], "No such command 'no-such-command'.", "lỗi: Không có lệnh 'no-such-command'."),
])
@pytest.mark.slow
def test_cli_parser_errors_in_the_chosen_language(tmp_path, args, english, vietnamese):
    done = _innovsd(*args, cwd=tmp_path)
    assert done.returncode == 2 and english in done.stderr, done.stderr
    done = _innovsd(*args, "--lang", "vi", cwd=tmp_path)
    assert done.returncode == 2 and done.stderr.startswith(vietnamese) and len(done.stderr.splitlines()) == 1, done.stderr


def _innovsd(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, INNOVSD_OUTPUTS=str(cwd / "outputs"))
    return subprocess.run([sys.executable, "-m", "innovsd", *args], capture_output=True, text=True,
                          cwd=cwd, env=env, encoding="utf-8")


@pytest.mark.parametrize("args, english, vietnamese", [
    (["run", "no-such-scenario"], "no scenario 'no-such-scenario'", "không có kịch bản 'no-such-scenario'"),
    (["run", "--set", "imitation rate=abc"], "'abc' is not a number", "'abc' không phải là số"),
    (["run", "--set", "no such thing=1"], "unknown parameter 'no such thing'", "không có tham số 'no such thing'"),
    (["run", "--params", "missing.json"], "missing.json: parameter file not found",
     "missing.json: không tìm thấy tệp bộ tham số"),
    (["compare", "--lang", "fr"], "--lang: language 'fr' is not one of en, vi", None),
])
@pytest.mark.slow
def test_cli_prints_errors_in_the_chosen_language(tmp_path, args, english, vietnamese):
    done = _innovsd(*args, cwd=tmp_path)
    assert done.returncode == 2 and done.stderr.startswith("error: ") and english in done.stderr, done.stderr
    if vietnamese is None:
        return
    # --lang before or after the command's own options: the error was raised before it was parsed.
    done = _innovsd(*args[:1], "--lang", "vi", *args[1:], cwd=tmp_path)
    lines = done.stderr.splitlines()
    assert done.returncode == 2 and len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    assert lines[0].startswith("lỗi: ") and vietnamese in lines[0], lines[0]


@pytest.mark.slow
def test_cli_prints_a_scenario_file_problem_and_a_warning_in_vietnamese(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: {en: Bad, vi: Xấu}\ndescription: d\nsource: s\nlevers:\n  talent_inflow: {value: -1, from: 2050}\n",
                   encoding="utf-8")
    done = _innovsd("run", str(bad), "--lang=vi", cwd=tmp_path)
    assert done.returncode == 2 and done.stderr.startswith(f"lỗi: {bad}:5: levers.talent_inflow."), done.stderr
    assert "là số âm" in done.stderr and "(và 1 lỗi khác: " in done.stderr and "nằm ngoài khoảng thời gian" in done.stderr

    params = tmp_path / "old.json"
    params.write_text('{"values": {}, "provenance": {"model_sha256": "0", "interrupted": true, "stage": "polish"}}',
                      encoding="utf-8")
    done = _innovsd("run", "--params", str(params), "--lang", "vi", "--no-plot", "--json", cwd=tmp_path)
    warnings = [line for line in done.stderr.splitlines() if line.startswith("cảnh báo: ")]
    assert len(warnings) == 2, done.stderr
    assert "phiên bản khác của mô hình" in warnings[0] and "giai đoạn tinh chỉnh cục bộ" in warnings[1], warnings


def test_check_results_are_said_with_sentences_of_the_table():
    """A check's title and finding are Problems, so `innovsd check --lang vi` shows them in Vietnamese."""
    from innovsd.model.checks import CheckResult

    with pytest.raises(TypeError, match="messages.py"):
        CheckResult("units and documentation present", True, "all fine")
    result = CheckResult(Problem("check mass balance", stock="capital stock"), True, Problem("balance error", error=3e-16))
    assert result.name == "mass balance: capital stock" and result.detail.endswith("= 3.0e-16 of its scale")
    assert result.finding.text("vi").endswith("= 3,0e-16 so với quy mô của nó")
