"""The portal: a client (or their legal representative) sees and co-owns their own dossier.

Each field is admitted by its permission class (`api.graphql.permissions.PortalUser`), which asks
privacy/ and logs a refusal. Every read and every act goes through the privacy layer: the client-rights services
(`privacy.rights.ClientRights`: inzage, who accessed me, export, statement, correction,
consent) or, for the section reads and the two acts they do not cover (a complaint, a request
for another worker), `PrivacyGuard.read_together`/`.access` directly. One log line per call, however
many sections it shows.
"""

from __future__ import annotations

import dataclasses
import json
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from uuid import UUID

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from api.context import RequestContext
from api.errors import AccessDenied, ApiError, privacy_error
from api.graphql.common import (
    AccessOutcome,
    ExportedData,
    ExportResult,
    Result,
    RoleCode,
    Success,
    as_error,
    ctx_of,
    outcome_code,
    role_code,
)
from api.graphql.portal_choices import (
    ComplaintRouteChoice,
    ComplaintSubjectChoice,
    ConsentChoices,
    ConsentInput,
    MyRequest,
    Worker,
    consent_choices,
    requests_of,
    worker_refs,
    workers_of,
)
from api.portal.pages import COMMISSION_ID
from api.idempotency import fingerprint, run_once, valid_key
from api.graphql.permissions import PortalUser, PortalUserAct
from api.reading import read, read_together
from domain.errors import DomainError
from infra import command_log
from privacy.model import Action, Resource, Section
from privacy.redaction import dossier_view
from api.people_names import partner_directory
from privacy.rights import attribution_for

PORTAL_SECTIONS = (Section.MEMBERS, Section.SIGNALS, Section.CONTACTS, Section.ZRM, Section.PARTICIPATION,
                   Section.CHILD_SAFETY, Section.PLAN, Section.REFERRALS, Section.EVALUATION, Section.CONSENTS,
                   Section.STATEMENTS)


@contextmanager
def _as_api_errors() -> Iterator[None]:
    """The privacy layer's refusals as the API's errors (same words as REST)."""
    try:
        yield
    except DomainError as exc:
        translated = privacy_error(exc)
        if translated is None:
            raise
        raise translated from None


def _persons(ctx: RequestContext) -> list[str]:
    principal = ctx.principal
    return [principal.person_id] if principal.person_id else list(principal.represents)


def my_household_ids(ctx: RequestContext) -> list[UUID]:
    """Households where the person (or a represented person) is a member.

    Only ids, used to address the guarded reads that follow. Read from the caseload view's
    person index; while that view is behind the log, the MemberAdded events in the tail it has
    not applied are read too (bounded by the lag, never a scan of every household), so a
    member added a moment ago still finds their dossier.
    """
    persons = _persons(ctx)
    caseload = ctx.views["caseload"]
    found = {UUID(h) for person in persons for h in caseload.households_of_person(person)}
    position = caseload.position()
    if position < (ctx.dossiers.recorder.max_notification_id() or 0):
        found.update(ctx.dossiers.households_joined_after(set(persons), position))
    return sorted(found, key=str)


def _household(ctx: RequestContext, household_id: str | None) -> UUID:
    if household_id:
        try:
            return UUID(household_id)
        except ValueError:
            raise ApiError("householdId: geen geldig nummer (UUID).", field="householdId", code="invalid_input") from None
    found = my_household_ids(ctx)
    if not found:
        # The search itself is what the person asked for, so it is logged like `me`; the read that
        # would follow (and its line) does not happen.
        read(ctx, Action.SEARCH, Resource(section=Section.OVERVIEW, person_id=ctx.principal.person_id),
             lambda _decision: None)
        raise AccessDenied("Wij vinden geen dossier van u. Staat u in een dossier, vraag dan uw "
                           "casusregisseur om uw gegevens te controleren.")
    return found[-1]


@strawberry.type(description="Wie u bent in het portaal.")
class Me:
    user_id: str
    role: RoleCode
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
    acts: JSON = strawberry.field(description="Wie wat deed namens wie: per handeling van een inwoner of "
                                              "vertegenwoordiger (reactie, correctie, toestemming, verzoek).")


