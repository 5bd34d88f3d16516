"""Complaints about conduct: filing, routes, mediation, commission, decision, ombudsman."""

from __future__ import annotations

import functools
from datetime import date, datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, Field

from api.commanding import Reasoned, attribution, exactly_once, on_complaint
from api.context import Ctx, RequestContext
from api.errors import AccessDenied
from api.reading import authorise, read
from api.paging import Cursor, Limit, PageLinks, page
from api.routers.base import new_router
from api.views import CommandResult
from domain.errors import ComplaintNotFoundError
from domain.vocabulary import ComplaintRoute, ComplaintSubject
from domain.values import limit_of
from privacy.model import Action, Resource, Section

router = new_router("klachten")


class ComplaintIn(Reasoned):
    household_id: UUID
    complainant_person_id: str = Field(min_length=1, max_length=100)
    about_worker_id: str = Field(min_length=1, max_length=100)
    subject: ComplaintSubject
    description: str = Field(min_length=1, max_length=10000)
    scope_from: date | None = None
    scope_until: date | None = None


class ComplaintView(BaseModel):
    complaint_id: str
    household_id: str
    complainant_person_id: str
    about_worker_id: str
    stage: str
    route: str | None = None
    filed_at: datetime | None = None
    deadline: datetime | None = None
    extended: bool = False
    scope_from: date | None = None
    scope_until: date | None = None
    version: int


class ComplaintSummary(BaseModel):
    """One complaint as the complaints read model holds it: stage and term, no texts, no complainant."""

    complaint_id: str
    household_id: str
    team: str | None = None
    about_worker_id: str
    stage: str
    route: str | None = None
    deadline: str | None = None
    days_left: int | None = None
    overdue: bool = False
    held_by: str


class ComplaintList(BaseModel):
    """One page of the complaints the caller may see, in id order (api.paging)."""

    complaints: list[ComplaintSummary]
    links: PageLinks = Field(serialization_alias="_links")


class AcknowledgeIn(Reasoned):
    contact_kind: str = Field(min_length=1, max_length=limit_of("contact_kind"), examples=["phone"])


class RouteIn(Reasoned):
    route: ComplaintRoute


class MediationIn(Reasoned):
    resolved: bool
    summary: str = Field(min_length=1, max_length=5000)


class CommissionIn(Reasoned):
    commission_id: str = Field(min_length=1, max_length=100)


class AdviceIn(Reasoned):
    well_founded: bool
    advice: str = Field(min_length=1, max_length=10000)


class ExtendIn(Reasoned):
    notice: str = Field(min_length=1, max_length=5000)


class DecisionIn(Reasoned):
    well_founded: bool
    decision: str = Field(min_length=1, max_length=10000)


class OmbudsmanIn(Reasoned):
    ombudsman_id: str = Field(min_length=1, max_length=100)


def complaint_view(complaint) -> ComplaintView:  # type: ignore[no-untyped-def]
    def attr(name):  # type: ignore[no-untyped-def]
        value = getattr(complaint, name, None)
        return getattr(value, "value", value)
    return ComplaintView(
        complaint_id=str(complaint.id), household_id=str(complaint.household_id),
        complainant_person_id=complaint.complainant_person_id, about_worker_id=complaint.about_worker_id,
        stage=str(attr("stage")), route=attr("route"), filed_at=attr("filed_at"), deadline=attr("deadline"),
        extended=bool(attr("extended")), scope_from=attr("scope_from"), scope_until=attr("scope_until"),
        version=complaint.version,
    )


def read_complaint(ctx: RequestContext, complaint_id: UUID) -> ComplaintView:
    """One complaint, decided on its household (the guard finds it); an unknown id is denied like a refused one."""
    def fetch(decision):  # type: ignore[no-untyped-def]
        try:
            return complaint_view(ctx.dossiers.get_complaint(complaint_id))
        except ComplaintNotFoundError:
            return None
    view = read(ctx, Action.READ, Resource(section=Section.COMPLAINTS, complaint_id=complaint_id), fetch)
    if view is None:
        raise AccessDenied()
    return view


@router.post("/complaints", status_code=201, response_model=CommandResult, summary="File a complaint about a worker's conduct")
def file_complaint(body: ComplaintIn, ctx: Ctx) -> CommandResult:
    authorise(ctx, Action.CREATE, Resource(section=Section.COMPLAINTS, household_id=body.household_id,
                                           person_id=body.complainant_person_id))
    def run(write: Any) -> dict[str, Any]:
        complaint_id = ctx.dossiers.file_complaint(
            household_id=body.household_id, complainant_person_id=body.complainant_person_id,
            about_worker_id=body.about_worker_id, subject=body.subject.value, description=body.description,
            scope_from=body.scope_from, scope_until=body.scope_until,
            by=attribution(ctx, body, body.complainant_person_id))
        return CommandResult(complaint_id=str(complaint_id), household_id=str(body.household_id),
                             version=write.version_of(complaint_id)).model_dump()

    def rebuild(stored: Any) -> dict[str, Any]:  # the new complaint is the aggregate that is not the household
        complaint_id, version = next((o, v) for o, v in stored.written if o != str(body.household_id))
        return CommandResult(complaint_id=complaint_id, household_id=str(body.household_id),
                             version=version).model_dump()

    return CommandResult(**exactly_once(ctx, body, run, rebuild))


