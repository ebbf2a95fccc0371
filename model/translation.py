"""pysd's translation of a .mdl, cached once per content: the model, the data files it reads
(GET XLS, GET DIRECT: found relative to the .mdl, copied beside the cached translation, and part
of its key) and pysd's version."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import warnings
from pathlib import Path

from innovsd.errors import InputError, MissingFile
from innovsd.cache import cache_root, read_sealed, seal, sealed, write_sealed

FILES_FORMAT = 1


def version(distribution: str) -> str:
    """An installed distribution's version, without importing it (pysd and numba cost a second)."""
    from importlib import metadata

    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "none"


def _check(mdl_path: Path) -> Path:
    mdl_path = Path(mdl_path)
    if not mdl_path.is_file():
        raise MissingFile("model file not found", source=str(mdl_path))
    return mdl_path


def _named_files(mdl_path: Path) -> list[str]:
    """Files the .mdl names (GET XLS/DIRECT arguments, subscript ranges read from files), as written."""
    from pysd.translators.vensim.vensim_file import VensimFile

    names: set[str] = set()

    def visit(node):
        if type(node).__name__.startswith("Get") and isinstance(getattr(node, "file", None), str):
            names.add(node.file)
        if hasattr(node, "__dataclass_fields__"):
            for field in node.__dataclass_fields__:
                visit(getattr(node, field))
        elif isinstance(node, (tuple, list)):
            for item in node:
                visit(item)

    try:
        vensim = VensimFile(str(mdl_path))
        vensim.parse()
        model = vensim.get_abstract_model()
    except Exception:  # noqa: BLE001 (a model pysd cannot parse fails later, with pysd's reason)
        return []
    for section in model.sections:
        for subscript in section.subscripts:
            if isinstance(subscript.subscripts, dict) and isinstance(subscript.subscripts.get("file"), str):
                names.add(subscript.subscripts["file"])
        for element in section.elements:
            for component in element.components:
                visit(component.ast)
    return sorted(name for name in names if not name.startswith("?"))


def data_files(mdl_path: Path) -> list[str]:
    """The data files the .mdl reads, as it names them; listed once per .mdl content (a parse)."""
    mdl_path = _check(mdl_path)
    digest = hashlib.sha256(mdl_path.read_bytes() + f"{version('pysd')} {FILES_FORMAT}".encode()).hexdigest()[:16]
    cached = cache_root() / f"{mdl_path.stem}-{digest}.files.json"
    text = read_sealed(cached)
    if text is not None:
        try:
            return [str(name) for name in json.loads(text)]
        except (ValueError, TypeError):
            pass
    # Only GET XLS/GET DIRECT... (or GET_XLS...) name files: a model without them has none (no parse).
    text = mdl_path.read_bytes().lower()
    names = _named_files(mdl_path) if b"get " in text or b"get_" in text else []
    write_sealed(cached, json.dumps(names))
    return names


def model_digest(mdl_path: Path, *extra: str) -> str:
    """A key for everything derived from the model: the .mdl, its data files' contents and ``extra``."""
    mdl_path = _check(mdl_path)
    digest = hashlib.sha256(mdl_path.read_bytes())
    for name in data_files(mdl_path):
        digest.update(name.encode())
        path = mdl_path.parent / name
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"missing")
    for text in extra:
        digest.update(text.encode())
    return digest.hexdigest()[:16]


_parses: dict[str, object] = {}  # sha256 of a .mdl -> pysd's parse of it, for the kernel in this process


def _build(mdl_path: Path, content: bytes) -> None:
    """pysd.read_vensim's translation (parse, abstract model, Python module), keeping the parse."""
    from pysd.builders.python.python_model_builder import ModelBuilder
    from pysd.translators.vensim.vensim_file import VensimFile

    vensim = VensimFile(str(mdl_path))
    vensim.parse()
    ModelBuilder(vensim.get_abstract_model()).build_model()
    _parses.clear()  # one model's parse at a time: parses are large
    _parses[hashlib.sha256(content).hexdigest()] = vensim


def take_parse(mdl_path: Path):
    """pysd's parse of the .mdl if this process translated it just now (the kernel reads it instead
    of parsing again), else None; given once."""
    return _parses.pop(hashlib.sha256(Path(mdl_path).read_bytes()).hexdigest(), None)


def translate(mdl_path: Path, *, rebuild: bool = False) -> Path:
    """Translate the .mdl with pysd once per content and pysd version; return the .py file.

    The cached translation is imported, so it is used only when every file still has the hash
    recorded when it was written (``innovsd.cache.sealed``); otherwise (truncated, planted, changed,
    or ``rebuild``) it is translated again: a broken cache never needs a manual delete."""
    import pysd

    mdl_path = _check(mdl_path)
    names = data_files(mdl_path)
    target = cache_root() / f"{mdl_path.stem}-{model_digest(mdl_path, pysd.__version__)}"
    # A data file named ../x sits above the model: nest the model as deep as the files climb.
    depth = max([Path(os.path.normpath(n)).parts.count("..") for n in names if not Path(n).is_absolute()] + [0])
    inner = Path(*(["model"] * depth)) if depth else Path()
    py_file = target / inner / f"{mdl_path.stem}.py"
    if not rebuild and sealed(target) and py_file.is_file():
        return py_file
    # Translate in a private folder, seal it and rename it into place, so concurrent runs
    # never see a half-written file.
    scratch = Path(tempfile.mkdtemp(dir=target.parent))
    try:
        (scratch / inner).mkdir(parents=True, exist_ok=True)
        shutil.copy(mdl_path, scratch / inner / mdl_path.name)
        for name in names:
            source = mdl_path.parent / name
            if Path(name).is_absolute() or not source.is_file():
                continue  # pysd reads an absolute path itself, and names a missing file
            copy = Path(os.path.normpath(scratch / inner / name))
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, copy)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            _build(scratch / inner / mdl_path.name, mdl_path.read_bytes())
        seal(scratch)
        if not rebuild and sealed(target) and py_file.is_file():
            return py_file  # another process finished the same translation meanwhile
        if target.exists():
            stale = Path(tempfile.mkdtemp(dir=target.parent))
            try:
                target.rename(stale / "old")
            except OSError:
                pass
            shutil.rmtree(stale, ignore_errors=True)
        try:
            scratch.rename(target)
        except OSError:
            if not sealed(target):
                raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return py_file


def load_translation(mdl_path: Path):
    """pysd's model from the verified cache; a translation that does not import is rebuilt once."""
    import pysd

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return pysd.load(str(translate(mdl_path)))
        except InputError:
            raise
        except Exception:
            return pysd.load(str(translate(mdl_path, rebuild=True)))
