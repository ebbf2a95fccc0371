"""innovsd: a system-dynamics model of Hai Phong's science, technology and innovation ecosystem.

The public Python API (for notebooks and scripts; the `innovsd` command calls exactly these;
README.md shows each call with what it gives). ``params`` is the parameter set: a mapping of constants to values, a saved set (a ``ParameterSet``
or the path of its JSON file); None is the shipped calibrated set. Every result object offers
``.to_dataframe()``. Imports are lazy so that ``import innovsd`` (and ``innovsd --help``) stay fast.
"""

from __future__ import annotations

import inspect
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Mapping, Sequence

from innovsd.errors import InputError, MissingFile

if TYPE_CHECKING:
    from concurrent.futures import Executor

    import pandas as pd
    import xarray as xr

    from innovsd.calibration.history import Observation
    from innovsd.calibration.workflow import CalibrationResult, FitReport
    from innovsd.model.catalogue import ModelDescription
    from innovsd.model.engine import Engine
    from innovsd.model.parameters import ParamsLike
    from innovsd.model.results import Run
    from innovsd.scenarios.analysis import SeekStudy, SensitivityStudy
    from innovsd.scenarios.explore import Exploration
    from innovsd.scenarios.library import Scenario, ScenarioDescription
    from innovsd.scenarios.pipeline import Prepared
    from innovsd.scenarios.validity import CheckReport

__all__ = ["InputError", "MissingFile", "__version__", "load_model", "run", "simulate", "compare",
           "prepare_comparison", "check", "describe", "calibrate", "fit", "sensitivity", "sensitivity_runs", "seek",
           "seek_runs", "explore", "history", "scenario_names", "load_scenarios", "describe_scenario"]


def __getattr__(name: str):
    if name == "__version__":
        from importlib import metadata

        try:
            return metadata.version("innovsd")
        except metadata.PackageNotFoundError:
            return "unknown"
    raise AttributeError(f"module 'innovsd' has no attribute '{name}'")


def load_model() -> "Engine":
    """The translated model, one per process.

    Returns
    -------
    Engine
        Variables, levers, constants and time settings; ``.run(params, paths)`` runs it with
        explicit values only (none: the uncalibrated ``.mdl`` constants).
    """
    from innovsd.model.engine import shared_engine

    return shared_engine()


def _overrides(overrides: Mapping[str, float] | None, old: Mapping[str, float] | None) -> dict:
    if old is not None:
        warnings.warn("set= is renamed overrides= (set shadows a builtin); set= goes in the next release",
                      DeprecationWarning, stacklevel=3)
        overrides = old if overrides is None else overrides
    return dict(overrides or {})


def run(scenario: str | Path = "baseline", params: "ParamsLike" = None, overrides: Mapping[str, float] | None = None,
        *, set: Mapping[str, float] | None = None) -> "xr.Dataset":
    """One run of a scenario with a parameter set and constants overridden.

    Parameters
    ----------
    scenario : str or Path
        A shipped scenario's name or a scenario YAML file.
    params : mapping, ParameterSet, str or Path, optional
        The parameter set (see the module's documentation); None: the shipped calibrated set.
    overrides : mapping, optional
        Constants set for this run on top of ``params``, each checked against its range.
    set : mapping, optional
        The former name of ``overrides`` (deprecated).

    Returns
    -------
    xarray.Dataset
        One variable per model variable, dims member (1) × time (years), units and documentation
        as attributes; the scenario, parameter set and values used as Dataset attributes.
    """
    return simulate(scenario, params, _overrides(overrides, set)).to_dataset()


