"""domain/ stays pure: no web framework, no SQL driver, no crypto, no outer layers."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN_IN_DOMAIN = ("fastapi", "starlette", "strawberry", "psycopg", "sqlite3", "cryptography", "infra",
                       "privacy", "api", "projections", "eventsourcing.sqlite", "eventsourcing.postgres")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", sorted((ROOT / "domain").rglob("*.py")), ids=lambda p: p.name)
def test_domain_modules_import_no_framework_sql_crypto_or_outer_layer(path: Path) -> None:
    for module in imported_modules(path):
        for forbidden in FORBIDDEN_IN_DOMAIN:
            assert not (module == forbidden or module.startswith(forbidden + ".")), f"{path.name} imports {module}"


# Only the entry points above it (cli/, bench/) may import the API.
def test_nothing_imports_the_api_layer() -> None:
    for folder in ("domain", "privacy", "infra", "projections", "wiring", "demo"):
        for path in (ROOT / folder).rglob("*.py"):
            for module in imported_modules(path):
                assert not (module == "api" or module.startswith("api.")), f"{path} imports {module}"
