"""From a bearer token to a `Principal`: signature, issuer, audience, expiry, role, level.

Every refusal is an `AuthenticationRefused` with a stable `reason` code (logged) and a Dutch
message for the caller; 401 when the token itself is not acceptable, 403 when the token is
fine but does not allow this use (no known role, authentication level too low).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

import jwt

from api.auth.jws import JwsError, decode, signing_keys
from infra.settings import ApiSettings
from domain.vocabulary import CLIENT_SIDE, Role
from privacy.model import Principal

# Authentication levels, lowest to highest: DigiD words, eIDAS and eTD/eHerkenning URIs.
_LEVELS: dict[str, int] = {
    "basis": 1,
    "midden": 2,
    "substantieel": 3,
    "hoog": 4,
    "urn:etoegang:core:assurance-class:loa1": 1,
    "urn:etoegang:core:assurance-class:loa2": 2,
    "urn:etoegang:core:assurance-class:loa2plus": 2,
    "urn:etoegang:core:assurance-class:loa3": 3,
    "urn:etoegang:core:assurance-class:loa4": 4,
    "http://eidas.europa.eu/LoA/low": 1,
    "http://eidas.europa.eu/LoA/substantial": 3,
    "http://eidas.europa.eu/LoA/high": 4,
}
PORTAL_MINIMUM_LEVEL = 3  # DigiD "substantieel" (003/002: inzage in the own dossier)
API_ROLES = frozenset(Role) - {Role.SYSTEM}  # system acts only from imports and jobs, never over HTTP


class AuthenticationRefused(Exception):
    """A token was refused. `reason` is a stable code for the access log; `message` is Dutch."""

    def __init__(self, status: int, reason: str, message: str, *, subject: str | None = None,
                 role: str | None = None, organisation: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.reason = reason
        self.message = message
        self.subject = subject  # only set once the signature was verified
        self.role = role
        self.organisation = organisation


JwksSource = Callable[[bool], "Mapping[str, Any] | jwt.PyJWKSet"]
"""Returns the JWK set; called with True when a fresh copy is wanted (key rotation)."""


class KeySet:
    """The verification keys (`jwt.PyJWK`): from a JWKS file, a JWKS URL (`jwt.PyJWKClient`) or the demo issuer.

    Keys are cached for `cache_seconds`. A token with an unknown key id makes one reload,
    at most once per `refresh_cooldown_seconds`, so made-up key ids cannot hammer the IdP.
    """

    def __init__(self, source: JwksSource, cache_seconds: float = 300.0,
                 refresh_cooldown_seconds: float = 10.0) -> None:
        self._source = source
        self._cache_seconds = cache_seconds
        self._cooldown = refresh_cooldown_seconds
        self._keys: list[jwt.PyJWK] | None = None
        self._loaded_at = 0.0
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: ApiSettings, demo_jwks: dict[str, Any] | None = None) -> KeySet:
        if settings.jwks_file:
            path = settings.jwks_file
            return cls(lambda refresh: json.loads(path.read_text(encoding="utf-8")))
        if settings.jwks_url:
            url = settings.jwks_url
            if not url.startswith(("https://", "http://127.0.0.1", "http://localhost")):
                raise ValueError("WIJKDOSSIER_JWKS_URL: use https (plain http only for localhost)")
            # PyJWKClient caches the set itself; our own cache sits on top with the same lifespan.
            client = jwt.PyJWKClient(url, cache_jwk_set=True, lifespan=300, timeout=5)
            return cls(lambda refresh: client.get_jwk_set(refresh=refresh))
        if demo_jwks is not None:
            return cls(lambda refresh: demo_jwks, cache_seconds=float("inf"))
        raise ValueError("no key set configured")

    def keys(self, refresh: bool = False) -> list[jwt.PyJWK]:
        """The usable signing keys; `refresh` reloads them unless that was done moments ago."""
        with self._lock:
            now = time.monotonic()
            stale = now - self._loaded_at > self._cache_seconds
            may_refresh = refresh and now - self._loaded_at >= self._cooldown
            if self._keys is None or stale or may_refresh:
                try:
                    self._keys = signing_keys(self._source(refresh))
                except (OSError, ValueError, jwt.PyJWTError) as exc:
                    raise JwsError("keys_unavailable", f"jwks: cannot load the key set ({type(exc).__name__})") from None
                self._loaded_at = now
            return self._keys


class TokenVerifier:
    """Checks bearer tokens (PyJWT) against one key set, issuer, audience and the clock."""

    def __init__(self, settings: ApiSettings, key_set: KeySet) -> None:
        self.settings = settings
        self.key_set = key_set

    def claims(self, token: str) -> dict[str, Any]:
        """The verified claims, or AuthenticationRefused (401) with the reason code `token.<reason>`."""
        try:
            claims = decode(token, self.key_set.keys, algorithms=self.settings.algorithms,
                            issuer=self.settings.effective_issuer, audience=self.settings.effective_audience,
                            leeway=self.settings.clock_skew_seconds)
        except JwsError as exc:
            claims = exc.claims or {}
            subject = claims.get("sub") if isinstance(claims.get("sub"), str) else None
            status = 503 if exc.reason == "keys_unavailable" else 401
            raise AuthenticationRefused(status, f"token.{exc.reason}", _DUTCH.get(exc.reason, _BAD_TOKEN),
                                        subject=subject, role=_first_role(claims) if claims else None,
                                        organisation=_text(claims.get("organisation"))) from None
        self._check_lifetime(claims)
        return claims

    def _check_lifetime(self, claims: dict[str, Any]) -> None:
        """A stolen token is useful only until it expires: refuse any that was issued to live too long.

        Both the issued lifetime (exp - iat) and the time still left (exp - now) count, so a token with
        a back-dated `iat` cannot stretch it. Clients' tokens live in the browser, so theirs is shorter.
        """
        client_side = any(role in {r.value for r in CLIENT_SIDE} for role in _roles(claims))
        limit = self.settings.client_token_max_lifetime_seconds if client_side \
            else self.settings.token_max_lifetime_seconds
        exp, iat = claims.get("exp"), claims.get("iat")
        lifetime = max(float(exp) - float(iat), float(exp) - time.time()) if isinstance(exp, (int, float)) \
            and isinstance(iat, (int, float)) else None
        if lifetime is not None and lifetime <= limit + self.settings.clock_skew_seconds:
            return
        subject = claims.get("sub") if isinstance(claims.get("sub"), str) else None
        raise AuthenticationRefused(
            401, "token.lifetime_too_long",
            f"Dit token is te lang geldig: hoogstens {limit // 60} minuten (limiet token_max_lifetime). "
            "Log opnieuw in bij uw organisatie.",
            subject=subject, role=_first_role(claims), organisation=_text(claims.get("organisation")))

    def principal(self, token: str, *, requested_role: str | None = None, emergency_reason: str | None = None) -> Principal:
        """The principal a valid token stands for, in one role (`requested_role` when it holds several)."""
        return principal_from_claims(self.claims(token), requested_role=requested_role,
                                     emergency_reason=emergency_reason)


def principal_from_claims(claims: dict[str, Any], *, requested_role: str | None = None,
                          emergency_reason: str | None = None) -> Principal:
    """Map verified claims to a Principal; refuses (403) an unknown role or a too-low level for clients."""
    subject = str(claims["sub"])
    organisation = _text(claims.get("organisation")) or "wijkteam"
    roles = _roles(claims)
    known = [r for r in roles if r in {x.value for x in API_ROLES}]

    def refuse(reason: str, message: str, role: str | None = None) -> AuthenticationRefused:
        return AuthenticationRefused(403, reason, message, subject=subject, role=role, organisation=organisation)

    if not known:
        raise refuse("token.missing_role", "Uw account heeft geen rol in Wijkdossier. Vraag uw beheerder om een rol.")
    if requested_role:
        if requested_role not in known:
            raise refuse("token.role_not_held", "U heeft de gevraagde rol niet. Kies een rol die bij uw account hoort.")
        role = Role(requested_role)
    elif len(known) == 1:
        role = Role(known[0])
    else:
        raise refuse("token.choose_role", "Uw account heeft meer rollen. Geef in de kop X-Wijkdossier-Role aan welke u nu gebruikt.")
    acr = _text(claims.get("acr"))
    if role in CLIENT_SIDE and _LEVELS.get(acr or "", 0) < PORTAL_MINIMUM_LEVEL:
        raise refuse("token.authentication_level_too_low",
                     "Voor uw dossier moet u inloggen met DigiD op niveau Substantieel of Hoog.", role.value)
    represents = claims.get("represents") or []
    if not isinstance(represents, list) or not all(isinstance(p, str) for p in represents):
        raise refuse("token.bad_represents", "Het token noemt de vertegenwoordigde personen niet goed.", role.value)
    if role == Role.LEGAL_REPRESENTATIVE and not represents:
        raise refuse("token.represents_nobody", "Als vertegenwoordiger moet uw token zeggen voor wie u optreedt.",
                     role.value)
    return Principal(
        user_id=subject,
        role=role,
        organisation=organisation,
        team=_text(claims.get("team")),
        person_id=subject if role == Role.CLIENT else None,
        represents=tuple(represents) if role == Role.LEGAL_REPRESENTATIVE else (),
        on_behalf_of=_text(claims.get("on_behalf_of")),
        authentication_level=acr,
        emergency_reason=(emergency_reason or None),
    )


def _roles(claims: dict[str, Any]) -> list[str]:
    roles = claims.get("roles")
    if isinstance(roles, str):
        return [roles]
    if isinstance(roles, list):
        return [r for r in roles if isinstance(r, str)]
    role = claims.get("role")
    return [role] if isinstance(role, str) else []


def _first_role(claims: dict[str, Any]) -> str | None:
    roles = _roles(claims)
    return roles[0] if roles else None


def _text(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


_BAD_TOKEN = "Dit token is ongeldig. Log opnieuw in."
_DUTCH = {
    "alg_none": "Niet-ondertekende tokens worden geweigerd. Log opnieuw in.",
    "alg_not_allowed": "Dit token gebruikt een ondertekening die wij niet accepteren. Log opnieuw in.",
    "bad_signature": "De handtekening van dit token klopt niet. Log opnieuw in.",
    "unknown_key": "Dit token is ondertekend met een sleutel die wij niet kennen. Log opnieuw in.",
    "bad_key": "De sleutel van dit token is niet bruikbaar. Log opnieuw in.",
    "keys_unavailable": "Wij kunnen inloggen nu niet controleren. Probeer het over een paar minuten opnieuw.",
    "malformed": "Dit is geen geldig token. Log opnieuw in.",
    "wrong_issuer": "Dit token komt niet van de uitgever die wij vertrouwen. Log opnieuw in.",
    "wrong_audience": "Dit token is niet voor Wijkdossier bedoeld. Log opnieuw in.",
    "no_expiry": "Dit token heeft geen vervaltijd. Log opnieuw in.",
    "no_issued_at": "Dit token zegt niet wanneer het is uitgegeven. Log opnieuw in.",
    "expired": "Uw sessie is verlopen. Log opnieuw in.",
    "not_yet_valid": "Dit token is nog niet geldig. Controleer de klok of log opnieuw in.",
    "no_subject": "Dit token zegt niet wie u bent. Log opnieuw in.",
}
