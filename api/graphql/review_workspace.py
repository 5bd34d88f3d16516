"""The review workspace in one read: the complaint, its scope, and the dossier as it stood on a day.

Everything a commission member or the ombudsman sees here comes out of `privacy.redaction`
(`history_view`, `release_event`) under the guard's decisions; this module only picks the day,
says when it moved the day into the complaint's scope, and puts names to the ids the
released items carry (staff from the staff directory, household members from the released items
that introduce them, never from the dossier itself); which attributes name whom, each event's
metadata says (domain/event_meta.py).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from api.context import RequestContext
from api.errors import ApiError
from api.reading import read_together
from api.routers.complaints import complaint_view
from api.views import overview
from domain.catalogue import meta_by_name
from domain.errors import DossierNotFoundError
from domain.recording import entered_record_at
from api.people_names import StoreNames, staff_directory
from privacy.model import Action, Resource, Section
from privacy.redaction import Redactor, history_view, release_event

LOCAL_TIME = ZoneInfo("Europe/Amsterdam")  # complaint scopes and the date control are Dutch calendar days
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december")


class ReviewInputError(ApiError):
    """A wrong input on the review page; `extensions` lets GraphQL tell the page which control it concerns."""

    @property
    def extensions(self) -> dict[str, Any]:
        return {"field": self.field, "code": self.code}


def _staff(ctx: RequestContext) -> Any:
    """Staff names from the app's directory in demo mode only (api.people_names.staff_directory)."""
    return staff_directory(ctx.directory, ctx.settings.api.demo)


