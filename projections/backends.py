"""The two stores a view can live in: the SQLite file or the PostgreSQL schema of the events.

Each backend is a library tracking recorder (`SQLiteTrackingRecorder`,
`PostgresTrackingRecorder`) extended with the plumbing `RowView` needs. A view's tables and
its tracking table carry the view's prefix, so several views (and scratch copies used by
`projections check`) live side by side in one database.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from eventsourcing.persistence import InfrastructureFactory
from eventsourcing.postgres import PostgresDatastore, PostgresTrackingRecorder
from eventsourcing.sqlite import SQLiteDatastore, SQLiteTrackingRecorder
from eventsourcing.utils import Environment

from infra.crypto.row_sealer import RowSealer
from infra.library_env import application_env
from infra.migrations import SchemaBehindError
from infra.settings import ROW_SEALER_POOL_SIZE, Settings, StoreSettings
from infra.store import prepare_store


class _ViewStatements:
    """What both backends do alike: write in one committed transaction, read on a given cursor."""

    datastore: Any

    @contextmanager
    def _transaction(self) -> Iterator[Any]:
        with self.datastore.transaction(commit=True) as cursor:
            yield cursor

    @staticmethod
    def _fetch(cursor: Any, sql: str, params: list[Any]) -> list[Any]:
        cursor.execute(sql, params)
        return list(cursor.fetchall())

    def _bulk_insert(self, cursor: Any, table: str, columns: tuple[str, ...], values: list[list[Any]]) -> None:
        placeholders = ", ".join([self._param] * len(columns))  # type: ignore[attr-defined]
        cursor.executemany(
            f"INSERT INTO {self._qualified(table)} ({', '.join(columns)}) VALUES ({placeholders})",  # type: ignore[attr-defined]
            values,
        )

    def _relax_durability(self, cursor: Any) -> None:
        """For a batch's transaction: the backend may commit without waiting for the disk.

        A view is derived data and its rows commit together with its tracking record, so a
        batch lost in a crash is lost whole and applied again from the recorded position."""


class SQLiteViewBackend(_ViewStatements, SQLiteTrackingRecorder):
    """A view in the SQLite file of the events; its tracking record in `<prefix>_tracking`."""

    _param = "?"

    def __init__(self, datastore: SQLiteDatastore, *, prefix: str):
        self.prefix = prefix
        super().__init__(datastore)
        # The library's tracking table has one fixed name per file; every view needs its own.
        table = self.tracking_table
        self.insert_tracking_statement = (
            f"INSERT INTO {table} "
            "VALUES (:application_name, :notification_id) "
            "ON CONFLICT (application_name) DO UPDATE "
            "SET notification_id = :notification_id "
            f"WHERE {table}.notification_id < :notification_id "
            "RETURNING notification_id"
        )
        self.select_max_tracking_id_statement = (
            f"SELECT MAX(notification_id) FROM {table} WHERE application_name=?"
        )

    def construct_create_table_statements(self) -> list[str]:
        return [
            f"CREATE TABLE IF NOT EXISTS {self.tracking_table} ("
            "application_name TEXT, notification_id INTEGER, PRIMARY KEY (application_name)) WITHOUT ROWID",
            *self._view_ddl(),  # type: ignore[attr-defined]
        ]

    def _qualified(self, table: str) -> str:
        return f"{self.prefix}_{table}"

    @property
    def _qualified_tracking(self) -> str:
        return self.tracking_table

    def _read(self, sql: str, params: list[Any]) -> list[Any]:
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(sql, params)
            return list(cursor.fetchall())

    @staticmethod
    def _rowcount(cursor: Any) -> int:
        return getattr(cursor, "sqlite_cursor", cursor).rowcount


class PostgresViewBackend(_ViewStatements, PostgresTrackingRecorder):
    """A view in the PostgreSQL schema of the events; its tracking record in `<prefix>_tracking`."""

    _param = "%s"

    def __init__(self, datastore: PostgresDatastore, *, prefix: str):
        self.prefix = prefix
        super().__init__(datastore, tracking_table_name=f"{prefix}_tracking")

    def create_table(self) -> None:
        """Create what is missing, each relation in its own short transaction.

        `CREATE INDEX IF NOT EXISTS` takes a SHARE lock on its table even when the index exists;
        several in one transaction, while a runner in another process holds row locks on those
        tables and waits for one we hold, deadlocked a starting server against a running one.
        Existing relations are therefore skipped without any lock, and no DDL waits on another.
        """
        super().create_table()
        for relation, statement in self._named_view_ddl():  # type: ignore[attr-defined]
            with self.datastore.transaction(commit=True) as cursor:
                cursor.execute("SELECT to_regclass(%s) AS found", [f'"{self.datastore.schema}"."{relation}"'])
                if cursor.fetchone()["found"] is None:
                    cursor.execute(statement)

    def _qualified(self, table: str) -> str:
        return f'"{self.datastore.schema}"."{self.prefix}_{table}"'

    @property
    def _qualified_tracking(self) -> str:
        return f'"{self.datastore.schema}"."{self.tracking_table_name}"'

    def _bulk_insert(self, cursor: Any, table: str, columns: tuple[str, ...], values: list[list[Any]]) -> None:
        if len(values) < 20:
            super()._bulk_insert(cursor, table, columns, values)  # type: ignore[misc]
            return
        # COPY: a batch's new rows in one stream, several times cheaper than INSERTs per row.
        with cursor.copy(f"COPY {self._qualified(table)} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in values:
                copy.write_row(row)

    def _relax_durability(self, cursor: Any) -> None:
        # One fsync per batch per view was most of a rebuild's waiting (see RowView._relax_durability).
        cursor.execute("SET LOCAL synchronous_commit TO OFF")

    def _read(self, sql: str, params: list[Any]) -> list[Any]:
        with self.datastore.get_connection() as conn, conn.cursor() as cursor:
            cursor.execute(sql, params)
            return list(cursor.fetchall())

    @staticmethod
    def _rowcount(cursor: Any) -> int:
        return cursor.rowcount


def open_datastore(settings: StoreSettings, size: int | None = None) -> SQLiteDatastore | PostgresDatastore:
    """A connection pool on the events' own database, for views to share (at most `size`
    connections, StoreSettings.views_pool_size by default)."""
    if settings.kind == "sqlite":
        assert settings.sqlite_path is not None
        return SQLiteDatastore(str(settings.sqlite_path), lock_timeout=30)
    # Small and bounded: every process has one, and four servers plus a command must fit in
    # the database's max_connections.
    size = size or settings.views_pool_size
    minimum = min(settings.pool_min, size)
    return PostgresDatastore(
        dbname=settings.dbname, host=settings.host, port=settings.port, user=settings.user,
        password=settings.password, schema=settings.schema, pool_size=minimum,
        max_overflow=size - minimum, connect_timeout=settings.pool_timeout,
        lock_timeout=10, idle_in_transaction_session_timeout=30,
        pre_ping=True,  # checked when taken: a restart's broken connections are replaced (infra.settings)
    )


_classes: dict[tuple[type, type], type] = {}


def view_class_for(view_class: type, settings: StoreSettings) -> type:
    """The view combined with the backend of this store (one class per pair, made once)."""
    backend = SQLiteViewBackend if settings.kind == "sqlite" else PostgresViewBackend
    key = (view_class, backend)
    if key not in _classes:
        _classes[key] = type(f"{backend.__name__[:-11]}{view_class.__name__}", (view_class, backend), {})
    return _classes[key]


class ViewLayoutError(SchemaBehindError):
    """A view's tables were made by another version of its table specification."""


