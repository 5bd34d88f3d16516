"""One place that wires the application to its store; tests and the CLI call `open_application`."""

from __future__ import annotations

from infra.settings import StoreSettings, store_settings_from_environment


def prepare_store(settings: StoreSettings) -> None:
    """Make sure the store can be opened: the SQLite folder, or the PostgreSQL schema."""
    if settings.kind == "sqlite":
        assert settings.sqlite_path is not None
        settings.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
        return
    import psycopg

    with psycopg.connect(settings.conninfo(), autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{settings.schema}"')


def application_env(settings: StoreSettings) -> dict[str, str]:
    """The eventsourcing environment for the dossier application on this store.

    Integration point: the integrity work adds its recorder (hash chain) and mapper
    (per-household encryption) topics here.
    """
    env = settings.eventsourcing_env()
    return env


def open_application(settings: StoreSettings | None = None):  # -> WijkdossierApplication
    """Open the dossier application on the configured store (creating tables if needed)."""
    from domain.application import WijkdossierApplication

    settings = settings or store_settings_from_environment()
    prepare_store(settings)
    return WijkdossierApplication(env=application_env(settings))
