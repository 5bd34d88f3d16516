"""The eventsourcing library's environment for the dossier application on one store.

The library builds its factory, recorder and mapper from the application's environment (its
only configuration channel); `application_env` writes it from `Settings`.
"""

from __future__ import annotations

from infra.settings import Settings, StoreSettings, settings_for


def application_env(settings: Settings | StoreSettings) -> dict[str, str]:
    """The eventsourcing environment for the dossier application on this store.

    The integrity factory shares one datastore between the events, their hash chain and
    checkpoints (APPLICATION_RECORDER_TOPIC) and the key store behind the per-household
    encrypting mapper (MAPPER_TOPIC). The master key and checkpoint policy are read from the
    application's environment, where `Settings.library_env()` writes them.
    """
    settings = settings_for(settings)
    env = {**settings.store.eventsourcing_env(), **settings.library_env()}
    # Tables are made by infra.migrations only (prepare_store), never on the side by the library.
    env["CREATE_TABLE"] = "n"
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
