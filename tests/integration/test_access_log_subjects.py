"""Whose data a line concerns is kept in an indexed side table, written with the line.

The per-person query (the privacy officer's export, the client's "who looked") reads
`access_log_subjects` instead of matching text in `data_subject_ids`; the lines and their hash
chain are unchanged. Each test runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import pytest

from infra.access_log_store import subjects_of
from privacy.access_log import AccessLogWriteError, canonical_fields
from tests.integration.test_access_log_store import RawStore, make_entry, open_log


@pytest.fixture
def log(store_settings):  # type: ignore[no-untyped-def]
    opened = open_log(store_settings)
    yield opened
    opened.close()


@pytest.fixture
def raw(store_settings, log):  # type: ignore[no-untyped-def]
    store = RawStore(store_settings)
    yield store
    store.close()


def _household_read(**overrides: object):  # type: ignore[no-untyped-def]
    values: dict[str, object] = dict(person_id=None, data_subject_id=None, household_id="h-1",
                                     data_subject_ids="p-anna p-bert p_c")
    values.update(overrides)
    return make_entry(**values)


def test_each_person_a_line_names_is_found_through_the_side_table_and_no_one_else(log, raw) -> None:
    household = log.append(_household_read())
    own = log.append(make_entry(person_id="p-bert", data_subject_id="p-bert", data_subject_ids="p-bert"))
    log.append(make_entry(person_id="p-dora", data_subject_id="p-dora", data_subject_ids=None))
    assert [s.position for s in log.query(person_id="p-bert")] == [household.position, own.position]
    assert [s.position for s in log.query(person_id="p-anna")] == [household.position]
    # ids are matched whole: no prefix, no pattern characters
    assert log.query(person_id="p-ann") == [] and log.query(person_id="p%") == [] and log.query(person_id="p_") == []
    assert [s.position for s in log.query(person_id="p_c")] == [household.position]
    rows = raw.execute("SELECT subject_id, position FROM access_log_subjects ORDER BY position, subject_id")
    assert rows == [("p-anna", 1), ("p-bert", 1), ("p_c", 1), ("p-bert", 2), ("p-dora", 3)]
    assert [s.position for b in log.scan(person_id="p-bert", batch_size=1) for s in b] == [1, 2]
    assert log.subject_ids() == ["p-anna", "p-bert", "p-dora", "p_c"]


def test_the_side_table_is_not_part_of_the_line_or_its_hash(log) -> None:
    stored = log.append(_household_read())
    assert "subject_id" not in canonical_fields(stored.entry) and "subjects" not in canonical_fields(stored.entry)
    assert log.verify().ok


def test_a_line_and_its_subjects_are_stored_together_or_not_at_all(log, raw) -> None:
    kept = log.append(_household_read())
    if raw.kind == "sqlite":
        raw.execute("CREATE TRIGGER refuse_subject BEFORE INSERT ON access_log_subjects "
                    "BEGIN SELECT RAISE(ABORT, 'disk full'); END")
    else:
        raw.execute("CREATE FUNCTION refuse_subject() RETURNS trigger LANGUAGE plpgsql AS "
                    "$$ BEGIN RAISE EXCEPTION 'disk full'; END $$")
        raw.execute("CREATE TRIGGER refuse_subject BEFORE INSERT ON access_log_subjects "
                    "FOR EACH ROW EXECUTE FUNCTION refuse_subject()")
    with pytest.raises(AccessLogWriteError):
        log.append(_household_read())
    assert log.head() == (kept.position, kept.hash)  # the line went with its subjects
    assert raw.execute("SELECT count(*) FROM access_log_subjects")[0][0] == 3


def test_the_side_table_refuses_changes_like_the_log(log, raw) -> None:
    log.append(_household_read())
    for statement in ("UPDATE access_log_subjects SET subject_id = 'iemand-anders'",
                      "DELETE FROM access_log_subjects"):
        with pytest.raises(Exception, match="append-only"):
            raw.execute(statement)


def test_a_log_made_before_the_side_table_gets_it_filled_from_its_lines(store_settings, log, raw) -> None:
    lines = [log.append(_household_read()), log.append(make_entry(person_id="p-eva", data_subject_id="p-eva"))]
    log.close()
    # As a log at schema version 1, written before this change, has none:
    raw.execute("DROP TABLE access_log_subjects")
    raw.execute("DELETE FROM wd_schema_migrations WHERE component = 'access_log' AND version = 2")
    from infra import migrations

    with pytest.raises(migrations.SchemaBehindError):
        open_log(store_settings)
    assert [(c, m.version) for c, m in migrations.migrate(store_settings) if c == "access_log"] == [("access_log", 2)]
    reopened = open_log(store_settings)
    try:
        assert [s.position for s in reopened.query(person_id="p-bert")] == [lines[0].position]
        assert [s.position for s in reopened.query(person_id="p-eva")] == [lines[1].position]
        assert raw.execute("SELECT count(*) FROM access_log_subjects")[0][0] == 4
    finally:
        reopened.close()


def test_the_per_person_query_reads_the_index_not_the_whole_log(log, raw) -> None:
    log.append_many([_household_read(data_subject_ids=f"p-{i} p-{i + 1}") for i in range(300)])
    if raw.kind == "sqlite":
        plan = " ".join(str(r) for r in raw.execute(
            "EXPLAIN QUERY PLAN SELECT position FROM access_log WHERE position IN "
            "(SELECT position FROM access_log_subjects WHERE subject_id = ?)", ("p-7",)))
        assert "SEARCH access_log_subjects USING PRIMARY KEY (subject_id=?)" in plan, plan
        assert "SCAN" not in plan, plan
    else:
        raw.execute("ANALYZE access_log_subjects")
        raw.execute("ANALYZE access_log")
        plan = " ".join(r[0] for r in raw.execute(
            "EXPLAIN SELECT position FROM access_log WHERE position IN "
            "(SELECT position FROM access_log_subjects WHERE subject_id = %s)", ("p-7",)))
        assert "access_log_subjects_pkey" in plan, plan
    assert [s.position for s in log.query(person_id="p-7")] == [7, 8]


def test_subjects_of_a_line_are_its_client_its_data_subject_and_each_named_one() -> None:
    assert subjects_of({"person_id": "a", "data_subject_id": "a", "data_subject_ids": "b a c"}) == ["a", "b", "c"]
    assert subjects_of({"person_id": None, "data_subject_id": None, "data_subject_ids": None}) == []


def _bypass_subjects_append_only(raw: RawStore) -> None:
    # The file's owner, or the table owner in PostgreSQL, can always do this: verify must see it.
    if raw.kind == "sqlite":
        raw.execute("DROP TRIGGER access_log_subjects_no_delete")
    else:
        raw.execute("ALTER TABLE access_log_subjects DISABLE TRIGGER USER")


def test_verify_finds_a_subject_taken_away_from_a_line(log, raw) -> None:
    log.append(make_entry(person_id="p-eva", data_subject_id="p-eva"))
    household = log.append(_household_read())
    log.append(make_entry(person_id="p-dora", data_subject_id="p-dora"))
    assert log.verify().ok
    _bypass_subjects_append_only(raw)
    raw.execute("DELETE FROM access_log_subjects WHERE subject_id = 'p-bert'")
    result = log.verify()
    assert (result.ok, result.first_bad_position, result.problem) == (False, household.position, "missing")
    assert "access_log_subjects" in result.detail
    assert log.verify(expected_head=log.head()).ok  # the chain itself is untouched


def test_verify_finds_a_subject_added_to_a_line_or_left_without_one(log, raw) -> None:
    first = log.append(make_entry(person_id="p-eva", data_subject_id="p-eva"))
    log.append(_household_read())
    raw.execute("INSERT INTO access_log_subjects (subject_id, position) VALUES ('p-zoe', ?)", (first.position,))
    result = log.verify()
    assert (result.ok, result.first_bad_position, result.problem) == (False, first.position, "inserted")
    _bypass_subjects_append_only(raw)
    raw.execute("DELETE FROM access_log_subjects WHERE subject_id = 'p-zoe'")
    assert log.verify().ok
    raw.execute("INSERT INTO access_log_subjects (subject_id, position) VALUES ('p-zoe', 99)")
    result = log.verify()  # a subject whose line is not there: that line is gone
    assert (result.ok, result.first_bad_position, result.problem) == (False, 99, "missing")


def test_a_misspelt_filter_is_refused_rather_than_widening_the_query(log) -> None:
    log.append(_household_read())
    with pytest.raises(TypeError, match="persn_id"):
        log.query(persn_id="p-anna")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="persn_id"):
        next(log.scan(persn_id="p-anna"))  # type: ignore[call-arg]
