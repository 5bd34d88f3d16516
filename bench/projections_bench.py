"""Projection benchmark: catch-up rate over a demo log, and lag under a sustained write load.

Run: `.venv/bin/python -m bench.projections_bench [HOUSEHOLDS]`. Uses a fresh SQLite file and
a fresh PostgreSQL schema (skipped when PostgreSQL does not answer). Figures are absolute
and depend on a noisy shared machine; compare figures of one run with each other.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from bench.common import BENCH, wijkdossier_settings
from domain.attribution import Attribution
from domain.vocabulary import Role
from infra.settings import Settings, StoreSettings, parse_database_url
from projections.operations import rebuild
from projections.runner import start_projection_runners
from wiring import bootstrap
from demo.sample_log import fill

PG_URL = BENCH.test_postgres_url


def _stores() -> list[tuple[str, StoreSettings, object]]:
    stores: list[tuple[str, StoreSettings, object]] = []
    folder = tempfile.mkdtemp(prefix="wd-projbench-")
    stores.append(("SQLite", StoreSettings(kind="sqlite", sqlite_path=Path(folder) / "bench.sqlite"), None))
    try:
        import psycopg

        admin = parse_database_url(PG_URL)
        schema = f"wd_projbench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(admin.conninfo(), autocommit=True, connect_timeout=3) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")

        def drop() -> None:
            with psycopg.connect(admin.conninfo(), autocommit=True) as conn:
                conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")

        stores.append(("PostgreSQL", parse_database_url(f"{PG_URL}?schema={schema}"), drop))
    except Exception as exc:  # noqa: BLE001 - the bench runs on SQLite alone then, and says so
        print(f"PostgreSQL skipped: {type(exc).__name__}")
    return stores


def _lag_under_load(settings: Settings, app: object, seconds: float = 5.0) -> dict[str, float]:
    """Write signals as fast as one writer can while the runner follows; sample the lag."""
    handle = start_projection_runners(settings)
    handle.wait_until_current(timeout=120)
    samples: list[int] = []
    written = 0
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            samples.append(max(r["lag"] for r in handle.status()))
            stop.wait(0.1)

    sampler = threading.Thread(target=sample)
    sampler.start()
    began = time.perf_counter()
    while time.perf_counter() - began < seconds:
        by = Attribution(actor_id="bench", actor_role=Role.FRONT_DESK_VOLUNTEER, reason="benchmark")
        app.receive_signal(source="gp", reporter="huisarts", description="belasting", team="noord", by=by)  # type: ignore[attr-defined]
        written += 1
    elapsed = time.perf_counter() - began
    drained = time.perf_counter()
    handle.wait_until_current(timeout=120)
    drain = time.perf_counter() - drained
    stop.set()
    sampler.join()
    handle.stop()
    return {"write_rate": written / elapsed, "lag_median": statistics.median(samples) if samples else 0.0,
            "lag_max": max(samples, default=0), "drain_seconds": drain}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    households = int(args[0]) if args else 200
    print(f"Projections: {households} households, 4 views (plan, caseload, complaints, steering)")
    for label, store, cleanup in _stores():
        settings = wijkdossier_settings(store)
        try:
            services = bootstrap(settings)
            app = services.dossiers
            fill(app, households=households)
            events = app.recorder.max_notification_id() or 0
            rates = []
            for _ in range(3):
                began = time.perf_counter()
                rebuild(settings)
                rates.append(events / (time.perf_counter() - began))
            print(f"{label:<11} catch-up (rebuild of all 4 views) over {events} events: "
                  f"{statistics.median(rates):,.0f} events/s (median of 3)")
            load = _lag_under_load(settings, app)
            print(f"{label:<11} under load ({load['write_rate']:,.0f} saves/s by one writer): lag median "
                  f"{load['lag_median']:.0f}, max {load['lag_max']:.0f} events; drained in {load['drain_seconds']:.2f}s")
            services.close()
        finally:
            if cleanup is not None:
                cleanup()  # type: ignore[operator]
    return 0


if __name__ == "__main__":
    sys.exit(main())
