"""The demo issuer: a local Ed25519 key under `var/` that signs tokens in demo mode only.

It stands in for the municipality's identity provider (and DigiD for clients) so the demo
and the tests exercise the same token checks as production.
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
    load_pem_private_key,
)

from api.auth.jws import jwk_from_public_key, sign
from infra.settings import ApiSettings
from domain.vocabulary import CLIENT_SIDE, Role

DEFAULT_LIFETIME_SECONDS = 8 * 3600  # a professional's working day
# A client's token sits in the portal's sessionStorage: kept short so a leaked one is soon worthless.
CLIENT_LIFETIME_SECONDS = 3600


class DemoIssuer:
    """Signs tokens for the demo; `jwks()` is what the API verifies them with."""

    def __init__(self, private_key: Ed25519PrivateKey, issuer: str, audience: str) -> None:
        self.private_key = private_key
        self.issuer = issuer
        self.audience = audience
        public_raw = private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        self.kid = "demo-" + hashlib.sha256(public_raw).hexdigest()[:16]

    @classmethod
    def from_settings(cls, settings: ApiSettings) -> DemoIssuer:
        return cls(load_or_create_key(settings.demo_key_file), settings.effective_issuer, settings.effective_audience)

    def jwks(self) -> dict[str, Any]:
        return {"keys": [jwk_from_public_key(self.private_key.public_key(), self.kid)]}

    def mint(
        self,
        *,
        role: str,
        subject: str,
        team: str | None = "noord",
        organisation: str = "wijkteam",
        acr: str | None = None,
        represents: list[str] | None = None,
        lifetime_seconds: int | None = None,
        extra: dict[str, Any] | None = None,
    ) -> str:
        """A signed bearer token for one role; clients get DigiD level `substantieel` by default."""
        role_value = Role(role).value
        if lifetime_seconds is None:
            lifetime_seconds = CLIENT_LIFETIME_SECONDS if Role(role_value) in CLIENT_SIDE else DEFAULT_LIFETIME_SECONDS
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "aud": self.audience,
            "sub": subject,
            "iat": now,
            "nbf": now,
            "exp": now + lifetime_seconds,
            "roles": [role_value],
            "organisation": organisation,
        }
        if team:
            claims["team"] = team
        if Role(role_value) in CLIENT_SIDE:
            claims["acr"] = acr or "substantieel"
        elif acr:
            claims["acr"] = acr
        if represents:
            claims["represents"] = list(represents)
        claims.update(extra or {})
        return sign(claims, self.private_key, self.kid)


def load_or_create_key(path: Path) -> Ed25519PrivateKey:
    """The demo signing key, created once with owner-only permissions."""
    if path.exists():
        key = load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError(f"{path}: the demo issuer key must be an Ed25519 key; delete it to create a new one")
        return key
    path.parent.mkdir(parents=True, exist_ok=True)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
    # O_EXCL: two processes starting at once must not overwrite each other's key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return load_or_create_key(path)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
    return key
