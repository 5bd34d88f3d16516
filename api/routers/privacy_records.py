"""Privacy records: consent, legal duties, withholding, statements and corrections, erasure."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import Field

from api.commanding import Reasoned, attribution, on_household
from api.context import Ctx
from api.reading import authorise
from api.routers.base import new_router
from api.routers.sections import read_section
from api.views import CommandResult, ConsentsView, SectionView, StatementsView, WithholdingsView
from domain.values import limit_of
from infra.integrity.erasure import erase_household
from privacy.model import Action, Resource, Section
from privacy.rights import check_consent_purpose

router = new_router("privacy")


class ConsentIn(Reasoned):
    consent_id: str = Field(min_length=1, max_length=100)
    person_id: str = Field(min_length=1, max_length=100)
    partner: str = Field(min_length=1, max_length=200)
    purpose: str = Field(min_length=1, max_length=limit_of("purpose"))
    sections: list[str] = Field(default_factory=list, max_length=20)
    valid_until: date
    zrm_domains_shared: list[str] | None = Field(default=None, max_length=20)


class LegalDutyIn(Reasoned):
    duty_id: str = Field(min_length=1, max_length=100)
    partner: str = Field(min_length=1, max_length=200)
    legal_basis: str = Field(min_length=1, max_length=limit_of("legal_basis"))
    sections: list[str] = Field(min_length=1, max_length=20)


class WithholdingIn(Reasoned):
    withholding_id: str = Field(min_length=1, max_length=100)
    from_person_id: str = Field(min_length=1, max_length=100)
    item_version: int | None = Field(default=None, ge=1)
    section: str | None = Field(default=None, max_length=limit_of("section"))


class ConfidenceIn(Reasoned):
    confidence_id: str = Field(min_length=1, max_length=100)
    item_version: int = Field(ge=1, description="Het stuk dat in vertrouwen is verteld.")
    person_id: str = Field(min_length=1, max_length=100, description="Wie het in vertrouwen vertelde.")
    show_as_withheld: bool = Field(
        default=False, description="Laat anderen zien dát er iets is afgeschermd (standaard: niets tonen).")


class StatementIn(Reasoned):
    person_id: str = Field(min_length=1, max_length=100)
    item_version: int = Field(ge=1)
    text: str = Field(min_length=1, max_length=10000)


class CorrectionIn(Reasoned):
    correction_id: str = Field(min_length=1, max_length=100)
    person_id: str = Field(min_length=1, max_length=100)
    item_version: int = Field(ge=1)
    correction: str = Field(min_length=1, max_length=10000)


class CorrectionDecisionIn(Reasoned):
    accepted: bool
    explanation: str = Field(min_length=1, max_length=5000)


class ErasureIn(Reasoned):
    legal_basis: str = Field(min_length=1, max_length=limit_of("legal_basis"))


@router.get("/households/{household_id}/consents", response_model=ConsentsView, summary="Read consents and legal duties to share")
def list_consents(household_id: UUID, ctx: Ctx) -> SectionView:
    return read_section(ctx, household_id, Section.CONSENTS)


@router.post("/households/{household_id}/consents", response_model=CommandResult, summary="Record a member's consent to share with a partner")
def grant_consent(household_id: UUID, body: ConsentIn, ctx: Ctx) -> CommandResult:
    check_consent_purpose(ctx.guard.register, body.purpose)  # an unregistered purpose could never be used
    return on_household(ctx, household_id, Section.CONSENTS, lambda by: ctx.dossiers.grant_consent(
        household_id, consent_id=body.consent_id, person_id=body.person_id, partner=body.partner,
        purpose=body.purpose, sections=body.sections, valid_until=body.valid_until,
        zrm_domains_shared=body.zrm_domains_shared, by=by), body, action=Action.CREATE, person_id=body.person_id)


@router.post("/households/{household_id}/consents/{consent_id}/revoke", response_model=CommandResult, summary="Revoke a consent")
def revoke_consent(household_id: UUID, consent_id: str, body: Reasoned, ctx: Ctx) -> CommandResult:
    return on_household(ctx, household_id, Section.CONSENTS, lambda by: ctx.dossiers.revoke_consent(
        household_id, consent_id=consent_id, by=by), body)


@router.post("/households/{household_id}/legal-duties", response_model=CommandResult, summary="Record a legal duty to share with a partner")
def record_legal_duty(household_id: UUID, body: LegalDutyIn, ctx: Ctx) -> CommandResult:
    return on_household(ctx, household_id, Section.CONSENTS, lambda by: ctx.dossiers.record_legal_duty(
        household_id, duty_id=body.duty_id, partner=body.partner, legal_basis=body.legal_basis,
        sections=body.sections, by=by), body, action=Action.CREATE)


@router.get("/households/{household_id}/withholdings", response_model=WithholdingsView, summary="Read withholding decisions")
def list_withholdings(household_id: UUID, ctx: Ctx) -> SectionView:
    return read_section(ctx, household_id, Section.CHILD_SAFETY, items="withholdings")


@router.post("/households/{household_id}/confidences", response_model=CommandResult, summary="Record that a member told an item in confidence")
def record_confidence(household_id: UUID, body: ConfidenceIn, ctx: Ctx) -> CommandResult:
    """Who may see it then follows from the member's age (privacy/confidences.py)."""
    return on_household(ctx, household_id, Section.CONSENTS, lambda by: ctx.dossiers.record_confidence(
        household_id, confidence_id=body.confidence_id, item_version=body.item_version, person_id=body.person_id,
        show_as_withheld=body.show_as_withheld, by=by), body, action=Action.CREATE, person_id=body.person_id)


