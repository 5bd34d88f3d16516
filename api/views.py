"""What leaves the API about a dossier: plain values per section, with the decision's obligations applied.

Redacted persons' items are left out; items withheld from the reader are replaced by a marker
(`{"withheld": true, "version": n}`) so the reader knows something is there but not what.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field

from privacy.model import Obligations


class OverviewView(BaseModel):
    """Phase, team and who directs: no personal content."""

    household_id: str
    version: int
    phase: str
    team: str
    case_director: str | None = None
    process_director: str | None = None
    tandem_workers: list[str] = Field(default_factory=list)
    opened_at: datetime | None = None
    closed_at: datetime | None = None
    first_contact_within_term: bool | None = None
    zrm_version: str
    erased: bool = False


class SectionView(BaseModel):
    """One section of a dossier as the reader may see it."""

    household_id: str
    section: str
    version: int
    items: list[dict[str, Any]]
    withheld_section: bool = False


class CommandResult(BaseModel):
    """A command was accepted and stored."""

    household_id: str | None = None
    complaint_id: str | None = None
    version: int | None = None
    plan_version: int | None = None
    status: str = "opgeslagen"


def overview(dossier: Any) -> OverviewView:
    return OverviewView(
        household_id=str(dossier.id), version=dossier.version, phase=str(dossier.phase), team=dossier.team,
        case_director=dossier.case_director, process_director=dossier.process_director,
        tandem_workers=sorted(dossier.tandem_workers), opened_at=dossier.opened_at, closed_at=dossier.closed_at,
        first_contact_within_term=dossier.first_contact_within_term, zrm_version=dossier.zrm_version,
        erased=bool(getattr(dossier, "erased", False)),
    )


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_plain(v) for v in value]
        return sorted(items, key=str) if isinstance(value, (set, frozenset)) else items
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if hasattr(value, "value") and isinstance(getattr(value, "value"), str):
        return value.value
    return value


def _persons_of(item: dict[str, Any]) -> set[str]:
    persons = set()
    if item.get("person_id"):
        persons.add(item["person_id"])
    persons |= set(item.get("with_person_ids") or [])
    return persons


def _visible(item: dict[str, Any], obligations: Obligations) -> bool:
    persons = _persons_of(item)
    # an item only about redacted persons is left out; a shared item (a contact with several) stays
    return not persons or not persons <= set(obligations.redact_person_ids)


def section_items(dossier: Any, section: str) -> list[dict[str, Any]]:
    """The raw items of one section (before obligations)."""
    if section == "members":
        return [dict(m) for m in dossier.members.values()]
    if section == "signals":
        return [dict(s, version=None) for s in dossier.signals]
    if section == "contacts":
        return [dict(c) for c in dossier.contacts]
    if section == "zrm":
        return [dict(a) for a in dossier.assessments]
    if section == "participation":
        return [dict(entry) for entry in dossier.ladder]
    if section == "child_safety":
        return [dict(c) for c in dossier.child_safety]
    if section == "plan":
        return [dict(p) for p in dossier.plan_versions]
    if section == "actions":
        return [dict(a, action_id=k) for k, a in dossier.actions.items()]
    if section == "referrals":
        return [dict(r) for r in dossier.referrals.values()]
    if section == "evaluation":
        return [dict(e) for e in dossier.evaluations]
    if section == "consents":
        return [dict(c) for c in dossier.consents.values()] + [dict(d, kind="legal_duty") for d in dossier.legal_duties.values()]
    if section == "statements":
        return ([dict(s, kind="statement") for s in dossier.statements]
                + [dict(c, kind="correction") for c in dossier.corrections.values()])
    if section == "worker_change":
        return [dict(w) for w in dossier.worker_change_requests.values()]
    if section == "withholdings":
        return [dict(w) for w in dossier.withholdings.values()]
    raise ValueError(f"section_items: unknown section {section!r}")


def section_view(dossier: Any, section: str, obligations: Obligations, *, obligation_section: str | None = None) -> SectionView:
    """One section with redaction and withholding applied."""
    if (obligation_section or section) in obligations.withheld_sections:
        return SectionView(household_id=str(dossier.id), section=section, version=dossier.version, items=[],
                           withheld_section=True)
    items = []
    for item in section_items(dossier, section):
        if not _visible(item, obligations):
            continue
        if section == "members" and item["person_id"] in obligations.redact_person_ids:
            continue
        version = item.get("version")
        if version is not None and version in obligations.withheld_item_versions:
            items.append({"withheld": True, "version": version})
            continue
        items.append(_plain(item))
    return SectionView(household_id=str(dossier.id), section=section, version=dossier.version, items=items)


def event_view(stored: Any) -> dict[str, Any]:
    """One history event: what happened, when recorded, by whom and why (payload fields included)."""
    by = getattr(stored, "by", None)
    payload = {k: _plain(v) for k, v in vars(stored).items()
               if k not in ("originator_id", "originator_version", "timestamp", "by", "originator_topic")}
    return {
        "type": type(stored).__qualname__.split(".")[-1],
        "version": stored.originator_version,
        "recorded_at": stored.timestamp.isoformat(),
        "by": by.as_dict() if by is not None else None,
        "data": payload,
    }
