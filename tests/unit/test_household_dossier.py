"""The household dossier's rules, on the aggregate alone (no store)."""

from __future__ import annotations

import copy
import dataclasses

import pytest

from domain.assessment import ZRM_2013_DOMAINS, ZRM_2017_DOMAINS
from domain.dossier import HouseholdDossier
from domain.errors import (
    CaseDirectorError,
    DomainError,
    DossierClosedError,
    IncompleteAssessmentError,
    InvalidValueError,
    NotMandatedError,
    NotPermittedError,
    PlanError,
    ReferralError,
    UnknownMemberError,
    WrongPhaseError,
)
from domain.vocabulary import Phase
from tests.builders import (
    ADULT,
    CASE_DIRECTOR,
    CHILD,
    CONSULTANT,
    OTHER_CASE_DIRECTOR,
    PROCESS_DIRECTOR,
    by,
    cd,
    client,
    full_zrm,
    pd,
    simple_plan,
)


def new_signal(**kwargs) -> HouseholdDossier:  # type: ignore[no-untyped-def]
    args = dict(source="gp", reporter="Huisartsenpraktijk De Linde", description="Mantelzorger dreigt overbelast",
                team="noord", by=pd(0))
    args.update(kwargs)
    return HouseholdDossier.receive_signal(**args)


def assigned_dossier() -> HouseholdDossier:
    dossier = new_signal()
    dossier.open_dossier(summary="Meervoudige vraag", by=pd(0))
    dossier.add_member(person_id=ADULT, name="Anna de Vries", date_of_birth="1958-04-02", relation="applicant",
                       by=pd(0))
    dossier.add_member(person_id=CHILD, name="Chris de Vries", date_of_birth="2014-09-12", relation="child",
                       by=pd(0))
    dossier.assign_case_director(worker_id=CASE_DIRECTOR, by=pd(0.1))
    return dossier


def supported_dossier() -> HouseholdDossier:
    dossier = assigned_dossier()
    dossier.record_contact(kind="home_visit", with_person_ids=[ADULT], by=cd(1))
    dossier.assess_zrm(person_id=ADULT, scores=full_zrm(3), by=cd(2))
    dossier.adopt_plan_version(plan=simple_plan(), by=cd(3))
    return dossier


def refused_without_trace(dossier: HouseholdDossier, command, error_type):  # type: ignore[no-untyped-def]
    """Run a command that must be refused; check no event was added and the state is untouched."""
    pending_before = len(dossier.pending_events)
    state_before = copy.deepcopy({k: v for k, v in dossier.__dict__.items() if k != "_pending_events"})
    with pytest.raises(error_type) as caught:
        command()
    assert len(dossier.pending_events) == pending_before
    assert {k: v for k, v in dossier.__dict__.items() if k != "_pending_events"} == state_before
    return caught.value


def replayed(dossier: HouseholdDossier) -> HouseholdDossier:
    aggregate = None
    for domain_event in dossier.pending_events:
        aggregate = domain_event.mutate(aggregate)
    assert aggregate is not None
    return aggregate


