"""The policy decision point: the one place a privacy decision is made.

`decide(principal, action, resource, purpose, facts)` is pure: it reads only its arguments
(the facts come from `privacy.facts`, the grants from `privacy.rules`, the purposes from the
processing register) and returns a `Decision` that names the rule that decided, with the
obligations that apply to the data released. It never raises for a refusal and never
does I/O, so every combination can be tested without a store.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from domain.vocabulary import TEAM_PROFESSIONALS, Phase, Relation, Role
from privacy.confidences import kept_from, kept_from_partner
from privacy.facts import ComplaintFacts, HouseholdFacts, MemberFacts
from privacy.model import Action, Decision, Obligations, Principal, Resource, Section, Surface
from privacy.register import ProcessingRegister, current_register
from privacy.rules import (
    ADULT_FROM,
    CHILD_ALONE_FROM,
    CHILD_RELATIONS,
    COMMISSION_STAGES,
    EMERGENCY_ACTIONS,
    EMERGENCY_PURPOSE,
    EMERGENCY_SECTIONS,
    OMBUDSMAN_STAGES,
    PARENT_RELATIONS_OF_CHILDREN,
    PARENTS_ALONE_BELOW,
    SURFACE_ROLES,
    Condition,
    Grant,
    explanation,
    grants_for,
)

LOCAL_TIME = ZoneInfo("Europe/Amsterdam")  # complaint scopes are Dutch calendar days


def permit(rule: str, obligations: Obligations | None = None, profile: str | None = None) -> Decision:
    return Decision(True, rule, explanation(rule), obligations or Obligations(), profile)


def deny(rule: str) -> Decision:
    return Decision(False, rule, explanation(rule))


def decide(
    principal: Principal,
    action: Action | str,
    resource: Resource,
    purpose: str,
    facts: HouseholdFacts | None,
    *,
    register: ProcessingRegister | None = None,
) -> Decision:
    """Permit or deny one access, naming the rule; `facts` is None when there is no such household."""
    action = Action(action)
    register = register or current_register()
    section = Section(resource.section)

    if principal.emergency_reason is not None and not principal.is_emergency:
        return deny("emergency.reason_required")
    if principal.is_emergency and principal.role not in TEAM_PROFESSIONALS:
        return deny("emergency.only_team_professionals")
    activity = register.activity_for(purpose)
    if activity is None:
        return deny("purpose.not_registered")
    if section not in activity.sections:
        return deny("purpose.outside_activity")
    grants = grants_for(principal.role, section, action)
    if not grants:
        return deny(_role_denial(principal.role))

    first_denial: Decision | None = None
    for grant in grants:
        decision = _check_condition(grant, principal, action, resource, purpose, facts, register)
        if decision.permitted:
            return decision
        first_denial = first_denial or decision
    assert first_denial is not None
    return first_denial


def admit_to_surface(principal: Principal, surface: Surface | str) -> Decision | None:
    """None when the principal's role may use the surface; else the refusal (to be logged)."""
    surface = Surface(surface)
    if principal.role in SURFACE_ROLES[surface.value]:
        return None
    return deny(f"surface.{surface.value}_only")


def _role_denial(role: Role) -> str:
    specific = {
        Role.FRONT_DESK_VOLUNTEER, Role.ADMINISTRATIVE_OFFICER, Role.PRIVACY_OFFICER, Role.TEAM_LEAD,
        Role.COMPLAINT_OFFICER, Role.PARTNER, Role.SYSTEM,
    }
    return f"role.{role.value}" if role in specific else "role.not_granted"


def _check_condition(
    grant: Grant, principal: Principal, action: Action, resource: Resource, purpose: str,
    facts: HouseholdFacts | None, register: ProcessingRegister,
) -> Decision:
    condition = grant.condition
    if condition == Condition.NONE:
        if (resource.complaint_id is not None or resource.household_id is not None) and facts is None:
            # A complaint or household that is not there: refused, so the one line of the call
            # never says "permit" for something that was not found.
            return deny("household.unknown")
        return _no_household_needed(resource)
    names_household = resource.household_id is not None or resource.complaint_id is not None
    if condition == Condition.INTAKE_DESK:
        return _intake_desk(principal, facts if names_household else None, names_household)
    if condition == Condition.RELATIONSHIP and action == Action.SEARCH and not names_household:
        # A list ("my households"): permitted as a list; each row is then decided on its own facts
        # (privacy.listing), so only households this principal could open appear in it.
        return permit("relationship.own_list", profile=f"role:{principal.role.value}")
    if condition == Condition.DATA_SUBJECT and action == Action.SEARCH and not names_household:
        return permit("client.own_list", profile=f"data_subject:{principal.role.value}")
    if condition == Condition.AGGREGATE_OR_TEAM and not names_household:
        return permit("team.aggregate", profile=f"role:{principal.role.value}")
    if not names_household:
        return deny("resource.household_required")
    if facts is None:
        return deny("household.unknown")
    if facts.erased and resource.section != Section.OVERVIEW:
        return deny("erasure.data_unreadable")
    checks: dict[Condition, Callable[[], Decision]] = {
        Condition.AGGREGATE_OR_TEAM: lambda: _same_team(principal, facts, "team.own_team"),
        Condition.TEAM: lambda: _same_team(principal, facts, _team_rule(principal.role)),
        Condition.RELATIONSHIP: lambda: _relationship(principal, action, resource, facts, register),
        Condition.COMPLAINT_HOLDER: lambda: _complaint_holder(principal, resource, facts),
        Condition.CONSENT_OR_DUTY: lambda: _consent_or_duty(principal, resource, purpose, facts),
        Condition.DATA_SUBJECT: lambda: _data_subject(principal, resource, facts),
    }
    return checks[condition]()


