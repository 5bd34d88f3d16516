"""Durable, append-only, hash-chained storage for the access log, with group commit.

The access log does not use the event table: the eventsourcing library serialises every
PostgreSQL event write with a table lock, and on SQLite the event store holds the single
writer lock. So the log has its own table (PostgreSQL) or its own file (SQLite) and its
own writer.

Group commit: callers hand their entries to one writer thread and wait. The writer takes
everything that arrived while the previous commit was in flight, assigns positions and
hash links in order, writes them in one transaction, commits, and only then wakes each
caller with its stored entries (or with `AccessLogWriteError` if the commit failed).
Inside each transaction the writer reads the chain head under the store's write lock
(SQLite `BEGIN IMMEDIATE`; a PostgreSQL transaction-level advisory lock, not a table
lock), so several processes writing the same log still build one linear chain.

No code path updates or deletes a line; triggers refuse UPDATE and DELETE (and TRUNCATE on
PostgreSQL). The table owner or a superuser can still disable or drop them (so in
production let a separate role own the table and grant the application only INSERT and
SELECT), and anyone with the SQLite file can edit it: that is what the hash chain and
`verify` are for, and the signed checkpoints over `head()` catch a rewritten or truncated
tail (`verify(expected_head=...)`).

Who a line is about is also kept in a side table, `access_log_subjects` (subject id, position),
written in the same transaction as the lines and indexed by subject: the per-person query (the
privacy officer's export, "who looked at my data") reads it instead of matching text in
`data_subject_ids`. It is an index, not part of the chain: the lines and their hashes are unchanged,
and a log made before it gets the table filled from its lines when first opened.

A commit that fails ambiguously (the connection drops during COMMIT) is reported as a
failure although the lines may be stored: a logged read that was refused, never an
unlogged read that was served.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import closing
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any, Unpack

from infra.access_log_schema import (  # noqa: F401 - create_*/pg_*/table_columns/subjects_of: the store's tables, by this name too
    _SQLITE_INSERT_SUBJECT,
    _subject_rows,
    access_log_path,
    create_sqlite_schema,
    create_sqlite_subjects,
    pg_schema_statements,
    pg_subjects_statements,
    subjects_of,
    table_columns,
)
from infra.access_log_csv import POSTGRES, SQLITE, line_expression, plain_is_exact
from infra.metrics import ACCESS_LOG_WRITE_SECONDS
from infra.migrations import Place, ensure_place
from infra.settings import StoreSettings
from privacy.access_log import (
    ENTRY_FIELDS,
    GENESIS_HASH,
    ROW_COLUMNS,
    AccessLog,
    AccessLogEntry,
    AccessLogWriteError,
    ChainRow,
    InvalidAccessLogEntryError,
    LineFilter,
    Problem,
    StoredAccessLogEntry,
    VerificationResult,
    canonical_fields,
    chain_hash,
    stored_entry_from_fields,
    format_time,
    utc_now,
    verify_chain,
)

logger = logging.getLogger(__name__)

COLUMNS: tuple[str, ...] = ROW_COLUMNS
_TIME_AT = COLUMNS.index("time")
_ENTRY_ID_AT = COLUMNS.index("entry_id")
DEFAULT_APPEND_TIMEOUT = 30.0
DEFAULT_MAX_BATCH = 500


class _DroppedBeforeWriting(Exception):
    """The writer's connection was found broken before any row of the batch was sent."""


class _Request:
    """One caller's entries waiting for the writer; `done` is set once they are decided."""

    __slots__ = ("entries", "done", "stored", "failed")

    def __init__(self, entries: list[AccessLogEntry]) -> None:
        self.entries = entries
        self.done = threading.Event()
        self.stored: list[StoredAccessLogEntry] = []
        self.failed = False


