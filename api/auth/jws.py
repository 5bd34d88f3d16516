"""JWT bearer tokens with PyJWT: signing (demo issuer, tests) and strict verification.

Only the algorithms a municipality's identity provider uses are accepted: EdDSA (Ed25519),
ES256 (P-256) and RS256 (RSA ≥ 2048 bits). `none` and every other algorithm are refused
before any key is touched. Each key comes from a JWK set as a `jwt.PyJWK`, which binds it
to one algorithm: PyJWT refuses a token whose header names another algorithm for that key,
so an RSA public key can never be used as an HMAC secret (algorithm confusion).

Every failure is a `JwsError` with a stable `reason` code; `api.auth.tokens` turns it into
an `AuthenticationRefused` with a Dutch message.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from jwt.algorithms import ECAlgorithm, OKPAlgorithm, RSAAlgorithm
from jwt.exceptions import InvalidSubjectError

logger = logging.getLogger("wijkdossier.auth")

SUPPORTED_ALGORITHMS = ("EdDSA", "ES256", "RS256")
REQUIRED_CLAIMS = ("exp", "iat", "sub")
MAX_TOKEN_LENGTH = 16_384  # a bearer token is small; refuse anything that is not
MINIMUM_RSA_BITS = 2048


class JwsError(Exception):
    """A token was refused. `reason` is a stable code; `claims` are set only once the signature held."""

    def __init__(self, reason: str, message: str, claims: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.reason = reason
        self.claims = claims


def b64url_encode(data: bytes) -> str:
    """Base64url without padding (RFC 7515 §2); tests use it to build hostile tokens."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def jwk_from_public_key(key: Any, kid: str) -> dict[str, str]:
    """The public JWK for a key we hold (used by the demo issuer and by tests)."""
    if isinstance(key, Ed25519PublicKey):
        jwk, alg = OKPAlgorithm.to_jwk(key, as_dict=True), "EdDSA"
    elif isinstance(key, ec.EllipticCurvePublicKey):
        jwk, alg = ECAlgorithm.to_jwk(key, as_dict=True), "ES256"
    elif isinstance(key, rsa.RSAPublicKey):
        jwk, alg = RSAAlgorithm.to_jwk(key, as_dict=True), "RS256"
        jwk.pop("key_ops", None)  # "use": "sig" says the same, and is what we filter on
    else:
        raise TypeError("jwk_from_public_key: use an Ed25519, P-256 or RSA public key")
    return {**jwk, "alg": alg, "use": "sig", "kid": kid}


def sign(claims: Mapping[str, Any], private_key: Any, kid: str, alg: str | None = None) -> str:
    """A compact JWS over `claims`, signed with an Ed25519, P-256 or RSA private key."""
    if alg is None:
        if isinstance(private_key, Ed25519PrivateKey):
            alg = "EdDSA"
        elif isinstance(private_key, ec.EllipticCurvePrivateKey):
            alg = "ES256"
        elif isinstance(private_key, rsa.RSAPrivateKey):
            alg = "RS256"
        else:
            raise TypeError("sign: use an Ed25519, P-256 or RSA private key")
    if alg not in SUPPORTED_ALGORITHMS:
        raise ValueError(f"sign: algorithm {alg!r} is not supported; use one of {', '.join(SUPPORTED_ALGORITHMS)}")
    return jwt.encode(dict(claims), private_key, algorithm=alg, headers={"kid": kid})


def signing_keys(document: Mapping[str, Any] | jwt.PyJWKSet) -> list[jwt.PyJWK]:
    """The keys of a JWK set we accept for verifying tokens.

    Keys for encryption, of another algorithm, or RSA shorter than 2048 bits are left out,
    each with a warning naming its `kid` (never silently): a mistake at the identity
    provider should be visible in the logs, not only as refused logins.
    """
    if isinstance(document, jwt.PyJWKSet):
        key_set = document
    else:
        keys = document.get("keys") if isinstance(document, Mapping) else None
        if not isinstance(keys, list):
            raise JwsError("bad_jwks", "jwks: the document has no 'keys' list")
        try:
            key_set = jwt.PyJWKSet(keys)
        except jwt.PyJWTError as exc:
            raise JwsError("bad_jwks", f"jwks: no usable key ({type(exc).__name__})") from None
        if len(key_set.keys) < len(keys):
            logger.warning("jwks: %d key(s) could not be read and are ignored", len(keys) - len(key_set.keys))
    usable = []
    for key in key_set.keys:
        problem = _key_problem(key)
        if problem:
            logger.warning("jwks: key %r ignored: %s", key.key_id, problem)
        else:
            usable.append(key)
    return usable


def _key_problem(key: jwt.PyJWK) -> str | None:
    if key.public_key_use not in (None, "sig"):
        return "not a signing key (use is not 'sig')"
    if key.algorithm_name not in SUPPORTED_ALGORITHMS:
        return f"algorithm {key.algorithm_name} is not accepted; use {', '.join(SUPPORTED_ALGORITHMS)}"
    if isinstance(key.key, (rsa.RSAPrivateKey, ec.EllipticCurvePrivateKey, Ed25519PrivateKey)):
        return "a private key does not belong in a published key set"
    if isinstance(key.key, rsa.RSAPublicKey) and key.key.key_size < MINIMUM_RSA_BITS:
        return f"RSA key shorter than {MINIMUM_RSA_BITS} bits"
    return None


