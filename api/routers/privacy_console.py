"""The privacy officer's console over REST: search the access log, who looked at a person, the review
queue for emergency access, signals worth a look, and the register of processing activities.

Every route is decided and logged by the privacy layer first (section `access_log`, purpose
`access_log_audit`), so the officer's own reads of the log are in the log. No route reads
dossier content: names come through `privacy.audit_names`, under the same permit.
"""

from __future__ import annotations

import functools
import unicodedata
import uuid
from datetime import datetime, timedelta, timezone
from typing import Any, Literal

from fastapi import Query
from pydantic import AwareDatetime, BaseModel, Field

from api.context import Ctx, RequestContext
from api.errors import BadInput, NotFound
from api.reading import read
from api.paging import PageLinks, page_links
from api.routers.base import new_router
from api.views import Day, Timestamp
from infra.access_log_queries import AccessLogQueries, AccessLogQueryError, LogFilter
from infra.emergency_reviews import EmergencyReview, EmergencyReviewStore, InvalidReviewError
from api.people_names import StoreNames, staff_directory
from privacy.access_log import UNKNOWN_SUBJECT, StoredAccessLogEntry, format_time
from privacy.access_signals import CLIENT_ROLES, compute_signals
from privacy.audit_names import AuditNames, audit_names
from privacy.model import Action, Decision, Resource, Section
from privacy.register import register_versions
from privacy.rules import EXPLANATIONS, explanation

router = new_router("privacyfunctionaris")
SIGNAL_DAYS_MAX = 366


def _staff(ctx: Any) -> Any:
    """Staff names from the app's directory in demo mode only (api.people_names.staff_directory)."""
    return staff_directory(ctx.directory, ctx.request.app.state.api_settings.demo)


def _reviews(ctx: RequestContext) -> EmergencyReviewStore:
    return ctx.services.emergency_reviews


def _queries(ctx: RequestContext) -> AccessLogQueries:
    return AccessLogQueries(ctx.access_log)


def _names(ctx: RequestContext, decision: Decision, lines: list[StoredAccessLogEntry],
           extra_users: set[str] | None = None) -> AuditNames:
    source = StoreNames(ctx.dossiers, ctx.views["caseload"], _staff(ctx))
    return audit_names(
        decision, source,
        user_ids={s.entry.user_id for s in lines} | {s.entry.on_behalf_of for s in lines if s.entry.on_behalf_of}
        | (extra_users or set()),
        person_ids={p for s in lines for p in (s.entry.person_id, s.entry.data_subject_id) if p},
        household_ids={s.entry.household_id for s in lines if s.entry.household_id},
        person_households={p: s.entry.household_id for s in lines if s.entry.household_id
                           for p in (s.entry.person_id, s.entry.data_subject_id) if p})


def _activity_names() -> dict[str, str]:
    return {a.reference: a.name for register in register_versions() for a in register.activities}


def line_view(stored: StoredAccessLogEntry, activities: dict[str, str]) -> dict[str, Any]:
    """One line for the console: codes for filtering, with the Dutch words a person reads."""
    e = stored.entry
    return {
        "position": stored.position, "entry_id": str(e.entry_id), "time": format_time(e.time) if e.time else None,
        "user_id": e.user_id, "user_role": e.user_role, "organisation": e.organisation,
        "on_behalf_of": e.on_behalf_of, "person_id": e.person_id or e.data_subject_id, "household_id": e.household_id,
        "action": e.action, "section": e.section, "channel": e.channel, "outcome": e.outcome,
        "decision_rule": e.decision_rule, "why_decided": explanation(e.decision_rule)
        if e.decision_rule in _KNOWN_RULES else e.decision_rule,
        "purpose": e.purpose, "activity": activities.get(e.processing_activity_id, e.processing_activity_id),
        "emergency": e.emergency, "reason": e.reason, "status": e.status, "trace_id": e.trace_id,
    }


_KNOWN_RULES = frozenset(EXPLANATIONS)


class LineView(BaseModel):
    """One access-log line for the console: codes for filtering, with the Dutch words a person reads."""

    position: int
    entry_id: str
    time: Timestamp | None = None
    user_id: str
    user_role: str
    organisation: str | None = None
    on_behalf_of: str | None = None
    person_id: str | None = None
    household_id: str | None = None
    action: str
    section: str
    channel: str | None = None
    outcome: str
    decision_rule: str | None = None
    why_decided: str | None = None
    purpose: str | None = None
    activity: str | None = None
    emergency: bool = False
    reason: str | None = None
    status: str | None = None
    trace_id: str | None = None


class ReviewView(BaseModel):
    """The privacy officer's finding on one emergency access."""

    review_id: str
    conclusion: str
    finding: str
    reviewer_id: str
    reviewed_at: Timestamp
    trace_id: str | None = None


