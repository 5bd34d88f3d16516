"""The stored form of an encrypted event state (AES-256-GCM under a household's data key).

    b"WDE1" ‖ u16 length ‖ household id (UTF-8) ‖ 12-byte nonce ‖ ciphertext with 16-byte tag

The household id travels in clear (it is a pseudonymous id, not personal data) so the chain
and a verification bundle can group streams by household without any key. The associated
data binds the ciphertext to its stream, version, topic and household: moving a ciphertext
to another event makes it undecryptable.
"""

from __future__ import annotations

import os
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from infra.crypto.errors import DecryptionError
from infra.integrity.hashing import field, originator_key

MAGIC = b"WDE1"
CLEAR_MAGIC = b"WDC1"  # same header, state in clear (event classes with STORED_IN_CLEAR)
NONCE_BYTES = 12


def associated_data(originator_id: UUID | str, version: int, topic: str, household_id: str) -> bytes:
    return (
        b"wijkdossier/event/v1\x00"
        + field(originator_key(originator_id).encode("utf-8"))
        + int(version).to_bytes(8, "big", signed=True)
        + field(topic.encode("utf-8"))
        + field(household_id.encode("utf-8"))
    )


def seal(key: bytes, household_id: str, plaintext: bytes, aad: bytes) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return _header(MAGIC, household_id) + nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def household_of(state: bytes) -> str | None:
    """The household id in an envelope's header, or None when the state is not an envelope."""
    # Only the header is copied: verify calls this for every stored event.
    if len(state) < 6 or bytes(state[:4]) not in (MAGIC, CLEAR_MAGIC):
        return None
    length = int.from_bytes(state[4:6], "big")
    try:
        return bytes(state[6 : 6 + length]).decode("utf-8")
    except UnicodeDecodeError:
        return None


def open_envelope(key: bytes, state: bytes, aad: bytes) -> bytes:
    state = bytes(state)
    length = int.from_bytes(state[4:6], "big")
    start = 6 + length
    nonce, ciphertext = state[start : start + NONCE_BYTES], state[start + NONCE_BYTES :]
    try:
        return AESGCM(key).decrypt(nonce, ciphertext, aad)
    except InvalidTag:
        raise DecryptionError(
            "een opgeslagen gebeurtenis is niet te ontsleutelen met de sleutel van haar huishouden: ze is gewijzigd "
            "of verplaatst. Voer `wijkdossier verify` uit; dat noemt de eerste foute positie."
        ) from None


def _header(magic: bytes, household_id: str) -> bytes:
    hid = household_id.encode("utf-8")
    return magic + len(hid).to_bytes(2, "big") + hid


def seal_clear(household_id: str, plaintext: bytes) -> bytes:
    return _header(CLEAR_MAGIC, household_id) + plaintext


def open_clear(state: bytes) -> bytes:
    state = bytes(state)
    return state[6 + int.from_bytes(state[4:6], "big") :]
