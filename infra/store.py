"""The event store under the dossier application: its folder or schema, the library's environment
for it, and `open_application`. The services on top (views, guard, runners) are built by
`wiring.bootstrap`."""

from __future__ import annotations

from domain.application import WijkdossierApplication
from infra.settings import Settings, StoreSettings, settings_for


def prepare_store(settings: StoreSettings) -> None:
    """Make sure the store can be opened: the SQLite folder, or the PostgreSQL schema."""
    if settings.kind == "sqlite":
        assert settings.sqlite_path is not None
        settings.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
        return
    import psycopg

    with psycopg.connect(settings.conninfo(), autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{settings.schema}"')


def application_env(settings: Settings | StoreSettings) -> dict[str, str]:
    """The eventsourcing environment for the dossier application on this store.

    The integrity factory shares one datastore between the events, their hash chain and
    checkpoints (APPLICATION_RECORDER_TOPIC) and the key store behind the per-household
    encrypting mapper (MAPPER_TOPIC). The master key and checkpoint policy are read from the
    application's environment, where `Settings.library_env()` writes them.
    """
    settings = settings_for(settings)
    env = {**settings.store.eventsourcing_env(), **settings.library_env()}
    integrity = "infra.integrity"
    if settings.store.is_postgres:
        env["PERSISTENCE_MODULE"] = f"{integrity}.factories:IntegrityPostgresFactory"
        env["APPLICATION_RECORDER_TOPIC"] = f"{integrity}.recorders:ChainedPostgresApplicationRecorder"
        # The library's insert function would bypass the chained recorder.
        env["POSTGRES_ENABLE_DB_FUNCTIONS"] = "n"
    else:
        env["PERSISTENCE_MODULE"] = f"{integrity}.factories:IntegritySQLiteFactory"
        env["APPLICATION_RECORDER_TOPIC"] = f"{integrity}.recorders:ChainedSQLiteApplicationRecorder"
    env["MAPPER_TOPIC"] = "infra.crypto.household_mapper:HouseholdEncryptingMapper"
    # Recently used dossiers stay decoded in memory and are fast-forwarded with newer events on
    # every read (so other processes' writes and an erasure event are seen); reads and commands
    # then skip replaying and decrypting the whole history. 0 switches the cache off.
    if settings.caches.dossiers:
        env["AGGREGATE_CACHE_MAXSIZE"] = str(settings.caches.dossiers)
    return env


def open_application(settings: Settings | StoreSettings) -> WijkdossierApplication:
    """Open the dossier application on the configured store (creating tables if needed)."""
    settings = settings_for(settings)
    prepare_store(settings.store)
    return WijkdossierApplication(env=application_env(settings))
