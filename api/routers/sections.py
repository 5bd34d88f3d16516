"""Reading one section of one household through the privacy path."""

from __future__ import annotations

from uuid import UUID

from api.context import RequestContext
from api.reading import read
from api.views import SectionView, section_view
from privacy.model import Action, Resource, Section


def read_section(ctx: RequestContext, household_id: UUID, section: Section, items: str | None = None) -> SectionView:
    """Decide on `section`, log, then return its items (`items` names the item list when it differs)."""
    def fetch(decision):  # type: ignore[no-untyped-def]
        dossier = ctx.dossiers.get_dossier(household_id)
        return section_view(dossier, items or section.value, decision.obligations, obligation_section=section.value)
    return read(ctx, Action.READ, Resource(section=section, household_id=household_id), fetch)
