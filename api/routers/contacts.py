"""Contacts and contact attempts (the first one counts for the 2-day term)."""

from __future__ import annotations

from uuid import UUID

from pydantic import Field

from api.commanding import Reasoned, on_household
from api.context import Ctx
from api.routers.base import new_router
from api.routers.sections import read_section
from api.views import CommandResult, ContactsView, SectionView
from domain.vocabulary import ContactKind, ContactOutcome
from domain.values import limit_of
from privacy.model import Action, Section

router = new_router("contacten")


class ContactIn(Reasoned):
    kind: ContactKind
    outcome: ContactOutcome = ContactOutcome.REACHED
    with_person_ids: list[str] = Field(default_factory=list, max_length=20)
    note: str = Field(default="", max_length=limit_of("note"))


@router.get("/households/{household_id}/contacts", response_model=ContactsView, summary="Read the contacts")
def list_contacts(household_id: UUID, ctx: Ctx) -> SectionView:
    return read_section(ctx, household_id, Section.CONTACTS)


@router.post("/households/{household_id}/contacts", response_model=CommandResult, summary="Record a contact or contact attempt")
def record_contact(household_id: UUID, body: ContactIn, ctx: Ctx) -> CommandResult:
    return on_household(ctx, household_id, Section.CONTACTS, lambda by: ctx.dossiers.record_contact(
        household_id, kind=body.kind.value, outcome=body.outcome.value, with_person_ids=body.with_person_ids,
        note=body.note, by=by), body, action=Action.CREATE)
