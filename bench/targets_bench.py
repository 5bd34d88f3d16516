"""The performance targets of issue 14, each as figure, baseline (same run), ratio, target, met.

Writes `var/bench/latest.json`: a list of {name, figure, unit, baseline, ratio, target, met}.
Sizes are kept small enough for a run of a few minutes on a 2-core machine (environment:
BENCH_WRITER_COMMANDS, BENCH_EXPORT_LINES, BENCH_VERIFY_HOUSEHOLDS as a comma list of sizes,
BENCH_REBUILD=0 to skip rebuilds, BENCH_PARTS to run some of appends,exports,verify); figures are absolute and
noisy on a shared machine, so read the ratios, which compare with a baseline of the same run.
Targets not measured here are listed with figure null and met false, never left out.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import resource
import sqlite3
import statistics
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from bench.common import BENCH, _postgres_schema, print_table, wijkdossier_settings
from domain.attribution import Attribution

WRITER_COMMANDS = BENCH.writer_commands
EXPORT_LINES = BENCH.export_lines
VERIFY_HOUSEHOLDS = [int(n) for n in BENCH.verify_households.split(",")]
REBUILD = BENCH.rebuild != "0"
PARTS = BENCH.parts.split(",")
OUT = BENCH.out

PD = Attribution(actor_id="pd-bench-01", actor_role="process_director", reason="bench")
CD = Attribution(actor_id="cd-bench-01", actor_role="case_director", reason="bench")


def _row(name: str, figure: float | None, unit: str, baseline: float | None, target: float, *,
         higher_is_better: bool = True, note: str = "") -> dict[str, Any]:
    ratio = figure / baseline if figure is not None and baseline else None
    met = ratio is not None and (ratio >= target if higher_is_better else ratio <= target)
    return {"name": name, "figure": figure, "unit": unit, "baseline": baseline, "ratio": ratio,
            "target": target, "met": met, "note": note}


def _household(app: Any, n: int) -> uuid.UUID:
    hid = app.receive_signal(source="gp", reporter="Huisarts", description="Bench", team="noord", by=PD)
    app.open_dossier(hid, summary="bench", by=PD)
    app.add_member(hid, person_id=f"p{n}", name="Bench Persoon", date_of_birth="1980-01-01", relation="applicant",
                   by=PD)
    app.assign_case_director(hid, worker_id="cd-bench-01", by=PD)
    return hid


def _in_threads(threads: int, work: Any) -> float:
    """Seconds for `work(n)` run in `threads` threads started together."""
    gate = threading.Barrier(threads + 1)

    def run(n: int) -> None:
        gate.wait()
        work(n)

    started = [threading.Thread(target=run, args=(n,)) for n in range(threads)]
    for thread in started:
        thread.start()
    gate.wait()
    began = time.perf_counter()
    for thread in started:
        thread.join()
    return time.perf_counter() - began


def _interleaved(baseline: Any, measured: Any, pairs: int = 3) -> tuple[float, float]:
    """Medians of `pairs` runs of each, alternated, so load from other work hits both alike."""
    base, figure = [], []
    for _ in range(pairs):
        base.append(baseline())
        figure.append(measured())
    return statistics.median(figure), statistics.median(base)


# --------------------------------------------------------------------------- appends

def _raw_commit_per_row(conninfo: str, schema: str, count: int, size: int = 449) -> float:
    import psycopg

    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'CREATE TABLE "{schema}".raw_rows (id bigserial PRIMARY KEY, state bytea NOT NULL)')
        payload = os.urandom(size)
        began = time.perf_counter()
        for _ in range(count):
            conn.execute(f'INSERT INTO "{schema}".raw_rows (state) VALUES (%s)', (payload,))
        return count / (time.perf_counter() - began)


def appends(rows: list[dict[str, Any]]) -> None:
    from wiring import bootstrap

    with _postgres_schema() as store:
        if store is None:
            rows.append(_row("append_pg_8_writers", None, "commands/s", None, 1.5, note="PostgreSQL not reachable"))
            return
        baseline = _raw_commit_per_row(store.conninfo(), store.schema, WRITER_COMMANDS)
        services = bootstrap(wijkdossier_settings(store))
        app = services.dossiers
        try:
            households = [[_household(app, w * 10 + k) for k in range(4)] for w in range(8)]
            per_writer = WRITER_COMMANDS // 8

            def writer(n: int) -> None:
                mine = households[n]
                for i in range(per_writer):
                    app.record_contact(mine[i % 4], kind="phone", note="Gebeld over de afspraak", by=CD)

            committer = app.recorder.group_commit
            groups, saves = committer.groups, committer.saves
            elapsed = _in_threads(8, writer)
            rate = per_writer * 8 / elapsed
            shared = (committer.saves - saves) / max(1, committer.groups - groups)
            rows.append(_row("append_pg_8_writers", rate, "commands/s", baseline, 1.5,
                             note=f"raw psycopg 1 connection, 1 row/commit; {shared:.1f} saves per transaction"))

            # One writer: a short dossier against one of ~1,000 events (no full copy per command).
            short, long = _household(app, 900), _household(app, 901)
            for i in range(1000):
                app.record_contact(long, kind="phone", note=f"contact {i}", by=CD)
            per = 300

            def timed(hid: uuid.UUID) -> float:
                began = time.perf_counter()
                for _ in range(per):
                    app.record_contact(hid, kind="phone", note="Gebeld", by=CD)
                return per / (time.perf_counter() - began)

            short_rate = statistics.median([timed(short) for _ in range(3)])
            long_rate = statistics.median([timed(long) for _ in range(3)])
            rows.append(_row("append_pg_1_writer", short_rate, "commands/s", baseline, 1.0,
                             note="informational; the issue sets no target for one writer"))
            rows.append(_row("append_pg_long_dossier", long_rate, "commands/s", short_rate, 0.9,
                             note="~1,000-event dossier against a 4-event one, one writer"))
        finally:
            services.close()


# --------------------------------------------------------------------------- exports

def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def exports(rows: list[dict[str, Any]]) -> None:
    from api.testing import running_app
    from demo.directory import demo_directory
    from privacy.access_log import AccessLogEntry, new_span_id, new_trace_id

    from infra.settings import StoreSettings

    with tempfile.TemporaryDirectory() as scratch, running_app(
            Path(scratch), wijkdossier_settings(StoreSettings(kind="sqlite", sqlite_path=Path(scratch) / "wijkdossier.sqlite")),
            directory=demo_directory()) as client:
        log = client.app.state.services.access_log
        trace = new_trace_id()
        for start in range(0, EXPORT_LINES, 10_000):  # in slices, so seeding does not set the memory peak
            log.append_many([AccessLogEntry(
                event="dossier.read", user_id="cd-bulk", user_role="case_director", organisation="team-noord",
                action="read", section="plan", channel="api", outcome="permit", decision_rule="relationship",
                purpose="support", processing_activity_id="wd-ondersteuning@2", trace_id=trace,
                span_id=new_span_id(), person_id=f"person-{i}", household_id="household-1")
                for i in range(start, min(EXPORT_LINES, start + 10_000))])
        officer = client.token("privacy_officer", "fg-1", team=None)
        path = Path(scratch) / "wijkdossier-access-log.sqlite"

        def plain(render: Any) -> float:
            began = time.perf_counter()
            with sqlite3.connect(path) as conn:
                conn.row_factory = sqlite3.Row
                cursor = conn.execute("SELECT * FROM access_log WHERE user_id = 'cd-bulk' ORDER BY position")
                while batch := cursor.fetchmany(2000):
                    render(batch)
            return EXPORT_LINES / (time.perf_counter() - began)

        def csv_render(batch: list[Any]) -> None:
            buffer = io.StringIO()
            csv.writer(buffer).writerows(tuple(r) for r in batch)

        def json_render(batch: list[Any]) -> None:
            ",".join(json.dumps(dict(r)) for r in batch)

        for name, url, render, target in (("export_csv", "/api/v1/access-log/export.csv", csv_render, 100_000),
                                           ("export_fhir", "/api/v1/access-log/export.fhir.json", json_render, 20_000)):
            before = _peak_rss_mb()
            received = 0

            def exported() -> float:
                nonlocal received
                began = time.perf_counter()
                received = 0
                with client.stream("GET", url, headers=officer, params={"user": "cd-bulk"}) as response:
                    for chunk in response.iter_bytes():
                        received += len(chunk)
                return EXPORT_LINES / (time.perf_counter() - began)

            rate, baseline = _interleaved(lambda: plain(render), exported)
            grown = _peak_rss_mb() - before
            row = _row(f"{name}_lines_per_s", rate, "lines/s", baseline, target,
                       note=f"target is absolute ({target:,} lines/s); baseline plain sqlite3 read + render; "
                            f"in-process ASGI client over SQLite; {received / 1e6:.0f} MB sent; "
                            f"peak RSS grew {grown:.0f} MB")
            row["met"] = rate >= target
            rows.append(row)


# --------------------------------------------------------------------------- verify and rebuild

def _seed_households(app: Any, households: int, contacts: int = 6) -> list[uuid.UUID]:
    ids: list[uuid.UUID] = []
    lock = threading.Lock()

    def seed(n: int) -> None:
        for k in range(households // 8):
            hid = _household(app, n * 1_000_000 + k)
            for _ in range(contacts):
                app.record_contact(hid, kind="phone", note="Gebeld", by=CD)
            with lock:
                ids.append(hid)

    _in_threads(8, seed)
    return ids


def _checkpoint_ms(app: Any, ids: list[uuid.UUID], *, changed: int = 100, repeats: int = 5) -> float:
    """Median time of one checkpoint after `changed` households each got one new event: the
    cost a writer pays inside every N-th command."""
    from infra.integrity.integrity_store import integrity_of

    store = integrity_of(app)
    times = []
    for r in range(repeats):
        for hid in ids[r * changed % len(ids):][:changed]:
            app.record_contact(hid, kind="phone", note="Gebeld", by=CD)
        began = time.perf_counter()
        store.create_checkpoint()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


def verify_and_rebuild(rows: list[dict[str, Any]]) -> None:
    """Verify, checkpoint cost and rebuild at each size of BENCH_VERIFY_HOUSEHOLDS (a list)."""
    rates: dict[int, float] = {}
    checkpoint_ms: dict[int, float] = {}
    for households in VERIFY_HOUSEHOLDS:
        _verify_and_rebuild_at(rows, households, rates, checkpoint_ms)
    if len(rates) > 1:
        small, large = min(rates), max(rates)
        rows.append(_row("verify_pg_flat_in_size", rates[large], "events/s", rates[small], 0.8,
                         note=f"verify rate at {large:,} households against {small:,} households"))
        rows.append(_row("checkpoint_flat_in_size", checkpoint_ms[large], "ms", checkpoint_ms[small], 2.0,
                         higher_is_better=False,
                         note=f"one checkpoint after 100 changed households, at {large:,} against {small:,} "
                              "households (target: at most 2x for the larger store)"))


def _verify_and_rebuild_at(rows: list[dict[str, Any]], households: int, rates: dict[int, float],
                           checkpoint_ms: dict[int, float]) -> None:
    from infra.integrity.verify import verify
    from projections.operations import rebuild
    from wiring import bootstrap

    with _postgres_schema() as store:
        if store is None:
            return
        settings = wijkdossier_settings(store)
        services = bootstrap(settings)
        app = services.dossiers
        try:
            began = time.perf_counter()
            ids = _seed_households(app, households)
            print(f"  (seeded {len(ids):,} households in {time.perf_counter() - began:.0f} s)")
            checkpoint_ms[households] = _checkpoint_ms(app, ids)
            events = app.recorder.max_notification_id() or 0
            import psycopg

            def plain_read_and_hash() -> float:
                began = time.perf_counter()
                with psycopg.connect(store.conninfo()) as conn, conn.cursor(name="plain") as cursor:
                    cursor.itersize = 2000
                    cursor.execute(f'SELECT originator_id, originator_version, topic, state FROM '
                                   f'"{store.schema}".wijkdossier_events ORDER BY notification_id')
                    for originator_id, version, topic, state in cursor:
                        encoded = f"{originator_id}|{version}|{topic}|".encode() + bytes(state)
                        hashlib.sha256(hashlib.sha256(encoded).digest() + encoded).digest()
                return events / (time.perf_counter() - began)

            def verified() -> float:
                began = time.perf_counter()
                result = verify(app.recorder.integrity)
                rate = events / (time.perf_counter() - began)
                assert result.ok, result.first_problem
                return rate

            rate, baseline = _interleaved(plain_read_and_hash, verified)
            rates[households] = rate
            rows.append(_row(f"verify_pg_{households}_households", rate, "events/s", baseline, 0.8,
                             note=f"{events:,} events, {len(ids):,} households; baseline plain read + 2x SHA-256; "
                                  f"one checkpoint after 100 changed households: {checkpoint_ms[households]:.1f} ms"))
            if not REBUILD:
                return

            def plain_decode() -> float:
                began = time.perf_counter()
                start = 1
                while page := app.recorder.select_notifications(start, limit=1000):
                    for notification in page:
                        app.mapper.to_domain_event(notification)
                    start = page[-1].id + 1
                return events / (time.perf_counter() - began)

            def rebuilt() -> float:
                began = time.perf_counter()
                rebuild(settings)
                return events / (time.perf_counter() - began)

            rate, decode = _interleaved(plain_decode, rebuilt)
            rows.append(_row(f"rebuild_pg_all_views_{households}_households", rate, "events/s", decode, 0.5,
                             note=f"{events:,} events; baseline read + decode through the app's mapper"))
        finally:
            services.close()


NOT_MEASURED = [
    ("portal_reads_32_clients_100k_households", 400.0, "reads/s"),
    ("history_import", 20_000.0, "events/s"),
]


def main() -> int:
    rows: list[dict[str, Any]] = []
    print("Issue 14 targets (figure beside a baseline measured in the same run)")
    for name, part in (("appends", appends), ("exports", exports), ("verify", verify_and_rebuild)):
        if name in PARTS:
            part(rows)
    for name, target, unit in NOT_MEASURED:
        rows.append({"name": name, "figure": None, "unit": unit, "baseline": None, "ratio": None, "target": target,
                     "met": False, "note": "not measured by this bench (see docs/performance.md)"})
    print_table([{**r, "figure": r["figure"] if r["figure"] is not None else "-",
                  "baseline": r["baseline"] if r["baseline"] is not None else "-",
                  "ratio": r["ratio"] if r["ratio"] is not None else "-",
                  "met": "yes" if r["met"] else "NO"} for r in rows],
                ["name", "figure", "unit", "baseline", "ratio", "target", "met"])
    for r in rows:
        if r["note"]:
            print(f"  {r['name']}: {r['note']}")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps([{k: r[k] for k in ("name", "figure", "unit", "baseline", "ratio", "target", "met")}
                               for r in rows], indent=2) + "\n")
    print(f"written: {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