class TestLifeOfADossier:
    def test_a_signal_opens_a_dossier_that_a_process_director_assigns_to_one_case_director(self) -> None:
        dossier = assigned_dossier()
        assert dossier.phase == Phase.ASSESSMENT
        assert dossier.case_director == CASE_DIRECTOR
        assert dossier.process_director == PROCESS_DIRECTOR
        assert [type(e).__name__ for e in dossier.pending_events] == [
            "SignalReceived", "DossierOpened", "MemberAdded", "MemberAdded", "CaseDirectorAssigned",
        ]

    def test_every_event_records_who_in_which_role_on_whose_behalf_when_and_why(self) -> None:
        dossier = supported_dossier()
        for domain_event in dossier.pending_events:
            assert domain_event.by.actor_id
            assert domain_event.by.actor_role
            assert domain_event.by.reason
            assert domain_event.by.occurred_at.tzinfo is not None
            assert "on_behalf_of" in dataclasses.asdict(domain_event.by)

    def test_every_event_class_of_both_aggregates_carries_an_attribution_field(self) -> None:
        from domain.complaint import Complaint
        from domain.dossier import events

        complaint_events = [v for v in vars(Complaint).values()
                            if isinstance(v, type) and issubclass(v, Complaint.Event) and v is not Complaint.Event]
        for event_classes in (list(events.ALL), complaint_events):
            assert len(event_classes) > 5
            for event_class in event_classes:
                assert "by" in {f.name for f in dataclasses.fields(event_class)}, event_class

    def test_replaying_the_events_gives_the_same_state(self) -> None:
        dossier = supported_dossier()
        dossier.agree_to_plan(plan_version=1, person_id=ADULT, by=client(4))
        dossier.complete_action(action_id="a1", by=cd(30))
        dossier.cancel_action(action_id="a2", by=cd(31))
        dossier.record_evaluation(goal_outcomes={"g1": "met"}, summary="Doel gehaald", by=cd(60),
                                  zrm_after={ADULT: full_zrm(4)}, ladder_after={ADULT: 3})
        dossier.start_monitoring(next_check_on="2025-09-01", by=cd(61))
        copy_of_state = replayed(dossier)
        mine = {k: v for k, v in dossier.__dict__.items() if k != "_pending_events"}
        theirs = {k: v for k, v in copy_of_state.__dict__.items() if k != "_pending_events"}
        assert mine == theirs

    def test_the_first_contact_is_measured_against_the_two_day_term(self) -> None:
        on_time = assigned_dossier()
        on_time.record_contact(kind="phone", by=cd(1.5))
        assert on_time.first_contact_within_term is True

        late = assigned_dossier()
        late.record_contact(kind="home_visit", outcome="not_reached", by=cd(1))
        late.record_contact(kind="home_visit", by=cd(4))
        assert late.first_contact_within_term is False

    def test_a_plan_revision_keeps_the_older_version_and_the_status_of_kept_actions(self) -> None:
        dossier = supported_dossier()
        dossier.complete_action(action_id="a1", by=cd(10))
        revised = simple_plan()
        revised["actions"] = [revised["actions"][0],
                              {"action_id": "a3", "description": "Vrijwilliger gaat met hem op stap",
                               "owner_kind": "volunteer", "owner_name": "Vrijwilliger", "due_on": "2025-08-01"}]
        dossier.adopt_plan_version(plan=revised, by=cd(11))
        assert [v["plan_version"] for v in dossier.plan_versions] == [1, 2]
        assert dossier.actions["a1"]["status"] == "completed"
        assert dossier.actions["a3"]["status"] == "open"

    def test_a_handover_moves_direction_in_one_event_never_leaving_a_gap(self) -> None:
        dossier = assigned_dossier()
        dossier.hand_over_case_director(to_worker_id=OTHER_CASE_DIRECTOR, by=pd(5))
        assert dossier.case_director == OTHER_CASE_DIRECTOR
        assert type(dossier.pending_events[-1]).__name__ == "CaseDirectorHandedOver"
        assert [h["worker_id"] for h in dossier.case_director_history] == [CASE_DIRECTOR, OTHER_CASE_DIRECTOR]

    def test_a_granted_worker_change_request_names_the_new_case_director_in_the_same_event(self) -> None:
        dossier = assigned_dossier()
        dossier.request_other_worker(request_id="w1", person_id=ADULT, motivation="Geen klik", by=client(3))
        dossier.decide_worker_change(request_id="w1", granted=True, explanation="Akkoord",
                                     new_worker_id=OTHER_CASE_DIRECTOR, by=pd(4))
        assert dossier.case_director == OTHER_CASE_DIRECTOR
        assert dossier.worker_change_requests["w1"]["status"] == "granted"

    def test_a_relapse_reopens_a_monitored_dossier_with_its_case_director(self) -> None:
        dossier = supported_dossier()
        for action_id in ("a1", "a2"):
            dossier.complete_action(action_id=action_id, by=cd(20))
        dossier.record_evaluation(goal_outcomes={"g1": "met"}, summary="Goed", by=cd(30))
        dossier.start_monitoring(next_check_on="2025-12-01", by=cd(31))
        dossier.reopen_after_relapse(by=cd(60))
        assert dossier.phase == Phase.SUPPORT
        assert dossier.case_director == CASE_DIRECTOR

    def test_the_2017_matrix_is_a_configured_alternative(self) -> None:
        dossier = new_signal(zrm_version="2017")
        dossier.open_dossier(summary="x", by=pd())
        dossier.add_member(person_id=ADULT, name="A", date_of_birth="1980-01-01", relation="applicant", by=pd())
        dossier.assign_case_director(worker_id=CASE_DIRECTOR, by=pd())
        dossier.assess_zrm(person_id=ADULT, scores={d: 2 for d in ZRM_2017_DOMAINS}, by=cd(1))
        assert len(dossier.assessments[-1]["scores"]) == 13
        with pytest.raises(IncompleteAssessmentError):
            dossier.assess_zrm(person_id=ADULT, scores={d: 2 for d in ZRM_2013_DOMAINS}, by=cd(1))


