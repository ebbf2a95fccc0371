"""Where the shipped data files are, where a command's files go, and how provenance names a file.

Data files are package data read through importlib.resources, so a plain `pip install` carries
them; outputs go to the working folder, never into the installed package."""

from __future__ import annotations

import hashlib
import os
from importlib import metadata
from importlib.resources import files
from pathlib import Path

SHIPPED = ("model", "calibration", "scenarios")  # sub-packages whose data files provenance names


def data_file(package: str, name: str) -> Path:
    """A file shipped inside ``package`` (e.g. ``innovsd.model``) as a real path.

    pysd and the CSV reader need a file on disk; setuptools installs packages unzipped.
    """
    return Path(str(files(package).joinpath(name)))


def outputs_root() -> Path:
    """``$INNOVSD_OUTPUTS``, else ``outputs/`` in the working folder."""
    return Path(os.environ.get("INNOVSD_OUTPUTS") or Path.cwd() / "outputs")


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


def distribution_version(name: str) -> str:
    """An installed distribution's version ("none" when absent), read from its metadata: importing
    pysd or numba only to ask costs a second."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "none"
