"""Signed checkpoints: what a checkpoint says, how it is serialised, signed and checked.

A checkpoint's payload is compact JSON with sorted keys; the signature (Ed25519) is over
the payload bytes exactly as stored, so a verifier never needs to re-serialise anything.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from infra.settings import SettingsError

CHECKPOINT_FORMAT = "wijkdossier-checkpoint/2"
"""Format 2 orders the households tree by first appearance (infra.integrity.household_tree);
format 1, still checked, sorted it by household id. Nothing else differs."""
CHECKPOINT_FORMATS = ("wijkdossier-checkpoint/1", CHECKPOINT_FORMAT)

DEFAULT_EVERY_EVENTS = 1000
DEFAULT_EVERY_SECONDS = 300.0


@dataclass(frozen=True)
class CheckpointPolicy:
    """When checkpoints are made: after `every_events` new events, and at the latest
    `every_seconds` after an event was written (0 switches either rule off)."""

    every_events: int = DEFAULT_EVERY_EVENTS
    every_seconds: float = DEFAULT_EVERY_SECONDS

    @classmethod
    def from_env(cls, get: Callable[[str], str | None]) -> CheckpointPolicy:
        """WIJKDOSSIER_CHECKPOINT_EVERY_EVENTS and _SECONDS from the application's environment."""
        events = get("WIJKDOSSIER_CHECKPOINT_EVERY_EVENTS") or ""
        seconds = get("WIJKDOSSIER_CHECKPOINT_EVERY_SECONDS") or ""
        try:
            return cls(
                every_events=int(events) if events.strip() else DEFAULT_EVERY_EVENTS,
                every_seconds=float(seconds) if seconds.strip() else DEFAULT_EVERY_SECONDS,
            )
        except ValueError:
            raise SettingsError(
                "WIJKDOSSIER_CHECKPOINT_EVERY_EVENTS of WIJKDOSSIER_CHECKPOINT_EVERY_SECONDS: geef bij de eerste "
                "een geheel aantal gebeurtenissen (bijvoorbeeld 1000), bij de tweede een aantal seconden "
                "(bijvoorbeeld 300); 0 zet die regel uit"
            ) from None


@dataclass(frozen=True)
class Checkpoint:
    """One stored checkpoint: the signed payload bytes, the signature and the signer's key id."""

    sequence: int
    payload: bytes
    signature: bytes
    key_id: str

    @property
    def content(self) -> dict:
        return json.loads(self.payload)

    @property
    def position(self) -> int:
        """The notification id of the last event the checkpoint covers (0 for an empty log)."""
        return int(self.content["position"])

    @property
    def digest(self) -> bytes:
        """What the next checkpoint names as its `previous`."""
        return checkpoint_digest(self.payload)


def checkpoint_digest(payload: bytes) -> bytes:
    return hashlib.sha256(b"wijkdossier/checkpoint/v1\x00" + payload).digest()


def utc_now_text() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def build_payload(
    *,
    sequence: int,
    position: int,
    event_count: int,
    global_head: bytes,
    households: int,
    households_root: bytes,
    previous: bytes | None,
    key_id: str,
    access_log: tuple[int, bytes | str] | None,
    created_at: str | None = None,
) -> bytes:
    """The exact bytes a checkpoint signs."""
    content = {
        "format": CHECKPOINT_FORMAT,
        "sequence": sequence,
        "position": position,
        "event_count": event_count,
        "global_head": global_head.hex(),
        "households": households,
        "households_root": households_root.hex(),
        "previous": previous.hex() if previous else None,
        "key_id": key_id,
        "created_at": created_at or utc_now_text(),
        "access_log": None,
    }
    if access_log is not None:
        log_position, log_head = access_log
        content["access_log"] = {
            "position": int(log_position),
            "head": log_head.hex() if isinstance(log_head, bytes) else str(log_head),
        }
    return json.dumps(content, sort_keys=True, separators=(",", ":")).encode("utf-8")


def signature_is_valid(public_key_raw: bytes, payload: bytes, signature: bytes) -> bool:
    """True when `signature` is a valid Ed25519 signature over `payload` by that key."""
    try:
        Ed25519PublicKey.from_public_bytes(public_key_raw).verify(signature, payload)
    except (InvalidSignature, ValueError):
        return False
    return True
