"""Privacy records: consents to share, statutory duties to share, withholdings for a child's
safety and what a member told in confidence. The dossier records them; privacy/ decides with them."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from domain.assessment import zrm_domains
from domain.attribution import Attribution
from domain.dossier.base import DIRECTING_ROLES, DossierEvent, check_item, check_member, check_not_erased, \
    require_role
from domain.event_meta import EventMeta
from domain.errors import ImplausibleValueError, InvalidValueError, NotPermittedError, UnknownItemError
from domain.values import as_date, required_text
from domain.vocabulary import CLIENT_SIDE, DOSSIER_SECTIONS, TEAM_PROFESSIONALS

if TYPE_CHECKING:
    from domain.dossier.household import HouseholdDossier


def check_new_id(records: dict[str, Any], value: str, field: str, what: str) -> str:
    value = required_text(value, field, what)
    if value in records:
        raise InvalidValueError(f"{field}: already used in this dossier", field=field)
    return value


def checked_shared_parts(sections: list[str], zrm_domains_shared: list[str] | None, zrm_version: str) -> None:
    """A consent names existing sections or ZRM domains of this dossier, at least one."""
    if not sections and not zrm_domains_shared:
        raise InvalidValueError("sections: name at least one section or ZRM domain to share", field="sections")
    if sorted({str(s) for s in sections} - DOSSIER_SECTIONS):
        raise ImplausibleValueError(
            "sections: names a section that does not exist", field="sections",
            message_nl="Het veld sections noemt een onderdeel dat niet bestaat. Kies uit: "
                       + ", ".join(sorted(DOSSIER_SECTIONS)) + ".")
    if sorted(set(zrm_domains_shared or []) - set(zrm_domains(zrm_version))):
        raise ImplausibleValueError(
            "zrm_domains_shared: names a domain not in this dossier's ZRM", field="zrm_domains_shared",
            message_nl="Het veld zrm_domains_shared noemt een domein dat niet in de zelfredzaamheidsmatrix van "
                       "dit dossier staat. Kies uit: " + ", ".join(zrm_domains(zrm_version)) + ".")


class ConsentGranted(DossierEvent):
    meta = EventMeta(section="consents", label="Toestemming gegeven", subjects=("person_id",))
    consent_id: str
    person_id: str
    partner: str
    purpose: str
    sections: list[str]
    zrm_domains_shared: list[str]
    valid_until: date

    def apply(self, d: HouseholdDossier) -> None:
        d.consents[self.consent_id] = {
            "consent_id": self.consent_id, "person_id": self.person_id, "partner": self.partner,
            "purpose": self.purpose, "sections": list(self.sections), "zrm_domains": list(self.zrm_domains_shared),
            "valid_until": self.valid_until, "granted_at": self.by.occurred_at, "revoked_at": None,
        }


class ConsentRevoked(DossierEvent):
    meta = EventMeta(section="consents", label="Toestemming ingetrokken")
    consent_id: str

    def apply(self, d: HouseholdDossier) -> None:
        d.consents[self.consent_id]["revoked_at"] = self.by.occurred_at


class LegalDutyRecorded(DossierEvent):
    meta = EventMeta(section="consents", label="Wettelijke plicht tot delen vastgelegd")
    duty_id: str
    partner: str
    legal_basis: str
    sections: list[str]

    def apply(self, d: HouseholdDossier) -> None:
        d.legal_duties[self.duty_id] = {"duty_id": self.duty_id, "partner": self.partner,
                                        "legal_basis": self.legal_basis, "sections": list(self.sections),
                                        "recorded_at": self.by.occurred_at}


class InformationWithheld(DossierEvent):
    meta = EventMeta(section="consents", label="Informatie afgeschermd", subjects=("from_person_id",))
    withholding_id: str
    item_version: int | None
    section: str | None
    from_person_id: str

    def apply(self, d: HouseholdDossier) -> None:
        d.withholdings[self.withholding_id] = {
            "withholding_id": self.withholding_id, "item_version": self.item_version, "section": self.section,
            "from_person_id": self.from_person_id, "decided_by": self.by.actor_id,
            "decided_at": self.by.occurred_at, "lifted_at": None,
        }


class WithholdingLifted(DossierEvent):
    meta = EventMeta(section="consents", label="Afscherming opgeheven")
    withholding_id: str

    def apply(self, d: HouseholdDossier) -> None:
        d.withholdings[self.withholding_id]["lifted_at"] = self.by.occurred_at


class ConfidenceRecorded(DossierEvent):
    meta = EventMeta(section="consents", label="In vertrouwen verteld", subjects=("person_id",))
    confidence_id: str
    item_version: int
    person_id: str
    show_as_withheld: bool

    def apply(self, d: HouseholdDossier) -> None:
        d.confidences[self.confidence_id] = {
            "confidence_id": self.confidence_id, "item_version": self.item_version, "person_id": self.person_id,
            "show_as_withheld": self.show_as_withheld, "recorded_by": self.by.actor_id,
            "recorded_at": self.by.occurred_at, "lifted_at": None, "version": self.originator_version,
        }


class ConfidenceLifted(DossierEvent):
    meta = EventMeta(section="consents", label="Niet langer vertrouwelijk")
    confidence_id: str

    def apply(self, d: HouseholdDossier) -> None:
        d.confidences[self.confidence_id]["lifted_at"] = self.by.occurred_at


class PrivacyRecords:
    """Commands of the privacy records; part of `HouseholdDossier`."""

    def start_privacy_records(self: Any) -> None:
        self.consents: dict[str, dict[str, Any]] = {}
        self.legal_duties: dict[str, dict[str, Any]] = {}
        self.withholdings: dict[str, dict[str, Any]] = {}
        self.confidences: dict[str, dict[str, Any]] = {}

    def grant_consent(
        self: Any, *, consent_id: str, person_id: str, partner: str, purpose: str, sections: list[str],
        valid_until: date | str, by: Attribution, zrm_domains_shared: list[str] | None = None,
    ) -> None:
        """A member's consent to share named sections (or ZRM domains) with one partner, for one purpose."""
        check_not_erased(self)
        check_member(self, person_id)
        consent_id = check_new_id(self.consents, consent_id, "consent_id", "give the consent an id")
        checked_shared_parts(sections, zrm_domains_shared, self.zrm_version)
        until = as_date(valid_until, "valid_until")
        if until < by.occurred_at.date():
            raise InvalidValueError("valid_until: a consent cannot end in the past", field="valid_until")
        self.trigger_event(
            ConsentGranted, consent_id=consent_id, person_id=person_id,
            partner=required_text(partner, "partner", "name the partner organisation"),
            purpose=required_text(purpose, "purpose", "name the purpose of sharing"),
            sections=[str(s) for s in sections], zrm_domains_shared=list(zrm_domains_shared or []),
            valid_until=until, by=by,
        )

    def revoke_consent(self: Any, *, consent_id: str, by: Attribution) -> None:
        consent = self.consents.get(consent_id)
        if consent is None or consent["revoked_at"] is not None:
            raise UnknownItemError("consent_id: no active consent with that id", field="consent_id")
        if by.actor_role in CLIENT_SIDE and consent["person_id"] not in (by.actor_id, by.on_behalf_of):
            raise NotPermittedError(
                "role_may_act: a consent is revoked by the person who gave it or their representative"
            )
        self.trigger_event(ConsentRevoked, consent_id=consent_id, by=by)

    def record_legal_duty(
        self: Any, *, duty_id: str, partner: str, legal_basis: str, sections: list[str], by: Attribution
    ) -> None:
        """A statutory duty to share with a partner (for instance a Veilig Thuis report)."""
        check_not_erased(self)
        require_role(by, DIRECTING_ROLES, "record a legal duty to share")
        duty_id = check_new_id(self.legal_duties, duty_id, "duty_id", "give the duty an id")
        if not sections:
            raise InvalidValueError("sections: name the sections the duty covers", field="sections")
        self.trigger_event(
            LegalDutyRecorded, duty_id=duty_id, partner=required_text(partner, "partner", "name the partner"),
            legal_basis=required_text(legal_basis, "legal_basis", "cite the legal basis"), sections=list(sections),
            by=by,
        )

    def withhold_information(
        self: Any, *, withholding_id: str, item_version: int | None, section: str | None, from_person_id: str,
        by: Attribution,
    ) -> None:
        """Withhold an item or section from one person for a child's safety: a reasoned decision."""
        check_not_erased(self)
        require_role(by, DIRECTING_ROLES, "withhold information from a client")
        check_member(self, from_person_id)
        withholding_id = check_new_id(self.withholdings, withholding_id, "withholding_id", "give the decision an id")
        if item_version is None and not section:
            raise InvalidValueError("item_version: name the item or the section to withhold", field="item_version")
        if item_version is not None:
            check_item(self, item_version)
        self.trigger_event(InformationWithheld, withholding_id=withholding_id, item_version=item_version,
                           section=section, from_person_id=from_person_id, by=by)

    def lift_withholding(self: Any, *, withholding_id: str, by: Attribution) -> None:
        require_role(by, DIRECTING_ROLES, "lift a withholding decision")
        decision = self.withholdings.get(withholding_id)
        if decision is None or decision["lifted_at"] is not None:
            raise UnknownItemError("withholding_id: no active withholding with that id", field="withholding_id")
        self.trigger_event(WithholdingLifted, withholding_id=withholding_id, by=by)

    def record_confidence(
        self: Any, *, confidence_id: str, item_version: int, person_id: str, by: Attribution,
        show_as_withheld: bool = False,
    ) -> None:
        """A member told this item (a contact note, a statement, an assessment) in confidence.

        Who may then see it follows from the member's age (DOMAIN.md "Minors"), decided in privacy/;
        the dossier only records whose confidence it is. `show_as_withheld` is the professional's
        choice to let the others see that something is held back, instead of nothing at all.
        """
        check_not_erased(self)
        require_role(by, TEAM_PROFESSIONALS, "record that something was told in confidence")
        check_member(self, person_id)
        check_item(self, item_version)
        confidence_id = check_new_id(self.confidences, confidence_id, "confidence_id", "give the record an id")
        self.trigger_event(ConfidenceRecorded, confidence_id=confidence_id, item_version=item_version,
                           person_id=person_id, show_as_withheld=bool(show_as_withheld), by=by)

    def lift_confidence(self: Any, *, confidence_id: str, by: Attribution) -> None:
        """The member agrees that the item may be seen as any other (recorded with the reason)."""
        require_role(by, TEAM_PROFESSIONALS, "lift a confidence")
        record = self.confidences.get(confidence_id)
        if record is None or record["lifted_at"] is not None:
            raise UnknownItemError("confidence_id: no confidence with that id", field="confidence_id")
        self.trigger_event(ConfidenceLifted, confidence_id=confidence_id, by=by)


EVENTS = (ConsentGranted, ConsentRevoked, LegalDutyRecorded, InformationWithheld, WithholdingLifted,
          ConfidenceRecorded, ConfidenceLifted)
