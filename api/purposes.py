"""Purposes of processing: the default per role, checked against the privacy layer's register.

The register (privacy/processing_register.json, read through `privacy.register`) is the one
list of purposes; a purpose the register does not know is never used for a request.
"""

from __future__ import annotations

from api.errors import BadInput
from domain.vocabulary import Role
from privacy.model import Principal
from privacy.register import current_register
from privacy.rules import EMERGENCY_PURPOSE
DEFAULT_PURPOSE: dict[Role, str] = {
    Role.CLIENT: "client_rights",
    Role.LEGAL_REPRESENTATIVE: "client_rights",
    Role.FRONT_DESK_VOLUNTEER: "signal_intake",
    Role.SOCIAL_WORKER: "support",
    Role.CASE_DIRECTOR: "support",
    Role.PROCESS_DIRECTOR: "support",
    Role.MUNICIPAL_CONSULTANT: "decision_processing",
    Role.ADMINISTRATIVE_OFFICER: "decision_processing",
    Role.TEAM_LEAD: "team_steering",
    Role.COMPLAINT_OFFICER: "complaint_handling",
    Role.COMPLAINT_COMMISSION: "complaint_handling",
    Role.OMBUDSMAN: "complaint_handling",
    Role.PRIVACY_OFFICER: "access_log_audit",
    Role.PARTNER: "care_coordination",
}
AUTHENTICATION_PURPOSE = "access_log_audit"




def activity_id(purpose: str) -> str:
    """The register reference (`id@version`) an access-log line names for this purpose."""
    activity = current_register().activity_for(purpose)
    return activity.reference if activity is not None else "unregistered"


class UnknownPurposeError(BadInput):
    """X-Purpose names a purpose the register does not have: 400, naming the ones it has."""

    code = "purpose.unknown"

    def __init__(self, requested: str) -> None:
        register = current_register()
        choices = "; ".join(f"{p} ({register.activity_for(p).name})"  # type: ignore[union-attr]
                            for p in sorted(register.purposes))
        shown = requested if len(requested) <= 60 else requested[:60] + "…"
        super().__init__(f"Het doel in de header X-Purpose ('{shown}') staat niet in het verwerkingsregister. "
                         f"Kies een van deze doelen: {choices}. Of laat de header weg: dan geldt het "
                         "standaarddoel van uw rol.", field="X-Purpose")


def purpose_for(principal: Principal, requested: str | None = None) -> str:
    """The purpose of this request: emergency access, the registered one asked for, or the role's default.

    A purpose the register does not know is refused (400), not replaced by the default: the
    caller meant another processing than the one that would be logged."""
    requested = (requested or "").strip()
    if requested and current_register().activity_for(requested) is None:
        raise UnknownPurposeError(requested)
    if principal.is_emergency:
        return EMERGENCY_PURPOSE
    if requested:
        return requested
    return DEFAULT_PURPOSE.get(principal.role, "support")
