"""The one cache folder and the one way a cached file is trusted: its sha256, recorded when it was
written and checked before it is used, so a truncated, changed or planted file is never read (code
read from the cache is imported). Every cache uses these: pysd's translation, the parsed .mdl, the
model facts, the compiled kernels."""

from __future__ import annotations

import hashlib
import os
import re
import stat
import tempfile
from pathlib import Path

from innovsd.ownership import problem as privacy_problem
from innovsd.errors import InputError
from innovsd.resources import file_sha256
from innovsd.writing import write_atomically

SEAL = "SHA256SUMS"  # written last into a cached folder: every file's hash, checked before use
TAG = "CACHEDIR.TAG"  # marks the folder as innovsd's cache (backup tools skip a folder with one)
TAG_TEXT = ("Signature: 8a477f597d28d172789f06886806bc55\n"
            "# innovsd's cache: the model's translation and facts, compiled kernels; safe to delete.\n")
# What innovsd writes into its cache: <model>-<hash>[.kind.json[.sha256]] folders and files, the
# kernels folder, the tag, and the scratch files of atomic writes (.<name>.<random>).
OURS = re.compile(r"(kernels|CACHEDIR\.TAG|\.?[\w.-]+-[0-9a-f]{16}[.\w]*)")


class UnsafeCache(InputError):
    """The cache folder could be written by someone else: its code must never be imported."""


def _private_folder(folder: Path) -> Path:
    """``folder`` created owner-only (0700 on POSIX; on Windows a new folder under the user's
    profile inherits an ACL for the user, SYSTEM and Administrators); refused when it is a symbolic
    link (the cache would go wherever it points), when another user owns it or others may write to
    it (innovsd/ownership.py: code read from it is imported), or when it holds files innovsd did
    not write (``_claim``)."""
    if folder.is_symlink():
        raise UnsafeCache("cache is a link", source=str(folder))
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not stat.S_ISDIR(folder.stat().st_mode):
            raise UnsafeCache("cache not a folder", source=str(folder))
        unsafe = privacy_problem(folder)
    except OSError as error:
        raise InputError("cannot use cache", reason=error.strerror or error, source=str(folder)) from None
    if unsafe:
        raise UnsafeCache(unsafe, source=str(folder))
    _claim(folder)
    return folder


def _claim(folder: Path) -> None:
    """The cache's mark (``TAG``) written into a folder that has none: an empty one, made private,
    or one holding only what innovsd writes (a cache from before the mark). A folder holding
    anything else is someone else's (a system folder named by mistake) and is refused."""
    if (folder / TAG).is_file():
        return
    try:
        names = [entry.name for entry in os.scandir(folder)]
        if any(not OURS.fullmatch(name) for name in names):
            raise UnsafeCache("cache not ours", source=str(folder))
        if not names:
            folder.chmod(0o700)
        write_atomically(folder / TAG, TAG_TEXT)
    except OSError as error:
        raise InputError("cannot use cache", reason=error.strerror or error, source=str(folder)) from None


def cache_root() -> Path:
    """The one cache folder, checked by ``_private_folder``: ``$INNOVSD_CACHE``, else the user
    cache folder (platformdirs), else a per-user folder in the temp directory (a read-only or
    missing home must not stop a run)."""
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
