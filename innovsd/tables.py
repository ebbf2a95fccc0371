"""Where the shipped data files are, and where a run's files go.

Data files are package data read through importlib.resources, so a plain `pip install`
carries them; outputs go to the working folder, never into the installed package.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import json
import math
import os
import stat
import tempfile
import unicodedata
from importlib.resources import files
from pathlib import Path
from typing import Iterator

from innovsd.errors import InputError, Term


def data_file(package: str, name: str) -> Path:
    """A file shipped inside ``package`` (e.g. ``innovsd.model``) as a real path.

    pysd and the CSV reader need a file on disk; setuptools installs packages unzipped.
    """
    return Path(str(files(package).joinpath(name)))


def outputs_root() -> Path:
    """``$INNOVSD_OUTPUTS``, else ``outputs/`` in the working folder."""
    return Path(os.environ.get("INNOVSD_OUTPUTS") or Path.cwd() / "outputs")


class UnsafeCache(InputError):
    """The cache folder could be written by someone else: its code must never be imported."""


def _private_folder(folder: Path) -> Path:
    """``folder`` created owner-only (0700); refused when another user owns it or when
    group or others may write to it, since code read from it is imported."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.stat()
    except OSError as error:
        raise InputError("cannot use cache", reason=error.strerror or error, source=str(folder)) from None
    if not stat.S_ISDIR(info.st_mode):
        raise UnsafeCache("cache not a folder", source=str(folder))
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        raise UnsafeCache("cache of another user", source=str(folder))
    if info.st_mode & 0o022:
        raise UnsafeCache("cache writable by others", source=str(folder))
    return folder


def cache_root() -> Path:
    """The one cache folder (pysd's translation, the parsed .mdl, compiled kernels): checked by
    ``_private_folder``. ``$INNOVSD_CACHE``, else the user cache folder (platformdirs), else a
    per-user folder in the temp directory (a read-only or missing home must not stop a run)."""
    if os.environ.get("INNOVSD_CACHE"):
        return _private_folder(Path(os.environ["INNOVSD_CACHE"]))
    from platformdirs import user_cache_dir

    try:
        root = Path(user_cache_dir("innovsd", appauthor=False))
        root.mkdir(mode=0o700, parents=True, exist_ok=True)
    except (OSError, RuntimeError):
        user = os.getuid() if hasattr(os, "getuid") else os.environ.get("USERNAME", "user")
        root = Path(tempfile.gettempdir()) / f"innovsd-cache-{user}"
    return _private_folder(root)


SEAL = "SHA256SUMS"  # written last into a cached folder: every file's hash, checked before use


def seal(folder: Path) -> None:
    """Record the sha256 of every file in a freshly written cache folder."""
    folder = Path(folder)
    sums = [f"{file_sha256(p)}  {p.relative_to(folder).as_posix()}"
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != SEAL and "__pycache__" not in p.parts]
    write_atomically(folder / SEAL, "\n".join(sums) + "\n")


def sealed(folder: Path) -> bool:
    """True when the folder holds exactly the files its seal names, each with its recorded hash
    (bytecode caches aside); a missing, truncated, planted or changed file makes it False."""
    folder = Path(folder)
    try:
        lines = (folder / SEAL).read_text(encoding="utf-8").splitlines()
        recorded = dict(reversed(line.split("  ", 1)) for line in lines if line)
        present = {p.relative_to(folder).as_posix() for p in folder.rglob("*")
                   if p.is_file() and p.name != SEAL and "__pycache__" not in p.parts}
        return bool(recorded) and present == set(recorded) and all(
            file_sha256(folder / name) == digest for name, digest in recorded.items())
    except (OSError, ValueError, UnicodeDecodeError):
        return False


SHIPPED = ("model", "calibration", "scenarios")  # sub-packages whose data files provenance names


def portable_path(path: Path | str) -> str:
    """A path as provenance records it: ``calibration/data/history.csv`` for shipped data,
    relative to the working folder when below it, else the file name alone — never a
    machine's absolute path."""
    path = Path(path).resolve()
    for name in SHIPPED:
        try:
            return (Path(name) / path.relative_to(Path(str(files(f"innovsd.{name}"))).resolve())).as_posix()
        except ValueError:
            pass
    try:
        return path.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.name


def recorded_path(text: str) -> Path:
    """The file a provenance entry names: shipped data first, else the working folder."""
    head, _, rest = str(text).replace("\\", "/").partition("/")
    if head in SHIPPED and rest:
        return data_file(f"innovsd.{head}", rest)
    return Path(text)


