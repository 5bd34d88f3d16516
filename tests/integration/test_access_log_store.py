"""The access log's own store: durable, queryable, group-committed, append-only, tamper-evident.

Every test runs on SQLite and on PostgreSQL (`store_settings`), except where a fault can
only be made on one of them.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

import psycopg
import pytest

from infra.access_log_store import COLUMNS, PostgresAccessLog, access_log_path, open_access_log
from infra.settings import StoreSettings
from privacy.access_log import (
    AccessLog,
    AccessLogEntry,
    AccessLogWriteError,
    InvalidAccessLogEntryError,
    canonical_fields,
    chain_hash,
    new_span_id,
    new_trace_id,
)


def make_entry(**overrides: object) -> AccessLogEntry:
    values: dict[str, object] = dict(
        event="dossier.read",
        user_id="worker-1",
        user_role="case_director",
        organisation="team-noord",
        action="read",
        section="plan",
        channel="api",
        outcome="permit",
        decision_rule="assigned-case-director",
        purpose="support-plan",
        processing_activity_id="pa-wmo-support",
        trace_id=new_trace_id(),
        span_id=new_span_id(),
        person_id="person-a",
        household_id="household-1",
        data_subject_id="person-a",
    )
    values.update(overrides)
    return AccessLogEntry(**values)  # type: ignore[arg-type]


def open_log(settings: StoreSettings, **options: object):
    if settings.kind == "sqlite":
        options.setdefault("busy_timeout", 0.3)
    options.setdefault("append_timeout", 10.0)
    return open_access_log(settings, **options)


@pytest.fixture
def log(store_settings: StoreSettings) -> Iterator:
    opened = open_log(store_settings)
    yield opened
    opened.close()


class RawStore:
    """Plain SQL on the log's table, the way an operator (or an attacker) would reach it."""

    def __init__(self, settings: StoreSettings) -> None:
        self.kind = settings.kind
        if self.kind == "sqlite":
            self.conn = sqlite3.connect(access_log_path(settings), isolation_level=None)
        else:
            self.conn = psycopg.connect(settings.conninfo(), autocommit=True)
            self.conn.execute(f'SET search_path TO "{settings.schema}"')

    def execute(self, statement: str, params: tuple = ()) -> list[tuple]:
        if self.kind == "postgres":
            statement = statement.replace("?", "%s")
        cursor = self.conn.execute(statement, params)
        return cursor.fetchall() if cursor.description else []

    def bypass_append_only(self) -> None:
        # The file's owner, or PostgreSQL's table owner / superuser, can always do this.
        if self.kind == "sqlite":
            self.execute("DROP TRIGGER access_log_no_update")
            self.execute("DROP TRIGGER access_log_no_delete")
        else:
            self.execute("ALTER TABLE access_log DISABLE TRIGGER USER")

    def row(self, position: int) -> tuple:
        return self.execute(f"SELECT {', '.join(COLUMNS)} FROM access_log WHERE position = ?", (position,))[0]

    def insert(self, values: tuple) -> None:
        marks = ", ".join("?" for _ in COLUMNS)
        self.execute(f"INSERT INTO access_log ({', '.join(COLUMNS)}) VALUES ({marks})", values)

    def shift_up_from(self, position: int) -> None:
        # Two steps so the primary key never collides half-way through.
        self.execute("UPDATE access_log SET position = -(position + 1) WHERE position >= ?", (position,))
        self.execute("UPDATE access_log SET position = -position WHERE position < 0")

    def close(self) -> None:
        self.conn.close()


@pytest.fixture
def raw(store_settings: StoreSettings, log) -> Iterator[RawStore]:
    store = RawStore(store_settings)
    yield store
    store.close()


def test_an_appended_entry_is_stored_with_the_logs_time_and_a_chain_link(log) -> None:
    before = datetime.now(timezone.utc)
    stored = log.append(make_entry(time=datetime(2001, 1, 1, tzinfo=timezone.utc)))

    assert stored.position == 1
    assert stored.prev_hash == "0" * 64
    assert stored.hash == chain_hash(stored.prev_hash, canonical_fields(stored.entry))
    assert stored.entry.time is not None and stored.entry.time >= before
    assert log.head() == (1, stored.hash)
    assert log.query() == [stored]


def test_entries_survive_closing_and_reopening_and_the_chain_continues(store_settings) -> None:
    first = open_log(store_settings)
    stored = first.append_many([make_entry(), make_entry(action="export", section="members")])
    first.close()

    reopened = open_log(store_settings)
    try:
        assert reopened.query() == stored
        following = reopened.append(make_entry())
        assert following.position == 3
        assert following.prev_hash == stored[-1].hash
        assert reopened.verify().ok
    finally:
        reopened.close()


