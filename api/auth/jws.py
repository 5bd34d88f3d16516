"""Compact JWS (RFC 7515) signing and verification for JWT bearer tokens, with `cryptography`.

Only the algorithms a municipality's identity provider uses are known: EdDSA (Ed25519,
RFC 8037), ES256 (P-256, RFC 7518 §3.4) and RS256 (RFC 7518 §3.3). `none` and every
other algorithm are refused before any key is touched, and a key is used only for the
algorithm its type allows (no RS256/HS256 confusion). Interim: when `pyjwt[crypto]` is
added as a dependency this module can shrink to a thin wrapper around it.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature, encode_dss_signature
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

SUPPORTED_ALGORITHMS = ("EdDSA", "ES256", "RS256")
MAX_TOKEN_LENGTH = 16_384  # a bearer token is small; refuse anything that is not


class JwsError(Exception):
    """A token is not a well-formed, correctly signed JWS. `reason` is a stable code."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    if not isinstance(text, str) or any(c in text for c in "=+/ \n"):
        raise JwsError("malformed", "token: a part is not base64url without padding")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise JwsError("malformed", "token: a part is not base64url") from None


def _int_from_b64(text: str) -> int:
    return int.from_bytes(b64url_decode(text), "big")


@dataclass(frozen=True)
class PublicKey:
    """One verification key from a JWK set, bound to the one algorithm it may verify."""

    kid: str | None
    alg: str
    key: Any

    def verify(self, signature: bytes, signing_input: bytes) -> bool:
        try:
            if self.alg == "EdDSA":
                self.key.verify(signature, signing_input)
            elif self.alg == "ES256":
                if len(signature) != 64:
                    return False
                r = int.from_bytes(signature[:32], "big")
                s = int.from_bytes(signature[32:], "big")
                self.key.verify(encode_dss_signature(r, s), signing_input, ec.ECDSA(hashes.SHA256()))
            elif self.alg == "RS256":
                self.key.verify(signature, signing_input, padding.PKCS1v15(), hashes.SHA256())
            else:
                return False
        except InvalidSignature:
            return False
        return True


def public_key_from_jwk(jwk: Mapping[str, Any]) -> PublicKey:
    """A verification key from one JWK; raises JwsError for key types we do not accept."""
    kty, alg = jwk.get("kty"), jwk.get("alg")
    try:
        if kty == "OKP" and jwk.get("crv") == "Ed25519":
            key: Any = Ed25519PublicKey.from_public_bytes(b64url_decode(jwk["x"]))
            key_alg = "EdDSA"
        elif kty == "EC" and jwk.get("crv") == "P-256":
            numbers = ec.EllipticCurvePublicNumbers(_int_from_b64(jwk["x"]), _int_from_b64(jwk["y"]), ec.SECP256R1())
            key, key_alg = numbers.public_key(), "ES256"
        elif kty == "RSA":
            key = rsa.RSAPublicNumbers(_int_from_b64(jwk["e"]), _int_from_b64(jwk["n"])).public_key()
            if key.key_size < 2048:
                raise JwsError("weak_key", "jwks: an RSA key shorter than 2048 bits is refused")
            key_alg = "RS256"
        else:
            raise JwsError("unsupported_key", f"jwks: key type {kty!r} is not supported; use OKP/Ed25519, EC/P-256 or RSA")
    except (KeyError, ValueError, TypeError):
        raise JwsError("bad_key", "jwks: a key lacks a field or has a wrong value") from None
    if alg is not None and alg != key_alg:
        raise JwsError("unsupported_key", f"jwks: key says alg {alg!r} but its type only allows {key_alg}")
    return PublicKey(kid=jwk.get("kid"), alg=key_alg, key=key)


def keys_from_jwks(document: Mapping[str, Any]) -> list[PublicKey]:
    """Every usable signing key of a JWK set; keys marked for encryption are skipped on purpose."""
    keys = document.get("keys")
    if not isinstance(keys, list):
        raise JwsError("bad_jwks", "jwks: the document has no 'keys' list")
    return [public_key_from_jwk(jwk) for jwk in keys if jwk.get("use", "sig") == "sig"]


