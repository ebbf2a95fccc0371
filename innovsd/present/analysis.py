"""Files and figures of a sensitivity study and a target search (`innovsd sensitivity`, `seek`)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import numpy as np
import pandas as pd

from innovsd.present import citations, figures
from innovsd.present.compare_figures import target_label
from innovsd.present.labels import title, unit, unit_text
from innovsd.present.words import WORDS, number, word
from innovsd.writing import json_text

GZIP_LEVEL = 1  # ISA-L's levels run 0-3: level 0 is no faster and makes a file half as big again


def output_title(out: str, lang: str) -> str:
    """An analysed output's title; a policy difference (scenario minus baseline) says so."""
    from innovsd.scenarios.sensitivity import differenced

    base = differenced(out)
    return word("policy difference", lang, out=title(base, lang)) if base else title(out, lang)


def output_unit(out: str, lang: str) -> str:
    from innovsd.scenarios.sensitivity import differenced

    return unit(differenced(out) or out, lang)


def output_label(out: str, lang: str) -> str:
    u = output_unit(out, lang)
    return f"{output_title(out, lang)} ({u})" if u else output_title(out, lang)


def sampling_note(pset, from_posterior: bool, method: str, lang: str) -> str:
    """What was sampled, for the figures' source line."""
    where = Path(str(pset.path)).name if pset.path else ""
    calibrated = word("sampling posterior", lang, file=where) if from_posterior else word("sampling uniform", lang)
    how = word("sampling joint" if method == "mc" else "sampling independent", lang)
    return word("sampling note", lang, calibrated=calibrated, how=how)


def plot_indices(indices: dict[str, pd.DataFrame], method: str, year: int, lang: str, scenario: str, folder: Path,
                 note: str, top: int = 12) -> None:
    names = {out: [textwrap.fill(title(name, lang), 34) for name in frame.head(top).index[::-1]]
             for out, frame in indices.items()}
    # Room for every label line: Vietnamese titles are longer and often wrap.
    lines = max(sum(n.count("\n") + 1 for n in shown) for shown in names.values())
    fig, axes = figures.figure(len(indices), 1, height_per_row=max(3.4, 0.2 * lines + 0.9))
    for ax, (out, frame) in zip(axes[:, 0], indices.items()):
        shown = frame.head(top).iloc[::-1]
        y = np.arange(len(shown))
        if method == "sobol":
            ax.barh(y + 0.2, shown["ST"], 0.4, xerr=shown["ST_conf"], color=figures.SCENARIO_COLOURS[1], label=word("total", lang))
            ax.barh(y - 0.2, shown["S1"], 0.4, xerr=shown["S1_conf"], color=figures.SCENARIO_COLOURS[2], label=word("first", lang))
            ax.legend(loc="lower right")
        elif method == "morris":
            ax.barh(y, shown["mu_star"], 0.6, xerr=shown["mu_star_conf"], color=figures.SCENARIO_COLOURS[1])
        else:
            ax.barh(y, shown["rank_corr"], 0.6, color=figures.SCENARIO_COLOURS[1])
            ax.axvline(0, color="#333333", lw=0.8)
        ax.set_yticks(y, names[out], fontsize=8)
        if method == "sobol":
            ax.set_xlim(-0.05, 1.05)  # indices are shares of variance; unstable estimates would hide the rest
        ax.set_xlabel(word(method, lang) + (f" ({output_unit(out, lang)})" if method == "morris" and output_unit(out, lang)
                                            else ""))
        ax.set_title(textwrap.fill(f"{word('sensitivity', lang, out=output_label(out, lang), year=year)} — "
                                   f"{word('scenario', lang)}: {scenario}", 52))
    fig.tight_layout(rect=(0, figures.footer(fig, lang, "", note), 1, 1))
    figures.save(fig, folder, "indices")


