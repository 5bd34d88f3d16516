"""The console's searches and the emergency-review store, on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest

from infra.access_log_queries import AccessLogQueries, AccessLogQueryError, LogFilter
from infra.emergency_reviews import EmergencyReview, InvalidReviewError, open_emergency_reviews
from tests.integration.test_access_log_store import make_entry, open_log


@pytest.fixture
def log(store_settings):  # type: ignore[no-untyped-def]
    with open_log(store_settings) as opened:
        yield opened


def fill(log):  # type: ignore[no-untyped-def]
    entries = [
        make_entry(user_id="worker-1", outcome="permit", person_id="person-a", data_subject_id="person-a"),
        make_entry(user_id="worker-1", outcome="deny", decision_rule="relationship.not_assigned",
                   household_id="household-2", person_id=None, data_subject_id=None),
        make_entry(user_id="worker-2", organisation="partner-x", purpose="care_coordination", person_id=None,
                   data_subject_id="person-a"),
        make_entry(user_id="worker-3", emergency=True, reason="nood", household_id="household-1", person_id=None,
                   data_subject_id=None),
        make_entry(user_id="worker-3", person_id="person-b", data_subject_id="person-b"),
    ]
    return log.append_many(entries)


def test_each_filter_narrows_the_search_and_pages_run_newest_first(log):  # type: ignore[no-untyped-def]
    stored = fill(log)
    queries = AccessLogQueries(log)
    everything = queries.search(LogFilter(), size=2)
    assert everything.total == 5 and everything.pages == 3
    assert [s.position for s in everything.lines] == [stored[4].position, stored[3].position]
    last = queries.search(LogFilter(), page=3, size=2)
    assert [s.position for s in last.lines] == [stored[0].position]

    def positions(**filters):  # type: ignore[no-untyped-def]
        return sorted(s.position for s in queries.search(LogFilter(**filters), size=200).lines)

    p = [s.position for s in stored]
    assert positions(person_id="person-a") == [p[0], p[2]]  # as client or as data subject
    assert positions(household_id="household-2") == [p[1]]
    assert positions(user_id="worker-3") == [p[3], p[4]]
    assert positions(organisation="partner-x") == [p[2]]
    assert positions(outcome="deny") == [p[1]]
    assert positions(purpose="care_coordination") == [p[2]]
    assert positions(emergency=True) == [p[3]]
    assert positions(emergency=False) == [p[0], p[1], p[2], p[4]]
    assert positions(user_roles=("case_director",)) == p
    middle = stored[2].entry.time
    assert positions(since=middle) == p[2:]
    assert positions(until=middle) == p[:2]
    assert positions(since=middle, until=middle + timedelta(microseconds=1)) == [p[2]]
    assert queries.search(LogFilter(user_id="worker-1", outcome="deny"), size=5).total == 1


def test_a_filter_that_cannot_be_used_names_its_field(log):  # type: ignore[no-untyped-def]
    fill(log)
    queries = AccessLogQueries(log)
    for where, field in ((LogFilter(outcome="maybe"), "outcome"), (LogFilter(), "page")):
        with pytest.raises(AccessLogQueryError) as raised:
            queries.search(where, page=0 if field == "page" else 1)
        assert raised.value.field == field


def test_lines_by_entry_id_and_the_who_looked_list(log):  # type: ignore[no-untyped-def]
    stored = fill(log)
    queries = AccessLogQueries(log)
    wanted = str(stored[3].entry.entry_id)
    assert list(queries.by_entry_ids([wanted])) == [wanted]
    looked = queries.who_looked("person-a", ["household-1"])
    # about person-a (two lines), plus the household-level emergency line of household-1 (no person named)
    assert [s.position for s in looked] == [stored[0].position, stored[2].position, stored[3].position]


def test_reviews_are_kept_in_order_and_the_newest_counts(store_settings):  # type: ignore[no-untyped-def]
    import uuid

    reviews = open_emergency_reviews(store_settings)
    entry = str(uuid.uuid4())
    first = reviews.append(EmergencyReview(entry_id=entry, conclusion="follow_up", finding="Navragen.",
                                           reviewer_id="fg-01", reviewer_role="privacy_officer", trace_id="a" * 32))
    second = reviews.append(EmergencyReview(entry_id=entry, conclusion="justified", finding="Nagevraagd: terecht.",
                                            reviewer_id="fg-01", reviewer_role="privacy_officer", trace_id="b" * 32))
    assert [r.review_id for r in reviews.all()] == [first.review_id, second.review_id]
    assert reviews.latest_by_entry()[entry].conclusion == "justified"
    assert reviews.all()[0].reviewed_at == first.reviewed_at.replace(microsecond=first.reviewed_at.microsecond)
    with pytest.raises(InvalidReviewError):
        EmergencyReview(entry_id=entry, conclusion="fine", finding="x", reviewer_id="fg-01",
                        reviewer_role="privacy_officer", trace_id="c" * 32)


@pytest.mark.postgres
def test_postgres_refuses_to_change_or_delete_a_review(postgres_settings):  # type: ignore[no-untyped-def]
    import uuid

    import psycopg

    reviews = open_emergency_reviews(postgres_settings)
    reviews.append(EmergencyReview(entry_id=str(uuid.uuid4()), conclusion="justified", finding="Terecht.",
                                   reviewer_id="fg-01", reviewer_role="privacy_officer", trace_id="a" * 32))
    with psycopg.connect(postgres_settings.conninfo(), autocommit=True) as conn:
        for statement in ("UPDATE {s}.emergency_review SET finding = 'x'", "DELETE FROM {s}.emergency_review"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement.format(s=postgres_settings.schema))
