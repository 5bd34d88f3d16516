"""What leaves the API about a dossier: plain values per section, with the decision's obligations applied.

Redacted persons' items are left out; items withheld from the reader are replaced by a marker
(`{"withheld": true, "version": n}`) so the reader knows something is there but not what.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field


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