def _chain(
    entries: Sequence[AccessLogEntry], head_position: int, head_hash: str
) -> tuple[list[StoredAccessLogEntry], list[dict[str, Any]]]:
    """Stamp, number and link entries after the given head (runs in the writer only)."""
    stored: list[StoredAccessLogEntry] = []
    rows: list[dict[str, Any]] = []
    position, previous = head_position, head_hash
    for entry in entries:
        stamped = entry.stamped(utc_now())
        values = canonical_fields(stamped)
        position += 1
        link = chain_hash(previous, values)
        stored.append(StoredAccessLogEntry(position=position, prev_hash=previous, hash=link, entry=stamped))
        rows.append({"position": position, "prev_hash": previous, "hash": link, **values})
        previous = link
    return stored, rows


_SUBJECT_COLUMNS = ("position", "person_id", "data_subject_id", "data_subject_ids")


def check_subjects(
    lines: Iterable[Sequence[Any]], subject_rows: Iterable[Sequence[Any]], result: VerificationResult,
) -> VerificationResult:
    """The chain's result, or the first line whose rows in `access_log_subjects` are not its subjects.

    Who a line is about is part of the record: a subject row taken away hides the line from that
    person's query, one added shows it to someone it was not about. `lines` gives
    (position, person_id, data_subject_id, data_subject_ids) and `subject_rows` (position, subject_id),
    both in position order (subjects by id within a line); both are walked once, side by side.
    """
    if not result.ok:
        return result
    rows = iter(subject_rows)
    pending = next(rows, None)

    def bad(position: int, problem: Problem, detail: str) -> VerificationResult:
        return replace(result, ok=False, first_bad_position=position, problem=problem,
                       detail=f"access_log_subjects: {detail}")

    for line in lines:
        position = int(line[0])
        if pending is not None and int(pending[0]) < position:
            return bad(int(pending[0]), "missing", "the line is gone, its data subjects are still recorded")
        found = []
        while pending is not None and int(pending[0]) == position:
            found.append(str(pending[1]))
            pending = next(rows, None)
        expected = subjects_of(dict(zip(_SUBJECT_COLUMNS, line)))
        if sorted(found) != expected:
            missing = sorted(set(expected) - set(found))
            if missing:
                return bad(position, "missing", f"{len(missing)} of the line's data subjects not found")
            return bad(position, "inserted", "a data subject the line does not name")
    if pending is not None:  # a cut-off tail: the chain alone cannot see it, the subjects can
        return bad(int(pending[0]), "missing", "the line is gone, its data subjects are still recorded")
    return result


