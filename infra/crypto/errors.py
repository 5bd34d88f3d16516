"""Errors of the key store and the encrypting mapper. Messages name ids, never contents."""

from __future__ import annotations

from domain.errors import DossierErasedError


class CryptoError(Exception):
    """Base of the key store's errors."""


class MasterKeyError(CryptoError):
    """The master key is missing, malformed, a known default, or not the one that wrapped a key."""


class HouseholdErasedError(CryptoError, DossierErasedError):
    """The household's data key was destroyed (crypto-shredded): its events cannot be read.

    It is the domain's `DossierErasedError` too, so every read through the application
    (get_dossier, history, get_dossier_as_of, get_complaint) surfaces as "erased" and the API
    maps it in one place. Projections catch it to keep a tombstone instead of failing.
    """

    def __init__(self, household_id: str):
        super().__init__(
            f"dossier_erased: household {household_id} was erased (its data key is destroyed); "
            "its data can no longer be read. Only the record of the erasure remains."
        )
        self.household_id = household_id


class DataKeyMissingError(CryptoError):
    """No data key (not even an erasure record) exists for a household whose events exist:
    the key store is damaged or belongs to another database."""

    def __init__(self, household_id: str):
        super().__init__(
            f"er is geen gegevenssleutel vastgelegd voor huishouden {household_id}, terwijl er wel gebeurtenissen "
            "van zijn: de sleutelopslag is beschadigd of hoort bij een andere database. Controleer "
            "WIJKDOSSIER_DATABASE_URL, en zet anders de sleuteltabellen terug uit een back-up."
        )
        self.household_id = household_id


class DecryptionError(CryptoError):
    """A stored event does not decrypt under its household's key: it was changed or moved."""
