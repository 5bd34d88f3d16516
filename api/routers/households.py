"""Households: the list a worker may see, one dossier's overview, its history, time travel."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from fastapi import Query
from pydantic import AwareDatetime, BaseModel, Field

from api.context import Ctx, RequestContext
from api.paging import Cursor, Limit, PageLinks, page
from api.reading import read
from api.routers.base import new_router
from api.views import HistoryEvent, OverviewView, overview
from privacy.listing import visible_assignments
from privacy.model import Action, Resource, Section
from privacy.redaction import history_view

router = new_router("huishoudens")


class HouseholdListItem(BaseModel):
    """One row of a list: who works on the household and its phase, no personal content."""

    household_id: str
    phase: str | None
    team: str | None
    case_director: str | None = None
    process_director: str | None = None
    tandem_workers: list[str] = Field(default_factory=list)


class HouseholdList(BaseModel):
    """One page of the households the caller may see, in id order (api.paging)."""

    households: list[HouseholdListItem]
    links: PageLinks = Field(serialization_alias="_links")


class HistoryView(BaseModel):
    """The events of a dossier, oldest first, as the reader may see them."""

    household_id: str
    events: list[HistoryEvent]


def _candidates(ctx: RequestContext) -> list[Any]:
    """Assignments from the caseload read model that could concern this principal (own work, own team)."""
    caseload = ctx.views["caseload"]
    ids = set(caseload.household_ids_of_worker(ctx.principal.user_id))
    if ctx.principal.team:
        ids |= {row["household_id"] for row in caseload.rows("households", {"team": ctx.principal.team})}
    found = (caseload.assignment_of(household_id) for household_id in sorted(ids))
    return [a for a in found if a is not None]


def list_visible_households(ctx: RequestContext, limit: int, cursor: str | None = None) -> HouseholdList:
    """One SEARCH decision and one log line for the page, naming the members of the households on it;
    each row decided by the decision point."""
    found: list[tuple[list[Any], Any]] = []

    def on_page(decision: Any) -> tuple[list[Any], Any]:
        if not found:  # worked out once: for the line's data subjects, then for the answer
            shown = visible_assignments(ctx.principal, ctx.purpose, _candidates(ctx), date.today(),
                                        ctx.guard.register)
            found.append(page(shown, lambda a: str(a.household_id), limit, cursor, ctx.request))
        return found[0]

    def members(decision: Any) -> list[str]:
        caseload = ctx.views["caseload"]
        return [p for a in on_page(decision)[0] for p in caseload.members_of(str(a.household_id))]

    def fetch(decision: Any) -> HouseholdList:
        rows, links = on_page(decision)
        return HouseholdList(households=[
            HouseholdListItem(household_id=a.household_id, phase=a.phase, team=a.team, case_director=a.case_director,
                              process_director=a.process_director, tandem_workers=list(a.tandem_workers))
            for a in rows], links=links)
    return read(ctx, Action.SEARCH, Resource(section=Section.OVERVIEW), fetch, subjects=members)


@router.get("/households", response_model=HouseholdList, summary="List the households the caller may see (overview only)")
def list_households(ctx: Ctx, limit: Limit = 50, cursor: Cursor = None) -> HouseholdList:
    return list_visible_households(ctx, limit, cursor)


@router.get("/households/{household_id}", response_model=OverviewView, summary="Read a dossier's overview: phase, team, case director")
def get_household(household_id: UUID, ctx: Ctx) -> OverviewView:
    return read(ctx, Action.READ, Resource(section=Section.OVERVIEW, household_id=household_id),
                lambda decision: overview(ctx.dossiers.get_dossier(household_id)))


@router.get("/households/{household_id}/history", response_model=HistoryView, summary="Read the full event history of a dossier")
def get_history(household_id: UUID, ctx: Ctx, as_of: AwareDatetime | None = Query(
        None, alias="asOf", description="Alleen wat tot dit moment was vastgelegd (met tijdzone).")) -> HistoryView:
    def fetch(decision):  # type: ignore[no-untyped-def]
        # The one redaction of privacy/: time travel in recorded time, a review's scope in world time.
        events = history_view(ctx.dossiers.history(household_id), decision, recorded_until=as_of)["items"]
        return HistoryView(household_id=str(household_id), events=events)
    return read(ctx, Action.READ, Resource(section=Section.HISTORY, household_id=household_id, as_of=as_of), fetch)


@router.get("/households/{household_id}/as-of", response_model=OverviewView, summary="Read the overview as recorded at a moment (time travel)")
def get_household_as_of(household_id: UUID, moment: AwareDatetime, ctx: Ctx) -> OverviewView:
    return read(ctx, Action.READ, Resource(section=Section.HISTORY, household_id=household_id, as_of=moment),
                lambda decision: overview(ctx.dossiers.get_dossier_as_of(household_id, moment)))
