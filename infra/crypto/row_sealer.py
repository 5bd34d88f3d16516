"""Personal data in read-model rows, encrypted under the household's own data key.

Read models live in the same database as the events; a plan's goals (in the client's own words)
and the names of network members and volunteers must be as unreadable there as in the events,
and must vanish with the household's key when it is erased.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from typing import Any

from infra.crypto.envelope import open_envelope, seal
from infra.crypto.errors import HouseholdErasedError


def _aad(household_id: str, place: str) -> bytes:
    return b"wijkdossier/row/v1\x00" + place.encode("utf-8") + b"\x00" + household_id.encode("utf-8")


class RowSealer:
    """Seals and opens one value of a row, bound to its household and its place (table.column)."""

    def __init__(self, key_store: Any):
        self.key_store = key_store

    def prefetch(self, household_ids: Iterable[str]) -> None:
        """Load these households' keys at once, before sealing many rows (a batch of a rebuild)."""
        self.key_store.load_data_keys(household_ids)

    def seal(self, household_id: str, place: str, plaintext: bytes) -> str | None:
        """The sealed value, or None when the household was erased meanwhile (nothing is kept).

        Read models never create keys: the household's key exists, or the event could not
        have been read.
        """
        try:
            key = self.key_store.data_key_for_reading(household_id)
        except HouseholdErasedError:
            return None
        return base64.b64encode(seal(key, household_id, plaintext, _aad(household_id, place))).decode("ascii")

    def open(self, household_id: str, place: str, sealed: str) -> bytes | None:
        """The plaintext, or None when the household was erased (its key is gone for good)."""
        try:
            key = self.key_store.data_key_for_reading(household_id)
        except HouseholdErasedError:
            return None
        return open_envelope(key, base64.b64decode(sealed), _aad(household_id, place))