class TestRefusedCommandsStoreNothing:
    def test_a_second_case_director_is_refused_with_a_pointer_to_handover(self) -> None:
        dossier = assigned_dossier()
        error = refused_without_trace(
            dossier, lambda: dossier.assign_case_director(worker_id=OTHER_CASE_DIRECTOR, by=pd(1)), CaseDirectorError)
        assert "handover" in str(error)

    def test_a_case_director_cannot_be_assigned_by_a_social_worker(self) -> None:
        dossier = new_signal()
        dossier.open_dossier(summary="x", by=pd())
        refused_without_trace(
            dossier, lambda: dossier.assign_case_director(worker_id=CASE_DIRECTOR, by=by("sw-1", "social_worker")),
            NotPermittedError)

    def test_work_before_a_case_director_is_assigned_is_refused(self) -> None:
        dossier = new_signal()
        dossier.open_dossier(summary="x", by=pd())
        dossier.add_member(person_id=ADULT, name="A", date_of_birth="1980-01-01", relation="applicant", by=pd())
        refused_without_trace(dossier, lambda: dossier.record_contact(kind="phone", by=cd(1)), CaseDirectorError)

    def test_a_closed_dossier_refuses_new_work(self) -> None:
        dossier = supported_dossier()
        for action_id in ("a1", "a2"):
            dossier.cancel_action(action_id=action_id, by=cd(5))
        dossier.close(by=cd(6))
        assert dossier.case_director is None
        for command in (
            lambda: dossier.record_contact(kind="phone", by=cd(7)),
            lambda: dossier.add_member(person_id="p9", name="X", date_of_birth="1990-01-01", relation="partner",
                                       by=cd(7)),
            lambda: dossier.adopt_plan_version(plan=simple_plan(), by=cd(7)),
        ):
            refused_without_trace(dossier, command, DossierClosedError)

    def test_closing_with_open_actions_is_refused(self) -> None:
        dossier = supported_dossier()
        error = refused_without_trace(dossier, lambda: dossier.close(by=cd(6)), WrongPhaseError)
        assert "open actions" in str(error)

    def test_an_unknown_member_is_refused(self) -> None:
        dossier = assigned_dossier()
        refused_without_trace(
            dossier, lambda: dossier.assess_zrm(person_id="person-nobody", scores=full_zrm(), by=cd(1)),
            UnknownMemberError)

    @pytest.mark.parametrize("level", [0, 6, -1, "3", True, None])
    def test_a_zrm_level_outside_one_to_five_is_refused(self, level) -> None:  # type: ignore[no-untyped-def]
        dossier = assigned_dossier()
        error = refused_without_trace(
            dossier, lambda: dossier.assess_zrm(person_id=ADULT, scores=full_zrm(3, finances=level), by=cd(1)),
            IncompleteAssessmentError)
        assert error.field == "scores.finances"

    def test_a_zrm_with_a_missing_domain_is_refused_naming_the_domain(self) -> None:
        dossier = assigned_dossier()
        scores = full_zrm()
        del scores["justice"]
        error = refused_without_trace(
            dossier, lambda: dossier.assess_zrm(person_id=ADULT, scores=scores, by=cd(1)), IncompleteAssessmentError)
        assert "justice" in str(error)

    def test_a_zrm_with_an_unknown_domain_is_refused(self) -> None:
        dossier = assigned_dossier()
        refused_without_trace(
            dossier, lambda: dossier.assess_zrm(person_id=ADULT, scores=full_zrm(hobbies=3), by=cd(1)),
            IncompleteAssessmentError)

    @pytest.mark.parametrize("level", [0, 7])
    def test_a_participation_ladder_step_outside_one_to_six_is_refused(self, level: int) -> None:
        dossier = assigned_dossier()
        refused_without_trace(
            dossier, lambda: dossier.assess_participation(person_id=ADULT, level=level, by=cd(1)), InvalidValueError)

    def test_a_plan_action_without_an_owner_is_refused(self) -> None:
        dossier = assigned_dossier()
        plan = simple_plan()
        plan["actions"][1] = {**plan["actions"][1], "owner_kind": None, "owner_name": ""}
        error = refused_without_trace(dossier, lambda: dossier.adopt_plan_version(plan=plan, by=cd(2)), PlanError)
        assert error.field == "actions[1].owner_kind"
        assert "owner" in str(error)

    def test_a_plan_action_with_an_unknown_owner_kind_is_refused(self) -> None:
        dossier = assigned_dossier()
        plan = simple_plan()
        plan["actions"][0] = {**plan["actions"][0], "owner_kind": "neighbour_cat"}
        refused_without_trace(dossier, lambda: dossier.adopt_plan_version(plan=plan, by=cd(2)), PlanError)

    def test_a_plan_without_goals_is_refused(self) -> None:
        dossier = assigned_dossier()
        refused_without_trace(
            dossier, lambda: dossier.adopt_plan_version(plan=simple_plan(goals=[]), by=cd(2)), PlanError)

    def test_a_decision_by_an_unmandated_role_is_refused_and_not_stored_as_a_decision(self) -> None:
        dossier = supported_dossier()
        dossier.request_referral(referral_id="r1", kind="specialist_youth_care", provision="Jeugd-GGZ",
                                 motivation="Ernstige gedragsproblemen", person_id=CHILD, by=cd(5))
        error = refused_without_trace(
            dossier,
            lambda: dossier.decide_referral(referral_id="r1", decision="granted", motivation="ok",
                                            by=by(CONSULTANT, "municipal_consultant", 6)),
            NotMandatedError)
        assert "process_director" in str(error)
        assert dossier.referrals["r1"]["status"] == "requested"
        dossier.decide_referral(referral_id="r1", decision="granted", motivation="Geïndiceerd", by=pd(7))
        assert dossier.referrals["r1"]["status"] == "granted"

    def test_a_wmo_provision_may_be_decided_by_the_municipal_consultant_but_not_the_case_director(self) -> None:
        dossier = supported_dossier()
        dossier.request_referral(referral_id="r1", kind="wmo_provision", provision="Huishoudelijke hulp",
                                 motivation="ADL beperkt", by=cd(5))
        refused_without_trace(
            dossier, lambda: dossier.decide_referral(referral_id="r1", decision="granted", motivation="x", by=cd(6)),
            NotMandatedError)
        dossier.decide_referral(referral_id="r1", decision="refused", motivation="Voorliggend eerst",
                                by=by(CONSULTANT, "municipal_consultant", 6))
        assert dossier.referrals["r1"]["status"] == "refused"

    def test_specialist_care_must_be_motivated_by_this_households_case_director(self) -> None:
        dossier = supported_dossier()
        refused_without_trace(
            dossier,
            lambda: dossier.request_referral(referral_id="r1", kind="specialist_youth_care", provision="x",
                                             motivation="y", by=by(OTHER_CASE_DIRECTOR, "case_director", 5)),
            ReferralError)

    def test_a_second_term_extension_of_a_complaint_is_refused(self) -> None:
        from domain.complaint import Complaint
        from domain.errors import ComplaintTermError

        complaint = Complaint.file(household_id=new_signal().id, complainant_person_id=ADULT,
                                   about_worker_id=CASE_DIRECTOR, subject="conduct", description="Onheus behandeld",
                                   by=client(0))
        handler = by("co-1", "complaint_officer", 20)
        complaint.extend_term(notice="Brief verzonden", by=handler)
        assert (complaint.deadline - complaint.filed_at).days == 70
        with pytest.raises(ComplaintTermError):
            complaint.extend_term(notice="Nog een keer", by=by("co-1", "complaint_officer", 21))

    def test_every_refusal_is_a_domain_error_whose_message_names_a_rule(self) -> None:
        dossier = assigned_dossier()
        with pytest.raises(DomainError) as caught:
            dossier.assign_case_director(worker_id=OTHER_CASE_DIRECTOR, by=pd(1))
        assert str(caught.value).startswith("exactly_one_case_director:")


