"""Run the Vensim model, one parameter set or thousands at once.

The equations live only in the .mdl file. When the model is inside the kernel's subset
(model/kernel), runs go through the kernel generated from pysd's parse: compiled for batches, as
plain Python for one member. Otherwise they take the numpy path (model/numpy_path.py): pysd's own
translation (model/translation.py) driven batched. A model neither runs as Vensim does raises
``Unsupported``, naming the construct: never a wrong number. What a run needs to know of the
model is cached (model/facts.py), so pysd is loaded only when the numpy path or a new
translation needs it.

Parameters (``params``) are set by name, on top of the model's defaults, for one run:

- a constant: ``{"imitation rate": 0.35}``, or one value per member, ``np.array([0.3, 0.35])``;
- one element of a subscripted constant: ``{"capital elasticity[Hai Duong]": 0.3}`` (one value
  or one per member);
- a whole subscripted constant: its values in the order of its ranges' elements
  (``engine.dims``, ``engine.subscripts``), shaped like ``engine.constants[name]``, or with a
  leading member axis; an xarray DataArray over its ranges is accepted too.

Subscripted results come out shaped (members, times, *subscripts) (``Simulation.subscripts`` names
the axes; ``results.to_dataset`` makes them labelled arrays).
"""

from __future__ import annotations

from concurrent.futures import Executor
from contextlib import contextmanager
from functools import cached_property, partial
from pathlib import Path
from typing import Callable, Iterable, Mapping, Sequence

import numpy as np

from innovsd.errors import InputError, MissingFile
from innovsd.resources import data_file

from . import facts as model_facts
from . import numpy_path
from .ensemble import run_ensemble, shared_engine
from .facts import CONTROL_NAMES, Variable
from .kernel.errors import Unsupported
from .simulation import Simulation
from .translation import load_translation, translate

MODEL_FILE = data_file("innovsd.model", "haiphong_innovation.mdl")
ParamValue = float | np.ndarray
# A lever path: (years, values); values shaped (years,) or (members, years).
LeverPath = tuple[Sequence[float], np.ndarray]

__all__ = ["Engine", "Simulation", "Variable", "MODEL_FILE", "CONTROL_NAMES", "LeverPath", "ParamValue", "translate",
           "shared_engine", "Unsupported"]


def _element_of(function: Callable, coords: dict) -> float:
    return function().loc[coords]


def _key(name: str) -> str:
    return " ".join(str(name).split()).lower()


