"""Checkpoint payloads and signatures, envelopes and master keys (no I/O)."""

from __future__ import annotations

import base64
import json
import secrets

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from infra.crypto.envelope import associated_data, household_of, open_clear, open_envelope, seal, seal_clear
from infra.crypto.errors import DecryptionError, MasterKeyError
from infra.crypto.master_key import load_master_key, parse_key_text
from infra.integrity.checkpoint import CheckpointPolicy, build_payload, checkpoint_digest, signature_is_valid


def payload(**changes):  # noqa: ANN003, ANN201
    fields = dict(
        sequence=1, position=10, event_count=9, global_head=b"\x01" * 32, households=2,
        households_root=b"\x02" * 32, previous=None, key_id="wd-1", access_log=(4, b"\x03" * 32),
        created_at="2024-01-01T00:00:00.000000Z",
    )
    fields.update(changes)
    return build_payload(**fields)


def test_a_checkpoint_payload_is_compact_sorted_json_naming_what_it_covers():
    content = json.loads(payload())
    assert payload() == json.dumps(content, sort_keys=True, separators=(",", ":")).encode()
    assert content["access_log"] == {"position": 4, "head": "03" * 32}
    assert content["format"] == "wijkdossier-checkpoint/2"
    assert checkpoint_digest(payload()) != checkpoint_digest(payload(sequence=2))


def test_a_signature_verifies_only_for_its_payload_and_its_key():
    key = Ed25519PrivateKey.generate()
    public = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    signature = key.sign(payload())
    assert signature_is_valid(public, payload(), signature)
    assert not signature_is_valid(public, payload(position=11), signature)
    other = Ed25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    assert not signature_is_valid(other, payload(), signature)
    assert not signature_is_valid(public, payload(), bytes(64))


def test_an_envelope_opens_only_for_the_same_stream_version_topic_and_household():
    key = secrets.token_bytes(32)
    aad = associated_data("s1", 1, "topic", "h1")
    sealed = seal(key, "h1", b"secret", aad)
    assert household_of(sealed) == "h1"
    assert b"secret" not in sealed
    assert open_envelope(key, sealed, aad) == b"secret"
    with pytest.raises(DecryptionError):
        open_envelope(key, sealed, associated_data("s1", 2, "topic", "h1"))
    with pytest.raises(DecryptionError):
        open_envelope(secrets.token_bytes(32), sealed, aad)
    assert household_of(b"{}") is None
    assert open_clear(seal_clear("h1", b"open")) == b"open" and household_of(seal_clear("h1", b"x")) == "h1"


def test_master_keys_are_read_from_hex_or_base64_and_defaults_are_refused():
    raw = secrets.token_bytes(32)
    assert parse_key_text(raw.hex()) == raw
    assert parse_key_text(base64.b64encode(raw).decode()) == raw
    assert parse_key_text(base64.urlsafe_b64encode(raw).decode().rstrip("=")) == raw
    with pytest.raises(MasterKeyError):
        parse_key_text("too short")
    for default in (bytes(32), b"a" * 32, bytes(range(32))):
        with pytest.raises(MasterKeyError, match="standaard"):
            load_master_key({"WIJKDOSSIER_MASTER_KEY": default.hex()}.get)
    with pytest.raises(MasterKeyError, match="geen hoofdsleutel"):
        load_master_key({}.get)
    key = load_master_key({"WIJKDOSSIER_MASTER_KEY": raw.hex()}.get)
    assert key.key == raw and not key.is_demo and raw.hex() not in repr(key)


def test_the_checkpoint_policy_reads_its_two_settings():
    policy = CheckpointPolicy.from_env({"WIJKDOSSIER_CHECKPOINT_EVERY_EVENTS": "50", "WIJKDOSSIER_CHECKPOINT_EVERY_SECONDS": "2.5"}.get)
    assert (policy.every_events, policy.every_seconds) == (50, 2.5)
    assert CheckpointPolicy.from_env({}.get) == CheckpointPolicy()
