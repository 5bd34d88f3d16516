"""The demo municipality: loads on both stores, twice without duplicates, and tells every story.

Content checks read one SQLite store loaded once for this module; loading, idempotency and
the read commands run on both stores.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest

from domain.members import age_on
from domain.vocabulary import Role
from infra.store import open_application
from cli.main import main
from demo.loader import load_demo
from demo.scenarios import BRIEVEN, KLACHT, MANTELZORG, SCENARIOS, ZORGFORMULIER, ZORGMIJDER
from demo.ids import complaint_id
from demo.staff import central_staff, demo_staff
from infra.settings import StoreSettings

SMALL = 60


def _database_url(settings: StoreSettings) -> str:
    if settings.kind == "sqlite":
        return f"sqlite:///{settings.sqlite_path.resolve()}"
    return (f"postgresql://{settings.user}@{settings.host}:{settings.port}/{settings.dbname}"
            f"?schema={settings.schema}")


@pytest.fixture
def demo_env(monkeypatch, tmp_path):
    """Demo mode: the integrity layer generates a demo master key under a private var dir."""
    monkeypatch.setenv("WIJKDOSSIER_DEMO", "1")
    monkeypatch.setenv("WIJKDOSSIER_VAR_DIR", str(tmp_path / "var"))


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """One small demo on SQLite, read back through the application."""
    folder = tmp_path_factory.mktemp("demo")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WIJKDOSSIER_DEMO", "1")
        patch.setenv("WIJKDOSSIER_VAR_DIR", str(folder / "var"))
        app = open_application(StoreSettings(kind="sqlite", sqlite_path=folder / "demo.sqlite"))
        report = load_demo(app, households=SMALL, progress=False)
        dossiers = {d: app.get_dossier(d) for d in app.household_ids()}
        complaints = {c: app.get_complaint(c) for c in app.complaint_ids()}
        events = [e for aggregate_id in [*dossiers, *complaints] for e in app.history(aggregate_id)]
        yield {"app": app, "report": report, "dossiers": dossiers, "complaints": complaints, "events": events}
        app.close()


def _events(demo: dict[str, Any], aggregate_id, name: str) -> list[Any]:
    return [e for e in demo["app"].history(aggregate_id) if type(e).__name__ == name]


# --------------------------------------------------------------- both stores


def test_the_demo_loads_and_a_second_run_adds_no_events(store_settings, demo_env):
    app = open_application(store_settings)
    try:
        first = load_demo(app, households=SMALL, progress=False)
        stored = app.recorder.max_notification_id()
        second = load_demo(app, households=SMALL, progress=False)
        assert first.households_added == SMALL and first.events == stored > SMALL * 10
        assert second.households_added == 0 and second.households_skipped == SMALL
        assert app.recorder.max_notification_id() == stored
        assert len(app.household_ids()) == SMALL
        assert len(app.complaint_ids()) == first.complaints_added
    finally:
        app.close()


def test_households_and_staff_as_json_have_the_documented_keys(store_settings, demo_env, monkeypatch, capsys):
    monkeypatch.setenv("WIJKDOSSIER_DATABASE_URL", _database_url(store_settings))
    assert main(["demo", "--households", "12", "--no-progress"]) == 0
    assert "12 huishoudens toegevoegd" in capsys.readouterr().out

    assert main(["households", "--json"]) == 0
    households = json.loads(capsys.readouterr().out)
    assert len(households) == 12
    assert all(set(h) == {"id", "phase", "team", "case_director", "members"} for h in households)
    assert all(set(m) == {"person_id", "age"} for h in households for m in h["members"])
    teen = next(h for h in households if h["id"] == str(ZORGFORMULIER.household_id))
    assert 15 in [m["age"] for m in teen["members"]]

    assert main(["staff", "--json"]) == 0
    staff = json.loads(capsys.readouterr().out)
    assert all({"id", "role", "team"} <= set(s) for s in staff)
    assert {s["role"] for s in staff} == {r.value for r in Role} - {"client", "system"}

    director = next(h for h in households if h["id"] == str(KLACHT.household_id))["case_director"]
    assert main(["history", str(KLACHT.household_id), "--as", director, "--purpose", "support"]) == 0
    readable = capsys.readouterr().out
    assert "SignalReceived" in readable and "WorkerChangeDecided" in readable

    # A team lead sees figures and caseload, not case content: refused, exit 3, nothing printed.
    assert main(["history", str(KLACHT.household_id), "--as", "tl-noord-01", "--purpose", "support"]) == 3
    assert "SignalReceived" not in capsys.readouterr().out


# ------------------------------------------------------------------ contents


def test_a_small_demo_holds_the_requested_number_of_households(demo):
    assert demo["report"].households_added == SMALL
    assert len(demo["dossiers"]) == SMALL
    assert {s.household_id for s in SCENARIOS} <= set(demo["dossiers"])


def test_the_demo_contains_every_phase_including_a_relapse(demo):
    phases = {str(d.phase) for d in demo["dossiers"].values()}
    assert phases >= {"signal", "answered", "intake", "assessment", "support", "evaluation", "monitoring", "closed"}
    assert any(type(e).__name__ == "ReopenedAfterRelapse" for e in demo["events"])


def test_every_role_acts_in_the_demo_except_those_without_an_event_of_their_own(demo):
    acting = {e.by.actor_role for e in demo["events"]}
    # Ombudsman and privacy officer only read; the domain has no event for them (they are staff).
    assert acting == set(Role) - {Role.SYSTEM, Role.OMBUDSMAN, Role.PRIVACY_OFFICER}
    assert {Role.OMBUDSMAN, Role.PRIVACY_OFFICER} <= {m.role for m in demo_staff()}


def test_every_event_happened_in_order_and_none_in_the_future(demo):
    now = datetime.now(timezone.utc)
    for household_id in demo["dossiers"]:
        moments = [e.by.occurred_at for e in demo["app"].history(household_id)]
        assert all(a < b for a, b in zip(moments, moments[1:]))
        assert moments[-1] <= now
    assert min(e.by.occurred_at for e in demo["events"]) < now - timedelta(days=365)


def test_minors_of_every_age_band_live_in_the_demo(demo):
    today = date.today()
    ages = [age_on(m.date_of_birth, today) for d in demo["dossiers"].values() for m in d.members.values()]
    assert any(a < 12 for a in ages) and any(12 <= a <= 15 for a in ages) and any(16 <= a <= 17 for a in ages)


def test_the_demo_records_consents_revocations_legal_duties_withholdings_statements_and_corrections(demo):
    names = Counter(type(e).__name__ for e in demo["events"])
    for name in ("ConsentGranted", "ConsentRevoked", "LegalDutyRecorded", "InformationWithheld", "StatementAdded",
                 "CorrectionRequested", "CorrectionDecided", "TandemStarted", "WarmHandoverDone",
                 "CaseDirectorHandedOver", "OtherWorkerRequested", "WorkerChangeDecided", "PlanAgreed",
                 "ActionCompleted", "ActionCancelled", "MonitoringStarted", "EvaluationRecorded", "DossierClosed"):
        assert names[name] > 0, name


def test_unmandated_decision_attempts_are_recorded_as_refusals_not_as_decisions(demo):
    refusals = [e for e in demo["events"] if type(e).__name__ == "MandateRefusalRecorded"]
    assert refusals and demo["report"].refused_attempts >= len(refusals)
    assert all(e.by.actor_role == Role.CASE_DIRECTOR for e in refusals)


def test_referrals_of_all_three_kinds_are_decided_by_mandated_roles(demo):
    requested = {e.referral_id + str(e.originator_id): e.kind for e in demo["events"]
                 if type(e).__name__ == "ReferralRequested"}
    deciders: dict[str, set[Role]] = {}
    for e in demo["events"]:
        if type(e).__name__ == "ReferralDecided":
            deciders.setdefault(requested[e.referral_id + str(e.originator_id)], set()).add(e.by.actor_role)
    assert set(deciders) == {"general_provision", "wmo_provision", "specialist_youth_care"}
    assert deciders["specialist_youth_care"] == {Role.PROCESS_DIRECTOR}
    assert deciders["wmo_provision"] <= {Role.PROCESS_DIRECTOR, Role.MUNICIPAL_CONSULTANT}


def test_complaints_stand_at_several_stages(demo):
    stages = {str(c.stage) for c in demo["complaints"].values()}
    assert stages >= {"commission", "decided", "closed", "ombudsman"}


# ------------------------------------------------------------------ scenarios


def test_scenario_1_the_carer_keeps_caring_with_a_friend_then_a_volunteer(demo):
    d = demo["dossiers"][MANTELZORG.household_id]
    assert d.signals[0].source == "gp"
    assert len(d.plan_versions) == 2
    owners = {a.owner_kind: a.status for a in d.actions.values()}
    assert owners["network_member"] == "cancelled" and owners["volunteer"] == "completed"
    assert set(d.evaluations[-1].goal_outcomes.values()) == {"met"} and len(d.evaluations[-1].goal_outcomes) == 3
    assert str(d.phase) == "monitoring"


def test_scenario_2_letters_she_cannot_read_shows_change_at_evaluation(demo):
    d = demo["dossiers"][BRIEVEN.household_id]
    assert _events(demo, BRIEVEN.household_id, "SignalReceived")[0].by.actor_role == Role.FRONT_DESK_VOLUNTEER
    first, after = d.assessments[0].scores, d.assessments[-1].scores
    assert (first["finances"], first["adl"]) == (3, 3) and (after["finances"], after["adl"]) == (4, 4)
    assert [step.level for step in d.ladder] == [1, 3]
    assert d.plan_versions[0].plan["goals"][0]["text"] == "Ik wil mijn eigen administratie doen."
    assert {r.kind for r in d.referrals.values()} == {"general_provision"}
    assert str(d.phase) == "closed"


def test_scenario_3_police_care_form_youth_care_is_decided_by_the_process_director_as_a_tandem(demo):
    d = demo["dossiers"][ZORGFORMULIER.household_id]
    assert d.signals[0].source == "police_care_form"
    assert d.first_contact_within_term is True
    assert 15 in [age_on(m.date_of_birth, date.today()) for m in d.members.values()]
    assert [s.meldcode_step for s in d.child_safety] == [1, 2, 3, 4, 5]
    decision = _events(demo, ZORGFORMULIER.household_id, "ReferralDecided")[0]
    assert decision.by.actor_role == Role.PROCESS_DIRECTOR and decision.decision == "granted"
    assert d.referrals[decision.referral_id].kind == "specialist_youth_care"
    assert [t.ended_at for t in d.tandems.values()] == [None]
    assert d.case_director.startswith("cd-")


def test_scenario_4_the_man_who_does_not_open_the_door_is_taken_over_by_the_process_director(demo):
    d = demo["dossiers"][ZORGMIJDER.household_id]
    assert d.signals[0].source == "housing_corporation"
    refused = [c for c in d.contacts if c.kind == "outreach" and c.outcome == "refused"]
    assert len(refused) == 2
    assert _events(demo, ZORGMIJDER.household_id, "TakenOverByProcessDirector")
    assert d.case_director == d.process_director == "pd-west-01"
    consent = next(iter(d.consents.values()))
    assert consent.partner == "partner-woning-01" and consent.sections == ("plan",)


def test_scenario_5_one_complaint_is_open_with_the_commission_and_an_earlier_one_is_with_the_ombudsman(demo):
    complaint = demo["app"].get_complaint(KLACHT.complaint_id)
    assert complaint.routes_taken == ["intake", "mediation", "commission"]
    assert str(complaint.stage) == "commission" and complaint.deadline > datetime.now(timezone.utc)
    earlier = demo["app"].get_complaint(complaint_id(KLACHT.key, 2))
    assert earlier.extended and earlier.decision["within_term"] and str(earlier.stage) == "ombudsman"
    assert earlier.decision["at"] > earlier.filed_at + timedelta(weeks=6)
    assert earlier.ombudsman_id == central_staff(Role.OMBUDSMAN)[0].id
    d = demo["dossiers"][KLACHT.household_id]
    assert [r.status for r in d.worker_change_requests.values()] == ["granted"]
    assert any(r.kind == "wmo_provision" and r.status == "refused" for r in d.referrals.values())
    contacts = _events(demo, KLACHT.household_id, "ContactRecorded")
    assert "bezwaar en beroep" in contacts[-1].note
