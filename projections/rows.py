"""The row layer every read model stands on: tables of keyed rows, written with the tracking record.

A view declares its tables (`Table`: key columns, plain columns, JSON columns). Events are
applied through a `RowUnit`, which reads and writes rows and records the tracked position.
One unit is one transaction: the rows and the tracking record are committed together or not
at all, so an event is applied exactly once.

Two ways to apply events:
- `view.unit(tracking)`: one event, one transaction; its tracking record goes through the
  library's own insert (a position at or below the recorded one raises `IntegrityError`).
- `view.batch(start)`: many events, one transaction (for catching up). Rows are kept in
  memory and written at the end, after a compare-and-set of the tracking record from the
  position the batch started at; if anyone moved it meanwhile, `IntegrityError` and nothing
  is written.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from eventsourcing.persistence import IntegrityError, Tracking

_DELETED = object()


@dataclass(frozen=True)
class Table:
    """One table of a view: key columns, plain columns (text/integer) and JSON columns."""

    name: str
    key: tuple[str, ...]
    columns: tuple[str, ...] = ()
    integer_columns: tuple[str, ...] = ()
    json_columns: tuple[str, ...] = ()
    indexes: tuple[str, ...] = field(default=())
    # JSON columns holding personal data: stored sealed under the key of the row's `household_id`.
    sealed_columns: tuple[str, ...] = ()

    @property
    def all_columns(self) -> tuple[str, ...]:
        return self.key + self.columns + self.integer_columns + self.json_columns


def _encode(table: Table, row: Mapping[str, Any], sealer: Any = None) -> list[Any]:
    values = []
    for column in table.all_columns:
        value = row.get(column)
        if column in table.sealed_columns:
            value = _seal(table, column, row, value, sealer)
        elif column in table.json_columns:
            value = json.dumps(value, sort_keys=True, default=str)
        elif column in table.integer_columns and value is not None:
            value = int(value)
        elif value is not None:
            value = str(value)
        values.append(value)
    return values


def decode_row(table: Table, raw: Mapping[str, Any], sealer: Any = None) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for column in table.all_columns:
        value = raw[column]
        if column in table.sealed_columns and value is not None:
            value = _open(table, column, raw, value, sealer)
        elif column in table.json_columns and value is not None:
            value = json.loads(value)
        row[column] = value
    return row


def _require_sealer(table: Table, sealer: Any) -> Any:
    if sealer is None:
        raise RuntimeError(f"table {table.name} holds personal data and needs a row sealer; open it via the registry")
    return sealer


def _seal(table: Table, column: str, row: Mapping[str, Any], value: Any, sealer: Any) -> str | None:
    if value is None:
        return None
    plaintext = json.dumps(value, sort_keys=True, default=str).encode("utf-8")
    return _require_sealer(table, sealer).seal(str(row["household_id"]), f"{table.name}.{column}", plaintext)


def _open(table: Table, column: str, raw: Mapping[str, Any], sealed: str, sealer: Any) -> Any:
    plaintext = _require_sealer(table, sealer).open(str(raw["household_id"]), f"{table.name}.{column}", sealed)
    return None if plaintext is None else json.loads(plaintext)


def read_back(table: Table, row: Mapping[str, Any]) -> dict[str, Any]:
    """A row as it reads back from the database after `_encode` (text columns as text,
    JSON through JSON): what a cached row must look like to behave as a stored one."""
    out: dict[str, Any] = {}
    for column in table.all_columns:
        value = row.get(column)
        if value is not None:
            if column in table.json_columns:
                value = json.loads(json.dumps(value, sort_keys=True, default=str))
            elif column in table.integer_columns:
                value = int(value)
            else:
                value = str(value)
        out[column] = value
    return out


class RowCache:
    """A view's rows kept between batches while this process is the view's only writer (a
    rebuild): a row read or written once is not read from the database again, and while the
    view started empty a key never written is known to be absent without asking.

    Bounded: past `max_rows` the oldest rows are dropped (they are in the database; a later
    read fetches them). Only keys are kept for every row written, which is what "known absent"
    needs. A failed or refused batch invalidates everything (`clear`)."""

    def __init__(self, *, started_empty: bool, max_rows: int = 100_000):
        self.started_empty = started_empty
        self.max_rows = max_rows
        self.rows: OrderedDict[tuple[str, tuple[Any, ...]], Any] = OrderedDict()
        self.written: set[tuple[str, tuple[Any, ...]]] = set()

    def lookup(self, table: str, key: tuple[Any, ...]) -> tuple[bool, dict[str, Any] | None]:
        """(known, row): known is False when only the database can say."""
        entry = self.rows.get((table, key), None)
        if entry is not None:
            return True, None if entry is _DELETED else dict(entry)
        if self.started_empty and (table, key) not in self.written:
            return True, None
        return False, None

    def may_exist(self, table: str, key: tuple[Any, ...]) -> bool:
        """Whether the database may hold a row with this key (so writing it needs a DELETE first)."""
        return not self.started_empty or (table, key) in self.written

    def remember(self, table: str, key: tuple[Any, ...], row: Any) -> None:
        self.rows[(table, key)] = row
        self.rows.move_to_end((table, key))
        while len(self.rows) > self.max_rows:
            self.rows.popitem(last=False)

    def clear(self) -> None:
        self.rows.clear()
        self.written.clear()
        self.started_empty = False


class RowUnit:
    """The rows of one view as one event (or one batch) sees them."""

    def __init__(self, view: RowView, cursor: Any | None, cache: RowCache | None = None):
        self._view = view
        self._cursor = cursor
        self._cache = cache
        self._pending: dict[tuple[str, tuple[Any, ...]], Any] = {}

    def _key(self, table: str, key: Any) -> tuple[Any, ...]:
        return tuple(key) if isinstance(key, (tuple, list)) else (key,)

    def get(self, table: str, key: Any) -> dict[str, Any] | None:
        """The row with this key, as changed so far in this unit, or None."""
        k = self._key(table, key)
        if (table, k) in self._pending:
            value = self._pending[(table, k)]
            return None if value is _DELETED else dict(value)
        cache = self._cache
        if cache is not None:
            known, row = cache.lookup(table, k)
            if known:
                return row
            row = self._view._select_one(self._cursor, table, k)
            cache.remember(table, k, _DELETED if row is None else row)
            return None if row is None else dict(row)
        return self._view._select_one(self._cursor, table, k)

    def put(self, table: str, row: Mapping[str, Any]) -> None:
        spec = self._view.TABLES[table]
        k = tuple(row[c] for c in spec.key)
        self._pending[(table, k)] = {c: row.get(c) for c in spec.all_columns}

    def delete(self, table: str, key: Any) -> None:
        self._pending[(table, self._key(table, key))] = _DELETED

    def flush(self, cursor: Any) -> None:
        """Write the unit's rows: per table one DELETE and one INSERT statement over all its
        rows (executemany), not two statements per row."""
        cache = self._cache
        by_table: dict[str, list[tuple[tuple[Any, ...], Any]]] = {}
        for (table, key), value in self._pending.items():
            by_table.setdefault(table, []).append((key, value))
        for table, items in by_table.items():
            stale = [key for key, _ in items if cache is None or cache.may_exist(table, key)]
            self._view._delete_many(cursor, table, stale)
            self._view._insert_many(cursor, table, [value for _, value in items if value is not _DELETED])
        # Derived rows are maintained after every row of the unit is written, so a hook sees the
        # unit's final state whatever order the rows were first touched in.
        for table, items in by_table.items():
            self._view.after_rows_written(cursor, table, [(k, None if v is _DELETED else v) for k, v in items])

    def settle(self) -> None:
        """The unit's rows are committed: keep them in the cache, as they read back."""
        cache = self._cache
        if cache is not None:
            tables = self._view.TABLES
            for (table, key), value in self._pending.items():
                cache.remember(table, key, _DELETED if value is _DELETED else read_back(tables[table], value))
                cache.written.add((table, key))
        self._pending.clear()


