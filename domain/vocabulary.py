"""The words of the domain as code names (DOMAIN.md maps the Dutch terms)."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    CLIENT = "client"
    LEGAL_REPRESENTATIVE = "legal_representative"
    FRONT_DESK_VOLUNTEER = "front_desk_volunteer"
    SOCIAL_WORKER = "social_worker"
    CASE_DIRECTOR = "case_director"
    PROCESS_DIRECTOR = "process_director"
    MUNICIPAL_CONSULTANT = "municipal_consultant"
    ADMINISTRATIVE_OFFICER = "administrative_officer"
    TEAM_LEAD = "team_lead"
    COMPLAINT_OFFICER = "complaint_officer"
    COMPLAINT_COMMISSION = "complaint_commission"
    OMBUDSMAN = "ombudsman"
    PRIVACY_OFFICER = "privacy_officer"
    PARTNER = "partner"
    SYSTEM = "system"  # imports and scheduled jobs; always on behalf of a named person


TEAM_PROFESSIONALS = frozenset(
    {Role.SOCIAL_WORKER, Role.CASE_DIRECTOR, Role.PROCESS_DIRECTOR, Role.MUNICIPAL_CONSULTANT}
)
CLIENT_SIDE = frozenset({Role.CLIENT, Role.LEGAL_REPRESENTATIVE})


class SignalSource(StrEnum):
    SELF = "self"
    NEIGHBOUR = "neighbour"
    GP = "gp"
    SCHOOL = "school"
    POLICE_CARE_FORM = "police_care_form"  # politie zorgformulier
    HOUSING_CORPORATION = "housing_corporation"
    OTHER = "other"


class Relation(StrEnum):
    """A member's place in the household."""

    APPLICANT = "applicant"
    PARTNER = "partner"
    CHILD = "child"
    PARENT = "parent"
    OTHER_ADULT = "other_adult"
    FOSTER_CHILD = "foster_child"


class ContactKind(StrEnum):
    PHONE = "phone"
    HOME_VISIT = "home_visit"  # includes the kitchen-table conversation
    OFFICE = "office"
    OUTREACH = "outreach"  # erop af: unannounced visit to someone who did not ask for help
    VIDEO = "video"
    LETTER = "letter"


class ContactOutcome(StrEnum):
    REACHED = "reached"
    REFUSED = "refused"  # met, but the person declined
    NOT_REACHED = "not_reached"


class ActionOwnerKind(StrEnum):
    CLIENT = "client"
    NETWORK_MEMBER = "network_member"
    VOLUNTEER = "volunteer"
    PROFESSIONAL = "professional"


class ReferralKind(StrEnum):
    GENERAL_PROVISION = "general_provision"  # voorliggende voorziening
    WMO_PROVISION = "wmo_provision"  # Wmo maatwerkvoorziening
    SPECIALIST_YOUTH_CARE = "specialist_youth_care"


class ReferralDecision(StrEnum):
    GRANTED = "granted"
    REFUSED = "refused"


class Phase(StrEnum):
    """Where a household dossier stands in its life (DOMAIN.md 'The life of a dossier')."""

    SIGNAL = "signal"  # a signal is in, no dossier decision yet
    INTAKE = "intake"  # dossier opened, waiting for a case director
    ASSESSMENT = "assessment"  # case director in charge, no plan adopted yet
    SUPPORT = "support"  # a plan is adopted and being carried out
    EVALUATION = "evaluation"  # evaluated, deciding on monitoring or closure
    MONITORING = "monitoring"  # waakvlam
    CLOSED = "closed"
    ANSWERED = "answered"  # simple question answered without a dossier
    ERASED = "erased"


ACTIVE_PHASES = frozenset({Phase.ASSESSMENT, Phase.SUPPORT, Phase.EVALUATION, Phase.MONITORING})


class ChildSafetyOutcome(StrEnum):
    NO_CONCERNS = "no_concerns"
    SUPPORT_ORGANISED = "support_organised"
    REPORTED_TO_VEILIG_THUIS = "reported_to_veilig_thuis"
    IN_PROGRESS = "in_progress"


class ComplaintSubject(StrEnum):
    CONDUCT = "conduct"  # how a worker treated the complainant
    DECISION_OUTCOME = "decision_outcome"  # goes to bezwaar en beroep, not to complaints


class ComplaintRoute(StrEnum):
    INTAKE = "intake"  # klachtopvang with the worker or their lead
    MEDIATION = "mediation"  # klachtbemiddeling
    COMMISSION = "commission"  # formal handling (klachtbehandeling)


class ComplaintStage(StrEnum):
    FILED = "filed"
    INTAKE = "intake"
    MEDIATION = "mediation"
    COMMISSION = "commission"
    ADVISED = "advised"
    DECIDED = "decided"
    CLOSED = "closed"
    OMBUDSMAN = "ombudsman"


# Meldcode huiselijk geweld en kindermishandeling: the five steps.
MELDCODE_STEPS = {
    1: "signalen in kaart brengen",
    2: "collegiale consultatie en zo nodig Veilig Thuis raadplegen",
    3: "gesprek met de cliënt",
    4: "wegen van het huiselijk geweld of de kindermishandeling",
    5: "beslissen: hulp organiseren en/of melden",
}


# The parts of a household dossier a consent may name (privacy.model.Section holds these and more:
# complaints, the access log, caseload and figures are not a member's to share).
DOSSIER_SECTIONS = frozenset({
    "overview", "members", "signals", "contacts", "zrm", "participation", "child_safety", "plan", "referrals",
    "evaluation", "consents", "statements", "history", "decision_data",
})
