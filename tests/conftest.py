"""Shared fixtures: a fresh store of each kind per test.

PostgreSQL tests carry the `postgres` marker. Where no PostgreSQL answers, they are
skipped with one summary line, unless CI=true: there a missing PostgreSQL fails the run.
"""

from __future__ import annotations

import base64
import os
import secrets
import uuid
from collections.abc import Iterator

import pytest

from infra.settings import StoreSettings, parse_database_url

PG_ADMIN_URL = os.environ.get(
    "WIJKDOSSIER_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
IN_CI = os.environ.get("CI", "").lower() == "true"

# Tests run outside demo mode with a random master key of their own, as production would.
os.environ.setdefault("WIJKDOSSIER_MASTER_KEY", base64.b64encode(secrets.token_bytes(32)).decode())

_pg_problem: str | None = None
_pg_skipped = 0


def _check_postgres() -> str | None:
    try:
        import psycopg

        settings = parse_database_url(PG_ADMIN_URL)
        with psycopg.connect(settings.conninfo(), connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except Exception as exc:  # any reason at all means: not usable for tests
        return f"{type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}"
    return None


def pytest_sessionstart(session: pytest.Session) -> None:
    global _pg_problem
    _pg_problem = _check_postgres()
    if _pg_problem and IN_CI:
        pytest.exit(
            f"CI=true but PostgreSQL at {PG_ADMIN_URL} is not reachable ({_pg_problem}). "
            "Start it: pg_ctlcluster --skip-systemctl-redirect 15 main start",
            returncode=1,
        )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    global _pg_skipped
    if not _pg_problem:
        return
    skip = pytest.mark.skip(reason="PostgreSQL not reachable")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)
            _pg_skipped += 1


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:  # type: ignore[no-untyped-def]
    if _pg_problem and _pg_skipped:
        terminalreporter.write_line(
            f"PostgreSQL not reachable at {PG_ADMIN_URL} ({_pg_problem}): "
            f"{_pg_skipped} PostgreSQL tests skipped; with CI=true this is a failure.",
            yellow=True,
        )


@pytest.fixture
def sqlite_settings(tmp_path) -> StoreSettings:
    return StoreSettings(kind="sqlite", sqlite_path=tmp_path / "wijkdossier.sqlite")


@pytest.fixture
def postgres_settings() -> Iterator[StoreSettings]:
    """A fresh schema in the test database, dropped afterwards."""
    import psycopg

    admin = parse_database_url(PG_ADMIN_URL)
    schema = f"wd_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin.conninfo(), autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield parse_database_url(f"{PG_ADMIN_URL}?schema={schema}")
    finally:
        with psycopg.connect(admin.conninfo(), autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_settings(request: pytest.FixtureRequest) -> StoreSettings:
    """Each storage-contract test runs once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_settings")
    return request.getfixturevalue("postgres_settings")
