"""The per-person access-log query through the subjects side table, beside the text match it replaced.

A throwaway log of household-level lines (each names four members in `data_subject_ids`, as a
household read does) is filled once; then the same person's lines are asked for through
`AccessLog.query(person_id=...)` (the side table) and, as the baseline, with the LIKE over the
space-separated column that the query used before, on the same table in the same run.
Run with `python -m bench.access_log_subjects_bench`.
"""

from __future__ import annotations

import sqlite3
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from bench.common import BENCH
from infra.access_log_store import access_log_path, open_access_log
from infra.settings import StoreSettings, parse_database_url
from privacy.access_log import AccessLogEntry, new_span_id, new_trace_id

LINES = BENCH.subject_lines
PEOPLE = 20000  # a person is named on about LINES * 4 / PEOPLE lines
REPEATS = 20
LIKE_SQL = ("SELECT position FROM {table} WHERE (person_id = {p} OR data_subject_id = {p} "
            "OR (' ' || data_subject_ids || ' ') LIKE {p} ESCAPE '!') ORDER BY position")


def _entry(n: int) -> AccessLogEntry:
    members = " ".join(f"person-{(n * 4 + k) % PEOPLE}" for k in range(4))
    return AccessLogEntry(
        event="history.read", user_id=f"worker-{n % 40}", user_role="case_director", organisation="wijkteam",
        action="read", section="history", channel="api", outcome="permit", decision_rule="relationship.case_director",
        purpose="support", processing_activity_id="wd-ondersteuning@3", trace_id=new_trace_id(), span_id=new_span_id(),
        household_id=f"household-{n % 5000}", data_subject_ids=members)


def _fill(log: Any) -> None:
    for start in range(0, LINES, 500):
        log.append_many([_entry(n) for n in range(start, min(LINES, start + 500))])


def _ms(call: Any) -> tuple[float, int]:
    found = 0
    began = time.perf_counter()
    for _ in range(REPEATS):
        found = call()
    return (time.perf_counter() - began) / REPEATS * 1000, found


def run(settings: StoreSettings) -> dict[str, Any]:
    person = "person-4242"
    with open_access_log(settings) as log:
        if log.head()[0]:
            raise SystemExit("access log subjects bench: the store's log has lines already; use a throwaway store")
        _fill(log)
        if settings.is_postgres:  # what autovacuum does to a table this size soon after it is filled
            import psycopg

            with psycopg.connect(settings.conninfo(), autocommit=True) as conn:
                conn.execute(f'ANALYZE "{settings.schema}".access_log, "{settings.schema}".access_log_subjects')
        side, found = _ms(lambda: len(log.query(person_id=person)))
        if settings.kind == "sqlite":
            conn = sqlite3.connect(access_log_path(settings))
            like = LIKE_SQL.format(table="access_log", p="?")
            baseline, found_like = _ms(lambda: len(conn.execute(like, (person, person, f"% {person} %")).fetchall()))
            conn.close()
        else:
            import psycopg

            with psycopg.connect(settings.conninfo()) as conn:
                like = LIKE_SQL.format(table=f'"{settings.schema}".access_log', p="%s")
                baseline, found_like = _ms(
                    lambda: len(conn.execute(like, (person, person, f"% {person} %")).fetchall()))
    # The baseline only finds positions; the side table's figure includes reading the whole lines.
    assert found == found_like, (found, found_like)
    return {"store": settings.kind, "lines": LINES, "found": found, "side_table_ms": side, "like_ms": baseline}


def _print(figures: dict[str, Any]) -> None:
    print(f"access log per-person query [{figures['store']}]: {figures['lines']} lines, {figures['found']} found: "
          f"side table {figures['side_table_ms']:.2f} ms (whole lines) vs LIKE baseline {figures['like_ms']:.2f} ms "
          f"(positions only), {figures['like_ms'] / figures['side_table_ms']:.1f}x")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        _print(run(StoreSettings(kind="sqlite", sqlite_path=Path(folder) / "bench.sqlite")))
    url = BENCH.test_postgres_url
    schema = f"bench_subjects_{uuid.uuid4().hex[:8]}"
    try:
        import psycopg

        with psycopg.connect(url, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")
    except Exception as exc:  # noqa: BLE001 - no PostgreSQL here: say so and go on
        print(f"access log per-person query [postgres]: skipped ({type(exc).__name__})")
        return
    try:
        _print(run(parse_database_url(f"{url.split('?')[0]}?schema={schema}")))
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


if __name__ == "__main__":
    main()
