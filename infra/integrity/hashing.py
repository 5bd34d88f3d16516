"""The hash chain's arithmetic: how one stored event is encoded and linked.

Every stored event is encoded as length-prefixed fields (no ambiguity, no JSON
canonicalisation), exactly as it lies in the store: originator id, version, topic and the
stored (encrypted) state bytes. Links are SHA-256 with a domain-separation prefix, so a
stream link can never be passed off as a global link or a Merkle node.

The same rules are written out in docs/verification-bundle.md for independent verifiers.
"""

from __future__ import annotations

import hashlib
from uuid import UUID

GENESIS = bytes(32)
"""The 'previous link' of the first event in a stream or in the global log."""

STREAM_PREFIX = b"wijkdossier/stream-link/v1\x00"
GLOBAL_PREFIX = b"wijkdossier/global-link/v1\x00"


def originator_key(originator_id: UUID | str) -> str:
    """The canonical text of an originator id: a UUID in its hyphenated lowercase form."""
    if isinstance(originator_id, UUID):
        return str(originator_id)
    return str(originator_id)


def field(data: bytes) -> bytes:
    """One length-prefixed field: 4-byte big-endian length, then the bytes."""
    return len(data).to_bytes(4, "big") + data


def encode_stored_event(originator_id: UUID | str, version: int, topic: str, state: bytes) -> bytes:
    """The bytes that are hashed for one stored event."""
    return (
        field(originator_key(originator_id).encode("utf-8"))
        + int(version).to_bytes(8, "big", signed=True)
        + field(topic.encode("utf-8"))
        + field(bytes(state))
    )


def stream_link(previous: bytes, encoded_event: bytes) -> bytes:
    """Link of an event in its own stream: SHA-256(prefix ‖ previous stream link ‖ event)."""
    return hashlib.sha256(STREAM_PREFIX + previous + encoded_event).digest()


def global_link(previous: bytes, sequence: int, encoded_event: bytes) -> bytes:
    """Link of an event in the global log.

    The contiguous sequence number (1, 2, 3, … in notification order) is hashed too, so a
    removed event shows as a gap even where the database's notification ids have gaps.
    """
    return hashlib.sha256(
        GLOBAL_PREFIX + previous + int(sequence).to_bytes(8, "big") + encoded_event
    ).digest()
