"""History import into PostgreSQL (issue 14, target 6): `wijkdossier import` of a generated file of
realistic households, beside a raw baseline measured in the same run — a plain psycopg COPY of the
same stored rows (the sealed events the import wrote, read back) into a table of the events' shape.

    BENCH_IMPORT_EVENTS=1000000 python -m bench.import_bench     (default 1,000,000 events)

Figures: events/s of the whole import (reading, checking every rule, encrypting, chaining, writing,
checkpointing) and the seconds it took, against the targets >= 20,000 events/s and 1,000,000 events
under 2 minutes. Written into var/bench/latest.json with `bench.common.record_targets`.
"""

from __future__ import annotations

import os
import resource
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import BENCH, _postgres_schema, print_table, record_targets, wijkdossier_settings
from bench.import_file import write

EVENTS = BENCH.import_events
WORKERS = BENCH.import_workers
EVENTS_PER_HOUSEHOLD = 18.3  # what bench.import_file writes on average (measured over 2,000 households)


def _raw_copy_rate(settings: Any, table: str) -> float:
    """Rows/s of a plain COPY (binary) of the stored events into an empty table of the same shape."""
    import psycopg

    with psycopg.connect(settings.conninfo(), autocommit=True) as conn:
        conn.execute(f'SET search_path TO "{settings.schema}"')
        rows = conn.execute(f"SELECT originator_id, originator_version, topic, state FROM {table} "
                            "ORDER BY notification_id").fetchall()
        conn.execute("CREATE TABLE raw_copy (originator_id uuid NOT NULL, originator_version bigint NOT NULL, "
                     "topic text, state bytea, notification_id bigserial, "
                     "PRIMARY KEY (originator_id, originator_version))")
        started = time.perf_counter()
        with conn.transaction(), conn.cursor() as cur:
            with cur.copy("COPY raw_copy (originator_id, originator_version, topic, state) FROM STDIN "
                          "(FORMAT BINARY)") as copy:
                copy.set_types(["uuid", "int8", "text", "bytea"])
                for row in rows:
                    copy.write_row(row)
        seconds = time.perf_counter() - started
        conn.execute("DROP TABLE raw_copy")
    return len(rows) / seconds


def _cpu_seconds() -> float:
    """User and system CPU of this process and its waited-for children (the import's workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> int:
    from infra.history_import import run_import
    from wiring import bootstrap

    households = max(1, round(EVENTS / EVENTS_PER_HOUSEHOLD))
    print(f"History import into PostgreSQL: {households} generated households (about {EVENTS} events)")
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as scratch, _postgres_schema() as settings:
        if settings is None:
            return 0
        path = Path(scratch) / "history.jsonl"
        lines = write(path, households, seed=14)
        with bootstrap(wijkdossier_settings(settings)) as services:
            cpu_before = _cpu_seconds()
            report = run_import(services, path, source="bench",
                                workers=WORKERS)
            cpu = _cpu_seconds() - cpu_before
            assert report.refusals == [] and report.events == lines, report.refusals[:3]
            table = services.dossiers.recorder.events_table_name
        baseline = _raw_copy_rate(settings, table)
    rate = report.events_per_second
    per_million = report.seconds * 1_000_000 / report.events
    note = (f"{report.events} events, {report.imported} households, {report.batches} batches in "
            f"{report.seconds:.1f} s (waiting for replay {report.seconds_replaying:.1f} s, writing "
            f"{report.seconds_writing:.1f} s); {cpu * 1e6 / report.events:.0f} us CPU per event in this process and "
            f"its workers (PostgreSQL's own not counted), i.e. at most {report.events / cpu * (os.cpu_count() or 1):,.0f} "
            f"events/s on {os.cpu_count()} idle cores; baseline: plain psycopg COPY of the same stored rows")
    rows.append({"name": "history_import", "figure": round(rate), "unit": "events/s", "baseline": round(baseline),
                 "ratio": rate / baseline, "target": 20_000.0, "met": rate >= 20_000, "note": note})
    rows.append({"name": "history_import_1m_events", "figure": round(per_million, 1), "unit": "s per 1M events",
                 "baseline": round(1_000_000 / baseline, 1), "ratio": per_million * baseline / 1_000_000,
                 "target": 120.0, "met": per_million <= 120 and report.events >= 1_000_000,
                 "note": "measured on 1M events" if report.events >= 1_000_000
                 else f"scaled from {report.events} events: not a 1M run, so not met by this run"})
    print_table(rows, ["name", "figure", "unit", "baseline", "ratio", "target", "met"])
    for row in rows:
        print(f"  {row['name']}: {row['note']}")
    print(f"written: {record_targets(rows)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
