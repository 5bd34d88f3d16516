"""A thin SQL seam over the eventsourcing datastores, so the chain, checkpoint and key
tables share the events' database (SQLite file or PostgreSQL schema) and its connections.

SQL is written once with `?` placeholders and `{table}` names; PostgreSQL gets `%s` and
schema-qualified names.
"""

from __future__ import annotations

import itertools
import queue
import threading
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from eventsourcing.postgres import PostgresDatastore
from eventsourcing.sqlite import SQLiteDatastore


class StoreDatabase:
    """Runs our own statements on the datastore that also holds the events."""

    def __init__(self, datastore: SQLiteDatastore | PostgresDatastore):
        self.datastore = datastore
        self.is_postgres = isinstance(datastore, PostgresDatastore)
        self.blob = "bytea" if self.is_postgres else "BLOB"
        self.bigint = "bigint" if self.is_postgres else "INTEGER"

    def table(self, name: str) -> str:
        """The name to put in SQL for one of our tables."""
        if self.is_postgres:
            return f'"{self.datastore.schema}"."{name}"'
        return name

    def sql(self, statement: str) -> str:
        return statement.replace("?", "%s") if self.is_postgres else statement

    @contextmanager
    def transaction(self, *, write: bool) -> Iterator[Cursor]:
        """One transaction; `write=True` takes the write lock up front on SQLite
        (BEGIN IMMEDIATE), so a read-then-write never meets a stale snapshot."""
        if self.is_postgres:
            with self.datastore.transaction(commit=write) as curs:  # type: ignore[union-attr]
                yield Cursor(self, curs)
            return
        with self.datastore.get_connection(commit=write) as conn:  # type: ignore[union-attr]
            raw = conn.cursor()
            raw.execute("PRAGMA secure_delete=ON")
            raw.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                yield Cursor(self, raw)
            except BaseException:
                conn.rollback()
                raise
            if write:
                conn.commit()
            else:
                conn.rollback()

    @contextmanager
    def snapshot(self) -> Iterator[Snapshot]:
        """One read-only snapshot for a long scan (verify), rows as tuples in batches: on
        PostgreSQL from server-side cursors in one REPEATABLE READ transaction, on SQLite
        from one read transaction. Cheaper per row than `transaction` and its dict rows."""
        if self.is_postgres:
            with self.datastore.get_connection() as conn, conn.transaction(force_rollback=True):  # type: ignore[union-attr]
                conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                snapshot = Snapshot(self, conn)
                try:
                    yield snapshot
                finally:
                    snapshot.close()  # no fetching thread outlives the transaction
            return
        with self.datastore.get_connection(commit=False) as conn:  # type: ignore[union-attr]
            conn.cursor().execute("BEGIN")
            try:
                yield Snapshot(self, conn)
            finally:
                conn.rollback()

    def run_outside_transaction(self, statement: str) -> None:
        """For maintenance statements that refuse a transaction (VACUUM, wal_checkpoint)."""
        if self.is_postgres:
            with self.datastore.get_connection() as conn:  # type: ignore[union-attr]
                conn.execute(statement)
            return
        with self.datastore.get_connection(commit=True) as conn:  # type: ignore[union-attr]
            conn.cursor().execute(statement)


class Cursor:
    """Executes our SQL with the right placeholder style; rows come back as dicts."""

    def __init__(self, database: StoreDatabase, raw: Any):
        self.database = database
        self.raw = raw

    def execute(self, statement: str, params: Sequence[Any] = ()) -> Cursor:
        self.raw.execute(self.database.sql(statement), tuple(params))
        return self

    def executemany(self, statement: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            self.raw.executemany(self.database.sql(statement), [tuple(r) for r in rows])

    def fetchall(self) -> list[dict[str, Any]]:
        return [dict(row) for row in self.raw.fetchall()]

    def fetchone(self) -> dict[str, Any] | None:
        row = self.raw.fetchone()
        return None if row is None else dict(row)


class Snapshot:
    """Queries inside `StoreDatabase.snapshot()`; rows are tuples in the order selected."""

    def __init__(self, database: StoreDatabase, conn: Any):
        self.database = database
        self.conn = conn
        self._cursors = 0
        self._readers: list[Iterator[Any]] = []

    def close(self) -> None:
        """Stop every reader not read to the end (a scan that stopped early)."""
        for reader in self._readers:
            reader.close()  # type: ignore[attr-defined]
        self._readers.clear()

    def rows(self, statement: str, params: Sequence[Any] = (), *, batch: int = 2000) -> Iterator[tuple[Any, ...]]:
        """Every row of the query, fetched `batch` at a time; several may be read side by side.

        On PostgreSQL the next batch is fetched by a helper thread while the caller works on
        this one, so the server's time to produce rows overlaps the caller's hashing."""
        sql = self.database.sql(statement)
        if self.database.is_postgres:
            from psycopg.rows import tuple_row

            self._cursors += 1
            # Binary results: bytea arrives as raw bytes, not hex text to decode.
            cursor = self.conn.cursor(name=f"wd_scan_{self._cursors}", row_factory=tuple_row, binary=True)
            cursor.execute(sql, tuple(params))
            pages = _prefetched(lambda: cursor.fetchmany(batch), cursor.close)
            self._readers.append(pages)
            # Rows are handed out by itertools at C speed; only each batch passes through Python.
            return itertools.chain.from_iterable(pages)
        sqlite_cursor = self.conn.cursor().sqlite_cursor
        sqlite_cursor.execute(sql, tuple(params))
        return _pages(lambda: sqlite_cursor.fetchmany(batch))

    def one(self, statement: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        if self.database.is_postgres:
            from psycopg.rows import tuple_row

            with self.conn.cursor(row_factory=tuple_row) as cursor:
                cursor.execute(self.database.sql(statement), tuple(params))
                return cursor.fetchone()
        row = self.conn.cursor().sqlite_cursor.execute(self.database.sql(statement), tuple(params)).fetchone()
        return None if row is None else tuple(row)


def _pages(fetch: Callable[[], list[Any]]) -> Iterator[Any]:
    return itertools.chain.from_iterable(iter(fetch, []))


def _prefetched(fetch: Callable[[], list[Any]], close: Callable[[], None], depth: int = 2) -> Generator[list[Any], None, None]:
    """Successive `fetch()` batches (until an empty one), fetched ahead in a thread; stops
    the thread and calls `close` once read to the end or closed."""
    batches: queue.Queue[Any] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def produce() -> None:
        try:
            while not stop.is_set():
                page = fetch()
                batches.put(page)
                if not page:
                    return
        except BaseException as exc:  # handed to the caller, raised there
            batches.put(exc)

    def pages() -> Generator[list[Any], None, None]:
        worker = threading.Thread(target=produce, name="wd-scan-prefetch", daemon=True)
        worker.start()
        try:
            while True:
                page = batches.get()
                if isinstance(page, BaseException):
                    raise page
                if not page:
                    return
                yield page
        finally:
            stop.set()
            while worker.is_alive():  # unblock a producer waiting on a full queue
                try:
                    batches.get(timeout=0.05)
                except queue.Empty:
                    pass
            worker.join()
            close()

    return pages()
