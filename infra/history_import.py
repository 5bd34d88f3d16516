"""`wijkdossier import FILE`: a municipality's history from its previous system, stored like any event.

The file (docs/import.md) holds one act per line. Each household's lines are carried out by the
domain's own commands on a dossier held in memory (`domain.history_import`), so an imported history
meets every rule a recorded one does; the resulting events are transcoded and sealed under the
household's own data key (`infra.crypto.household_mapper.sealed`, as the application's mapper does),
chained with the same arithmetic (`infra.integrity.hashing`) and written into the application's own
events table under its write lock, with their chain rows, stream heads, data keys and a progress row
per household, in one transaction per batch of households; one checkpoint is signed per batch.

The unit is the household: a household with one refused line is left out whole (the others go on),
and a household is in exactly when its progress row is. A rerun after a crash (or after fixing refused
lines) skips every household already in, so each event of the file is stored once.

Speed: households are replayed and sealed by worker processes while the main process writes the
previous batch (COPY on PostgreSQL). bench/import_bench.py measures it.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from domain.history_import.household import household_uuid, replay
from domain.history_import.lines import LineError, LineRefusal, parse_line
from infra.crypto.household_mapper import sealed
from infra.crypto.key_store import DATA_KEYS, STREAM_HOUSEHOLDS
from infra.integrity.checkpoint import utc_now_text
from infra.integrity.database import Cursor, StoreDatabase
from infra.integrity.hashing import GENESIS, encode_stored_event, global_link, stream_link

PROGRESS = "wd_import_households"
DEFAULT_SOURCE = "vorig-systeem"
# A line's household, found without parsing the line (the first pass only looks for households
# whose lines are not together); JSON escapes every quote inside a string, so this is the key.
_HOUSEHOLD = re.compile(r'"household"\s*:\s*"((?:[^"\\]|\\.)*)"')


def create_statements(table: str, bigint: str) -> list[str]:
    """The progress table (`table`: its name as SQL): one row per imported household, written in the
    transaction that writes its events (store migration 3)."""
    return [
        f"CREATE TABLE IF NOT EXISTS {table} ("
        "source TEXT NOT NULL, household_key TEXT NOT NULL, household_id TEXT NOT NULL, fingerprint TEXT NOT NULL, "
        f"first_line {bigint} NOT NULL, last_line {bigint} NOT NULL, events {bigint} NOT NULL, "
        f"last_occurred_at TEXT NOT NULL, last_position {bigint} NOT NULL, imported_at TEXT NOT NULL, "
        "PRIMARY KEY (source, household_key))",
        f"CREATE INDEX IF NOT EXISTS {PROGRESS}_household ON {table} (household_id)",
    ]


def imported_history(db: StoreDatabase, household_id: str) -> tuple[int, datetime] | None:
    """(the last chain position the import wrote for this household, when its last imported act
    happened), or None for a household that was not imported: retention counts an imported past
    from when it happened, and only what was recorded here afterwards by its recording time."""
    with db.transaction(write=False) as cur:
        row = cur.execute(f"SELECT MAX(last_position) AS position, MAX(last_occurred_at) AS occurred "
                          f"FROM {db.table(PROGRESS)} WHERE household_id = ?", (household_id,)).fetchone()
    if row is None or row["position"] is None:
        return None
    return int(row["position"]), datetime.fromisoformat(row["occurred"])


# ------------------------------------------------------------------------------ the report


@dataclass
class ImportReport:
    lines: int = 0
    households: int = 0  # in the file
    imported: int = 0  # households written by this run
    already_in: int = 0  # households a previous run had written (skipped)
    refused: int = 0  # households left out for a refused line
    checked: int = 0  # households found fit to import (a check without writing)
    events: int = 0  # events written by this run (a check: events found fit)
    batches: int = 0
    seconds: float = 0.0
    # Where the time went: waiting for households to be replayed and sealed (by the workers, while
    # the previous batch was written; all of it without workers), and writing (with the checkpoint).
    seconds_replaying: float = 0.0
    seconds_writing: float = 0.0
    refusals: list[LineRefusal] = field(default_factory=list)

    @property
    def events_per_second(self) -> float:
        return self.events / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"lines": self.lines, "households": self.households, "imported": self.imported,
                "checked": self.checked,
                "already_in": self.already_in, "refused": self.refused, "events": self.events,
                "batches": self.batches, "seconds": round(self.seconds, 3),
                "seconds_replaying": round(self.seconds_replaying, 3), "seconds_writing": round(self.seconds_writing, 3),
                "events_per_second": round(self.events_per_second),
                "refusals": [{"line": r.line, "field": r.field, "message": r.message, "household": r.household}
                             for r in self.refusals]}


# ------------------------------------------------------------------------------ reading the file


@dataclass
class Group:
    """One household's lines, as they stand in the file."""

    key: str
    lines: list[tuple[int, str]]

    @property
    def fingerprint(self) -> str:
        digest = hashlib.sha256()
        for _, text in self.lines:
            digest.update(text.encode("utf-8"))
            digest.update(b"\n")
        return digest.hexdigest()

    @property
    def size(self) -> int:
        return len(self.lines)


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    with path.open("r", encoding="utf-8") as handle:
        for number, text in enumerate(handle, 1):
            text = text.rstrip("\r\n")
            if text.strip():
                yield number, text