def layout_differences(view: Any) -> list[str]:
    """The view's existing tables whose columns differ from its specification (missing tables
    are not a difference: they are created)."""
    different = []
    for name, spec in view.TABLES.items():
        physical = view._physical(name)
        if view._param == "?":
            rows = view._read("SELECT name FROM pragma_table_info(?)", [physical])
        else:
            rows = view._read("SELECT column_name FROM information_schema.columns "
                              "WHERE table_schema = %s AND table_name = %s", [view.datastore.schema, physical])
        present = {next(iter(r.values())) if isinstance(r, dict) else r[0] for r in rows}
        if present and present != set(spec.all_columns):
            different.append(physical)
    return different


def construct_view(view_class: type, settings: Settings, datastore: Any, prefix: str, *,
                   check_layout: bool = True) -> Any:
    """Build a view on the given datastore and create its tables if they are missing.

    A view is derived from the events, so its tables are not numbered migrations: when the
    code's table specification no longer matches the stored tables, opening it is refused and
    `wijkdossier migrate` rebuilds it from the events (`check_layout=False` is for that rebuild).
    """
    cls = view_class_for(view_class, settings.store)
    view = cls(datastore, prefix=prefix)
    if check_layout and (different := layout_differences(view)):
        raise ViewLayoutError(
            f"projectie {prefix}: de tabellen {', '.join(different)} hebben een andere indeling dan deze versie "
            "verwacht. Voer `wijkdossier migrate` uit; die bouwt de projectie opnieuw op uit de gebeurtenissen. / "
            f"view {prefix}: its tables have another layout than this release expects; run `wijkdossier migrate`, "
            "which rebuilds the view from the events.")
    if any(table.sealed_columns for table in view.TABLES.values()):
        view.sealer = row_sealer(settings)
    view.create_table()
    return view


# A few stores per process at most in practice; tests open many, so old ones are closed.
_SEALER_STORES = 4
_sealers: OrderedDict[str, tuple[Any, Any]] = OrderedDict()
_sealers_lock = threading.Lock()


def row_sealer(settings: Settings) -> Any:
    """One row sealer per store and process, on the store's key store over a datastore of its own.

    Its own datastore (not the view's) because views seal inside their write transaction,
    and the key store reads in a transaction of its own.
    """
    key = f"{settings.store.describe()}|{sorted(settings.store.extra.items())}"
    with _sealers_lock:
        if key in _sealers:
            _sealers.move_to_end(key)
            return _sealers[key][0]
        prepare_store(settings.store)
        env = application_env(settings)
        if settings.store.is_postgres:
            # It only looks up data keys: a pool of its own, but a small one.
            env.update(POSTGRES_POOL_SIZE=str(min(1, settings.store.pool_min)),
                       POSTGRES_MAX_OVERFLOW=str(ROW_SEALER_POOL_SIZE - min(1, settings.store.pool_min)))
        factory = InfrastructureFactory.construct(Environment("wijkdossier", env))
        _sealers[key] = (RowSealer(factory.key_store), factory)
        while len(_sealers) > _SEALER_STORES:
            _old_key, (_old_sealer, old_factory) = _sealers.popitem(last=False)
            old_factory.close()
        return _sealers[key][0]
