"""Entry: signals, a simple answer without a dossier, opening the dossier."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from pydantic import Field

from api.commanding import Reasoned, attribution, exactly_once, on_household
from api.context import Ctx
from api.reading import authorise
from api.routers.base import new_router
from api.views import CommandResult
from domain.vocabulary import SignalSource
from domain.values import limit_of
from privacy.model import Action, Resource, Section

router = new_router("signalen")


class SignalIn(Reasoned):
    source: SignalSource
    reporter: str = Field(min_length=1, max_length=200, description="Wie meldt (functie of organisatie)")
    description: str = Field(min_length=1, max_length=limit_of("description"))
    team: str | None = Field(default=None, description="Ontvangend team; standaard het team uit het token")
    zrm_version: str | None = Field(default=None, pattern="^(2013|2017)$")


class FurtherSignalIn(Reasoned):
    source: SignalSource
    reporter: str = Field(min_length=1, max_length=200)
    description: str = Field(min_length=1, max_length=limit_of("description"))


class AnswerIn(Reasoned):
    answer: str = Field(min_length=1, max_length=limit_of("answer"))


class OpenIn(Reasoned):
    summary: str = Field(min_length=1, max_length=5000)


@router.post("/signals", status_code=201, response_model=CommandResult, summary="Receive a signal; returns the new household id")
def receive_signal(body: SignalIn, ctx: Ctx) -> CommandResult:
    authorise(ctx, Action.CREATE, Resource(section=Section.SIGNALS))
    team = body.team or ctx.principal.team or ""

    def run(write: Any) -> dict[str, Any]:
        household_id = ctx.dossiers.receive_signal(source=body.source.value, reporter=body.reporter,
                                                   description=body.description, team=team,
                                                   zrm_version=body.zrm_version, by=attribution(ctx, body))
        return CommandResult(household_id=str(household_id), version=write.version_of(household_id)).model_dump()

    def rebuild(stored: Any) -> dict[str, Any]:  # a new household: its first (and only) event
        household_id, version = stored.written[0]
        return CommandResult(household_id=household_id, version=version).model_dump()

    return CommandResult(**exactly_once(ctx, body, run, rebuild))


@router.post("/households/{household_id}/signals", response_model=CommandResult, summary="Record a further signal about a known household")
def receive_further_signal(household_id: UUID, body: FurtherSignalIn, ctx: Ctx) -> CommandResult:
    return on_household(ctx, household_id, Section.SIGNALS, lambda by: ctx.dossiers.receive_further_signal(
        household_id, source=body.source.value, reporter=body.reporter, description=body.description, by=by),
        body, action=Action.CREATE)


@router.post("/households/{household_id}/answer", response_model=CommandResult, summary="Answer a simple question without opening a dossier")
def answer_without_dossier(household_id: UUID, body: AnswerIn, ctx: Ctx) -> CommandResult:
    # An answer is a new record on the signal (CREATE): the front desk may give it, without reading the dossier.
    return on_household(ctx, household_id, Section.SIGNALS, lambda by: ctx.dossiers.answer_without_dossier(
        household_id, answer=body.answer, by=by), body, action=Action.CREATE)


@router.post("/households/{household_id}/open", response_model=CommandResult, summary="Open the household dossier for a complex question")
def open_dossier(household_id: UUID, body: OpenIn, ctx: Ctx) -> CommandResult:
    return on_household(ctx, household_id, Section.OVERVIEW, lambda by: ctx.dossiers.open_dossier(
        household_id, summary=body.summary, by=by), body)
