"""Purposes of processing: the default per role, checked against the privacy layer's register.

The register (privacy/processing_register.json, read through `privacy.register`) is the one
list of purposes; a purpose the register does not know is never used for a request.
"""

from __future__ import annotations

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


def purpose_for(principal: Principal, requested: str | None = None) -> str:
    """The purpose of this request: emergency access, the registered one asked for, or the role's default."""
    if principal.is_emergency:
        return EMERGENCY_PURPOSE
    if requested and current_register().activity_for(requested) is not None:
        return requested
    return DEFAULT_PURPOSE.get(principal.role, "support")
