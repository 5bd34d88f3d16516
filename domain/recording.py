"""When an event is recorded. Normally: now. The synthetic demo municipality tells a past that
never ran through the system, so it records each event at the moment its story says it happened;
that makes 'the dossier as it stood on date X' work on demo data as it would on real history.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from typing import Any

_replaying_a_synthetic_past: ContextVar[bool] = ContextVar("replaying_a_synthetic_past", default=False)
_recorded_late_at: ContextVar[datetime | None] = ContextVar("recorded_late_at", default=None)


@contextmanager
def synthetic_past() -> Iterator[None]:
    """Record events at their `by.occurred_at` (demo loading only; never for real data)."""
    token = _replaying_a_synthetic_past.set(True)
    try:
        yield
    finally:
        _replaying_a_synthetic_past.reset(token)


@contextmanager
def recorded_late(moment: datetime) -> Iterator[None]:
    """Within a synthetic past: record the events at `moment`, after they happened (a note written up
    days later), so the demo holds the late recordings a reviewer has to notice."""
    token = _recorded_late_at.set(moment)
    try:
        yield
    finally:
        _recorded_late_at.reset(token)


def recording_timestamp(kwargs: dict[str, Any]) -> None:
    """Set the event's recorded time from its attribution when telling a synthetic past."""
    if _replaying_a_synthetic_past.get() and kwargs.get("timestamp") is None and "by" in kwargs:
        late = _recorded_late_at.get()
        kwargs["timestamp"] = late if late is not None else kwargs["by"].occurred_at


class RecordedAggregateMixin:
    """Applies `recording_timestamp` to every event an aggregate triggers after its creation."""

    def trigger_event(self, event_class: Any, **kwargs: Any) -> None:
        recording_timestamp(kwargs)
        super().trigger_event(event_class, **kwargs)  # type: ignore[misc]


def entered_record_at(event: Any) -> datetime:
    """Since when an event is on record: when it was recorded here, or, for history carried over from
    the municipality's previous system (`by.imported_from`), when it happened. The import's own moment
    says nothing about the dossier: that history was on record in the previous system from then (its
    own recording time there was not carried over). Time travel ("as the dossier stood on date X") and
    retention ("since the last change") count by this, so an imported past reads as it stood.
    """
    by = getattr(event, "by", None)
    if by is not None and getattr(by, "imported_from", None):
        return by.occurred_at
    return event.timestamp
