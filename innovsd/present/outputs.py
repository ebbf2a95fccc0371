"""Each command writes into a new folder under outputs/; nothing earlier is ever overwritten."""

from __future__ import annotations

import os
import re
from datetime import datetime
from pathlib import Path

from innovsd.errors import InputError
from innovsd.resources import outputs_root
from innovsd.text import has_control


PARTIAL = ".partial"


def new_run_folder(kind: str, label: str = "", root: Path | None = None) -> Path:
    """outputs/<date-time>-<kind>[-<label>].partial, with a suffix if that name (complete or
    not) is taken; ``complete`` renames it when every file is written."""
    root = Path(root) if root else outputs_root()
    if has_control(str(root)):  # its files' names are printed: no escape sequence reaches the terminal
        raise InputError("control characters", source=repr(str(root)))
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", f"{kind}-{label}" if label else kind).strip("-")[:80]
    stem = f"{datetime.now():%Y%m%d-%H%M%S}-{slug}"
    try:
        root.mkdir(parents=True, exist_ok=True)
        for attempt in range(1, 1000):
            name = stem if attempt == 1 else f"{stem}-{attempt}"
            folder = root / (name + PARTIAL)
            if (root / name).exists():
                continue
            try:
                folder.mkdir()
                return folder
            except FileExistsError:
                continue
    except OSError as error:
        raise InputError("cannot create output folder", reason=error.strerror or error, source=str(root)) from None
    raise InputError("too many output folders", source=str(root))


def complete(folder: Path) -> Path:
    """``X.partial`` renamed to ``X``, never over an existing ``X``."""
    folder = Path(folder)
    if not folder.name.endswith(PARTIAL):
        return folder
    final = folder.with_name(folder.name[: -len(PARTIAL)])
    if final.exists():
        raise InputError("output folder name taken", source=str(folder))
    try:
        os.rename(folder, final)
    except OSError as error:
        raise InputError("cannot complete output folder", reason=error.strerror or error, source=str(folder)) from None
    return final