@router.get("/complaints", response_model=ComplaintList, summary="List the complaints the caller may see")
def list_complaints(ctx: Ctx, limit: Limit = 50, cursor: Cursor = None) -> ComplaintList:
    @functools.cache  # once per request: the line names the members of the page, then the page is sent
    def on_page() -> Any:
        return page(ctx.views["complaints"].complaints(), lambda row: str(row["complaint_id"]), limit, cursor,
                    ctx.request)

    def members(decision: Any) -> list[str]:
        # A complaint is about its household: the line names the members of the households on the page.
        caseload = ctx.views["caseload"]
        return [p for row in on_page()[0] for p in caseload.members_of(str(row["household_id"]))]

    def fetch(decision):  # type: ignore[no-untyped-def]
        rows, links = on_page()
        return ComplaintList(complaints=[ComplaintSummary(**{k: row[k] for k in ComplaintSummary.model_fields})
                                         for row in rows], links=links)
    return read(ctx, Action.SEARCH, Resource(section=Section.COMPLAINTS), fetch, subjects=members)


@router.get("/complaints/{complaint_id}", response_model=ComplaintView, summary="Read one complaint and its scope")
def get_complaint(complaint_id: UUID, ctx: Ctx) -> ComplaintView:
    return read_complaint(ctx, complaint_id)


@router.post("/complaints/{complaint_id}/acknowledge", response_model=CommandResult, summary="Acknowledge receipt (contact right after filing)")
def acknowledge(complaint_id: UUID, body: AcknowledgeIn, ctx: Ctx) -> CommandResult:
    return on_complaint(ctx, complaint_id, lambda by: ctx.dossiers.acknowledge_complaint(
        complaint_id, contact_kind=body.contact_kind, by=by), body)


@router.post("/complaints/{complaint_id}/route", response_model=CommandResult, summary="Choose the route: intake, mediation or commission")
def choose_route(complaint_id: UUID, body: RouteIn, ctx: Ctx) -> CommandResult:
    return on_complaint(ctx, complaint_id, lambda by: ctx.dossiers.choose_complaint_route(
        complaint_id, route=body.route.value, by=by), body)


@router.post("/complaints/{complaint_id}/mediation-outcome", response_model=CommandResult, summary="Record the outcome of intake or mediation")
def conclude_mediation(complaint_id: UUID, body: MediationIn, ctx: Ctx) -> CommandResult:
    return on_complaint(ctx, complaint_id, lambda by: ctx.dossiers.conclude_mediation(
        complaint_id, resolved=body.resolved, summary=body.summary, by=by), body)


@router.post("/complaints/{complaint_id}/commission", response_model=CommandResult, summary="Refer the complaint to the independent commission")
def refer_to_commission(complaint_id: UUID, body: CommissionIn, ctx: Ctx) -> CommandResult:
    return on_complaint(ctx, complaint_id, lambda by: ctx.dossiers.refer_complaint_to_commission(
        complaint_id, commission_id=body.commission_id, by=by), body)


@router.post("/complaints/{complaint_id}/advice", response_model=CommandResult, summary="Record the commission's advice")
def give_advice(complaint_id: UUID, body: AdviceIn, ctx: Ctx) -> CommandResult:
    return on_complaint(ctx, complaint_id, lambda by: ctx.dossiers.give_commission_advice(
        complaint_id, well_founded=body.well_founded, advice=body.advice, by=by), body)


@router.post("/complaints/{complaint_id}/extension", response_model=CommandResult, summary="Extend the decision term once by 4 weeks, with notice")
def extend_term(complaint_id: UUID, body: ExtendIn, ctx: Ctx) -> CommandResult:
    return on_complaint(ctx, complaint_id, lambda by: ctx.dossiers.extend_complaint_term(
        complaint_id, notice=body.notice, by=by), body)


@router.post("/complaints/{complaint_id}/decision", response_model=CommandResult, summary="Decide on the complaint after the advice")
def decide(complaint_id: UUID, body: DecisionIn, ctx: Ctx) -> CommandResult:
    return on_complaint(ctx, complaint_id, lambda by: ctx.dossiers.decide_complaint(
        complaint_id, well_founded=body.well_founded, decision=body.decision, by=by), body)


@router.post("/complaints/{complaint_id}/close", response_model=CommandResult, summary="Close the complaint")
def close(complaint_id: UUID, body: Reasoned, ctx: Ctx) -> CommandResult:
    return on_complaint(ctx, complaint_id, lambda by: ctx.dossiers.close_complaint(complaint_id, by=by), body)


@router.post("/complaints/{complaint_id}/ombudsman", response_model=CommandResult, summary="Forward the complaint to the social ombudsman")
def forward_to_ombudsman(complaint_id: UUID, body: OmbudsmanIn, ctx: Ctx) -> CommandResult:
    return on_complaint(ctx, complaint_id, lambda by: ctx.dossiers.forward_complaint_to_ombudsman(
        complaint_id, ombudsman_id=body.ombudsman_id, by=by), body)