KeyLookup = Callable[[bool], Sequence[jwt.PyJWK]]
"""Returns the current signing keys; called with True to reload them (key rotation)."""


def decode(token: str, keys: KeyLookup, *, algorithms: Iterable[str], issuer: str, audience: str,
           leeway: float) -> dict[str, Any]:
    """The claims of a correctly signed, currently valid token for this issuer and audience.

    Raises JwsError: `malformed`, `alg_none`, `alg_not_allowed`, `unknown_key`, `bad_key`,
    `bad_signature` before the signature held; `expired`, `not_yet_valid`, `wrong_issuer`,
    `wrong_audience`, `no_expiry`, `no_issued_at`, `no_subject` after it (with `claims`).
    """
    if not isinstance(token, str) or not token or len(token) > MAX_TOKEN_LENGTH:
        raise JwsError("malformed", "token: missing or too long")
    if token.count(".") != 2:
        raise JwsError("malformed", "token: a JWS has three parts separated by dots")
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError:
        raise JwsError("malformed", "token: the header is not base64url JSON") from None
    alg = header.get("alg")
    allowed = [a for a in algorithms if a in SUPPORTED_ALGORITHMS]
    if not isinstance(alg, str) or alg.lower() == "none":
        raise JwsError("alg_none", "token: unsigned tokens (alg none) are refused")
    if alg not in allowed:
        raise JwsError("alg_not_allowed", f"token: algorithm {alg!r} is not accepted; accepted: {', '.join(allowed)}")
    if header.get("crit"):
        raise JwsError("malformed", "token: critical header extensions are not supported")
    kid = header.get("kid")
    if kid is not None and not isinstance(kid, str):
        raise JwsError("malformed", "token: the key id (kid) is not text")

    candidates = _candidates(keys(False), kid, alg)
    if not candidates:
        # The identity provider may have rotated its keys: reload once.
        candidates = _candidates(keys(True), kid, alg)
    if not candidates:
        raise JwsError("unknown_key", "token: signed with a key that is not in the configured key set")

    failure: JwsError | None = None
    for key in candidates:
        try:
            # PyJWT checks alg ∈ allowed and alg == the key's own algorithm, then the signature,
            # then the claims; a claims error therefore means the signature held.
            return jwt.decode(token, key, algorithms=allowed, audience=audience, issuer=issuer, leeway=leeway,
                              options={"require": list(REQUIRED_CLAIMS), "verify_sub": True})
        except jwt.InvalidSignatureError:
            failure = JwsError("bad_signature", "token: the signature does not match")
        except jwt.PyJWTError as exc:
            raise _refusal(exc, token) from None
    assert failure is not None  # candidates is not empty
    raise failure


def _candidates(keys: Sequence[jwt.PyJWK], kid: str | None, alg: str) -> list[jwt.PyJWK]:
    if kid is not None:
        # Matched on kid alone: PyJWT then refuses the token when its alg is not the key's.
        return [k for k in keys if k.key_id == kid]
    return [k for k in keys if k.algorithm_name == alg]


def _verified_claims(token: str) -> dict[str, Any] | None:
    # Only called after PyJWT verified the signature and failed on a claim.
    try:
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError:
        return None
    return claims if isinstance(claims, dict) else None


def _refusal(exc: jwt.PyJWTError, token: str) -> JwsError:
    """One PyJWT exception as a JwsError with our stable reason code."""
    if isinstance(exc, jwt.MissingRequiredClaimError):
        reason = {"exp": "no_expiry", "iat": "no_issued_at", "sub": "no_subject",
                  "iss": "wrong_issuer", "aud": "wrong_audience"}.get(exc.claim, "malformed")
        return JwsError(reason, f"token: the claim {exc.claim!r} is missing", _verified_claims(token))
    claim_errors: list[tuple[type[jwt.PyJWTError], str]] = [
        (jwt.ExpiredSignatureError, "expired"),
        (jwt.ImmatureSignatureError, "not_yet_valid"),
        (jwt.InvalidIssuerError, "wrong_issuer"),
        (jwt.InvalidAudienceError, "wrong_audience"),
        (InvalidSubjectError, "no_subject"),
        (jwt.InvalidIssuedAtError, "malformed"),
    ]
    for kind, reason in claim_errors:
        if isinstance(exc, kind):
            return JwsError(reason, f"token: {exc}", _verified_claims(token))
    if isinstance(exc, jwt.InvalidAlgorithmError):
        return JwsError("alg_not_allowed", "token: the algorithm does not match the key or is not accepted")
    if isinstance(exc, (jwt.InvalidKeyError, jwt.PyJWKError)):
        return JwsError("bad_key", "token: the key for this token cannot be used")
    # DecodeError and anything else PyJWT refuses: not a token we can read.
    return JwsError("malformed", f"token: {type(exc).__name__}")
