"""Where a model's kernels are kept: generated sources and their facts, sealed (``tables``).

The folder's key covers the .mdl and its data files, this package's source, and the versions of
pysd, numba, numpy and Python; numba's ``cache=True`` keeps the machine code beside the sources,
so a new process does not compile again."""

from __future__ import annotations

import hashlib
import importlib.util
import sys
from functools import lru_cache
from pathlib import Path

from innovsd.cache import cache_root, read_sealed, write_sealed

from ..translation import model_digest, version

PACKAGE = Path(__file__).resolve().parent


@lru_cache(maxsize=1)
def _package_digest() -> str:
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


def folder(mdl_path: Path) -> Path:
    stamp = " ".join([_package_digest(), version("pysd"), version("numba"), version("numpy"), sys.version])
    return cache_root() / "kernels" / f"{Path(mdl_path).stem}-{model_digest(mdl_path, stamp)}"


def load_module(place: Path, variant: str, text: str | None = None):
    """Import the kernel module ``variant`` from ``place``. With ``text``, the file is (re)written
    when it differs (rewriting also makes numba recompile: its cache is keyed on the file's time
    stamp); without, the file is used only when it still has the hash recorded when it was
    written, else None (the caller generates it)."""
    path = place / f"kernel_{variant}.py"
    if text is not None:
        if read_sealed(path) != text:
            place.mkdir(parents=True, exist_ok=True)
            write_sealed(path, text)
    elif read_sealed(path) is None:
        return None
    name = f"innovsd_kernel_{place.name.replace('-', '_')}_{variant}"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # numba's cache locates functions through their module
    spec.loader.exec_module(module)
    return module


def read_facts(place: Path) -> str | None:
    return read_sealed(place / "model.json")


def write_facts(place: Path, text: str) -> None:
    place.mkdir(parents=True, exist_ok=True)
    write_sealed(place / "model.json", text)
