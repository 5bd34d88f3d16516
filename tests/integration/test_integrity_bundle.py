"""Verification bundles on both stores: the independent verifier (tests/independent_verifier.py,
no project code) and the project's own check accept a good bundle and reject every tampered one."""

from __future__ import annotations

import ast
import base64
import copy
import hashlib
import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from infra.integrity.bundle import BundleError, bundle_for_complaint, bundle_for_household
from infra.integrity.bundle_check import (
    BAD_SIGNATURE,
    CHANGED,
    INSERTED,
    MISSING,
    NOT_IN_CHECKPOINT,
    REORDERED,
    UNKNOWN_KEY,
    trusted_keys_from_document,
    verify_bundle,
)
from infra.integrity.integrity_store import integrity_of
from tests import independent_verifier
from tests.integration.test_integrity_support import PERSONAL_STRINGS, RawStore, dossiers, household  # noqa: F401

VERIFIER = Path(independent_verifier.__file__)


@pytest.fixture
def bundles(dossiers):  # noqa: ANN001, ANN201, F811
    """Bundles of two households: the first with a complaint (two streams)."""
    first, _ = household(dossiers, complaint=True)
    second, _ = household(dossiers, child_born=None)
    return bundle_for_household(dossiers, first), bundle_for_household(dossiers, second)


def _events(bundle):  # noqa: ANN001, ANN202
    return max(bundle["streams"], key=lambda s: len(s["events"]))["events"]


def _resign(bundle, change):  # noqa: ANN001, ANN202
    """An attacker with a key of their own: change the checkpoint, sign it, swap the key document."""
    private = Ed25519PrivateKey.generate()
    raw = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    kid = "wd-" + hashlib.sha256(raw).hexdigest()[:16]
    content = json.loads(base64.b64decode(bundle["checkpoint"]["payload"]))
    change(content)
    content["key_id"] = kid
    payload = json.dumps(content, sort_keys=True, separators=(",", ":")).encode()
    bundle["checkpoint"].update(key_id=kid, payload=base64.b64encode(payload).decode(),
                                signature=base64.b64encode(private.sign(payload)).decode())
    x = base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
    bundle["keys"] = {"format": "wijkdossier-keys/1", "keys": [{"kty": "OKP", "crv": "Ed25519", "kid": kid, "x": x}]}


def change_event_byte(bundle, other):  # noqa: ANN001, ANN201
    event = _events(bundle)[2]
    state = bytearray(base64.b64decode(event["state"]))
    state[-3] ^= 0x01
    event["state"] = base64.b64encode(bytes(state)).decode()
    return CHANGED


def remove_event(bundle, other):  # noqa: ANN001, ANN201
    del _events(bundle)[3]
    return MISSING


def remove_last_event_and_lower_the_head(bundle, other):  # noqa: ANN001, ANN201
    stream = max(bundle["streams"], key=lambda s: len(s["events"]))
    stream["events"].pop()
    stream["head_version"] -= 1
    stream["head_link"] = stream["events"][-1]["stream_link"]
    return NOT_IN_CHECKPOINT


def reorder_events(bundle, other):  # noqa: ANN001, ANN201
    events = _events(bundle)
    events[1], events[2] = events[2], events[1]
    return REORDERED


def insert_event(bundle, other):  # noqa: ANN001, ANN201
    events = _events(bundle)
    forged = dict(events[-1], version=events[-1]["version"] + 1)
    events.append(forged)
    return INSERTED


def insert_event_and_raise_the_head(bundle, other):  # noqa: ANN001, ANN201
    stream = max(bundle["streams"], key=lambda s: len(s["events"]))
    stream["events"].append(dict(stream["events"][-1], version=stream["head_version"] + 1))
    stream["head_version"] += 1
    return CHANGED


def change_checkpoint(bundle, other):  # noqa: ANN001, ANN201
    content = json.loads(base64.b64decode(bundle["checkpoint"]["payload"]))
    content["households_root"] = "00" * 32
    payload = json.dumps(content, sort_keys=True, separators=(",", ":")).encode()
    bundle["checkpoint"]["payload"] = base64.b64encode(payload).decode()
    return BAD_SIGNATURE


def bad_signature(bundle, other):  # noqa: ANN001, ANN201
    signature = bytearray(base64.b64decode(bundle["checkpoint"]["signature"]))
    signature[10] ^= 0x40
    bundle["checkpoint"]["signature"] = base64.b64encode(bytes(signature)).decode()
    return BAD_SIGNATURE


def wrong_public_key(bundle, other):  # noqa: ANN001, ANN201
    raw = Ed25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    for jwk in bundle["keys"]["keys"]:
        jwk["x"] = base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
    return UNKNOWN_KEY


def proof_of_another_household(bundle, other):  # noqa: ANN001, ANN201
    bundle["proof"] = copy.deepcopy(other["proof"])
    return NOT_IN_CHECKPOINT


def another_households_events(bundle, other):  # noqa: ANN001, ANN201
    bundle["streams"] = copy.deepcopy(other["streams"])
    return CHANGED  # their household headers name the other household