class GroupCommitAccessLog(AccessLog):
    """The group-commit writer shared by both stores; subclasses supply `_write_batch`."""

    def __init__(self, *, append_timeout: float, max_batch: int) -> None:
        self._append_timeout = append_timeout
        self._max_batch = max_batch
        self._condition = threading.Condition()
        self._pending: deque[_Request] = deque()
        self._closing = False
        self._commits = 0
        self._stored_count = 0
        self._thread = threading.Thread(target=self._run, name="access-log-writer", daemon=True)

    @property
    def commit_count(self) -> int:
        """Transactions committed by this instance (fewer than entries under concurrency)."""
        return self._commits

    @property
    def stored_count(self) -> int:
        """Entries committed by this instance."""
        return self._stored_count

    def append_many(self, entries: Sequence[AccessLogEntry]) -> list[StoredAccessLogEntry]:
        entries = list(entries)
        if not entries:
            return []
        for entry in entries:
            if not isinstance(entry, AccessLogEntry):
                raise InvalidAccessLogEntryError("access log: append takes AccessLogEntry objects")
        request = _Request(entries)
        started = time.perf_counter()
        with self._condition:
            if self._closing:
                raise AccessLogWriteError("access log is closed; entry not stored")
            self._pending.append(request)
            self._condition.notify()
        if not request.done.wait(self._append_timeout):
            ACCESS_LOG_WRITE_SECONDS.labels("timeout").observe(time.perf_counter() - started)
            # The writer may still commit it later: a logged-but-refused read is the safe side.
            raise AccessLogWriteError("access log entry not confirmed in time; treat as not stored")
        ACCESS_LOG_WRITE_SECONDS.labels("failed" if request.failed else "stored").observe(time.perf_counter() - started)
        if request.failed:
            raise AccessLogWriteError("access log entry could not be stored")
        return request.stored

    def close(self) -> None:
        with self._condition:
            already = self._closing
            self._closing = True
            self._condition.notify_all()
        if not already and self._thread.is_alive():
            self._thread.join()
        if not already:
            self._close_resources()

    def _start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        while True:
            with self._condition:
                while not self._pending and not self._closing:
                    self._condition.wait()
                if not self._pending:
                    return  # closing, and everything pending has been decided
                batch = [self._pending.popleft()]
                size = len(batch[0].entries)
                while self._pending and size + len(self._pending[0].entries) <= self._max_batch:
                    request = self._pending.popleft()
                    size += len(request.entries)
                    batch.append(request)
            self._commit(batch)

    def _commit(self, batch: list[_Request]) -> None:
        entries = [entry for request in batch for entry in request.entries]
        try:
            stored = self._write_batch(entries)
        except Exception as exc:  # any failure fails the batch; the writer lives on
            # Only the type and SQLSTATE: driver messages can echo row values.
            logger.warning(
                "access log commit of %d entries failed: %s %s",
                len(entries),
                type(exc).__name__,
                getattr(exc, "sqlstate", None) or getattr(exc, "sqlite_errorname", ""),
            )
            for request in batch:
                request.failed = True
                request.done.set()
            return
        self._commits += 1
        self._stored_count += len(stored)
        offset = 0
        for request in batch:
            request.stored = stored[offset : offset + len(request.entries)]
            offset += len(request.entries)
            request.done.set()

    def _write_batch(self, entries: list[AccessLogEntry]) -> list[StoredAccessLogEntry]:
        """Write entries after the current head in one committed transaction."""
        raise NotImplementedError

    def _close_resources(self) -> None:
        raise NotImplementedError


def _where(placeholder: str, subjects_table: str, where: LineFilter, quote: str = "",
           moment: Callable[[datetime], Any] = lambda t: t,
           flag: Callable[[bool], Any] = lambda b: b) -> tuple[str, list[Any]]:
    """The WHERE clause and its parameters for a `LineFilter`; `moment` and `flag` put a time and
    the emergency flag as the store keeps them."""
    unknown = set(where) - set(LineFilter.__annotations__)
    if unknown:  # a misspelt filter must not quietly widen a query about people to every line
        raise TypeError(f"access log query: unknown filter {', '.join(sorted(unknown))}")
    clauses: list[str] = []
    params: list[Any] = []
    person_id = where.get("person_id")
    if person_id is not None:
        # Through the side table: household-level lines name every member concerned.
        clauses.append(f"position IN (SELECT position FROM {subjects_table} WHERE subject_id = {placeholder})")
        params.append(person_id)
    for column in ("household_id", "user_id", "organisation"):
        value = where.get(column)
        if value is not None:
            clauses.append(f"{column} = {placeholder}")
            params.append(value)
    for key, operator in (("since", ">="), ("until", "<")):
        value = where.get(key)
        if value is not None:
            clauses.append(f"{quote}time{quote} {operator} {placeholder}")
            params.append(moment(value))
    emergency = where.get("emergency")
    if emergency is not None:
        clauses.append(f"emergency = {placeholder}")
        params.append(flag(emergency))
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _check_limit(limit: int | None) -> None:
    if limit is not None and (not isinstance(limit, int) or limit < 0):
        raise ValueError("access log query: limit must be a non-negative integer")


# --------------------------------------------------------------------------- SQLite

def _sqlite_fields(row: Sequence[Any]) -> dict[str, Any]:
    values = dict(zip(ENTRY_FIELDS, row[3:]))
    # 0/1 back to JSON booleans; any other stored value stays as-is so its hash fails.
    values["emergency"] = {0: False, 1: True}.get(values["emergency"], values["emergency"])
    return values


def _sqlite_stored(row: Sequence[Any]) -> StoredAccessLogEntry:
    entry = stored_entry_from_fields(_sqlite_fields(row))
    return StoredAccessLogEntry(position=row[0], prev_hash=row[1], hash=row[2], entry=entry)