def _no_household_needed(resource: Resource) -> Decision:
    rule = {
        Section.SIGNALS: "none.signal_intake",
        Section.COMPLAINTS: "none.complaint_records",
        Section.ACCESS_LOG: "none.access_log",
        Section.VERIFICATION: "none.verification",
    }.get(Section(resource.section), "none.access_log")
    return permit(rule, profile="role")


def _intake_desk(principal: Principal, facts: HouseholdFacts | None, names_household: bool) -> Decision:
    """A new signal needs no household; an existing one only while it is still a signal of the own team."""
    if not names_household:
        return permit("none.signal_intake", profile="role")
    if facts is None:
        return deny("household.unknown")
    if facts.phase == Phase.SIGNAL and principal.team is not None and principal.team == facts.team:
        return permit("desk.open_signal", profile=f"team:{facts.team}")
    return deny("desk.not_an_open_signal")


def _team_rule(role: Role) -> str:
    return "team.municipal_consultant" if role == Role.MUNICIPAL_CONSULTANT else "team.administrative_officer"


def _same_team(principal: Principal, facts: HouseholdFacts, rule: str) -> Decision:
    if principal.team is not None and principal.team == facts.team:
        return permit(rule, profile=f"team:{facts.team}")
    return deny("team.other_team")


# ------------------------------------------------------------------ professionals

def _relationship(
    principal: Principal, action: Action, resource: Resource, facts: HouseholdFacts, register: ProcessingRegister,
) -> Decision:
    user = principal.user_id
    if facts.case_director == user:
        return permit("relationship.case_director", profile="assignment:case_director")
    if user in facts.tandem_workers:
        return permit("relationship.tandem_worker", profile="assignment:tandem_worker")
    if principal.role == Role.PROCESS_DIRECTOR and (
        facts.process_director == user or (principal.team is not None and principal.team == facts.team)
    ):
        return permit("relationship.process_director", profile=f"team:{facts.team}")
    emergency_activity = register.activity_for(EMERGENCY_PURPOSE)
    if (
        principal.is_emergency
        and action in EMERGENCY_ACTIONS
        and resource.section in EMERGENCY_SECTIONS
        and emergency_activity is not None
        and resource.section in emergency_activity.sections
    ):
        return permit("emergency.break_the_glass", Obligations(emergency=True), profile="emergency")
    return deny("relationship.not_assigned")


# ------------------------------------------------------------------ complaint review

def _end_of_day(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time(0), LOCAL_TIME) - timedelta(microseconds=1)


def _start_of_day(day: date) -> datetime:
    return datetime.combine(day, time(0), LOCAL_TIME)


def _holds(principal: Principal, complaint: ComplaintFacts) -> bool:
    holders = {principal.user_id, principal.organisation}
    if principal.role == Role.COMPLAINT_COMMISSION:
        return complaint.commission_id in holders
    return complaint.ombudsman_id in holders


def _complaint_holder(principal: Principal, resource: Resource, facts: HouseholdFacts) -> Decision:
    complaints = [c for c in facts.complaints if resource.complaint_id in (None, c.complaint_id)]
    held = [c for c in complaints if _holds(principal, c)]
    if not held:
        return deny("complaint.not_holder")
    stages = COMMISSION_STAGES if principal.role == Role.COMPLAINT_COMMISSION else OMBUDSMAN_STAGES
    open_held = [c for c in held if c.stage.value in stages]
    if not open_held:
        return deny("complaint.closed")
    complaint = open_held[0]
    obligations = Obligations(
        history_until=_end_of_day(complaint.scope_until),
        history_from=None if complaint.scope_from is None else _start_of_day(complaint.scope_from),
    )
    rule = (
        "complaint.commission_holds_open_complaint"
        if principal.role == Role.COMPLAINT_COMMISSION
        else "complaint.ombudsman_holds_open_complaint"
    )
    return permit(rule, obligations, profile=f"complaint:{complaint.complaint_id}")


# ------------------------------------------------------------------ partners

def _is_partner(principal: Principal, named: str) -> bool:
    wanted = named.strip().casefold()
    return wanted in {principal.user_id.casefold(), principal.organisation.casefold()}