TAMPERINGS = [
    change_event_byte, remove_event, remove_last_event_and_lower_the_head, reorder_events, insert_event,
    insert_event_and_raise_the_head, change_checkpoint, bad_signature, wrong_public_key, proof_of_another_household,
    another_households_events,
]


def test_a_good_bundle_is_accepted_by_the_independent_and_the_project_verifier(bundles) -> None:  # noqa: ANN001
    first, second = bundles
    for bundle in bundles:
        assert independent_verifier.verify(bundle) is None
        result = verify_bundle(bundle)
        assert result.ok, result.problems
    assert [len(s["events"]) for s in first["streams"]] == [1, 7] or [len(s["events"]) for s in first["streams"]] == [7, 1]
    assert first["proof"]["tree_size"] == 2 and first["proof"]["leaf_index"] != second["proof"]["leaf_index"]


def test_a_bundle_holds_the_events_as_stored_so_it_carries_no_readable_personal_data(bundles) -> None:  # noqa: ANN001
    text = json.dumps(bundles[0])
    for secret in PERSONAL_STRINGS:
        assert secret not in text
    states = [base64.b64decode(e["state"]) for s in bundles[0]["streams"] for e in s["events"]]
    assert all(state.startswith(b"WDE1") for state in states)


@pytest.mark.parametrize("tamper", TAMPERINGS, ids=lambda f: f.__name__)
def test_each_tampered_bundle_is_rejected_by_both_verifiers(bundles, tamper) -> None:  # noqa: ANN001
    bundle, other = copy.deepcopy(bundles[0]), bundles[1]
    expected = tamper(bundle, other)
    assert independent_verifier.verify(bundle) is not None, "the independent verifier missed it"
    result = verify_bundle(bundle)
    assert not result.ok, "the project verifier missed it"
    assert result.first_problem.kind == expected, result.problems


def test_a_checkpoint_re_signed_with_an_attackers_key_fails_against_the_published_keys(dossiers, bundles) -> None:  # noqa: ANN001, F811
    bundle = copy.deepcopy(bundles[0])
    _resign(bundle, lambda content: content.update(created_at="2020-01-01T00:00:00.000000Z"))
    published = integrity_of(dossiers).public_keys()
    # Self-consistent, so only the municipality's published key document can tell.
    assert verify_bundle(bundle).ok
    assert independent_verifier.verify(bundle, published) is not None
    result = verify_bundle(bundle, trusted_keys=trusted_keys_from_document(published))
    assert result.first_problem.kind == UNKNOWN_KEY
    assert verify_bundle(bundles[0], trusted_keys=trusted_keys_from_document(published)).ok


def test_the_independent_verifier_imports_nothing_from_wijkdossier() -> None:
    tree = ast.parse(VERIFIER.read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, "relative import"
            imported.add((node.module or "").split(".")[0])
    assert imported <= {"base64", "hashlib", "json", "sys", "cryptography"}, imported


def test_a_bundle_covers_events_written_after_the_last_checkpoint_by_signing_a_new_one(dossiers) -> None:  # noqa: ANN001, F811
    hid, _ = household(dossiers, close=False)
    store = integrity_of(dossiers)
    store.create_checkpoint()
    from tests.builders import cd

    dossiers.record_contact(hid, kind="phone", by=cd(4))
    before = len(store.checkpoints())
    bundle = bundle_for_household(dossiers, hid)
    assert len(store.checkpoints()) == before + 1
    assert bundle["streams"][0]["head_version"] == 7
    assert independent_verifier.verify(bundle) is None


def test_a_complaint_bundle_marks_the_complaint_and_the_events_in_its_scope(dossiers) -> None:  # noqa: ANN001, F811
    hid, complaint_id = household(dossiers, complaint=True)
    bundle = bundle_for_complaint(dossiers, complaint_id)
    assert independent_verifier.verify(bundle) is None
    assert bundle["scope"]["kind"] == "complaint" and bundle["scope"]["complaint_id"] == str(complaint_id)
    streams = {s["stream_id"]: s for s in bundle["streams"]}
    assert all(e["in_scope"] for e in streams[str(complaint_id)]["events"])
    # The builder's complaint scope ends on its (synthetic, past) filing day; the dossier's
    # events were recorded now, so they fall outside it but stay in the bundle for the chain.
    assert not any(e["in_scope"] for e in streams[str(hid)]["events"])
    assert len(streams[str(hid)]["events"]) == streams[str(hid)]["head_version"]


def test_a_store_whose_chain_was_tampered_with_refuses_to_hand_out_a_bundle(dossiers, store_settings) -> None:  # noqa: ANN001, F811
    hid, _ = household(dossiers)
    raw = RawStore(store_settings, integrity_of(dossiers))
    target = raw.event_positions()[2]
    state = bytearray(raw.state_at(target))
    state[-1] ^= 0xFF
    raw.run(f"UPDATE {raw.events} SET state = ? WHERE {raw.position} = ?", (bytes(state), target))
    with pytest.raises(BundleError, match="wijkdossier verify"):
        bundle_for_household(dossiers, hid)
