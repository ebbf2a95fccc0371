"""Which assumptions drive the answer: sampling, batched runs and SALib analyses.

The analyses take a model *callable* (rows of parameter values -> outputs), so a test
function with known indices (Ishigami) goes through the same pipeline as the model.
"""

from __future__ import annotations

import warnings
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from innovsd.model.engine import Engine, LeverPath, Simulation
from innovsd.errors import InputError, Term
from innovsd.model.parameters import ParameterSet, ParameterTable

from innovsd.model import chunks

METHODS = ("sobol", "morris", "mc")
MORRIS_LEVELS = 4  # grid levels per factor (SALib's and Saltelli's usual choice)
CONFIDENCE = 0.95
RESAMPLES = 100  # bootstrap resamples for the confidence intervals


@dataclass(frozen=True)
class Factor:
    """One varied parameter: uniform over [low, high], or the calibrated posterior's draws."""

    name: str
    low: float
    high: float
    draws: np.ndarray | None = None

    @property
    def source(self) -> str:
        return "posterior" if self.draws is not None else "uniform range"

    def from_unit(self, u: np.ndarray) -> np.ndarray:
        """Map uniform [0, 1] numbers to this factor (inverse CDF)."""
        if self.draws is None:
            return self.low + (self.high - self.low) * u
        return np.quantile(self.draws, u)


def factors(
    table: ParameterTable,
    *,
    exclude: Sequence[str] = (),
    posterior: Mapping[str, np.ndarray] | None = None,
) -> list[Factor]:
    """The table's uncertain parameters, less those a scenario sets; posterior draws
    (a parameter set's ensemble) replace the uniform range where given."""
    skip = {table.canonical(name) for name in exclude}
    chosen = []
    for p in table.uncertain():
        if p.name in skip:
            continue
        draws = None if posterior is None else posterior.get(p.name)
        chosen.append(Factor(p.name, p.low, p.high, None if draws is None else np.asarray(draws, dtype=float)))
    if not chosen:
        raise InputError("no uncertain parameters")
    return chosen


def _problem(names: Sequence[str]) -> dict:
    # SALib works on the unit cube; each Factor maps it to its own distribution.
    return {"num_vars": len(names), "names": list(names), "bounds": [[0.0, 1.0]] * len(names)}