def _consent_or_duty(principal: Principal, resource: Resource, purpose: str, facts: HouseholdFacts) -> Decision:
    section = Section(resource.section)
    for duty in facts.legal_duties:
        if _is_partner(principal, duty.partner) and section.value in duty.sections:
            return permit("partner.legal_duty", profile=f"legal_duty:{duty.duty_id}")
    covering = [
        c for c in facts.consents
        if _is_partner(principal, c.partner)
        and c.purpose == purpose
        and (section.value in c.sections or (section == Section.ZRM and c.zrm_domains))
        and (resource.person_id in (None, c.person_id))
    ]
    valid = [c for c in covering if c.revoked_at is None and c.valid_until >= facts.today]
    if not valid:
        if any(c.revoked_at is not None for c in covering):
            return deny("partner.consent_revoked")
        if covering:
            return deny("partner.consent_expired")
        return deny("partner.no_consent")
    shared_people = {c.person_id for c in valid}
    zrm_domains: frozenset[str] | None = None
    if section == Section.ZRM and not any("zrm" in c.sections for c in valid):
        zrm_domains = frozenset().union(*(c.zrm_domains for c in valid))
    confidential, marked = kept_from_partner(shared_people, facts)
    obligations = Obligations(
        redact_person_ids=frozenset(m.person_id for m in facts.members) - shared_people,
        zrm_domains=zrm_domains,
        hidden_item_versions=confidential,
        withheld_item_versions=marked,
    )
    return permit("partner.consent", obligations, profile="consent:" + ",".join(sorted(c.consent_id for c in valid)))


# ------------------------------------------------------------------ clients and minors

def _parents_of(child: MemberFacts, facts: HouseholdFacts) -> set[str]:
    """Members who exercise a minor's rights as parents (by relation to the household's applicant)."""
    if child.relation in CHILD_RELATIONS:
        parent_relations = PARENT_RELATIONS_OF_CHILDREN
    else:  # a minor applicant or partner: their parents live in as members with relation parent
        parent_relations = frozenset({Relation.PARENT})
    return {
        m.person_id for m in facts.members
        if m.relation in parent_relations and m.age(facts.today) >= ADULT_FROM and m.person_id != child.person_id
    }


def entitled_subjects(principal: Principal, facts: HouseholdFacts) -> dict[str, str]:
    """The members whose rights this principal exercises here, each with the rule that says so."""
    today = facts.today
    entitled: dict[str, str] = {}
    me = facts.member(principal.person_id)
    if me is not None and me.age(today) >= PARENTS_ALONE_BELOW:
        entitled[me.person_id] = "client.own_data"
    for member in facts.members:
        age = member.age(today)
        if member.person_id in entitled:
            continue
        if age < CHILD_ALONE_FROM and principal.person_id in _parents_of(member, facts):
            entitled[member.person_id] = "client.for_minor"
        elif principal.role == Role.LEGAL_REPRESENTATIVE and member.person_id in principal.represents:
            if age < CHILD_ALONE_FROM or age >= ADULT_FROM:  # 16-17: the young person alone
                entitled[member.person_id] = "client.represented"
    return entitled


def _subject_denial(principal: Principal, subject: MemberFacts | None, facts: HouseholdFacts) -> str:
    if subject is None:
        return "client.not_a_member"
    age = subject.age(facts.today)
    if subject.person_id == principal.person_id and age < PARENTS_ALONE_BELOW:
        return "minors.under_12_parents_exercise"
    parent_like = principal.person_id in _parents_of(subject, facts) or subject.person_id in principal.represents
    if parent_like and CHILD_ALONE_FROM <= age < ADULT_FROM:
        return "minors.16_plus_alone"
    return "client.other_adult" if age >= ADULT_FROM else "client.not_a_member"


def _data_subject(principal: Principal, resource: Resource, facts: HouseholdFacts) -> Decision:
    entitled = entitled_subjects(principal, facts)
    me = facts.member(principal.person_id)
    if resource.person_id is not None:
        if resource.person_id not in entitled:
            return deny(_subject_denial(principal, facts.member(resource.person_id), facts))
        rule = entitled[resource.person_id]
    else:
        if not entitled:
            if me is not None:
                return deny(_subject_denial(principal, me, facts))
            return deny("client.not_a_member")
        rule = entitled.get(principal.person_id or "", next(iter(entitled.values())))
    withheld = [w for w in facts.withholdings if w.active and w.from_person_id == principal.person_id]
    confidential, marked = kept_from([principal.person_id], entitled, facts)
    obligations = Obligations(
        redact_person_ids=frozenset(m.person_id for m in facts.members) - set(entitled),
        withheld_item_versions=frozenset(w.item_version for w in withheld if w.item_version is not None) | marked,
        withheld_sections=frozenset(w.section for w in withheld if w.section),
        hidden_item_versions=confidential,
    )
    return permit(rule, obligations, profile=f"data_subject:{principal.role.value}")
