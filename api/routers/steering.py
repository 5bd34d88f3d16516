"""Caseload and steering figures for the team lead and the process director (from the read models)."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel

from api.context import Ctx
from api.reading import read
from api.routers import new_router
from privacy.model import Action, Resource, Section

router = new_router("steering")


class Figures(BaseModel):
    """Figures as the read model computes them; `as_of` is the day they were computed for."""

    as_of: date
    team: str | None = None
    figures: dict[str, Any]


@router.get("/teams/{team}/caseload", response_model=Figures,
            summary="Caseload of a team: totals per worker, households waiting for a case director")
def team_caseload(team: str, ctx: Ctx) -> Figures:
    today = date.today()
    return read(ctx, Action.READ, Resource(section=Section.CASELOAD),
                lambda _decision: Figures(as_of=today, team=team,
                                          figures=ctx.views["caseload"].team_caseload(team, today)))


@router.get("/workers/{worker_id}/caseload", response_model=Figures,
            summary="Caseload of one worker: households, days since last contact, terms and checks due")
def worker_caseload(worker_id: str, ctx: Ctx) -> Figures:
    today = date.today()
    return read(ctx, Action.READ, Resource(section=Section.CASELOAD),
                lambda _decision: Figures(as_of=today, figures=ctx.views["caseload"].worker_caseload(worker_id, today)))


@router.get("/figures", response_model=Figures,
            summary="Steering figures: ZRM change, referral shares, days to first contact, support duration")
def steering_figures(ctx: Ctx, team: str | None = None) -> Figures:
    return read(ctx, Action.READ, Resource(section=Section.FIGURES),
                lambda _decision: Figures(as_of=date.today(), team=team,
                                          figures=ctx.views["steering"].figures(team=team)))


@router.get("/complaints-overview", response_model=Figures,
            summary="Complaints by stage, term and worker concerned; the overdue ones listed")
def complaints_overview(ctx: Ctx, team: str | None = None) -> Figures:
    today = date.today()
    return read(ctx, Action.SEARCH, Resource(section=Section.COMPLAINTS),
                lambda _decision: Figures(as_of=today, team=team,
                                          figures=ctx.views["complaints"].overview(today, team=team)))