def plot_fan(bands: dict[str, pd.DataFrame], runs: int, lang: str, scenario: str, folder: Path, note: str,
             history=(), targets=(), start: int | None = None) -> None:
    """Median, 25–75 % and 5–95 % of each output over the runs, the history, and each level
    target's band over its period (from the policies' ``start`` to the target year)."""
    fig, axes = figures.figure(len(bands), 1, height_per_row=3.0)
    colour = figures.SCENARIO_COLOURS[1]
    for ax, (out, q) in zip(axes[:, 0], bands.items()):
        for observation in (o for o in history if o.variable == out):
            figures.draw_observed(ax, observation, color=figures.HISTORY_COLOUR)
        if any(o.variable == out for o in history):
            ax.plot([], [], color=figures.HISTORY_COLOUR, marker="o", lw=2.4, label=word("history", lang))
        ax.fill_between(q.index, q["p5"], q["p95"], color=colour, alpha=0.18, lw=0, label="5–95 %")
        ax.fill_between(q.index, q["p25"], q["p75"], color=colour, alpha=0.35, lw=0, label="25–75 %")
        ax.plot(q.index, q["p50"], color=colour, lw=1.6, label=word("median", lang))
        for target in (t for t in targets if t.indicator == out and t.kind == "level"):
            period = ((start if start is not None else target.year) - 0.5, target.year)
            top = target.high if target.high is not None else max(ax.get_ylim()[1], 1.25 * target.low)
            ax.fill_between(period, target.low, top, color="#2ca02c", alpha=0.13, lw=0, label=target_label(target, lang))
            ax.plot(period, (target.low, target.low), color="#2ca02c", lw=1.0, ls="--")
        ax.set_ylabel(output_unit(out, lang))
        ax.set_xlabel(word("year", lang))
        ax.set_title(textwrap.fill(f"{output_title(out, lang)} — {word('scenario', lang)}: {scenario}", 80) + "\n"
                     + textwrap.fill(word("fan", lang, n=number(runs, lang, 0)), 80), fontsize=9)
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)  # beside the data, not on it
    fig.tight_layout(rect=(0, figures.footer(fig, lang, "", note), 1, 1))
    figures.save(fig, folder, "fan")


def plot_seek(search: pd.DataFrame, response: pd.DataFrame | None, probability: float | None, goal, year, lever,
              level, reached: bool, lang, scenario, folder) -> None:
    """The response curve: the target's measure in ``year`` against the lever's level (``search``:
    the levels tried, central run or share of members), the ensemble's 5–95 % band where known,
    the target, and the smallest level that meets it."""
    from innovsd.present.compare_figures import TARGET_COLOUR, target_label

    fig, axes = figures.figure(1, 1, height_per_row=3.2)
    ax = axes[0, 0]
    curve = search.sort_values("level")
    colour = figures.SCENARIO_COLOURS[1]
    measure = "share_met" if probability else "value"
    if response is not None and not probability:
        ax.fill_between(response["level"], response["p5"], response["p95"], color=colour, alpha=0.18, lw=0,
                        label=word("band", lang))
    ax.plot(curve["level"], curve[measure] * (100 if probability else 1), color=colour, lw=1.8,
            label=word("share meeting", lang) if probability else word("central run", lang))
    if probability:
        ax.axhline(100 * probability, color=TARGET_COLOUR, ls="--", lw=1, label=f"{word('required share', lang)}: "
                   f"{number(100 * probability, lang, 0)}\u00a0%")
        ax.set_ylim(0, 105)
        ax.set_ylabel(word("share meeting", lang) + " (%)")
    else:
        top = goal.high if goal.high is not None else max(ax.get_ylim()[1], goal.low * 1.1)
        ax.axhspan(goal.low, top, color=TARGET_COLOUR, alpha=0.13, lw=0, label=target_label(goal, lang))
        ax.axhline(goal.low, color=TARGET_COLOUR, ls="--", lw=1)
        ax.set_ylabel(word("percent per year", lang) if goal.kind == "growth" else unit(goal.indicator, lang))
    if reached:
        ax.axvline(level, color="#555555", ls=":", lw=1, label=lever_text(lever, level, year, lang))
    ax.set_xlabel(f"{lever.title[lang]} ({lever_unit(lever.unit, lang)}), {year}")
    heading = f"{title(goal.indicator, lang)} {year} — {word('scenario', lang)}: {scenario}"
    ax.set_title(textwrap.fill(heading, 80))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, frameon=False)
    from innovsd.present.brief import FILE_CODE

    # A target typed on the command line cites no document.
    share = figures.footer(fig, lang, citations.document_sources(FILE_CODE.findall(goal.source or ""), lang),
                           word("seek note", lang))
    fig.tight_layout(rect=(0, share, 1, 1))
    figures.save(fig, folder, "seek")


def lever_text(lever, level: float, year: int, lang: str) -> str:
    """'S&T share: ramp to 1.7 % by 2030' for a ramp, 'VC fund = 500 bn VND' for a constant."""
    amount = f"{number(level, lang, 2 if abs(level) < 10 else 0)} {lever_unit(lever.unit, lang)}"
    if lever.kind == "ramp":
        return word("ramp to", lang, lever=lever.title[lang], level=amount, year=year)
    return f"{lever.title[lang]} = {amount}"


def lever_unit(text: str, lang: str) -> str:
    return "%" if text == "percent" else word(f"amount {text}", lang) if f"amount {text}" in WORDS else text


