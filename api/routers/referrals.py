"""Referrals and their mandated decisions (003 figure 5)."""

from __future__ import annotations

from uuid import UUID

from pydantic import Field

from api.commanding import Reasoned, on_household
from api.context import Ctx
from api.routers.base import new_router
from api.routers.sections import read_section
from api.views import CommandResult, ReferralsView, SectionView
from domain.vocabulary import ReferralDecision, ReferralKind
from domain.values import limit_of
from privacy.model import Action, Section

router = new_router("verwijzingen")


class ReferralIn(Reasoned):
    referral_id: str = Field(min_length=1, max_length=100)
    kind: ReferralKind
    provision: str = Field(min_length=1, max_length=limit_of("provision"))
    motivation: str = Field(min_length=1, max_length=5000)
    person_id: str | None = Field(default=None, max_length=100)


class ReferralDecisionIn(Reasoned):
    decision: ReferralDecision
    motivation: str = Field(min_length=1, max_length=5000)


@router.get("/households/{household_id}/referrals", response_model=ReferralsView, summary="Read the referrals and their decisions")
def list_referrals(household_id: UUID, ctx: Ctx) -> SectionView:
    return read_section(ctx, household_id, Section.REFERRALS)


@router.post("/households/{household_id}/referrals", response_model=CommandResult, summary="Request a referral (general provision, Wmo or specialist youth care)")
def request_referral(household_id: UUID, body: ReferralIn, ctx: Ctx) -> CommandResult:
    return on_household(ctx, household_id, Section.REFERRALS, lambda by: ctx.dossiers.request_referral(
        household_id, referral_id=body.referral_id, kind=body.kind.value, provision=body.provision,
        motivation=body.motivation, person_id=body.person_id, by=by), body, action=Action.CREATE,
        person_id=body.person_id)


@router.post("/households/{household_id}/referrals/{referral_id}/decision", response_model=CommandResult, summary="Decide a referral (mandated roles only; refusals are recorded)")
def decide_referral(household_id: UUID, referral_id: str, body: ReferralDecisionIn, ctx: Ctx) -> CommandResult:
    return on_household(ctx, household_id, Section.REFERRALS, lambda by: ctx.dossiers.decide_referral(
        household_id, referral_id=referral_id, decision=body.decision.value, motivation=body.motivation, by=by), body)
