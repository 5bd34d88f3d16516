"""The event store under the dossier application: its folder or schema at the current version
(`prepare_store`) and `open_application`. The services on top (views, guard, runners) are built by
`wiring.bootstrap`."""

from __future__ import annotations

from domain.application import WijkdossierApplication
from infra.library_env import application_env
from infra.migrations import ensure_current
from infra.settings import Settings, StoreSettings, settings_for


def prepare_store(settings: StoreSettings) -> None:
    """Make sure the store can be opened: its folder or schema, its tables at the current version."""
    # An empty store gets the current schema; an older or newer one is refused with what to do.
    ensure_current(settings, ["store"])


def open_application(settings: Settings | StoreSettings) -> WijkdossierApplication:
    """Open the dossier application on the configured store (creating tables if needed)."""
    settings = settings_for(settings)
    prepare_store(settings.store)
    return WijkdossierApplication(env=application_env(settings))