class RowView:
    """Mixin for a view made of `Table`s; combined with a tracking recorder of one store.

    Subclasses set `TABLES` and the backend mixin provides `_transaction`, `_read`,
    `_qualified`, `_param`, `_bulk_insert`, `_relax_durability` and the tracking statements
    (the backend comes after the view in the combined class, so RowView must not define them).
    """

    TABLES: dict[str, Table] = {}
    prefix: str = ""
    application_name: str = "wijkdossier"
    sealer: Any = None  # seals `Table.sealed_columns` (set by the registry from the store's key store)

    # -------------------------------------------------------- hooks for subclasses

    row_cache: RowCache | None = None  # set by a rebuild for views it just created (see RowCache)

    def after_row_written(self, cursor: Any, table: str, key: tuple[Any, ...], row: dict[str, Any] | None) -> None:
        """Maintain derived index tables from a written (or deleted) row; default: nothing."""

    def after_rows_written(self, cursor: Any, table: str, rows: list[tuple[tuple[Any, ...], dict[str, Any] | None]]) -> None:
        """`after_row_written` for every row a unit wrote to `table`; override to do it in bulk."""
        for key, row in rows:
            self.after_row_written(cursor, table, key, row)

    # ---------------------------------------------------------------- applying

    @property
    def _local(self) -> threading.local:
        local = self.__dict__.get("_thread_local")
        if local is None:
            local = self.__dict__["_thread_local"] = threading.local()
        return local

    def open_batch(self) -> _Batch | None:
        """The batch this thread is applying to this view, if any."""
        return getattr(self._local, "batch", None)

    @contextmanager
    def unit(self, tracking: Tracking) -> Iterator[RowUnit]:
        """Apply one event: rows and tracking record in one transaction (or in the open batch)."""
        batch = getattr(self._local, "batch", None)
        if batch is not None:
            batch.track(tracking)
            yield batch.unit
            return
        with self._transaction() as cursor:
            # The library's insert refuses a position at or below the recorded one.
            self._insert_tracking(cursor, tracking)  # type: ignore[attr-defined]
            unit = RowUnit(self, cursor)
            yield unit
            unit.flush(cursor)
            unit.settle()

    @contextmanager
    def batch(self, start: int | None) -> Iterator[_Batch]:
        """Apply many events in one transaction, starting from tracked position `start`."""
        batch = _Batch(self, start)
        self._local.batch = batch
        try:
            yield batch
            if batch.position is None or batch.position == start:
                return
            with self._transaction() as cursor:
                self._relax_durability(cursor)
                self._compare_and_set_tracking(cursor, start, batch.position)
                batch.unit.flush(cursor)
            batch.unit.settle()
        except BaseException:
            if self.row_cache is not None:
                self.row_cache.clear()  # what it holds may not be what the database holds now
            raise
        finally:
            self._local.batch = None

    # ---------------------------------------------------------------- reading

    def rows(self, table: str, where: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        """Every row of a table (optionally where columns equal values), in key order."""
        spec = self.TABLES[table]
        sql = f"SELECT * FROM {self._qualified(table)}"
        params: list[Any] = []
        if where:
            sql += " WHERE " + " AND ".join(f"{c} = {self._param}" for c in where)
            params = [where[c] for c in where]
        sql += " ORDER BY " + ", ".join(spec.key)
        return [decode_row(spec, r, self.sealer) for r in self._read(sql, params)]

    def row(self, table: str, key: Any) -> dict[str, Any] | None:
        k = tuple(key) if isinstance(key, (tuple, list)) else (key,)
        spec = self.TABLES[table]
        where = dict(zip(spec.key, k, strict=True))
        found = self.rows(table, where)
        return found[0] if found else None

    def position(self) -> int:
        """The last notification id applied to this view (0 before the first)."""
        return self.max_tracking_id(self.application_name) or 0  # type: ignore[attr-defined]

    # ---------------------------------------------------------- table plumbing

    def table_names(self) -> list[str]:
        return [self._physical(t) for t in self.TABLES] + [self.tracking_table]

    def _physical(self, table: str) -> str:
        return f"{self.prefix}_{table}"

    @property
    def tracking_table(self) -> str:
        return f"{self.prefix}_tracking"

    def _view_ddl(self) -> list[str]:
        return [statement for _, statement in self._named_view_ddl()]

    def _named_view_ddl(self) -> list[tuple[str, str]]:
        """Each table and index of the view with the (unqualified) name of the relation it creates."""
        statements = []
        for name, spec in self.TABLES.items():
            columns = [f"{c} TEXT" for c in spec.key + spec.columns]
            columns += [f"{c} BIGINT" for c in spec.integer_columns]
            columns += [f"{c} TEXT" for c in spec.json_columns]
            statements.append((
                self._physical(name),
                f"CREATE TABLE IF NOT EXISTS {self._qualified(name)} "
                f"({', '.join(columns)}, PRIMARY KEY ({', '.join(spec.key)}))",
            ))
            for column in spec.indexes:
                index = f"{self._physical(name)}_{column}_idx"
                statements.append((index, f"CREATE INDEX IF NOT EXISTS {index} ON {self._qualified(name)} ({column})"))
        return statements

    def _select_one(self, cursor: Any, table: str, key: tuple[Any, ...]) -> dict[str, Any] | None:
        spec = self.TABLES[table]
        sql = f"SELECT * FROM {self._qualified(table)} WHERE " + " AND ".join(
            f"{c} = {self._param}" for c in spec.key
        )
        rows = self._read(sql, list(key)) if cursor is None else self._fetch(cursor, sql, list(key))
        return decode_row(spec, rows[0], self.sealer) if rows else None

    def _delete(self, cursor: Any, table: str, key: tuple[Any, ...]) -> None:
        spec = self.TABLES[table]
        cursor.execute(
            f"DELETE FROM {self._qualified(table)} WHERE "
            + " AND ".join(f"{c} = {self._param}" for c in spec.key),
            list(key),
        )

    def _delete_many(self, cursor: Any, table: str, keys: list[tuple[Any, ...]]) -> None:
        if not keys:
            return
        spec = self.TABLES[table]
        cursor.executemany(
            f"DELETE FROM {self._qualified(table)} WHERE "
            + " AND ".join(f"{c} = {self._param}" for c in spec.key),
            [list(key) for key in keys],
        )

    def _insert_many(self, cursor: Any, table: str, rows: list[Mapping[str, Any]]) -> None:
        if not rows:
            return
        spec = self.TABLES[table]
        prefetch = getattr(self.sealer, "prefetch", None)
        if spec.sealed_columns and prefetch is not None and len(rows) > 1:
            prefetch({str(row["household_id"]) for row in rows})  # one key query for the rows, not one each
        self._bulk_insert(cursor, table, spec.all_columns, [_encode(spec, row, self.sealer) for row in rows])

    def _insert(self, cursor: Any, table: str, row: Mapping[str, Any]) -> None:
        spec = self.TABLES[table]
        placeholders = ", ".join([self._param] * len(spec.all_columns))
        cursor.execute(
            f"INSERT INTO {self._qualified(table)} ({', '.join(spec.all_columns)}) VALUES ({placeholders})",
            _encode(spec, row, self.sealer),
        )

    def _compare_and_set_tracking(self, cursor: Any, start: int | None, end: int) -> None:
        p = self._param
        if start:
            cursor.execute(
                f"UPDATE {self._qualified_tracking} SET notification_id = {p} "
                f"WHERE application_name = {p} AND notification_id = {p}",
                [end, self.application_name, start],
            )
            if self._rowcount(cursor) != 1:
                raise IntegrityError(
                    f"projection {self.prefix}: its position moved away from {start} while a batch was "
                    "applied; the batch was not written (another runner is active?)"
                )
        else:
            cursor.execute(
                f"INSERT INTO {self._qualified_tracking} (application_name, notification_id) VALUES ({p}, {p})",
                [self.application_name, end],
            )

    def drop_tables(self) -> None:
        """Remove this view's tables and its tracking record (used by rebuild and check)."""
        with self._transaction() as cursor:
            for name in self.TABLES:
                cursor.execute(f"DROP TABLE IF EXISTS {self._qualified(name)}")
            cursor.execute(f"DROP TABLE IF EXISTS {self._qualified_tracking}")

    def snapshot(self) -> dict[str, list[dict[str, Any]]]:
        """Every row of every table, for comparing two copies of a view."""
        return {name: self.rows(name) for name in self.TABLES}


class _Batch:
    def __init__(self, view: RowView, start: int | None):
        self.start = start or 0
        self.position: int | None = start
        self.unit = RowUnit(view, None, view.row_cache)
        self.count = 0

    def track(self, tracking: Tracking) -> None:
        if self.position is not None and tracking.notification_id <= self.position:
            raise IntegrityError(
                f"position {tracking.notification_id} was already applied (view is at {self.position})"
            )
        self.position = tracking.notification_id
        self.count += 1
