"""Events appended and replayed per second, beside a raw baseline measured in the same run.

Append: one command = one transaction (a contact recorded on a dossier), as in production
(with the dossier cache on, as the application runs).
Baseline: plain sqlite3 / psycopg inserts of rows of the same stored size, one commit per row.
Replay: every dossier read back from the store; baseline: raw rows selected one stream at a time.
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from bench.common import BENCH, BenchStore, fresh_stores, print_table, wijkdossier_settings
from domain.attribution import Attribution
from wiring import bootstrap

HOUSEHOLDS = BENCH.households
COMMANDS = BENCH.commands


def _by(day: int = 0) -> Attribution:
    return Attribution(actor_id="cd-bench-01", actor_role="case_director", reason="bench")


def _seed(app: Any, households: int) -> list[uuid.UUID]:
    ids = []
    pd = Attribution(actor_id="pd-bench-01", actor_role="process_director", reason="bench")
    for n in range(households):
        hid = app.receive_signal(source="gp", reporter="Huisarts", description="Bench", team="noord", by=pd)
        app.open_dossier(hid, summary="bench", by=pd)
        app.add_member(hid, person_id=f"p{n}", name="Bench Persoon", date_of_birth="1980-01-01",
                       relation="applicant", by=pd)
        app.assign_case_director(hid, worker_id="cd-bench-01", by=pd)
        ids.append(hid)
    return ids


def _append_library(app: Any, ids: list[uuid.UUID], commands: int) -> float:
    started = time.perf_counter()
    for n in range(commands):
        app.record_contact(ids[n % len(ids)], kind="phone", note="Gebeld over de afspraak", by=_by())
    return commands / (time.perf_counter() - started)


def _replay_library(app: Any, ids: list[uuid.UUID]) -> tuple[float, int]:
    started = time.perf_counter()
    events = 0
    for hid in ids:
        events += app.get_dossier(hid).version
    return events / (time.perf_counter() - started), events


def _stored_size(app: Any) -> int:
    notifications = app.recorder.select_notifications(start=1, limit=500)
    return int(statistics.mean(len(n.state) for n in notifications)) if notifications else 200


def _raw_sqlite(path: Path, size: int, commands: int) -> tuple[float, float]:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE raw (id BLOB, version INTEGER, topic TEXT, state BLOB, PRIMARY KEY (id, version))")
    payload = os.urandom(size)
    streams = [uuid.uuid4().bytes for _ in range(HOUSEHOLDS)]
    started = time.perf_counter()
    for n in range(commands):
        conn.execute("BEGIN")
        conn.execute("INSERT INTO raw VALUES (?, ?, ?, ?)", (streams[n % HOUSEHOLDS], n, "bench:Contact", payload))
        conn.execute("COMMIT")
    append = commands / (time.perf_counter() - started)
    started = time.perf_counter()
    rows = 0
    for stream in streams:  # one read per stream, as a dossier replay does
        rows += len(conn.execute("SELECT version, topic, state FROM raw WHERE id = ? ORDER BY version",
                                 (stream,)).fetchall())
    replay = rows / (time.perf_counter() - started)
    conn.close()
    return append, replay


def _raw_postgres(store: BenchStore, size: int, commands: int) -> tuple[float, float]:
    import psycopg

    payload = os.urandom(size)
    with psycopg.connect(store.settings.conninfo()) as conn:
        conn.execute(f'SET search_path TO "{store.settings.schema}"')
        conn.execute("CREATE TABLE raw (id uuid, version int, topic text, state bytea, PRIMARY KEY (id, version))")
        conn.commit()
        streams = [uuid.uuid4() for _ in range(HOUSEHOLDS)]
        started = time.perf_counter()
        for n in range(commands):
            conn.execute("INSERT INTO raw VALUES (%s, %s, %s, %s)", (streams[n % HOUSEHOLDS], n, "bench:Contact",
                                                                   payload))
            conn.commit()
        append = commands / (time.perf_counter() - started)
        started = time.perf_counter()
        rows = 0
        for stream in streams:  # one read per stream, as a dossier replay does
            rows += len(conn.execute("SELECT version, topic, state FROM raw WHERE id = %s ORDER BY version",
                                     (stream,)).fetchall())
            conn.commit()
        replay = rows / (time.perf_counter() - started)
    return append, replay


def run_store(store: BenchStore) -> dict[str, Any]:
    with bootstrap(wijkdossier_settings(store.settings)) as services:
        app = services.dossiers
        ids = _seed(app, HOUSEHOLDS)
        append = _append_library(app, ids, COMMANDS)
        size = _stored_size(app)
    # Replay means reading every event back and decoding it: measured without the dossier cache.
    with bootstrap(wijkdossier_settings(store.settings, dossier_cache=False)) as services:
        replay, replayed = _replay_library(services.dossiers, ids)
    if store.settings.kind == "sqlite":
        with tempfile.TemporaryDirectory() as scratch:
            raw_append, raw_replay = _raw_sqlite(Path(scratch) / "raw.sqlite", size, COMMANDS)
    else:
        raw_append, raw_replay = _raw_postgres(store, size, COMMANDS)
    return {
        "store": store.label,
        "append_events_per_s": append,
        "raw_append_per_s": raw_append,
        "append_ratio": append / raw_append,
        "replay_events_per_s": replay,
        "raw_replay_per_s": raw_replay,
        "replay_ratio": replay / raw_replay,
        "stored_bytes_per_event": size,
        "events_replayed": replayed,
    }


def main() -> None:
    print(f"== Event store: append and replay ({COMMANDS} one-event commands over {HOUSEHOLDS} dossiers; "
          "library path includes encryption and hash chaining) ==")
    results = [run_store(store) for store in fresh_stores()]
    print_table(results, ["store", "append_events_per_s", "raw_append_per_s", "append_ratio",
                          "replay_events_per_s", "raw_replay_per_s", "replay_ratio", "stored_bytes_per_event"])


if __name__ == "__main__":
    main()
