"""Interim access rules used by `api.reading` until the privacy layer's `decide()` is wired in.

Deliberately conservative: the team works on households of its own team, a worker on the
households they are assigned to, clients on their own household (other adults' personal data
left out), reviewers only within a complaint, the privacy officer only on the access log.
Returns `privacy.model.Decision`, the same vocabulary as the real decision point.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

from domain.members import age_on
from domain.vocabulary import ComplaintStage, Phase, Role
from privacy.model import Action, Decision, Obligations, Principal, Resource, Section

_ALL = frozenset(Section) - {Section.ACCESS_LOG, Section.CASELOAD, Section.FIGURES, Section.VERIFICATION}
_TEAM_SECTIONS: dict[Role, frozenset[Section]] = {
    Role.PROCESS_DIRECTOR: _ALL,
    Role.TEAM_LEAD: frozenset({Section.OVERVIEW, Section.CASELOAD, Section.FIGURES, Section.COMPLAINTS}),
    Role.MUNICIPAL_CONSULTANT: frozenset({Section.OVERVIEW, Section.REFERRALS, Section.DECISION_DATA}),
    Role.ADMINISTRATIVE_OFFICER: frozenset({Section.DECISION_DATA}),
    Role.COMPLAINT_OFFICER: frozenset({Section.COMPLAINTS, Section.OVERVIEW}),
}
_CLIENT_SECTIONS = _ALL - {Section.DECISION_DATA}
_SIGNAL_SENDERS = frozenset({
    Role.FRONT_DESK_VOLUNTEER, Role.SOCIAL_WORKER, Role.CASE_DIRECTOR, Role.PROCESS_DIRECTOR,
    Role.TEAM_LEAD, Role.PARTNER, Role.MUNICIPAL_CONSULTANT,
})
DENIED = "U heeft geen toegang tot dit dossier, of het bestaat niet."


def deny(rule: str, explanation: str = DENIED) -> Decision:
    return Decision(permitted=False, rule=rule, explanation=explanation)


def permit(rule: str, obligations: Obligations | None = None, profile: str | None = None) -> Decision:
    return Decision(permitted=True, rule=rule, explanation="toegestaan", obligations=obligations or Obligations(),
                    authorisation_profile=profile)


def decide_without_household(principal: Principal, action: Action, resource: Resource) -> Decision:
    """Decisions that need no dossier: new signals, the access log, lists and figures."""
    if resource.section == Section.SIGNALS and action == Action.CREATE:
        if principal.role in _SIGNAL_SENDERS:
            return permit("interim.signal_sender", profile=f"role:{principal.role.value}")
        return deny("interim.role_sends_no_signals", "Uw rol kan geen signalen melden.")
    if resource.section == Section.ACCESS_LOG:
        acting_for = {principal.person_id} | set(principal.represents)
        if principal.role in (Role.CLIENT, Role.LEGAL_REPRESENTATIVE) and resource.person_id in acting_for:
            return permit("interim.who_accessed_me", profile="self")
        if principal.role == Role.PRIVACY_OFFICER:
            return permit("interim.privacy_officer", profile="role:privacy_officer")
        return deny("interim.access_log_is_for_privacy_officer", "Alleen de privacyfunctionaris mag het logboek inzien.")
    if resource.section in (Section.CASELOAD, Section.OVERVIEW) and action == Action.SEARCH:
        if principal.role in (Role.TEAM_LEAD, Role.PROCESS_DIRECTOR, Role.CASE_DIRECTOR, Role.SOCIAL_WORKER):
            return permit("interim.team_list", profile=f"role:{principal.role.value}")
        return deny("interim.no_list_access", "Uw rol kan geen lijst met huishoudens opvragen.")
    if resource.section == Section.COMPLAINTS and action == Action.SEARCH:
        if principal.role in (Role.COMPLAINT_OFFICER, Role.TEAM_LEAD, Role.COMPLAINT_COMMISSION, Role.OMBUDSMAN):
            return permit("interim.complaint_list", profile=f"role:{principal.role.value}")
        return deny("interim.no_complaint_list", "Uw rol kan geen lijst met klachten opvragen.")
    return deny("interim.needs_household")


def decide_on_household(principal: Principal, action: Action, resource: Resource, dossier: Any | None,
                        complaints: list[Any] = ()) -> Decision:  # type: ignore[assignment]
    """A decision on one household's data; `dossier` None (unknown) is denied like any refusal."""
    if dossier is None:
        return deny("interim.unknown_or_denied")
    role, section = principal.role, resource.section
    if role == Role.FRONT_DESK_VOLUNTEER:
        # 004 §10: the front desk answers or hands on a walk-in's question; no dossier access
        if section == Section.SIGNALS and action != Action.READ and dossier.phase == Phase.SIGNAL \
                and principal.team == dossier.team:
            return permit("interim.front_desk_signal", profile="role:front_desk_volunteer")
        return deny("interim.front_desk_has_no_dossier_access")
    if role in (Role.SOCIAL_WORKER, Role.CASE_DIRECTOR):
        assigned = principal.user_id == dossier.case_director or principal.user_id in dossier.tandem_workers
        unassigned_intake = dossier.phase in (Phase.SIGNAL, Phase.INTAKE) and principal.team == dossier.team
        if (assigned or unassigned_intake) and section in _ALL:
            return permit("interim.assigned_worker" if assigned else "interim.team_intake",
                          profile=f"relationship:{'assigned' if assigned else 'team'}")
        return deny("interim.not_assigned")
    if role in _TEAM_SECTIONS:
        if principal.team == dossier.team and section in _TEAM_SECTIONS[role]:
            return permit(f"interim.team_{role.value}", profile=f"role:{role.value}")
        return deny("interim.team_role_section")
    if role in (Role.CLIENT, Role.LEGAL_REPRESENTATIVE):
        return _client_decision(principal, section, dossier)
    if role in (Role.COMPLAINT_COMMISSION, Role.OMBUDSMAN):
        stages = ({ComplaintStage.COMMISSION, ComplaintStage.ADVISED, ComplaintStage.DECIDED, ComplaintStage.CLOSED}
                  if role == Role.COMPLAINT_COMMISSION else {ComplaintStage.OMBUDSMAN})
        for complaint in complaints:
            in_review = complaint.stage in stages
            matches = resource.complaint_id is None or complaint.id == resource.complaint_id
            if in_review and matches and section in (Section.HISTORY, Section.COMPLAINTS, Section.OVERVIEW,
                                                      Section.VERIFICATION):
                until = getattr(complaint, "scope_until", None)
                moment = datetime.combine(until, datetime.max.time(), timezone.utc) if isinstance(until, date) else None
                return permit("interim.complaint_review", Obligations(history_until=moment),
                              profile=f"complaint:{complaint.id}")
        return deny("interim.no_complaint_in_review")
    if role == Role.PARTNER:
        today = datetime.now(timezone.utc).date()
        for consent in dossier.consents.values():
            if (consent["partner"] == principal.organisation and consent["revoked_at"] is None
                    and consent["valid_until"] >= today and section.value in consent["sections"]):
                return permit("interim.consent", profile=f"consent:{consent['consent_id']}")
        for duty in dossier.legal_duties.values():
            if duty["partner"] == principal.organisation and section.value in duty["sections"]:
                return permit("interim.legal_duty", profile=f"legal_duty:{duty['duty_id']}")
        return deny("interim.partner_without_basis")
    return deny("interim.role_without_dossier_access")


