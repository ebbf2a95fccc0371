"""innovsd: a system-dynamics model of Hai Phong's science, technology and innovation ecosystem.

The public Python API (for notebooks and scripts; the `innovsd` command calls exactly these)::

    import innovsd
    ds = innovsd.run("st-budget-3pct")                 # xarray.Dataset, dims member × time
    ds["TFP contribution to GRDP growth"].sel(time=2030).item()
    innovsd.compare(["baseline", "st-budget-3pct"])   # the scorecard as a pandas.DataFrame

Every function uses the shipped calibrated parameter set unless ``params`` names another file.
Imports are lazy so that ``import innovsd`` (and ``innovsd --help``) stay fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Mapping

from innovsd.errors import InputError

if TYPE_CHECKING:
    import pandas as pd
    import xarray as xr

    from innovsd.model.results import Run

__all__ = ["InputError", "__version__", "load_model", "run", "simulate", "compare", "prepare_comparison",
           "calibrate", "fit", "sensitivity", "seek"]


def __getattr__(name: str):
    if name == "__version__":
        from importlib import metadata

        try:
            return metadata.version("innovsd")
        except metadata.PackageNotFoundError:
            return "unknown"
    raise AttributeError(f"module 'innovsd' has no attribute '{name}'")


def load_model():
    """The translated model (one per process): variables, levers, constants; ``.run(...)`` for raw runs.

    ``Engine.run`` takes explicit values: with none, it runs the uncalibrated ``.mdl`` constants.
    ``innovsd.run`` adds the calibrated set and a scenario."""
    from innovsd.model.engine import shared_engine

    return shared_engine()


def run(scenario: str | Path = "baseline", params: str | Path | None = None,
        set: Mapping[str, float] | None = None) -> "xr.Dataset":
    """One run of ``scenario`` (name or YAML file) with the calibrated set (or ``params``) and
    ``set`` overriding constants. Returns a Dataset: one variable per model variable, dims
    member (1) × time (years), units and documentation as attributes."""
    return simulate(scenario, params, set).to_dataset()


def simulate(scenario: str | Path = "baseline", params: str | Path | None = None,
             set: Mapping[str, float] | None = None) -> "Run":
    """The run of ``run`` as plain numpy arrays (a ``model.results.Run``: ``.series(name)``,
    ``.times``, ``.attrs``, ``.to_dataset()``); needs neither xarray nor pandas, so the command
    `innovsd run` starts fast."""
    import json

    from innovsd.model.parameters import ParameterTable, load_parameter_set
    from innovsd.model.results import Run
    from innovsd.scenarios.library import load_scenario
    from innovsd.tables import portable_path

    table = ParameterTable()
    parameter_set = load_parameter_set(Path(params) if params is not None else None, table)
    overrides = table.validate(dict(set or {}), source="set")
    engine = load_model()
    chosen = load_scenario(str(scenario), engine)
    values = {**parameter_set.values, **chosen.params, **overrides}
    return Run(engine.run(values, chosen.paths), engine, {
        "scenario": chosen.name,
        "title_en": chosen.title.get("en", chosen.name),
        "title_vi": chosen.title.get("vi", chosen.name),
        "parameter_set": portable_path(parameter_set.path) if parameter_set.path else "model defaults",
        # JSON text, so the Dataset still saves to netCDF.
        "overrides": json.dumps(overrides, ensure_ascii=False),
        "values": json.dumps(values, ensure_ascii=False),
    })


def prepare_comparison(scenarios: Iterable[str | Path] | None = None, year: int = 2030,
                       params: str | Path | None = None, progress: Callable[[int], None] | None = None):
    """Everything a comparison needs (scenarios, targets, central and ensemble runs, the
    scorecard), nothing written yet: ``.scorecard_frame(lang)`` is what ``compare`` returns."""
    from innovsd.scenarios import pipeline

    return pipeline.prepare(load_model(), [str(s) for s in scenarios or []],
                            Path(params) if params is not None else None, year, progress)


def compare(scenarios: Iterable[str | Path] | None = None, year: int = 2030, params: str | Path | None = None,
            lang: str = "en") -> "pd.DataFrame":
    """The scorecard: one row per target and scenario in ``year`` (value, met, difference to
    baseline, probability from the calibrated ensemble, first year met). None = all shipped."""
    return prepare_comparison(scenarios, year, params).scorecard_frame(lang)


def calibrate(data: str | Path | None = None, priors: str | Path | None = None, until: int | None = None, *,
              seed: int = 1, chains: int = 8, steps: int = 3000, ess: int = 1500, generations: int = 400,
              on_generation: Callable[[int, float], None] | None = None,
              on_step: Callable[[int], None] | None = None):
    """Fit the parameters marked ``calibrate = yes`` to the history (point fit), then sample their
    posterior by MCMC (``chains`` chains of at most ``steps`` steps, until every parameter's effective sample
    size reaches ``ess``; ``steps=0``: none): returns a CalibrationResult (``.parameter_set`` to save,
    with the posterior draws as its ensemble; fit rows, series statistics, identification)."""
    from innovsd.calibration.workflow import calibrate as workflow

    return workflow(load_model(), data=data, priors=priors, until=until, seed=seed, chains=chains, steps=steps,
                    ess=ess, generations=generations, on_generation=on_generation, on_step=on_step)


def fit(params: str | Path | None = None, data: str | Path | None = None):
    """How well a parameter set fits the history it was calibrated on (or ``data``): a FitReport
    with ``.table()`` (per observation) and ``.series`` (MAPE, Theil)."""
    from innovsd.calibration.workflow import fit as workflow

    return workflow(load_model(), params=params, data=data)


def sensitivity(scenario: str | None = None, method: str = "sobol", n: int = 1024, year: int = 2030,
                outputs: Iterable[str] = ("TFP contribution to GRDP growth",), params: str | Path | None = None,
                ranges: bool = False, seed: int = 0, progress: Callable[[int], None] | None = None):
    """Which parameters drive ``outputs`` in ``year``: a SensitivityStudy with ``.indices``
    (one DataFrame per output), the sample and the ensemble quantiles."""
    from innovsd.scenarios.analysis import sensitivity as workflow

    return workflow(load_model(), scenario=scenario, method=method, n=n, year=year, outputs=list(outputs),
                    params=params, ranges=ranges, seed=seed, progress=progress)


def seek(target: str, by: int | None = None, lever: str = "budget", scenario: str | None = None,
         probability: float | None = None, params: str | Path | None = None,
         progress: Callable[[int], None] | None = None):
    """The smallest level of ``lever`` that meets ``target`` (id or 'VARIABLE>=VALUE') by ``by``:
    a SeekStudy (``.result.reached``, ``.result.answer``, the runs with and without it)."""
    from innovsd.scenarios.analysis import seek as workflow

    return workflow(load_model(), target=target, by=by, lever=lever, scenario=scenario,
                    probability=probability, params=params, progress=progress)
