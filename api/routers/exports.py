"""Exports of the access log for the privacy officer: CSV for people, FHIR for machines. Exporting is logged."""

from __future__ import annotations

from typing import Any

from fastapi import Query
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import AwareDatetime

from api.audit_export import audit_bundle, csv_lines
from api.context import Ctx, RequestContext
from api.reading import read
from api.routers import new_router
from privacy.model import Action, Resource, Section

router = new_router("toegangslog")
MAX_LINES = 100_000


def _lines(ctx: RequestContext, person: str | None, user: str | None, organisation: str | None,
           since: AwareDatetime | None, until: AwareDatetime | None, emergency: bool | None) -> list[Any]:
    resource = Resource(section=Section.ACCESS_LOG, person_id=person)
    # The export's own log line is written (and durable) before the query runs, so it is part of the record.
    return read(ctx, Action.EXPORT, resource, lambda decision: ctx.access_log.query(
        person_id=person, user_id=user, organisation=organisation, since=since, until=until, emergency=emergency,
        limit=MAX_LINES))


@router.get("/access-log.csv", response_class=StreamingResponse, summary="Export access-log lines as CSV (NEN 7513 columns)",
            responses={200: {"content": {"text/csv": {}}, "description": "CSV, één kopregel"}})
def export_csv(ctx: Ctx, person: str | None = Query(None, max_length=100), user: str | None = Query(None, max_length=100),
               organisation: str | None = Query(None, max_length=200), since: AwareDatetime | None = None,
               until: AwareDatetime | None = None, emergency: bool | None = None) -> StreamingResponse:
    lines = _lines(ctx, person, user, organisation, since, until, emergency)
    return StreamingResponse(csv_lines(lines), media_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": 'attachment; filename="toegangslog.csv"'})


@router.get("/access-log.fhir.json", summary="Export access-log lines as a FHIR R4 Bundle of AuditEvent (IHE BALP)",
            responses={200: {"content": {"application/fhir+json": {}}, "description": "FHIR R4 Bundle"}})
def export_fhir(ctx: Ctx, person: str | None = Query(None, max_length=100), user: str | None = Query(None, max_length=100),
                organisation: str | None = Query(None, max_length=200), since: AwareDatetime | None = None,
                until: AwareDatetime | None = None, emergency: bool | None = None) -> JSONResponse:
    lines = _lines(ctx, person, user, organisation, since, until, emergency)
    return JSONResponse(audit_bundle(lines), media_type="application/fhir+json")