class EmergencyCase(LineView):
    review: ReviewView | None = None


class PlainLine(BaseModel):
    """One line as the person it concerns reads it (the client's 'wie heeft mijn dossier bekeken')."""

    time: Timestamp | None = None
    organisation: str | None = None
    role: str
    data: str
    action: str
    why: str | None = None
    outcome: str
    emergency: bool = False
    sentence: str
    section: str
    purpose: str | None = None
    user_id: str
    position: int


class SignalView(BaseModel):
    kind: str
    user_id: str
    user_role: str
    organisation: str | None = None
    first: Timestamp
    last: Timestamp
    count: int
    households: list[str]


class ActivityView(BaseModel):
    id: str
    reference: str
    purpose: str
    name: str
    description: str
    legal_basis: str
    legal_reference: str | None = None
    data_categories: list[str]
    retention_period: str | None = None
    retention_after: str | None = None
    sections: list[str]


class RegisterVersionView(BaseModel):
    version: int
    valid_from: Day
    in_force: bool
    activities: list[ActivityView]


class ProcessingRegister(BaseModel):
    """The register of processing activities (AVG art. 30), every version, newest first."""

    versions: list[RegisterVersionView]


class LinePage(BaseModel):
    """One page of the search; `_links.next` while more pages follow (page numbers: the console shows them)."""

    total: int
    page: int
    size: int
    pages: int
    lines: list[LineView]
    names: dict[str, dict[str, str]]
    links: PageLinks = Field(serialization_alias="_links")


def _persons_in(lines: Any) -> list[str]:
    """Everyone the shown lines name (as client or data subject): whose data a console answer releases,
    so its own line names them (NEN 7513 "which client"; the privacy officer's per-person export finds it)."""
    found: dict[str, None] = {}
    for stored in lines:
        e = stored.entry
        for person in (e.person_id, e.data_subject_id, *(e.data_subject_ids or "").split()):
            if person and person != UNKNOWN_SUBJECT:
                found[person] = None
    return list(found)


def _bad_filter(exc: AccessLogQueryError) -> BadInput:
    return BadInput(f"De zoekvraag klopt niet (veld {exc.field}): {exc}", field=exc.field)


@router.get("/access-log/lines", response_model=LinePage,
            summary="Search the access log (privacy officer): filter by person, household, user, time, outcome, ...")
def search_lines(
    ctx: Ctx,
    person: str | None = Query(None, max_length=100), household: str | None = Query(None, max_length=100),
    user: str | None = Query(None, max_length=100), organisation: str | None = Query(None, max_length=200),
    since: AwareDatetime | None = None, until: AwareDatetime | None = None,
    outcome: Literal["permit", "deny"] | None = None, purpose: str | None = Query(None, max_length=100),
    emergency: bool | None = None, page: int = Query(1, ge=1, le=100_000), size: int = Query(50, ge=1, le=200),
) -> LinePage:
    # Every page searches the log as it was when this page was asked for (and the next pages as then:
    # the pin), so the search's own line and lines written meanwhile never shift a page.
    asked_at = datetime.now(timezone.utc)
    bounded = until if until is not None and until < asked_at else asked_at
    where = LogFilter(person_id=person or None, household_id=household or None, user_id=user or None,
                      organisation=organisation or None, since=since, until=bounded, outcome=outcome,
                      purpose=purpose or None, emergency=emergency)

    @functools.cache  # once per request: the line names whom the page shows, then the page is sent
    def search() -> Any:
        return _queries(ctx).search(where, page=page, size=size)

    def subjects(decision: Decision) -> list[str]:
        try:
            return _persons_in(search().lines)
        except AccessLogQueryError:
            return []  # refused as a bad question in fetch, with the field named

    def fetch(decision: Decision) -> LinePage:
        try:
            found = search()
        except AccessLogQueryError as exc:
            raise _bad_filter(exc) from None
        activities = _activity_names()
        return LinePage(total=found.total, page=found.page, size=found.size, pages=found.pages,
                        lines=[line_view(s, activities) for s in found.lines],
                        names=_names(ctx, decision, found.lines).as_dict(),
                        links=page_links(ctx.request, found.page, found.pages, found.size,
                                         pin={"until": bounded.isoformat()}))

    return read(ctx, Action.SEARCH, Resource(section=Section.ACCESS_LOG, person_id=person or None), fetch,
                subjects=subjects)


class PersonFound(BaseModel):
    person_id: str
    name: str
    households: list[str]


class PeopleFound(BaseModel):
    people: list[PersonFound]
    names: dict[str, dict[str, str]]
    more: bool = Field(description="Er zijn meer mensen met deze naam dan getoond; typ meer van de naam.")


PEOPLE_SHOWN = 20