def sample(factor_list: Sequence[Factor], method: str, n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The design on the unit cube and the parameter values (both rows x factors).

    sobol: Saltelli/Sobol' design, n * (k + 2) rows; morris: n trajectories, n * (k + 1)
    rows; mc: n independent draws, posterior factors drawn jointly (one ensemble member
    per row) so their correlations survive. Sobol and Morris treat factors as independent,
    using each posterior factor's marginal distribution.
    """
    if method not in METHODS:
        raise InputError("unknown method", method=method, known=", ".join(METHODS), field="method")
    if n < 1:
        raise InputError("not a positive sample size", n=n, field="n")
    names = [f.name for f in factor_list]
    if method == "sobol":
        base = sobol_base(len(names), n, seed)
        # Each row of the design repeats values of the base points: map the base's 2n values per
        # factor, not the design's n(k + 2) (the mapping is elementwise: the same numbers).
        mapped = np.column_stack([f.from_unit(base[:, j]) for j, f in enumerate(list(factor_list) * 2)])
        return saltelli_rows(base), saltelli_rows(mapped)
    if method == "morris":
        from SALib.sample import morris

        unit = morris.sample(_problem(names), n, num_levels=MORRIS_LEVELS, seed=seed)
    else:
        rng = np.random.default_rng(seed)
        unit = rng.random((n, len(names)))
        joint = [j for j, f in enumerate(factor_list) if f.draws is not None]
        if joint:
            rows = rng.integers(0, len(factor_list[joint[0]].draws), size=n)
            X = np.column_stack([f.from_unit(unit[:, j]) for j, f in enumerate(factor_list)])
            for j in joint:
                X[:, j] = factor_list[j].draws[rows]
            return unit, X
    return unit, np.column_stack([f.from_unit(unit[:, j]) for j, f in enumerate(factor_list)])


def sobol_base(k: int, n: int, seed: int) -> np.ndarray:
    """SALib's base points for a design over ``k`` factors: n scrambled Sobol' points in 2k
    dimensions, A in the first k columns and B in the last k."""
    from scipy.stats import qmc

    return qmc.Sobol(d=2 * k, scramble=True, seed=seed).random(n)


def saltelli_rows(base: np.ndarray) -> np.ndarray:
    """SALib's design for first-order and total indices (``SALib.sample.sobol.sample`` with
    ``calc_second_order=False``: per base point the row A, one row per factor with that factor taken
    from B, then B), built by array operations instead of SALib's loop over every element, which took
    seconds at N = 1024; the same rows. SALib then scales the unit cube to each factor's bounds,
    here [0, 1]: the identity."""
    n, k = base.shape[0], base.shape[1] // 2
    rows = np.repeat(base[:, None, :k], k + 2, axis=1)
    factor = np.arange(k)
    rows[:, 1 + factor, factor] = base[:, k + factor]
    rows[:, k + 1, :] = base[:, k:]
    return rows.reshape(n * (k + 2), k)


def analyse(factor_list: Sequence[Factor], method: str, unit: np.ndarray, X: np.ndarray, Y: np.ndarray,
            seed: int) -> pd.DataFrame:
    """Indices per factor: sobol S1, ST (+ confidence half-widths); morris mu*, sigma;
    mc Spearman rank correlation of each factor with the output."""
    names = [f.name for f in factor_list]
    Y = np.asarray(Y, dtype=float)
    bad = ~np.isfinite(Y)
    if bad.all():
        raise InputError("no finite output")
    if bad.any() and method != "mc":
        # Sobol and Morris need every run of the design; a few runs in extreme corners of
        # the ranges can fail (callers report non_finite). The median is the neutral filler.
        Y = np.where(bad, np.median(Y[~bad]), Y)
    if method == "sobol":
        from SALib.analyze import sobol

        # SALib bootstraps from numpy's global RandomState when its seed is falsy (it tests `if seed:`):
        # seed that state for the call, so seed 0 gives reproducible intervals too.
        state = np.random.get_state()
        np.random.seed(seed)
        try:
            r = sobol.analyze(_problem(names), Y, calc_second_order=False, num_resamples=RESAMPLES,
                              conf_level=CONFIDENCE, seed=seed)
        finally:
            np.random.set_state(state)
        frame = pd.DataFrame({"S1": r["S1"], "S1_conf": r["S1_conf"], "ST": r["ST"], "ST_conf": r["ST_conf"]}, index=names)
        key = "ST"
    elif method == "morris":
        from SALib.analyze import morris

        # Elementary effects per unit of each factor's own range (the unit cube), so they compare.
        r = morris.analyze(_problem(names), unit, Y, num_resamples=RESAMPLES, conf_level=CONFIDENCE,
                           num_levels=MORRIS_LEVELS, seed=seed)
        frame = pd.DataFrame({"mu_star": r["mu_star"], "mu_star_conf": r["mu_star_conf"], "sigma": r["sigma"], "mu": r["mu"]},
                             index=names)
        key = "mu_star"
    else:
        from scipy.stats import spearmanr

        ok = np.isfinite(Y)
        rho = [spearmanr(X[ok, j], Y[ok]).statistic if np.ptp(X[ok, j]) > 0 else 0.0 for j in range(len(names))]
        frame = pd.DataFrame({"rank_corr": rho}, index=names)
        frame["abs_rank_corr"] = frame["rank_corr"].abs()
        key = "abs_rank_corr"
    frame.index.name = "parameter"
    return frame.sort_values(key, ascending=False)


@dataclass
class SensitivityResult:
    method: str
    factors: list[Factor]
    X: np.ndarray
    Y: np.ndarray  # (rows, outputs)
    output_names: list[str]
    seed: int = 0
    unit: np.ndarray | None = None  # the design on the unit cube, kept where the analysis reads it (morris)
    _indices: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)

    @property
    def indices(self) -> dict[str, pd.DataFrame]:
        """Indices per output, analysed on first use: what needs only the runs (their files, the fan
        chart) can be under way meanwhile."""
        if len(self._indices) < len(self.output_names):
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                for j, name in enumerate(self.output_names):
                    if name not in self._indices:
                        self._indices[name] = analyse(self.factors, self.method, self.unit, self.X, self.Y[:, j],
                                                      self.seed)
        return self._indices

    def non_finite(self) -> dict[str, int]:
        """Runs per output whose value was not finite (replaced by the median for sobol/morris)."""
        return {name: int(np.count_nonzero(~np.isfinite(self.Y[:, j]))) for j, name in enumerate(self.output_names)}


def run_analysis(
    factor_list: Sequence[Factor],
    model: Callable[[np.ndarray], np.ndarray],
    method: str,
    n: int,
    seed: int = 0,
    output_names: Sequence[str] = ("Y",),
) -> SensitivityResult:
    """Sample, evaluate ``model`` on all rows at once; each output column is analysed when its
    indices are first read."""
    unit, X = sample(factor_list, method, n, seed)
    Y = np.asarray(model(X), dtype=float)
    Y = Y.reshape(len(X), -1)
    if Y.shape[1] != len(output_names):
        raise ValueError(f"model returned {Y.shape[1]} outputs for {len(output_names)} names")
    if not np.isfinite(Y).any(axis=0).all():
        raise InputError("no finite output")
    return SensitivityResult(method, list(factor_list), X, Y, list(output_names), seed,
                             unit if method == "morris" else None)


class EnsembleModel:
    """The model as a callable for ``run_analysis``: rows of factor values -> outputs in ``year``.

    Runs through ``Engine.run_ensemble`` in chunks (``chunks.chunk_size`` unless given: whole
    kernel blocks on an executor's workers), each run stopped at ``year`` (nothing later is read);
    keeps the time series of the outputs up to ``year`` in ``self.simulation`` for fan charts.
    """

    def __init__(
        self,
        engine: Engine,
        names: Sequence[str],
        outputs: Sequence[str],
        year: float,
        *,
        fixed: Mapping[str, float] | None = None,
        paths: Mapping[str, LeverPath] | None = None,
        chunk_size: int | None = None,
        executor: Executor | None = None,
        progress: Callable[[int], None] | None = None,
        keep_series: bool = True,
    ):
        self.engine, self.names, self.outputs, self.year = engine, list(names), list(outputs), year
        self.fixed, self.paths = dict(fixed or {}), dict(paths or {})
        self.chunk_size, self.executor, self.progress, self.keep_series = chunk_size, executor, progress, keep_series
        self.simulation: Simulation | None = None

    def __call__(self, X: np.ndarray) -> np.ndarray:
        samples = {name: X[:, j] for j, name in enumerate(self.names)}
        sim = self.engine.run_ensemble(
            samples, paths=self.paths, outputs=self.outputs, fixed=self.fixed,
            save_years=None if self.keep_series else [self.year],
            chunk_size=self.chunk_size or chunks.chunk_size(len(X), self.executor), executor=self.executor,
            progress=self.progress, final_time=float(self.year),
        )
        self.simulation = sim
        return np.column_stack([sim.at(o, self.year) for o in self.outputs])


DIFFERENCE = "Δ "  # an output's policy difference (scenario minus baseline) is named "Δ <output>"


def difference_name(output: str) -> str:
    return DIFFERENCE + output


def differenced(name: str) -> str | None:
    """The output whose policy difference ``name`` is, or None."""
    return name[len(DIFFERENCE):] if name.startswith(DIFFERENCE) else None


class PolicyDifference:
    """The scenario's outputs and, for each, the scenario minus the baseline run with the same factor
    values: its Sobol indices say what drives the policy's effect, not only the level."""

    def __init__(self, policy: EnsembleModel, baseline: EnsembleModel):
        self.policy, self.baseline = policy, baseline
        self.outputs = policy.outputs + [difference_name(o) for o in policy.outputs]
        self.simulation: Simulation | None = None

    def __call__(self, X: np.ndarray) -> np.ndarray:
        levels = self.policy(X)
        effect = levels - self.baseline(X)
        sim, base = self.policy.simulation, self.baseline.simulation
        values = dict(sim.values)
        values.update({difference_name(o): sim.values[o] - base.values[o] for o in self.policy.outputs})
        self.simulation = Simulation(sim.times, values, sim.time_step, dict(sim.meta))
        return np.column_stack([levels, effect])


def sample_size(method: str, n: int, k: int) -> int:
    """Model runs a design needs: for progress bars and for warning about big jobs."""
    return {"sobol": n * (k + 2), "morris": n * (k + 1), "mc": n}[method]


def posterior(pset: ParameterSet) -> dict[str, np.ndarray] | None:
    """The parameter set's ensemble draws, or None when it has none."""
    return pset.ensemble_arrays() or None


def posterior_members(pset: ParameterSet, n: int | None = None, seed: int = 0) -> dict[str, np.ndarray]:
    """Joint posterior draws (whole rows of the ensemble), resampled to ``n`` when given."""
    draws = pset.ensemble_arrays()
    if not draws:
        where = str(pset.path) if pset.path else Term("the calibrated parameter set")
        raise InputError("no ensemble, calibrate first", source=where, field="ensemble")
    size = pset.ensemble_size
    if n is None:
        return draws
    rows = np.random.default_rng(seed).integers(0, size, size=n)
    return {k: v[rows] for k, v in draws.items()}
