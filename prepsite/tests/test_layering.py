"""The app layering DESIGN.md sets: questions imports neither accounts nor compensation."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def imported_apps(folder: Path) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                found.setdefault(name.split(".")[0], set()).add(str(path.relative_to(ROOT)))
    return found


def test_questions_imports_neither_accounts_nor_compensation():
    imports = imported_apps(ROOT / "questions")
    assert imports.get("accounts", set()) == set()
    assert imports.get("compensation", set()) == set()


def test_compensation_does_not_import_accounts():
    assert imported_apps(ROOT / "compensation").get("accounts", set()) == set()
