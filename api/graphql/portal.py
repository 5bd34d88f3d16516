"""The portal: a client (or their legal representative) sees and co-owns their own dossier."""

from __future__ import annotations

import uuid
from typing import Any
from uuid import UUID

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from api.commanding import Reasoned, attribution
from api.context import RequestContext
from api.errors import AccessDenied, ApiError
from api.graphql.common import Error, ExportedData, ExportResult, Result, Success, as_error, ctx_of
from api.reading import authorise, load_dossier_or_none, read
from api.views import overview, section_view
from domain.vocabulary import CLIENT_SIDE
from privacy.model import Action, Resource, Section

PORTAL_SECTIONS = (Section.MEMBERS, Section.SIGNALS, Section.CONTACTS, Section.ZRM, Section.PARTICIPATION,
                   Section.CHILD_SAFETY, Section.PLAN, Section.REFERRALS, Section.EVALUATION, Section.CONSENTS,
                   Section.STATEMENTS)


def _client_ctx(info: Info) -> RequestContext:
    ctx = ctx_of(info)
    if ctx.principal.role not in CLIENT_SIDE:
        raise ApiError("Het portaal is voor inwoners en hun wettelijk vertegenwoordigers.", code="portal_only")
    return ctx


def _persons(ctx: RequestContext) -> list[str]:
    principal = ctx.principal
    return [principal.person_id] if principal.person_id else list(principal.represents)


def my_household_ids(ctx: RequestContext) -> list[UUID]:
    """Households where the person (or a represented person) is a member.

    Interim: a scan over all households; the privacy layer's person index replaces it.
    """
    persons = set(_persons(ctx))
    found = []
    for household_id in ctx.dossiers.household_ids():
        dossier = load_dossier_or_none(ctx.dossiers, household_id)
        if dossier is not None and persons & set(dossier.members):
            found.append(household_id)
    return found


def _household(ctx: RequestContext, household_id: str | None) -> UUID:
    if household_id:
        try:
            return UUID(household_id)
        except ValueError:
            raise ApiError("householdId: geen geldig nummer (UUID).", field="householdId", code="invalid_input") from None
    found = my_household_ids(ctx)
    if not found:
        raise AccessDenied("Wij vinden geen dossier van u.")
    return found[-1]


@strawberry.type(description="Wie u bent in het portaal.")
class Me:
    user_id: str
    role: str
    person_id: str | None
    represents: list[str]
    authentication_level: str | None
    household_ids: list[str]


@strawberry.type(description="Eén onderdeel van uw dossier; achtergehouden stukken zijn gemarkeerd.")
class DossierSection:
    section: str
    items: JSON
    withheld_section: bool
    withheld_items: int


@strawberry.type(description="Uw dossier, zoals u het mag zien.")
class MyDossier:
    household_id: str
    phase: str
    team: str
    case_director: str | None
    version: int
    sections: list[DossierSection]


@strawberry.type(description="Wie uw gegevens heeft ingezien, wanneer en waarom.")
class AccessLine:
    time: str
    user_role: str
    organisation: str
    action: str
    section: str
    purpose: str
    outcome: str
    emergency: bool


def _section(ctx: RequestContext, household_id: UUID, section: Section, items: str | None = None) -> DossierSection:
    def fetch(decision: Any) -> DossierSection:
        dossier = ctx.dossiers.get_dossier(household_id)
        view = section_view(dossier, items or section.value, decision.obligations, obligation_section=section.value)
        withheld = sum(1 for item in view.items if item.get("withheld"))
        return DossierSection(section=view.section, items=view.items, withheld_section=view.withheld_section,
                              withheld_items=withheld)
    return read(ctx, Action.READ, Resource(section=section, household_id=household_id,
                                           person_id=ctx.principal.person_id), fetch)