def test_entries_are_queryable_by_person_household_user_organisation_time_and_emergency(log) -> None:
    a_read = log.append(make_entry())
    b_read = log.append(make_entry(person_id="person-b", data_subject_id="person-b", household_id="household-2"))
    emergency = log.append(
        make_entry(user_id="worker-2", emergency=True, reason="acute safety concern", decision_rule="break-the-glass")
    )
    partner = log.append(
        make_entry(user_id="gp-1", user_role="partner", organisation="huisartsenpraktijk", outcome="deny")
    )

    assert log.query(person_id="person-b") == [b_read]
    assert log.query(household_id="household-1") == [a_read, emergency, partner]
    assert log.query(user_id="worker-2") == [emergency]
    assert log.query(organisation="huisartsenpraktijk") == [partner]
    assert log.query(emergency=True) == [emergency]
    assert log.query(emergency=False) == [a_read, b_read, partner]
    assert log.query(since=emergency.entry.time) == [emergency, partner]
    assert log.query(until=emergency.entry.time) == [a_read, b_read]
    assert log.query(since=b_read.entry.time, until=partner.entry.time) == [b_read, emergency]
    assert log.query(household_id="household-1", user_id="worker-1") == [a_read]
    assert log.query(limit=2) == [a_read, b_read]
    assert log.query(since=partner.entry.time + timedelta(seconds=1)) == []


def test_a_scan_returns_every_matching_entry_in_batches_from_one_snapshot(log) -> None:
    stored = log.append_many([make_entry(user_id=f"worker-{i % 2}") for i in range(7)])
    batches = log.scan(user_id="worker-0", batch_size=2)
    first = next(batches)
    log.append(make_entry(user_id="worker-0"))  # after the scan began: not part of its snapshot
    rest = list(batches)

    assert [len(b) for b in [first, *rest]] == [2, 2]
    assert [*first, *(s for b in rest for s in b)] == [s for s in stored if s.entry.user_id == "worker-0"]
    assert [s for b in log.scan(batch_size=3) for s in b] == log.query()
    assert list(log.scan(user_id="nobody")) == []


def test_scan_rows_gives_the_scanned_entries_as_plain_rows_from_one_snapshot(log) -> None:
    log.append_many([make_entry(user_id=f"worker-{i % 2}", emergency=i == 4, reason="nood" if i == 4 else None)
                     for i in range(7)])
    batches = log.scan_rows(user_id="worker-0", batch_size=2)
    first = next(batches)
    log.append(make_entry(user_id="worker-0"))  # after the scan began: not part of its snapshot
    rows = [*first, *(r for b in batches for r in b)]

    # The same values as the port's default, built from `scan` (which now sees the later line too).
    default = [r for b in AccessLog.scan_rows(log, user_id="worker-0") for r in b]
    emergency = COLUMNS.index("emergency")
    assert (len(first), len(rows), len(default)) == (2, 4, 5)
    assert [(*r[:emergency], bool(r[emergency]), *r[emergency + 1 :]) for r in rows] == default[:4]
    assert [bool(r[emergency]) for r in rows] == [False, False, True, False]
    assert list(log.scan_rows(user_id="nobody")) == []


def test_a_persons_own_entries_are_queryable_by_that_person(log) -> None:
    as_client = log.append(make_entry(person_id="person-c", data_subject_id="person-c"))
    as_data_subject_only = log.append(make_entry(person_id=None, data_subject_id="person-c", action="search"))
    own_portal_read = log.append(
        make_entry(user_id="person-c", user_role="client", channel="portal", person_id="person-c")
    )
    log.append(make_entry(person_id="person-d", data_subject_id="person-d"))

    assert log.query(person_id="person-c") == [as_client, as_data_subject_only, own_portal_read]


def test_many_concurrent_appends_land_exactly_once_in_one_linear_chain_with_shared_commits(log) -> None:
    threads, per_thread = 8, 200
    results: list[list] = [[] for _ in range(threads)]
    errors: list[BaseException] = []
    start = threading.Barrier(threads)

    def worker(index: int) -> None:
        start.wait()
        try:
            for _ in range(per_thread):
                results[index].append(log.append(make_entry(user_id=f"worker-{index}")))
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()

    assert errors == []
    returned = [stored for per_worker in results for stored in per_worker]
    total = threads * per_thread
    assert sorted(s.position for s in returned) == list(range(1, total + 1))

    in_store = log.query()
    assert len(in_store) == total
    assert {s.entry.entry_id for s in in_store} == {s.entry.entry_id for s in returned}
    assert sorted(returned, key=lambda s: s.position) == in_store
    for earlier, later in zip(in_store, in_store[1:]):
        assert later.prev_hash == earlier.hash
        assert later.entry.time >= earlier.entry.time
    assert log.verify().ok
    assert log.commit_count < total