def csv_rows(values: np.ndarray, rows_per_block: int = 8192) -> bytes:
    """Rows of numbers as pandas' ``to_csv`` writes them (the shortest repr that reads back the same
    float, nothing for NaN), gzip-compressed by ISA-L (a sixth of zlib's level-1 time, a file about
    1 % larger) without a time stamp (the same sample, the same file): one gzip member per block of
    rows. Each distinct value is formatted once (found by its bits, so -0.0
    stays itself; a Sobol design repeats every value k + 1 times); the text is assembled as bytes:
    each cell is its word padded with NUL to a fixed width plus a separator, and the NULs are dropped."""
    from isal import igzip

    if not len(values):
        return b""
    values = np.ascontiguousarray(values, dtype=float)
    codes, distinct = pd.factorize(values.view(np.int64).ravel())
    words = np.array([b"" if x != x else repr(x).encode() for x in distinct.view(float).tolist()])
    width = words.dtype.itemsize
    codes = codes.reshape(values.shape)
    members = []
    for first in range(0, len(codes), rows_per_block):
        block = codes[first:first + rows_per_block]
        cells = np.empty(block.shape + (width + 1,), np.uint8)
        cells[..., :width] = words[block].view(np.uint8).reshape(block.shape + (width,))
        cells[..., width] = ord(",")
        cells[:, -1, width] = ord("\n")
        flat = cells.ravel()
        members.append(igzip.compress(flat[flat != 0], GZIP_LEVEL, mtime=0))
    return b"".join(members)


def write_sensitivity(study, folder: Path, lang: str, pool=None) -> None:
    """indices.csv, quantiles.csv, sample.csv.gz, run.json, indices and fan figures; the figures and
    the sample's text are made in ``pool``'s workers (a ``render.FigurePool``) meanwhile."""
    from isal import igzip

    from innovsd.model.parameters import ParameterTable
    from innovsd.present.render import FigurePool
    from innovsd.scenarios.seek import POLICY_START
    from innovsd.scenarios.targets import load_targets

    pool = pool or FigurePool(workers=1)
    note = sampling_note(study.parameter_set, study.from_posterior, study.method, lang)
    bands = study.quantiles()
    # What needs only the runs goes first; the indices are analysed here meanwhile.
    fan = pool.submit(plot_fan, bands, len(study.result.X), lang, study.label(lang), folder, note, study.history,
                      load_targets(), int(ParameterTable()[POLICY_START].value))
    parts = [pool.submit(csv_rows, rows) for rows in np.array_split(study.sample_rows(), max(pool.workers, 1))]
    indices = pool.submit(plot_indices, study.indices, study.method, study.year, lang, study.label(lang), folder, note)
    study.indices_frame().to_csv(folder / "indices.csv", index=False)
    pd.concat(bands, names=["output"]).to_csv(folder / "quantiles.csv")
    (folder / "run.json").write_text(json_text(study.summary(), indent=2), encoding="utf-8")
    with (folder / "sample.csv.gz").open("wb") as handle:
        header = pd.DataFrame(columns=study.sample_columns()).to_csv(index=False)
        handle.write(igzip.compress(header.encode(), GZIP_LEVEL, mtime=0))
        for part in parts:
            handle.write(part.result())
    pool.results([fan, indices])


def write_seek(study, folder: Path, lang: str) -> None:
    """search.csv, indicator.csv, result.json and the seek figure."""
    study.search_frame().to_csv(folder / "search.csv", index=False)
    bands = study.indicator_frame()
    bands.to_csv(folder / "indicator.csv")
    (folder / "result.json").write_text(json_text(study.summary(), indent=2), encoding="utf-8")
    if study.response is not None:
        study.response.to_csv(folder / "response.csv", index=False)
    plot_seek(study.search_frame(), study.response, study.probability, study.goal, study.year, study.lever,
              study.level, study.result.reached, lang, study.label(lang), folder)



def write_mix(study, folder: Path) -> None:
    """result.json, search.csv (every mix tried) and least-cost-<target>.yaml (the mix as a scenario
    file, ready to copy into scenarios/)."""
    from innovsd.writing import output

    with output(folder / "search.csv") as path:
        study.search_frame().to_csv(path, index=False)
    with output(folder / "result.json") as path:
        path.write_text(json_text(study.summary(), indent=2), encoding="utf-8")
    name = study.scenario_name
    with output(folder / f"{name}.yaml") as path:
        path.write_text(study.scenario_yaml(name, mix_amount, unit_text), encoding="utf-8")


def mix_amount(value: float, lang: str) -> str:
    """Whole numbers from 100 up, two decimals below, in the language's number format."""
    return number(value, lang, 0 if abs(value) >= 100 else 2)
