"""A numba kernel generated from the .mdl: compiled simulations of ensemble members.

pysd's Vensim parser turns the .mdl into an abstract model; ``translate`` turns that into a small
intermediate form (``ir``: one scalar node per value, subscripts flattened into elements),
``build`` writes Python source from it (no equation is restated here), and ``core`` compiles it
with numba and runs blocks of members on threads (the compiled code holds no lock on Python).
Within a block the members advance together, a step at a time, in loops over the block that LLVM
vectorises; exp, log and ^ are arithmetic (``runtime``: fdlibm's algorithms, within 1 ulp) so
that they vectorise too. The arithmetic otherwise follows pysd's own translation: the same
operator chains, the same SMOOTH/DELAY stage formulas (pysd.py_backend.statefuls), the same Euler
step (state + derivative * dt) and the same time grid, so results agree with pysd one-by-one runs to rounding.

The generated source is kept in the user cache folder (``cache``) with its sha256 beside it;
numba's ``cache=True`` keeps the machine code there too, so a new process does not compile again.
The same source with the plain runtime runs one member as ordinary Python: a single run needs no
JIT, and with the model's facts cached too (``model.json``), neither numba nor pysd is imported.
A model outside the supported subset raises ``Unsupported`` and the engine keeps its numpy path.
"""

from ..translation import version as _version
from .core import PARALLEL_MIN_MEMBERS, Kernel, element, load, numba_available
from .errors import Unsupported
from .runtime import LANES
from .translate import clean

__all__ = ["Kernel", "load", "Unsupported", "numba_available", "clean", "element", "LANES", "PARALLEL_MIN_MEMBERS",
           "_version"]