def dutch_day(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def end_of_day(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time(0), LOCAL_TIME) - timedelta(microseconds=1)


def choose_day(asked: date | None, scope_from: date | None, scope_until: date) -> tuple[date, str | None]:
    """The day to show and, when it is not the day asked for, a sentence that says why."""
    scope = (f"van {dutch_day(scope_from)} tot en met {dutch_day(scope_until)}" if scope_from
             else f"tot en met {dutch_day(scope_until)}")
    if asked is None:
        return scope_until, (f"U koos geen datum. U ziet het dossier zoals het was op {dutch_day(scope_until)}, "
                             "het einde van de reikwijdte van de klacht.")
    if asked > scope_until:
        return scope_until, (f"U koos {dutch_day(asked)}. Die dag ligt na de reikwijdte van de klacht ({scope}). "
                             f"U ziet daarom het dossier zoals het was op {dutch_day(scope_until)}.")
    if scope_from is not None and asked < scope_from:
        return scope_from, (f"U koos {dutch_day(asked)}. Die dag ligt vóór de reikwijdte van de klacht ({scope}). "
                            f"U ziet daarom het dossier zoals het was op {dutch_day(scope_from)}.")
    return asked, None


def _complaint_part(ctx: RequestContext, complaint_id: UUID, decision: Any) -> dict[str, Any]:
    """The complaint and its own course, released under the decision on the complaint."""
    complaint = ctx.dossiers.get_complaint(complaint_id)
    r = Redactor(decision)
    course = [item for item in (release_event(e, r) for e in ctx.dossiers.history(complaint_id)) if item]
    view = complaint_view(complaint).model_dump(mode="json")
    view.update(description=getattr(complaint, "description", None),
                commission_id=getattr(complaint, "commission_id", None),
                ombudsman_id=getattr(complaint, "ombudsman_id", None),
                routes_taken=list(getattr(complaint, "routes_taken", []) or []))
    return {"complaint": view, "course": course}


def _scope(complaint: dict[str, Any]) -> tuple[date | None, date]:
    scope_from = date.fromisoformat(complaint["scope_from"]) if complaint.get("scope_from") else None
    scope_until = date.fromisoformat(complaint["scope_until"]) if complaint.get("scope_until") else \
        datetime.fromisoformat(complaint["filed_at"]).astimezone(LOCAL_TIME).date()
    return scope_from, scope_until


def _names(ctx: RequestContext, items: list[dict[str, Any]], extra_staff: set[str]) -> dict[str, dict[str, str]]:
    """Names for the ids in released items: staff by directory (the attributes each event's metadata
    says name staff), members by their released item that introduces them (`shows="member"`)."""
    persons: dict[str, str] = {}
    relations: dict[str, str] = {}
    staff_ids = set(extra_staff)
    metas = meta_by_name()
    for item in items:
        by = item.get("by") or {}
        data = item.get("data") or {}
        meta = metas.get(str(item.get("type")))
        if by.get("actor_id"):
            staff_ids.add(str(by["actor_id"]))
        for key in meta.staff if meta is not None else ():
            if isinstance(data.get(key), str):
                staff_ids.add(data[key])
        if meta is not None and meta.shows == "member" and data.get("person_id") and data.get("name"):
            persons[str(data["person_id"])] = str(data["name"])
            relations[str(data["person_id"])] = str(data.get("relation") or "")
    source = StoreNames(ctx.dossiers, None, _staff(ctx))  # staff names only: the directory, no dossier
    staff: dict[str, str] = {}
    organisations: dict[str, str] = {}
    for staff_id in sorted(staff_ids - set(persons)):
        name = source.staff_name(staff_id)
        if name:
            staff[staff_id] = name
            organisations[staff_id] = source.staff_organisation(staff_id) or ""
    return {"staff": staff, "organisations": organisations, "persons": persons, "relations": relations}


def review_workspace(ctx: RequestContext, complaint_id: UUID, on_date: date | None) -> dict[str, Any]:
    """The complaint, the day shown (and why, if moved), and the dossier's history and overview as of that day.

    One read: the complaint and the household's history are each decided on the complaint's facts and
    logged as ONE access-log line naming both sections (the household comes from the complaint).
    """
    # A value that is not a date never gets here: the Date scalar refuses it (said in Dutch by api.graphql.schema).
    asked = on_date
    resources = [Resource(section=Section.COMPLAINTS, complaint_id=complaint_id),
                 Resource(section=Section.HISTORY, complaint_id=complaint_id)]

    def fetch(decisions: list[Any]) -> dict[str, Any]:
        on_complaint, on_history = decisions
        part = _complaint_part(ctx, complaint_id, on_complaint)
        scope_from, scope_until = _scope(part["complaint"])
        day, moved = choose_day(asked, scope_from, scope_until)
        as_of = end_of_day(day)
        household_id = UUID(part["complaint"]["household_id"])
        events = ctx.dossiers.history(household_id)
        first = entered_record_at(events[0]).astimezone(LOCAL_TIME).date()
        try:
            dossier = ctx.dossiers.get_dossier_as_of(household_id, as_of)
        except DossierNotFoundError as exc:
            if exc.field != "as_of":
                raise
            raise ReviewInputError(f"Datum: op {dutch_day(day)} was er in dit dossier nog niets vastgelegd. Kies "
                                   f"{dutch_day(first)} of later.", field="onDate", code="before_dossier") from None
        view = history_view(events, on_history, recorded_until=as_of)
        return {**part, "overview": overview(dossier).model_dump(mode="json"), "history": view, "day": day,
                "moved": moved, "as_of": as_of, "scope": (scope_from, scope_until)}
    found = read_together(ctx, Action.READ, resources, fetch)
    complaint, day, as_of = found["complaint"], found["day"], found["as_of"]
    scope_from, scope_until = found["scope"]
    items = found["history"]["items"]
    workers = {complaint["about_worker_id"]} | {v for k, v in found["overview"].items()
                                                 if k in ("case_director", "process_director") and isinstance(v, str)}
    names = _names(ctx, items + found["course"], workers | set(found["overview"].get("tandem_workers") or []))
    return {
        "complaint": complaint, "course": found["course"],
        "day": {"asked": asked.isoformat() if asked else None, "shown": day.isoformat(), "moved": found["moved"],
                "as_of": as_of.isoformat()},
        "scope": {"from": scope_from.isoformat() if scope_from else None, "until": scope_until.isoformat()},
        "overview": found["overview"], "events": items,
        "outside_scope": found["history"]["outside_scope"], "left_out": found["history"]["left_out"],
        "names": names,
        # Who reads, and when: the printable report names them for the commission's file.
        "reviewer": {"user_id": ctx.principal.user_id, "role": ctx.principal.role.value,
                     "name": StoreNames(ctx.dossiers, None, _staff(ctx)).staff_name(ctx.principal.user_id),
                     "organisation": ctx.principal.organisation},
        "read_at": datetime.now(LOCAL_TIME).isoformat(),
    }