class Engine:
    """One translated model. Not thread-safe: use one Engine per thread or process."""

    def __init__(self, mdl_path: Path | str = MODEL_FILE, *, use_kernel: bool | None = None):
        """``use_kernel``: None picks the compiled kernel for batches and its plain-Python form
        for one member (no JIT, no pysd); True the compiled kernel at every size; False pysd's
        own code driven batched (the reference the kernel is tested against)."""
        self.mdl_path = Path(mdl_path)
        if not self.mdl_path.is_file():
            raise MissingFile("model file not found", source=str(self.mdl_path))
        self.use_kernel = use_kernel
        try:
            facts = model_facts.read(self.mdl_path)
        except InputError:
            raise
        except Exception as error:  # noqa: BLE001 (pysd fails in many ways on what it cannot translate)
            raise Unsupported(f"a model pysd cannot translate ({type(error).__name__}: {str(error)[:160]})",
                              source=str(self.mdl_path)) from None
        self.variables: dict[str, Variable] = {v[0]: Variable(*v[:5], tuple(v[5])) for v in facts["variables"]}
        self.subscripts: dict[str, list[str]] = facts["subscripts"]
        self.dims: dict[str, tuple] = {name: v.dims for name, v in self.variables.items() if v.dims}
        self._lookup = {_key(name): name for name in self.variables}
        self._elements = {_key(e): e for elements in self.subscripts.values() for e in elements}
        self.constants: dict[str, float | np.ndarray] = {
            k: np.asarray(v, dtype=float) if self.variables[k].dims else float(v)
            for k, v in facts["constants"].items()}
        # A lever is a time lookup whose documentation says so; other time lookups are data.
        self.levers = [v.name for v in self.variables.values() if v.kind == "lever" and v.doc.startswith("Lever:")]
        self.stocks = [v.name for v in self.variables.values() if v.kind == "stock"]
        self.initial_time, self.final_time, self.time_step, self.saveper = map(float, facts["times"])
        self.dynamic = list(facts["dynamic"])  # control values that change during a run

    # -- names -------------------------------------------------------------------------
    def canonical(self, name: str, *, source: str | None = None) -> str:
        """The model's spelling of a variable name (case-insensitive), or of one of its
        elements: ``name[element,...]``."""
        base, mark, rest = str(name).partition("[")
        found = self._lookup.get(_key(base))
        if found is None:
            raise InputError("not a variable", name=name, source=source)
        if not mark:
            return found
        elements = [self._elements.get(_key(e)) for e in rest.rstrip().rstrip("]").split(",")]
        dims = self.variables[found].dims
        if len(elements) != len(dims) or any(e not in self.subscripts[d] for e, d in zip(elements, dims)):
            raise InputError("not a variable", name=name, source=source)
        return f"{found}[{','.join(elements)}]"

    def output_names(self) -> list[str]:
        return [v.name for v in self.variables.values() if v.kind in ("stock", "auxiliary", "lever", "data")]

    @cached_property
    def _kernel_facts(self) -> dict:
        from .kernel.core import read_facts

        return read_facts(self.mdl_path)

    @cached_property
    def kernel(self):
        """The kernel generated from the model (model/kernel), or None: model outside its
        subset, or switched off; runs then take the numpy path."""
        if self.use_kernel is False or self._kernel_facts["unsupported"]:
            return None
        from .kernel import Kernel

        return Kernel(self.mdl_path)

    @cached_property
    def _pysd(self):
        """pysd's translated model with array-aware helpers, loaded on first use of the numpy path."""
        model = load_translation(self.mdl_path)
        numpy_path.make_array_aware(model)
        return model

    @cached_property
    def _originals(self) -> dict[str, Callable]:
        return {name: getattr(self._pysd.components, self.variables[name].py_name) for name in self.levers}

    # -- running -----------------------------------------------------------------------
    def _constant_value(self, name: str, value) -> tuple[str, np.ndarray | float]:
        """A parameter in the kernel's terms: one element (a number or one per member), or a whole
        subscripted constant as (..., *shape of its elements)."""
        dims = self.variables[name.split("[")[0]].dims if "[" not in name else ()
        if hasattr(value, "dims") and dims:  # an xarray DataArray: by its labels, in the model's order
            try:
                value = value.sel({d: self.subscripts[d] for d in dims})
            except (KeyError, ValueError):
                raise InputError("not a constant", name=f"{name}{list(value.dims)}") from None
            value = value.transpose(*[d for d in value.dims if d not in dims], *dims).values
        value = np.asarray(value, dtype=float)
        if dims:
            shape = tuple(len(self.subscripts[d]) for d in dims)
            if value.shape[-len(shape):] != shape or value.ndim > len(shape) + 1:
                raise InputError("ensemble arrays differ", sizes=[list(value.shape), list(shape)])
        return name, (float(value) if value.ndim == 0 else value)

    def _parameters(self, params) -> dict:
        given = {}
        for raw, value in (params or {}).items():
            name = self.canonical(raw)
            if name.split("[")[0] not in self.constants:
                raise InputError("not a constant", name=raw)
            given.update([self._constant_value(name, value)])
        return given

    def _per_member(self, name: str, value) -> bool:
        """Whether a parameter holds one value per member (a leading axis)."""
        whole = "[" not in name and self.variables[name].dims
        return np.ndim(value) > (len(self.variables[name].dims) if whole else 0)

    def _members(self, params: Mapping[str, ParamValue], paths: Mapping[str, LeverPath]) -> int:
        sizes = {np.shape(value)[0] for name, value in params.items() if self._per_member(name, value)}
        sizes |= {np.shape(v[1])[0] for v in paths.values() if np.ndim(v[1]) == 2}
        if len(sizes) > 1:
            raise InputError("ensemble arrays differ", sizes=sorted(sizes))
        return sizes.pop() if sizes else 1

    def _by_element(self, params: Mapping, members: int) -> dict:
        """Whole subscripted constants split into their elements, for the kernel."""
        flat = {}
        for name, value in params.items():
            dims = () if "[" in name else self.variables[name].dims
            if not dims:
                flat[name] = value
                continue
            labels = [self.subscripts[d] for d in dims]
            for index in np.ndindex(*[len(x) for x in labels]):
                element = ",".join(labels[axis][i] for axis, i in enumerate(index))
                flat[f"{name}[{element}]"] = value[(..., *index)]
        return flat

    def run(
        self,
        params: Mapping[str, ParamValue] | None = None,
        paths: Mapping[str, LeverPath] | None = None,
        outputs: Iterable[str] | None = None,
        *,
        time_step: float | None = None,
        final_time: float | None = None,
        save_years: Sequence[float] | None = None,
    ) -> Simulation:
        """Simulate once; arrays in ``params`` (or 2-D lever paths) make it an ensemble run.

        ``params`` sets constants by name: ``{"savings rate": 0.2}``; one element of a subscripted
        constant, ``{"capital elasticity[Hai Duong]": 0.3}``; or a whole one, in the order of its
        ranges' elements (``engine.dims[name]``, ``engine.subscripts[range]``) or as an xarray
        DataArray over its ranges. A leading axis gives one value per member:
        ``{"capital elasticity[Hai Duong]": np.array([0.25, 0.3, 0.35])}`` or an array shaped
        (members, *subscripts). Outputs of subscripted variables are shaped (members, times,
        *subscripts), their axes named in ``Simulation.subscripts``. Every constant and lever is set
        on every call, so nothing sticks between runs.
        """
        params = self._parameters(params)
        paths = {self.canonical(k): v for k, v in (paths or {}).items()}
        for name in paths:
            base = name.split("[")[0]
            if base not in self.levers and base not in self.constants:
                raise InputError("not a lever", name=name)
        n = self._members(params, paths)
        outputs = [self.canonical(o) for o in (outputs or self.output_names())]
        times = dict(initial_time=self.initial_time, final_time=final_time or self.final_time,
                     time_step=time_step or self.time_step, saveper=self.saveper, save_years=save_years)
        kernel = self.kernel
        if kernel is not None:
            from .kernel import numba_available

            # One member runs as plain Python (no JIT to wait for) unless this process has
            # compiled the variant already; numba missing: batches take the numpy path.
            compiled = numba_available() and (self.use_kernel is True or n > 1 or kernel.compiled(paths))
            if compiled or n == 1:
                try:
                    saved, values = kernel.run(self._by_element(params, n), paths, outputs, n, compiled=compiled,
                                               **times)
                    return self._simulation(saved, values, times["time_step"])
                except Unsupported:
                    pass  # these values change the kernel's structure: the numpy path runs them
        return self._numpy_run(params, paths, outputs, n, times)

    def _simulation(self, saved, values, time_step) -> Simulation:
        subscripts = {name: tuple((d, tuple(self.subscripts[d])) for d in self.variables[name].dims)
                      for name in values if "[" not in name and self.variables[name].dims}
        return Simulation(saved, values, time_step, subscripts=subscripts)

    def _numpy_run(self, params, paths, outputs, n, times) -> Simulation:
        refused = self._kernel_facts.get("pysd_differs") or []
        if refused:
            raise Unsupported(refused[0], source=str(self.mdl_path))
        batched = (any(self._per_member(k, v) for k, v in params.items())
                   or any(np.ndim(v[1]) == 2 for v in paths.values()))
        if self.dynamic:
            if batched:
                control = self.dynamic[0].upper().replace("_", " ")
                raise Unsupported(f"an ensemble with {control} changing during the run")
            given = {k: times[k] for k in ("final_time", "time_step") if times[k] != getattr(self, k)}
            return self._pysd_run(params, paths, outputs, times, given)
        if self.dims and batched:
            raise Unsupported("an ensemble of a subscripted model outside the kernel's subset",
                              source=str(self.mdl_path))
        model = self._pysd
        setters: dict[str, Callable] = {}
        for name, default in self.constants.items():
            value = self._numpy_value(name, default, params)
            setters[self.variables[name].py_name] = (lambda v=value: v)
        for name in self.levers:
            setters[self.variables[name].py_name] = self._originals[name]
        for name, (years, values) in paths.items():
            setters[self.variables[name].py_name] = numpy_path.path_function(model.time, years, values)
        shapes = [tuple(len(self.subscripts[d]) for d in (() if "[" in o else self.variables[o].dims)) for o in outputs]

        def functions():
            found = []
            for name in outputs:
                base, _, element = name.partition("[")
                function = getattr(model.components, self.variables[base].py_name)
                if element:
                    coords = dict(zip(self.variables[base].dims, element.rstrip("]").split(",")))
                    found.append(partial(_element_of, function, coords))
                else:
                    found.append(function)
            return found

        try:
            saved, stores = numpy_path.run(model, setters, functions, n, batched, shapes=shapes, **times)
        except NotImplementedError as error:  # pysd names what it lacks
            raise Unsupported(str(error).strip().splitlines()[0], source=str(self.mdl_path)) from None
        return self._simulation(saved, dict(zip(outputs, stores)), float(model.time.time_step()))

    def _numpy_value(self, name: str, default, params: Mapping):
        """A constant's value for pysd's code: a number, one per member, or an xarray over its ranges."""
        dims = self.variables[name].dims
        if not dims:
            value = params.get(name, default)
            return np.asarray(value, dtype=float) if np.ndim(value) else float(value)
        import xarray as xr

        value = np.array(params.get(name, default), dtype=float)
        for key, element_value in params.items():
            if key.startswith(name + "["):
                labels = key[len(name) + 1:-1].split(",")
                value[tuple(self.subscripts[d].index(e) for d, e in zip(dims, labels))] = element_value
        return xr.DataArray(value, {d: self.subscripts[d] for d in dims}, list(dims))

    def _pysd_run(self, params, paths, outputs, times, given) -> Simulation:
        """pysd's own run loop, for a model whose control values change while it runs."""
        if paths or times["save_years"] is not None or any("[" in o or self.variables[o].dims for o in outputs):
            raise Unsupported("a control value changing during the run, with lever paths, chosen years or "
                              "subscripted outputs")
        values = {self.variables[k].py_name: v for k, v in params.items()}
        columns = [o for o in outputs if o != "Time"]
        frame = self._pysd.run(params=values, return_columns=columns, progress=False, **given)
        saved = frame.index.to_numpy(float)
        found = {o: (saved if o == "Time" else frame[o].to_numpy(float))[None, :] for o in outputs}
        return Simulation(saved, found, times["time_step"])

    @contextmanager
    def compiled_single_runs(self):
        """Single runs inside take the compiled kernel, as batches do: for a caller that loads it in
        any case (by default a single run stays plain Python, sparing it numba's start). Same numbers."""
        held = self.use_kernel
        if held is None:
            self.use_kernel = True
        try:
            yield self
        finally:
            self.use_kernel = held

    def run_ensemble(
        self,
        samples: Mapping[str, np.ndarray],
        *,
        paths: Mapping[str, LeverPath] | None = None,
        outputs: Iterable[str] | None = None,
        save_years: Sequence[float] | None = None,
        chunk_size: int = 10_000,
        executor: Executor | None = None,
        progress: Callable[[int], None] | None = None,
        fixed: Mapping[str, float] | None = None,
        final_time: float | None = None,
    ) -> Simulation:
        """Run a large sample in chunks, so memory stays bounded whatever its size (see
        model/ensemble.py): ``samples`` holds one array per varied constant or element, ``fixed``
        the values shared by every member; with an ``executor`` the chunks run there;
        ``final_time`` stops the runs early (the years up to it are the full run's, bit for bit)."""
        return run_ensemble(self, samples, paths=paths, outputs=outputs, save_years=save_years,
                            chunk_size=chunk_size, executor=executor, progress=progress, fixed=fixed,
                            final_time=final_time)
