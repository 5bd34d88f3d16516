"""Freedom of choice: a request for another worker and its outcome."""

from __future__ import annotations

from uuid import UUID

from pydantic import Field

from api.commanding import Reasoned, on_household
from api.context import Ctx
from api.routers.base import new_router
from api.routers.sections import read_section
from api.views import CommandResult, SectionView, WorkerChangeRequestsView
from privacy.model import Action, Section

router = new_router("keuzevrijheid")


class WorkerChangeRequestIn(Reasoned):
    request_id: str = Field(min_length=1, max_length=100)
    person_id: str = Field(min_length=1, max_length=100)
    motivation: str = Field(min_length=1, max_length=5000)


class WorkerChangeDecisionIn(Reasoned):
    granted: bool
    explanation: str = Field(min_length=1, max_length=5000)
    new_worker_id: str | None = Field(default=None, max_length=100)


@router.get("/households/{household_id}/worker-change-requests", response_model=WorkerChangeRequestsView, summary="Read requests for another worker")
def list_requests(household_id: UUID, ctx: Ctx) -> SectionView:
    return read_section(ctx, household_id, Section.OVERVIEW, items="worker_change")


@router.post("/households/{household_id}/worker-change-requests", response_model=CommandResult, summary="Ask for another worker (client or representative)")
def request_other_worker(household_id: UUID, body: WorkerChangeRequestIn, ctx: Ctx) -> CommandResult:
    return on_household(ctx, household_id, Section.OVERVIEW, lambda by: ctx.dossiers.request_other_worker(
        household_id, request_id=body.request_id, person_id=body.person_id, motivation=body.motivation, by=by),
        body, action=Action.CREATE, person_id=body.person_id)


@router.post("/households/{household_id}/worker-change-requests/{request_id}/decision", response_model=CommandResult, summary="Decide a request for another worker")
def decide_worker_change(household_id: UUID, request_id: str, body: WorkerChangeDecisionIn, ctx: Ctx) -> CommandResult:
    return on_household(ctx, household_id, Section.OVERVIEW, lambda by: ctx.dossiers.decide_worker_change(
        household_id, request_id=request_id, granted=body.granted, explanation=body.explanation,
        new_worker_id=body.new_worker_id, by=by), body)
