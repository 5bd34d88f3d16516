"""Integrity benchmark: append events/s with and without encryption + chaining (same run),
verification speed, and erase (key destruction) time, on SQLite and PostgreSQL.

    .venv/bin/python -m bench.integrity_bench [EVENTS]

PostgreSQL is taken from WIJKDOSSIER_TEST_POSTGRES_URL (default postgres@127.0.0.1/test)
in a throw-away schema; it is skipped with a note when not reachable.
"""

from __future__ import annotations

import base64
import secrets
import sys
import tempfile
import time
import uuid
from pathlib import Path

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event

from bench.common import BENCH
from infra.library_env import application_env
from infra.store import prepare_store
from infra.integrity.integrity_store import integrity_of
from infra.settings import StoreSettings, parse_database_url

PG_URL = BENCH.test_postgres_url


class BenchHousehold(Aggregate):
    @event("Registered")
    def __init__(self, name: str):
        self.name = name

    @event("NoteAdded")
    def add_note(self, text: str) -> None:
        self.last_note = text


class BenchApp(Application):
    name = "integritybench"


def _append(app: Application, events: int) -> float:
    """Events/s for `events` events, one save (one transaction) per event, 20 per household."""
    started = time.perf_counter()
    household = None
    for n in range(events):
        if n % 20 == 0:
            household = BenchHousehold(f"Bewoner {n}")
        else:
            household.add_note(f"notitie {n} over de situatie thuis")
        app.save(household)
    return events / (time.perf_counter() - started)


def _run_store(label: str, settings: StoreSettings, plain_env: dict[str, str], events: int) -> dict[str, float]:
    prepare_store(settings)
    plain = BenchApp(env=plain_env)
    plain_rate = _append(plain, events)
    plain.close()

    env = application_env(settings)
    env.update({
        "WIJKDOSSIER_MASTER_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
        "WIJKDOSSIER_CHECKPOINT_EVERY_SECONDS": "0",
        # The bench's own application has its own events table on PostgreSQL, which the store's
        # migrations (made for the dossier application) do not create: the library makes it.
        "CREATE_TABLE": "y",
    })
    chained = BenchApp(env=env)
    chained_rate = _append(chained, events)
    store = integrity_of(chained)
    store.create_checkpoint()
    started = time.perf_counter()
    result = store.verify()
    verify_rate = result.events_checked / (time.perf_counter() - started)
    assert result.ok, result.first_problem
    household = BenchHousehold("wis mij")
    chained.save(household)
    started = time.perf_counter()
    store.key_store.destroy_household_key(str(household.id), reason="bench")
    erase_ms = (time.perf_counter() - started) * 1000
    chained.close()
    service_ms, bundle_ms = _erase_and_bundle_service(settings, env)
    checkpoints = events // 1000 + 1
    print(
        f"{label:10} append plain {plain_rate:8.0f} ev/s | encrypted+chained {chained_rate:8.0f} ev/s "
        f"(ratio {chained_rate / plain_rate:.2f}, {checkpoints} checkpoints incl.) | "
        f"verify {verify_rate:8.0f} ev/s | erase key {erase_ms:6.1f} ms | "
        f"erase_household {service_ms:6.1f} ms | bundle {bundle_ms:6.1f} ms (median of {SERVICE_ROUNDS})"
    )
    return {"plain": plain_rate, "chained": chained_rate, "verify": verify_rate, "erase_ms": erase_ms,
            "erase_household_ms": service_ms, "bundle_ms": bundle_ms}


SERVICE_ROUNDS = 5


def _erase_and_bundle_service(settings: StoreSettings, env: dict[str, str]) -> tuple[float, float]:
    """Median ms of `bundle_for_household` and of `erase_household` (record the erasure event,
    destroy the key, purge old key copies) on closed dossiers of the real domain application,
    in the same store as the appended events."""
    from datetime import UTC, datetime

    from domain.application import WijkdossierApplication
    from domain.attribution import Attribution
    from infra.integrity.bundle import bundle_for_household
    from infra.integrity.erasure import erase_household

    app = WijkdossierApplication(env=env)
    lead = Attribution(actor_id="pd-bench", actor_role="process_director", reason="bench",
                       occurred_at=datetime(2025, 1, 6, 9, 0, tzinfo=UTC))
    officer = Attribution(actor_id="pd-bench", actor_role="process_director", reason="AVG art. 17 besluit BENCH-1")
    erase_times, bundle_times = [], []
    try:
        for n in range(SERVICE_ROUNDS):
            hid = app.receive_signal(source="neighbour", reporter="Buurvrouw", description=f"zorgen {n}",
                                     team="noord", by=lead)
            app.open_dossier(hid, summary="bench", by=lead)
            app.assign_case_director(hid, worker_id="pd-bench", by=lead)
            app.record_contact(hid, kind="phone", note="bench", by=lead)
            app.close_dossier(hid, by=lead)
            started = time.perf_counter()
            bundle_for_household(app, hid)
            bundle_times.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            erase_household(app, hid, by=officer, legal_basis="AVG art. 17 besluit BENCH-1")
            erase_times.append((time.perf_counter() - started) * 1000)
    finally:
        app.close()
    return sorted(erase_times)[len(erase_times) // 2], sorted(bundle_times)[len(bundle_times) // 2]


def _sqlite(events: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        plain_path = Path(tmp) / "plain.sqlite"
        settings = StoreSettings(kind="sqlite", sqlite_path=Path(tmp) / "chained.sqlite")
        _run_store("SQLite", settings, {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(plain_path)}, events)


def _postgres(events: int) -> None:
    import psycopg

    admin = parse_database_url(PG_URL)
    schema = f"wd_bench_{uuid.uuid4().hex[:10]}"
    try:
        with psycopg.connect(admin.conninfo(), autocommit=True, connect_timeout=3) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")
    except psycopg.OperationalError:
        print("PostgreSQL  not reachable: skipped")
        return
    plain_schema = schema + "_p"
    try:
        settings = parse_database_url(f"{PG_URL}?schema={schema}")
        plain_settings = parse_database_url(f"{PG_URL}?schema={plain_schema}")
        prepare_store(plain_settings)
        _run_store("PostgreSQL", settings, plain_settings.eventsourcing_env(), events)
    finally:
        with psycopg.connect(admin.conninfo(), autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
            conn.execute(f"DROP SCHEMA IF EXISTS {plain_schema} CASCADE")


def main(argv: list[str] | None = None) -> None:
    """Print the figures; the plain and integrity paths run back to back, so compare ratios."""
    argv = sys.argv[1:] if argv is None else argv
    events = int(argv[0]) if argv else 2000
    print(f"integrity bench: {events} events per path, one transaction per event")
    _sqlite(events)
    _postgres(events)


if __name__ == "__main__":
    main()
