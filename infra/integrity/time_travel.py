"""Time travel for the review views of the complaint commission and the ombudsman.

The dossier as it stood at a moment is `WijkdossierApplication.get_dossier(id, version=)` or
`get_dossier_as_of(id, moment)`; this module adds the event list up to a moment and the
complaint's scope as moments. "As it stood" means as it was *on record* (the events' own
timestamps; for history imported from a previous system, when it happened: see
`domain.recording.entered_record_at`), the same rule the privacy layer applies to a complaint's scope.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from domain.errors import InvalidValueError
from domain.recording import entered_record_at

LOCAL_TIME = ZoneInfo("Europe/Amsterdam")  # a complaint's scope dates are Dutch calendar days


def history_as_of(app: Any, household_id: UUID | str, moment: datetime) -> list[Any]:
    """The events of one dossier (or complaint) recorded at or before `moment`, oldest first.

    Raises InvalidValueError for a moment without a time zone, DossierNotFoundError for an
    unknown id and DossierErasedError for an erased household. An empty list means the
    dossier did not exist yet at that moment.
    """
    _require_aware(moment)
    return [event for event in app.history(household_id) if entered_record_at(event) <= moment]


def dossier_as_it_stood(app: Any, household_id: UUID | str, *, moment: datetime | None = None,
                        version: int | None = None) -> Any:
    """The dossier at a moment or at a version (give exactly one)."""
    if (moment is None) == (version is None):
        raise InvalidValueError("as_of: give either a moment or a version, not both and not neither", field="as_of")
    if version is not None:
        return app.get_dossier(household_id, version=version)
    assert moment is not None
    return app.get_dossier_as_of(household_id, moment)


def complaint_scope(complaint: Any) -> tuple[datetime | None, datetime]:
    """(start, end) of a complaint's review scope: the start of `scope_from` (None when open
    towards the past) and the end of `scope_until`, both in Dutch time."""
    start = None if complaint.scope_from is None else start_of_day(complaint.scope_from)
    return start, end_of_day(complaint.scope_until)


def dossier_at_complaint_scope(app: Any, complaint_id: UUID | str) -> Any:
    """The complaint's household dossier as it stood at the end of the complaint's scope."""
    complaint = app.get_complaint(complaint_id)
    _, end = complaint_scope(complaint)
    return app.get_dossier_as_of(complaint.household_id, end)


def history_in_complaint_scope(app: Any, complaint_id: UUID | str) -> list[Any]:
    """The household's events inside the complaint's scope, oldest first."""
    complaint = app.get_complaint(complaint_id)
    start, end = complaint_scope(complaint)
    return [e for e in history_as_of(app, complaint.household_id, end) if start is None or entered_record_at(e) >= start]


def start_of_day(day: date) -> datetime:
    return datetime.combine(day, time(0), LOCAL_TIME)


def end_of_day(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time(0), LOCAL_TIME) - timedelta(microseconds=1)


def parse_recorded_at(text: str) -> datetime:
    """A chain row's `recorded_at` ("2025-03-03T09:00:00.000000Z") as an aware datetime."""
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


def _require_aware(moment: datetime) -> None:
    if moment.tzinfo is None:
        raise InvalidValueError("as_of: give a time with a time zone (for example 2026-03-01T10:00:00+01:00)",
                                field="as_of")
