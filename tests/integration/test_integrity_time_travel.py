"""Time travel for review, on both stores: the dossier as it stood at known intermediate
states, by version and by moment, and as it stood at the end of a complaint's scope.

Recording times are set with a fake clock (the library's timestamp function), so a state
"on 5 March" is a state recorded on 5 March."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import eventsourcing.domain
import pytest

from domain.errors import DossierNotFoundError, InvalidValueError
from infra.integrity.time_travel import (
    dossier_as_it_stood,
    dossier_at_complaint_scope,
    history_as_of,
    history_in_complaint_scope,
)
from tests.builders import ADULT, CASE_DIRECTOR, CHILD, OTHER_CASE_DIRECTOR, cd, client, full_zrm, pd, simple_plan
from tests.integration.test_integrity_support import dossiers  # noqa: F401 - fixture

DAY0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock(monkeypatch):  # noqa: ANN001, ANN201
    """Set the recording time: `clock(day)` makes the next events recorded on DAY0 + day."""
    now = {"at": DAY0}
    monkeypatch.setattr(eventsourcing.domain, "datetime_now_with_tzinfo", lambda: now["at"])

    def set_day(day: float) -> None:
        now["at"] = DAY0 + timedelta(days=day)

    return set_day


@pytest.fixture
def story(dossiers, clock):  # noqa: ANN001, ANN201, F811
    """A household whose dossier changes on known days; returns (household id, complaint id)."""
    clock(0)
    hid = dossiers.receive_signal(source="school", reporter="Basisschool", description="Zorgen", team="noord", by=pd(0))
    dossiers.open_dossier(hid, summary="Zorgen thuis", by=pd(0))  # v2
    clock(1)
    dossiers.add_member(hid, person_id=ADULT, name="Anna", date_of_birth="1984-03-17", relation="parent", by=pd(1))
    dossiers.add_member(hid, person_id=CHILD, name="Chris", date_of_birth="2012-02-11", relation="child", by=pd(1))
    dossiers.assign_case_director(hid, worker_id=CASE_DIRECTOR, by=pd(1))  # v5
    clock(3)
    dossiers.assess_zrm(hid, person_id=ADULT, scores=full_zrm(3, finances=2), by=cd(3))  # v6
    clock(5)
    dossiers.adopt_plan_version(hid, plan=simple_plan(), by=cd(5))  # v7, plan 1
    clock(8)
    dossiers.hand_over_case_director(hid, to_worker_id=OTHER_CASE_DIRECTOR, by=pd(8))  # v8
    dossiers.adopt_plan_version(hid, plan=simple_plan(problems=["Schulden"]), by=pd(8))  # v9, plan 2
    clock(12)
    complaint = dossiers.file_complaint(
        household_id=hid, complainant_person_id=ADULT, about_worker_id=CASE_DIRECTOR, subject="conduct",
        description="Onheus behandeld", by=client(12), scope_until=(DAY0 + timedelta(days=5)).date(),
    )
    return hid, complaint


def test_the_dossier_by_version_matches_each_known_intermediate_state(dossiers, story) -> None:  # noqa: ANN001, F811
    hid, _ = story
    assert dossier_as_it_stood(dossiers, hid, version=2).phase == "intake"
    at_5 = dossier_as_it_stood(dossiers, hid, version=5)
    assert (at_5.phase, at_5.case_director, sorted(at_5.members)) == ("assessment", CASE_DIRECTOR, [ADULT, CHILD])
    at_7 = dossiers.get_dossier(hid, version=7)
    assert (at_7.phase, len(at_7.plan_versions), at_7.case_director) == ("support", 1, CASE_DIRECTOR)
    now = dossiers.get_dossier(hid)
    assert (now.version, len(now.plan_versions), now.case_director) == (9, 2, OTHER_CASE_DIRECTOR)


def test_the_dossier_and_its_history_as_of_a_moment_hold_exactly_what_was_recorded_by_then(dossiers, story) -> None:  # noqa: ANN001, F811
    hid, _ = story
    expected = {0.5: 2, 2: 5, 4: 6, 6: 7, 7.99: 7, 9: 9}
    for day, version in expected.items():
        moment = DAY0 + timedelta(days=day)
        assert dossier_as_it_stood(dossiers, hid, moment=moment).version == version, day
        events = history_as_of(dossiers, hid, moment)
        assert [e.originator_version for e in events] == list(range(1, version + 1)), day
    at_day_6 = dossiers.get_dossier_as_of(hid, DAY0 + timedelta(days=6))
    assert at_day_6.case_director == CASE_DIRECTOR and len(at_day_6.plan_versions) == 1
    assert history_as_of(dossiers, hid, DAY0 - timedelta(seconds=1)) == []
    with pytest.raises(DossierNotFoundError):
        dossiers.get_dossier_as_of(hid, DAY0 - timedelta(seconds=1))


def test_a_moment_without_a_time_zone_or_an_ambiguous_request_is_refused(dossiers, story) -> None:  # noqa: ANN001, F811
    hid, _ = story
    with pytest.raises(InvalidValueError, match="time zone"):
        history_as_of(dossiers, hid, datetime(2025, 3, 4, 12, 0))
    with pytest.raises(InvalidValueError, match="either a moment or a version"):
        dossier_as_it_stood(dossiers, hid, moment=DAY0, version=2)


def test_the_commission_sees_the_dossier_as_it_stood_at_the_end_of_the_complaints_scope(dossiers, story) -> None:  # noqa: ANN001, F811
    hid, complaint = story
    at_scope_end = dossier_at_complaint_scope(dossiers, complaint)
    # Scope ends 8 March (Dutch time): the first plan is in, the handover of 11 March is not.
    assert (at_scope_end.version, at_scope_end.case_director, len(at_scope_end.plan_versions)) == (7, CASE_DIRECTOR, 1)
    in_scope = history_in_complaint_scope(dossiers, complaint)
    assert [e.originator_version for e in in_scope] == [1, 2, 3, 4, 5, 6, 7]
    assert all(e.timestamp <= DAY0 + timedelta(days=6) for e in in_scope)
