"""Client rights as services: inzage, who accessed my dossier, own statement, correction,
export of own data, consent grant and revoke.

Every service goes through `PrivacyGuard` (one decision, one access log line, then the data
or the command); commands go to `WijkdossierApplication` with an `Attribution` for the
client or their representative.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any
from uuid import UUID

from domain.attribution import Attribution
from domain.errors import InvalidValueError
from privacy.access_log import AccessLog, StoredAccessLogEntry, format_time
from privacy.guard import PrivacyGuard
from privacy.model import Action, Channel, Decision, Principal, Resource, Section
from privacy.redaction import dossier_view, history_view, json_ready
from privacy.register import ProcessingRegister

CLIENT_RIGHTS = "client_rights"
EXPORT_FORMAT = "wijkdossier-eigen-gegevens"
EXPORT_FORMAT_VERSION = 1

ROLE_WORDS = {
    "client": "uzelf of een lid van uw huishouden", "legal_representative": "een wettelijk vertegenwoordiger",
    "front_desk_volunteer": "een gastvrouw of gastheer", "social_worker": "een sociaal werker",
    "case_director": "een casusregisseur", "process_director": "een procesregisseur",
    "municipal_consultant": "een consulent sociaal domein", "administrative_officer": "een administratief medewerker",
    "team_lead": "een teamleider", "complaint_officer": "een klachtenfunctionaris",
    "complaint_commission": "de klachtencommissie", "ombudsman": "de sociale ombudsman",
    "privacy_officer": "de functionaris gegevensbescherming", "partner": "een partnerorganisatie",
    "system": "een systeemproces",
}
SECTION_WORDS = {
    "overview": "het overzicht van uw dossier", "members": "de gegevens van de leden van het huishouden",
    "signals": "de meldingen", "contacts": "de contacten", "zrm": "de zelfredzaamheid-matrix",
    "participation": "de participatieladder", "child_safety": "de beoordeling van de veiligheid van kinderen",
    "plan": "het plan van aanpak", "referrals": "de verwijzingen", "evaluation": "de evaluatie",
    "consents": "de toestemmingen", "statements": "de eigen verklaringen", "history": "het hele dossier",
    "complaints": "de klachten", "decision_data": "de gegevens voor een besluit",
    "access_log": "de lijst van wie uw dossier bekeek", "caseload": "de verdeling van dossiers",
    "figures": "cijfers", "verification": "de controle op volledigheid",
}
ACTION_WORDS = {
    "read": "bekeken", "create": "aangevuld", "update": "gewijzigd", "delete": "verwijderd",
    "export": "gedownload", "print": "geprint", "search": "gezocht in",
}


def section_words(sections: str) -> str:
    """The section(s) a log line names, in words: one call may have shown several ("a en b")."""
    words = [SECTION_WORDS.get(s, s) for s in sections.split()]
    return " en ".join(filter(None, (", ".join(words[:-1]), words[-1]))) if words else sections


def attribution_for(principal: Principal, reason: str, person_id: str | None = None) -> Attribution:
    """The provenance of a client's act. A legal representative (or a parent for a child) acts on
    behalf of the person concerned, and the event says so."""
    on_behalf_of = principal.on_behalf_of
    if on_behalf_of is None and person_id is not None and person_id != principal.user_id:
        on_behalf_of = person_id
    return Attribution(
        actor_id=principal.user_id, actor_role=principal.role, reason=reason,
        on_behalf_of=on_behalf_of, organisation=principal.organisation,
    )


def check_consent_purpose(register: ProcessingRegister, purpose: str) -> None:
    """A consent names a registered purpose that rests on consent, or it could never be used."""
    activity = register.activity_for(purpose)
    if activity is None or activity.legal_basis != "dpv:Consent":
        choices = [a for a in register.activities if a.legal_basis == "dpv:Consent"]
        names = "; ".join(f"„{a.name}”" for a in choices)
        raise InvalidValueError(
            "purpose: this purpose does not rest on consent; use one registered as consent-based", field="purpose",
            message_nl=f"Voor dit doel kunt u geen toestemming geven. Kies een van deze doelen: {names}.")


def _as_uuid(value: UUID | str) -> UUID:
    try:
        return value if isinstance(value, UUID) else UUID(str(value))
    except ValueError:
        raise InvalidValueError("household_id: not a valid id (a UUID)", field="household_id") from None


class ClientRights:
    """The rights of inwoners over their own dossier, as services for the API, portal and CLI."""

    def __init__(self, app: Any, guard: PrivacyGuard, access_log: AccessLog) -> None:
        self.app = app
        self.guard = guard
        self.access_log = access_log

    @property
    def register(self) -> ProcessingRegister:
        return self.guard.register

    def _resource(self, section: Section, household_id: UUID | str, person_id: str | None) -> Resource:
        return Resource(section=section, household_id=_as_uuid(household_id), person_id=person_id)

    # ------------------------------------------------------------------ reads

    def _full_view(self, household_id: UUID, decision: Decision) -> dict[str, Any]:
        dossier = self.app.get_dossier(household_id)
        history = history_view(self.app.history(household_id), decision)
        disputes: dict[int, list[dict[str, Any]]] = {}
        for correction in dossier.corrections.values():
            disputes.setdefault(correction.item_version, []).append(
                {"correction_id": correction.correction_id, "status": correction.status})
        for item in history["items"]:
            if item.get("status") != "withheld" and item["version"] in disputes:
                item["correction_requests"] = disputes[item["version"]]  # the original stays, marked
        return {
            "household_id": str(household_id),
            "dossier": dossier_view(dossier, decision),
            "history": history,
        }

    def inzage(
        self, principal: Principal, household_id: UUID | str, *, person_id: str | None = None,
        channel: Channel | str = Channel.PORTAL, purpose: str = CLIENT_RIGHTS, trace_id: str | None = None,
    ) -> dict[str, Any]:
        """Everything the client is entitled to see; withheld items are marked as withheld."""
        resource = self._resource(Section.HISTORY, household_id, person_id)
        return self.guard.read(principal, Action.READ, resource, purpose, channel,
                               lambda d: self._full_view(resource.household_id, d), trace_id=trace_id)

    def export_my_data(
        self, principal: Principal, household_id: UUID | str, *, person_id: str | None = None,
        channel: Channel | str = Channel.PORTAL, purpose: str = CLIENT_RIGHTS, trace_id: str | None = None,
    ) -> dict[str, Any]:
        """A complete, machine-readable copy (JSON-ready dict) of the client's own data."""
        resource = self._resource(Section.HISTORY, household_id, person_id)

        def fetch(decision: Decision) -> dict[str, Any]:
            view = self._full_view(resource.household_id, decision)
            hidden = decision.obligations.redact_person_ids
            complaints = []
            for complaint_id in self.app.complaint_ids():
                complaint = self.app.get_complaint(complaint_id)
                if complaint.household_id == resource.household_id and complaint.complainant_person_id not in hidden:
                    complaints.append(json_ready({
                        "complaint_id": complaint.id, "complainant_person_id": complaint.complainant_person_id,
                        "stage": complaint.stage, "filed_at": complaint.filed_at, "deadline": complaint.deadline,
                        "scope_from": complaint.scope_from, "scope_until": complaint.scope_until,
                    }))
            return {
                "format": EXPORT_FORMAT, "format_version": EXPORT_FORMAT_VERSION,
                "exported_at": datetime.now(timezone.utc).isoformat(),
                "subject": person_id or principal.person_id, "rule": decision.rule,
                **view, "complaints": complaints,
            }

        return self.guard.read(principal, Action.EXPORT, resource, purpose, channel, fetch, trace_id=trace_id)

    def who_accessed_my_dossier(
        self, principal: Principal, household_id: UUID | str, *, person_id: str | None = None,
        channel: Channel | str = Channel.PORTAL, purpose: str = CLIENT_RIGHTS, trace_id: str | None = None,
    ) -> list[dict[str, Any]]:
        """The log lines about the client (and about the household as a whole), in plain words."""
        # A representative reads the lines about the person(s) they represent. Never a query without a
        # person: that would be every line in the log, of every household.
        subjects = [person_id] if person_id else [principal.person_id] if principal.person_id \
            else list(principal.represents)
        subject = subjects[0] if len(subjects) == 1 else None
        resource = self._resource(Section.ACCESS_LOG, household_id, subject)

        def fetch(decision: Decision) -> list[dict[str, Any]]:
            about_me = [s for who in subjects if who for s in self.access_log.query(person_id=who)]
            household = self.access_log.query(household_id=str(resource.household_id))
            lines = {s.position: s for s in about_me}
            for stored in household:
                if stored.entry.person_id is None:  # household-level access, not another member's data
                    lines[stored.position] = stored
            # by_you: the reader's own visits, which the portal folds into one line per day
            # by_subject: the person whose dossier it is (a child, seen by the parent who represents them)
            return [{**self.plain_line(lines[p]), "by_you": lines[p].entry.user_id == principal.user_id,
                     "by_subject": lines[p].entry.user_id in subjects and lines[p].entry.user_id != principal.user_id}
                    for p in sorted(lines)]

        return self.guard.read(principal, Action.READ, resource, purpose, channel, fetch, trace_id=trace_id)

    def plain_line(self, stored: StoredAccessLogEntry) -> dict[str, Any]:
        """One log line for a client: when, which organisation and role, which data, why, outcome."""
        entry = stored.entry
        activity = next((a for a in self.register.activities if a.reference == entry.processing_activity_id), None)
        why = activity.name if activity is not None else entry.purpose
        who = f"{ROLE_WORDS.get(entry.user_role, entry.user_role)} van {entry.organisation}"
        what = section_words(entry.section)
        did = ACTION_WORDS.get(entry.action, entry.action)
        when = entry.time.astimezone().strftime("%d-%m-%Y %H:%M") if entry.time else "onbekend"
        if entry.outcome == "permit":
            sentence = f"Op {when} heeft {who} {what} {did}. Waarom: {why}."
        else:
            sentence = f"Op {when} wilde {who} {what} inzien, maar kreeg geen toegang."
        if entry.emergency:
            sentence += " Dit was noodtoegang; die wordt achteraf gecontroleerd."
        return {
            "time": format_time(entry.time) if entry.time else None, "organisation": entry.organisation,
            "role": entry.user_role, "data": what, "action": did, "why": why, "outcome": entry.outcome,
            "emergency": entry.emergency, "sentence": sentence,
            "section": entry.section, "purpose": entry.purpose,
        }

    # ------------------------------------------------------------------ commands

    def _act(self, principal: Principal, action: Action, section: Section, household_id: UUID | str,
             person_id: str, channel: Channel | str, command: Any) -> None:
        resource = self._resource(section, household_id, person_id)
        self.guard.access(principal, action, resource, CLIENT_RIGHTS, channel, lambda _d: command(resource.household_id))

    def add_statement(self, principal: Principal, household_id: UUID | str, *, person_id: str, item_version: int,
                      text: str, channel: Channel | str = Channel.PORTAL) -> None:
        """Zienswijze: the client's own statement beside any item."""
        self._act(principal, Action.CREATE, Section.STATEMENTS, household_id, person_id, channel,
                  lambda hid: self.app.add_statement(hid, person_id=person_id, item_version=item_version, text=text,
                                                     by=attribution_for(principal, "eigen zienswijze van de inwoner", person_id)))

    def request_correction(self, principal: Principal, household_id: UUID | str, *, correction_id: str,
                           person_id: str, item_version: int, correction: str,
                           channel: Channel | str = Channel.PORTAL) -> None:
        """A correction request: the original item stays, marked as disputed."""
        self._act(principal, Action.UPDATE, Section.STATEMENTS, household_id, person_id, channel,
                  lambda hid: self.app.request_correction(
                      hid, correction_id=correction_id, person_id=person_id, item_version=item_version,
                      correction=correction, by=attribution_for(principal, "verzoek tot correctie (AVG art. 16)", person_id)))

    def grant_consent(self, principal: Principal, household_id: UUID | str, *, consent_id: str, person_id: str,
                      partner: str, purpose: str, sections: list[str], valid_until: date | str,
                      zrm_domains_shared: list[str] | None = None, channel: Channel | str = Channel.PORTAL) -> None:
        """Consent to share named sections or ZRM domains with one partner, for one registered purpose."""
        check_consent_purpose(self.register, purpose)
        self._act(principal, Action.CREATE, Section.CONSENTS, household_id, person_id, channel,
                  lambda hid: self.app.grant_consent(
                      hid, consent_id=consent_id, person_id=person_id, partner=partner, purpose=purpose,
                      sections=sections, valid_until=valid_until, zrm_domains_shared=zrm_domains_shared,
                      by=attribution_for(principal, "toestemming van de inwoner", person_id)))

    def revoke_consent(self, principal: Principal, household_id: UUID | str, *, consent_id: str, person_id: str,
                       channel: Channel | str = Channel.PORTAL) -> None:
        """Revocation takes effect at once: the next partner request is decided without it."""
        def revoke(hid: UUID) -> None:
            consent = self.app.get_dossier(hid).consents.get(consent_id)
            if consent is None or consent.person_id != person_id:
                # Same words whether the consent is someone else's or does not exist.
                raise InvalidValueError("consent_id: no consent with that id for this person", field="consent_id")
            self.app.revoke_consent(hid, consent_id=consent_id,
                                    by=attribution_for(principal, "intrekking toestemming", person_id))

        self._act(principal, Action.UPDATE, Section.CONSENTS, household_id, person_id, channel, revoke)
