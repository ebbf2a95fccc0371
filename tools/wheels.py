"""Does every hard dependency install from a wheel on Linux, macOS and Windows? For each requirement
in pyproject.toml's `dependencies` (no extras) and each platform, asks pip for a binary-only download
(`pip download --only-binary=:all: --no-deps --platform P --python-version 3.11 REQ`) and prints
the version pip picked, or FAIL. Exit 1 when any fails.

    python tools/wheels.py [--platform P ...] [--python-version 3.11]

Needs the package index (run by maintainers, not by the tests)."""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PLATFORMS = ("win_amd64", "macosx_11_0_arm64", "manylinux2014_x86_64")


def requirements() -> list[str]:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        return tomllib.load(handle)["project"]["dependencies"]


def picked(requirement: str, platform: str, python: str) -> str:
    """The wheel's version pip downloads for ``platform``, or 'FAIL'."""
    with tempfile.TemporaryDirectory() as folder:
        done = subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--only-binary=:all:", "--no-deps",
                               "--platform", platform, "--python-version", python, "-d", folder, requirement],
                              capture_output=True, text=True)
        wheels = list(Path(folder).glob("*.whl"))
        if done.returncode or not wheels:
            return "FAIL"
        return wheels[0].name.split("-")[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--platform", action="append", help=f"default: {', '.join(PLATFORMS)}")
    parser.add_argument("--python-version", default="3.11")
    args = parser.parse_args()
    platforms = args.platform or list(PLATFORMS)
    reqs = requirements()
    with ThreadPoolExecutor(4) as pool:
        found = {(r, p): pool.submit(picked, r, p, args.python_version) for r in reqs for p in platforms}
    width = max(map(len, reqs))
    print(f"| {'requirement':<{width}} | " + " | ".join(platforms) + " |")
    print(f"|{'-' * (width + 2)}|" + "|".join("-" * (len(p) + 2) for p in platforms) + "|")
    failed = 0
    for r in reqs:
        cells = [found[r, p].result() for p in platforms]
        failed += cells.count("FAIL")
        print(f"| {r:<{width}} | " + " | ".join(f"{c:<{len(p)}}" for c, p in zip(cells, platforms)) + " |")
    print(f"{failed} failed" if failed else "every requirement has a wheel on every platform")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
