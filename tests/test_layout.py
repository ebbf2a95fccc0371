"""The house's rules that keep the code readable: the command line reaches the model only through the
API and the presentation layer, and no module grows past 400 lines."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("innovsd", "model", "calibration", "scenarios", "cli")
DOMAIN = ("innovsd.model", "innovsd.calibration", "innovsd.scenarios")
MAX_LINES = 400


def _imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_the_command_line_imports_no_domain_module():
    found = {f"{path.name}: {name}" for path in (ROOT / "cli").glob("*.py") for name in _imported(path)
             if name.startswith(DOMAIN)}
    assert not found, sorted(found)


def test_no_module_is_longer_than_400_lines():
    long = {str(path.relative_to(ROOT)): n for package in PACKAGES for path in (ROOT / package).rglob("*.py")
            if ".venv" not in path.parts and (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, long
