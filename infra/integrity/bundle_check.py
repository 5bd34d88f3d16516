"""Checking a verification bundle (docs/verification-bundle.md, section 8).

The reference check, written with the project's own hashing and Merkle code; the
independent verifier in tests/ does the same from the document alone. Each problem names
where it is (stream and version, or the checkpoint/proof/key) and what is wrong.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from infra.crypto.envelope import household_of
from infra.integrity.checkpoint import CHECKPOINT_FORMATS, signature_is_valid
from infra.integrity.hashing import GENESIS, encode_stored_event, stream_link
from infra.integrity.merkle import household_leaf, leaf_hash, root_from_inclusion_proof

BUNDLE_FORMAT = "wijkdossier-bundle/1"
CHANGED, MISSING, REORDERED, INSERTED = "changed", "missing", "reordered", "inserted"
BAD_SIGNATURE, UNKNOWN_KEY, NOT_IN_CHECKPOINT, MALFORMED = "bad signature", "unknown key", "not in checkpoint", "malformed"


@dataclass(frozen=True)
class BundleProblem:
    kind: str
    where: str  # "stream <id> v<version>", "checkpoint", "proof", "keys", "bundle"
    detail: str

    def __str__(self) -> str:
        return f"{self.where}: {self.kind} ({self.detail})"


@dataclass
class BundleVerification:
    """The outcome of `verify_bundle`: `ok`, the problems, and what was checked."""

    household_id: str | None = None
    events: int = 0
    streams: int = 0
    checkpoint_sequence: int | None = None
    checkpoint_created_at: str | None = None
    key_id: str | None = None
    problems: list[BundleProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def first_problem(self) -> BundleProblem | None:
        return self.problems[0] if self.problems else None

    def add(self, kind: str, where: str, detail: str) -> None:
        self.problems.append(BundleProblem(kind, where, detail))


class _Malformed(Exception):
    pass


def verify_bundle(bundle: dict[str, Any], *, trusted_keys: dict[str, bytes] | None = None) -> BundleVerification:
    """Check a bundle: signature, every stream chain, and the household's Merkle inclusion.

    `trusted_keys` (key id -> raw Ed25519 public key, for instance from the municipality's
    published key document) makes the check independent of the keys inside the bundle.
    """
    result = BundleVerification()
    try:
        _verify(bundle, result, trusted_keys)
    except _Malformed as exc:
        result.add(MALFORMED, "bundle", str(exc))
    except (KeyError, TypeError, ValueError, binascii.Error) as exc:
        result.add(MALFORMED, "bundle", f"a field is missing or has the wrong type ({type(exc).__name__}: {exc})")
    return result


def _verify(bundle: dict[str, Any], result: BundleVerification, trusted_keys: dict[str, bytes] | None) -> None:
    if not isinstance(bundle, dict) or bundle.get("format") != BUNDLE_FORMAT:
        raise _Malformed(f"format must be {BUNDLE_FORMAT!r}")
    household = str(bundle["household_id"])
    result.household_id = household

    content = _check_checkpoint(bundle, result, trusted_keys)
    heads = []
    seen: set[str] = set()
    for stream in bundle["streams"]:
        stream_id = str(stream["stream_id"])
        if stream_id in seen:
            result.add(INSERTED, f"stream {stream_id}", "the stream appears twice")
            continue
        seen.add(stream_id)
        heads.append((stream_id, int(stream["head_version"]), _check_stream(household, stream, result)))
    result.streams = len(heads)
    if content is None:
        return
    proof = bundle["proof"]
    try:
        root = root_from_inclusion_proof(
            int(proof["leaf_index"]), int(proof["tree_size"]), leaf_hash(household_leaf(household, heads)),
            [bytes.fromhex(node) for node in proof["audit_path"]],
        )
    except ValueError as exc:
        result.add(NOT_IN_CHECKPOINT, "proof", str(exc))
        return
    if int(proof["tree_size"]) != int(content["households"]):
        result.add(NOT_IN_CHECKPOINT, "proof", "the tree size differs from the number of households the checkpoint signs")
    elif root.hex() != content["households_root"]:
        result.add(
            NOT_IN_CHECKPOINT, "proof",
            "the household's stream heads and audit path do not lead to the signed households root "
            "(an event or a stream is missing, changed or added, or the proof is for another household)",
        )


def _check_checkpoint(
    bundle: dict[str, Any], result: BundleVerification, trusted_keys: dict[str, bytes] | None
) -> dict[str, Any] | None:
    checkpoint = bundle["checkpoint"]
    payload = base64.b64decode(checkpoint["payload"], validate=True)
    signature = base64.b64decode(checkpoint["signature"], validate=True)
    try:
        content = json.loads(payload)
    except ValueError:
        result.add(CHANGED, "checkpoint", "the payload is not readable JSON")
        return None
    key_id = content.get("key_id")
    result.key_id = key_id
    result.checkpoint_sequence = content.get("sequence")
    result.checkpoint_created_at = content.get("created_at")
    if content.get("format") not in CHECKPOINT_FORMATS:
        # The formats differ only in the order of the households tree's leaves, which an
        # inclusion proof (index and path) already carries.
        result.add(CHANGED, "checkpoint", f"format must be one of {', '.join(CHECKPOINT_FORMATS)}")
        return None
    if checkpoint.get("key_id") != key_id:
        result.add(CHANGED, "checkpoint", "the key id beside the payload differs from the one it signs")
    raw = _public_key(bundle.get("keys") or {}, key_id, result)
    if raw is None:
        return None
    if trusted_keys is not None and trusted_keys.get(key_id) != raw:
        result.add(UNKNOWN_KEY, "keys", f"key {key_id} is not one of the municipality's published keys")
        return None
    if not signature_is_valid(raw, payload, signature):
        result.add(BAD_SIGNATURE, "checkpoint", f"the signature does not verify under key {key_id}")
        return None
    return content


def trusted_keys_from_document(document: dict[str, Any]) -> dict[str, bytes]:
    """Key id -> raw public key from a published key document (`wijkdossier keys public`)."""
    found: dict[str, bytes] = {}
    for jwk in document.get("keys", []):
        if (jwk.get("kty"), jwk.get("crv")) == ("OKP", "Ed25519"):
            x = str(jwk["x"])
            found[str(jwk["kid"])] = base64.urlsafe_b64decode(x + "=" * (-len(x) % 4))
    return found


def _public_key(document: dict[str, Any], key_id: str | None, result: BundleVerification) -> bytes | None:
    for jwk in document.get("keys", []):
        if jwk.get("kid") != key_id:
            continue
        if (jwk.get("kty"), jwk.get("crv")) != ("OKP", "Ed25519"):
            result.add(UNKNOWN_KEY, "keys", f"key {key_id} is not an Ed25519 key")
            return None
        x = str(jwk["x"])
        raw = base64.urlsafe_b64decode(x + "=" * (-len(x) % 4))
        if "wd-" + hashlib.sha256(raw).hexdigest()[:16] != key_id:
            result.add(UNKNOWN_KEY, "keys", f"key {key_id} does not match its public key")
            return None
        return raw
    result.add(UNKNOWN_KEY, "keys", f"the key document has no key {key_id}")
    return None


def _check_stream(household: str, stream: dict[str, Any], result: BundleVerification) -> bytes:
    """Recompute the stream's chain from version 1; returns the computed head link."""
    stream_id = str(stream["stream_id"])
    head_version = int(stream["head_version"])
    events = stream["events"]
    versions = [int(e["version"]) for e in events]
    where = f"stream {stream_id}"
    if len(set(versions)) != len(versions):
        duplicate = next(v for v in versions if versions.count(v) > 1)
        result.add(INSERTED, f"{where} v{duplicate}", "the version appears more than once")
    elif versions != sorted(versions):
        first = next(v for v, w in zip(versions, sorted(versions), strict=True) if v != w)
        result.add(REORDERED, f"{where} v{first}", "the events are not in version order")
    elif versions and versions[-1] > head_version:
        result.add(INSERTED, f"{where} v{versions[-1]}", f"beyond the stream head v{head_version}")
    link = GENESIS
    expected = 1
    differs_reported = False  # one changed event makes every later link differ: report it once
    for event in events:
        version = int(event["version"])
        state = base64.b64decode(event["state"], validate=True)
        if version > expected:
            result.add(MISSING, f"{where} v{expected}", f"the bundle jumps from v{expected - 1} to v{version}")
        expected = version + 1
        owner = household_of(state) or stream_id
        if owner != household and not differs_reported:
            differs_reported = True
            result.add(CHANGED, f"{where} v{version}", "the event belongs to another household")
        link = stream_link(link, encode_stored_event(stream_id, version, str(event["topic"]), state))
        if link.hex() != event.get("stream_link") and not differs_reported:
            differs_reported = True
            result.add(CHANGED, f"{where} v{version}", "the event differs from its stream link")
        result.events += 1
    if expected <= head_version:
        result.add(MISSING, f"{where} v{expected}", f"the stream head is v{head_version}, the bundle stops at v{expected - 1}")
    if link.hex() != stream.get("head_link"):
        result.add(CHANGED, where, "the recomputed head differs from the stated head")
    return link
