"""Every input file through the checked readers and one strict schema, and cost bounded by limits
rather than by file size: each case is the real command in a subprocess (tests/attacks.py); cases
that need no process of their own share one."""

from __future__ import annotations

import json
import os
import time

import pytest

from attacks import HISTORY, accepted, batch, environment, parameter_set, refused, scenario

PROVENANCE = {"until-text": ("until", "2020"), "until-list": ("until", [2020]), "data-file-object": ("data_file", {"a": 1}),
              "data-file-absolute": ("data_file", "/etc/shadow"), "data-file-outside": ("data_file", "../" * 12 + "etc/passwd"),
              "interrupted-text": ("interrupted", "no")}


@pytest.mark.slow
def test_parameter_sets_hold_numbers_in_range_and_typed_provenance(tmp_path):
    def values(text):
        path = tmp_path / f"v{len(list(tmp_path.iterdir()))}.json"
        path.write_text(text, encoding="utf-8")
        return ["run", "--no-plot", "--params", str(path)]

    def ensemble(name, draws):
        return ["run", "--no-plot", "--params", str(parameter_set(
            tmp_path, name, lambda d: d["ensemble"].update({"capital elasticity": draws})))]

    cases = {
        "boolean": values('{"values": {"brain drain elasticity": true}}'),
        "text number": values('{"values": {"brain drain elasticity": "1.5"}}'),
        "underscore": values('{"values": {"brain drain elasticity": "1_000"}}'),
        "key twice": values('{"values": {"brain drain elasticity": 1.0, "brain drain elasticity": 1.1}}'),
        "name twice": values('{"values": {"brain drain elasticity": 1.0, "Brain  Drain_Elasticity": 1.1}}'),
        "unknown field": values('{"values": {}, "evil": 1}'),
        "nested": values('{"values": {}, "provenance": {"a": ' + "[" * 5000 + "]" * 5000 + "}}"),
        "draws out of range": ensemble("range.json", [50, -50] * 360),
        "draws out of range (compare)": ["compare", "--no-figures", "--params", str(tmp_path / "range.json")],
        "draws out of range (fit)": ["fit", "--params", str(tmp_path / "range.json")],
        "draws too large": ensemble("large.json", [0.3, 0.3, 1e300] * 240),
        "draws as text": ensemble("text.json", ["0.3"] * 720),
        "draws as booleans": ensemble("bool.json", [True] * 720),
        "control characters": values('{"values": {"\\u001b[2Jevil\\u0007": 1}}'),
    }
    cases |= {f"provenance {name}": ["fit", "--params", str(parameter_set(
        tmp_path, f"{name}.json", lambda d, key=key, value=value: d["provenance"].update({key: value})))]
        for name, (key, value) in PROVENANCE.items()}
    answers = dict(zip(cases, batch(environment(tmp_path), list(cases.values()))))
    for name, answer in answers.items():
        line = refused(answer)
        assert "Traceback" not in line, name
    assert "expected a number, got True" in refused(answers["boolean"])
    assert "given twice" in refused(answers["key twice"]) and "given twice" in refused(answers["name twice"])
    for command in ("draws out of range", "draws out of range (compare)", "draws out of range (fit)"):
        assert "ensemble.capital elasticity[0]: 50 is outside the plausible range" in refused(answers[command])
    assert "ensemble.capital elasticity.2: '1e+300' is too large" in refused(answers["draws too large"])
    assert "must be a path relative" in refused(answers["provenance data-file-absolute"])
    assert "leads outside" in refused(answers["provenance data-file-outside"])
    assert "expected true or false" in refused(answers["provenance interrupted-text"])


@pytest.mark.slow
def test_numbers_typed_or_written_are_plain_and_names_once(tmp_path):
    body = "levers:\n  science_park: {table: {2027: 1, 2030: 2, 2030.0: 3}}\n"
    sub = scenario(tmp_path / "s" / "sub", "parent")
    child = scenario(tmp_path / "s", "child", extends="sub/parent.yaml")
    loop = tmp_path / "loop.yaml"
    os.symlink(tmp_path / "loop2.yaml", loop)
    os.symlink(loop, tmp_path / "loop2.yaml")
    cases = {
        "full-width": ["run", "--no-plot", "--set", "brain drain elasticity=\uff11.\uff15"],
        "arabic-indic": ["run", "--no-plot", "--set", "brain drain elasticity=\u0661.\u0665"],
        "underscore": ["run", "--no-plot", "--set", "brain drain elasticity=1_0"],
        "one name twice": ["run", "--no-plot", "--set", "brain drain elasticity=1", "--set", "Brain_Drain elasticity=1.1"],
        "2030 and 2030.0": ["run", "--no-plot", str(scenario(tmp_path, "years", extra=body))],
        "5000 digits": ["run", "--no-plot", str(scenario(tmp_path, "big", extra="params:\n  brain drain elasticity: "
                                                          + "9" * 5000 + "\n"))],
        "400-digit year": ["run", "--no-plot", str(scenario(tmp_path, "from", extra="levers:\n  science_park: "
                                                             "{value: 1, from: " + "9" * 400 + "}\n"))],
        "extends absolute": ["run", "--no-plot", str(scenario(tmp_path, "absolute", extends=str(sub)))],
        "symlink loop": ["run", "--no-plot", str(loop)],
        "extends from its folder": ["run", "--no-plot", "--json", str(child.relative_to(tmp_path))],
    }
    answers = dict(zip(cases, batch(environment(tmp_path), list(cases.values()), cwd=tmp_path)))
    accepted(answers.pop("extends from its folder"))
    for name, answer in answers.items():
        refused(answer)
    assert "2030.0" in refused(answers["2030 and 2030.0"]) and "given twice" in refused(answers["2030 and 2030.0"])
    assert "symbolic links" in refused(answers["symlink loop"])