@strawberry.type(description="Wie uw gegevens heeft ingezien, wanneer en waarom.")
class AccessLine:
    time: str | None
    user_role: RoleCode
    organisation: str
    action: str
    section: str
    purpose: str
    why: str
    outcome: AccessOutcome
    emergency: bool
    by_you: bool = strawberry.field(description="Keek u dit zelf (met deze inlog)?")
    by_subject: bool = strawberry.field(description="Keek degene over wie het dossier gaat zelf (bijvoorbeeld "
                                                    "uw kind, als u het vertegenwoordigt)?")
    sentence: str = strawberry.field(description="In gewone woorden: wie, wanneer, welke gegevens en waarom.")


def _section_of(view: dict[str, Any], section: Section) -> DossierSection:
    items = view[section.value]
    withheld_section = isinstance(items, dict) and items.get("status") == "withheld"
    flat = items if isinstance(items, list) else [v for value in items.values() if isinstance(value, list)
                                                 for v in value] if isinstance(items, dict) else []
    withheld = sum(1 for item in flat if isinstance(item, dict) and item.get("status") == "withheld")
    return DossierSection(section=section.value, items=items, withheld_section=withheld_section,
                          withheld_items=withheld)


def _read_sections(ctx: RequestContext, household_id: UUID, *sections: Section) -> list[DossierSection]:
    """Sections of one dossier through the guard, each decided, in ONE log line that names them all,
    with each section's obligations applied."""
    def fetch(decisions: list[Any]) -> list[DossierSection]:
        dossier = ctx.dossiers.get_dossier(household_id)
        return [_section_of(dossier_view(dossier, decision, sections=[section]), section)
                for section, decision in zip(sections, decisions)]
    resources = [Resource(section=s, household_id=household_id, person_id=ctx.principal.person_id) for s in sections]
    return read_together(ctx, Action.READ, resources, fetch)


_CLIENT_SIDE = ("client", "legal_representative")
_ACT_REFS = ("correction_id", "consent_id", "request_id")