def simulate(scenario: str | Path = "baseline", params: "ParamsLike" = None,
             overrides: Mapping[str, float] | None = None, *, set: Mapping[str, float] | None = None) -> "Run":
    """The run of ``run`` as plain numpy arrays, without importing xarray or pandas.

    Returns
    -------
    Run
        ``.series(name)``, ``.times``, ``.attrs``, ``.values`` and ``.paths`` (the inputs), and
        ``.to_dataset()`` / ``.to_dataframe()``.
    """
    import json

    from innovsd.model.parameters import ParameterTable, load_parameter_set
    from innovsd.model.results import Run
    from innovsd.scenarios.library import load_scenario

    table = ParameterTable()
    parameter_set = load_parameter_set(params, table)
    checked = table.validate(_overrides(overrides, set), source="overrides")
    engine = load_model()
    chosen = load_scenario(str(scenario), engine, table)
    values = {**parameter_set.values, **chosen.params, **checked}
    return Run(engine.run(values, chosen.paths), engine, {
        "scenario": chosen.name,
        "title_en": chosen.title.get("en", chosen.name),
        "title_vi": chosen.title.get("vi", chosen.name),
        "parameter_set": parameter_set.label(),
        # JSON text, so the Dataset still saves to netCDF.
        "overrides": json.dumps(checked, ensure_ascii=False),
        "values": json.dumps(values, ensure_ascii=False),
    }, values, dict(chosen.paths))


def prepare_comparison(scenarios: Iterable[str | Path] | None = None, year: int = 2030, params: "ParamsLike" = None,
                       progress: Callable[[int], None] | None = None, executor: "Executor | None" = None) -> "Prepared":
    """Everything a comparison needs, computed, nothing written.

    Parameters
    ----------
    scenarios : iterable of str or Path, optional
        Scenario names or files; None: every shipped scenario.
    year : int
        The year the scorecard reads.
    params : mapping, ParameterSet, str or Path, optional
        The parameter set; its ensemble gives the bands and probabilities.
    progress : callable, optional
        Called with 1 after each scenario.
    executor : concurrent.futures.Executor, optional
        Runs each scenario as one job on its workers (e.g. a Dask ``Client.get_executor()``); the
        same numbers as in this process.

    Returns
    -------
    Prepared
        ``.dataset`` (xarray: scenario × statistic × time), ``.card`` (the scorecard),
        ``.scorecard_frame(lang)`` (what ``compare`` returns), ``.to_dataframe()`` (long results).
    """
    from innovsd.scenarios import pipeline

    return pipeline.prepare(load_model(), [str(s) for s in scenarios or []], params, year, progress, executor)


def compare(scenarios: Iterable[str | Path] | None = None, year: int = 2030, params: "ParamsLike" = None, lang: str = "en",
            executor: "Executor | None" = None, structures: str | Iterable[str] | None = None) -> "pd.DataFrame":
    """The scorecard of ``prepare_comparison`` (same arguments) in ``lang``; per structure with ``structures``.

    Returns
    -------
    pandas.DataFrame
        One row per target and scenario in ``year``: value, met, difference to baseline, probability, first
        year met; ``structures`` ("all" or names in model/structures.csv): per structure, its own set, payoff.
    """
    from innovsd.scenarios.structures import scorecard
    return scorecard(load_model(), [str(s) for s in scenarios or []], params, year, lang, executor, structures)


def check(params: "ParamsLike" = None) -> "CheckReport":
    """The model's validity checks with a parameter set.

    Returns
    -------
    CheckReport
        ``.results`` (name, status pass/warn/fail, detail, figures of each check), ``.records()``,
        ``.to_dataframe()``.
    """
    from innovsd.scenarios.validity import check as workflow

    return workflow(load_model(), params)


def describe(kind: str = "all") -> "ModelDescription":
    """The model's contents: every variable (or those of one role) with units and documentation,
    and for constants value, range, basis and source.

    Returns
    -------
    ModelDescription
        ``.rows`` (one dict per variable), ``.roles``, ``.to_dataframe()``.
    """
    from innovsd.model.catalogue import ModelDescription, describe as catalogue

    return ModelDescription(catalogue(load_model(), kind))


