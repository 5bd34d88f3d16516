"""The vocabulary of privacy decisions, shared by the decision point, the API and the CLI.

`decide(principal, action, resource, purpose) -> Decision` (privacy/decision.py) is the one
place a privacy decision is made; everything here is plain data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from domain.vocabulary import Role


class Action(StrEnum):
    """NEN 7513 actions."""

    READ = "read"
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    EXPORT = "export"
    PRINT = "print"
    SEARCH = "search"


class Section(StrEnum):
    """The parts of a dossier (and beyond) that access is decided and logged for."""

    OVERVIEW = "overview"  # phase, team, case director: no personal content
    MEMBERS = "members"
    SIGNALS = "signals"
    CONTACTS = "contacts"
    ZRM = "zrm"
    PARTICIPATION = "participation"
    CHILD_SAFETY = "child_safety"
    PLAN = "plan"
    REFERRALS = "referrals"
    EVALUATION = "evaluation"
    CONSENTS = "consents"
    STATEMENTS = "statements"
    HISTORY = "history"  # the full event history (review, inzage)
    COMPLAINTS = "complaints"
    DECISION_DATA = "decision_data"  # what administrative processing of a decision needs
    ACCESS_LOG = "access_log"
    CASELOAD = "caseload"
    FIGURES = "figures"  # aggregated steering figures
    VERIFICATION = "verification"  # bundles: hashes and signatures over encrypted events


class Surface(StrEnum):
    """Parts of the system made for some roles only; the rest are refused there (and logged)."""

    PORTAL = "portal"  # clients and their representatives
    REVIEW = "review"  # the complaint commission and the ombudsman


class Channel(StrEnum):
    API = "api"
    GRAPHQL = "graphql"
    PORTAL = "portal"
    CLI = "cli"


@dataclass(frozen=True)
class Principal:
    """Who asks: an authenticated person in one role.

    For clients `person_id` is the person they are; a legal representative lists the
    persons they represent in `represents`.
    """

    user_id: str
    role: Role
    organisation: str = "wijkteam"
    team: str | None = None
    person_id: str | None = None
    represents: tuple[str, ...] = ()
    on_behalf_of: str | None = None
    authentication_level: str | None = None  # DigiD: basis, midden (substantieel), substantieel, hoog
    emergency_reason: str | None = None  # break the glass: mandatory reason

    @property
    def is_emergency(self) -> bool:
        return bool(self.emergency_reason and self.emergency_reason.strip())


@dataclass(frozen=True)
class Resource:
    """What is asked for. `household_id`/`person_id` name the data subject(s)."""

    section: Section
    household_id: UUID | None = None
    person_id: str | None = None
    complaint_id: UUID | None = None
    partner: str | None = None
    as_of: datetime | None = None


@dataclass(frozen=True)
class Obligations:
    """What must happen to data that is released."""

    redact_person_ids: frozenset[str] = frozenset()  # members whose personal data must be left out
    withheld_item_versions: frozenset[int] = frozenset()  # items to show as "withheld"
    # Items left out without a trace (another member's confidence): not marked, not counted,
    # and nothing that refers to them (a statement, a correction, the confidence record) either.
    hidden_item_versions: frozenset[int] = frozenset()
    withheld_sections: frozenset[str] = frozenset()
    history_until: datetime | None = None  # review scope: nothing recorded after this
    history_from: datetime | None = None
    zrm_domains: frozenset[str] | None = None  # partners: only these ZRM domains
    emergency: bool = False  # flag the log line for review


@dataclass(frozen=True)
class Decision:
    permitted: bool
    rule: str  # the rule that decided, e.g. "relationship.case_director"
    explanation: str  # for people: why (no personal data)
    obligations: Obligations = field(default_factory=Obligations)
    authorisation_profile: str | None = None  # consent id, legal duty id, complaint id, role profile

    @property
    def outcome(self) -> str:
        return "permit" if self.permitted else "deny"
