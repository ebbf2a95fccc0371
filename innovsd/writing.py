"""Writing output files: completely or not at all, never over an earlier result, JSON without NaN,
and a refusal of the file system said as one error naming the file."""

from __future__ import annotations

import json
import math
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

from innovsd.errors import InputError
from innovsd.text import echo

# Libraries that write innovsd's files: their errors while writing are the file system's refusal
# seen through them (lxml says "SerialisationError" for a write the file-size limit stopped).
WRITERS = ("pandas", "xlsxwriter", "docx", "lxml", "matplotlib", "PIL", "zipfile")


@contextmanager
def output(path: Path | str):
    """Writing ``path`` inside the block: a full disk, a file-size limit or a missing permission
    is one InputError naming the file, whichever library was writing it."""
    path = Path(path)
    try:
        yield path
    except InputError:
        raise
    except Exception as error:
        cause, seen = error, set()
        while cause is not None and not isinstance(cause, OSError) and id(cause) not in seen:
            seen.add(id(cause))
            cause = cause.__cause__ or cause.__context__
        if cause is None and type(error).__module__.split(".")[0] not in WRITERS:
            raise
        reason = (cause.strerror if cause is not None else None) or echo(cause if cause is not None else error)
        raise InputError("cannot write here", reason=reason, source=str(path)) from None


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
