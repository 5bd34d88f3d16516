"""The storage contract: the same behaviour on SQLite and on PostgreSQL."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from domain.errors import (
    CaseDirectorError,
    ConcurrentChangeError,
    DossierClosedError,
    DossierNotFoundError,
    IncompleteAssessmentError,
    NotAComplaintError,
    NotMandatedError,
    PlanError,
    UnknownMemberError,
    WrongPhaseError,
)
from infra.store import open_application
from tests.builders import (
    ADULT,
    CASE_DIRECTOR,
    CHILD,
    CONSULTANT,
    OTHER_CASE_DIRECTOR,
    T0,
    by,
    cd,
    client,
    full_zrm,
    pd,
    simple_plan,
)


@pytest.fixture(params=["new", "upgraded-from-0.1.0"])
def app(request, store_settings):  # type: ignore[no-untyped-def]
    """A new store, and one made by release 0.1.0 and brought up to date by `migrate`: both must
    keep the contract."""
    if request.param != "new":
        from infra.migrations import migrate
        from tests.fixtures.release_0_1 import load_release_0_1

        load_release_0_1(store_settings, "empty")
        migrate(store_settings)
    application = open_application(store_settings)
    yield application
    application.close()


def event_count(app) -> int:  # type: ignore[no-untyped-def]
    return app.recorder.max_notification_id() or 0


def supported_household(app):  # type: ignore[no-untyped-def]
    hid = app.receive_signal(source="police_care_form", reporter="Politie Eenheid Rotterdam",
                             description="Ruzie thuis, jongere 15 jaar", team="zuid", by=pd(0))
    app.open_dossier(hid, summary="Zorgformulier politie", by=pd(0))
    app.add_member(hid, person_id=ADULT, name="Anna Jansen", date_of_birth="1979-05-01", relation="parent", by=pd(0))
    app.add_member(hid, person_id=CHILD, name="Chris Jansen", date_of_birth="2010-02-11", relation="child", by=pd(0))
    app.assign_case_director(hid, worker_id=CASE_DIRECTOR, by=pd(0.2))
    app.record_contact(hid, kind="home_visit", with_person_ids=[ADULT, CHILD], by=cd(1))
    app.assess_zrm(hid, person_id=ADULT, scores=full_zrm(3, finances=2), by=cd(2))
    app.assess_child_safety(hid, meldcode_step=3, outcome="support_organised", summary="Gesprek gevoerd", by=cd(2))
    app.adopt_plan_version(hid, plan=simple_plan(), by=cd(3))
    return hid


def test_a_dossier_read_back_from_the_store_equals_the_one_that_was_saved(app) -> None:  # type: ignore[no-untyped-def]
    hid = supported_household(app)
    dossier = app.get_dossier(hid)
    assert dossier.phase == "support"
    assert dossier.members[CHILD].date_of_birth.isoformat() == "2010-02-11"
    assert dossier.actions["a2"].due_on.isoformat() == "2025-07-01"
    assert dossier.assessments[0].scores["finances"] == 2
    assert dossier.first_contact_within_term is True
    again = app.get_dossier(hid)
    assert {k: v for k, v in dossier.__dict__.items() if k != "_pending_events"} == {
        k: v for k, v in again.__dict__.items() if k != "_pending_events"}


def test_events_come_back_with_their_attribution_in_order(app) -> None:  # type: ignore[no-untyped-def]
    hid = supported_household(app)
    history = app.history(hid)
    assert [e.originator_version for e in history] == list(range(1, len(history) + 1))
    assert history[0].by.actor_role == "process_director"
    assert history[0].by.reason
    assert history[5].by.occurred_at == T0 + timedelta(days=1)
    assert all(e.timestamp.tzinfo is not None for e in history)


@pytest.mark.parametrize(
    "command, error_type",
    [
        (lambda app, hid: app.assign_case_director(hid, worker_id=OTHER_CASE_DIRECTOR, by=pd(4)), CaseDirectorError),
        (lambda app, hid: app.assess_zrm(hid, person_id=ADULT, scores=full_zrm(3, housing=0), by=cd(4)),
         IncompleteAssessmentError),
        (lambda app, hid: app.assess_zrm(hid, person_id=ADULT, scores=full_zrm(3, housing=6), by=cd(4)),
         IncompleteAssessmentError),
        (lambda app, hid: app.assess_zrm(hid, person_id="person-unknown", scores=full_zrm(), by=cd(4)),
         UnknownMemberError),
        (lambda app, hid: app.adopt_plan_version(
            hid, plan=simple_plan(actions=[{"description": "x", "due_on": "2025-09-01"}]), by=cd(4)), PlanError),
        (lambda app, hid: app.file_complaint(household_id=hid, complainant_person_id=ADULT,
                                             about_worker_id=CASE_DIRECTOR, subject="decision_outcome",
                                             description="Wmo afgewezen", by=client(4)), NotAComplaintError),
    ],
    ids=["second-case-director", "zrm-level-0", "zrm-level-6", "unknown-member", "action-without-owner",
         "complaint-about-outcome"],
)
def test_a_refused_command_stores_nothing(app, command, error_type) -> None:  # type: ignore[no-untyped-def]
    hid = supported_household(app)
    before = event_count(app)
    with pytest.raises(error_type):
        command(app, hid)
    assert event_count(app) == before


def test_a_closed_dossier_refuses_work_and_stores_nothing(app) -> None:  # type: ignore[no-untyped-def]
    hid = supported_household(app)
    app.cancel_action(hid, action_id="a1", by=cd(5))
    app.cancel_action(hid, action_id="a2", by=cd(5))
    app.close_dossier(hid, by=cd(6))
    before = event_count(app)
    with pytest.raises(DossierClosedError):
        app.record_contact(hid, kind="phone", by=cd(7))
    assert event_count(app) == before


def test_an_unmandated_decision_is_recorded_as_a_refusal_never_as_a_decision(app) -> None:  # type: ignore[no-untyped-def]
    hid = supported_household(app)
    app.request_referral(hid, referral_id="r1", kind="specialist_youth_care", provision="Jeugdhulp met verblijf",
                         motivation="Veiligheid jongere", person_id=CHILD, by=cd(5))
    with pytest.raises(NotMandatedError):
        app.decide_referral(hid, referral_id="r1", decision="granted", motivation="x",
                            by=by(CONSULTANT, "municipal_consultant", 6))
    names = [type(e).__name__ for e in app.history(hid)]
    assert names[-1] == "MandateRefusalRecorded"
    assert "ReferralDecided" not in names
    assert app.get_dossier(hid).referrals["r1"].status == "requested"
    app.decide_referral(hid, referral_id="r1", decision="granted", motivation="Geïndiceerd", by=pd(7))
    assert app.get_dossier(hid).referrals["r1"].status == "granted"


def test_two_writers_on_the_same_dossier_one_wins_the_other_gets_a_concurrent_change_error(app) -> None:  # type: ignore[no-untyped-def]
    hid = supported_household(app)
    first = app.get_dossier(hid)
    second = app.get_dossier(hid)
    first.record_contact(kind="phone", by=cd(8))
    second.record_contact(kind="office", by=cd(8))
    app._save(first)
    before = event_count(app)
    with pytest.raises(ConcurrentChangeError):
        app._save(second)
    assert event_count(app) == before
    assert app.get_dossier(hid).contacts[-1].kind == "phone"


def test_a_rule_across_areas_is_checked_on_one_version_closing_while_a_referral_arrives_is_refused(app) -> None:  # type: ignore[no-untyped-def]
    # Closing reads the plan's actions and the referrals (two areas) of one household stream: a
    # referral stored after the closure read the dossier makes the closure stale, not silently valid.
    hid = supported_household(app)
    app.complete_action(hid, action_id="a1", by=cd(4))
    app.cancel_action(hid, action_id="a2", by=cd(4))
    closing = app.get_dossier(hid)
    app.request_referral(hid, referral_id="r1", kind="general_provision", provision="Buurthuis",
                         motivation="Weer onder de mensen", by=cd(5))
    closing.close(by=cd(6))  # in what it read, nothing was left open
    with pytest.raises(ConcurrentChangeError):
        app._save(closing)
    dossier = app.get_dossier(hid)
    assert dossier.phase != "closed" and dossier.open_referral_ids() == ["r1"]
    with pytest.raises(WrongPhaseError):
        app.close_dossier(hid, by=cd(7))


def test_concurrent_threads_changing_one_dossier_lose_nothing_silently(app) -> None:  # type: ignore[no-untyped-def]
    hid = supported_household(app)
    outcomes: list[str] = []

    def worker(n: int) -> None:
        for _ in range(5):
            try:
                app.record_contact(hid, kind="phone", by=cd(9 + n / 100))
                outcomes.append("ok")
            except ConcurrentChangeError:
                outcomes.append("conflict")

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stored_contacts = len(app.get_dossier(hid).contacts)
    assert stored_contacts == 1 + outcomes.count("ok")
    assert len(outcomes) == 20


def test_the_dossier_as_it_stood_at_a_past_version_or_moment(app) -> None:  # type: ignore[no-untyped-def]
    hid = supported_household(app)
    history = app.history(hid)
    at_assignment = app.get_dossier(hid, version=5)
    assert at_assignment.phase == "assessment" and at_assignment.plan_versions == []
    as_of = app.get_dossier_as_of(hid, history[6].timestamp)
    assert as_of.version == 7
    with pytest.raises(DossierNotFoundError):
        app.get_dossier_as_of(hid, history[0].timestamp - timedelta(seconds=1))


def test_households_and_complaints_are_listed_from_the_log(app) -> None:  # type: ignore[no-untyped-def]
    first = supported_household(app)
    second = app.receive_signal(source="neighbour", reporter="Buurvrouw", description="Zorgen", team="noord", by=pd())
    complaint = app.file_complaint(household_id=first, complainant_person_id=ADULT, about_worker_id=CASE_DIRECTOR,
                                   subject="conduct", description="Onheus", by=client(5))
    assert app.household_ids() == [first, second]
    assert app.complaint_ids() == [complaint]
    with pytest.raises(DossierNotFoundError):
        app.get_dossier(complaint)


def test_an_unknown_or_malformed_id_is_a_clear_not_found_error(app) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DossierNotFoundError):
        app.get_dossier("00000000-0000-0000-0000-000000000000")
    from domain.errors import InvalidValueError

    with pytest.raises(InvalidValueError) as caught:
        app.get_dossier("not-a-uuid")
    assert caught.value.field == "household_id"


def test_the_dossier_as_things_had_happened_by_a_moment(app) -> None:  # type: ignore[no-untyped-def]
    hid = supported_household(app)
    # contact on day 1, ZRM and child safety on day 2, plan on day 3 (occurred time)
    before_plan = app.get_dossier_as_occurred(hid, T0 + timedelta(days=2, hours=12))
    assert before_plan.plan_versions == [] and len(before_plan.assessments) == 1
    assert app.get_dossier_as_occurred(hid, T0 + timedelta(days=30)).version == app.get_dossier(hid).version
    with pytest.raises(DossierNotFoundError):
        app.get_dossier_as_occurred(hid, T0 - timedelta(days=1))
