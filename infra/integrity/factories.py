"""Infrastructure factories (PERSISTENCE_MODULE) that wire the chained recorder, the
encrypting mapper and the key store onto one shared datastore.

The library builds recorders and mappers without the application's environment; these
factories have it, so the master key, checkpoint policy and key store reach both.
"""

from __future__ import annotations

import typing
from typing import Any

from eventsourcing.persistence import ApplicationRecorder, Mapper, Transcoder
from eventsourcing.postgres import PostgresFactory
from eventsourcing.sqlite import SQLiteFactory
from eventsourcing.utils import resolve_topic

from infra.crypto.household_mapper import HouseholdEncryptingMapper
from infra.crypto.key_store import KeyStore
from infra.crypto.master_key import load_master_key
from infra.integrity.checkpoint import CheckpointPolicy
from infra.integrity.database import StoreDatabase
from infra.integrity.integrity_store import IntegrityStore
from infra.integrity.recorders import ChainedPostgresApplicationRecorder, ChainedSQLiteApplicationRecorder


class IntegrityFactoryMixin:
    """Shared wiring: one key store per factory, handed to the mapper and the recorder."""

    env: Any
    datastore: Any
    _key_store: KeyStore | None = None
    _integrity_stores: list[IntegrityStore]

    @property
    def key_store(self) -> KeyStore:
        if self._key_store is None:
            master = load_master_key(self.env.get)
            cache = float(self.env.get("WIJKDOSSIER_KEY_CACHE_SECONDS") or 30)
            self._key_store = KeyStore(StoreDatabase(self.datastore), master, cache_seconds=cache)
            if self.env_create_table():  # type: ignore[attr-defined]
                self._key_store.create_tables()
        return self._key_store

    def mapper(self, transcoder: Transcoder | None = None, mapper_class: type[Mapper] | None = None) -> Mapper:  # type: ignore[type-arg]
        if mapper_class is None:
            topic = self.env.get("MAPPER_TOPIC")
            mapper_class = resolve_topic(topic) if topic else HouseholdEncryptingMapper
        origin = typing.get_origin(mapper_class) or mapper_class
        if isinstance(origin, type) and issubclass(origin, HouseholdEncryptingMapper):
            return mapper_class(
                transcoder=transcoder or self.transcoder(),  # type: ignore[attr-defined]
                compressor=self.compressor(),  # type: ignore[attr-defined]
                key_store=self.key_store,
            )
        return super().mapper(transcoder=transcoder, mapper_class=mapper_class)  # type: ignore[misc]

    def application_recorder(self) -> ApplicationRecorder:
        recorder = super().application_recorder()  # type: ignore[misc]
        if hasattr(recorder, "chain_tables"):
            store = IntegrityStore(
                StoreDatabase(self.datastore),
                recorder.chain_tables,
                self.key_store,
                CheckpointPolicy.from_env(self.env.get),
                originator_id_type=self.datastore.originator_id_type,
            )
            recorder.integrity = store
            if not hasattr(self, "_integrity_stores"):
                self._integrity_stores = []
            self._integrity_stores.append(store)
        return recorder

    def close(self) -> None:
        for store in getattr(self, "_integrity_stores", []):
            store.close()
        super().close()  # type: ignore[misc]


class IntegritySQLiteFactory(IntegrityFactoryMixin, SQLiteFactory):
    application_recorder_class = ChainedSQLiteApplicationRecorder


class IntegrityPostgresFactory(IntegrityFactoryMixin, PostgresFactory):
    application_recorder_class = ChainedPostgresApplicationRecorder
