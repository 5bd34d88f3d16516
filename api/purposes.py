"""Purposes of processing and the register entries they point to (privacy/processing_register.json)."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from domain.vocabulary import Role
from privacy.model import Principal

REGISTER_FILE = Path(__file__).resolve().parent.parent / "privacy" / "processing_register.json"

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


@lru_cache(maxsize=1)
def activities() -> dict[str, str]:
    """purpose → processing activity id, from the register's latest version."""
    register = json.loads(REGISTER_FILE.read_text(encoding="utf-8"))
    latest = max(register["versions"], key=lambda v: v["version"])
    return {a["purpose"]: a["id"] for a in latest["activities"]}


def activity_id(purpose: str) -> str:
    return activities().get(purpose, "wd-onbekend")


def purpose_for(principal: Principal, requested: str | None = None) -> str:
    """The purpose of this request: the one asked for (if registered), emergency access, or the role's default."""
    if principal.is_emergency:
        return "emergency_access"
    if requested and requested in activities():
        return requested
    return DEFAULT_PURPOSE.get(principal.role, "support")
