"""The read models on both stores: exactly once, rebuildable, erasure-proof, and following live."""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta, timezone

import pytest
from eventsourcing.persistence import IntegrityError, Tracking

from domain.attribution import Attribution
from domain.vocabulary import Role
from infra.store import open_application
from projections.operations import check, projection_status, rebuild
from projections.registry import forget_views, open_projections, open_views
from projections.runner import CatchUp, decode, start_projection_runners
from demo.sample_log import fill


@pytest.fixture(autouse=True)
def master_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WIJKDOSSIER_MASTER_KEY", os.urandom(32).hex())


@pytest.fixture
def app(store_settings):
    application = open_application(store_settings)
    yield application
    forget_views(store_settings)
    application.close()


def _catch_up(app, settings, batch_size: int = 500) -> dict:
    projections = open_projections(settings)
    CatchUp(app, projections, batch_size=batch_size).run()
    return projections


def test_an_incrementally_built_view_equals_a_view_rebuilt_from_the_log(app, store_settings):
    fill(app, households=14, seed=1)
    _catch_up(app, store_settings, batch_size=7)  # many small batches
    fill(app, households=26, seed=2)
    projections = _catch_up(app, store_settings, batch_size=13)
    assert all(p.view.position() == app.recorder.max_notification_id() for p in projections.values())
    assert projections["caseload"].view.rows("households"), "the fixture must produce rows"

    assert check(store_settings) == {"plan": [], "caseload": [], "complaints": [], "steering": []}


def test_the_drift_check_names_a_row_that_differs_from_the_log(app, store_settings):
    ids = fill(app, households=6, seed=3)
    projections = _catch_up(app, store_settings)
    view = projections["caseload"].view
    with view._transaction() as cursor:  # an operator "fixed" a row by hand
        cursor.execute(f"UPDATE {view._qualified('households')} SET phase = 'answered' "
                       f"WHERE household_id = {view._param}", [str(ids[0])])

    differences = check(store_settings, ["caseload"])["caseload"]

    assert differences == [f"households {ids[0]}: differs in phase"]


def test_a_rebuild_drops_the_view_and_builds_the_same_rows_again(app, store_settings):
    fill(app, households=8, seed=4)
    before = {n: p.view.snapshot() for n, p in _catch_up(app, store_settings).items()}

    counts = rebuild(store_settings)

    after = {n: p.view.snapshot() for n, p in open_projections(store_settings).items()}
    assert after == before
    assert set(counts.values()) == {app.recorder.max_notification_id()}


def test_a_rebuild_whose_row_cache_overflows_builds_the_same_rows_as_event_by_event(app, store_settings):
    """The rebuild keeps rows between batches and knows unwritten keys are absent; with a
    cache far smaller than the view it must still read back every dropped row it needs."""
    fill(app, households=6, seed=8)
    pd = Attribution(actor_id="pd-1", actor_role=Role.PROCESS_DIRECTOR.value, reason="test")
    cd = Attribution(actor_id="cd-1", actor_role=Role.CASE_DIRECTOR.value, reason="test")
    ids = []
    for n in range(8):
        hid = app.receive_signal(source="gp", reporter="Huisarts", description="Zorgen", team="noord", by=pd)
        app.open_dossier(hid, summary="zorgen", by=pd)
        app.add_member(hid, person_id=f"p-{n}", name="Een Bewoner", date_of_birth="1980-01-01", relation="applicant", by=pd)
        app.assign_case_director(hid, worker_id="cd-1", by=pd)
        ids.append(hid)
    for round_ in range(3):  # back to every household after the others: rows dropped from the cache are needed again
        for hid in ids:
            app.record_contact(hid, kind="phone", note=f"gebeld {round_}", by=cd)
    live = open_projections(store_settings)
    for notification in app.recorder.select_notifications(1, limit=10_000):
        item = decode(app, notification)
        for projection in live.values():
            projection.process_event(item.event, Tracking(app.name, notification.id))
    before = {n: p.view.snapshot() for n, p in live.items()}

    rebuild(store_settings, batch_size=9, cache_rows=5)

    after = {n: p.view.snapshot() for n, p in open_projections(store_settings).items()}
    assert after == before
    assert before["caseload"]["households"], "the fixture must produce rows"


def test_processing_the_same_event_twice_is_refused_by_the_tracking_record(app, store_settings):
    fill(app, households=2, seed=5, prefer_demo=False)
    projections = open_projections(store_settings)
    first, second = app.recorder.select_notifications(start=1, limit=2)
    for projection in projections.values():
        projection.process_event(decode(app, first).event, Tracking(app.name, first.id))
        projection.process_event(decode(app, second).event, Tracking(app.name, second.id))
        before = projection.view.snapshot()

        with pytest.raises(IntegrityError):
            projection.process_event(decode(app, second).event, Tracking(app.name, second.id))
        with pytest.raises(IntegrityError):
            with projection.view.batch(first.id):  # a batch that claims an already applied position
                projection.process_event(decode(app, second).event, Tracking(app.name, second.id))
            # the batch's compare-and-set sees the view is at `second`, not `first`

        assert projection.view.snapshot() == before
        assert projection.view.position() == second.id


