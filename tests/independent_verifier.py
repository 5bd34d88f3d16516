"""An independent check of a Wijkdossier verification bundle, written from
docs/verification-bundle.md alone: standard library (hashlib, json, base64) and
`cryptography`, no Wijkdossier code. A test keeps it that way by reading its imports.

    python tests/independent_verifier.py BUNDLE.json [KEYS.json]

Prints OK or the first thing that is wrong; exit 0 or 1.
"""

import base64
import hashlib
import json
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


def _field(data):
    return len(data).to_bytes(4, "big") + data


def _event_bytes(stream_id, version, topic, state):
    return _field(stream_id.encode()) + version.to_bytes(8, "big", signed=True) + _field(topic.encode()) + _field(state)


def _household_in_header(state):
    if len(state) >= 6 and state[:4] in (b"WDE1", b"WDC1"):
        return state[6 : 6 + int.from_bytes(state[4:6], "big")].decode()
    return None


def _b64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _root_from_path(index, size, leaf, path):
    """RFC 9162 section 2.1.3.2."""
    if index >= size:
        raise ValueError("leaf index outside the tree")
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            raise ValueError("audit path too long")
        if fn & 1 or fn == sn:
            r = hashlib.sha256(b"\x01" + p + r).digest()
            while fn and not fn & 1:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = hashlib.sha256(b"\x01" + r + p).digest()
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        raise ValueError("audit path too short")
    return r


def verify(bundle, trusted_keys=None):
    """Returns None when the bundle proves what it claims, else a sentence saying what is wrong.

    `trusted_keys`: a published key document (JWK set) to trust instead of the bundle's own.
    """
    if bundle.get("format") != "wijkdossier-bundle/1":
        return "unknown bundle format"
    # 1. The checkpoint is signed by the municipality's key.
    payload = base64.b64decode(bundle["checkpoint"]["payload"])
    signature = base64.b64decode(bundle["checkpoint"]["signature"])
    checkpoint = json.loads(payload)
    if checkpoint.get("format") not in ("wijkdossier-checkpoint/1", "wijkdossier-checkpoint/2"):
        return "checkpoint: unknown format"
    kid = checkpoint["key_id"]
    keys = (trusted_keys or bundle["keys"])["keys"]
    matching = [k for k in keys if k.get("kid") == kid and k.get("kty") == "OKP" and k.get("crv") == "Ed25519"]
    if not matching:
        return f"checkpoint: signed by key {kid}, which is not in the key document"
    raw = _b64url(matching[0]["x"])
    if "wd-" + hashlib.sha256(raw).hexdigest()[:16] != kid:
        return f"keys: key id {kid} does not belong to its public key"
    try:
        Ed25519PublicKey.from_public_bytes(raw).verify(signature, payload)
    except InvalidSignature:
        return "checkpoint: bad signature"
    # 2. Every stream chain, from version 1 to the head named in the leaf.
    household = bundle["household_id"]
    heads = []
    for stream in bundle["streams"]:
        sid, link = stream["stream_id"], bytes(32)
        versions = [e["version"] for e in stream["events"]]
        if versions != list(range(1, stream["head_version"] + 1)):
            return f"stream {sid}: versions {versions} are not 1..{stream['head_version']} (missing, inserted or reordered)"
        for e in stream["events"]:
            state = base64.b64decode(e["state"])
            if (_household_in_header(state) or sid) != household:
                return f"stream {sid} v{e['version']}: belongs to another household"
            link = hashlib.sha256(
                b"wijkdossier/stream-link/v1\x00" + link + _event_bytes(sid, e["version"], e["topic"], state)
            ).digest()
        heads.append((sid.encode(), stream["head_version"], link))
    # 3. The household's leaf is in the signed Merkle tree.
    heads.sort(key=lambda h: h[0])
    leaf = _field(household.encode()) + len(heads).to_bytes(4, "big")
    for sid, version, link in heads:
        leaf += _field(sid) + version.to_bytes(8, "big", signed=True) + link
    proof = bundle["proof"]
    if proof["tree_size"] != checkpoint["households"]:
        return "proof: tree size differs from the checkpoint"
    try:
        root = _root_from_path(proof["leaf_index"], proof["tree_size"], hashlib.sha256(b"\x00" + leaf).digest(),
                               [bytes.fromhex(p) for p in proof["audit_path"]])
    except ValueError as exc:
        return f"proof: {exc}"
    if root.hex() != checkpoint["households_root"]:
        return "proof: the household's events do not lead to the signed households root (changed, missing or added)"
    return None


if __name__ == "__main__":
    with open(sys.argv[1]) as f:
        problem = verify(json.load(f), json.load(open(sys.argv[2])) if len(sys.argv) > 2 else None)
    print(problem or "OK")
    sys.exit(1 if problem else 0)