def file_sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def write_atomically(path: Path, text: str) -> None:
    """Write a file completely or not at all (an interrupt never leaves half a file)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, scratch = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(scratch, path)
    except BaseException:
        Path(scratch).unlink(missing_ok=True)
        raise


def reserve(paths: list[Path], *, field: str | None = None) -> list[Path]:
    """Create each file empty and exclusively (fails if it exists, also when another process
    creates it at the same moment): an output claimed before long work starts."""
    made: list[Path] = []
    for path in paths:
        try:
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
        except FileExistsError:
            release(made)
            raise InputError("exists already", source=str(path), field=field) from None
        except OSError as error:
            release(made)
            raise InputError("cannot write here", reason=error.strerror or error, source=str(path), field=field) from None
        made.append(Path(path))
    return made


def release(paths: list[Path]) -> None:
    """Remove files ``reserve`` created that are still empty (the work they waited for failed)."""
    for path in paths:
        try:
            if path.stat().st_size == 0:
                path.unlink()
        except OSError:
            pass


def write_sealed(path: Path, text: str) -> None:
    """One cache file with its sha256 beside it (``<name>.sha256``), both written atomically."""
    path = Path(path)
    write_atomically(path, text)
    write_atomically(path.with_name(path.name + ".sha256"), hashlib.sha256(text.encode("utf-8")).hexdigest())


def read_sealed(path: Path) -> str | None:
    """A cache file's text when it still matches the hash recorded at writing, else None."""
    path = Path(path)
    try:
        data = path.read_bytes()
        recorded = path.with_name(path.name + ".sha256").read_text(encoding="ascii").strip()
        return data.decode("utf-8") if hashlib.sha256(data).hexdigest() == recorded else None
    except (OSError, UnicodeDecodeError):
        return None


# -- the one checked reader for every input file ---------------------------------------
MAX_INPUT_BYTES = 10_000_000  # the largest shipped data file is ~0.1 MB
MAX_FIELD_CHARS = 100_000


def read_input(path: Path | str, what: str = "file", limit: int = MAX_INPUT_BYTES) -> str:
    """The text of a user's input file: a regular file (never a device, pipe or folder), at most
    ``limit`` bytes, UTF-8 with or without a byte-order mark; anything else is one clear error."""
    path = Path(path)
    source, what = str(path), Term(what)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError("file not found", what=what, source=source) from None
    except OSError as error:
        raise InputError("cannot read file", what=what, reason=error.strerror or error, source=source) from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError("is a folder", what=what, source=source)
    if not stat.S_ISREG(info.st_mode):
        raise InputError("not a regular file", what=what, source=source)
    if info.st_size > limit:
        raise InputError("file too large", size=info.st_size / 1e6, limit=limit / 1e6, what=what, source=source)
    try:
        with path.open("rb") as handle:
            raw = handle.read(limit + 1)
    except OSError as error:
        raise InputError("cannot read file", what=what, reason=error.strerror or error, source=source) from None
    if len(raw) > limit:
        raise InputError("file over limit", limit=limit / 1e6, what=what, source=source)
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError("utf-16", source=source)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise InputError("not utf-8", byte=raw[error.start], line=line, source=source) from None


def csv_rows(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[int, str, dict]]:
    """(line, "file:line", row) for each data row, after checking the file (``read_input``), its
    header, that every row has all its fields, no field is huge and no row repeats another."""
    path = Path(path)
    text = read_input(path, "data file")
    lines = text.splitlines(keepends=True)
    for number, line in enumerate(lines, start=1):
        if len(line) > MAX_FIELD_CHARS:
            raise InputError("line too long", limit=MAX_FIELD_CHARS, source=f"{path}:{number}")
    reader = csv.DictReader(lines)
    try:
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise InputError("missing column(s)", columns=", ".join(missing), source=str(path), field="header")
        seen: dict[tuple, int] = {}
        for line, row in enumerate(reader, start=2):
            where = f"{path}:{reader.line_num}"
            if None in row or any(row[c] is None for c in columns):
                raise InputError("wrong number of fields", source=where)
            if any(len(value) > MAX_FIELD_CHARS for value in row.values()):
                raise InputError("field too long", limit=MAX_FIELD_CHARS, source=where)
            key = tuple(" ".join(row[c].split()) for c in columns)
            if key in seen:
                raise InputError("duplicate row", line=seen[key], source=where)
            seen[key] = reader.line_num
            yield reader.line_num, where, row
    except csv.Error as error:
        raise InputError("not valid CSV", detail=error, source=f"{path}:{reader.line_num}") from None


# -- output text and JSON --------------------------------------------------------------
def finite_or_none(value):
    """JSON has no NaN or infinity: they become null (recursively through lists and dicts)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: finite_or_none(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite_or_none(v) for v in value]
    if hasattr(value, "item") and callable(value.item) and getattr(value, "ndim", 1) == 0:  # numpy scalars
        return finite_or_none(value.item())
    return value


def json_text(data, **options) -> str:
    """Always valid JSON: not-a-number and infinities written as null."""
    options.setdefault("ensure_ascii", False)
    return json.dumps(finite_or_none(data), allow_nan=False, **options)


def _to_ascii(error: UnicodeError):
    """Encoding error handler: Vietnamese letters lose their accents ("Năm" -> "Nam"), other
    characters become '?', so a terminal that cannot show them still gets readable text."""
    text = error.object[error.start:error.end]
    plain = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c if ord(c) < 128 else ("" if unicodedata.combining(c) else "?") for c in plain)
    return plain, error.end


codecs.register_error("innovsd-ascii", _to_ascii)
