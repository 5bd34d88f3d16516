"""Household members."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import Field

from api.commanding import Reasoned, on_household
from api.context import Ctx
from api.routers.base import new_router
from api.routers.sections import read_section
from api.views import CommandResult, MembersView, SectionView
from domain.vocabulary import Relation
from privacy.model import Action, Section

router = new_router("leden")


class MemberIn(Reasoned):
    person_id: str = Field(min_length=1, max_length=100)
    name: str = Field(min_length=1, max_length=200)
    date_of_birth: date
    relation: Relation


@router.get("/households/{household_id}/members", response_model=MembersView, summary="Read the household's members")
def list_members(household_id: UUID, ctx: Ctx) -> SectionView:
    return read_section(ctx, household_id, Section.MEMBERS)


@router.post("/households/{household_id}/members", response_model=CommandResult, summary="Add a member to the household")
def add_member(household_id: UUID, body: MemberIn, ctx: Ctx) -> CommandResult:
    return on_household(ctx, household_id, Section.MEMBERS, lambda by: ctx.dossiers.add_member(
        household_id, person_id=body.person_id, name=body.name, date_of_birth=body.date_of_birth,
        relation=body.relation.value, by=by), body, action=Action.CREATE, person_id=body.person_id)


@router.post("/households/{household_id}/members/{person_id}/left", response_model=CommandResult, summary="Record that a member left the household")
def member_left(household_id: UUID, person_id: str, body: Reasoned, ctx: Ctx) -> CommandResult:
    return on_household(ctx, household_id, Section.MEMBERS, lambda by: ctx.dossiers.record_member_left(
        household_id, person_id=person_id, by=by), body, person_id=person_id)
