"""The tables the decision point reads: which role may do what to which section, on which condition.

A grant says: this role may take these actions on these sections, if this condition holds
for the household at hand. Anything not granted is denied. The conditions themselves
(assignment, complaint held, consent, minors) are evaluated in `privacy.decision`.
Explanations are Dutch (B1) because people read them; they never contain personal data.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from domain.vocabulary import Relation, Role
from privacy.model import Action as A
from privacy.model import Section as S


class Condition(StrEnum):
    NONE = "none"  # no household needed (a new signal, the access log, complaint records)
    INTAKE_DESK = "intake_desk"  # a new signal, or a household of the own team that is still only a signal
    AGGREGATE_OR_TEAM = "aggregate_or_team"  # team-wide figures, or one household of the own team
    TEAM = "team"  # one household of the principal's own team
    RELATIONSHIP = "relationship"  # assigned to the household (or the team's process director)
    COMPLAINT_HOLDER = "complaint_holder"  # holds an open complaint about the household
    CONSENT_OR_DUTY = "consent_or_duty"  # a partner with a valid consent or a recorded legal duty
    DATA_SUBJECT = "data_subject"  # a client for their own data (and minors per the age rules)


@dataclass(frozen=True)
class Grant:
    sections: frozenset[S]
    actions: frozenset[A]
    condition: Condition


def _grant(sections: set[S], actions: str, condition: Condition) -> Grant:
    letters = {"r": A.READ, "c": A.CREATE, "u": A.UPDATE, "d": A.DELETE, "e": A.EXPORT, "p": A.PRINT, "s": A.SEARCH}
    return Grant(frozenset(sections), frozenset(letters[c] for c in actions), condition)


# Case content: what a dossier holds about the people in it.
CASE_CONTENT = frozenset(
    {S.MEMBERS, S.SIGNALS, S.CONTACTS, S.ZRM, S.PARTICIPATION, S.CHILD_SAFETY, S.PLAN, S.REFERRALS, S.EVALUATION}
)
CLIENT_READABLE = CASE_CONTENT | {
    S.OVERVIEW, S.CONSENTS, S.STATEMENTS, S.HISTORY, S.COMPLAINTS, S.DECISION_DATA, S.ACCESS_LOG,
}
REVIEWABLE = CASE_CONTENT | {S.OVERVIEW, S.CONSENTS, S.STATEMENTS, S.HISTORY, S.COMPLAINTS, S.DECISION_DATA}
PARTNER_SHAREABLE = CASE_CONTENT | {S.OVERVIEW}
EMERGENCY_SECTIONS = CASE_CONTENT | {S.OVERVIEW, S.CONSENTS, S.STATEMENTS, S.HISTORY}
EMERGENCY_ACTIONS = frozenset({A.READ, A.PRINT})
EMERGENCY_PURPOSE = "emergency_access"
OPERATIONS_PURPOSE = "operations"  # an operator's listing that no role decided (logged as such)

# Who may use which surface at all (privacy.model.Surface), before any household is looked at.
SURFACE_ROLES = {
    "portal": frozenset({Role.CLIENT, Role.LEGAL_REPRESENTATIVE}),
    "review": frozenset({Role.COMPLAINT_COMMISSION, Role.OMBUDSMAN}),
}

_PROFESSIONAL_GRANTS = (
    _grant(set(CASE_CONTENT) | {S.DECISION_DATA, S.CONSENTS}, "rcups", Condition.RELATIONSHIP),
    _grant({S.OVERVIEW}, "rups", Condition.RELATIONSHIP),
    _grant({S.STATEMENTS}, "rps", Condition.RELATIONSHIP),
    _grant({S.HISTORY}, "rp", Condition.RELATIONSHIP),
)
_CLIENT_GRANTS = (
    _grant(set(CLIENT_READABLE), "rep", Condition.DATA_SUBJECT),
    # "s" on the overview: which households am I (or a person I represent) a member of
    _grant({S.OVERVIEW}, "s", Condition.DATA_SUBJECT),
    # overview "c": a request for another worker (keuzevrijheid)
    _grant({S.STATEMENTS, S.CONSENTS, S.COMPLAINTS, S.OVERVIEW}, "c", Condition.DATA_SUBJECT),
    # correction, revoke, agree to the plan, and the complainant's choice of route (DOMAIN.md "Complaints")
    _grant({S.STATEMENTS, S.CONSENTS, S.PLAN, S.COMPLAINTS}, "u", Condition.DATA_SUBJECT),
)
_REVIEWER_GRANTS = (
    _grant(set(REVIEWABLE), "rps", Condition.COMPLAINT_HOLDER),
    _grant({S.VERIFICATION}, "re", Condition.COMPLAINT_HOLDER),
)
_STEERING = _grant({S.CASELOAD}, "rsep", Condition.AGGREGATE_OR_TEAM), _grant(
    {S.FIGURES}, "rep", Condition.AGGREGATE_OR_TEAM
)

ROLE_GRANTS: dict[Role, tuple[Grant, ...]] = {
    Role.CLIENT: _CLIENT_GRANTS,
    Role.LEGAL_REPRESENTATIVE: _CLIENT_GRANTS,
    # 004 §10: the front desk registers a walk-in's signal and answers a simple question; no dossier access
    Role.FRONT_DESK_VOLUNTEER: (_grant({S.SIGNALS}, "c", Condition.INTAKE_DESK),),
    Role.SOCIAL_WORKER: _PROFESSIONAL_GRANTS,
    Role.CASE_DIRECTOR: _PROFESSIONAL_GRANTS,
    # "d" on the overview: recording the erasure of a closed dossier (its key is then destroyed)
    Role.PROCESS_DIRECTOR: _PROFESSIONAL_GRANTS + _STEERING + (_grant({S.OVERVIEW}, "d", Condition.RELATIONSHIP),),
    Role.MUNICIPAL_CONSULTANT: _PROFESSIONAL_GRANTS
    + (_grant({S.OVERVIEW, S.REFERRALS, S.DECISION_DATA, S.ZRM}, "rps", Condition.TEAM),),
    Role.ADMINISTRATIVE_OFFICER: (_grant({S.DECISION_DATA}, "rps", Condition.TEAM),),
    # complaints: intake with the worker's team lead (klachtopvang, 001 Amaryllis) of the own team
    Role.TEAM_LEAD: (_grant({S.OVERVIEW}, "rups", Condition.AGGREGATE_OR_TEAM),
                     _grant({S.COMPLAINTS}, "rus", Condition.AGGREGATE_OR_TEAM)) + _STEERING,
    Role.COMPLAINT_OFFICER: (_grant({S.COMPLAINTS}, "rcusp", Condition.NONE),),
    Role.COMPLAINT_COMMISSION: _REVIEWER_GRANTS,
    Role.OMBUDSMAN: _REVIEWER_GRANTS,
    Role.PRIVACY_OFFICER: (
        # "c": recording a finding on an emergency access (the review queue), itself logged
        _grant({S.ACCESS_LOG}, "rsepc", Condition.NONE),
        _grant({S.VERIFICATION}, "re", Condition.NONE),
    ),
    Role.PARTNER: (
        _grant(set(PARTNER_SHAREABLE), "rp", Condition.CONSENT_OR_DUTY),
        _grant({S.SIGNALS}, "c", Condition.NONE),
    ),
    Role.SYSTEM: (),
}


def grants_for(role: Role, section: S, action: A) -> tuple[Grant, ...]:
    """The grants that could allow this role this action on this section (usually one)."""
    return tuple(g for g in ROLE_GRANTS.get(role, ()) if section in g.sections and action in g.actions)


# Minors (DOMAIN.md "Privacy"): who exercises a member's rights, by completed years.
PARENTS_ALONE_BELOW = 12  # under 12: the parents
CHILD_ALONE_FROM = 16  # 16 and older: the young person alone; 12-15: child and parents
ADULT_FROM = 18
CHILD_RELATIONS = frozenset({Relation.CHILD, Relation.FOSTER_CHILD})
PARENT_RELATIONS_OF_CHILDREN = frozenset({Relation.APPLICANT, Relation.PARTNER})

# Which complaint stages let which reviewer in.
COMMISSION_STAGES = frozenset({"commission", "advised"})
OMBUDSMAN_STAGES = frozenset({"ombudsman"})

# Rules decided by role, section and purpose alone: their explanation reveals nothing about
# whether a household exists, so it may be shown to the person who asked.
ROLE_LEVEL_RULE_PREFIXES = ("role.", "purpose.", "surface.", "emergency.reason_required", "emergency.only_team_professionals",
                            "resource.")

EXPLANATIONS: dict[str, str] = {
    # permits
    "relationship.case_director": "U bent de casusregisseur van dit huishouden.",
    "relationship.tandem_worker": "U werkt als tandemwerker mee aan dit huishouden.",
    "relationship.process_director": "U bent procesregisseur van het team van dit huishouden.",
    "client.own_list": "U ziet de huishoudens waar u (of iemand die u vertegenwoordigt) lid van bent.",
    "surface.portal_only": "Het portaal is voor inwoners en hun wettelijk vertegenwoordigers.",
    "surface.review_only": "Dit deel is voor de klachtencommissie en de ombudsman.",
    "relationship.own_list": "U ziet alleen de huishoudens waaraan u werkt (of van uw team, als procesregisseur).",
    "team.municipal_consultant": "U bent consulent van het team van dit huishouden en beslist over voorzieningen.",
    "team.administrative_officer": "U verwerkt besluiten voor dit team; u ziet alleen de besluitgegevens.",
    "team.aggregate": "U ziet alleen overzichten en cijfers van het team, geen inhoud van dossiers.",
    "team.own_team": "Dit huishouden hoort bij uw team; u ziet geen inhoud van het dossier.",
    "complaint.commission_holds_open_complaint": "De klachtencommissie behandelt een open klacht over dit dossier.",
    "complaint.ombudsman_holds_open_complaint": "De ombudsman behandelt een open klacht over dit dossier.",
    "partner.consent": "De inwoner gaf toestemming om deze gegevens voor dit doel met u te delen.",
    "partner.legal_duty": "Er is een wettelijke plicht om deze gegevens met u te delen.",
    "client.own_data": "Dit zijn uw eigen gegevens of gegevens die het huishouden deelt.",
    "client.for_minor": "U oefent de rechten uit voor uw kind.",
    "client.represented": "U bent de wettelijk vertegenwoordiger van deze persoon.",
    "emergency.break_the_glass": "Noodtoegang: u heeft een reden opgegeven. Deze toegang wordt achteraf getoetst.",
    "none.signal_intake": "Iedereen mag een signaal of vraag aanmelden.",
    "desk.open_signal": "U registreert of beantwoordt een vraag die nog geen dossier is, voor uw eigen team.",
    "none.complaint_records": "U behandelt klachten en ziet de klachtgegevens, niet het dossier.",
    "none.access_log": "U ziet de toegangslog, geen inhoud van dossiers.",
    "none.verification": "U controleert de volledigheid; u ziet alleen controlegegevens, geen inhoud.",
    # denials that reveal nothing about a household
    "purpose.not_registered": "Dit doel staat niet in het register van verwerkingen. Kies een geregistreerd doel.",
    "purpose.outside_activity": "Voor dit doel zijn deze gegevens niet nodig. Kies het doel dat bij uw werk hoort.",
    "resource.household_required": "Noem het huishouden waar het om gaat.",
    "emergency.reason_required": "Bij noodtoegang is een reden verplicht. Schrijf op waarom het nodig is.",
    "emergency.only_team_professionals": "Noodtoegang is alleen voor professionals van het wijkteam.",
    "role.front_desk_volunteer": "Gastvrouwen en gastheren hebben geen toegang tot dossiers.",
    "role.administrative_officer": "U ziet alleen de gegevens die nodig zijn om een besluit te verwerken.",
    "role.privacy_officer": "De functionaris gegevensbescherming ziet alleen de toegangslog, geen dossierinhoud.",
    "role.team_lead": "De teamleider ziet overzichten, cijfers en toewijzingen, geen inhoud van dossiers.",
    "role.complaint_officer": "De klachtenfunctionaris ziet de klachtgegevens, niet het dossier.",
    "role.partner": "Een partner krijgt alleen gegevens met toestemming of op grond van een wettelijke plicht.",
    "role.system": "Een systeemproces leest geen persoonsgegevens via deze weg.",
    "role.not_granted": "Uw rol mag dit niet met deze gegevens doen.",
    # denials that depend on the household (shown to people only as the generic text)
    "household.unknown": "Dit huishouden is niet gevonden.",
    "erasure.data_unreadable": "De gegevens van dit huishouden zijn gewist.",
    "relationship.not_assigned": "U bent niet (meer) aan dit huishouden toegewezen.",
    "team.other_team": "Dit huishouden hoort bij een ander team.",
    "desk.not_an_open_signal": "Hier is al een dossier van gemaakt, of het hoort bij een ander team. "
                               "Geef de vraag door aan het wijkteam.",
    "complaint.not_holder": "U behandelt geen klacht over dit dossier.",
    "complaint.closed": "De klacht is afgesloten; daarmee is ook de toegang tot het dossier beëindigd.",
    "partner.no_consent": "Er is geen toestemming of wettelijke plicht om deze gegevens met u te delen.",
    "partner.consent_revoked": "De toestemming is ingetrokken.",
    "partner.consent_expired": "De toestemming is verlopen.",
    "client.not_a_member": "U hoort niet bij dit huishouden.",
    "client.other_adult": "Dit zijn persoonsgegevens van een ander volwassen lid van het huishouden.",
    "minors.under_12_parents_exercise": "Voor kinderen onder de 12 oefenen de ouders de rechten uit.",
    "minors.16_plus_alone": "Vanaf 16 jaar oefent de jongere de rechten zelf uit.",
}

GENERIC_DENIAL = (
    "Geen toegang: u mag deze gegevens niet inzien of het huishouden bestaat niet. "
    "Denkt u dat dit niet klopt? Vraag het uw teamleider of de functionaris gegevensbescherming."
)


def explanation(rule: str) -> str:
    return EXPLANATIONS.get(rule, EXPLANATIONS["role.not_granted"])


def is_role_level(rule: str) -> bool:
    """True when a denial's rule depends only on role, section and purpose (safe to show)."""
    return rule.startswith(ROLE_LEVEL_RULE_PREFIXES)
