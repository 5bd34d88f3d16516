"""One place that wires the application to its store; tests and the CLI call `open_application`."""

from __future__ import annotations

import os

from infra.settings import StoreSettings, store_settings_from_environment


def prepare_store(settings: StoreSettings) -> None:
    """Make sure the store can be opened: its folder or schema, its tables at the current version."""
    from infra.migrations import ensure_current

    # An empty store gets the current schema; an older or newer one is refused with what to do.
    ensure_current(settings, ["store"])


def application_env(settings: StoreSettings) -> dict[str, str]:
    """The eventsourcing environment for the dossier application on this store.

    The integrity factory shares one datastore between the events, their hash chain and
    checkpoints (APPLICATION_RECORDER_TOPIC) and the key store behind the per-household
    encrypting mapper (MAPPER_TOPIC). The master key and checkpoint policy are read from the
    application's environment (WIJKDOSSIER_MASTER_KEY[_FILE], WIJKDOSSIER_DEMO,
    WIJKDOSSIER_CHECKPOINT_EVERY_EVENTS / _SECONDS).
    """
    env = settings.eventsourcing_env()
    # Tables are made by infra.migrations only (prepare_store), never on the side by the library.
    env["CREATE_TABLE"] = "n"
    integrity = "infra.integrity"
    if settings.is_postgres:
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
    cache_size = os.environ.get("WIJKDOSSIER_DOSSIER_CACHE", "1000")
    if cache_size.strip() not in ("", "0"):
        env["AGGREGATE_CACHE_MAXSIZE"] = cache_size
    return env


def open_application(settings: StoreSettings | None = None):  # -> WijkdossierApplication
    """Open the dossier application on the configured store (creating tables if needed)."""
    from domain.application import WijkdossierApplication

    settings = settings or store_settings_from_environment()
    prepare_store(settings)
    return WijkdossierApplication(env=application_env(settings))
