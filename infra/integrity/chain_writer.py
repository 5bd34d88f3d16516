"""Writes the chain rows for newly inserted events, inside the events' own transaction.

The caller holds the store's write lock (PostgreSQL: LOCK TABLE … EXCLUSIVE taken by the
library; SQLite: the single writer), so reading the previous heads here cannot race.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import StoredEvent

from infra.crypto.envelope import household_of
from infra.integrity.chain_tables import ChainTables
from infra.integrity.checkpoint import utc_now_text
from infra.integrity.database import Cursor
from infra.integrity.hashing import GENESIS, encode_stored_event, global_link, originator_key, stream_link


def read_heads(cur: Cursor, tables: ChainTables, stored_events: Sequence[StoredEvent]) -> dict[str, dict[str, Any]]:
    """The stored head (originator_version, stream_link) of every stream these events belong to."""
    db = cur.database
    streams = sorted({originator_key(e.originator_id) for e in stored_events})
    if not streams:
        return {}
    marks = ",".join("?" * len(streams))
    return {
        row["originator_id"]: row
        for row in cur.execute(
            f"SELECT originator_id, originator_version, stream_link FROM {db.table(tables.heads)} "
            f"WHERE originator_id IN ({marks})",
            streams,
        ).fetchall()
    }


def append_links(
    cur: Cursor, tables: ChainTables, stored_events: Sequence[StoredEvent], positions: Sequence[int],
    *, heads: dict[str, dict[str, Any]] | None = None,
) -> int:
    """Chain `stored_events` (inserted at `positions`); returns the new global sequence number.

    `heads` (from `read_heads`, under the same lock) saves reading them again."""
    db = cur.database
    if len(positions) != len(stored_events):
        raise RuntimeError("the store returned a different number of positions than events inserted")
    last = cur.execute(
        f"SELECT sequence, global_link FROM {db.table(tables.chain)} ORDER BY sequence DESC LIMIT 1"
    ).fetchone()
    sequence, previous_global = (int(last["sequence"]), bytes(last["global_link"])) if last else (0, GENESIS)
    if heads is None:
        heads = read_heads(cur, tables, stored_events)
    links = {stream: bytes(row["stream_link"]) for stream, row in heads.items()}
    now = utc_now_text()
    chain_rows, head_rows = [], {}
    for position, event in zip(sorted(positions), stored_events, strict=True):
        stream = originator_key(event.originator_id)
        household = household_of(event.state) or stream
        encoded = encode_stored_event(stream, event.originator_version, event.topic, event.state)
        link = stream_link(links.get(stream, GENESIS), encoded)
        sequence += 1
        previous_global = global_link(previous_global, sequence, encoded)
        links[stream] = link
        chain_rows.append(
            (position, sequence, stream, event.originator_version, household, link, previous_global, now)
        )
        head_rows[stream] = (stream, household, event.originator_version, link, position)
    cur.executemany(
        f"INSERT INTO {db.table(tables.chain)} (position, sequence, originator_id, originator_version, "
        "household_id, stream_link, global_link, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        chain_rows,
    )
    cur.executemany(
        f"INSERT INTO {db.table(tables.heads)} (originator_id, household_id, originator_version, stream_link, position) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (originator_id) DO UPDATE SET "
        "originator_version = excluded.originator_version, stream_link = excluded.stream_link, "
        "position = excluded.position",
        list(head_rows.values()),
    )
    return sequence