def _unescaped(text: str) -> str:
    return json.loads(f'"{text}"') if "\\" in text else text


def scan(path: Path) -> tuple[int, set[str], list[LineRefusal]]:
    """First pass: (lines, households whose lines are not all together, lines that name no household)."""
    seen: set[str] = set()
    apart: set[str] = set()
    orphans: list[LineRefusal] = []
    previous = None
    count = 0
    for number, text in _lines(path):
        count += 1
        match = _HOUSEHOLD.search(text)
        if match is None:
            orphans.append(LineRefusal(number, "household", "deze regel noemt geen huishouden, of is geen geldige "
                                                            "JSON. Geef elke regel het veld household."))
            continue
        key = _unescaped(match.group(1))
        if key != previous:
            if key in seen:
                apart.add(key)
            seen.add(key)
            previous = key
    return count, apart, orphans


def groups(path: Path) -> Iterator[Group]:
    """The file's households in order, each with its lines (which `scan` found to be together)."""
    current: Group | None = None
    for number, text in _lines(path):
        match = _HOUSEHOLD.search(text)
        if match is None:
            continue
        key = _unescaped(match.group(1))
        if current is None or key != current.key:
            if current is not None:
                yield current
            current = Group(key, [])
        current.lines.append((number, text))
    if current is not None:
        yield current


# ------------------------------------------------------------------------------ replaying (workers)


@dataclass
class Prepared:
    """One household, replayed and sealed, ready to be written."""

    key: str
    household_id: str
    fingerprint: str
    first_line: int
    last_line: int
    last_occurred_at: str
    streams: list[str]  # complaint streams that share the household's key
    count: int  # events the household's lines made
    # (originator id, version, topic, sealed state, stream link) in file order
    events: list[tuple[str, int, str, bytes, bytes]]


_worker: dict[str, Any] = {}


def _start_worker(source: str) -> None:
    """A worker's own transcoder, registered exactly as the application registers its transcodings."""
    from eventsourcing.persistence import JSONTranscoder, Mapper

    from domain.application import WijkdossierApplication

    transcoder = JSONTranscoder()
    WijkdossierApplication.register_transcodings(object.__new__(WijkdossierApplication), transcoder)
    _worker["mapper"] = Mapper(transcoder=transcoder)
    _worker["source"] = source


def prepare(task: tuple[Group, str, bytes | None]) -> Prepared | LineRefusal:
    """Replay one household and seal its events; its first refused line otherwise. With no key
    (a check without writing) the events are replayed only."""
    group, fingerprint, key = task
    try:
        lines = [parse_line(text, number) for number, text in group.lines]
        done = replay(_worker["source"], lines)
    except LineError as error:
        # A line too broken to read still belongs to the household the first pass placed it in.
        return error.refusal if error.refusal.household else replace(error.refusal, household=group.key)
    household = str(done.household_id)
    events: list[tuple[str, int, str, bytes, bytes]] = []
    if key is not None:
        mapper = _worker["mapper"]
        links: dict[str, bytes] = {}
        for event in done.events:
            plain = mapper.to_stored_event(event)
            clear = getattr(type(event), "STORED_IN_CLEAR", False)
            stored = sealed(plain, household, None if clear else key)
            stream = str(stored.originator_id)
            encoded = encode_stored_event(stream, stored.originator_version, stored.topic, stored.state)
            links[stream] = stream_link(links.get(stream, GENESIS), encoded)
            events.append((stream, stored.originator_version, stored.topic, stored.state, links[stream]))
    assert done.last_occurred_at is not None
    return Prepared(group.key, household, fingerprint, done.first_line, done.last_line,
                    done.last_occurred_at.isoformat(), [str(c) for c in done.complaint_ids], len(done.events),
                    events)


