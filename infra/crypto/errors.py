"""Errors of the key store and the encrypting mapper. Messages name ids, never contents."""

from __future__ import annotations


class CryptoError(Exception):
    """Base of the key store's errors."""


class MasterKeyError(CryptoError):
    """The master key is missing, malformed, a known default, or not the one that wrapped a key."""


class HouseholdErasedError(CryptoError):
    """The household's data key was destroyed (crypto-shredded): its events cannot be read.

    Readers and projections catch this to show "erased" instead of failing.
    """

    def __init__(self, household_id: str):
        super().__init__(f"household {household_id} has been erased; its data can no longer be read")
        self.household_id = household_id


class DataKeyMissingError(CryptoError):
    """No data key (not even an erasure record) exists for a household whose events exist:
    the key store is damaged or belongs to another database."""

    def __init__(self, household_id: str):
        super().__init__(f"no data key recorded for household {household_id}")
        self.household_id = household_id


class DecryptionError(CryptoError):
    """A stored event does not decrypt under its household's key: it was changed or moved."""
