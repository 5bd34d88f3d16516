"""Application recorders that chain every event in the transaction that stores it.

Installed through APPLICATION_RECORDER_TOPIC (see infra.store.application_env). The
factories in infra.integrity.factories attach the IntegrityStore afterwards, which makes
checkpoints by policy once a write has committed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from eventsourcing.persistence import InterfaceError, OperationalError, StoredEvent
from eventsourcing.utils import retry
from eventsourcing.postgres import PostgresAggregateRecorder, PostgresApplicationRecorder, PostgresDatastore
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor, SQLiteDatastore
from psycopg.sql import SQL

from infra import command_log
from infra.integrity.chain_tables import ChainTables, create_statements
from infra.integrity.chain_writer import append_links, read_heads
from infra.integrity.database import Cursor, StoreDatabase
from infra.integrity.group_commit import GroupCommitter, PendingSave, refuse_stale

if TYPE_CHECKING:
    from infra.integrity.integrity_store import IntegrityStore


class ChainedSQLiteApplicationRecorder(SQLiteApplicationRecorder):
    """SQLite events table plus hash chain, stream heads and checkpoints, append-only."""

    def __init__(self, datastore: SQLiteDatastore, events_table_name: str = "stored_events"):
        self.integrity_db = StoreDatabase(datastore)
        self.chain_tables = ChainTables(events=events_table_name, position_column="rowid")
        self.integrity: IntegrityStore | None = None
        super().__init__(datastore, events_table_name)

    def construct_create_table_statements(self) -> list[str]:
        return (super().construct_create_table_statements() + create_statements(self.integrity_db, self.chain_tables)
                + command_log.create_statements(self.integrity_db))

    def _insert_events(self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        positions = super()._insert_events(c, stored_events, **kwargs)
        if stored_events:
            assert positions is not None
            append_links(Cursor(self.integrity_db, c), self.chain_tables, stored_events, positions)
            command_log.write_in_transaction(Cursor(self.integrity_db, c), kwargs.get(command_log.KWARG),
                                             stored_events)
        return positions

    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        write = kwargs.setdefault(command_log.KWARG, command_log.current())
        positions = super().insert_events(stored_events, **kwargs)
        command_log.after_commit(write, stored_events)
        if self.integrity is not None and stored_events:
            self.integrity.after_events_written(len(stored_events))
        return positions


class ChainedPostgresApplicationRecorder(PostgresApplicationRecorder):
    """PostgreSQL events table plus hash chain, stream heads and checkpoints, append-only.

    The chain is written after the library's INSERT … RETURNING, on the same connection and
    transaction, while the library's LOCK TABLE … IN EXCLUSIVE MODE is held. Concurrent saves
    are group-committed: one transaction, one lock and one commit for all that are waiting.
    """

    def __init__(self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events"):
        if datastore.enable_db_functions:
            # With POSTGRES_ENABLE_DB_FUNCTIONS the library bypasses this recorder's insert.
            raise ValueError("POSTGRES_ENABLE_DB_FUNCTIONS must be off for the chained recorder")
        super().__init__(datastore, events_table_name=events_table_name)

        self.integrity_db = StoreDatabase(datastore)
        self.chain_tables = ChainTables(events=events_table_name, position_column="notification_id")
        self.integrity: IntegrityStore | None = None
        self.sql_create_statements.extend(SQL(s) for s in create_statements(self.integrity_db, self.chain_tables))  # type: ignore[arg-type]
        self.sql_create_statements.extend(SQL(s) for s in command_log.create_statements(self.integrity_db))  # type: ignore[arg-type]
        self.group_commit = GroupCommitter(self._write_group)

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        # Saves that arrive together share one transaction (infra.integrity.group_commit); each
        # returns only after the transaction holding its events has committed.
        if not stored_events:
            return self._insert_alone(stored_events, **kwargs)
        # The command being written is taken here, on the caller's thread: a group's leader
        # writes other callers' saves, each with its own kwargs.
        write = kwargs.setdefault(command_log.KWARG, command_log.current())
        positions = self.group_commit.save(stored_events, **kwargs)
        command_log.after_commit(write, stored_events)
        if self.integrity is not None:
            self.integrity.after_events_written(len(stored_events))
        return positions

    def _insert_events(self, curs: Any, stored_events: Sequence[StoredEvent], **kwargs: Any) -> None:
        super()._insert_events(curs, stored_events, **kwargs)
        # The command's Idempotency-Key, in the transaction that stores its events. A key taken
        # meanwhile fails the group on its primary key; the group is then written save by save.
        command_log.write_in_transaction(Cursor(self.integrity_db, curs), kwargs.get(command_log.KWARG),
                                         stored_events)

    def _write_group(self, group: list[PendingSave]) -> None:
        """One transaction for a group of saves: lock, check heads, insert, chain, commit."""
        accepted: list[PendingSave] = []
        positions: Sequence[int] = []
        with self.datastore.get_connection() as conn, conn.transaction(), conn.cursor() as curs:
            self._lock_table(curs)
            cursor = Cursor(self.integrity_db, curs)
            heads = read_heads(cursor, self.chain_tables, [e for save in group for e in save.events])
            accepted = refuse_stale(group, {k: int(row["originator_version"]) for k, row in heads.items()})
            events = [e for save in accepted for e in save.events]
            for save in accepted:
                # The extension point for rows written with the events (tracking, idempotency keys).
                self._insert_events(curs, save.events, **save.kwargs)
            if events:
                self._notify_channel(curs)
                PostgresAggregateRecorder._insert_stored_events(self, curs, events)
                positions = self._fetch_ids_after_insert_events(curs, events) or []
                append_links(cursor, self.chain_tables, events, positions, heads=heads)
        offset = 0  # committed: now each save learns its notification ids
        for save in accepted:
            save.ids = list(positions[offset : offset + len(save.events)])
            offset += len(save.events)

    def _insert_alone(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        # The library's version runs in pipeline mode and keeps an exception raised after
        # the INSERT from reaching the transaction; here any failure rolls back events and
        # chain together.
        positions: Sequence[int] | None = None
        with self.datastore.get_connection() as conn, conn.transaction(), conn.cursor() as curs:
            self._insert_events(curs, stored_events, **kwargs)
            if stored_events:
                self._insert_stored_events(curs, stored_events, **kwargs)
                positions = self._fetch_ids_after_insert_events(curs, stored_events, **kwargs)
                assert positions is not None
                append_links(Cursor(self.integrity_db, curs), self.chain_tables, stored_events, positions)
        return positions
