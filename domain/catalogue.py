"""Every event class of the domain, each carrying its metadata (domain/event_meta.py): the one list
from which privacy/ derives its section table and the portal its event labels."""

from __future__ import annotations

from domain import complaint
from domain.dossier import events as dossier_events
from domain.event_meta import EventMeta

ALL_EVENTS: tuple[type, ...] = (*dossier_events.ALL, *complaint.EVENTS)


def meta_of(event_class: type) -> EventMeta | None:
    meta = getattr(event_class, "meta", None)
    return meta if isinstance(meta, EventMeta) else None


def meta_by_name() -> dict[str, EventMeta]:
    """Event name -> its metadata, for what only has a released item's `type`."""
    return {e.__name__: e.meta for e in ALL_EVENTS}  # type: ignore[attr-defined]


def event_labels() -> dict[str, str]:
    """Event name -> the Dutch label people read."""
    return {e.__name__: e.meta.label for e in ALL_EVENTS}  # type: ignore[attr-defined]