def test_two_log_instances_on_one_store_still_build_one_linear_chain(store_settings) -> None:
    # As two server processes would: each has its own writer, the store's lock orders them.
    # SQLite's writers wait on each other's fsync: the store's default patience, not the fault tests' 0.3 s.
    patience = {"busy_timeout": 5.0} if store_settings.kind == "sqlite" else {}
    first, second = open_log(store_settings, **patience), open_log(store_settings, **patience)
    try:

        def worker(log) -> None:
            for _ in range(50):
                log.append(make_entry())

        pool = [threading.Thread(target=worker, args=(log,)) for log in (first, second, first, second)]
        for thread in pool:
            thread.start()
        for thread in pool:
            thread.join()

        assert [s.position for s in first.query()] == list(range(1, 201))
        assert first.verify().ok
    finally:
        first.close()
        second.close()


def test_append_many_stores_all_entries_in_one_commit(log) -> None:
    stored = log.append_many([make_entry() for _ in range(5)])

    assert [s.position for s in stored] == [1, 2, 3, 4, 5]
    assert log.commit_count == 1


def _refuse_inserts(raw: RawStore) -> None:
    if raw.kind == "sqlite":
        raw.execute(
            "CREATE TRIGGER refuse_insert BEFORE INSERT ON access_log BEGIN SELECT RAISE(ABORT, 'disk full'); END"
        )
    else:
        raw.execute(
            "CREATE FUNCTION refuse_insert() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'disk full'; END $$"
        )
        raw.execute("CREATE TRIGGER refuse_insert BEFORE INSERT ON access_log FOR EACH ROW EXECUTE FUNCTION refuse_insert()")


def _allow_inserts(raw: RawStore) -> None:
    raw.execute("DROP TRIGGER refuse_insert" + ("" if raw.kind == "sqlite" else " ON access_log"))


def test_append_raises_and_stores_nothing_when_the_store_refuses_writes(log, raw) -> None:
    kept = log.append(make_entry())
    _refuse_inserts(raw)

    failures: list[BaseException] = []

    def attempt() -> None:
        try:
            log.append(make_entry(person_id="person-secret"))
        except AccessLogWriteError as exc:
            failures.append(exc)

    callers = [threading.Thread(target=attempt) for _ in range(4)]
    for caller in callers:
        caller.start()
    for caller in callers:
        caller.join()

    assert len(failures) == 4
    assert all("person-secret" not in str(exc) for exc in failures)
    assert log.head() == (1, kept.hash)
    assert log.query() == [kept]
    assert log.stored_count == 1

    _allow_inserts(raw)
    recovered = log.append(make_entry())
    assert (recovered.position, recovered.prev_hash) == (2, kept.hash)
    assert log.verify().ok


def test_append_raises_when_the_sqlite_file_stays_locked_by_another_writer(sqlite_settings) -> None:
    # (As root a read-only file mode would not stop writes; a held write lock does.)
    log = open_log(sqlite_settings, busy_timeout=0.2)
    raw = RawStore(sqlite_settings)
    try:
        raw.execute("BEGIN IMMEDIATE")
        with pytest.raises(AccessLogWriteError):
            log.append(make_entry())
        raw.execute("ROLLBACK")

        assert log.query() == []
        assert log.append(make_entry()).position == 1
    finally:
        raw.close()
        log.close()


@pytest.mark.postgres
def test_a_writer_connection_killed_while_idle_is_replaced_and_the_append_is_stored_once(postgres_settings) -> None:
    # As after a database restart: the connection is gone before the batch sent anything, so the
    # writer reconnects and writes the batch once (infra.access_log_store, _DroppedBeforeWriting).
    log = open_log(postgres_settings)
    try:
        kept = log.append(make_entry())
        pid = log.writer_backend_pid()
        assert isinstance(log, PostgresAccessLog) and pid is not None
        with psycopg.connect(postgres_settings.conninfo(), autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))

        following = log.append(make_entry())
        assert (following.position, following.prev_hash) == (2, kept.hash)
        assert log.writer_backend_pid() not in (None, pid)
        assert [s.position for s in log.query()] == [1, 2] and log.verify().ok
    finally:
        log.close()


def test_append_raises_once_the_log_is_closed(store_settings) -> None:
    log = open_log(store_settings)
    log.close()

    with pytest.raises(AccessLogWriteError):
        log.append(make_entry())


def test_an_incomplete_entry_is_refused_without_echoing_its_values() -> None:
    with pytest.raises(InvalidAccessLogEntryError) as refused:
        make_entry(action="peek", person_id="person-secret")
    assert "action" in str(refused.value) and "person-secret" not in str(refused.value)

    with pytest.raises(InvalidAccessLogEntryError):
        make_entry(purpose="")


