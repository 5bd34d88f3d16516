"""Reading one section of one household through the privacy path."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from api.context import RequestContext
from api.reading import read
from api.views import SectionView
from privacy.model import Action, Decision, Resource, Section
from privacy.redaction import section_items_view


def dossier_for(ctx: RequestContext, household_id: UUID, decision: Decision) -> Any:
    """The dossier now, or, for a reviewer whose scope ends at a date, as it stood then."""
    until = decision.obligations.history_until
    if until is None:
        return ctx.dossiers.get_dossier(household_id)
    return ctx.dossiers.get_dossier_as_occurred(household_id, until)


def read_section(ctx: RequestContext, household_id: UUID, section: Section, items: str | None = None) -> SectionView:
    """Decide on `section`, log, then return its items (`items` names an item list decided under it)."""
    def fetch(decision: Decision) -> SectionView:
        dossier = dossier_for(ctx, household_id, decision)
        view = section_items_view(dossier, decision, section, items)
        return SectionView(household_id=str(household_id), section=items or section.value, version=dossier.version,
                           items=view["items"], withheld_section=view["withheld_section"])
    return read(ctx, Action.READ, Resource(section=section, household_id=household_id), fetch)
