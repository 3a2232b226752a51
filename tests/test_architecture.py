"""The house as docs/architecture.md draws it: small modules, and the layer
contracts of ``.importlinter`` (checked by ``lint-imports`` in ``make test``)
kept honest."""

from __future__ import annotations

import ast
import configparser
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "parcours"
MAX_LINES = 800


def _modules() -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts]


def test_no_module_of_the_package_is_over_800_lines():
    too_long = {
        str(p.relative_to(PACKAGE)): n
        for p in _modules()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert too_long == {}, f"split these into packages that re-export their names: {too_long}"


def test_migrations_import_no_app_code():
    """A migration carries a frozen copy of what it needs: live code changes,
    a migration must replay the same way forever. The one exception is what
    Django's migration writer itself references at module level (a custom
    manager or field of ``<app>.models``)."""
    offenders = []
    for path in PACKAGE.rglob("migrations/*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            top_level = node in tree.body
            offenders += [
                f"{path.name}: {n}"
                for n in names
                if n.startswith("parcours.") and not (top_level and n.endswith(".models"))
            ]
    assert offenders == []


def test_every_app_is_in_the_layer_contract():
    """A new app must take its place in the layers (docs/architecture.md,
    "rules of the road for a new app"), or lint-imports would not see it."""
    config = configparser.ConfigParser()
    config.read(PACKAGE.parent / ".importlinter")
    layers = config["importlinter:contract:apps-in-layers"]["layers"]
    placed = {
        name.strip().removeprefix("parcours.")
        for line in layers.splitlines()
        for name in line.split("|")
        if name.strip()
    }
    apps = {
        p.name
        for p in PACKAGE.iterdir()
        if p.is_dir() and (p / "__init__.py").exists() and p.name != "access"
    }
    assert apps <= placed | {"locale", "static", "templates"}, apps - placed
