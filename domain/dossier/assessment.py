"""Getting to know the household: contacts (and the 2-day term for the first one), the
Zelfredzaamheid-Matrix, the participation ladder and child safety along the Meldcode."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from domain.assessment import validated_ladder_level, validated_zrm_scores
from domain.attribution import Attribution
from domain.dossier.base import DossierEvent, check_active, check_member, require_role
from domain.event_meta import EventMeta
from domain.errors import InvalidValueError
from domain.values import limited_text, one_of, required_text
from domain.vocabulary import MELDCODE_STEPS, TEAM_PROFESSIONALS, ChildSafetyOutcome, ContactKind, ContactOutcome

if TYPE_CHECKING:
    from domain.dossier.household import HouseholdDossier

FIRST_CONTACT_TERM_DAYS = 2


@dataclass(frozen=True)
class Contact:
    kind: str
    outcome: str
    with_person_ids: tuple[str, ...]
    at: datetime
    by: str  # who made the contact
    version: int


@dataclass(frozen=True)
class ZrmScores:
    """One member's Zelfredzaamheid-Matrix at one moment (an assessment or an evaluation)."""

    person_id: str
    zrm_version: str
    scores: dict[str, int]
    assessed_at: datetime
    assessor: str
    version: int


@dataclass(frozen=True)
class LadderStep:
    person_id: str
    level: int
    assessed_at: datetime
    version: int


@dataclass(frozen=True)
class ChildSafetyStep:
    meldcode_step: int
    outcome: str
    assessed_at: datetime
    version: int


def zrm_row(person_id: str, zrm_version: str, scores: dict[str, int], event: DossierEvent) -> ZrmScores:
    return ZrmScores(person_id, zrm_version, dict(scores), event.by.occurred_at, event.by.actor_id,
                     event.originator_version)


def ladder_row(person_id: str, level: int, event: DossierEvent) -> LadderStep:
    return LadderStep(person_id, level, event.by.occurred_at, event.originator_version)


class ContactRecorded(DossierEvent):
    meta = EventMeta(section="contacts", label="Contact", subjects=("with_person_ids",))
    kind: str
    outcome: str
    with_person_ids: list[str]
    note: str

    def apply(self, d: HouseholdDossier) -> None:
        d.contacts.append(Contact(self.kind, self.outcome, tuple(self.with_person_ids), self.by.occurred_at,
                                  self.by.actor_id, self.originator_version))
        if d.first_contact_at is None and self.outcome != ContactOutcome.NOT_REACHED:
            d.first_contact_at = self.by.occurred_at


class ZrmAssessed(DossierEvent):
    meta = EventMeta(section="zrm", label="Zelfredzaamheid bekeken (ZRM)", subjects=("person_id",), shows="zrm",
                    zrm_scores=("scores",))
    person_id: str
    zrm_version: str
    scores: dict[str, int]

    def apply(self, d: HouseholdDossier) -> None:
        d.assessments.append(zrm_row(self.person_id, self.zrm_version, self.scores, self))


class ParticipationAssessed(DossierEvent):
    meta = EventMeta(section="participation", label="Meedoen bekeken (participatieladder)", subjects=("person_id",),
                    shows="ladder")
    person_id: str
    level: int

    def apply(self, d: HouseholdDossier) -> None:
        d.ladder.append(ladder_row(self.person_id, self.level, self))


class ChildSafetyAssessed(DossierEvent):
    meta = EventMeta(section="child_safety", label="Veiligheid van kinderen bekeken")
    meldcode_step: int
    outcome: str
    summary: str

    def apply(self, d: HouseholdDossier) -> None:
        d.child_safety.append(ChildSafetyStep(self.meldcode_step, self.outcome, self.by.occurred_at,
                                              self.originator_version))


class Assessment:
    """Commands of contact and assessment; part of `HouseholdDossier`."""

    def start_assessment(self: Any) -> None:
        self.first_contact_at = None
        self.contacts: list[Contact] = []
        self.assessments: list[ZrmScores] = []
        self.ladder: list[LadderStep] = []
        self.child_safety: list[ChildSafetyStep] = []

    def record_contact(
        self: Any, *, kind: str, outcome: str = ContactOutcome.REACHED, with_person_ids: list[str] | None = None,
        note: str = "", by: Attribution,
    ) -> None:
        """A contact or contact attempt; the first one that reaches someone counts for the 2-day term."""
        check_active(self, "record a contact")
        for person_id in with_person_ids or []:
            check_member(self, person_id)
        self.trigger_event(
            ContactRecorded,
            kind=one_of(ContactKind, kind, "kind").value,
            outcome=one_of(ContactOutcome, outcome, "outcome").value,
            with_person_ids=list(with_person_ids or []),
            note=limited_text(str(note or ""), "note"),
            by=by,
        )

    @property
    def first_contact_within_term(self: Any) -> bool | None:
        """Was the first contact within 2 days of assignment? None while nobody was assigned or met."""
        if self.first_assigned_at is None or self.first_contact_at is None:
            return None
        return (self.first_contact_at - self.first_assigned_at).total_seconds() <= FIRST_CONTACT_TERM_DAYS * 86400

    def assess_zrm(self: Any, *, person_id: str, scores: dict[str, int], by: Attribution) -> None:
        """Zelfredzaamheid-Matrix for one member: every domain at a level 1-5."""
        check_active(self, "assess")
        require_role(by, TEAM_PROFESSIONALS, "score the ZRM")
        check_member(self, person_id)
        self.trigger_event(ZrmAssessed, person_id=person_id, zrm_version=self.zrm_version,
                           scores=validated_zrm_scores(self.zrm_version, scores), by=by)

    def assess_participation(self: Any, *, person_id: str, level: int, by: Attribution) -> None:
        """Participatieladder level 1 (isolated) to 6 (paid work)."""
        check_active(self, "assess participation")
        require_role(by, TEAM_PROFESSIONALS, "place someone on the participation ladder")
        check_member(self, person_id)
        self.trigger_event(ParticipationAssessed, person_id=person_id, level=validated_ladder_level(level), by=by)

    def assess_child_safety(self: Any, *, meldcode_step: int, outcome: str, summary: str, by: Attribution) -> None:
        """Child-safety assessment along the Meldcode steps (003 §3.2.1)."""
        check_active(self, "assess child safety")
        require_role(by, TEAM_PROFESSIONALS, "assess child safety")
        if meldcode_step not in MELDCODE_STEPS:
            raise InvalidValueError("meldcode_step: the Meldcode has steps 1 to 5", field="meldcode_step")
        self.trigger_event(
            ChildSafetyAssessed,
            meldcode_step=int(meldcode_step),
            outcome=one_of(ChildSafetyOutcome, outcome, "outcome").value,
            summary=required_text(summary, "summary", "summarise the assessment"),
            by=by,
        )


EVENTS = (ContactRecorded, ZrmAssessed, ParticipationAssessed, ChildSafetyAssessed)
