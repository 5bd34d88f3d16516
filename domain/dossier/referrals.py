"""Referrals and mandate: general provisions first; specialist care or a Wmo provision is
motivated by the case director and decided only by a role the mandate matrix names."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from domain.attribution import Attribution
from domain.dossier.base import DIRECTING_ROLES, DossierEvent, check_active, check_member, require_role
from domain.event_meta import EventMeta
from domain.errors import ReferralError, UnknownItemError
from domain.mandate import MandateStep, check_mandate
from domain.values import one_of, required_text
from domain.vocabulary import TEAM_PROFESSIONALS, ReferralDecision, ReferralKind, Role

if TYPE_CHECKING:
    from domain.dossier.household import HouseholdDossier


@dataclass(frozen=True)
class Referral:
    referral_id: str
    kind: str  # a ReferralKind value
    provision: str
    person_id: str | None
    status: str  # requested, granted, refused
    requested_at: datetime
    decided_at: datetime | None = None
    decided_by: str | None = None


@dataclass(frozen=True)
class MandateRefusal:
    """Someone without the mandate tried to decide; kept, never counted as a decision."""

    referral_id: str
    step: str
    actor_id: str
    actor_role: Role
    at: datetime


class ReferralRequested(DossierEvent):
    meta = EventMeta(section="referrals", label="Hulp of voorziening aangevraagd", subjects=("person_id",),
                    shows="request")
    referral_id: str
    kind: str
    provision: str
    motivation: str
    person_id: str | None

    def apply(self, d: HouseholdDossier) -> None:
        d.referrals[self.referral_id] = Referral(self.referral_id, self.kind, self.provision, self.person_id,
                                                 "requested", self.by.occurred_at)


class ReferralDecided(DossierEvent):
    meta = EventMeta(section="referrals", label="Besluit over hulp of voorziening", shows="decision")
    referral_id: str
    decision: str
    motivation: str

    def apply(self, d: HouseholdDossier) -> None:
        d.referrals[self.referral_id] = replace(d.referrals[self.referral_id], status=self.decision,
                                                decided_at=self.by.occurred_at, decided_by=self.by.actor_id)


class MandateRefusalRecorded(DossierEvent):
    """DOMAIN: 'a refused attempt is itself recorded' — as a refusal, never as a decision."""

    meta = EventMeta(section="referrals", label="Besluit geweigerd: geen mandaat", shows="decision")
    changes_dossier: ClassVar[bool] = False
    referral_id: str
    step: str

    def apply(self, d: HouseholdDossier) -> None:
        d.mandate_refusals.append(MandateRefusal(self.referral_id, self.step, self.by.actor_id, self.by.actor_role,
                                                 self.by.occurred_at))


class Referrals:
    """Commands of referral; part of `HouseholdDossier`."""

    def start_referrals(self: Any) -> None:
        self.referrals: dict[str, Referral] = {}
        self.mandate_refusals: list[MandateRefusal] = []

    def request_referral(
        self: Any, *, referral_id: str, kind: str, provision: str, motivation: str, by: Attribution,
        person_id: str | None = None,
    ) -> None:
        """General provisions first; specialist care or a Wmo provision needs the case director's motivation."""
        check_active(self, "request a referral")
        kind_value = one_of(ReferralKind, kind, "kind")
        referral_id = required_text(referral_id, "referral_id", "give the referral an id")
        if referral_id in self.referrals:
            raise ReferralError("referral_id: already used in this dossier", field="referral_id")
        if person_id is not None:
            check_member(self, person_id)
        if kind_value == ReferralKind.GENERAL_PROVISION:
            require_role(by, TEAM_PROFESSIONALS, "refer to a general provision")
        elif by.actor_id != self.case_director or by.actor_role not in DIRECTING_ROLES:
            raise ReferralError(
                "referral_rules: a referral to specialist care or a Wmo provision is motivated by "
                "this household's case director; ask them to request it"
            )
        self.trigger_event(
            ReferralRequested,
            referral_id=referral_id,
            kind=kind_value.value,
            provision=required_text(provision, "provision", "name the provision"),
            motivation=required_text(motivation, "motivation", "motivate why this provision is needed"),
            person_id=person_id,
            by=by,
        )

    def check_referral_decision(self: Any, *, referral_id: str, decision: str, by: Attribution) -> ReferralKind:
        """Every rule of a decision except the mandate; returns the referral's kind."""
        check_active(self, "decide a referral")
        referral = self.referrals.get(referral_id)
        if referral is None:
            raise UnknownItemError("referral_id: no referral with that id in this dossier", field="referral_id")
        if referral.status != "requested":
            raise ReferralError("referral_id: this referral was already decided", field="referral_id")
        one_of(ReferralDecision, decision, "decision")
        return ReferralKind(referral.kind)

    def decide_referral(self: Any, *, referral_id: str, decision: str, motivation: str, by: Attribution) -> None:
        """Granted or refused, only by a role the mandate matrix names for the decision."""
        kind = self.check_referral_decision(referral_id=referral_id, decision=decision, by=by)
        check_mandate(by.actor_role, kind, MandateStep.DECISION)
        self.trigger_event(
            ReferralDecided,
            referral_id=referral_id,
            decision=ReferralDecision(decision).value,
            motivation=required_text(motivation, "motivation", "motivate the decision"),
            by=by,
        )

    def record_mandate_refusal(self: Any, *, referral_id: str, step: str, by: Attribution) -> None:
        """DOMAIN: 'a refused attempt is itself recorded' — as a refusal, never as a decision."""
        self.trigger_event(MandateRefusalRecorded, referral_id=referral_id, step=step, by=by)

    def open_referral_ids(self: Any) -> list[str]:
        return [r for r, referral in self.referrals.items() if referral.status == "requested"]


EVENTS = (ReferralRequested, ReferralDecided, MandateRefusalRecorded)
