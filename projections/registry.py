"""Which read models exist, and how to open them on a store.

`open_views(settings)` gives the live views (for queries: the API and the privacy layer);
`open_projections(...)` gives projections around views (for the runner, rebuild and check).
"""

from __future__ import annotations

import threading
from typing import Any

from infra.settings import Settings, StoreSettings, settings_for
from projections.backends import construct_view, open_datastore
from projections.base import ViewProjection
from projections.caseload_view import CaseloadProjection, CaseloadView
from projections.complaints_view import ComplaintsProjection, ComplaintsView
from projections.plan_view import PlanProjection, PlanView
from projections.steering_view import SteeringProjection, SteeringView

APPLICATION_NAME = "wijkdossier"

PROJECTIONS: dict[str, tuple[type[ViewProjection], type[Any]]] = {
    "plan": (PlanProjection, PlanView),
    "caseload": (CaseloadProjection, CaseloadView),
    "complaints": (ComplaintsProjection, ComplaintsView),
    "steering": (SteeringProjection, SteeringView),
}


class UnknownProjectionError(ValueError):
    """A projection name that does not exist; the message lists the ones that do."""


def checked_names(names: list[str] | None) -> list[str]:
    """The names asked for (all when none), or an error naming the valid ones."""
    if not names:
        return list(PROJECTIONS)
    unknown = [n for n in names if n not in PROJECTIONS]
    if unknown:
        raise UnknownProjectionError(
            f"projection: {', '.join(unknown)} bestaat niet; kies uit {', '.join(PROJECTIONS)}"
        )
    return names


def live_prefix(name: str) -> str:
    return f"proj_{name}"


def settings_key(settings: Settings | StoreSettings) -> str:
    store = settings.store if isinstance(settings, Settings) else settings
    return f"{store.describe()}|{sorted(store.extra.items())}"


def open_projections(settings: Settings | StoreSettings, names: list[str] | None = None, *, datastore: Any = None,
                     prefix: str | None = None, check_layout: bool = True) -> dict[str, ViewProjection]:
    """Projections with their views on this store (tables created when missing).

    `prefix` (a format string with `{name}`) puts the views elsewhere, e.g. a scratch copy.
    """
    settings = settings_for(settings)
    datastore = datastore or open_datastore(settings.store)
    out: dict[str, ViewProjection] = {}
    for name in checked_names(names):
        projection_class, view_class = PROJECTIONS[name]
        view = construct_view(view_class, settings, datastore,
                              prefix.format(name=name) if prefix else live_prefix(name), check_layout=check_layout)
        view.application_name = APPLICATION_NAME
        out[name] = projection_class(view=view)
    return out


_cache: dict[str, dict[str, Any]] = {}
_cache_lock = threading.Lock()


def open_views(settings: Settings | StoreSettings) -> dict[str, Any]:
    """The live views of this store, opened once per process and shared (thread-safe pools).

    Example: `open_views(settings)["caseload"].assignment_of(household_id)`.
    """
    key = settings_key(settings)
    with _cache_lock:
        if key not in _cache:
            _cache[key] = {n: p.view for n, p in open_projections(settings).items()}
        return _cache[key]


def forget_views(settings: Settings | StoreSettings) -> None:
    """Drop the cached views of a store (after a rebuild, or when a test's store goes away)."""
    with _cache_lock:
        views = _cache.pop(settings_key(settings), None)
    # The views share one connection pool; left open, every store a process ever served keeps its
    # connections (a test run on PostgreSQL then runs out of them).
    for datastore in {id(v.datastore): v.datastore for v in (views or {}).values()}.values():
        datastore.close()
