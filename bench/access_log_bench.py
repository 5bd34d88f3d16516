"""Access log throughput: single appends, concurrent appends (group commit), and a raw baseline.

The raw baseline, measured in the same run on the same store, is a plain INSERT of a row of
the same size followed by COMMIT, one row at a time: what any durable per-request log costs
without group commit. Run with `python -m bench.access_log_bench`.

`run` writes bench entries into the log it opens, and access log lines can never be
deleted, so it refuses a store whose log already has lines: point it at a throwaway store.
"""

from __future__ import annotations

import sqlite3
import statistics
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from bench.common import BENCH
from infra.access_log_store import COLUMNS, access_log_path, open_access_log
from infra.settings import StoreSettings, parse_database_url
from privacy.access_log import (
    GENESIS_HASH,
    AccessLogEntry,
    canonical_fields,
    chain_hash,
    new_span_id,
    new_trace_id,
    utc_now,
)

RAW_TABLE = "access_log_bench_raw"


def _entry(n: int) -> AccessLogEntry:
    return AccessLogEntry(
        event="dossier.read",
        user_id=f"worker-{n % 40}",
        user_role="case_director",
        organisation="team-noord",
        action="read",
        section="plan",
        channel="api",
        outcome="permit",
        decision_rule="assigned-case-director",
        purpose="support-plan",
        processing_activity_id="pa-wmo-support",
        trace_id=new_trace_id(),
        span_id=new_span_id(),
        person_id=f"person-{n % 500}",
        household_id=f"household-{n % 200}",
        data_subject_id=f"person-{n % 500}",
    )


def _p95_ms(latencies: list[float]) -> float:
    return statistics.quantiles(latencies, n=20)[-1] * 1000 if len(latencies) >= 20 else max(latencies) * 1000


def _sequential(log: Any, count: int) -> dict[str, float]:
    latencies = []
    start = time.perf_counter()
    for n in range(count):
        began = time.perf_counter()
        log.append(_entry(n))
        latencies.append(time.perf_counter() - began)
    elapsed = time.perf_counter() - start
    return {"appends_per_s": count / elapsed, "p95_ms": _p95_ms(latencies)}


def _concurrent(log: Any, threads: int, per_thread: int) -> dict[str, float]:
    latencies: list[float] = []
    lock = threading.Lock()
    barrier = threading.Barrier(threads + 1)
    commits_before = log.commit_count

    def worker(offset: int) -> None:
        mine = []
        barrier.wait()
        for n in range(per_thread):
            began = time.perf_counter()
            log.append(_entry(offset + n))
            mine.append(time.perf_counter() - began)
        with lock:
            latencies.extend(mine)

    pool = [threading.Thread(target=worker, args=(i * per_thread,)) for i in range(threads)]
    for thread in pool:
        thread.start()
    barrier.wait()
    start = time.perf_counter()
    for thread in pool:
        thread.join()
    elapsed = time.perf_counter() - start
    total = threads * per_thread
    commits = log.commit_count - commits_before
    return {
        "appends_per_s": total / elapsed,
        "p95_ms": _p95_ms(latencies),
        "entries_per_commit": total / max(commits, 1),
    }


def _raw_rows(count: int) -> list[dict[str, Any]]:
    rows, previous = [], GENESIS_HASH
    for n in range(count):
        values = canonical_fields(_entry(n).stamped(utc_now()))
        link = chain_hash(previous, values)
        rows.append({"position": n + 1, "prev_hash": previous, "hash": link, **values})
        previous = link
    return rows


