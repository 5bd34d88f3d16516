"""The plan (Plan van Aanpak): versions, the client's agreement, actions done or cancelled."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from api.commanding import Reasoned, on_household
from api.context import Ctx
from api.routers.base import new_router
from api.routers.sections import read_section
from api.views import ActionsView, CommandResult, PlanVersionsView, SectionView
from domain.values import limit_of
from domain.vocabulary import ActionOwnerKind
from privacy.model import Action, Section

router = new_router("plan")

ShortText = Field(min_length=1, max_length=limit_of("plan_text"))


class GoalIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    goal_id: str | None = Field(default=None, max_length=limit_of("goal_id"))
    text: str = ShortText
    member_ids: list[str] = Field(default_factory=list, max_length=20)


class PlanActionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    action_id: str | None = Field(default=None, max_length=limit_of("action_id"))
    description: str = ShortText
    owner_kind: ActionOwnerKind
    owner_name: str = Field(min_length=1, max_length=200)
    due_on: date
    goal_id: str | None = Field(default=None, max_length=limit_of("goal_id"))


class PlanIn(Reasoned):
    problems: list[str] = Field(min_length=1, max_length=30)
    goals: list[GoalIn] = Field(min_length=1, max_length=30)
    results: list[str] = Field(default_factory=list, max_length=30)
    solutions: list[str] = Field(default_factory=list, max_length=30)
    actions: list[PlanActionIn] = Field(min_length=1, max_length=100)


class AgreementIn(Reasoned):
    person_id: str = Field(min_length=1, max_length=100)


@router.get("/households/{household_id}/plan", response_model=PlanVersionsView, summary="Read every plan version (the last is current)")
def list_plan_versions(household_id: UUID, ctx: Ctx) -> SectionView:
    return read_section(ctx, household_id, Section.PLAN)


@router.get("/households/{household_id}/actions", response_model=ActionsView, summary="Read the plan's actions and their status")
def list_actions(household_id: UUID, ctx: Ctx) -> SectionView:
    return read_section(ctx, household_id, Section.PLAN, items="actions")


@router.post("/households/{household_id}/plan-versions", response_model=CommandResult, summary="Adopt a new plan version")
def adopt_plan_version(household_id: UUID, body: PlanIn, ctx: Ctx) -> CommandResult:
    plan = body.model_dump(exclude={"reason", "occurred_at"}, mode="json")
    return on_household(ctx, household_id, Section.PLAN, lambda by: ctx.dossiers.adopt_plan_version(
        household_id, plan=plan, by=by), body, action=Action.CREATE)


@router.post("/households/{household_id}/plan-versions/{plan_version}/agreement", response_model=CommandResult, summary="Agree to a plan version as client or representative")
def agree_to_plan(household_id: UUID, plan_version: int, body: AgreementIn, ctx: Ctx) -> CommandResult:
    return on_household(ctx, household_id, Section.PLAN, lambda by: ctx.dossiers.agree_to_plan(
        household_id, plan_version=plan_version, person_id=body.person_id, by=by), body, person_id=body.person_id)


@router.post("/households/{household_id}/actions/{action_id}/complete", response_model=CommandResult, summary="Mark a plan action as done")
def complete_action(household_id: UUID, action_id: str, body: Reasoned, ctx: Ctx) -> CommandResult:
    return on_household(ctx, household_id, Section.PLAN, lambda by: ctx.dossiers.complete_action(
        household_id, action_id=action_id, by=by), body)


@router.post("/households/{household_id}/actions/{action_id}/cancel", response_model=CommandResult, summary="Cancel a plan action")
def cancel_action(household_id: UUID, action_id: str, body: Reasoned, ctx: Ctx) -> CommandResult:
    return on_household(ctx, household_id, Section.PLAN, lambda by: ctx.dossiers.cancel_action(
        household_id, action_id=action_id, by=by), body)
