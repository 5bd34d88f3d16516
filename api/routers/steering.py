"""Caseload and steering figures for the team lead and the process director (from the read models)."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, Field

from api.context import Ctx
from api.reading import read
from api.routers.base import new_router
from api.views import Released
from privacy.model import Action, Resource, Section

router = new_router("steering")


class CaseloadTotals(Released):
    active_households: int
    by_phase: dict[str, int] = Field(description="Actieve huishoudens per fase.")
    first_contact_late: int
    monitoring_checks_due: int
    open_referrals: int
    no_contact_for_30_days: int


class OpenReferral(Released):
    referral_id: str
    kind: str | None = None
    status: str | None = None


class CaseloadHousehold(Released):
    household_id: str
    team: str | None = None
    phase: str
    case_director: str | None = None
    tandem_workers: list[str] = Field(default_factory=list)
    days_since_last_contact: int | None = None
    first_contact_late: bool
    monitoring_check_due: bool
    next_check_on: str | None = Field(default=None, json_schema_extra={"format": "date"})
    open_referrals: list[OpenReferral] = Field(default_factory=list)
    role: str | None = Field(default=None, description="De rol van de medewerker in dit huishouden.")


class TeamCaseloadFigures(Released):
    team: str
    workers: dict[str, CaseloadTotals] = Field(description="Per casusregisseur zijn totalen.")
    waiting_for_case_director: list[str]
    new_signals: list[str]
    totals: CaseloadTotals


class WorkerCaseloadFigures(Released):
    worker_id: str
    households: list[CaseloadHousehold]
    totals: CaseloadTotals


class HouseholdCounts(Released):
    signals: int
    dossiers_opened: int
    closed: int
    active: int
    erased: int | None = None


class SteeringFigureSet(Released):
    team: str | None = None
    households: HouseholdCounts
    zrm_change_per_domain: dict[str, dict[str, Any]] = Field(
        description="Per ZRM-versie de verandering per domein tussen eerste en laatste meting.")
    referrals: dict[str, Any] = Field(description="Verwijzingen: per stand (`requested`, `granted`) per soort "
                                                  "het aantal huishoudens en hun aandeel.")
    median_days_signal_to_first_contact: float | None = None
    median_support_duration_days: float | None = None
    caseload_per_worker: dict[str, Any] = Field(description="Verdeling van de caseload over de regisseurs.")


class ComplaintsOverviewFigures(Released):
    total: int
    open: int
    by_stage: dict[str, int]
    by_team: dict[str, int]
    by_worker_concerned: dict[str, int]
    by_holder: dict[str, int]
    overdue: list[str]
    decided_late: list[str]
    erased_complaints: int


class Figures(BaseModel):
    """Figures as the read model computes them; `as_of` is the day they were computed for."""

    as_of: date
    team: str | None = None
    figures: dict[str, Any]


class TeamCaseload(Figures):
    figures: TeamCaseloadFigures  # type: ignore[assignment]


class WorkerCaseload(Figures):
    figures: WorkerCaseloadFigures  # type: ignore[assignment]


class SteeringFigures(Figures):
    figures: SteeringFigureSet  # type: ignore[assignment]


class ComplaintsOverview(Figures):
    figures: ComplaintsOverviewFigures  # type: ignore[assignment]


@router.get("/teams/{team}/caseload", response_model=TeamCaseload,
            summary="Caseload of a team: totals per worker, households waiting for a case director")
def team_caseload(team: str, ctx: Ctx) -> Figures:
    today = date.today()
    return read(ctx, Action.READ, Resource(section=Section.CASELOAD),
                lambda _decision: Figures(as_of=today, team=team,
                                          figures=ctx.views["caseload"].team_caseload(team, today)))


@router.get("/workers/{worker_id}/caseload", response_model=WorkerCaseload,
            summary="Caseload of one worker: households, days since last contact, terms and checks due")
def worker_caseload(worker_id: str, ctx: Ctx) -> Figures:
    today = date.today()
    return read(ctx, Action.READ, Resource(section=Section.CASELOAD),
                lambda _decision: Figures(as_of=today, figures=ctx.views["caseload"].worker_caseload(worker_id, today)))


@router.get("/figures", response_model=SteeringFigures,
            summary="Steering figures: ZRM change, referral shares, days to first contact, support duration")
def steering_figures(ctx: Ctx, team: str | None = None) -> Figures:
    return read(ctx, Action.READ, Resource(section=Section.FIGURES),
                lambda _decision: Figures(as_of=date.today(), team=team,
                                          figures=ctx.views["steering"].figures(team=team)))


@router.get("/complaints-overview", response_model=ComplaintsOverview,
            summary="Complaints by stage, term and worker concerned; the overdue ones listed")
def complaints_overview(ctx: Ctx, team: str | None = None) -> Figures:
    today = date.today()
    return read(ctx, Action.SEARCH, Resource(section=Section.COMPLAINTS),
                lambda _decision: Figures(as_of=today, team=team,
                                          figures=ctx.views["complaints"].overview(today, team=team)))
