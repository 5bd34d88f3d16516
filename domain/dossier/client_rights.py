"""The client's own word and rights on the record: a statement beside any item (zienswijze),
a correction request (the original stays, marked), and the record that the household was erased."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from domain.attribution import Attribution
from domain.dossier.base import DIRECTING_ROLES, DossierEvent, check_item, check_member, check_not_erased, \
    require_role
from domain.dossier.privacy_records import check_new_id
from domain.event_meta import EventMeta
from domain.errors import UnknownItemError, WrongPhaseError
from domain.values import required_text
from domain.vocabulary import ACTIVE_PHASES, CLIENT_SIDE, Phase

if TYPE_CHECKING:
    from domain.dossier.household import HouseholdDossier


@dataclass(frozen=True)
class Statement:
    """The client's own word beside an item (zienswijze); it never replaces the item."""

    person_id: str
    item_version: int
    text: str
    added_at: datetime
    version: int


@dataclass(frozen=True)
class CorrectionRequest:
    correction_id: str
    person_id: str
    item_version: int
    correction: str
    status: str  # requested, accepted, refused
    requested_at: datetime


class StatementAdded(DossierEvent):
    meta = EventMeta(section="statements", label="Reactie van de cliënt", subjects=("person_id",))
    person_id: str
    item_version: int
    text: str

    def apply(self, d: HouseholdDossier) -> None:
        d.statements.append(Statement(self.person_id, self.item_version, self.text, self.by.occurred_at,
                                      self.originator_version))


class CorrectionRequested(DossierEvent):
    meta = EventMeta(section="statements", label="Correctie gevraagd", subjects=("person_id",))
    correction_id: str
    person_id: str
    item_version: int
    correction: str

    def apply(self, d: HouseholdDossier) -> None:
        d.corrections[self.correction_id] = CorrectionRequest(self.correction_id, self.person_id, self.item_version,
                                                              self.correction, "requested", self.by.occurred_at)


class CorrectionDecided(DossierEvent):
    meta = EventMeta(section="statements", label="Besluit over correctie", shows="decision")
    correction_id: str
    accepted: bool
    explanation: str

    def apply(self, d: HouseholdDossier) -> None:
        d.corrections[self.correction_id] = replace(d.corrections[self.correction_id],
                                                    status="accepted" if self.accepted else "refused")


class DossierErased(DossierEvent):
    meta = EventMeta(section="overview", label="Gewist")
    # The record that a household was erased must stay readable after its data key is destroyed;
    # the store keeps events marked like this out of the household's encryption.
    STORED_IN_CLEAR: ClassVar[bool] = True
    legal_basis: str

    def apply(self, d: HouseholdDossier) -> None:
        d.phase = Phase.ERASED
        d.erased = True


class ClientRights:
    """Commands of the client's rights on the record; part of `HouseholdDossier`."""

    def start_client_rights(self: Any) -> None:
        self.statements: list[Statement] = []
        self.corrections: dict[str, CorrectionRequest] = {}
        self.erased = False

    def add_statement(self: Any, *, person_id: str, item_version: int, text: str, by: Attribution) -> None:
        """Zienswijze: the client's own statement on any item; it sits beside the item, never replaces it."""
        check_not_erased(self)
        require_role(by, CLIENT_SIDE, "add a client's own statement")
        check_member(self, person_id)
        check_item(self, item_version)
        self.trigger_event(StatementAdded, person_id=person_id, item_version=item_version,
                           text=required_text(text, "text", "write the statement"), by=by)

    def request_correction(
        self: Any, *, correction_id: str, person_id: str, item_version: int, correction: str, by: Attribution
    ) -> None:
        """A correction request; the original item remains and is marked as disputed."""
        check_not_erased(self)
        require_role(by, CLIENT_SIDE, "request a correction")
        check_member(self, person_id)
        check_item(self, item_version)
        correction_id = check_new_id(self.corrections, correction_id, "correction_id", "give the request an id")
        self.trigger_event(
            CorrectionRequested, correction_id=correction_id, person_id=person_id, item_version=item_version,
            correction=required_text(correction, "correction", "say what should be corrected"), by=by,
        )

    def decide_correction(self: Any, *, correction_id: str, accepted: bool, explanation: str,
                          by: Attribution) -> None:
        """Accepted corrections add a corrected reading; the original stays, marked as corrected."""
        require_role(by, DIRECTING_ROLES, "decide on a correction request")
        request = self.corrections.get(correction_id)
        if request is None or request.status != "requested":
            raise UnknownItemError("correction_id: no open correction request with that id", field="correction_id")
        self.trigger_event(
            CorrectionDecided, correction_id=correction_id, accepted=bool(accepted),
            explanation=required_text(explanation, "explanation", "explain the decision to the client"), by=by,
        )

    def record_erasure(self: Any, *, legal_basis: str, by: Attribution) -> None:
        """The household's data key is destroyed; this event records that it happened and why."""
        check_not_erased(self)
        if self.phase in ACTIVE_PHASES or self.phase == Phase.INTAKE:
            raise WrongPhaseError("phase_allows_command: close the dossier before it can be erased")
        self.trigger_event(DossierErased,
                           legal_basis=required_text(legal_basis, "legal_basis", "cite the erasure basis"), by=by)


EVENTS = (StatementAdded, CorrectionRequested, CorrectionDecided, DossierErased)