def jwk_from_public_key(key: Any, kid: str) -> dict[str, str]:
    """The public JWK for a key we hold (used by the demo issuer and by tests)."""
    if isinstance(key, Ed25519PublicKey):
        return {"kty": "OKP", "crv": "Ed25519", "alg": "EdDSA", "use": "sig", "kid": kid,
                "x": b64url_encode(key.public_bytes(Encoding.Raw, PublicFormat.Raw))}
    if isinstance(key, ec.EllipticCurvePublicKey):
        numbers = key.public_numbers()
        return {"kty": "EC", "crv": "P-256", "alg": "ES256", "use": "sig", "kid": kid,
                "x": b64url_encode(numbers.x.to_bytes(32, "big")), "y": b64url_encode(numbers.y.to_bytes(32, "big"))}
    if isinstance(key, rsa.RSAPublicKey):
        numbers = key.public_numbers()
        return {"kty": "RSA", "alg": "RS256", "use": "sig", "kid": kid,
                "n": b64url_encode(numbers.n.to_bytes((numbers.n.bit_length() + 7) // 8, "big")),
                "e": b64url_encode(numbers.e.to_bytes((numbers.e.bit_length() + 7) // 8, "big"))}
    raise TypeError("jwk_from_public_key: unsupported key type")


def sign(claims: Mapping[str, Any], private_key: Any, kid: str, alg: str | None = None) -> str:
    """A compact JWS over `claims` (JSON), signed with an Ed25519, P-256 or RSA private key."""
    if isinstance(private_key, Ed25519PrivateKey):
        alg = alg or "EdDSA"
    elif isinstance(private_key, ec.EllipticCurvePrivateKey):
        alg = alg or "ES256"
    elif isinstance(private_key, rsa.RSAPrivateKey):
        alg = alg or "RS256"
    header = {"alg": alg, "typ": "JWT", "kid": kid}
    signing_input = (
        b64url_encode(json.dumps(header, separators=(",", ":")).encode())
        + "."
        + b64url_encode(json.dumps(dict(claims), separators=(",", ":")).encode())
    ).encode("ascii")
    if alg == "EdDSA":
        signature = private_key.sign(signing_input)
    elif alg == "ES256":
        r, s = decode_dss_signature(private_key.sign(signing_input, ec.ECDSA(hashes.SHA256())))
        signature = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    elif alg == "RS256":
        signature = private_key.sign(signing_input, padding.PKCS1v15(), hashes.SHA256())
    else:
        raise ValueError(f"sign: algorithm {alg!r} is not supported")
    return signing_input.decode("ascii") + "." + b64url_encode(signature)


def verify(token: str, keys: Iterable[PublicKey], allowed_algorithms: Iterable[str]) -> dict[str, Any]:
    """The claims of a correctly signed token, or JwsError (`reason` says why).

    Checks only the signature; the caller checks iss, aud, exp and nbf.
    """
    if not isinstance(token, str) or len(token) > MAX_TOKEN_LENGTH:
        raise JwsError("malformed", "token: missing or too long")
    parts = token.split(".")
    if len(parts) != 3:
        raise JwsError("malformed", "token: a JWS has three parts separated by dots")
    header_b64, payload_b64, signature_b64 = parts
    try:
        header = json.loads(b64url_decode(header_b64))
    except (ValueError, UnicodeDecodeError):
        raise JwsError("malformed", "token: the header is not JSON") from None
    if not isinstance(header, dict):
        raise JwsError("malformed", "token: the header is not a JSON object")
    alg = header.get("alg")
    allowed = set(allowed_algorithms) & set(SUPPORTED_ALGORITHMS)
    if not isinstance(alg, str) or alg.lower() == "none":
        raise JwsError("alg_none", "token: unsigned tokens (alg none) are refused")
    if alg not in allowed:
        raise JwsError("alg_not_allowed", f"token: algorithm {alg!r} is not accepted; accepted: {', '.join(sorted(allowed))}")
    if header.get("crit"):
        raise JwsError("malformed", "token: critical header extensions are not supported")
    kid = header.get("kid")
    candidates = [k for k in keys if k.alg == alg and (kid is None or k.kid == kid)]
    if not candidates:
        raise JwsError("unknown_key", "token: signed with a key that is not in the configured key set")
    signature = b64url_decode(signature_b64)
    signing_input = f"{header_b64}.{payload_b64}".encode("ascii")
    if not any(k.verify(signature, signing_input) for k in candidates):
        raise JwsError("bad_signature", "token: the signature does not match")
    try:
        claims = json.loads(b64url_decode(payload_b64))
    except (ValueError, UnicodeDecodeError):
        raise JwsError("malformed", "token: the payload is not JSON") from None
    if not isinstance(claims, dict):
        raise JwsError("malformed", "token: the payload is not a JSON object")
    return claims
