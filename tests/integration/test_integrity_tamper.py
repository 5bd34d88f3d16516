"""Tampering with the stored events, chain or checkpoints is caught at the right position."""

from __future__ import annotations

import pytest

from infra.integrity.verify import BAD_SIGNATURE, CHANGED, INSERTED, MISSING, REORDERED
from tests.integration.test_integrity_support import (  # noqa: F401 - fixtures
    app,
    fill,
    integrity,
    master_key,
    raw,
)


@pytest.fixture
def filled(app, integrity):  # noqa: ANN001, F811
    fill(app)
    integrity.create_checkpoint()
    return integrity


def first(result):  # noqa: ANN001, ANN201
    assert not result.ok, "tampering went unnoticed"
    return result.first_problem


def test_an_untouched_store_verifies_with_every_event_and_checkpoint_checked(filled, raw):  # noqa: ANN001, F811
    result = filled.verify()
    assert result.ok, result.problems
    assert result.events_checked == len(raw.event_positions()) == 15
    assert result.checkpoints_checked >= 2
    assert result.uncovered_events == 0


def test_changing_one_byte_of_a_stored_payload_is_reported_as_changed_at_its_position(filled, raw):  # noqa: ANN001, F811
    target = raw.event_positions()[6]
    state = bytearray(raw.state_at(target))
    state[-5] ^= 0x01
    raw.run(f"UPDATE {raw.events} SET state = ? WHERE {raw.position} = ?", (bytes(state), target))
    problem = first(filled.verify())
    assert (problem.position, problem.kind) == (target, CHANGED)


def test_deleting_an_event_is_reported_as_missing_at_its_position(filled, raw):  # noqa: ANN001, F811
    target = raw.event_positions()[4]
    raw.run(f"DELETE FROM {raw.events} WHERE {raw.position} = ?", (target,))
    problem = first(filled.verify())
    assert (problem.position, problem.kind) == (target, MISSING)


def test_deleting_an_event_with_its_chain_row_is_reported_as_missing_where_the_gap_shows(filled, raw):  # noqa: ANN001, F811
    positions = raw.event_positions()
    raw.run(f"DELETE FROM {raw.events} WHERE {raw.position} = ?", (positions[4],))
    raw.run(f"DELETE FROM {raw.chain} WHERE position = ?", (positions[4],))
    problem = first(filled.verify())
    # A covering checkpoint pins the removed position itself; the chain alone shows the gap
    # at the next event.
    assert problem.kind == MISSING
    assert problem.position in (positions[4], positions[5])


def test_swapping_two_events_is_reported_as_reordered_at_the_first_of_them(filled, raw):  # noqa: ANN001, F811
    positions = raw.event_positions()
    a, b = positions[3], positions[9]
    if raw.is_postgres:
        raw.run(f"UPDATE {raw.events} SET notification_id = -1 WHERE notification_id = %s", (a,))
        raw.run(f"UPDATE {raw.events} SET notification_id = %s WHERE notification_id = %s", (a, b))
        raw.run(f"UPDATE {raw.events} SET notification_id = %s WHERE notification_id = -1", (b,))
    else:
        row_a = raw.rows("SELECT originator_id, originator_version, topic, state FROM stored_events WHERE rowid = ?", (a,))[0]
        row_b = raw.rows("SELECT originator_id, originator_version, topic, state FROM stored_events WHERE rowid = ?", (b,))[0]
        raw.run("UPDATE stored_events SET originator_id = 'x' WHERE rowid = ?", (a,))
        raw.run("UPDATE stored_events SET originator_id = ?, originator_version = ?, topic = ?, state = ? WHERE rowid = ?", (*row_a, b))
        raw.run("UPDATE stored_events SET originator_id = ?, originator_version = ?, topic = ?, state = ? WHERE rowid = ?", (*row_b, a))
    result = filled.verify()
    problem = first(result)
    assert (problem.position, problem.kind) == (a, REORDERED)
    assert {(p.position, p.kind) for p in result.problems} >= {(a, REORDERED), (b, REORDERED)}


def test_a_forged_event_without_a_chain_link_is_reported_as_inserted(filled, raw, app):  # noqa: ANN001, F811
    positions = raw.event_positions()
    victim = raw.rows(f"SELECT originator_id, topic, state FROM {raw.events} WHERE {raw.position} = ?", (positions[0],))[0]
    raw.run(f"INSERT INTO {raw.events} (originator_id, originator_version, topic, state) VALUES (?, ?, ?, ?)", (victim[0], 99, victim[1], victim[2]))
    forged = raw.event_positions()[-1]
    problem = first(filled.verify())
    assert (problem.position, problem.kind) == (forged, INSERTED)


def test_a_replaced_checkpoint_signature_is_reported_as_bad_signature(filled, raw):  # noqa: ANN001, F811
    checkpoint = filled.checkpoints()[0]
    raw.run(f"UPDATE {raw.checkpoints} SET signature = ? WHERE sequence = ?", (bytes(64), checkpoint.sequence))
    problem = first(filled.verify())
    assert (problem.position, problem.kind, problem.where) == (checkpoint.position, BAD_SIGNATURE, "checkpoints")


def test_a_rewritten_chain_is_caught_by_the_signed_checkpoint(filled, raw):  # noqa: ANN001, F811
    """An attacker who changes an event and recomputes every later link still meets the signature."""
    from infra.integrity.hashing import GENESIS, encode_stored_event, global_link, originator_key, stream_link

    positions = raw.event_positions()
    target = positions[7]
    state = bytearray(raw.state_at(target))
    state[-3] ^= 0x10
    raw.run(f"UPDATE {raw.events} SET state = ? WHERE {raw.position} = ?", (bytes(state), target))
    rows = raw.rows(f"SELECT {raw.position}, originator_id, originator_version, topic, state FROM {raw.events} ORDER BY {raw.position}")
    heads: dict[str, bytes] = {}
    previous = GENESIS
    for sequence, (position, oid, version, topic, stored) in enumerate(rows, start=1):
        stream = originator_key(oid) if raw.is_postgres else str(__import__("uuid").UUID(oid))
        encoded = encode_stored_event(stream, version, topic, bytes(stored))
        heads[stream] = stream_link(heads.get(stream, GENESIS), encoded)
        previous = global_link(previous, sequence, encoded)
        raw.run(f"UPDATE {raw.chain} SET stream_link = ?, global_link = ? WHERE position = ?", (heads[stream], previous, position))
    result = filled.verify()
    problem = first(result)
    assert problem.where == "checkpoints" and problem.kind == CHANGED
    assert problem.position <= target
    assert not [p for p in result.problems if p.where == "events"], "the rewritten chain itself is consistent"


def test_the_store_refuses_updates_and_deletes_of_events_chain_and_checkpoints(filled, raw, store_settings):  # noqa: ANN001, F811
    import sqlite3

    import psycopg

    for table in (raw.events, raw.chain, raw.checkpoints):
        for statement in (f"UPDATE {table} SET topic = topic" if table == raw.events else f"UPDATE {table} SET position = position", f"DELETE FROM {table}"):
            if raw.is_postgres:
                with psycopg.connect(store_settings.conninfo()) as conn:
                    conn.execute(f'SET search_path TO "{store_settings.schema}"')
                    with pytest.raises(psycopg.errors.InsufficientPrivilege):
                        conn.execute(statement)
            else:
                conn = sqlite3.connect(store_settings.sqlite_path)
                try:
                    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                        conn.execute(statement)
                finally:
                    conn.close()
    assert filled.verify().ok