def _client_decision(principal: Principal, section: Section, dossier: Any) -> Decision:
    """Own household only; other adults' data redacted; withheld items marked for the person."""
    acting_for = [principal.person_id] if principal.role == Role.CLIENT else list(principal.represents)
    persons = [p for p in acting_for if p and p in dossier.members]
    if not persons or section not in _CLIENT_SECTIONS:
        return deny("interim.not_own_household")
    today = datetime.now(timezone.utc).date()
    visible: set[str] = set(persons)
    for person in persons:
        if dossier.members[person]["relation"] in ("applicant", "partner", "parent", "other_adult"):
            # parents exercise the rights of children under 16 (together with them from 12)
            visible |= {pid for pid, m in dossier.members.items()
                        if m["relation"] in ("child", "foster_child") and age_on(m["date_of_birth"], today) < 16}
    redact = frozenset(set(dossier.members) - visible)
    withheld = [w for w in dossier.withholdings.values() if w["lifted_at"] is None and w["from_person_id"] in persons]
    obligations = Obligations(
        redact_person_ids=redact,
        withheld_item_versions=frozenset(w["item_version"] for w in withheld if w["item_version"] is not None),
        withheld_sections=frozenset(w["section"] for w in withheld if w["section"]),
    )
    profile = "self" if principal.role == Role.CLIENT else "legal_representative"
    return permit(f"interim.client_{profile}", obligations, profile=profile)
