"""A thin SQL seam over the eventsourcing datastores, so the chain, checkpoint and key
tables share the events' database (SQLite file or PostgreSQL schema) and its connections.

SQL is written once with `?` placeholders and `{table}` names; PostgreSQL gets `%s` and
schema-qualified names.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
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
