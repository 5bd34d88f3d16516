"""A mapper that encrypts every stored event state under its household's data key.

Which household: a stream whose first event carries a `household_id` attribute belongs to
that household (the link is recorded in the key store when that event is first mapped);
any other stream is a household of its own. Snapshots pass through here too.

An event class may declare `STORED_IN_CLEAR = True` (for instance the record of an
erasure, which must stay readable after the key is gone): its state is stored unencrypted,
still with the household header.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from eventsourcing.persistence import Cipher, Compressor, Mapper, StoredEvent, Transcoder

from infra.crypto.envelope import (
    CLEAR_MAGIC,
    MAGIC,
    associated_data,
    household_of,
    open_clear,
    open_envelope,
    seal,
    seal_clear,
)
from infra.crypto.errors import CryptoError, DecryptionError
from infra.crypto.key_store import KeyStore
from infra.integrity.hashing import originator_key

HOUSEHOLD_ATTRIBUTE = "household_id"
FIRST_VERSION = 1  # eventsourcing's Aggregate.INITIAL_VERSION


class HouseholdEncryptingMapper(Mapper):  # type: ignore[type-arg]
    """Per-household AES-256-GCM on top of the library's transcoding and compression."""

    def __init__(
        self,
        transcoder: Transcoder,
        compressor: Compressor | None = None,
        cipher: Cipher | None = None,
        *,
        key_store: KeyStore | None = None,
    ):
        if key_store is None:
            # A programming mistake, not an operator's: still in Dutch, as every CryptoError reaches the CLI as it is.
            raise CryptoError(
                "HouseholdEncryptingMapper heeft een sleutelopslag nodig: open de applicatie via "
                "infra.store.application_env(), dat de integriteitsfabriek installeert."
            )
        if cipher is not None:
            raise CryptoError("HouseholdEncryptingMapper vervangt CIPHER_TOPIC; zet die niet allebei.")
        super().__init__(transcoder=transcoder, compressor=compressor, cipher=None)
        self.key_store = key_store

    def household_for(self, originator_id: Any, originator_version: int, event: object) -> str:
        """The household whose key encrypts this event (registering a complaint-like link)."""
        stream = originator_key(originator_id)
        if originator_version == FIRST_VERSION:
            household = getattr(event, HOUSEHOLD_ATTRIBUTE, None)
            if household is not None:
                household_key = originator_key(household)
                if household_key != stream:
                    self.key_store.link_stream(stream, household_key)
                return household_key
        return self.key_store.household_of_stream(stream) or stream

    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        plain = super().to_stored_event(domain_event)
        household = self.household_for(plain.originator_id, plain.originator_version, domain_event)
        in_clear = getattr(type(domain_event), "STORED_IN_CLEAR", False)
        key = None if in_clear else self.key_store.data_key_for_writing(household)
        return sealed(plain, household, key)

    def prefetch_keys(self, stored_events: Iterable[StoredEvent]) -> None:
        """Load the data keys these events need in bulk, before decoding them one by one."""
        self.key_store.load_data_keys(
            household for e in stored_events if bytes(e.state[:4]) == MAGIC and (household := household_of(e.state))
        )

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        """Decrypt and decode; raises HouseholdErasedError when the household was erased."""
        state = bytes(stored_event.state)
        household = household_of(state)
        if household is None:
            raise DecryptionError(
                f"opgeslagen gebeurtenis {stored_event.originator_id} versie {stored_event.originator_version} is niet "
                "in het versleutelde formaat: ze is buiten Wijkdossier om geschreven. Voer `wijkdossier verify` uit."
            )
        if state.startswith(CLEAR_MAGIC):
            plaintext = open_clear(state)
        else:
            assert state.startswith(MAGIC)
            key = self.key_store.data_key_for_reading(household)
            aad = associated_data(stored_event.originator_id, stored_event.originator_version, stored_event.topic, household)
            plaintext = open_envelope(key, state, aad)
        return super().to_domain_event(
            StoredEvent(
                originator_id=stored_event.originator_id,
                originator_version=stored_event.originator_version,
                topic=stored_event.topic,
                state=plaintext,
            )
        )


def sealed(plain: StoredEvent, household: str, key: bytes | None) -> StoredEvent:
    """A transcoded event as it is stored: under the household's data key, or in clear (`key` None,
    for event classes with STORED_IN_CLEAR). The history import seals with the same function."""
    if key is None:
        state = seal_clear(household, plain.state)
    else:
        aad = associated_data(plain.originator_id, plain.originator_version, plain.topic, household)
        state = seal(key, household, plain.state, aad)
    return StoredEvent(
        originator_id=plain.originator_id,
        originator_version=plain.originator_version,
        topic=plain.topic,
        state=state,
    )