def _folded(text: str) -> str:
    """For comparing names as people type them: no case, no accents (Jose finds José)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


@router.get("/access-log/people", response_model=PeopleFound,
            summary="Find people in the access log by (part of) their name, or by their number")
def find_people(ctx: Ctx, name: str = Query(..., min_length=2, max_length=100,
                                            description="Een deel van de naam, of het persoonsnummer")) -> PeopleFound:
    """The people the log names whose name (as their dossier gives it) contains `name`.

    Only names are compared and released (through privacy.audit_names): the officer still reads no
    dossier content. The search runs over everyone the log knows about; its own line names the people
    it shows (their names are released), and opening a person's list writes a line about that person."""
    wanted = _folded(name)
    @functools.cache
    def matches() -> list[str]:
        source = StoreNames(ctx.dossiers, ctx.views["caseload"], _staff(ctx))
        return [p for p in ctx.access_log.subject_ids() if p == name.strip()
                or ((known := source.person_name(p)) and wanted in _folded(known))]

    def fetch(decision: Decision) -> PeopleFound:
        source = StoreNames(ctx.dossiers, ctx.views["caseload"], _staff(ctx))
        shown = matches()[:PEOPLE_SHOWN]
        caseload = ctx.views["caseload"]
        households = {p: [str(h) for h in caseload.households_of_person(p)] for p in shown}
        names = audit_names(decision, source, person_ids=shown,
                            household_ids={h for found in households.values() for h in found})
        people = [PersonFound(person_id=p, name=names.persons.get(p, ""), households=households[p]) for p in shown]
        return PeopleFound(people=people, names=names.as_dict(), more=len(matches()) > PEOPLE_SHOWN)

    # The names released are those of the people shown: they are the line's data subjects.
    return read(ctx, Action.SEARCH, Resource(section=Section.ACCESS_LOG), fetch,
                subjects=lambda decision: matches()[:PEOPLE_SHOWN])


class WhoLooked(BaseModel):
    person_id: str
    name: str | None
    households: list[str]
    lines: list[PlainLine]
    names: dict[str, dict[str, str]]


@router.get("/access-log/people/{person_id}", response_model=WhoLooked,
            summary="Who looked at one person: the same list the client sees under 'wie heeft mijn dossier bekeken'")
def who_looked(person_id: str, ctx: Ctx) -> WhoLooked:
    def fetch(decision: Decision) -> WhoLooked:
        known = [str(h) for h in ctx.views["caseload"].households_of_person(person_id)]
        lines = _queries(ctx).who_looked(person_id, known)
        households = list(dict.fromkeys(known + [s.entry.household_id for s in lines if s.entry.household_id]))
        names = _names(ctx, decision, lines)
        person_name = names.persons.get(person_id) or audit_names(
            decision, StoreNames(ctx.dossiers, ctx.views["caseload"], _staff(ctx)), person_ids=[person_id]).persons.get(person_id)
        plain = [{**ctx.rights.plain_line(s), "user_id": s.entry.user_id, "position": s.position} for s in lines]
        return WhoLooked(person_id=person_id, name=person_name, households=households,
                         lines=plain[::-1], names=names.as_dict())

    return read(ctx, Action.READ, Resource(section=Section.ACCESS_LOG, person_id=person_id), fetch)


class ReviewIn(BaseModel):
    conclusion: Literal["justified", "unjustified", "follow_up"]
    finding: str = Field(min_length=1, max_length=4000)


class EmergencyQueue(BaseModel):
    open: int
    reviewed: int
    cases: list[EmergencyCase]
    names: dict[str, dict[str, str]]


def _review_view(review: EmergencyReview | None) -> dict[str, Any] | None:
    if review is None:
        return None
    return {"review_id": review.review_id, "conclusion": review.conclusion, "finding": review.finding,
            "reviewer_id": review.reviewer_id, "reviewed_at": format_time(review.reviewed_at),
            "trace_id": review.trace_id}


@router.get("/access-log/emergency", response_model=EmergencyQueue,
            summary="The review queue of emergency access (break the glass), open cases first")
def emergency_queue(ctx: Ctx, state: Literal["open", "reviewed", "all"] = "all") -> EmergencyQueue:
    @functools.cache
    def emergency_lines() -> Any:
        return _queries(ctx).lines(LogFilter(emergency=True), limit=5000)

    def fetch(decision: Decision) -> EmergencyQueue:
        lines = emergency_lines()
        latest = _reviews(ctx).latest_by_entry()
        activities = _activity_names()
        cases = [{**line_view(s, activities), "review": _review_view(latest.get(str(s.entry.entry_id)))}
                 for s in reversed(lines)]
        open_count = sum(1 for c in cases if c["review"] is None)
        shown = [c for c in cases if state == "all" or (c["review"] is None) == (state == "open")]
        shown.sort(key=lambda c: c["review"] is not None)  # open first, each newest first
        reviewers = {c["review"]["reviewer_id"] for c in shown if c["review"]}
        return EmergencyQueue(open=open_count, reviewed=len(cases) - open_count, cases=shown,
                              names=_names(ctx, decision, lines, reviewers).as_dict())

    return read(ctx, Action.SEARCH, Resource(section=Section.ACCESS_LOG), fetch,
                subjects=lambda decision: _persons_in(emergency_lines()))