def test_lines_cannot_be_updated_or_deleted_through_normal_sql(log, raw) -> None:
    log.append_many([make_entry(), make_entry()])
    refusals = [
        "UPDATE access_log SET user_id = 'someone-else' WHERE position = 1",
        "DELETE FROM access_log WHERE position = 2",
    ]
    if raw.kind == "postgres":
        refusals.append("TRUNCATE access_log")
    for statement in refusals:
        with pytest.raises((sqlite3.DatabaseError, psycopg.Error)) as refused:
            raw.execute(statement)
        assert "append-only" in str(refused.value)

    assert len(log.query()) == 2
    assert log.verify().ok


def _fill(log, count: int = 10) -> list:
    return log.append_many([make_entry(reason=f"line {n}") for n in range(1, count + 1)])


def test_verify_is_ok_on_an_intact_log_and_on_an_empty_one(log) -> None:
    empty = log.verify()
    assert empty.ok and empty.checked == 0 and empty.head_position == 0

    stored = _fill(log)
    result = log.verify()
    assert result.ok
    assert (result.checked, result.head_position, result.head_hash) == (10, 10, stored[-1].hash)
    assert log.verify(expected_head=(10, stored[-1].hash)).ok


def test_verify_catches_a_changed_byte_at_its_position(log, raw) -> None:
    _fill(log)
    raw.bypass_append_only()
    raw.execute("UPDATE access_log SET organisation = 'team-nooro' WHERE position = 4")

    result = log.verify()
    assert (result.ok, result.first_bad_position, result.problem) == (False, 4, "changed")


def test_verify_catches_a_flipped_emergency_flag(log, raw) -> None:
    _fill(log)
    raw.bypass_append_only()
    raw.execute("UPDATE access_log SET emergency = ? WHERE position = 7", (True,))

    result = log.verify()
    assert (result.first_bad_position, result.problem) == (7, "changed")


def test_verify_catches_a_deleted_line(log, raw) -> None:
    _fill(log)
    raw.bypass_append_only()
    raw.execute("DELETE FROM access_log WHERE position = 5")

    result = log.verify()
    assert (result.ok, result.first_bad_position, result.problem) == (False, 5, "missing")


def test_verify_catches_a_deleted_line_even_when_later_positions_are_renumbered(log, raw) -> None:
    _fill(log)
    raw.bypass_append_only()
    raw.execute("DELETE FROM access_log WHERE position = 5")
    raw.execute("UPDATE access_log SET position = -(position - 1) WHERE position > 5")
    raw.execute("UPDATE access_log SET position = -position WHERE position < 0")

    result = log.verify()
    assert (result.first_bad_position, result.problem) == (5, "missing")


def test_verify_catches_two_swapped_lines(log, raw) -> None:
    _fill(log)
    raw.bypass_append_only()
    sixth, seventh = raw.row(6), raw.row(7)
    raw.execute("DELETE FROM access_log WHERE position IN (6, 7)")
    raw.insert((6, *seventh[1:]))
    raw.insert((7, *sixth[1:]))

    result = log.verify()
    assert (result.ok, result.first_bad_position, result.problem) == (False, 6, "reordered")


@pytest.mark.parametrize("forger_links_correctly", [True, False], ids=["linked-forgery", "unlinked-forgery"])
def test_verify_catches_an_inserted_forged_line(log, raw, forger_links_correctly: bool) -> None:
    stored = _fill(log)
    raw.bypass_append_only()
    raw.shift_up_from(5)
    forged = make_entry(user_id="nobody", reason="forged").stamped(stored[3].entry.time)
    values = canonical_fields(forged)
    prev_hash = stored[3].hash if forger_links_correctly else "f" * 64
    raw.insert(tuple({"position": 5, "prev_hash": prev_hash, "hash": chain_hash(prev_hash, values), **values}[c] for c in COLUMNS))

    result = log.verify()
    assert (result.ok, result.first_bad_position, result.problem) == (False, 5, "inserted")


def test_verify_against_a_checkpoint_head_catches_a_truncated_tail(log, raw) -> None:
    stored = _fill(log)
    raw.bypass_append_only()
    raw.execute("DELETE FROM access_log WHERE position >= 9")

    # The chain alone cannot see a cut-off tail; the subjects recorded for the lines cut off can ...
    cut = log.verify()
    assert (cut.ok, cut.first_bad_position, cut.problem) == (False, 9, "missing") and "subjects" in cut.detail
    result = log.verify(expected_head=(10, stored[-1].hash))
    assert (result.ok, result.first_bad_position, result.problem) == (False, 9, "missing")
