"""The facts a privacy decision needs about one household, as small frozen values.

`decide()` is pure: it never reads the store. Whoever calls it first builds a
`HouseholdFacts` here — from the dossier aggregate (`facts_from_dossier`) or, later, from a
projection — and passes it in. The facts hold no names and no notes: only ids, dates of
birth (for the minors' rules), relations, assignments and the privacy records.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol
from uuid import UUID

from domain.errors import ComplaintNotFoundError, DomainError, DossierErasedError, DossierNotFoundError
from domain.members import age_on
from domain.vocabulary import ComplaintStage, Phase, Relation, Role

logger = logging.getLogger(__name__)

COMPLAINT_REVIEWERS = frozenset({Role.COMPLAINT_COMMISSION, Role.OMBUDSMAN})


@dataclass(frozen=True)
class MemberFacts:
    person_id: str
    date_of_birth: date
    relation: Relation
    left_on: date | None = None

    def age(self, today: date) -> int:
        return age_on(self.date_of_birth, today)


@dataclass(frozen=True)
class ConsentFacts:
    consent_id: str
    person_id: str
    partner: str
    purpose: str
    sections: frozenset[str]
    zrm_domains: frozenset[str]
    valid_until: date
    revoked_at: datetime | None = None


@dataclass(frozen=True)
class LegalDutyFacts:
    duty_id: str
    partner: str
    sections: frozenset[str]


@dataclass(frozen=True)
class WithholdingFacts:
    withholding_id: str
    from_person_id: str
    item_version: int | None
    section: str | None
    lifted_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.lifted_at is None


@dataclass(frozen=True)
class ConfidenceFacts:
    """An item a member told in confidence (`item_version`), recorded at `recorded_version`."""

    confidence_id: str
    person_id: str
    item_version: int
    recorded_version: int
    show_as_withheld: bool = False
    lifted_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.lifted_at is None


@dataclass(frozen=True)
class ComplaintFacts:
    complaint_id: UUID
    complainant_person_id: str
    stage: ComplaintStage
    filed_at: datetime
    scope_from: date | None
    scope_until: date
    commission_id: str | None = None
    ombudsman_id: str | None = None


@dataclass(frozen=True)
class HouseholdFacts:
    """Everything `decide()` may look at for one household, on one day."""

    household_id: UUID
    team: str
    phase: Phase
    today: date
    case_director: str | None = None
    tandem_workers: frozenset[str] = frozenset()
    process_director: str | None = None
    members: tuple[MemberFacts, ...] = ()
    consents: tuple[ConsentFacts, ...] = ()
    legal_duties: tuple[LegalDutyFacts, ...] = ()
    withholdings: tuple[WithholdingFacts, ...] = ()
    complaints: tuple[ComplaintFacts, ...] = ()
    confidences: tuple[ConfidenceFacts, ...] = ()

    @property
    def erased(self) -> bool:
        return self.phase == Phase.ERASED

    def member(self, person_id: str | None) -> MemberFacts | None:
        for member in self.members:
            if member.person_id == person_id:
                return member
        return None


def _relation(value: Any) -> Relation:
    try:
        return Relation(value)
    except ValueError:
        # An unknown relation gets no parental rights: the safe reading.
        return Relation.OTHER_ADULT


def facts_from_dossier(dossier: Any, today: date, complaints: Iterable[Any] = ()) -> HouseholdFacts:
    """Facts from a `HouseholdDossier` (and the `Complaint` aggregates about it)."""
    members = tuple(
        MemberFacts(
            person_id=m.person_id,
            date_of_birth=m.date_of_birth,
            relation=_relation(m.relation),
            left_on=m.left_on,
        )
        for m in dossier.members.values()
    )
    consents = tuple(
        ConsentFacts(
            consent_id=c.consent_id,
            person_id=c.person_id,
            partner=c.partner,
            purpose=c.purpose,
            sections=frozenset(c.sections),
            zrm_domains=frozenset(c.zrm_domains),
            valid_until=c.valid_until,
            revoked_at=c.revoked_at,
        )
        for c in dossier.consents.values()
    )
    duties = tuple(
        LegalDutyFacts(duty_id=d.duty_id, partner=d.partner, sections=frozenset(d.sections))
        for d in dossier.legal_duties.values()
    )
    withholdings = tuple(
        WithholdingFacts(
            withholding_id=w.withholding_id,
            from_person_id=w.from_person_id,
            item_version=w.item_version,
            section=w.section,
            lifted_at=w.lifted_at,
        )
        for w in dossier.withholdings.values()
    )
    confidences = tuple(
        ConfidenceFacts(
            confidence_id=c.confidence_id, person_id=c.person_id, item_version=c.item_version,
            recorded_version=c.version, show_as_withheld=c.show_as_withheld, lifted_at=c.lifted_at,
        )
        for c in dossier.confidences.values()
    )
    return HouseholdFacts(
        household_id=dossier.id,
        team=dossier.team,
        phase=Phase(dossier.phase),
        today=today,
        case_director=dossier.case_director,
        tandem_workers=frozenset(dossier.tandem_workers),
        process_director=dossier.process_director,
        members=members,
        consents=consents,
        legal_duties=duties,
        withholdings=withholdings,
        complaints=tuple(complaint_facts(c) for c in complaints),
        confidences=confidences,
    )


def complaint_facts(complaint: Any) -> ComplaintFacts:
    return ComplaintFacts(
        complaint_id=complaint.id,
        complainant_person_id=complaint.complainant_person_id,
        stage=ComplaintStage(complaint.stage),
        filed_at=complaint.filed_at,
        scope_from=complaint.scope_from,
        scope_until=complaint.scope_until,
        commission_id=complaint.commission_id,
        ombudsman_id=complaint.ombudsman_id,
    )


class FactsProvider(Protocol):
    """Looks up the facts for one request; None when the household does not exist."""

    def __call__(self, principal: Any, resource: Any, today: date) -> HouseholdFacts | None: ...


class ApplicationFacts:
    """Builds facts from `WijkdossierApplication` (the aggregates). A projection can replace it.

    Complaints are found by scanning `complaint_ids()`; that is linear in the number of
    complaints and only done for principals whose rules look at complaints.
    """

    def __init__(self, app: Any) -> None:
        self.app = app

    def household_of_complaint(self, complaint_id: UUID | str) -> UUID | None:
        try:
            return self.app.get_complaint(complaint_id).household_id
        except ComplaintNotFoundError:
            return None

    def complaints_about(self, household_id: UUID, principal: Any = None) -> list[Any]:
        """Every complaint about the household (a scan; `ProjectionFacts` asks a read model instead)."""
        found = []
        for complaint_id in self.app.complaint_ids():
            complaint = self.app.get_complaint(complaint_id)
            if complaint.household_id == household_id:
                found.append(complaint)
        return found

    def __call__(self, principal: Any, resource: Any, today: date) -> HouseholdFacts | None:
        household_id = resource.household_id
        if household_id is None and resource.complaint_id is not None:
            household_id = self.household_of_complaint(resource.complaint_id)
        if household_id is None:
            return None
        try:
            dossier = self.app.get_dossier(household_id)
        except DossierNotFoundError:
            return None
        complaints: list[Any] = []
        if principal.role in COMPLAINT_REVIEWERS:
            if resource.complaint_id is not None:
                # The request names its complaint: only that one can let the reviewer in.
                complaints = [c for c in self._complaint_or_none(resource.complaint_id) if c.household_id == dossier.id]
            else:
                complaints = self.complaints_about(dossier.id, principal)
        return facts_from_dossier(dossier, today, complaints)

    def _complaint_or_none(self, complaint_id: UUID | str) -> list[Any]:
        try:
            return [self.app.get_complaint(complaint_id)]
        except ComplaintNotFoundError:
            return []


class ProjectionFacts(ApplicationFacts):
    """Facts whose complaint lookup asks the complaints read model instead of scanning every complaint.

    The household's own facts (members, assignment, consents, withholdings) still come from the
    aggregate, so a revoked consent or a reassignment counts at the very next request. For a
    reviewer, the complaints view says which complaints about the household this commission or
    ombudsman holds (one indexed read); only those aggregates are loaded for their scope dates.
    While the view lags behind the event log, the lookup falls back to the scan, so a complaint
    referred a moment ago is never missed.
    """

    def __init__(self, app: Any, complaints_view: Any) -> None:
        super().__init__(app)
        self.complaints_view = complaints_view

    def _view_is_current(self) -> bool:
        head = self.app.recorder.max_notification_id() or 0
        return self.complaints_view.position() >= head

    def complaints_about(self, household_id: UUID, principal: Any = None) -> list[Any]:
        if not self._view_is_current():
            logger.info("complaints view behind the event log; scanning complaints instead")
            return super().complaints_about(household_id, principal)
        household = self.complaints_view.row("households", str(household_id))
        if household is None:
            return []
        holders = set() if principal is None else {principal.user_id, principal.organisation}
        found = []
        for complaint_id in household.get("complaint_ids") or []:
            row = self.complaints_view.row("complaints", complaint_id)
            if row is None:
                continue
            if holders and not holders & {row.get("commission_id"), row.get("ombudsman_id")}:
                continue  # not held by this reviewer: it cannot let them in, so it is not loaded
            found.extend(self._complaint_or_none(complaint_id))
        return found


def load_facts_or_none(provider: FactsProvider, principal: Any, resource: Any, today: date) -> HouseholdFacts | None:
    """Facts, or None when the lookup is refused by a domain rule (for instance a malformed id).

    An erased household is not "unknown": `DossierErasedError` passes through so the guard can
    log the attempt and the caller can answer "gewist".
    """
    try:
        return provider(principal, resource, today)
    except DossierErasedError:
        raise
    except DomainError as exc:
        logger.info("facts lookup refused: %s", type(exc).__name__)
        return None