def calibrate(data: str | Path | None = None, priors: str | Path | None = None, until: int | None = None, *,
              seed: int = 1, chains: int = 16, steps: int = 3000, ess: int = 1500, generations: int = 400,
              on_generation: Callable[[int, float], None] | None = None,
              on_step: Callable[[int], None] | None = None, command: str | None = None,
              executor: "Executor | None" = None, structure: str | None = None) -> "CalibrationResult":
    """Fit the parameters marked ``calibrate = yes`` to the history, then sample their posterior.

    Parameters
    ----------
    data, priors : str or Path, optional
        History and output-prior files; None: the shipped ones.
    until : int, optional
        Fit only observations that end by this year (a backtest).
    seed, chains, steps, ess, generations
        The search and the MCMC chains: ``chains`` chains of at most ``steps`` steps, until every
        parameter's effective sample size reaches ``ess`` (``steps=0``: no posterior).
    on_generation, on_step : callable, optional
        Progress of the search (generation, best payoff) and of the chain (steps done).
    command : str, optional
        How this calibration is written again, for the set's provenance; None: this call.
    executor : concurrent.futures.Executor, optional
        Runs each batch of candidates in chunks on its workers; the same result (the batches are
        small: worth it only for a slow model).
    structure : str, optional
        The S&T -> TFP structure to fit (model/structures.csv); None: the first, the default.

    Returns
    -------
    CalibrationResult
        ``.parameter_set`` (to ``.save``, with the posterior draws as its ensemble), fit rows, series
        statistics, ``.identification``, ``.to_dataframe()``.
    """
    from innovsd.calibration.workflow import calibrate as workflow

    if command is None:
        given = {"data": data, "priors": priors, "until": until, "seed": seed, "chains": chains, "steps": steps,
                 "ess": ess, "generations": generations, "structure": structure}
        defaults = inspect.signature(calibrate).parameters
        command = "innovsd.calibrate(" + ", ".join(
            f"{k}={str(v)!r}" if isinstance(v, Path) else f"{k}={v!r}"
            for k, v in given.items() if v != defaults[k].default) + ")"
    return workflow(load_model(), data=data, priors=priors, until=until, seed=seed, chains=chains, steps=steps,
                    ess=ess, generations=generations, on_generation=on_generation, on_step=on_step,
                    command=command, executor=executor, structure=structure)


def fit(params: "ParamsLike" = None, data: str | Path | None = None) -> "FitReport":
    """How well a parameter set fits the history it was calibrated on (or ``data``).

    Returns
    -------
    FitReport
        ``.table()`` / ``.to_dataframe()`` (per observation, with 90 % predictive intervals),
        ``.series`` statistics (MAPE, Theil), ``.out_of_sample()``, ``.notes``.
    """
    from innovsd.calibration.workflow import fit as workflow

    return workflow(load_model(), params=params, data=data)


def sensitivity(scenario: str | None = None, method: str = "sobol", n: int = 1024, year: int = 2030,
                outputs: Iterable[str] = ("TFP contribution to GRDP growth",), params: "ParamsLike" = None,
                ranges: bool = False, seed: int = 0,
                progress: Callable[[int], None] | None = None, executor: "Executor | None" = None) -> "SensitivityStudy":
    """Which parameters drive ``outputs`` in ``year`` (each run stops there): Sobol, Morris or Monte
    Carlo; with ``executor`` (any ``concurrent.futures`` executor, e.g. a Dask
    ``Client.get_executor()``) the runs go to its workers in chunks of whole kernel blocks, with the
    same indices as in this process.

    Returns
    -------
    SensitivityStudy
        ``.indices`` (one DataFrame per output), ``.to_dataframe()``, the sample, the ensemble
        ``.quantiles()``.
    """
    from innovsd.scenarios.analysis import sensitivity as workflow

    return workflow(load_model(), scenario=scenario, method=method, n=n, year=year, outputs=list(outputs),
                    params=params, ranges=ranges, seed=seed, progress=progress, executor=executor)


def sensitivity_runs(method: str = "sobol", n: int = 1024, scenario: str | None = None, params: "ParamsLike" = None,
                     ranges: bool = False) -> int:
    """How many model runs ``sensitivity`` makes with these arguments.

    Returns
    -------
    int
        Runs of the design (sobol: N·(k+2), morris: N·(k+1), mc: N), for a progress bar.
    """
    from innovsd.scenarios.analysis import sensitivity_runs as count

    return count(method, n, load_model(), scenario, params, ranges)


