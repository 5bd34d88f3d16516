"""Direction: case director assignment and handover, take-over, tandem workers and tandems, warm handover."""

from __future__ import annotations

from uuid import UUID

from pydantic import Field

from api.commanding import Reasoned, on_household
from api.context import Ctx
from api.routers.base import new_router
from api.views import CommandResult
from domain.values import limit_of
from privacy.model import Section

router = new_router("regie")

WorkerId = Field(min_length=1, max_length=100)


class WorkerIn(Reasoned):
    worker_id: str = WorkerId


class HandoverIn(Reasoned):
    to_worker_id: str = WorkerId
    warm: bool = True


class TandemIn(Reasoned):
    tandem_id: str = Field(min_length=1, max_length=100)
    organisation: str = Field(min_length=1, max_length=200)
    service: str = Field(min_length=1, max_length=limit_of("service"))


class WarmHandoverIn(Reasoned):
    organisation: str = Field(min_length=1, max_length=200)
    summary: str = Field(min_length=1, max_length=5000)


@router.post("/households/{household_id}/case-director", response_model=CommandResult, summary="Assign the first case director")
def assign_case_director(household_id: UUID, body: WorkerIn, ctx: Ctx) -> CommandResult:
    return on_household(ctx, household_id, Section.OVERVIEW, lambda by: ctx.dossiers.assign_case_director(
        household_id, worker_id=body.worker_id, by=by), body)


@router.post("/households/{household_id}/handover", response_model=CommandResult, summary="Hand direction over to another case director")
def hand_over(household_id: UUID, body: HandoverIn, ctx: Ctx) -> CommandResult:
    return on_household(ctx, household_id, Section.OVERVIEW, lambda by: ctx.dossiers.hand_over_case_director(
        household_id, to_worker_id=body.to_worker_id, warm=body.warm, by=by), body)


@router.post("/households/{household_id}/take-over", response_model=CommandResult, summary="Take over a stuck case as process director")
def take_over(household_id: UUID, body: Reasoned, ctx: Ctx) -> CommandResult:
    return on_household(ctx, household_id, Section.OVERVIEW, lambda by: ctx.dossiers.take_over_by_process_director(
        household_id, by=by), body)


@router.post("/households/{household_id}/tandem-workers", response_model=CommandResult, summary="Add a tandem worker beside the case director")
def assign_tandem_worker(household_id: UUID, body: WorkerIn, ctx: Ctx) -> CommandResult:
    return on_household(ctx, household_id, Section.OVERVIEW, lambda by: ctx.dossiers.assign_tandem_worker(
        household_id, worker_id=body.worker_id, by=by), body)


@router.post("/households/{household_id}/tandem-workers/{worker_id}/release", response_model=CommandResult, summary="Release a tandem worker")
def release_tandem_worker(household_id: UUID, worker_id: str, body: Reasoned, ctx: Ctx) -> CommandResult:
    return on_household(ctx, household_id, Section.OVERVIEW, lambda by: ctx.dossiers.release_tandem_worker(
        household_id, worker_id=worker_id, by=by), body)


@router.post("/households/{household_id}/tandems", response_model=CommandResult, summary="Start a tandem with another organisation")
def start_tandem(household_id: UUID, body: TandemIn, ctx: Ctx) -> CommandResult:
    return on_household(ctx, household_id, Section.REFERRALS, lambda by: ctx.dossiers.start_tandem(
        household_id, tandem_id=body.tandem_id, organisation=body.organisation, service=body.service, by=by), body)


@router.post("/households/{household_id}/tandems/{tandem_id}/end", response_model=CommandResult, summary="End a tandem")
def end_tandem(household_id: UUID, tandem_id: str, body: Reasoned, ctx: Ctx) -> CommandResult:
    return on_household(ctx, household_id, Section.REFERRALS, lambda by: ctx.dossiers.end_tandem(
        household_id, tandem_id=tandem_id, by=by), body)


@router.post("/households/{household_id}/warm-handovers", response_model=CommandResult, summary="Record a warm handover to another organisation")
def warm_handover(household_id: UUID, body: WarmHandoverIn, ctx: Ctx) -> CommandResult:
    return on_household(ctx, household_id, Section.REFERRALS, lambda by: ctx.dossiers.record_warm_handover(
        household_id, organisation=body.organisation, summary=body.summary, by=by), body)
