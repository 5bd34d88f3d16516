"""What every Wijkdossier read model shares: dispatch by event class, erasure, tombstones.

A projection's `apply` is a `singledispatchmethod` over the domain event classes; it works
on a `RowUnit` (rows plus tracking record in one transaction). Events a projection does not
care about still move its position, so the lag stays honest.

Erasure: when a household's key is destroyed its events no longer decode. The runner then
calls `process_erased` instead of `process_event`; the view replaces the household's rows
with a tombstone (its id and `erased = 1`, nothing else). `DossierErased` does the same.
Both paths end in the same rows, so a view rebuilt after the key is gone equals the view
that was built while the data could still be read.
"""

from __future__ import annotations

import inspect
from datetime import date, datetime
from typing import Any
from uuid import UUID

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking
from eventsourcing.projection import Projection

from projections.rows import RowUnit


def when(event: Any) -> str:
    """When it happened in the world (the attribution's `occurred_at`), as ISO text."""
    return event.by.occurred_at.isoformat()


def as_datetime(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def as_date(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text[:10])


def hid(event: Any) -> str:
    return str(event.originator_id)


def tombstone(household_id: str) -> dict[str, Any]:
    return {"household_id": household_id, "erased": 1}


_handlers: dict[tuple[type, type], Any] = {}


class ViewProjection(Projection[Any]):
    """A projection whose view is a `RowView`; subclasses register `apply` handlers."""

    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        """Apply one decoded event and record its position, in one transaction (or in the
        batch being applied, without a context manager per event: a rebuild calls this once
        per event and view)."""
        batch = self.view.open_batch()
        if batch is not None:
            batch.track(tracking)
            self._dispatch(domain_event, batch.unit)
            return
        with self.view.unit(tracking) as rows:
            self._dispatch(domain_event, rows)

    def _dispatch(self, domain_event: Any, rows: RowUnit) -> None:
        # `self.apply(...)` builds a new wrapper function on every attribute access (the
        # library's singledispatchmethod.__get__); the handler per event class is looked up once.
        cls, kind = type(self), type(domain_event)
        handler = _handlers.get((cls, kind))
        if handler is None:
            descriptor = inspect.getattr_static(cls, "apply")
            descriptor.__get__(self, cls)  # runs the library's deferred registrations
            handler = _handlers[(cls, kind)] = descriptor.dispatcher.dispatch(kind)
        handler.__get__(self, cls)(domain_event, rows)

    def process_erased(self, household_id: str, topic: str, tracking: Tracking) -> None:
        """An event of an erased household (its key is destroyed): keep only a tombstone."""
        with self.view.unit(tracking) as rows:
            self.erase(rows, household_id, topic)

    @singledispatchmethod
    def apply(self, domain_event: Any, rows: RowUnit) -> None:
        """Events this view does not use: nothing to change (the position still moves)."""

    def erase(self, rows: RowUnit, household_id: str, topic: str) -> None:
        """Default erasure: the household's row in `households` becomes a tombstone."""
        rows.put("households", tombstone(household_id))


def household_row(rows: RowUnit, event: Any) -> dict[str, Any] | None:
    """The household's row, or None when the household is unknown or erased (nothing to update)."""
    row = rows.get("households", hid(event))
    if row is None or row.get("erased"):
        return None
    return row


def as_id(value: UUID | str) -> str:
    return str(value)
