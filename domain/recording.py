"""When an event is recorded. Normally: now. The synthetic demo municipality tells a past that
never ran through the system, so it records each event at the moment its story says it happened;
that makes 'the dossier as it stood on date X' work on demo data as it would on real history.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

_replaying_a_synthetic_past: ContextVar[bool] = ContextVar("replaying_a_synthetic_past", default=False)


@contextmanager
def synthetic_past() -> Iterator[None]:
    """Record events at their `by.occurred_at` (demo loading only; never for real data)."""
    token = _replaying_a_synthetic_past.set(True)
    try:
        yield
    finally:
        _replaying_a_synthetic_past.reset(token)


def recording_timestamp(kwargs: dict[str, Any]) -> None:
    """Set the event's recorded time from its attribution when telling a synthetic past."""
    if _replaying_a_synthetic_past.get() and kwargs.get("timestamp") is None and "by" in kwargs:
        kwargs["timestamp"] = kwargs["by"].occurred_at


class RecordedAggregateMixin:
    """Applies `recording_timestamp` to every event an aggregate triggers after its creation."""

    def trigger_event(self, event_class: Any, **kwargs: Any) -> None:
        recording_timestamp(kwargs)
        super().trigger_event(event_class, **kwargs)  # type: ignore[misc]