@strawberry.type
class PortalQuery:
    @strawberry.field(description="Wie u bent en bij welke dossiers u hoort.")
    def me(self, info: Info) -> Me:
        ctx = _client_ctx(info)
        p = ctx.principal
        return Me(user_id=p.user_id, role=p.role.value, person_id=p.person_id, represents=list(p.represents),
                  authentication_level=p.authentication_level,
                  household_ids=[str(h) for h in my_household_ids(ctx)])

    @strawberry.field(description="Uw dossier: wat u mag zien, met achtergehouden stukken gemarkeerd.")
    def my_dossier(self, info: Info, household_id: str | None = None) -> MyDossier:
        ctx = _client_ctx(info)
        hid = _household(ctx, household_id)
        head = read(ctx, Action.READ, Resource(section=Section.OVERVIEW, household_id=hid,
                                               person_id=ctx.principal.person_id),
                    lambda decision: overview(ctx.dossiers.get_dossier(hid)))
        sections = [_section(ctx, hid, s) for s in PORTAL_SECTIONS]
        return MyDossier(household_id=str(hid), phase=head.phase, team=head.team, case_director=head.case_director,
                         version=head.version, sections=sections)

    @strawberry.field(description="Uw plan van aanpak: alle versies, de laatste geldt.")
    def my_plan(self, info: Info, household_id: str | None = None) -> DossierSection:
        ctx = _client_ctx(info)
        return _section(ctx, _household(ctx, household_id), Section.PLAN)

    @strawberry.field(description="Uw zelfredzaamheid (ZRM) en participatieladder.")
    def my_assessments(self, info: Info, household_id: str | None = None) -> list[DossierSection]:
        ctx = _client_ctx(info)
        hid = _household(ctx, household_id)
        return [_section(ctx, hid, Section.ZRM), _section(ctx, hid, Section.PARTICIPATION)]

    @strawberry.field(description="Uw toestemmingen om gegevens te delen.")
    def my_consents(self, info: Info, household_id: str | None = None) -> DossierSection:
        ctx = _client_ctx(info)
        return _section(ctx, _household(ctx, household_id), Section.CONSENTS)

    @strawberry.field(description="Wie uw gegevens heeft ingezien (het toegangslog over u).")
    def my_access_log(self, info: Info, limit: int = 200) -> list[AccessLine]:
        ctx = _client_ctx(info)
        lines: list[AccessLine] = []
        for person in _persons(ctx):
            stored = read(ctx, Action.READ, Resource(section=Section.ACCESS_LOG, person_id=person),
                          lambda decision, person=person: ctx.access_log.query(person_id=person,
                                                                              limit=max(1, min(limit, 1000))))
            lines += [AccessLine(time=s.entry.time.isoformat(), user_role=s.entry.user_role,
                                 organisation=s.entry.organisation, action=s.entry.action, section=s.entry.section,
                                 purpose=s.entry.purpose, outcome=s.entry.outcome, emergency=s.entry.emergency)
                      for s in stored]
        return lines


def _reasoned(reason: str) -> Reasoned:
    return Reasoned(reason=reason or "eigen verzoek inwoner")


def _command(info: Info, household_id: str, section: Section, person_id: str | None, run, *,  # type: ignore[no-untyped-def]
             action: Action = Action.CREATE, reason: str) -> Success | Error:
    try:
        ctx = _client_ctx(info)
        if person_id is not None and person_id not in _persons(ctx):
            raise AccessDenied("U kunt dit alleen doen voor uzelf of voor wie u vertegenwoordigt.")
        hid = _household(ctx, household_id)
        authorise(ctx, action, Resource(section=section, household_id=hid, person_id=person_id))
        result = run(ctx, hid, attribution(ctx, _reasoned(reason)))
        if isinstance(result, UUID):
            return Success(message="Uw klacht is ontvangen.", household_id=str(hid), complaint_id=str(result))
        return Success(message="Opgeslagen.", household_id=str(hid), version=ctx.dossiers.get_dossier(hid).version)
    except Exception as exc:  # noqa: BLE001 - as_error re-raises anything unexpected (then masked)
        return as_error(exc)


