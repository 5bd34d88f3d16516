"""Encryption at rest, checked the way an attacker with a copy of the database would look:
load the demo, build the read models, then search the raw bytes for the demo's personal data."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from infra.store import open_application
from demo.loader import load_demo
from projections.operations import rebuild


def personal_strings(app) -> set[str]:  # type: ignore[no-untyped-def]
    """Names, dates of birth and free-text notes of the demo households, read through the application."""
    found: set[str] = set()
    for household_id in app.household_ids():
        dossier = app.get_dossier(household_id)
        for member in dossier.members.values():
            found.add(member.name)
            found.add(member.date_of_birth.isoformat())
        for signal in dossier.signals:
            found.add(signal.description)
        for version in dossier.plan_versions:
            plan = version.plan
            found.update(goal["text"] for goal in plan["goals"])
            found.update(problem for problem in plan["problems"] if len(problem) >= 12)
            found.update(action["owner_name"] for action in plan["actions"]
                         if action["owner_kind"] in ("network_member", "volunteer"))
        for event in app.history(household_id):
            for attribute in ("note", "summary", "text", "motivation", "correction"):
                value = getattr(event, attribute, None)
                if isinstance(value, str) and len(value) >= 12:
                    found.add(value)
    return {s for s in found if s}


def raw_sqlite_bytes(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))


def raw_postgres_dump(settings) -> bytes:  # type: ignore[no-untyped-def]
    return subprocess.run(
        ["pg_dump", "-h", settings.host, "-p", str(settings.port), "-U", settings.user, "-n", settings.schema,
         settings.dbname],
        check=True, capture_output=True, timeout=120,
    ).stdout


def test_the_raw_store_holds_none_of_the_demo_names_dates_of_birth_or_notes(store_settings) -> None:  # type: ignore[no-untyped-def]
    app = open_application(store_settings)
    try:
        load_demo(app, households=25, progress=False)
        secrets = personal_strings(app)
    finally:
        app.close()
    rebuild(store_settings)  # the read models live in the same database: they count too
    assert len(secrets) > 100  # the check must have something to look for

    if store_settings.kind == "sqlite":
        raw = raw_sqlite_bytes(store_settings.sqlite_path)
    else:
        raw = raw_postgres_dump(store_settings)
    assert len(raw) > 100_000
    leaked = sorted(s for s in secrets if s.encode() in raw)
    assert leaked == [], f"{len(leaked)} personal strings readable in the raw store"


@pytest.mark.parametrize("probe", ["de Vries", "Jansen"])
def test_the_search_itself_finds_plaintext_when_it_is_there(tmp_path, probe: str) -> None:
    path = tmp_path / "plain.sqlite"
    import sqlite3

    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (x TEXT)")
        conn.execute("INSERT INTO t VALUES (?)", (f"Anna {probe}",))
    assert f"Anna {probe}".encode() in raw_sqlite_bytes(path)
