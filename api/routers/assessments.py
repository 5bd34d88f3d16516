"""Assessments: ZRM per member, participation ladder, child safety (Meldcode)."""

from __future__ import annotations

from uuid import UUID

from pydantic import Field

from api.commanding import Reasoned, on_household
from api.context import Ctx
from api.routers.base import new_router
from api.routers.sections import read_section
from api.views import ChildSafetyView, CommandResult, LadderView, SectionView, ZrmView
from domain.vocabulary import ChildSafetyOutcome
from privacy.model import Action, Section

router = new_router("beoordeling")


class ZrmIn(Reasoned):
    person_id: str = Field(min_length=1, max_length=100)
    scores: dict[str, int] = Field(description="Elk domein van de ZRM met een niveau 1-5")


class LadderIn(Reasoned):
    person_id: str = Field(min_length=1, max_length=100)
    level: int = Field(ge=1, le=6)


class ChildSafetyIn(Reasoned):
    meldcode_step: int = Field(ge=1, le=5)
    outcome: ChildSafetyOutcome
    summary: str = Field(min_length=1, max_length=5000)


@router.get("/households/{household_id}/zrm", response_model=ZrmView, summary="Read the ZRM assessments")
def list_zrm(household_id: UUID, ctx: Ctx) -> SectionView:
    return read_section(ctx, household_id, Section.ZRM)


@router.post("/households/{household_id}/zrm", response_model=CommandResult, summary="Score the ZRM for one member")
def assess_zrm(household_id: UUID, body: ZrmIn, ctx: Ctx) -> CommandResult:
    return on_household(ctx, household_id, Section.ZRM, lambda by: ctx.dossiers.assess_zrm(
        household_id, person_id=body.person_id, scores=body.scores, by=by), body, action=Action.CREATE,
        person_id=body.person_id)


@router.get("/households/{household_id}/ladder", response_model=LadderView, summary="Read the participation ladder placements")
def list_ladder(household_id: UUID, ctx: Ctx) -> SectionView:
    return read_section(ctx, household_id, Section.PARTICIPATION)


@router.post("/households/{household_id}/ladder", response_model=CommandResult, summary="Place a member on the participation ladder")
def assess_participation(household_id: UUID, body: LadderIn, ctx: Ctx) -> CommandResult:
    return on_household(ctx, household_id, Section.PARTICIPATION, lambda by: ctx.dossiers.assess_participation(
        household_id, person_id=body.person_id, level=body.level, by=by), body, action=Action.CREATE,
        person_id=body.person_id)


@router.get("/households/{household_id}/child-safety", response_model=ChildSafetyView, summary="Read the child-safety assessments")
def list_child_safety(household_id: UUID, ctx: Ctx) -> SectionView:
    return read_section(ctx, household_id, Section.CHILD_SAFETY)


@router.post("/households/{household_id}/child-safety", response_model=CommandResult, summary="Record a child-safety assessment step")
def assess_child_safety(household_id: UUID, body: ChildSafetyIn, ctx: Ctx) -> CommandResult:
    return on_household(ctx, household_id, Section.CHILD_SAFETY, lambda by: ctx.dossiers.assess_child_safety(
        household_id, meldcode_step=body.meldcode_step, outcome=body.outcome.value, summary=body.summary, by=by),
        body, action=Action.CREATE)