class SQLiteAccessLog(GroupCommitAccessLog):
    """The access log in its own SQLite file (WAL, synchronous=FULL).

    A separate file from the event store, so logging a read never waits for SQLite's single
    writer lock held by event writes, and readers of the log never block its writer.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        busy_timeout: float = 5.0,
        append_timeout: float = DEFAULT_APPEND_TIMEOUT,
        max_batch: int = DEFAULT_MAX_BATCH,
    ) -> None:
        super().__init__(append_timeout=append_timeout, max_batch=max_batch)
        self.path = Path(path)
        self._busy_timeout = busy_timeout
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._writer = self._connect()
        mode = self._writer.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            self._writer.close()
            raise AccessLogWriteError("access log: SQLite file cannot use WAL journal mode")
        try:
            ensure_place(Place.sqlite(self.path), "access_log")
        except BaseException:
            self._writer.close()
            raise
        self._insert = (
            f"INSERT INTO access_log ({', '.join(COLUMNS)}) VALUES ({', '.join(':' + c for c in COLUMNS)})"
        )
        self._start()

    def _connect(self) -> sqlite3.Connection:
        # check_same_thread=False: the writer connection is made here and used by the writer thread.
        conn = sqlite3.connect(
            self.path, timeout=self._busy_timeout, isolation_level=None, check_same_thread=False
        )
        conn.execute("PRAGMA synchronous=FULL")
        return conn

    def _reader(self) -> sqlite3.Connection:
        conn = self._connect()
        conn.execute("PRAGMA query_only=ON")
        return conn

    def _write_batch(self, entries: list[AccessLogEntry]) -> list[StoredAccessLogEntry]:
        conn = self._writer
        conn.execute("BEGIN IMMEDIATE")
        try:
            head = conn.execute("SELECT position, hash FROM access_log ORDER BY position DESC LIMIT 1").fetchone()
            stored, rows = _chain(entries, *(head or (0, GENESIS_HASH)))
            for row in rows:
                row["emergency"] = int(row["emergency"])
            conn.executemany(self._insert, rows)
            conn.executemany(_SQLITE_INSERT_SUBJECT, _subject_rows(rows))
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                try:
                    conn.execute("ROLLBACK")
                except sqlite3.Error as rollback_error:
                    # SQLite may already have rolled back; the original error is the one to raise.
                    logger.warning("access log rollback failed: %s", type(rollback_error).__name__)
            raise
        return stored

    def _close_resources(self) -> None:
        self._writer.close()

    def subject_ids(self) -> list[str]:
        with closing(self._reader()) as conn:
            return [r[0] for r in conn.execute("SELECT DISTINCT subject_id FROM access_log_subjects ORDER BY 1")]

    def head(self) -> tuple[int, str]:
        with closing(self._reader()) as conn:
            row = conn.execute("SELECT position, hash FROM access_log ORDER BY position DESC LIMIT 1").fetchone()
        return (row[0], row[1]) if row else (0, GENESIS_HASH)

    def query(self, *, limit: int | None = None, **where: Unpack[LineFilter]) -> list[StoredAccessLogEntry]:
        _check_limit(limit)
        statement, params = self._select(where)
        if limit is not None:
            statement += f" LIMIT {int(limit)}"
        with closing(self._reader()) as conn:
            rows = conn.execute(statement, params).fetchall()
        return [_sqlite_stored(r) for r in rows]

    def scan(self, *, batch_size: int = 1000, **where: Unpack[LineFilter]) -> Iterator[list[StoredAccessLogEntry]]:
        statement, params = self._select(where)
        with closing(self._reader()) as conn:
            # One read transaction: the export is one snapshot while the writer keeps appending.
            conn.execute("BEGIN")
            try:
                cursor = conn.execute(statement, params)
                while rows := cursor.fetchmany(batch_size):
                    yield [_sqlite_stored(r) for r in rows]
            finally:
                conn.execute("ROLLBACK")

    def scan_rows(self, *, batch_size: int = 1000, **where: Unpack[LineFilter]) -> Iterator[list[tuple[Any, ...]]]:
        # The stored rows as they are: COLUMNS is ROW_COLUMNS, time is stored as its canonical text.
        statement, params = self._select(where)
        with closing(self._reader()) as conn:
            conn.execute("BEGIN")
            try:
                cursor = conn.execute(statement, params)
                while rows := cursor.fetchmany(batch_size):
                    yield rows
            finally:
                conn.execute("ROLLBACK")

    def scan_csv(self, columns: Sequence[str], flags: Mapping[str, tuple[str, str]], *, batch_size: int = 1000,
                 **where: Unpack[LineFilter]) -> Iterator[str]:
        # Plain lines first; a batch in which some value needs quoting is written again, quoted (access_log_csv).
        plain, params = self._select(where, select=line_expression(SQLITE, columns, flags, quoting=False)
                                     + ", position")
        quoted, _ = self._select(where, select=line_expression(SQLITE, columns, flags, quoting=True), within=True)
        with closing(self._reader()) as conn:
            conn.execute("BEGIN")
            try:
                cursor = conn.execute(plain, params)
                while rows := cursor.fetchmany(batch_size):
                    text = "".join([row[0] for row in rows])
                    if not plain_is_exact(text, len(rows), len(columns)):
                        text = "".join(r[0] for r in conn.execute(quoted, [*params, rows[0][1], rows[-1][1]]))
                    yield text
            finally:
                conn.execute("ROLLBACK")

    def _select(self, where: LineFilter, select: str | None = None, within: bool = False) -> tuple[str, list[Any]]:
        """The statement for the lines `where` asks for; `within`: only those from one position to
        another, given as two more parameters."""
        # SQLite keeps time as its canonical text and the flag as 0 or 1.
        clause, params = _where("?", "access_log_subjects", where, moment=format_time, flag=int)
        if within:
            clause += (" AND" if clause else " WHERE") + " position BETWEEN ? AND ?"
        return f"SELECT {select or ', '.join(COLUMNS)} FROM access_log{clause} ORDER BY position", params

    def verify(self, expected_head: tuple[int, str] | None = None) -> VerificationResult:
        with closing(self._reader()) as conn:
            # One read transaction: a consistent snapshot while the writer keeps appending.
            conn.execute("BEGIN")

            def rows() -> Iterator[ChainRow]:
                cursor = conn.execute(f"SELECT {', '.join(COLUMNS)} FROM access_log ORDER BY position")
                for r in cursor:
                    yield ChainRow(position=r[0], prev_hash=r[1], hash=r[2], fields=_sqlite_fields(r))

            def position_of_hash(link: str) -> int | None:
                found = conn.execute("SELECT position FROM access_log WHERE hash = ? LIMIT 1", (link,)).fetchone()
                return found[0] if found else None

            walk = rows()
            try:
                result = verify_chain(walk, position_of_hash, expected_head)
            finally:
                walk.close()
            if expected_head is not None:
                return result  # a checkpoint's head: the whole walk (with its subjects) is verify()'s
            lines = conn.execute(f"SELECT {', '.join(_SUBJECT_COLUMNS)} FROM access_log ORDER BY position")
            subjects = conn.cursor().execute(
                "SELECT position, subject_id FROM access_log_subjects ORDER BY position, subject_id")
            return check_subjects(lines, subjects, result)


# --------------------------------------------------------------------------- PostgreSQL

def _pg_fields(row: Sequence[Any]) -> dict[str, Any]:
    values = dict(zip(ENTRY_FIELDS, row[3:]))
    values["entry_id"] = str(values["entry_id"])
    values["time"] = format_time(values["time"])
    return values


def _pg_stored(row: Sequence[Any]) -> StoredAccessLogEntry:
    entry = stored_entry_from_fields(_pg_fields(row))
    return StoredAccessLogEntry(position=row[0], prev_hash=row[1], hash=row[2], entry=entry)


class PostgresAccessLog(GroupCommitAccessLog):
    """The access log in its own table `access_log` in the given PostgreSQL schema.

    The writer thread has a dedicated connection (synchronous_commit on); queries and
    verification use a small pool, so reading the log never waits for its writer.
    """

    WRITER_APPLICATION_NAME = "wijkdossier-access-log-writer"

    def __init__(
        self,
        conninfo: str,
        schema: str = "public",
        *,
        append_timeout: float = DEFAULT_APPEND_TIMEOUT,
        max_batch: int = DEFAULT_MAX_BATCH,
        pool_size: int = 4,
    ) -> None:
        import psycopg
        from psycopg import sql
        from psycopg_pool import ConnectionPool

        super().__init__(append_timeout=append_timeout, max_batch=max_batch)
        self._conninfo = conninfo
        self.schema = schema
        table = sql.Identifier(schema, "access_log")
        # A transaction-level advisory lock per log (not a table lock) keeps the chain linear
        # across processes; readers and event writes never touch it.
        self._lock_key = int.from_bytes(
            hashlib.sha256(f"wijkdossier.access_log.{schema}".encode()).digest()[:8], "big", signed=True
        )
        self._head_sql = sql.SQL("SELECT position, hash FROM {} ORDER BY position DESC LIMIT 1").format(table)
        self._select_sql = sql.SQL("SELECT {} FROM {}").format(
            sql.SQL(", ").join(sql.Identifier(c) for c in COLUMNS), table
        )
        self._find_sql = sql.SQL("SELECT position FROM {} WHERE hash = %s LIMIT 1").format(table)
        self._insert_subject_sql = sql.SQL(
            "INSERT INTO {} (subject_id, position) VALUES (%(subject_id)s, %(position)s) ON CONFLICT DO NOTHING"
        ).format(sql.Identifier(schema, "access_log_subjects"))
        self._insert_sql = sql.SQL("INSERT INTO {} ({}) VALUES ({})").format(
            table,
            sql.SQL(", ").join(sql.Identifier(c) for c in COLUMNS),
            sql.SQL(", ").join(sql.Placeholder(c) for c in COLUMNS),
        )
        ensure_place(Place.postgres(conninfo, schema), "access_log")
        self._writer: psycopg.Connection | None = self._connect_writer()
        self._pool = ConnectionPool(
            conninfo,
            # Checked when taken (one empty query), so a connection a database restart broke is
            # replaced instead of failing the first read after it.
            check=ConnectionPool.check_connection,
            min_size=1,
            max_size=pool_size,
            kwargs={"autocommit": True, "application_name": "wijkdossier-access-log-reader"},
            name="access-log-readers",
            open=True,
        )
        self._start()

    def _connect_writer(self) -> Any:
        import psycopg

        conn = psycopg.connect(
            self._conninfo, autocommit=True, application_name=self.WRITER_APPLICATION_NAME, connect_timeout=10
        )
        # Durability is the point: never let a server default of synchronous_commit=off apply.
        conn.execute("SET synchronous_commit = on")
        # A stuck statement or lock wait must fail the batch, not hang the writer for everyone.
        limit_ms = int(self._append_timeout * 1000)
        conn.execute(f"SET statement_timeout = {limit_ms}")
        conn.execute(f"SET lock_timeout = {limit_ms}")
        return conn

    def _write_batch(self, entries: list[AccessLogEntry]) -> list[StoredAccessLogEntry]:
        # The writer's connection sits idle between reads; a database restart drops it unseen. That is
        # found on the batch's first statement, before any row is sent: then once more on a new
        # connection, so the read waiting for this line is not refused for a connection long gone.
        # A failure after rows were sent is never retried (they may have been committed).
        try:
            return self._write_batch_once(entries)
        except _DroppedBeforeWriting as dropped:
            logger.info("access log writer: connection dropped while idle (%s); reconnected",
                        type(dropped.__cause__).__name__)
            return self._write_batch_once(entries)

    def _write_batch_once(self, entries: list[AccessLogEntry]) -> list[StoredAccessLogEntry]:
        if self._writer is None or self._writer.closed:
            self._writer = self._connect_writer()
        conn = self._writer
        rows_sent = False
        try:
            with conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (self._lock_key,))
                head = conn.execute(self._head_sql).fetchone()
                stored, rows = _chain(entries, *(head or (0, GENESIS_HASH)))
                for row, item in zip(rows, stored):
                    row["entry_id"] = item.entry.entry_id
                    row["time"] = item.entry.time
                with conn.cursor() as cursor:
                    rows_sent = True
                    cursor.executemany(self._insert_sql, rows)
                    subjects = _subject_rows(rows)
                    if subjects:
                        cursor.executemany(self._insert_subject_sql, subjects)
        except Exception as exc:
            if conn.broken or conn.closed:
                conn.close()
                self._writer = None  # reconnect for the next batch
                if not rows_sent:
                    raise _DroppedBeforeWriting() from exc
            raise
        return stored

    def _close_resources(self) -> None:
        if self._writer is not None:
            self._writer.close()
        self._pool.close()

    def writer_backend_pid(self) -> int | None:
        """The writer connection's server process id (for operators and fault tests)."""
        return None if self._writer is None or self._writer.closed else self._writer.info.backend_pid

    def subject_ids(self) -> list[str]:
        from psycopg import sql

        statement = sql.SQL("SELECT DISTINCT subject_id FROM {} ORDER BY 1").format(
            sql.Identifier(self.schema, "access_log_subjects"))
        with self._pool.connection() as conn:
            return [r[0] for r in conn.execute(statement).fetchall()]

    def head(self) -> tuple[int, str]:
        with self._pool.connection() as conn:
            row = conn.execute(self._head_sql).fetchone()
        return (row[0], row[1]) if row else (0, GENESIS_HASH)

    def query(self, *, limit: int | None = None, **where: Unpack[LineFilter]) -> list[StoredAccessLogEntry]:
        from psycopg import sql

        _check_limit(limit)
        statement, params = self._select(where)
        if limit is not None:
            statement += sql.SQL(" LIMIT {}").format(sql.Literal(int(limit)))
        with self._pool.connection() as conn:
            rows = conn.execute(statement, params).fetchall()
        return [_pg_stored(r) for r in rows]

    def scan(self, *, batch_size: int = 1000, **where: Unpack[LineFilter]) -> Iterator[list[StoredAccessLogEntry]]:
        for batch in self.scan_raw(batch_size, where):
            yield [_pg_stored(r) for r in batch]

    def scan_rows(self, *, batch_size: int = 1000, **where: Unpack[LineFilter]) -> Iterator[list[tuple[Any, ...]]]:
        # PostgreSQL gives time as a datetime and entry_id as a UUID: both as text, as on SQLite.
        time_at, id_at = _TIME_AT, _ENTRY_ID_AT
        for batch in self.scan_raw(batch_size, where):
            rows = [list(row) for row in batch]
            for row in rows:
                row[time_at] = format_time(row[time_at])
                row[id_at] = str(row[id_at])
            yield [tuple(row) for row in rows]

    def scan_raw(self, batch_size: int, where: LineFilter) -> Iterator[list[tuple[Any, ...]]]:
        statement, params = self._select(where)
        with self._pool.connection() as conn:
            # A server-side cursor in one REPEATABLE READ snapshot: batches come from the
            # database as the export is sent, so memory stays flat however many lines match.
            conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            try:
                with conn.cursor(name="access_log_scan") as cursor:
                    cursor.itersize = batch_size
                    cursor.execute(statement, params)
                    while rows := cursor.fetchmany(batch_size):
                        yield rows
            finally:
                conn.execute("ROLLBACK")

    def scan_csv(self, columns: Sequence[str], flags: Mapping[str, tuple[str, str]], *, batch_size: int = 1000,
                 **where: Unpack[LineFilter]) -> Iterator[str]:
        from psycopg.rows import tuple_row

        # As on SQLite: plain lines, and a batch that needs quoting written again within the same snapshot.
        plain, params = self._select(where, select=line_expression(POSTGRES, columns, flags, quoting=False)
                                     + ", position")
        quoted, _ = self._select(where, select=line_expression(POSTGRES, columns, flags, quoting=True), within=True)
        with self._pool.connection() as conn:
            conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            try:
                with conn.cursor(name="access_log_csv", row_factory=tuple_row) as cursor:
                    cursor.itersize = batch_size
                    cursor.execute(plain, params)
                    while rows := cursor.fetchmany(batch_size):
                        text = "".join([row[0] for row in rows])
                        if not plain_is_exact(text, len(rows), len(columns)):
                            with conn.cursor(row_factory=tuple_row) as again:
                                again.execute(quoted, [*params, rows[0][1], rows[-1][1]])
                                text = "".join(r[0] for r in again.fetchall())
                        yield text
            finally:
                conn.execute("ROLLBACK")

    def _select(self, where: LineFilter, select: str | None = None, within: bool = False) -> tuple[Any, list[Any]]:
        from psycopg import sql

        clause, params = _where("%s", f'"{self.schema}".access_log_subjects', where, quote='"')
        if within:  # as on SQLite
            clause += (" AND" if clause else " WHERE") + " position BETWEEN %s AND %s"
        head = self._select_sql if select is None else sql.SQL(f'SELECT {select} FROM "{self.schema}".access_log')
        return head + sql.SQL(clause + " ORDER BY position"), params

    def verify(self, expected_head: tuple[int, str] | None = None) -> VerificationResult:
        from psycopg import sql

        with self._pool.connection() as conn:
            # REPEATABLE READ: one snapshot for the walk and the lookups while appends go on.
            conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            try:

                def rows() -> Iterator[ChainRow]:
                    with conn.cursor(name="access_log_verify") as cursor:
                        cursor.itersize = 2000
                        cursor.execute(self._select_sql + sql.SQL(" ORDER BY position"))
                        for r in cursor:
                            yield ChainRow(position=r[0], prev_hash=r[1], hash=r[2], fields=_pg_fields(r))

                def position_of_hash(link: str) -> int | None:
                    found = conn.execute(self._find_sql, (link,)).fetchone()
                    return found[0] if found else None

                walk = rows()
                try:
                    result = verify_chain(walk, position_of_hash, expected_head)
                finally:
                    walk.close()  # closes the server-side cursor while the transaction is open
                if expected_head is not None:
                    return result  # a checkpoint's head: the whole walk (with its subjects) is verify()'s
                return self._check_subjects(conn, result)
            finally:
                conn.execute("ROLLBACK")

    def _check_subjects(self, conn: Any, result: VerificationResult) -> VerificationResult:
        """`check_subjects` over two server-side cursors in the verify's snapshot."""
        from psycopg import sql

        lines_sql = sql.SQL("SELECT {} FROM {} ORDER BY position").format(
            sql.SQL(", ").join(sql.Identifier(c) for c in _SUBJECT_COLUMNS), sql.Identifier(self.schema, "access_log"))
        subjects_sql = sql.SQL("SELECT position, subject_id FROM {} ORDER BY position, subject_id").format(
            sql.Identifier(self.schema, "access_log_subjects"))
        with conn.cursor(name="access_log_verify_lines") as lines, \
                conn.cursor(name="access_log_verify_subjects") as subjects:
            lines.itersize = subjects.itersize = 2000
            lines.execute(lines_sql)
            subjects.execute(subjects_sql)
            return check_subjects(lines, subjects, result)


# --------------------------------------------------------------------------- factory

def open_access_log(settings: StoreSettings, **options: Any) -> GroupCommitAccessLog:
    """Open (creating if missing) the access log that belongs to this store.

    Options (`append_timeout`, `max_batch`, and `busy_timeout` for SQLite) pass through.
    Close it when done; it owns a writer thread.
    """
    if settings.kind == "sqlite":
        return SQLiteAccessLog(access_log_path(settings), **options)
    if settings.is_postgres:
        return PostgresAccessLog(settings.conninfo(), settings.schema, **options)
    raise ValueError(f"open_access_log: unknown store kind {settings.kind!r}")