# ------------------------------------------------------------------------------ writing


class BatchWriter:
    """Writes prepared households into the application's store: events, chain, heads, keys, progress."""

    def __init__(self, services: Any, source: str) -> None:
        self.app = services.dossiers
        self.integrity = services.integrity
        self.recorder = self.app.recorder
        self.db: StoreDatabase = self.recorder.integrity_db
        self.tables = self.recorder.chain_tables
        self.key_store = self.integrity.key_store
        self.source = source

    def already_in(self, keys: list[str]) -> dict[str, tuple[str, str]]:
        """Of these household keys, those a previous run imported: key -> (fingerprint, imported_at)."""
        found: dict[str, tuple[str, str]] = {}
        table = self.db.table(PROGRESS)
        for start in range(0, len(keys), 500):
            part = keys[start : start + 500]
            with self.db.transaction(write=False) as cur:
                rows = cur.execute(f"SELECT household_key, fingerprint, imported_at FROM {table} WHERE source = ? "
                                   f"AND household_key IN ({','.join('?' * len(part))})", [self.source, *part]).fetchall()
            found.update({r["household_key"]: (r["fingerprint"], r["imported_at"]) for r in rows})
        return found

    def write(self, batch: list[Prepared], keys: dict[str, tuple[bytes, tuple[Any, ...]]]) -> int:
        """One transaction for the batch; returns the number of events written."""
        if not batch:
            return 0
        if self.db.is_postgres:
            written = self._write_postgres(batch, keys)
        else:
            written = self._write_sqlite(batch, keys)
        self.integrity.create_checkpoint()  # one per batch, over everything written so far
        return written

    def _progress_rows(self, batch: list[Prepared], positions: dict[str, int]) -> list[tuple[Any, ...]]:
        now = utc_now_text()
        return [(self.source, p.key, p.household_id, p.fingerprint, p.first_line, p.last_line, len(p.events),
                 p.last_occurred_at, positions[p.household_id], now) for p in batch]

    def _write_postgres(self, batch: list[Prepared], keys: dict[str, tuple[bytes, tuple[Any, ...]]]) -> int:
        from uuid import UUID

        recorder, db, t = self.recorder, self.db, self.db.table
        events = [e for p in batch for e in p.events]
        schema, table = recorder.datastore.schema, recorder.events_table_name
        with recorder.datastore.get_connection() as conn, conn.transaction(), conn.cursor() as curs:
            # The application's own write lock: notification ids follow commit order, as for every save.
            recorder._lock_table(curs)
            cursor = Cursor(db, curs)
            taken = self._taken(cursor, batch)
            if taken:
                raise RuntimeError(f"households were imported meanwhile by another run: {sorted(taken)[:3]}")
            curs.execute(f"SELECT pg_get_serial_sequence('\"{schema}\".\"{table}\"', 'notification_id') AS s")
            sequence_name = curs.fetchone()["s"]
            curs.execute("SELECT nextval(%s) AS id FROM generate_series(1, %s)", (sequence_name, len(events)))
            ids = [int(r["id"]) for r in curs.fetchall()]
            last = cursor.execute(f"SELECT sequence, global_link FROM {t(self.tables.chain)} "
                                  "ORDER BY sequence DESC LIMIT 1").fetchone()
            sequence, previous = (int(last["sequence"]), bytes(last["global_link"])) if last else (0, GENESIS)
            recorder._notify_channel(curs)
            now = utc_now_text()
            chain, heads, positions = [], {}, {}
            with curs.copy(f'COPY "{schema}"."{table}" (originator_id, originator_version, topic, state, '
                           "notification_id) FROM STDIN (FORMAT BINARY)") as copy:
                copy.set_types(["uuid", "int8", "text", "bytea", "int8"])
                index = 0
                for p in batch:
                    for stream, version, topic, state, link in p.events:
                        position = ids[index]
                        index += 1
                        copy.write_row((UUID(stream), version, topic, state, position))
                        sequence += 1
                        previous = global_link(previous, sequence, encode_stored_event(stream, version, topic, state))
                        chain.append((position, sequence, stream, version, p.household_id, link, previous, now))
                        heads[stream] = (stream, p.household_id, version, link, position)
                    positions[p.household_id] = position
            self._copy(curs, self.tables.chain, ("position", "sequence", "originator_id", "originator_version",
                                                 "household_id", "stream_link", "global_link", "recorded_at"),
                       ["int8", "int8", "text", "int8", "text", "bytea", "bytea", "text"], chain)
            self._copy(curs, self.tables.heads, ("originator_id", "household_id", "originator_version", "stream_link",
                                                 "position"), ["text", "text", "int8", "bytea", "int8"], heads.values())
            self._copy(curs, DATA_KEYS, ("household_id", "wrapped_key", "master_key_id", "created_at"),
                       ["text", "bytea", "text", "text"], [keys[p.household_id][1] for p in batch])
            self._copy(curs, STREAM_HOUSEHOLDS, ("stream_id", "household_id"), ["text", "text"],
                       [(s, p.household_id) for p in batch for s in p.streams])
            self._copy(curs, PROGRESS, ("source", "household_key", "household_id", "fingerprint", "first_line",
                                        "last_line", "events", "last_occurred_at", "last_position", "imported_at"),
                       ["text", "text", "text", "text", "int8", "int8", "int8", "text", "int8", "text"],
                       self._progress_rows(batch, positions))
        return len(events)

    def _copy(self, curs: Any, name: str, columns: tuple[str, ...], types: list[str], rows: Iterable[tuple[Any, ...]]
              ) -> None:
        with curs.copy(f"COPY {self.db.table(name)} ({', '.join(columns)}) FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types(types)
            for row in rows:
                copy.write_row(row)

    def _taken(self, cursor: Cursor, batch: list[Prepared]) -> set[str]:
        keys = [p.key for p in batch]
        taken: set[str] = set()
        for start in range(0, len(keys), 500):
            part = keys[start : start + 500]
            rows = cursor.execute(f"SELECT household_key FROM {self.db.table(PROGRESS)} WHERE source = ? AND "
                                  f"household_key IN ({','.join('?' * len(part))})", [self.source, *part]).fetchall()
            taken.update(r["household_key"] for r in rows)
        return taken

    def _write_sqlite(self, batch: list[Prepared], keys: dict[str, tuple[bytes, tuple[Any, ...]]]) -> int:
        from uuid import UUID

        from eventsourcing.persistence import StoredEvent

        stored = [StoredEvent(originator_id=UUID(e[0]), originator_version=e[1], topic=e[2], state=e[3])
                  for p in batch for e in p.events]
        with self.db.transaction(write=True) as cur:  # BEGIN IMMEDIATE: the store's one writer
            taken = self._taken(cur, batch)
            if taken:
                raise RuntimeError(f"households were imported meanwhile by another run: {sorted(taken)[:3]}")
            # The recorder's own insert: events, chain rows and stream heads in this transaction.
            ids = self.recorder._insert_events(cur.raw, stored)
            positions, index = {}, 0
            for p in batch:
                index += len(p.events)
                positions[p.household_id] = int(ids[index - 1])
            cur.executemany(f"INSERT INTO {DATA_KEYS} (household_id, wrapped_key, master_key_id, created_at) "
                            "VALUES (?, ?, ?, ?)", [keys[p.household_id][1] for p in batch])
            cur.executemany(f"INSERT INTO {STREAM_HOUSEHOLDS} (stream_id, household_id) VALUES (?, ?)",
                            [(s, p.household_id) for p in batch for s in p.streams])
            cur.executemany(f"INSERT INTO {PROGRESS} (source, household_key, household_id, fingerprint, first_line, "
                            "last_line, events, last_occurred_at, last_position, imported_at) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", self._progress_rows(batch, positions))
        return len(stored)


# ------------------------------------------------------------------------------ the run


def _batches(items: Iterable[Group], events: int) -> Iterator[list[Group]]:
    batch: list[Group] = []
    size = 0
    for item in items:
        batch.append(item)
        size += item.size
        if size >= events:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def default_workers(lines: int) -> int:
    """Worker processes for a file: none for a small one (starting them costs more than it saves),
    else one per core."""
    return 0 if lines < 50_000 else max(1, os.cpu_count() or 1)


def run_import(services: Any, path: Path, *, source: str = DEFAULT_SOURCE, check_only: bool = False,
               batch_events: int = 20_000, workers: int | None = None) -> ImportReport:
    """Import (or with `check_only`, only check) the file; see the module's description."""
    started = time.perf_counter()
    report = ImportReport()
    report.lines, apart, orphans = scan(path)
    if workers is None:
        workers = default_workers(report.lines)
    report.refusals.extend(orphans)
    if orphans:
        # A line that names no household cannot be placed: writing the rest could leave a household
        # without it. Nothing is written until the file is fixed.
        report.seconds = time.perf_counter() - started
        return report
    writer = None if check_only else BatchWriter(services, source)
    pool = multiprocessing.get_context("spawn").Pool(workers, _start_worker, (source,)) if workers > 0 else None
    if pool is None:
        _start_worker(source)
    try:
        _run(report, writer, pool, path, apart, batch_events)
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()
    report.refusals.sort(key=lambda r: r.line)
    report.seconds = time.perf_counter() - started
    return report


def _run(report: ImportReport, writer: BatchWriter | None, pool: Any, path: Path, apart: set[str],
         batch_events: int) -> None:
    told: set[str] = set()

    def submit(batch: list[Group]) -> tuple[Any, dict[str, tuple[bytes, tuple[Any, ...]]]]:
        report.households += sum(1 for g in batch if g.key not in apart or g.key not in told)
        tasks, keys = [], {}
        for group in batch:
            if group.key in apart and group.key not in told:
                told.add(group.key)  # once, at its first block
                report.refused += 1
                report.refusals.append(LineRefusal(group.lines[0][0], "household", "de regels van dit huishouden "
                                       "staan niet bij elkaar in het bestand. Zet alle regels van een huishouden "
                                       "direct onder elkaar; het huishouden is niet ingelezen.", group.key))
        batch = [g for g in batch if g.key not in apart]
        prints = {g.key: g.fingerprint for g in batch}
        done = writer.already_in(list(prints)) if writer is not None else {}
        for group in batch:
            if group.key in done:
                fingerprint, at = done[group.key]
                if fingerprint == prints[group.key]:
                    report.already_in += 1
                else:
                    report.refused += 1
                    report.refusals.append(LineRefusal(group.lines[0][0], "household", f"dit huishouden is al "
                                           f"ingelezen ({at[:10]}) met andere regels en is niet opnieuw ingelezen. "
                                           "Vul een ingelezen dossier aan in Wijkdossier zelf.", group.key))
                continue
            tasks.append(group)
        if writer is not None:
            keys = writer.key_store.new_data_keys(str(household_uuid(writer.source, g.key)) for g in tasks)
        work = [(g, prints[g.key], keys[str(household_uuid(writer.source, g.key))][0] if writer else None)
                for g in tasks]
        if pool is None:
            return _Done([prepare(w) for w in work]), keys
        return pool.map_async(prepare, work, chunksize=max(1, len(work) // 16 or 1)), keys

    batches = _batches(groups(path), batch_events)
    first = next(batches, None)
    pending = submit(first) if first is not None else None
    while pending is not None:
        waited = time.perf_counter()
        results, keys = pending[0].get(), pending[1]
        report.seconds_replaying += time.perf_counter() - waited
        following = next(batches, None)
        pending = submit(following) if following is not None else None
        ready = []
        for result in results:
            if isinstance(result, LineRefusal):
                report.refused += 1
                report.refusals.append(result)
            else:
                ready.append(result)
        if writer is None:
            report.checked += len(ready)
            report.events += sum(p.count for p in ready)
        elif ready:
            writing = time.perf_counter()
            report.events += writer.write(ready, keys)
            report.seconds_writing += time.perf_counter() - writing
            report.batches += 1
            report.imported += len(ready)


class _Done:
    """The in-process stand-in for a pool's pending result."""

    def __init__(self, value: Any) -> None:
        self.value = value

    def get(self) -> Any:
        return self.value
