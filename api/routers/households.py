"""Households: the list a worker may see, one dossier's overview, its history, time travel."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import Query
from pydantic import AwareDatetime, BaseModel

from api.context import Ctx
from api.interim_policy import decide_on_household
from api.reading import authorise, load_dossier_or_none, read
from api.routers import new_router
from api.views import OverviewView, event_view, overview
from privacy.model import Action, Resource, Section

router = new_router("huishoudens")


class HouseholdList(BaseModel):
    households: list[OverviewView]


class HistoryView(BaseModel):
    household_id: str
    events: list[dict[str, Any]]


@router.get("/households", response_model=HouseholdList, summary="List the households the caller may see (overview only)")
def list_households(ctx: Ctx, limit: int = Query(50, ge=1, le=200)) -> HouseholdList:
    authorise(ctx, Action.SEARCH, Resource(section=Section.CASELOAD))
    # Interim: one pass over the log; the caseload projection replaces this when it lands.
    found: list[OverviewView] = []
    for household_id in reversed(ctx.dossiers.household_ids()):
        dossier = load_dossier_or_none(ctx.dossiers, household_id)
        resource = Resource(section=Section.OVERVIEW, household_id=household_id)
        if dossier is None or not decide_on_household(ctx.principal, Action.READ, resource, dossier).permitted:
            continue
        found.append(overview(dossier))
        if len(found) >= limit:
            break
    return HouseholdList(households=found)


@router.get("/households/{household_id}", response_model=OverviewView, summary="Read a dossier's overview: phase, team, case director")
def get_household(household_id: UUID, ctx: Ctx) -> OverviewView:
    return read(ctx, Action.READ, Resource(section=Section.OVERVIEW, household_id=household_id),
                lambda decision: overview(ctx.dossiers.get_dossier(household_id)))


@router.get("/households/{household_id}/history", response_model=HistoryView, summary="Read the full event history of a dossier")
def get_history(household_id: UUID, ctx: Ctx, as_of: AwareDatetime | None = None) -> HistoryView:
    def fetch(decision):  # type: ignore[no-untyped-def]
        until = decision.obligations.history_until
        limit = min(d for d in (as_of, until) if d is not None) if (as_of or until) else None
        events = [event_view(e) for e in ctx.dossiers.history(household_id) if limit is None or e.timestamp <= limit]
        return HistoryView(household_id=str(household_id), events=events)
    return read(ctx, Action.READ, Resource(section=Section.HISTORY, household_id=household_id, as_of=as_of), fetch)


@router.get("/households/{household_id}/as-of", response_model=OverviewView, summary="Read the overview as recorded at a moment (time travel)")
def get_household_as_of(household_id: UUID, moment: AwareDatetime, ctx: Ctx) -> OverviewView:
    return read(ctx, Action.READ, Resource(section=Section.HISTORY, household_id=household_id, as_of=moment),
                lambda decision: overview(ctx.dossiers.get_dossier_as_of(household_id, moment)))