def client_acts(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Who did what for whom, from the history the reader may see: so "door Julia namens Bilal" can be said.
    Only acts by residents and their representatives; a worker's act is named by the worker list."""
    acts = []
    for item in items:
        by = item.get("by") or {}
        if by.get("role") not in _CLIENT_SIDE:
            continue
        data = item.get("data") or {}
        ref = next((data[k] for k in _ACT_REFS if data.get(k)), None)
        acts.append({"version": item["version"], "type": item["type"], "ref": ref, "actor": by.get("actor_id"),
                     "role": by.get("role"), "on_behalf_of": by.get("on_behalf_of")})
    return acts


@strawberry.type
class PortalQuery:
    @strawberry.field(permission_classes=[PortalUser], description="Wie u bent en bij welke dossiers u hoort.")
    def me(self, info: Info) -> Me:
        ctx = ctx_of(info)
        p = ctx.principal

        def fetch(_decision: Any) -> Me:
            return Me(user_id=p.user_id, role=role_code(p.role.value), person_id=p.person_id,
                      represents=list(p.represents), authentication_level=p.authentication_level,
                      household_ids=[str(h) for h in my_household_ids(ctx)])
        # Which households a person is in is personal data too: a search, logged like any read.
        return read(ctx, Action.SEARCH, Resource(section=Section.OVERVIEW, person_id=p.person_id), fetch)

    @strawberry.field(
        permission_classes=[PortalUser],
        description="Uw dossier (inzage): wat u mag zien, met achtergehouden stukken gemarkeerd.")
    def my_dossier(self, info: Info, household_id: str | None = None) -> MyDossier:
        ctx = ctx_of(info)
        hid = _household(ctx, household_id)
        with _as_api_errors():
            inzage = ctx.rights.inzage(ctx.principal, hid, person_id=ctx.principal.person_id,
                                       channel=ctx.channel, purpose=ctx.purpose, trace_id=ctx.trace_id)
        view, head = inzage["dossier"], inzage["dossier"]["overview"]
        versions = [item["version"] for item in inzage["history"]["items"] if item.get("version") is not None]
        return MyDossier(household_id=str(hid), phase=str(head["phase"]), team=head["team"],
                         case_director=head["case_director"], version=max(versions, default=0),
                         sections=[_section_of(view, s) for s in PORTAL_SECTIONS],
                         acts=client_acts(inzage["history"]["items"]))

    @strawberry.field(
        permission_classes=[PortalUser],
        description="Uw plan van aanpak: alle versies, de laatste geldt.")
    def my_plan(self, info: Info, household_id: str | None = None) -> DossierSection:
        ctx = ctx_of(info)
        [plan] = _read_sections(ctx, _household(ctx, household_id), Section.PLAN)
        return plan

    @strawberry.field(permission_classes=[PortalUser], description="Uw zelfredzaamheid (ZRM) en participatieladder.")
    def my_assessments(self, info: Info, household_id: str | None = None) -> list[DossierSection]:
        ctx = ctx_of(info)
        return _read_sections(ctx, _household(ctx, household_id), Section.ZRM, Section.PARTICIPATION)

    @strawberry.field(permission_classes=[PortalUser], description="Uw toestemmingen om gegevens te delen.")
    def my_consents(self, info: Info, household_id: str | None = None) -> DossierSection:
        ctx = ctx_of(info)
        [consents] = _read_sections(ctx, _household(ctx, household_id), Section.CONSENTS)
        return consents

    @strawberry.field(
        permission_classes=[PortalUser],
        description="Waaruit u kiest als u toestemming geeft: de doelen en de organisaties.")
    def consent_choices(self, info: Info, household_id: str | None = None) -> ConsentChoices:
        ctx = ctx_of(info)
        return consent_choices(ctx, _household(ctx, household_id))

    @strawberry.field(permission_classes=[PortalUser], description="Wie aan uw dossier werken, en hoe u hen bereikt.")
    def my_workers(self, info: Info, household_id: str | None = None) -> list[Worker]:
        ctx = ctx_of(info)
        return workers_of(ctx, _household(ctx, household_id))

    @strawberry.field(
        permission_classes=[PortalUser],
        description="Mijn klachten en verzoeken: klachten, correcties en verzoeken om een andere "
                    "medewerker, met hoe het ermee staat.")
    def my_requests(self, info: Info, household_id: str | None = None) -> list[MyRequest]:
        ctx = ctx_of(info)
        return requests_of(ctx, _household(ctx, household_id))

    @strawberry.field(
        permission_classes=[PortalUser],
        description="Wie uw gegevens heeft ingezien (het toegangslog over u en uw huishouden).")
    def my_access_log(self, info: Info, household_id: str | None = None, limit: int = 200) -> list[AccessLine]:
        ctx = ctx_of(info)
        hid = _household(ctx, household_id)
        with _as_api_errors():
            lines = ctx.rights.who_accessed_my_dossier(ctx.principal, hid, person_id=ctx.principal.person_id,
                                                       channel=ctx.channel, purpose=ctx.purpose,
                                                       trace_id=ctx.trace_id)
        newest = lines[-max(1, min(limit, 1000)):]
        return [AccessLine(time=line["time"], user_role=role_code(line["role"]), organisation=line["organisation"],
                           action=line["action"], section=line["section"], purpose=line["purpose"],
                           why=line["why"], outcome=outcome_code(line["outcome"]), emergency=line["emergency"],
                           by_you=line["by_you"], by_subject=line["by_subject"],
                           sentence=line["sentence"]) for line in newest]


def _attempt(info: Info, act: Callable[[RequestContext], Any]) -> Any:
    """Run one portal act; expected failures become a typed `Error`, unexpected ones are masked."""
    try:
        return act(ctx_of(info))
    except Exception as exc:  # noqa: BLE001 - as_error re-raises anything unexpected (then masked)
        return as_error(exc)


def _saved(ctx: RequestContext, hid: UUID) -> Success:
    write = command_log.current()  # the version this mutation wrote, not the newest when read back
    return Success(message="Opgeslagen.", household_id=str(hid), version=write.version_of(hid) if write else None)


def _once(info: Info, name: str, key: str | None, args: dict[str, Any], act: Callable[[RequestContext], Any]) -> Any:
    """A mutation at most once per `idempotencyKey` (api.idempotency): a retry answers the first result."""
    def attempt(ctx: RequestContext) -> Success:
        checked = valid_key(key, "idempotencyKey")
        print_ = fingerprint("graphql", name, json.dumps(args, sort_keys=True, default=str))
        answer = run_once(ctx, checked, print_, lambda _write: dataclasses.asdict(act(ctx)),
                          lambda stored: _rebuilt(args, stored))
        return Success(**answer)
    return _attempt(info, attempt)


def _arguments(names: dict[str, Any]) -> dict[str, Any]:
    """A mutation's own arguments (its locals before anything else is bound), for the request's fingerprint."""
    return {k: v for k, v in names.items() if k not in ("self", "info", "act", "idempotency_key")}


def _rebuilt(args: dict[str, Any], stored: Any) -> dict[str, Any]:
    """The answer from what the key's transaction wrote (the server stopped before it answered)."""
    hid = str(args.get("household_id"))
    others = [(o, v) for o, v in stored.written if o != hid]
    versions = [v for o, v in stored.written if o == hid]
    if others:  # a new complaint
        return {"message": "Uw klacht is ontvangen.", "household_id": hid, "complaint_id": others[0][0],
                "version": None}
    return {"message": "Opgeslagen.", "household_id": hid, "complaint_id": None, "version": max(versions, default=None)}


def _own_person(ctx: RequestContext, person_id: str | None) -> str:
    """The person acted for: given, or the client themself (a representative must name whom)."""
    person = person_id or ctx.principal.person_id
    if not person:
        raise ApiError("personId: noem voor wie u dit doet.", field="personId", code="invalid_input")
    return person


def _guarded_act(ctx: RequestContext, hid: UUID, section: Section, person_id: str, act: Callable[[], Any]) -> Any:
    """An act the client-rights services do not cover, through the same guard (decide, log, then act)."""
    resource = Resource(section=section, household_id=hid, person_id=person_id)
    return ctx.guard.access(ctx.principal, Action.CREATE, resource, ctx.purpose, ctx.channel, lambda _d: act(),
                            trace_id=ctx.trace_id)


def _choose_route(ctx: RequestContext, hid: UUID, person_id: str, complaint_id: UUID,
                  route: ComplaintRouteChoice) -> None:
    """The complainant's choice of route, right after filing: a talk or mediation, or the commission."""
    by = attribution_for(ctx.principal, "keuze van de klager voor de route", person_id)
    resource = Resource(section=Section.COMPLAINTS, household_id=hid, person_id=person_id)
    if route == ComplaintRouteChoice.COMMISSION:
        command = lambda _d: ctx.dossiers.refer_complaint_to_commission(  # noqa: E731
            complaint_id, commission_id=COMMISSION_ID, by=by)
    else:
        command = lambda _d: ctx.dossiers.choose_complaint_route(complaint_id, route=route.value, by=by)  # noqa: E731
    ctx.guard.access(ctx.principal, Action.UPDATE, resource, ctx.purpose, ctx.channel, command, trace_id=ctx.trace_id)


@strawberry.type
class PortalMutation:
    @strawberry.mutation(
        permission_classes=[PortalUserAct],
        description="Voeg uw eigen zienswijze toe aan een onderdeel van het dossier.")
    def add_statement(self, info: Info, household_id: str, person_id: str, item_version: int, text: str,
                      idempotency_key: str | None = None) -> Result:
        def act(ctx: RequestContext) -> Success:
            hid = _household(ctx, household_id)
            ctx.rights.add_statement(ctx.principal, hid, person_id=person_id, item_version=item_version, text=text,
                                     channel=ctx.channel)
            return _saved(ctx, hid)
        return _once(info, "addStatement", idempotency_key, _arguments(locals()), act)

    @strawberry.mutation(
        permission_classes=[PortalUserAct],
        description="Vraag om een correctie; het oorspronkelijke stuk blijft zichtbaar als betwist.")
    def request_correction(self, info: Info, household_id: str, person_id: str, item_version: int,
                           correction: str, idempotency_key: str | None = None) -> Result:
        def act(ctx: RequestContext) -> Success:
            hid = _household(ctx, household_id)
            ctx.rights.request_correction(ctx.principal, hid, correction_id=f"corr-{uuid.uuid4().hex[:12]}",
                                          person_id=person_id, item_version=item_version, correction=correction,
                                          channel=ctx.channel)
            return _saved(ctx, hid)
        return _once(info, "requestCorrection", idempotency_key, _arguments(locals()), act)

    @strawberry.mutation(
        permission_classes=[PortalUserAct],
        description="Geef toestemming om onderdelen te delen met één partner, voor één doel.")
    def grant_consent(self, info: Info, household_id: str, person_id: str, consent: ConsentInput,
                      idempotency_key: str | None = None) -> Result:
        def act(ctx: RequestContext) -> Success:
            hid = _household(ctx, household_id)
            if consent.partner not in {p["ref"] for p in partner_directory(ctx.directory)}:
                raise ApiError("Kies de organisatie uit de lijst: met een organisatie die wij niet kennen, kunnen wij "
                               "niets delen.", field="consent.partner", code="invalid_input")
            domains = [d.value for d in consent.zrm_domains] if consent.zrm_domains else None
            ctx.rights.grant_consent(ctx.principal, hid, consent_id=f"consent-{uuid.uuid4().hex[:12]}",
                                     person_id=person_id, partner=consent.partner, purpose=consent.purpose.value,
                                     sections=[s.value for s in consent.sections], valid_until=consent.valid_until,
                                     zrm_domains_shared=domains, channel=ctx.channel)
            return _saved(ctx, hid)
        return _once(info, "grantConsent", idempotency_key, _arguments(locals()), act)

    @strawberry.mutation(permission_classes=[PortalUserAct], description="Trek een toestemming in; dat geldt meteen.")
    def revoke_consent(self, info: Info, household_id: str, consent_id: str, person_id: str | None = None,
                       idempotency_key: str | None = None) -> Result:
        def act(ctx: RequestContext) -> Success:
            hid = _household(ctx, household_id)
            ctx.rights.revoke_consent(ctx.principal, hid, consent_id=consent_id,
                                      person_id=_own_person(ctx, person_id), channel=ctx.channel)
            return _saved(ctx, hid)
        return _once(info, "revokeConsent", idempotency_key, _arguments(locals()), act)

    @strawberry.mutation(
        permission_classes=[PortalUserAct],
        description="Dien een klacht in over hoe een medewerker u heeft behandeld, en kies hoe u "
                    "haar behandeld wilt zien.")
    def file_complaint(self, info: Info, household_id: str, person_id: str, about_worker_id: str, description: str,
                       subject: ComplaintSubjectChoice = ComplaintSubjectChoice.CONDUCT,
                       route: ComplaintRouteChoice | None = None, idempotency_key: str | None = None) -> Result:
        def act(ctx: RequestContext) -> Success:
            hid = _household(ctx, household_id)
            by = attribution_for(ctx.principal, "klacht van de inwoner", person_id)

            def file(decision: Any) -> UUID:
                # the worker is one the complainant can see on their dossier (chosen by name in the portal)
                if subject == ComplaintSubjectChoice.CONDUCT and about_worker_id not in worker_refs(ctx, hid, decision):
                    raise ApiError("Kies de medewerker uit de lijst van mensen die aan uw dossier werken.",
                                   field="aboutWorkerId", code="invalid_input")
                return ctx.dossiers.file_complaint(
                    household_id=hid, complainant_person_id=person_id, about_worker_id=about_worker_id,
                    subject=subject.value, description=description, by=by)
            resource = Resource(section=Section.COMPLAINTS, household_id=hid, person_id=person_id)
            complaint_id = ctx.guard.access(ctx.principal, Action.CREATE, resource, ctx.purpose, ctx.channel, file,
                                            trace_id=ctx.trace_id)
            if route is not None:
                _choose_route(ctx, hid, person_id, complaint_id, route)
            return Success(message="Uw klacht is ontvangen.", household_id=str(hid), complaint_id=str(complaint_id))
        return _once(info, "fileComplaint", idempotency_key, _arguments(locals()), act)

    @strawberry.mutation(
        permission_classes=[PortalUserAct],
        description="Vraag om een andere medewerker (keuzevrijheid).")
    def request_other_worker(self, info: Info, household_id: str, person_id: str, motivation: str,
                             idempotency_key: str | None = None) -> Result:
        def act(ctx: RequestContext) -> Success:
            hid = _household(ctx, household_id)
            _guarded_act(ctx, hid, Section.OVERVIEW, person_id, lambda: ctx.dossiers.request_other_worker(
                hid, request_id=f"wcr-{uuid.uuid4().hex[:12]}", person_id=person_id, motivation=motivation,
                by=attribution_for(ctx.principal, "keuzevrijheid: verzoek om een andere medewerker", person_id)))
            return _saved(ctx, hid)
        return _once(info, "requestOtherWorker", idempotency_key, _arguments(locals()), act)

    @strawberry.mutation(
        permission_classes=[PortalUserAct],
        description="Neem een kopie van al uw gegevens mee (export, machineleesbaar).")
    def export_my_data(self, info: Info, household_id: str | None = None) -> ExportResult:
        def act(ctx: RequestContext) -> ExportedData:
            hid = _household(ctx, household_id)
            data = ctx.rights.export_my_data(ctx.principal, hid, person_id=ctx.principal.person_id,
                                             channel=ctx.channel, purpose=ctx.purpose, trace_id=ctx.trace_id)
            return ExportedData(household_id=str(hid), data=data)
        return _attempt(info, act)
