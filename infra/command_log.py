"""What one command wrote, and its Idempotency-Key stored in the same transaction as its events.

The API opens a `command_write(...)` around a command; the application recorders call
`write_in_transaction` inside the transaction that stores the events (so a key exists exactly
when the command's events do) and `after_commit` once it has committed (so the answer can name
the version the command wrote, not whatever was newest when it was read back).

The key row holds ids and versions only: the request body is kept as a SHA-256 fingerprint, to
tell a retry (same body) from a reused key (another body). One small table, separate from the
events and the integrity tables; the recorders only call the two functions below.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from infra.integrity.database import Cursor, StoreDatabase

TABLE = "wd_idempotency_keys"
KWARG = "command_write"  # how the recorders hand a save's CommandWrite to the transaction that writes it


@dataclass
class CommandWrite:
    """One command's writes: (originator id, version) of each stored event, and its key."""

    principal: str
    key: str | None = None
    fingerprint: str | None = None
    written: list[tuple[str, int]] = field(default_factory=list)
    key_stored: bool = False

    def version_of(self, originator_id: object) -> int | None:
        versions = [v for o, v in self.written if o == str(originator_id)]
        return max(versions) if versions else None


@dataclass(frozen=True)
class StoredCommand:
    fingerprint: str
    written: list[tuple[str, int]]
    status: int | None
    answer: dict[str, Any] | None


_current: ContextVar[CommandWrite | None] = ContextVar("wijkdossier_command_write", default=None)


@contextmanager
def command_write(principal: str, key: str | None = None, fingerprint: str | None = None) -> Iterator[CommandWrite]:
    write = CommandWrite(principal=principal, key=key, fingerprint=fingerprint)
    token = _current.set(write)
    try:
        yield write
    finally:
        _current.reset(token)


def current() -> CommandWrite | None:
    """The command being written on this thread (captured by the recorder before it writes)."""
    return _current.get()


def create_statements(db: StoreDatabase) -> list[str]:
    return [f"CREATE TABLE IF NOT EXISTS {db.table(TABLE)} ("
            "principal TEXT NOT NULL, idempotency_key TEXT NOT NULL, fingerprint TEXT NOT NULL, "
            "created_at TEXT NOT NULL, written TEXT NOT NULL, status INTEGER, answer TEXT, "
            "PRIMARY KEY (principal, idempotency_key))"]


def _written(stored_events: Sequence[Any]) -> list[tuple[str, int]]:
    return [(str(e.originator_id), int(e.originator_version)) for e in stored_events]


def write_in_transaction(cursor: Cursor, write: CommandWrite | None, stored_events: Sequence[Any]) -> None:
    """Inside the events' transaction: the command's key, once (a second save of the same command
    adds nothing). A concurrent request with the same key fails here on the primary key, so its
    events roll back with it."""
    if write is None or not write.key or write.key_stored or not stored_events:
        return
    cursor.execute(
        f"INSERT INTO {cursor.database.table(TABLE)} (principal, idempotency_key, fingerprint, created_at, written) "
        "VALUES (?, ?, ?, ?, ?)",
        (write.principal, write.key, write.fingerprint or "", datetime.now(timezone.utc).isoformat(),
         json.dumps(_written(stored_events))))


def after_commit(write: CommandWrite | None, stored_events: Sequence[Any]) -> None:
    if write is None or not stored_events:
        return
    write.written.extend(_written(stored_events))
    if write.key:
        write.key_stored = True


class IdempotencyKeys:
    """Reads a stored key and records the answer given for it (on the events' own database)."""

    def __init__(self, db: StoreDatabase) -> None:
        self.db = db

    def find(self, principal: str, key: str) -> StoredCommand | None:
        with self.db.transaction(write=False) as cur:
            row = cur.execute(f"SELECT fingerprint, written, status, answer FROM {self.db.table(TABLE)} "
                              "WHERE principal = ? AND idempotency_key = ?", (principal, key)).fetchone()
        if row is None:
            return None
        return StoredCommand(fingerprint=row["fingerprint"], written=[tuple(w) for w in json.loads(row["written"])],
                             status=row["status"], answer=json.loads(row["answer"]) if row["answer"] else None)

    def record_answer(self, principal: str, key: str, status: int, answer: dict[str, Any]) -> None:
        with self.db.transaction(write=True) as cur:
            cur.execute(f"UPDATE {self.db.table(TABLE)} SET status = ?, answer = ? "
                        "WHERE principal = ? AND idempotency_key = ?", (status, json.dumps(answer), principal, key))
