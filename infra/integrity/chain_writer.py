"""Writes the chain rows for newly inserted events, inside the events' own transaction.

The caller holds the store's write lock (PostgreSQL: LOCK TABLE … EXCLUSIVE taken by the
library; SQLite: the single writer), so reading the previous heads here cannot race.
"""

from __future__ import annotations

from collections.abc import Sequence

from eventsourcing.persistence import StoredEvent

from infra.crypto.envelope import household_of
from infra.integrity.chain_tables import ChainTables
from infra.integrity.checkpoint import utc_now_text
from infra.integrity.database import Cursor
from infra.integrity.hashing import GENESIS, encode_stored_event, global_link, originator_key, stream_link


def append_links(
    cur: Cursor, tables: ChainTables, stored_events: Sequence[StoredEvent], positions: Sequence[int]
) -> int:
    """Chain `stored_events` (inserted at `positions`); returns the new global sequence number."""
    db = cur.database
    if len(positions) != len(stored_events):
        raise RuntimeError("the store returned a different number of positions than events inserted")
    last = cur.execute(
        f"SELECT sequence, global_link FROM {db.table(tables.chain)} ORDER BY sequence DESC LIMIT 1"
    ).fetchone()
    sequence, previous_global = (int(last["sequence"]), bytes(last["global_link"])) if last else (0, GENESIS)

    streams = sorted({originator_key(e.originator_id) for e in stored_events})
    marks = ",".join("?" * len(streams))
    heads = {
        row["originator_id"]: bytes(row["stream_link"])
        for row in cur.execute(
            f"SELECT originator_id, stream_link FROM {db.table(tables.heads)} WHERE originator_id IN ({marks})",
            streams,
        ).fetchall()
    }
    now = utc_now_text()
    chain_rows, head_rows = [], {}
    for position, event in zip(sorted(positions), stored_events, strict=True):
        stream = originator_key(event.originator_id)
        household = household_of(event.state) or stream
        encoded = encode_stored_event(stream, event.originator_version, event.topic, event.state)
        link = stream_link(heads.get(stream, GENESIS), encoded)
        sequence += 1
        previous_global = global_link(previous_global, sequence, encoded)
        heads[stream] = link
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