def test_a_client_cannot_revoke_another_members_consent_but_the_giver_can() -> None:
    dossier = assigned_dossier()
    dossier.grant_consent(consent_id="c1", person_id=CHILD, partner="school-de-regenboog", purpose="care_coordination",
                          sections=["plan"], valid_until="2026-01-01", by=by(CHILD, "client", 1))
    refused_without_trace(dossier, lambda: dossier.revoke_consent(consent_id="c1", by=client(2)), NotPermittedError)
    dossier.revoke_consent(consent_id="c1", by=by(CHILD, "client", 2))
    assert dossier.consents["c1"]["revoked_at"] is not None


def test_events_are_recorded_now_unless_a_synthetic_past_is_being_told() -> None:
    from datetime import datetime, timezone

    from domain.recording import synthetic_past

    live = assigned_dossier()
    assert all(e.timestamp > datetime(2026, 1, 1, tzinfo=timezone.utc) for e in live.pending_events)
    with synthetic_past():
        told = assigned_dossier()
        told.record_contact(kind="phone", by=cd(1))
    assert [e.timestamp for e in told.pending_events] == [e.by.occurred_at for e in told.pending_events]


def test_a_professional_records_whose_confidence_an_item_is_and_a_client_cannot() -> None:
    from domain.errors import NotPermittedError, UnknownItemError

    dossier = assigned_dossier()
    dossier.record_contact(kind="office", with_person_ids=[ADULT], note="in vertrouwen verteld", by=cd(1))
    item = dossier.version
    with pytest.raises(NotPermittedError):
        dossier.record_confidence(confidence_id="v1", item_version=item, person_id=ADULT, by=client(1))
    with pytest.raises(UnknownItemError):
        dossier.record_confidence(confidence_id="v1", item_version=item + 5, person_id=ADULT, by=cd(1))
    dossier.record_confidence(confidence_id="v1", item_version=item, person_id=ADULT, by=cd(1))
    assert dossier.confidences["v1"]["item_version"] == item and dossier.confidences["v1"]["lifted_at"] is None
    dossier.lift_confidence(confidence_id="v1", by=cd(2))
    assert dossier.confidences["v1"]["lifted_at"] is not None
    with pytest.raises(UnknownItemError):
        dossier.lift_confidence(confidence_id="v1", by=cd(3))