def _run_folder(folder, provenance=None, scorecard=None):
    folder.mkdir(parents=True)
    (folder / "provenance.json").write_bytes(provenance if provenance is not None else json.dumps(
        {"model": {"sha256": "a"}, "scenarios": {"names": ["baseline"], "sha256": "c"}}).encode())
    (folder / "scorecard.csv").write_bytes(scorecard if scorecard is not None else
                                           b"target,scenario,value,met\ntfp,baseline,43.5,False\n")
    return folder


@pytest.mark.slow
def test_diff_reads_its_folders_as_any_input(tmp_path):
    base = _run_folder(tmp_path / "base")
    sparse = tmp_path / "sparse.csv"
    with sparse.open("wb") as handle:
        handle.truncate(3 * 1024 ** 3)  # 3 GB of nothing: refused by its size, never read
    linked = _run_folder(tmp_path / "linked")
    (linked / "scorecard.csv").unlink()
    os.symlink(sparse, linked / "scorecard.csv")
    bad = {"latin-1": _run_folder(tmp_path / "l", provenance='{"date": "café"}'.encode("latin-1")),
           "nested": _run_folder(tmp_path / "n", provenance=b"[" * 100_000 + b"]" * 100_000),
           "key twice": _run_folder(tmp_path / "k", provenance=b'{"model": {"sha256": "a"}, "model": {}}'),
           "empty": _run_folder(tmp_path / "e", scorecard=b""),
           "binary": _run_folder(tmp_path / "b", scorecard=bytes(range(256)) * 8),
           "ragged": _run_folder(tmp_path / "r", scorecard=b"target,scenario,value\na,b,1,2,3\n"),
           "not a number": _run_folder(tmp_path / "v", scorecard=b"target,scenario,value\ntfp,baseline,abc\n"),
           "3 GB": linked}
    started = time.monotonic()
    answers = dict(zip(bad, batch(environment(tmp_path), [["diff", str(base), str(folder)] for folder in bad.values()])))
    assert time.monotonic() - started < 60
    for name, answer in answers.items():
        refused(answer)
    assert "file too large" not in refused(answers["3 GB"]) and "larger than" in refused(answers["3 GB"])


@pytest.mark.slow
def test_cost_is_bounded_by_limits_not_by_file_size(tmp_path):
    """Each limit is passed by a small file (a 2^18 fan of extends, a long title, one row or
    draw too many, a memory estimate): refused or done within seconds and little memory."""
    for i in range(18):
        parent = f"f{i + 1}" if i < 17 else "baseline"
        scenario(tmp_path, f"f{i}", extends=f"[{parent}, {parent}]")
    header, first = HISTORY.read_text(encoding="utf-8").splitlines()[:2]
    fields = first.split(",")  # the value (5th field) comes before any quoted one
    (tmp_path / "rows.csv").write_text("\n".join([header] + [",".join(fields[:4] + [str(10 + i)] + fields[5:])
                                                             for i in range(2001)]) + "\n", encoding="utf-8")
    draws = lambda n: lambda d: d.update(ensemble={"capital elasticity": [0.3] * n})  # a small file
    problems = "levers:\n" + "".join(f"  nolever{i}: {{value: 1, from: 2026}}\n" for i in range(13_807))
    cases = {
        "fan of extends": ["scenarios", "show", str(tmp_path / "f0.yaml")],
        "400,000-character title": ["scenarios", "show", str(scenario(tmp_path, "long", '{en: "' + "x" * 400_000
                                                                       + '", vi: y}'))],
        "50,000-character title": ["compare", "--no-figures", str(scenario(tmp_path, "longer", '{en: "' + "x" * 50_000
                                                                          + '", vi: y}'))],
        "history rows": ["fit", "--data", str(tmp_path / "rows.csv")],
        "draws": ["run", "--no-plot", "--params", str(parameter_set(tmp_path, "many.json", draws(100_001)))],
        "compare memory": ["compare", "--no-figures", "--params", str(parameter_set(tmp_path, "m.json", draws(45_000)))],
        "steps": ["calibrate", "--steps", "1000000000"],
        "chains": ["calibrate", "--chains", "100000000"],
        "long value": ["run", "--no-plot", "--set", "x" * 100_000 + "=1"],
        "13,807 problems": ["run", "--no-plot", str(scenario(tmp_path, "many", extra=problems))],
    }
    started = time.monotonic()
    answers = dict(zip(cases, batch(environment(tmp_path), list(cases.values()))))
    assert time.monotonic() - started < 180  # ten cases, one model load
    assert max(answer["peak"] for answer in answers.values()) < 2e9
    assert max(answer["seconds"] for answer in answers.values()) < 60, {k: round(a["seconds"]) for k, a in answers.items()}
    accepted(answers.pop("fan of extends"))
    for name, answer in answers.items():
        refused(answer)
    assert "(and 13806" in refused(answers["13,807 problems"])  # the line stops at 300 characters
    assert "GB of memory" in refused(answers["compare memory"])
    assert "GB of memory" in refused(answers["steps"], "--steps") and "GB of memory" in refused(answers["chains"], "--chains")
    assert "2,000 rows" in refused(answers["history rows"])


@pytest.mark.slow
def test_a_normal_explore_stays_under_one_and_a_half_gigabytes(explored):
    """The peak memory of the explore the browser test reads (tests/conftest.py's ``explored``)."""
    assert explored.code == 0 and explored.peak < 1.5e9, (explored.peak, explored.stdout[-500:], explored.stderr[-2000:])
