"""Every phrase innovsd shows to a reader (terminal, figures, workbook, brief, explorer), in English,
under the key code uses; and numbers in each language's format. The translations are gettext
catalogues (innovsd/locale/<lang>/LC_MESSAGES/innovsd.po, the entry's key as its context): a new
phrase is added here in English, then `python tools/i18n.py all` puts it into every catalogue for
the translator (docs/translating.md). Names of the model's variables and indicators are in
innovsd/present/labels.py (from model/indicators.csv, model/names_vi.csv)."""

from __future__ import annotations

from innovsd.i18n import languages, translated, translated_plural
from innovsd.errors import InputError

from .numbers import number, percent, rounded, signed, significant, spaced  # noqa: F401 - the phrases' numbers
from .brief_words import BRIEF_WORDS
from .record_words import RECORD_WORDS

LANGUAGES = languages()

# {placeholders} are filled by word(key, lang, **values); tests/test_present.py checks every
# catalogue translates every phrase with the same placeholders. A (singular, plural) pair is
# chosen by its count {n} (a number) with the language's plural rule (Vietnamese has one form).
WORDS = {
    # shared by tables, figures, workbook and brief
    "year": "Year",
    "history": "History (source documents)",
    "target": "2030 target",
    "target of year": "{year} target",
    "scenario": "Scenario",
    "scenarios": "Scenarios",
    "indicator": "Indicator",
    "met": "met",
    "not met": "not met",
    "never": "not by 2035",
    "first year met": "First year target met",
    "probability": "probability of meeting",
    "band": "5–95 % band",
    "simulated": "Simulated",
    "observed": "Observed",
    "source": "Source",
    "sources": "Sources",
    "element HaiPhong": "Hai Phong (before the merger)",
    "element HaiDuong": "Hai Duong",
    "model note": "innovsd model of Hai Phong's ST&I ecosystem (the merged city: Hai Phong and Hai Duong)",
    "tfp growth beside": "TFP growth {value} %/yr ({start}–{end}: {mean}); the share needs {low}–{high} at the plan's GRDP growth",
    "value": "Value",
    "target value": "Target",
    "percent per year": "%/yr",
    "n/a": "n/a",
    "scorecard": "Scorecard, {year}",
    "members": ("{n} parameter set", "{n} parameter sets"),
    "parameter set": "Parameter set",
    "model defaults": "model defaults",
    "date": "Date",
    "command": "Command",
    "version": "innovsd version",
    "model file": "Model file",
    "data files": "Data files",
    "scenario files": "Scenario files",
    "ensemble": "Uncertainty",
    "page": "page",
    "and": "and",
    # causal-loop diagram (innovsd/present/model_figures.py)
    "loops title": "Feedback loops of the model",
    "loops note": "+ / \u2212: the effect moves in the same / opposite direction; R reinforcing, B balancing loop",
    # compare figures (innovsd/present/compare_figures.py)
    "growth target": "target: ≥ {low}%/yr from {start}",
    "overview": "Policy scenarios against the 2030 targets",
    "levers": "Policy instruments by scenario",
    "policy start": "Scenarios start ({year})",
    "web pages": ("{n} web page", "{n} web pages"),
    "full references": "Full references: {file} beside this figure",
    "off scale": "off scale: {value}",
    # sources.csv of a compare run (innovsd/present/compare_files.py)
    "cited for": "cited for",
    "name column": "name",
    "cited target": "Target",
    # calibration fit figure (calibration/fit.py)
    "period total": "Total",
    "average growth": "Average growth",
    "observed point": "Observed (year)",
    "observed mean": "Observed (period mean)",
    "out of sample": "Not fitted (after {year})",
    # sensitivity and seek figures (innovsd/present/analysis.py)
    "sensitivity": "Sensitivity of {out} in {year}",
    "sobol": "Sobol' index (total, first-order)",
    "total": "total (ST)",
    "first": "first-order (S1)",
    "morris": "Morris mu* (change per full range)",
    "mc": "Spearman rank correlation",
    "fan": "Uncertainty: median, 25–75 % and 5–95 % of {n} runs",
    "median": "median",
    "share meeting": "Share of parameter sets meeting the target",
    "required share": "required share",
    "central run": "Central run",
    "seek note": "Each level is the lever's setting reached by the target year",
    "baseline": "baseline",
    "ramp to": "{lever}: ramp to {level} by {year}",
    "sampling posterior": "posterior of {file}",
    "sampling uniform": "uniform over their search bounds",
    "sampling joint": "joint draws",
    "sampling independent": "drawn independently",
    "sampling note": "assumptions uniform over model/parameters.csv ranges; calibrated parameters: {calibrated} ({how})",
    # terminal (cli/): every phrase a command prints goes through this table (tests/test_present.py)
    "results file": "Results: {path}",
    "workbook file": "Workbook: {path}",
    "plot file": "Plot: {path}",
    "figure files": ("Figures: {path} (+ {n} more file)", "Figures: {path} (+ {n} more files)"),
    "brief file": "Brief: {path}",
    "loop file": "Causal-loop diagram: {path}",
    "wrote": "wrote {path}",
    "writing figures": "writing figures ({formats})",
    "writing brief": "writing the brief",
    "compiling the kernel": "compiling the model for fast runs (on its first use only; a minute or more)",
    "met legend": "✓ met, ✗ not met; in brackets: difference to baseline",
    # the model's unit names as a reader says them (innovsd/present/labels.py unit_text); English keeps the model's
    "unit bnVND": "bnVND",
    "unit Year": "Year",
    "unit percent": "percent",
    "unit person": "person",
    "unit firm": "firm",
    "unit startup": "startup",
    "unit researcher": "researcher",
    "unit filing": "filing",
    "unit title": "title",
    "unit TenThousandPeople": "TenThousandPeople",
    "unit Dmnl": "Dmnl",
    "amount bnVND": "bn VND",  # a lever's amount in figure titles (innovsd/present/analysis.py)
    "amount bnVND/Year": "bn VND/yr",
    "amount person/Year": "people/yr",
    "amount startup/Year": "startups/yr",
    "amount researcher/Year": "researchers/yr",
    "amount Dmnl": "of GRDP",
    # describe, check (cli/model_commands.py)
    "role stock": "Stocks ({n})",
    "role flow": "Flows ({n})",
    "role constant": "Constants ({n})",
    "role lever": "Policy instruments ({n})",
    "role auxiliary": "Auxiliaries ({n})",
    "name": "name",
    "model name": "model name",
    "units": "units",
    "range": "range",
    "basis": "basis",
    "documentation": "documentation",
    "basis assumption": "assumption",  # the basis column of model/parameters.csv
    "basis calibrated": "calibrated",
    "basis conversion": "conversion",
    "basis document": "document",
    "basis lever": "lever",
    "basis switch": "structure switch",
    "basis literature": "literature",
    "calibrated note": "* calibrated on 2013–2025 history (see `innovsd fit`). Full table: model/parameters.csv",
    "check title": "innovsd check: validity of the model",
    "check": "check",
    "result": "result",
    "detail": "detail",
    "pass": "pass",
    "warn": "warn",
    "fail": "FAIL",
    "check summary": "{passed} passed, {warned} warnings (history more than {tolerance} off), {failed} failed",
    # scenarios list, show (cli/scenario_commands.py)
    "scenario list": "Scenarios (scenarios/*.yaml)",
    "source column": "source",
    "extends column": "extends",
    "title column": "title",
    "show one": "Show one: innovsd scenarios show NAME",
    "source line": "source: {source}",
    "extends line": "extends: {extends}  (files: {files})",
    "resolved": "Resolved policy instruments and constants",
    "instrument or constant": "instrument / constant",
    "setting": "setting",
    "model default": "model default",
    "default value": "default {value}",
    # sensitivity, seek (cli/analysis_commands.py)
    "sensitivity header": "{out} {year} — {method}, {runs} runs, scenario {scenario}",
    "non-finite": "note: {bad} of {runs} runs gave no finite value of {out} in {year} (extreme corners of the ranges)",
    "replaced by median": "; replaced by the median",
    "seek goal": "{indicator} ≥ {low} in {year}",
    "seek probability": " with probability ≥ {p}",
    "seek members": "{share} of parameter sets",
    "seek reached": "{goal}: smallest {lever} = {level} (gives {gives}; scenario {scenario}).",
    "seek out of reach": "{goal}: out of reach with {lever} up to {top}; the top of the range gives {gives}.",
    "mix cost": "{cost} bn VND (present value {first}–{last} at {year} prices)",
    "mix reached": "{goal}: the cheapest mix found gives {value} and costs {cost}:",
    "mix out of reach": "{goal}: out of reach with these levers; the closest mix at least cost gives {value} and costs {cost}:",
    "policy difference": "{out}: scenario minus baseline",  # sensitivity of a policy's effect
    # every scenario under each S&T -> TFP structure (innovsd/present/structures_view.py)
    "structure payoff": "calibration payoff {payoff}",
    "structure uncalibrated": "no calibrated set yet: model defaults",
    "structure share": "TFP share {year} (vs baseline)",
    "structure growth": "TFP growth {year}, %/yr",
    # the city's cost of each scenario (innovsd/present/costs_view.py)
    "cost table": "City cost and what it buys",
    "cost sheet": "City cost",  # the workbook's tab (at most 31 characters)
    "cost pv": "Present cost {first}–{last}, bn VND ({year} prices)",
    "cost sum": "Cost {first}–{last} as spent, bn VND ({price} prices)",
    "benefit cost ratio": "Benefit–cost ratio to {horizon}",
    "share points": "TFP share {year}, points",
    "share per 1000": "TFP share points per 1,000 bn VND",
    "growth points": "TFP growth {year}, points",
    "growth per 1000": "TFP growth points per 1,000 bn VND",
    "cost note": ("Against the baseline. Present values discounted at {rate} a year to {present} ({source}); "
                  "benefit = extra real GRDP to {horizon}; points in {year}; – : no city cost, or a lever "
                  "whose money is private (the investment ratio)."),
    # calibrate, fit (cli/calibration_commands.py, innovsd/present/calibration.py)
    "global search": "global search (generations)",
    "posterior steps": "posterior (MCMC steps)",
    "best payoff": "best payoff {best}",
    "identification title": "Calibrated parameters: what the data pin down",
    "parameter": "parameter",
    "bounds": "bounds",
    "range over bounds": "range/bounds",
    "flags": "flags",
    "no posterior": "(no posterior)",
    # flags of calibration/calibrate.py identify()
    "flag wide range": "wide range",
    "flag at bound": "at bound",
    "flag no data sensitivity (prior/bounds only)": "no data sensitivity (prior/bounds only)",
    "flag corr": "corr {r} with {other}",
    "series title": "Fit by series (MAPE in %, Theil shares of the MSE)",
    "series": "series",
    "out": "out",
    "observations fitted": "Observations fitted",
    "out of sample title": "Out of sample (ending after {year})",
    "observation": "observation",
    "weight": "weight",
    "observed column": "observed",
    "simulated column": "simulated",
    "error": "error",
    "error percent": "error %",
    "predictive 90": "90 % predictive",
    "fit narrow note": "✓ inside, ✗ outside the 90 % predictive interval; weights and absolute errors: fit.csv",
    "inside": "inside",
    "yes": "yes",
    "no": "no",
    "kind point": "point",  # calibration.history.KINDS
    "kind mean": "mean",
    "kind sum": "sum",
    "kind growth": "growth",
    "coverage": ", {share} inside their 90 % predictive intervals (mean width {width} % of the observed value; {wide} too wide to tell anything)",
    "width percent": "width, % of observed",
    "too wide": "too wide to tell",
    "out of sample line": "out of sample, {title}: {n} observations, mean error {error}{coverage}",
    "search summary": "payoff {payoff}; {generations} generations, {evaluations} evaluations; {seconds}",
    "seconds": "{stage} {seconds} s",
    "stage global search": "global search",  # calibration/calibrate.py stages
    "stage polish": "polish",
    "stage posterior": "posterior",
    "posterior summary": "posterior: {draws} draws kept from {chains} chains × {steps} steps "
                         "({runs} runs); effective sample size ≥ {ess} for every parameter "
                         "(tail ≥ {tail}), R-hat ≤ {rhat}",
    "calibration files": "parameter set: {path} (+ {cin}); fit tables: {folder}",
    "calibration interrupted": "interrupted during the {stage}: best set so far written to {path} (marked interrupted)",
    "note": "note: {text}",
    "written": "written: {paths}",
    # explore, export, diff (cli/deliverable_commands.py)
    "running grid": "running the lever grid",
    "explorer file": "Explorer: {path} ({size} MB, {combos} combinations × {sets} parameter sets)",
    "inputs differ": "Inputs that differ",
    "input": "input",
    "same inputs": "Inputs: the same model, data, parameter set and scenario files.",
    "no value changed": "Scorecard: no value changed.",
    "values differ": "Scorecard values that differ",
    "target column": "target",
    "scenario column": "scenario",
    "met change": "met A → B",
    # explorer page (innovsd/present/explore.html looks these up by key)
    "explorer title": "Hai Phong ST&I policy explorer",
    "explorer levers": "Policy instruments (level reached by 2030)",
    "trend": "historical trend",
    "selected": "selected policy",
    "dashed scenarios": "Scenarios (dashed)",
    "about": "About these numbers",
    "preset": "Load a scenario (its numbers as innovsd compare gives them)",
    "custom setting": "— own setting of the sliders —",
    "added levers": "The instruments below were simulated one at a time: their effects are added to those above, "
                    "and no probability is shown while one of them is set.",
    "download csv": "Download these numbers (CSV)",
    "setting cost": "Extra city spending {start}–{year}: {cost} bn VND (current prices, against the baseline)",
    "how": "Each slider position was simulated in advance with the calibrated model (innovsd). "
           "Ramped instruments rise from their 2025 level to the chosen level by 2030 and stay there; "
           "the venture-capital fund is the city's capital, paid in from 2026. The band and the probability "
           "come from the calibrated parameter sets.",
    "made": "Computed",
    "model": "model",
    "thinned": "The sliders' band and probabilities come from {n} of the {total} calibrated parameter sets "
               "(every {every}th, always the same ones); the presets use all {total}, as innovsd compare does.",
    # compare figures: growth targets as rates, differences from the baseline
    "growth panel": "Average yearly growth since {start}",
    "difference panel": "Difference from the baseline",
    "band members": "5–95\u00a0% band (from {n} parameter sets)",
    # workbook (innovsd/present/workbook.py)
    "scorecard sheet": "Scorecard {year}",
    "first year": "First year met",
    "metadata": "About",
    "item": "Item",
    "provenance of set": "Provenance of the parameter set",
    "target low": "Target from",
    "target high": "Target to",
    "unit column": "Unit",
    "vs baseline column": "± baseline",
    "tidy sheet": "Results (long table)",
    "technical record": "Technical record (files, versions, checksums)",
    "growth title": "{title}: average growth {start}–{year}",
    "about scorecard": "How to read the scorecard",
    "about scorecard text": "Each target's value in {year} under each scenario. ✓ met, ✗ not met. '± baseline': the difference to the baseline in the target's unit. P: the share of the {n} calibrated parameter sets that meet the target. p5 and p95: the range within which 90 % of those sets fall.",
    "about first year text": "The first year from {start} in which the central run meets the target; 'not by 2035' when it never does.",
    "about tidy text": "The same results, one row per scenario, indicator and year: for pivot tables and charts.",
    "about scope": "Scope of the model",
    "about limits": "Limitations",
    # keys of a parameter set's provenance record (innovsd/present/adapters.py)
    "effective sample size": "ESS",
    "wall time": "calibration took {seconds} s (wall clock)",
}
WORDS.update(RECORD_WORDS)
WORDS.update(BRIEF_WORDS)


def check_language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise InputError("unknown language", lang=lang, known=", ".join(LANGUAGES), field="lang")
    return lang


def phrase(key: str, lang: str, n: int = 2) -> str:
    """A phrase with its {placeholders} unfilled; of a (singular, plural) pair the form for ``n``."""
    entry = WORDS[key]
    return translated_plural(key, entry, n, lang) if isinstance(entry, tuple) else translated(key, entry, lang)


def word(key: str, lang: str, **values) -> str:
    """A phrase; ``values`` fill its {placeholders}. The count {n} of a (singular, plural) pair picks
    its form and is shown in the language's format."""
    if isinstance(WORDS[key], tuple):
        return spaced(phrase(key, lang, values["n"]).format(**{**values, "n": number(values["n"], lang, 0)}))
    return spaced(phrase(key, lang).format(**values) if values else phrase(key, lang))


def joined(items: list[str], lang: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {word('and', lang)} " + items[-1]