@strawberry.type
class PortalMutation:
    @strawberry.mutation(description="Voeg uw eigen zienswijze toe aan een onderdeel van het dossier.")
    def add_statement(self, info: Info, household_id: str, person_id: str, item_version: int, text: str,
                      reason: str = "eigen zienswijze") -> Result:
        return _command(info, household_id, Section.STATEMENTS, person_id, lambda ctx, hid, by: ctx.dossiers.add_statement(
            hid, person_id=person_id, item_version=item_version, text=text, by=by), reason=reason)

    @strawberry.mutation(description="Vraag om een correctie; het oorspronkelijke stuk blijft zichtbaar als betwist.")
    def request_correction(self, info: Info, household_id: str, person_id: str, item_version: int, correction: str,
                           reason: str = "verzoek om correctie") -> Result:
        correction_id = f"corr-{uuid.uuid4().hex[:12]}"
        return _command(info, household_id, Section.STATEMENTS, person_id, lambda ctx, hid, by: ctx.dossiers.request_correction(
            hid, correction_id=correction_id, person_id=person_id, item_version=item_version, correction=correction,
            by=by), reason=reason)

    @strawberry.mutation(description="Geef toestemming om onderdelen te delen met één partner, voor één doel.")
    def grant_consent(self, info: Info, household_id: str, person_id: str, partner: str, purpose: str,
                      sections: list[str], valid_until: str, zrm_domains: list[str] | None = None,
                      reason: str = "toestemming inwoner") -> Result:
        consent_id = f"consent-{uuid.uuid4().hex[:12]}"
        return _command(info, household_id, Section.CONSENTS, person_id, lambda ctx, hid, by: ctx.dossiers.grant_consent(
            hid, consent_id=consent_id, person_id=person_id, partner=partner, purpose=purpose, sections=sections,
            valid_until=valid_until, zrm_domains_shared=zrm_domains, by=by), reason=reason)

    @strawberry.mutation(description="Trek een toestemming in.")
    def revoke_consent(self, info: Info, household_id: str, consent_id: str,
                       reason: str = "toestemming ingetrokken door inwoner") -> Result:
        def run(ctx, hid, by):  # type: ignore[no-untyped-def]
            consent = ctx.dossiers.get_dossier(hid).consents.get(consent_id)
            if consent is None or consent["person_id"] not in _persons(ctx):
                raise ApiError("consentId: u kunt alleen uw eigen toestemmingen intrekken.", field="consentId",
                               code="not_own_consent")
            ctx.dossiers.revoke_consent(hid, consent_id=consent_id, by=by)
        return _command(info, household_id, Section.CONSENTS, None, run, action=Action.UPDATE, reason=reason)

    @strawberry.mutation(description="Dien een klacht in over hoe een medewerker u heeft behandeld.")
    def file_complaint(self, info: Info, household_id: str, person_id: str, about_worker_id: str, description: str,
                       subject: str = "conduct", reason: str = "klacht van inwoner") -> Result:
        return _command(info, household_id, Section.COMPLAINTS, person_id, lambda ctx, hid, by: ctx.dossiers.file_complaint(
            household_id=hid, complainant_person_id=person_id, about_worker_id=about_worker_id, subject=subject,
            description=description, by=by), reason=reason)

    @strawberry.mutation(description="Vraag om een andere medewerker (keuzevrijheid).")
    def request_other_worker(self, info: Info, household_id: str, person_id: str, motivation: str,
                             reason: str = "keuzevrijheid") -> Result:
        request_id = f"wcr-{uuid.uuid4().hex[:12]}"
        return _command(info, household_id, Section.OVERVIEW, person_id, lambda ctx, hid, by: ctx.dossiers.request_other_worker(
            hid, request_id=request_id, person_id=person_id, motivation=motivation, by=by), reason=reason)

    @strawberry.mutation(description="Neem een kopie van uw gegevens mee (export).")
    def export_my_data(self, info: Info, household_id: str | None = None) -> ExportResult:
        try:
            ctx = _client_ctx(info)
            hid = _household(ctx, household_id)
            def fetch(decision: Any) -> ExportedData:
                dossier = ctx.dossiers.get_dossier(hid)
                data = {s.value: section_view(dossier, s.value, decision.obligations).model_dump(mode="json")["items"]
                        for s in PORTAL_SECTIONS}
                return ExportedData(household_id=str(hid), data=data)
            return read(ctx, Action.EXPORT, Resource(section=Section.HISTORY, household_id=hid,
                                                     person_id=ctx.principal.person_id), fetch,
                        event="client_rights.export")
        except Exception as exc:  # noqa: BLE001 - as_error re-raises anything unexpected (then masked)
            return as_error(exc)
