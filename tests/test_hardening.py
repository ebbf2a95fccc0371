"""Bad input and interruptions, case by case.

Each case runs the real `innovsd` command in a subprocess (so Ctrl-C, encodings and the
translation cache behave as for a user) and asserts: the exit code, one readable line on
stderr naming the file or field, no traceback, and that nothing written earlier changed.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HISTORY = ROOT / "calibration" / "data" / "history.csv"
PARAMS = ROOT / "calibration" / "params" / "default.json"


@pytest.fixture
def sandbox(tmp_path):
    """Outputs in a temporary folder; the caches are the session's (tests/conftest.py), never the user's."""
    env = dict(os.environ)
    env["INNOVSD_OUTPUTS"] = str(tmp_path / "outputs")
    env["PYTHONIOENCODING"] = "utf-8"
    env.pop("COLUMNS", None)
    return tmp_path, env


def innovsd(env, *args, timeout=120, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "innovsd", *args], env=env, cwd=cwd,
        capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=timeout,
    )


def assert_one_line_error(result, *mentions: str, code: int = 2):
    err = result.stderr.strip()
    assert result.returncode == code, (result.returncode, err[-2000:])
    assert "Traceback" not in err, err[-2000:]
    lines = [line for line in err.splitlines() if line.strip() and not line.startswith("warning")]
    assert len(lines) == 1, err
    for text in mentions:
        assert text in lines[0], (text, lines[0])


def snapshot(folder: Path) -> dict[str, bytes]:
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# -- error text is never markup ---------------------------------------------------------
@pytest.mark.parametrize("args, mention", [
    (("run", "[/red]"), "[/red]"),
    (("run", "--set", "[/]=1"), "[/]"),
    (("seek", "[/x]>=3"), "[/x]"),
])
@pytest.mark.slow
def test_bracketed_user_text_is_printed_verbatim(sandbox, args, mention):
    _, env = sandbox
    assert_one_line_error(innovsd(env, *args), mention)


# -- unbounded resources ------------------------------------------------------------------
@pytest.mark.slow
def test_yaml_alias_bomb_is_refused_quickly(sandbox):
    tmp, env = sandbox
    levels = ['a0: &a0 ["x","x","x","x","x","x","x","x","x"]']
    levels += [f"a{i}: &a{i} [*a{i-1},*a{i-1},*a{i-1},*a{i-1},*a{i-1},*a{i-1},*a{i-1},*a{i-1},*a{i-1}]"
               for i in range(1, 9)]
    bomb = tmp / "bomb.yaml"
    bomb.write_text("\n".join(levels) + "\n", encoding="utf-8")
    started = time.monotonic()
    result = innovsd(env, "run", str(bomb), timeout=60)
    assert time.monotonic() - started < 20
    assert_one_line_error(result, "bomb.yaml")


@pytest.mark.slow
def test_a_device_as_scenario_path_is_refused(sandbox):
    _, env = sandbox
    assert_one_line_error(innovsd(env, "run", "/dev/zero", timeout=60), "/dev/zero")


@pytest.mark.slow
def test_a_directory_as_scenario_path_is_refused(sandbox):
    tmp, env = sandbox
    assert_one_line_error(innovsd(env, "run", str(tmp)), str(tmp))


@pytest.mark.slow
def test_huge_history_file_is_refused_by_size(sandbox):
    tmp, env = sandbox
    big = tmp / "big.csv"
    text = HISTORY.read_text(encoding="utf-8")
    with big.open("w", encoding="utf-8") as handle:
        handle.write(text)
        filler = text.splitlines()[1] + "\n"
        while handle.tell() < 50_000_000:
            handle.write(filler * 1000)
    assert_one_line_error(innovsd(env, "fit", "--data", str(big)), "big.csv")


def _scenario(tmp: Path, name: str, body: str) -> Path:
    path = tmp / f"{name}.yaml"
    path.write_text(body, encoding="utf-8")
    return path


@pytest.mark.slow
def test_long_extends_chain_is_refused(sandbox):
    tmp, env = sandbox
    for i in range(1, 1201):
        parent = "baseline" if i == 1 else f"c{i - 1}"
        _scenario(tmp, f"c{i}", f"name: c{i}\ntitle: {{en: c{i}, vi: c{i}}}\ndescription: {{en: d}}\nsource: s\nextends: {parent}\n")
    assert_one_line_error(innovsd(env, "run", str(tmp / "c1200.yaml")), "extends")


@pytest.mark.slow
def test_deep_nesting_is_refused(sandbox):
    tmp, env = sandbox
    path = _scenario(tmp, "deep", "name: deep\nlevers: " + "[" * 5000 + "]" * 5000 + "\n")
    assert_one_line_error(innovsd(env, "run", str(path)), "deep.yaml")


@pytest.mark.slow
def test_lever_beyond_its_range_is_refused(sandbox):
    tmp, env = sandbox
    path = _scenario(tmp, "huge", "name: huge\ntitle: {en: h, vi: h}\ndescription: {en: d}\nsource: s\n"
                     "extends: baseline\nlevers:\n  science_park: {value: 1.0e+308, from: 2026}\n")
    assert_one_line_error(innovsd(env, "run", str(path)), "science_park", "range")


@pytest.mark.slow
def test_sobol_sample_size_is_checked(sandbox):
    _, env = sandbox
    started = time.monotonic()
    result = innovsd(env, "sensitivity", "-n", "10000000", timeout=120)
    assert time.monotonic() - started < 30
    assert_one_line_error(result, "memory")
    assert_one_line_error(innovsd(env, "sensitivity", "-n", "1"), "-n")


# -- results never lost or half-written ---------------------------------------------------
@pytest.mark.slow
def test_calibrate_never_overwrites_and_checks_out_first(sandbox):
    tmp, env = sandbox
    existing = tmp / "set.json"
    existing.write_text("{}", encoding="utf-8")
    started = time.monotonic()
    assert_one_line_error(innovsd(env, "calibrate", "--out", str(existing)), "set.json")
    assert existing.read_text(encoding="utf-8") == "{}"
    locked = tmp / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    if os.access(locked, os.W_OK):  # root ignores permission bits
        locked = Path("/proc/innovsd-not-writable")
    assert_one_line_error(innovsd(env, "calibrate", "--out", str(locked / "x.json")), "x.json")
    assert time.monotonic() - started < 60  # refused before any search ran


@pytest.mark.slow
def test_interrupted_compare_leaves_only_a_partial_folder(sandbox):
    tmp, env = sandbox
    outputs = tmp / "outputs"
    # Two scenarios: the folder appears once their runs are done, while the figures and files are written.
    process = subprocess.Popen(
        [sys.executable, "-m", "innovsd", "compare", "baseline", "vc-fund"], env=env, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, encoding="utf-8", errors="replace",
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and not any(outputs.glob("*")):
        time.sleep(0.05)
    time.sleep(0.5)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert err.strip().splitlines()[-1].strip() == "interrupted"
    assert "Traceback" not in err
    assert all(folder.name.endswith(".partial") for folder in outputs.iterdir())


# -- encodings and formats ----------------------------------------------------------------
@pytest.mark.slow
def test_history_with_excel_bom_is_read(sandbox):
    tmp, env = sandbox
    bom = tmp / "bom.csv"
    bom.write_bytes(b"\xef\xbb\xbf" + HISTORY.read_bytes())
    result = innovsd(env, "fit", "--data", str(bom))
    assert result.returncode == 0, result.stderr[-2000:]


@pytest.mark.slow
@pytest.mark.parametrize("encoding", ["utf-16", "latin-1"])
def test_history_in_another_encoding_names_the_file(sandbox, encoding):
    tmp, env = sandbox
    other = tmp / f"history-{encoding}.csv"
    other.write_bytes(HISTORY.read_text(encoding="utf-8").encode(encoding, errors="replace"))
    assert_one_line_error(innovsd(env, "fit", "--data", str(other)), other.name)


@pytest.mark.slow
def test_history_field_over_the_limit_is_refused(sandbox):
    tmp, env = sandbox
    lines = HISTORY.read_text(encoding="utf-8").splitlines()
    first = lines[1].rsplit(",", 1)
    lines[1] = f'{first[0]},"{"x" * 200_000}"'
    long_field = tmp / "long.csv"
    long_field.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert_one_line_error(innovsd(env, "fit", "--data", str(long_field)), "long.csv:2")


@pytest.mark.slow
def test_duplicated_history_rows_are_refused(sandbox):
    tmp, env = sandbox
    lines = HISTORY.read_text(encoding="utf-8").splitlines()
    dup = tmp / "dup.csv"
    dup.write_text("\n".join(lines + [lines[1]]) + "\n", encoding="utf-8")
    assert_one_line_error(innovsd(env, "fit", "--data", str(dup)), "dup.csv")


@pytest.mark.slow
def test_duplicate_yaml_keys_are_refused(sandbox):
    tmp, env = sandbox
    path = _scenario(tmp, "twice", "name: twice\ntitle: {en: t, vi: t}\ndescription: {en: d}\nsource: s\n"
                     "extends: baseline\nextends: baseline\n")
    assert_one_line_error(innovsd(env, "run", str(path)), "twice.yaml")


@pytest.mark.slow
@pytest.mark.parametrize("command", [("compare", "--no-figures"), ("scenarios",), ("describe",), ("fit",)])
def test_ascii_terminal_degrades_instead_of_crashing(sandbox, command):
    _, env = sandbox
    env = dict(env, PYTHONIOENCODING="ascii")
    result = subprocess.run([sys.executable, "-m", "innovsd", *command, "--lang", "vi"]
                            if command[0] in ("compare", "fit") else [sys.executable, "-m", "innovsd", *command],
                            env=env, capture_output=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    result.stdout.decode("ascii")


@pytest.mark.slow
def test_parameter_file_with_wrong_field_type_is_refused(sandbox):
    tmp, env = sandbox
    data = json.loads(PARAMS.read_text(encoding="utf-8"))
    data["provenance"] = "str"
    bad = tmp / "bad-params.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    assert_one_line_error(innovsd(env, "run", "--params", str(bad)), "bad-params.json")


@pytest.mark.slow
def test_parameter_set_for_another_model_warns(sandbox):
    tmp, env = sandbox
    data = json.loads(PARAMS.read_text(encoding="utf-8"))
    data["provenance"]["model_sha256"] = "0" * 64
    data["provenance"]["interrupted"] = True
    other = tmp / "other.json"
    other.write_text(json.dumps(data), encoding="utf-8")
    result = innovsd(env, "run", "--json", "--no-plot", "--params", str(other))
    assert result.returncode == 0, result.stderr[-2000:]
    assert "warning" in result.stderr and "other.json" in result.stderr


@pytest.mark.slow
def test_seek_result_is_valid_json(sandbox):
    tmp, env = sandbox
    result = innovsd(env, "seek", "TFP contribution to GRDP growth>=99", "--lever", "incubation", timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    (folder,) = (tmp / "outputs").iterdir()
    json.loads((folder / "result.json").read_text(encoding="utf-8"), parse_constant=_no_constants)


def _no_constants(name):
    raise AssertionError(f"{name} is not JSON")


# -- the translation cache ----------------------------------------------------------------
def _cache_files(cache: Path):
    return [p for p in cache.rglob("*.py")]


@pytest.mark.slow
def test_planted_or_truncated_cache_never_runs_and_never_breaks(sandbox):
    tmp, env = sandbox
    cache = tmp / "cache"
    env = dict(env, INNOVSD_CACHE=str(cache))
    first = innovsd(env, "run", "--json", "--no-plot")
    assert first.returncode == 0, first.stderr[-2000:]
    translated = _cache_files(cache)
    assert translated
    marker = tmp / "planted-code-ran"
    for path in translated:
        path.write_text(f"open({str(marker)!r}, 'w').write('x')\n", encoding="utf-8")
    planted = innovsd(env, "run", "--json", "--no-plot")
    assert planted.returncode == 0, planted.stderr[-2000:]
    assert not marker.exists()
    assert json.loads(planted.stdout)["indicators"] == json.loads(first.stdout)["indicators"]
    for path in _cache_files(cache):
        path.write_bytes(path.read_bytes()[:100])
    truncated = innovsd(env, "run", "--json", "--no-plot")
    assert truncated.returncode == 0, truncated.stderr[-2000:]
    assert json.loads(truncated.stdout)["indicators"] == json.loads(first.stdout)["indicators"]


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="permission bits are POSIX")
def test_cache_folder_writable_by_others_is_refused(sandbox):
    tmp, env = sandbox
    cache = tmp / "shared-cache"
    cache.mkdir()
    cache.chmod(0o777)
    result = innovsd(dict(env, INNOVSD_CACHE=str(cache)), "run", "--json", "--no-plot")
    assert_one_line_error(result, str(cache))


# -- cases the table above did not have ---------------------------------------------------
@pytest.mark.slow
def test_history_value_too_close_to_zero_is_refused_before_the_search(sandbox):
    tmp, env = sandbox
    lines = HISTORY.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    row = lines[1].split(",")
    row[header.index("value")] = "-1e-300"
    tiny = tmp / "tiny.csv"
    tiny.write_text("\n".join([lines[0], ",".join(row)] + lines[2:]) + "\n", encoding="utf-8")
    started = time.monotonic()
    assert_one_line_error(innovsd(env, "calibrate", "--data", str(tiny)), "tiny.csv", "value")
    assert time.monotonic() - started < 60
    assert not (tmp / "outputs").exists()  # nothing written


def test_two_calibrations_cannot_claim_the_same_out_file(tmp_path):
    from innovsd.errors import InputError
    from innovsd.writing import release, reserve

    target = tmp_path / "set.json"
    mine = reserve([target, target.with_suffix(".cin")], field="--out")
    with pytest.raises(InputError, match="exists already"):
        reserve([target, target.with_suffix(".cin")], field="--out")
    target.write_text("{}", encoding="utf-8")
    release(mine)  # the written file stays, the empty .cin claim goes
    assert target.read_text(encoding="utf-8") == "{}" and not target.with_suffix(".cin").exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_checked_reader_refuses_pipes_and_reads_a_bom(tmp_path):
    from innovsd.errors import InputError
    from innovsd.tables import read_input

    pipe = tmp_path / "pipe.csv"
    os.mkfifo(pipe)
    with pytest.raises(InputError, match="not a regular file"):
        read_input(pipe)  # would block forever if it were opened
    bom = tmp_path / "bom.yaml"
    bom.write_bytes(b"\xef\xbb\xbfname: x\n")
    assert read_input(bom) == "name: x\n"


def test_json_output_has_no_nan(tmp_path):
    from innovsd.writing import json_text

    import numpy as np

    text = json_text({"a": float("nan"), "b": [np.float64("inf"), 1.5], "c": np.float64(2.0)})
    assert json.loads(text, parse_constant=_no_constants) == {"a": None, "b": [None, 1.5], "c": 2.0}


def test_a_sealed_folder_notices_truncated_and_planted_files(tmp_path):
    from innovsd.cache import seal, sealed

    folder = tmp_path / "translation"
    folder.mkdir()
    (folder / "model.py").write_text("x = 1\n", encoding="utf-8")
    seal(folder)
    assert sealed(folder)
    (folder / "extra.py").write_text("import os\n", encoding="utf-8")
    assert not sealed(folder)
    (folder / "extra.py").unlink()
    (folder / "model.py").write_text("x = 2\n", encoding="utf-8")
    assert not sealed(folder)


@pytest.mark.slow
def test_a_garbage_structure_cache_is_parsed_again(tmp_path, monkeypatch):
    from innovsd.model import mdl
    from innovsd.model.engine import MODEL_FILE

    monkeypatch.setenv("INNOVSD_CACHE", str(tmp_path / "cache"))
    first = mdl.structure.__wrapped__(MODEL_FILE)
    (cached,) = (tmp_path / "cache").glob("*.structure.json")
    cached.write_text('{"stock_flows": 3', encoding="utf-8")
    assert mdl.structure.__wrapped__(MODEL_FILE) == first


@pytest.mark.slow
def test_a_sealed_translation_that_does_not_import_is_rebuilt(tmp_path, monkeypatch):
    from innovsd.model import engine as eng
    from innovsd.cache import seal
    from innovsd.model.translation import load_translation

    monkeypatch.setenv("INNOVSD_CACHE", str(tmp_path / "cache"))
    py_file = eng.translate(eng.MODEL_FILE)
    py_file.write_text("raise ImportError('broken translation')\n", encoding="utf-8")
    seal(py_file.parent)  # hash matches: only importing it shows it is broken
    model = load_translation(eng.MODEL_FILE)
    assert "broken translation" not in py_file.read_text(encoding="utf-8")
    assert float(model.components.final_time()) == eng.shared_engine().final_time