def _raw_baseline(settings: StoreSettings, count: int) -> dict[str, float]:
    """Plain INSERT + COMMIT per row of the same size, same durability settings."""
    rows = _raw_rows(count)
    columns = ", ".join(f'"{c}"' for c in COLUMNS)
    if settings.kind == "sqlite":
        conn = sqlite3.connect(access_log_path(settings), isolation_level=None)
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute(f"CREATE TABLE {RAW_TABLE} AS SELECT * FROM access_log WHERE 1 = 0")
        insert = f"INSERT INTO {RAW_TABLE} ({columns}) VALUES ({', '.join(':' + c for c in COLUMNS)})"
        for row in rows:
            row["emergency"] = int(row["emergency"])
        try:
            start = time.perf_counter()
            for row in rows:
                conn.execute("BEGIN")
                conn.execute(insert, row)
                conn.execute("COMMIT")
            elapsed = time.perf_counter() - start
        finally:
            conn.execute(f"DROP TABLE {RAW_TABLE}")
            conn.close()
    else:
        import psycopg

        with psycopg.connect(settings.conninfo(), autocommit=True) as conn:
            conn.execute("SET synchronous_commit = on")
            conn.execute(f'SET search_path TO "{settings.schema}"')
            conn.execute(f"CREATE TABLE {RAW_TABLE} AS SELECT * FROM access_log WHERE 1 = 0")
            insert = f"INSERT INTO {RAW_TABLE} ({columns}) VALUES ({', '.join('%(' + c + ')s' for c in COLUMNS)})"
            try:
                start = time.perf_counter()
                for row in rows:
                    with conn.transaction():
                        conn.execute(insert, row)
                elapsed = time.perf_counter() - start
            finally:
                conn.execute(f"DROP TABLE {RAW_TABLE}")
    return {"appends_per_s": count / elapsed}


def run(settings: StoreSettings, sequential: int = 300, threads: int = 8, per_thread: int = 150) -> dict:
    """Measure the access log on this (throwaway) store; returns figures and ratios to raw."""
    log = open_access_log(settings)
    try:
        if log.head()[0] != 0:
            raise RuntimeError("access log bench needs an empty, throwaway store")
        raw = _raw_baseline(settings, sequential)
        single = _sequential(log, sequential)
        grouped = _concurrent(log, threads, per_thread)
        verify_start = time.perf_counter()
        verified = log.verify()
        verify_elapsed = time.perf_counter() - verify_start
    finally:
        log.close()
    return {
        "store": settings.kind,
        "raw_insert_commit_per_s": raw["appends_per_s"],
        "sequential_appends_per_s": single["appends_per_s"],
        "sequential_p95_ms": single["p95_ms"],
        "concurrent_threads": threads,
        "concurrent_appends_per_s": grouped["appends_per_s"],
        "concurrent_p95_ms": grouped["p95_ms"],
        "entries_per_commit": grouped["entries_per_commit"],
        "sequential_vs_raw": single["appends_per_s"] / raw["appends_per_s"],
        "concurrent_vs_raw": grouped["appends_per_s"] / raw["appends_per_s"],
        "verify_lines_per_s": verified.checked / verify_elapsed if verify_elapsed else 0.0,
        "verify_ok": verified.ok,
    }


def _print(figures: dict) -> None:
    print(
        f"access log [{figures['store']}]: raw insert+commit {figures['raw_insert_commit_per_s']:.0f}/s | "
        f"sequential {figures['sequential_appends_per_s']:.0f}/s (x{figures['sequential_vs_raw']:.2f}, "
        f"p95 {figures['sequential_p95_ms']:.1f} ms) | "
        f"{figures['concurrent_threads']} threads {figures['concurrent_appends_per_s']:.0f}/s "
        f"(x{figures['concurrent_vs_raw']:.2f}, p95 {figures['concurrent_p95_ms']:.1f} ms, "
        f"{figures['entries_per_commit']:.1f} entries/commit) | verify {figures['verify_lines_per_s']:.0f} lines/s"
    )


def main() -> None:
    """Bench both stores on throwaway copies (PostgreSQL: a temporary schema, dropped after)."""
    with tempfile.TemporaryDirectory() as folder:
        _print(run(StoreSettings(kind="sqlite", sqlite_path=Path(folder) / "bench.sqlite")))

    url = BENCH.access_log_postgres_url
    admin = parse_database_url(url)
    schema = f"wd_bench_{uuid.uuid4().hex[:12]}"
    try:
        import psycopg

        with psycopg.connect(admin.conninfo(), autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')
    except Exception as exc:  # no PostgreSQL here: say so and bench SQLite only
        print(f"access log [postgres]: skipped ({type(exc).__name__})")
        return
    try:
        _print(run(parse_database_url(f"{url.split('?')[0]}?schema={schema}")))
    finally:
        with psycopg.connect(admin.conninfo(), autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


if __name__ == "__main__":
    main()