@router.post("/households/{household_id}/confidences/{confidence_id}/lift", response_model=CommandResult, summary="Lift a confidence once the member agrees")
def lift_confidence(household_id: UUID, confidence_id: str, body: Reasoned, ctx: Ctx) -> CommandResult:
    return on_household(ctx, household_id, Section.CONSENTS, lambda by: ctx.dossiers.lift_confidence(
        household_id, confidence_id=confidence_id, by=by), body, action=Action.UPDATE)


@router.post("/households/{household_id}/withholdings", response_model=CommandResult, summary="Withhold an item or section from one person")
def withhold(household_id: UUID, body: WithholdingIn, ctx: Ctx) -> CommandResult:
    return on_household(ctx, household_id, Section.CHILD_SAFETY, lambda by: ctx.dossiers.withhold_information(
        household_id, withholding_id=body.withholding_id, from_person_id=body.from_person_id,
        item_version=body.item_version, section=body.section, by=by), body, action=Action.CREATE,
        person_id=body.from_person_id)


@router.post("/households/{household_id}/withholdings/{withholding_id}/lift", response_model=CommandResult, summary="Lift a withholding decision")
def lift_withholding(household_id: UUID, withholding_id: str, body: Reasoned, ctx: Ctx) -> CommandResult:
    return on_household(ctx, household_id, Section.CHILD_SAFETY, lambda by: ctx.dossiers.lift_withholding(
        household_id, withholding_id=withholding_id, by=by), body)


@router.get("/households/{household_id}/statements", response_model=StatementsView, summary="Read clients' statements and correction requests")
def list_statements(household_id: UUID, ctx: Ctx) -> SectionView:
    return read_section(ctx, household_id, Section.STATEMENTS)


@router.post("/households/{household_id}/statements", response_model=CommandResult, summary="Add a client's own statement to an item")
def add_statement(household_id: UUID, body: StatementIn, ctx: Ctx) -> CommandResult:
    return on_household(ctx, household_id, Section.STATEMENTS, lambda by: ctx.dossiers.add_statement(
        household_id, person_id=body.person_id, item_version=body.item_version, text=body.text, by=by), body,
        action=Action.CREATE, person_id=body.person_id)


@router.post("/households/{household_id}/corrections", response_model=CommandResult, summary="Request a correction of an item")
def request_correction(household_id: UUID, body: CorrectionIn, ctx: Ctx) -> CommandResult:
    return on_household(ctx, household_id, Section.STATEMENTS, lambda by: ctx.dossiers.request_correction(
        household_id, correction_id=body.correction_id, person_id=body.person_id, item_version=body.item_version,
        correction=body.correction, by=by), body, action=Action.CREATE, person_id=body.person_id)


@router.post("/households/{household_id}/corrections/{correction_id}/decision", response_model=CommandResult, summary="Decide a correction request")
def decide_correction(household_id: UUID, correction_id: str, body: CorrectionDecisionIn, ctx: Ctx) -> CommandResult:
    return on_household(ctx, household_id, Section.STATEMENTS, lambda by: ctx.dossiers.decide_correction(
        household_id, correction_id=correction_id, accepted=body.accepted, explanation=body.explanation, by=by), body)


@router.post("/households/{household_id}/erasure", response_model=CommandResult, summary="Erase a closed dossier for good (recorded, then its key destroyed)")
def erase(household_id: UUID, body: ErasureIn, ctx: Ctx) -> CommandResult:
    # Decided and logged by the privacy layer first; erase_household then checks the retention
    # period (or a named erasure decision), records the erasure and destroys the household's key.
    authorise(ctx, Action.DELETE, Resource(section=Section.OVERVIEW, household_id=household_id))
    outcome = erase_household(ctx.dossiers, household_id, by=attribution(ctx, body), legal_basis=body.legal_basis)
    return CommandResult(household_id=str(outcome.household_id), version=None, status="gewist")