def test_an_erased_household_leaves_only_a_tombstone_and_a_rebuild_after_key_destruction_agrees(app, store_settings):
    ids = fill(app, households=20, seed=6, prefer_demo=False)
    erased = [h for h in ids if app.get_dossier(h, include_erased=True).erased]
    assert erased, "the fixture erases at least one household"
    projections = _catch_up(app, store_settings)
    for household_id in erased:
        app.mapper.key_store.destroy_household_key(str(household_id), reason="test")

    for name, projection in projections.items():
        rows = projection.view.rows("households")
        tombstones = [r for r in rows if r["household_id"] in {str(h) for h in erased}]
        assert tombstones and all(r["erased"] == 1 for r in tombstones), name
        personal = {k: v for r in tombstones for k, v in r.items() if k not in ("household_id", "erased")}
        assert not any(v for v in personal.values()), name
    assert check(store_settings) == {"plan": [], "caseload": [], "complaints": [], "steering": []}


def test_the_runner_follows_new_events_and_reports_its_lag(app, store_settings):
    fill(app, households=3, seed=8, prefer_demo=False)
    handle = start_projection_runners(store_settings, poll_interval=0.05)
    try:
        assert handle.wait_until_current(timeout=30)
        by = Attribution(actor_id="fd-9", actor_role=Role.FRONT_DESK_VOLUNTEER, reason="test")
        new = app.receive_signal(source="gp", reporter="huisarts", description="zorgen", team="oost", by=by)
        assert handle.wait_until_current(timeout=30)
        assert open_views(store_settings)["caseload"].assignment_of(new).phase == "signal"
        assert {r["lag"] for r in handle.status()} == {0}
        assert {r["state"] for r in handle.status()} == {"current"}
    finally:
        handle.stop()
    assert {r["lag"] for r in projection_status(store_settings)} == {0}


def _at(day: int) -> datetime:
    return datetime(2025, 3, 1, 9, tzinfo=timezone.utc) + timedelta(days=day)


def _by(actor: str, role: Role, day: float) -> Attribution:
    return Attribution(actor_id=actor, actor_role=role, reason="test", occurred_at=_at(0) + timedelta(days=day))


def test_the_views_answer_the_questions_of_the_team(app, store_settings):
    pd, cd = "pd-1", "sw-1"
    h = app.receive_signal(source="police_care_form", reporter="politie", description="ruzie", team="noord",
                           by=_by("fd", Role.FRONT_DESK_VOLUNTEER, 0))
    app.open_dossier(h, summary="jongere", by=_by(pd, Role.PROCESS_DIRECTOR, 0.1))
    app.add_member(h, person_id="m1", name="Moeder", date_of_birth="1980-01-01", relation="applicant",
                   by=_by(pd, Role.PROCESS_DIRECTOR, 0.2))
    app.assign_case_director(h, worker_id=cd, by=_by(pd, Role.PROCESS_DIRECTOR, 1))
    app.assign_tandem_worker(h, worker_id="sw-2", by=_by(pd, Role.PROCESS_DIRECTOR, 1.1))
    app.record_contact(h, kind="phone", with_person_ids=["m1"], by=_by(cd, Role.CASE_DIRECTOR, 4))  # late
    app.adopt_plan_version(h, plan={
        "problems": ["ruzie thuis"], "goals": [{"goal_id": "g1", "text": "rust thuis", "member_ids": ["m1"]}],
        "actions": [{"action_id": "a1", "description": "gesprek", "owner_kind": "professional", "owner_name": cd,
                     "due_on": "2025-03-10"}]}, by=_by(cd, Role.CASE_DIRECTOR, 5))
    app.agree_to_plan(h, plan_version=1, person_id="m1", by=_by("m1", Role.CLIENT, 5.5))
    app.request_referral(h, referral_id="r1", kind="specialist_youth_care", provision="gezinsbehandeling",
                         motivation="nodig", by=_by(cd, Role.CASE_DIRECTOR, 6))
    c = app.file_complaint(household_id=h, complainant_person_id="m1", about_worker_id=cd, subject="conduct",
                           description="onvriendelijk", by=_by("m1", Role.CLIENT, 7))
    app.refer_complaint_to_commission(c, commission_id="kc", by=_by("m1", Role.CLIENT, 8))
    app.extend_complaint_term(c, notice="meer tijd", by=_by("ko", Role.COMPLAINT_OFFICER, 30))
    _catch_up(app, store_settings)
    views = open_views(store_settings)

    assignment = views["caseload"].assignment_of(h)
    assert (assignment.team, assignment.case_director, assignment.tandem_workers, assignment.process_director) == (
        "noord", cd, ("sw-2",), pd)
    assert assignment.involves("sw-2") and not assignment.involves("sw-3")
    mine = views["caseload"].worker_caseload(cd, today=date(2025, 3, 20))
    assert mine["totals"]["first_contact_late"] == 1
    assert mine["households"][0]["days_since_last_contact"] == 15
    assert mine["totals"]["open_referrals"] == 1
    assert views["caseload"].team_caseload("noord", today=date(2025, 3, 20))["workers"][cd]["active_households"] == 1

    plan = views["plan"].current_plan(h, today=date(2025, 3, 20))
    assert plan["client_agreed"] and plan["case_director"] == cd
    assert plan["overdue_actions"] == ["a1"]

    complaint = views["complaints"].complaint(c, today=_at(7 + 70).date())
    assert complaint["term_weeks"] == 10 and complaint["held_by"] == "commission"
    assert complaint["days_left"] == 0 and not complaint["overdue"]
    assert views["complaints"].complaint(c, today=_at(7 + 71).date())["overdue"]

    figures = views["steering"].figures()
    assert figures["median_days_signal_to_first_contact"] == 4.0
    assert figures["referrals"]["requested"]["specialist_youth_care"] == {"households": 1, "share": 1.0}
    assert figures["caseload_per_worker"]["per_worker"] == {cd: 1}