@router.post("/access-log/emergency/{entry_id}/review", response_model=ReviewView, status_code=201,
             summary="Record the privacy officer's finding on one emergency access (append-only)")
def review_emergency(entry_id: str, body: ReviewIn, ctx: Ctx) -> dict[str, Any]:
    def fetch(decision: Decision) -> dict[str, Any]:
        stored = _queries(ctx).by_entry_ids([entry_id]).get(entry_id) if _is_uuid(entry_id) else None
        if stored is None or not stored.entry.emergency:
            raise NotFound("Deze noodtoegang staat niet in de toegangslog. Kies een regel uit de lijst.",
                           field="entry_id")
        try:
            review = EmergencyReview(entry_id=entry_id, conclusion=body.conclusion, finding=body.finding.strip(),
                                     reviewer_id=ctx.principal.user_id, reviewer_role=ctx.principal.role.value,
                                     trace_id=ctx.trace_id)
        except InvalidReviewError as exc:
            raise BadInput(f"De toetsing klopt niet (veld {exc.field}): {exc}", field=exc.field) from None
        return _review_view(_reviews(ctx).append(review)) or {}

    return read(ctx, Action.CREATE, Resource(section=Section.ACCESS_LOG), fetch)


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


class Signals(BaseModel):
    since: str
    days: int
    lines_checked: int
    signals: list[SignalView]
    names: dict[str, dict[str, str]]


@router.get("/access-log/signals", response_model=Signals,
            summary="Signals worth a look: many households outside the caseload, night reads, bursts of denials, "
                    "access after reassignment")
def signals(ctx: Ctx, days: int = Query(30, ge=1, le=SIGNAL_DAYS_MAX)) -> Signals:
    since = datetime.now(timezone.utc) - timedelta(days=days)

    caseload = ctx.views["caseload"]
    @functools.cache
    def checked() -> Any:
        lines = [s for s in _queries(ctx).lines(LogFilter(since=since)) if s.entry.user_role not in CLIENT_ROLES]

        def assigned_now(user_id: str, household_id: str) -> bool:
            assignment = caseload.assignment_of(household_id)
            return assignment is not None and assignment.involves(user_id)

        return lines, compute_signals(lines, assigned_now)

    def members(decision: Decision) -> list[str]:
        # The signals name households (by name): their members are the line's data subjects.
        households = dict.fromkeys(h for s in checked()[1] for h in s.households)
        return [p for h in households for p in caseload.members_of(str(h))]

    def fetch(decision: Decision) -> Signals:
        lines, found = checked()
        names = audit_names(decision, StoreNames(ctx.dossiers, caseload, _staff(ctx)), user_ids={s.user_id for s in found},
                            household_ids={h for s in found for h in s.households})
        return Signals(since=format_time(since), days=days, lines_checked=len(lines), names=names.as_dict(),
                       signals=[{"kind": s.kind, "user_id": s.user_id, "user_role": s.user_role,
                                 "organisation": s.organisation, "first": format_time(s.first),
                                 "last": format_time(s.last), "count": s.count, "households": list(s.households)}
                                for s in found])

    return read(ctx, Action.READ, Resource(section=Section.ACCESS_LOG), fetch, subjects=members)


@router.get("/processing-register", response_model=ProcessingRegister,
            summary="The register of processing activities (AVG art. 30), every version, newest first")
def processing_register(ctx: Ctx) -> dict[str, Any]:
    def fetch(_decision: Decision) -> dict[str, Any]:
        current = ctx.guard.register
        versions = []
        for register in sorted(register_versions(), key=lambda r: r.version, reverse=True):
            versions.append({
                "version": register.version, "valid_from": register.valid_from.isoformat(),
                "in_force": register.version == current.version,
                "activities": [{"id": a.id, "reference": a.reference, "purpose": a.purpose, "name": a.name,
                                "description": a.description, "legal_basis": a.legal_basis,
                                "legal_reference": a.legal_reference, "data_categories": list(a.data_categories),
                                "retention_period": a.retention_period, "retention_after": a.retention_after,
                                "sections": sorted(a.sections)} for a in register.activities],
            })
        return {"versions": versions}

    return read(ctx, Action.READ, Resource(section=Section.ACCESS_LOG), fetch)