def seek(target: str, by: int | None = None, lever: str = "budget", scenario: str | None = None,
         probability: float | None = None, params: "ParamsLike" = None,
         progress: Callable[[int], None] | None = None, executor: "Executor | None" = None, *,
         levers: Sequence[str] | None = None, budget_cap: float | None = None) -> "SeekStudy":
    """The smallest level of ``lever`` meeting ``target`` (an id or 'VARIABLE>=VALUE') by ``by``, runs in
    chunks on ``executor``'s workers when given; the cheapest mix of ``levers`` within ``budget_cap`` bn VND.

    Returns
    -------
    SeekStudy (a MixStudy with ``levers``)
        ``.result.reached``, ``.result.answer`` or ``.result.mix`` (levels, cost, value), ``.to_dataframe()``.
    """
    from innovsd.scenarios.least_cost import seek_any

    return seek_any(load_model(), target=target, by=by, lever=lever, scenario=scenario, probability=probability,
                    params=params, progress=progress, executor=executor, levers=levers, budget_cap=budget_cap)


def seek_runs(probability: float | None = None, params: "ParamsLike" = None, levers: int = 1) -> int:
    """How many member-runs ``seek`` makes at most, for a progress bar (the search usually stops earlier).

    Returns
    -------
    int
        The bound for one lever; for a mix of ``levers`` levers, about that many.
    """
    from innovsd.scenarios.least_cost import seek_runs_any

    return seek_runs_any(probability, params, levers)


def explore(scenarios: Sequence[str] | None = None, params: "ParamsLike" = None, year: int = 2030,
            progress: Callable[[int], None] | None = None, executor: "Executor | None" = None,
            extra: Sequence[str] = ()) -> "Exploration":
    """The explorer's grid: every combination of the explorer's lever levels, run with the set and
    every k-th draw of its ensemble (at most 90 draws: ``grid["members"]`` of ``grid["ensemble"]``,
    every ``grid["every"]``-th), ramps reaching their level by ``year``; ``scenarios`` (default:
    baseline) are drawn for reference; every shipped scenario is computed as ``compare`` does, with
    every draw (the page's presets); ``extra`` variables are saved too without being shown. With
    ``executor``, chunks of combinations run on its workers (the same grid).

    Returns
    -------
    Exploration
        ``.grid`` (years, combinations, series and target scores), the levers, indicators,
        targets, reference runs and history; ``.to_dataframe()`` (one row per combination).
    """
    from innovsd.scenarios.explore import explore as workflow

    return workflow(load_model(), scenarios, params, year, progress, executor, extra)


def history(data: str | Path | None = None) -> "list[Observation]":
    """The history the model is calibrated on, or the history file ``data``.

    Returns
    -------
    list of Observation
        One per row, checked against the model: variable, kind, years, value, unit, source.
    """
    from innovsd.calibration.history import load_history

    return load_history(data, load_model())


def scenario_names() -> list[str]:
    """The names of the shipped scenarios.

    Returns
    -------
    list of str
        Baseline first, then as the files sort.
    """
    from innovsd.scenarios.library import shipped_names

    return shipped_names()


def load_scenarios(scenarios: Sequence[str | Path] | None = None) -> "list[Scenario]":
    """Scenarios by name or file, their inheritance resolved and lever paths compiled.

    Returns
    -------
    list of Scenario
        None given: every shipped one, baseline first and packages last.
    """
    from innovsd.scenarios.library import load_scenarios as load

    return load([str(s) for s in scenarios or []], load_model())


def describe_scenario(scenario: str | Path, years: Sequence[int] = (2026, 2030, 2035)) -> "ScenarioDescription":
    """One scenario with everything it sets resolved, as `innovsd scenarios show` prints it.

    Returns
    -------
    ScenarioDescription
        ``.scenario``, each lever's pieces and values in ``years``, each constant it sets with its
        unit and default; ``.to_dataframe()``.
    """
    from innovsd.scenarios.library import describe_scenario as describe_one

    return describe_one(str(scenario), load_model(), tuple(years))
