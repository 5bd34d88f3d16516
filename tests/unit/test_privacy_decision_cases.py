"""The named cases of issue 4, decided without I/O: reassignment, consent, minors, withholding,
complaint review, emergency access, and the rules that never reveal a household."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

import pytest

from domain.vocabulary import ComplaintStage, Phase, Relation, Role
from privacy.decision import decide
from privacy.facts import LegalDutyFacts, MemberFacts, WithholdingFacts
from privacy.model import Action, Principal, Resource, Section
from tests.unit.test_privacy_world import (
    COMMISSION_COMPLAINT,
    GP,
    HOUSEHOLD,
    PRINCIPALS,
    TODAY,
    born_years_ago,
    facts,
)

PLAN = Resource(Section.PLAN, household_id=HOUSEHOLD)


def read(principal, resource=PLAN, purpose="support", f=None, action=Action.READ):  # type: ignore[no-untyped-def]
    return decide(principal, action, resource, purpose, facts() if f is None else f)


# ------------------------------------------------------------------ relationship

def test_a_reassigned_case_director_loses_access_on_the_next_request() -> None:
    worker = PRINCIPALS[Role.CASE_DIRECTOR]
    assert read(worker).rule == "relationship.case_director"
    after_handover = facts(case_director="cd-noord-02")
    decision = read(worker, f=after_handover)
    assert not decision.permitted and decision.rule == "relationship.not_assigned"


def test_a_released_tandem_worker_loses_access() -> None:
    assert not read(PRINCIPALS[Role.SOCIAL_WORKER], f=facts(tandem_workers=frozenset())).permitted


def test_a_process_director_of_another_team_is_refused() -> None:
    other = Principal("pd-zuid-01", Role.PROCESS_DIRECTOR, team="zuid")
    assert read(other).rule == "relationship.not_assigned"
    assert read(Principal("pd-noord-02", Role.PROCESS_DIRECTOR, team="noord")).rule == "relationship.process_director"


def test_a_team_lead_sees_aggregates_and_own_team_overview_but_no_other_team() -> None:
    lead = PRINCIPALS[Role.TEAM_LEAD]
    assert decide(lead, Action.READ, Resource(Section.FIGURES), "team_steering", None).rule == "team.aggregate"
    other = Principal("tl-zuid-01", Role.TEAM_LEAD, team="zuid")
    overview = Resource(Section.OVERVIEW, household_id=HOUSEHOLD)
    assert decide(other, Action.READ, overview, "team_steering", facts()).rule == "team.other_team"
    assert decide(lead, Action.READ, Resource(Section.PLAN, household_id=HOUSEHOLD), "support", facts()).rule == (
        "role.team_lead")


# ------------------------------------------------------------------ partners

def test_a_partner_with_consent_sees_only_the_consenting_member_and_the_named_zrm_domains() -> None:
    partner = PRINCIPALS[Role.PARTNER]
    zrm = decide(partner, Action.READ, Resource(Section.ZRM, household_id=HOUSEHOLD), "care_coordination", facts())
    assert zrm.rule == "partner.consent" and zrm.authorisation_profile == "consent:c1"
    assert zrm.obligations.zrm_domains == frozenset({"finances"})
    assert zrm.obligations.redact_person_ids == frozenset({"p-bert", "p-chris"})


def test_a_revoked_consent_takes_effect_at_once() -> None:
    revoked = facts(consents=tuple(replace(c, revoked_at=datetime(2026, 2, 28, tzinfo=timezone.utc))
                                   for c in facts().consents))
    decision = decide(PRINCIPALS[Role.PARTNER], Action.READ, PLAN, "care_coordination", revoked)
    assert not decision.permitted and decision.rule == "partner.consent_revoked"


def test_an_expired_consent_or_another_purpose_is_refused() -> None:
    expired = facts(consents=tuple(replace(c, valid_until=date(2026, 2, 28)) for c in facts().consents))
    assert read(PRINCIPALS[Role.PARTNER], purpose="care_coordination", f=expired).rule == "partner.consent_expired"
    assert read(PRINCIPALS[Role.PARTNER], purpose="eviction_prevention").rule == "partner.no_consent"


def test_another_partner_gets_nothing_from_someone_elses_consent() -> None:
    school = Principal("partner-school-01", Role.PARTNER, organisation="Basisschool De Regenboog")
    assert read(school, purpose="care_coordination").rule == "partner.no_consent"


def test_a_recorded_legal_duty_lets_the_named_partner_read_the_named_sections() -> None:
    veilig_thuis = Principal("partner-vt", Role.PARTNER, organisation="Veilig Thuis")
    with_duty = facts(legal_duties=(LegalDutyFacts("d1", "Veilig Thuis", frozenset({"child_safety"})),))
    resource = Resource(Section.CHILD_SAFETY, household_id=HOUSEHOLD)
    assert decide(veilig_thuis, Action.READ, resource, "legal_duty_sharing", with_duty).rule == "partner.legal_duty"
    assert not decide(veilig_thuis, Action.READ, PLAN, "legal_duty_sharing", with_duty).permitted


# ------------------------------------------------------------------ clients and minors

def household_with_child(age: int, relation: Relation = Relation.CHILD):  # type: ignore[no-untyped-def]
    members = facts().members[:2] + (MemberFacts("p-kim", born_years_ago(age), relation),)
    return facts(members=members)


def as_member(person_id: str) -> Principal:
    return Principal(person_id, Role.CLIENT, person_id=person_id)


def client_read(principal: Principal, person_id: str | None, f):  # type: ignore[no-untyped-def]
    resource = Resource(Section.MEMBERS, household_id=HOUSEHOLD, person_id=person_id)
    return decide(principal, Action.READ, resource, "client_rights", f)


@pytest.mark.parametrize(
    ("age", "child_may", "parent_may", "child_rule", "parent_rule"),
    [
        (11, False, True, "minors.under_12_parents_exercise", "client.for_minor"),
        (12, True, True, "client.own_data", "client.for_minor"),
        (15, True, True, "client.own_data", "client.for_minor"),
        (16, True, False, "client.own_data", "minors.16_plus_alone"),
    ],
)
def test_minors_rights_follow_their_age(age, child_may, parent_may, child_rule, parent_rule) -> None:  # type: ignore[no-untyped-def]
    f = household_with_child(age)
    by_child = client_read(as_member("p-kim"), "p-kim", f)
    by_parent = client_read(as_member("p-anna"), "p-kim", f)
    assert (by_child.permitted, by_child.rule) == (child_may, child_rule)
    assert (by_parent.permitted, by_parent.rule) == (parent_may, parent_rule)


def test_a_child_of_eleven_turns_twelve_on_the_birthday_not_before() -> None:
    day_before = replace(household_with_child(12), today=TODAY - timedelta(days=1))
    assert client_read(as_member("p-kim"), "p-kim", day_before).rule == "minors.under_12_parents_exercise"


def test_a_teenager_does_not_see_a_parents_personal_data() -> None:
    decision = client_read(as_member("p-kim"), "p-anna", household_with_child(15))
    assert not decision.permitted and decision.rule == "client.other_adult"


def test_an_adult_member_does_not_see_another_adults_personal_data() -> None:
    assert client_read(as_member("p-anna"), "p-bert", facts()).rule == "client.other_adult"
    household = client_read(as_member("p-anna"), None, facts())
    assert household.permitted and household.obligations.redact_person_ids == frozenset({"p-bert"})


def test_a_legal_representative_acts_for_a_young_child_or_an_adult_under_guardianship_but_not_at_16() -> None:
    guardian = Principal("voogd-01", Role.LEGAL_REPRESENTATIVE, represents=("p-kim",))
    assert client_read(guardian, "p-kim", household_with_child(9)).rule == "client.represented"
    assert client_read(guardian, "p-kim", household_with_child(16)).rule == "minors.16_plus_alone"
    assert client_read(guardian, "p-kim", household_with_child(40, Relation.OTHER_ADULT)).rule == "client.represented"


def test_someone_outside_the_household_is_refused() -> None:
    assert client_read(as_member("p-zara"), None, facts()).rule == "client.not_a_member"


def test_items_withheld_from_a_parent_are_marked_for_that_parent_only() -> None:
    withheld = facts(withholdings=(
        WithholdingFacts("w1", "p-anna", item_version=7, section=None),
        WithholdingFacts("w2", "p-anna", item_version=None, section="child_safety"),
    ))
    for_anna = client_read(as_member("p-anna"), None, withheld).obligations
    assert for_anna.withheld_item_versions == frozenset({7})
    assert for_anna.withheld_sections == frozenset({"child_safety"})
    for_bert = client_read(as_member("p-bert"), None, withheld).obligations
    assert not for_bert.withheld_item_versions and not for_bert.withheld_sections


def test_a_lifted_withholding_no_longer_applies() -> None:
    lifted = facts(withholdings=(WithholdingFacts("w1", "p-anna", 7, None, lifted_at=datetime.now(timezone.utc)),))
    assert not client_read(as_member("p-anna"), None, lifted).obligations.withheld_item_versions


# ------------------------------------------------------------------ complaint review

def review(principal: Principal, f, complaint_id=None):  # type: ignore[no-untyped-def]
    resource = Resource(Section.HISTORY, household_id=HOUSEHOLD, complaint_id=complaint_id)
    return decide(principal, Action.READ, resource, "complaint_handling", f)


def test_the_commission_reviews_history_up_to_the_complaint_date() -> None:
    decision = review(PRINCIPALS[Role.COMPLAINT_COMMISSION], facts(), COMMISSION_COMPLAINT)
    assert decision.rule == "complaint.commission_holds_open_complaint"
    until = decision.obligations.history_until
    assert until is not None and until.date() == date(2026, 2, 1) and until.hour == 23
    assert decision.authorisation_profile == f"complaint:{COMMISSION_COMPLAINT}"


def test_the_commission_loses_access_when_the_complaint_is_closed() -> None:
    closed = facts(complaints=tuple(replace(c, stage=ComplaintStage.CLOSED) for c in facts().complaints))
    decision = review(PRINCIPALS[Role.COMPLAINT_COMMISSION], closed)
    assert not decision.permitted and decision.rule == "complaint.closed"


def test_a_commission_member_without_the_complaint_is_refused() -> None:
    assert review(Principal("kc-03", Role.COMPLAINT_COMMISSION), facts()).rule == "complaint.not_holder"


def test_a_complaint_scope_can_reach_back_from_a_start_date() -> None:
    scoped = facts(complaints=(replace(facts().complaints[0], scope_from=date(2025, 6, 1)),))
    decision = review(PRINCIPALS[Role.COMPLAINT_COMMISSION], scoped)
    assert decision.obligations.history_from is not None
    assert decision.obligations.history_from.date() == date(2025, 6, 1)


# ------------------------------------------------------------------ emergency

def test_break_the_glass_permits_an_unassigned_professional_with_a_reason_and_flags_it() -> None:
    stranger = Principal("cd-zuid-03", Role.CASE_DIRECTOR, team="zuid",
                         emergency_reason="crisis buiten kantoortijd, regisseur onbereikbaar")
    decision = read(stranger, purpose="emergency_access")
    assert decision.permitted and decision.rule == "emergency.break_the_glass"
    assert decision.obligations.emergency is True


def test_break_the_glass_needs_a_reason() -> None:
    blank = Principal("cd-zuid-03", Role.CASE_DIRECTOR, team="zuid", emergency_reason="   ")
    assert read(blank, purpose="emergency_access").rule == "emergency.reason_required"


def test_break_the_glass_is_for_team_professionals_and_for_reading_only() -> None:
    partner = replace(PRINCIPALS[Role.PARTNER], emergency_reason="spoed")
    assert read(partner, purpose="emergency_access").rule == "emergency.only_team_professionals"
    stranger = Principal("cd-zuid-03", Role.CASE_DIRECTOR, team="zuid", emergency_reason="spoed")
    assert read(stranger, action=Action.UPDATE).rule == "relationship.not_assigned"


# ------------------------------------------------------------------ purpose and existence

def test_an_unregistered_purpose_or_one_that_does_not_cover_the_section_is_refused() -> None:
    worker = PRINCIPALS[Role.CASE_DIRECTOR]
    assert read(worker, purpose="curiosity").rule == "purpose.not_registered"
    assert read(worker, purpose="access_log_audit").rule == "purpose.outside_activity"


def test_an_unknown_household_is_refused_by_a_rule_of_its_own() -> None:
    decision = decide(PRINCIPALS[Role.CASE_DIRECTOR], Action.READ, PLAN, "support", None)
    assert not decision.permitted and decision.rule == "household.unknown"


def test_decide_is_pure_the_same_inputs_give_the_same_decision() -> None:
    assert read(PRINCIPALS[Role.CLIENT], purpose="client_rights") == read(PRINCIPALS[Role.CLIENT], purpose="client_rights")


# ------------------------------------------------------------------ front desk, lists, complainant

def test_the_front_desk_registers_a_new_signal_and_answers_one_of_its_own_team_while_it_is_only_a_signal() -> None:
    desk = PRINCIPALS[Role.FRONT_DESK_VOLUNTEER]
    signals = Resource(Section.SIGNALS, household_id=HOUSEHOLD)
    new = decide(desk, Action.CREATE, Resource(Section.SIGNALS), "signal_intake", None)
    assert new.permitted and new.rule == "none.signal_intake"
    walk_in = facts(phase=Phase.SIGNAL, case_director=None)
    assert decide(desk, Action.CREATE, signals, "signal_intake", walk_in).rule == "desk.open_signal"
    assert decide(desk, Action.CREATE, signals, "signal_intake", facts()).rule == "desk.not_an_open_signal"
    other_team = replace(walk_in, team="zuid")
    assert not decide(desk, Action.CREATE, signals, "signal_intake", other_team).permitted
    assert not decide(desk, Action.READ, signals, "signal_intake", walk_in).permitted


def test_a_list_search_is_permitted_as_a_list_and_each_row_is_decided_on_its_own() -> None:
    worker = PRINCIPALS[Role.CASE_DIRECTOR]
    decision = decide(worker, Action.SEARCH, Resource(Section.OVERVIEW), "support", None)
    assert decision.permitted and decision.rule == "relationship.own_list"
    # reading (not searching) without a household is still refused
    assert decide(worker, Action.READ, Resource(Section.OVERVIEW), "support", None).rule == "resource.household_required"


def test_only_the_complainant_side_steers_a_complaint_and_not_another_adult_member() -> None:
    complaint = Resource(Section.COMPLAINTS, household_id=HOUSEHOLD, complaint_id=COMMISSION_COMPLAINT,
                         person_id="p-anna")
    assert decide(PRINCIPALS[Role.CLIENT], Action.UPDATE, complaint, "client_rights", facts()).permitted
    bert = Principal("p-bert", Role.CLIENT, person_id="p-bert")
    assert decide(bert, Action.UPDATE, complaint, "client_rights", facts()).rule == "client.other_adult"


def test_an_erased_household_is_unreadable_even_for_its_former_case_director() -> None:
    decision = read(PRINCIPALS[Role.CASE_DIRECTOR], f=facts(phase=Phase.ERASED))
    assert not decision.permitted and decision.rule == "erasure.data_unreadable"
