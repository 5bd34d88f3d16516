"""Evaluation, monitoring (waakvlam), reopening after relapse, closure."""

from __future__ import annotations

from datetime import date
from typing import Literal
from uuid import UUID

from pydantic import Field

from api.commanding import Reasoned, on_household
from api.context import Ctx
from api.routers.base import new_router
from api.routers.sections import read_section
from api.views import CommandResult, EvaluationsView, SectionView
from privacy.model import Action, Section

router = new_router("evaluatie en afsluiting")


class EvaluationIn(Reasoned):
    goal_outcomes: dict[str, Literal["met", "partly_met", "not_met"]]
    summary: str = Field(min_length=1, max_length=5000)
    zrm_after: dict[str, dict[str, int]] | None = None
    ladder_after: dict[str, int] | None = None


class MonitoringIn(Reasoned):
    next_check_on: date


class MonitoringCheckIn(Reasoned):
    all_well: bool
    next_check_on: date


class ReopenIn(Reasoned):
    case_director_id: str | None = Field(default=None, max_length=100)


@router.get("/households/{household_id}/evaluations", response_model=EvaluationsView, summary="Read the evaluations")
def list_evaluations(household_id: UUID, ctx: Ctx) -> SectionView:
    return read_section(ctx, household_id, Section.EVALUATION)


@router.post("/households/{household_id}/evaluations", response_model=CommandResult, summary="Record an evaluation: goals met, ZRM and ladder after")
def record_evaluation(household_id: UUID, body: EvaluationIn, ctx: Ctx) -> CommandResult:
    return on_household(ctx, household_id, Section.EVALUATION, lambda by: ctx.dossiers.record_evaluation(
        household_id, goal_outcomes=dict(body.goal_outcomes), summary=body.summary, zrm_after=body.zrm_after,
        ladder_after=body.ladder_after, by=by), body, action=Action.CREATE)


@router.post("/households/{household_id}/monitoring", response_model=CommandResult, summary="Start monitoring (waakvlam)")
def start_monitoring(household_id: UUID, body: MonitoringIn, ctx: Ctx) -> CommandResult:
    return on_household(ctx, household_id, Section.EVALUATION, lambda by: ctx.dossiers.start_monitoring(
        household_id, next_check_on=body.next_check_on, by=by), body)


@router.post("/households/{household_id}/monitoring/checks", response_model=CommandResult, summary="Record a monitoring check")
def record_monitoring_check(household_id: UUID, body: MonitoringCheckIn, ctx: Ctx) -> CommandResult:
    return on_household(ctx, household_id, Section.EVALUATION, lambda by: ctx.dossiers.record_monitoring_check(
        household_id, all_well=body.all_well, next_check_on=body.next_check_on, by=by), body)


@router.post("/households/{household_id}/reopen", response_model=CommandResult, summary="Reopen support after a relapse")
def reopen(household_id: UUID, body: ReopenIn, ctx: Ctx) -> CommandResult:
    return on_household(ctx, household_id, Section.OVERVIEW, lambda by: ctx.dossiers.reopen_after_relapse(
        household_id, case_director_id=body.case_director_id, by=by), body)


@router.post("/households/{household_id}/close", response_model=CommandResult, summary="Close the dossier")
def close(household_id: UUID, body: Reasoned, ctx: Ctx) -> CommandResult:
    return on_household(ctx, household_id, Section.OVERVIEW, lambda by: ctx.dossiers.close_dossier(
        household_id, by=by), body)
