"""Exports of the access log for the privacy officer: CSV for people, FHIR for machines. Exporting is logged.

Both stream every matching line (no cap, no page): a privacy officer's export that drops lines
without saying so would be a lost record. FHIR's `total` is the number of entries sent.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from typing import Any

from fastapi import Query
from fastapi.responses import StreamingResponse
from pydantic import AwareDatetime

from api.audit_export import CSV_HEADER, audit_bundle_chunks, csv_lines
from api.context import Ctx, RequestContext
from api.reading import read
from api.routers.base import new_router
from privacy.model import Action, Resource, Section

router = new_router("toegangslog")

# The answer's outline; each resource is a FHIR R4 AuditEvent (hl7.org/fhir/R4/auditevent.html, IHE BALP).
FHIR_BUNDLE_SCHEMA: dict[str, Any] = {
    "type": "object", "required": ["resourceType", "type", "entry", "total"],
    "properties": {
        "resourceType": {"type": "string", "enum": ["Bundle"]},
        "type": {"type": "string", "enum": ["searchset"]},
        "timestamp": {"type": "string", "format": "date-time"},
        "total": {"type": "integer", "minimum": 0},
        "entry": {"type": "array", "items": {
            "type": "object", "required": ["fullUrl", "resource"],
            "properties": {
                "fullUrl": {"type": "string", "description": "urn:uuid: van de regel in het toegangslog"},
                "search": {"type": "object", "properties": {"mode": {"type": "string", "enum": ["match"]}}},
                "resource": {"type": "object", "required": ["resourceType"],
                             "description": "Een FHIR R4 AuditEvent: wie (agent), wat (entity), wanneer (recorded), "
                                            "uitkomst en doel (purposeOfEvent).",
                             "properties": {"resourceType": {"type": "string", "enum": ["AuditEvent"]},
                                            "recorded": {"type": "string", "format": "date-time"},
                                            "outcome": {"type": "string"},
                                            "agent": {"type": "array", "items": {"type": "object"}},
                                            "entity": {"type": "array", "items": {"type": "object"}}}}}}},
    },
}
BATCH_LINES = 2000


def _streamed(ctx: RequestContext, person: str | None, scan: Callable[..., Iterator[Any]],
              **filters: Any) -> Iterator[Any]:
    """Every matching line, in batches from one database cursor: no limit, flat memory.

    The first batch is read before the response starts, so a store that cannot be read is a
    clear error (503), not a cut-off file; a failure later breaks the transfer itself, which a
    client sees as an incomplete download, never as a shorter export."""
    resource = Resource(section=Section.ACCESS_LOG, person_id=person)
    # The export's own log line is written (and durable) before the query runs, so it is part of the record.

    def fetch(decision: Any) -> Iterator[Any]:
        batches = scan(person_id=person, batch_size=BATCH_LINES, **filters)
        first = next(batches, None)
        return itertools.chain([] if first is None else [first], batches)

    return read(ctx, Action.EXPORT, resource, fetch)


@router.get("/access-log/export.csv", response_class=StreamingResponse, summary="Export access-log lines as CSV (NEN 7513 columns)",
            responses={200: {"content": {"text/csv": {}}, "description": "CSV, één kopregel"}})
def export_csv(ctx: Ctx, person: str | None = Query(None, max_length=100), user: str | None = Query(None, max_length=100),
               organisation: str | None = Query(None, max_length=200), since: AwareDatetime | None = None,
               until: AwareDatetime | None = None, emergency: bool | None = None) -> StreamingResponse:
    # The store writes the CSV lines itself (scan_csv); FHIR writes its resources from plain rows (scan_rows).
    chunks = _streamed(ctx, person, lambda **f: csv_lines(ctx.access_log, **f), user_id=user,
                       organisation=organisation, since=since, until=until, emergency=emergency)
    return StreamingResponse(itertools.chain([CSV_HEADER], chunks), media_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": 'attachment; filename="toegangslog.csv"'})


@router.get("/access-log/export.fhir.json", summary="Export access-log lines as a FHIR R4 Bundle of AuditEvent (IHE BALP)",
            response_class=StreamingResponse,
            responses={200: {"content": {"application/fhir+json": {"schema": FHIR_BUNDLE_SCHEMA}},
                             "description": "FHIR R4 Bundle (searchset) van AuditEvent"}})
def export_fhir(ctx: Ctx, person: str | None = Query(None, max_length=100), user: str | None = Query(None, max_length=100),
                organisation: str | None = Query(None, max_length=200), since: AwareDatetime | None = None,
                until: AwareDatetime | None = None, emergency: bool | None = None) -> StreamingResponse:
    batches = _streamed(ctx, person, ctx.access_log.scan_rows, user_id=user, organisation=organisation, since=since,
                        until=until, emergency=emergency)
    return StreamingResponse(audit_bundle_chunks(batches), media_type="application/fhir+json")
