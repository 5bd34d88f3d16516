"""How the API authenticates and behaves, read from the environment.

- `WIJKDOSSIER_JWKS_FILE` or `WIJKDOSSIER_JWKS_URL`: the identity provider's public keys;
- `WIJKDOSSIER_TOKEN_ISSUER`, `WIJKDOSSIER_TOKEN_AUDIENCE`: what tokens must say;
- `WIJKDOSSIER_TOKEN_ALGORITHMS`: comma-separated, default `EdDSA,ES256,RS256`;
- `WIJKDOSSIER_DEMO=1`: demo mode, a local issuer with its key under `var/` (never in production);
- `WIJKDOSSIER_VAR_DIR`: where demo files live (default `var`);
- `WIJKDOSSIER_MAX_BODY_BYTES`: the largest request body accepted (default 1 MiB);
- `WIJKDOSSIER_TOKEN_MAX_LIFETIME_MINUTES`: the longest a professional's token may be valid
  (exp - iat, default 480: one working day); `WIJKDOSSIER_CLIENT_TOKEN_MAX_LIFETIME_MINUTES` the
  same for clients and representatives (default 60: the portal's token sits in the browser).
Outside demo mode a missing key set, issuer or audience stops the server at start.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from api.auth.jws import SUPPORTED_ALGORITHMS
from infra.settings import SettingsError

DEMO_ISSUER = "urn:wijkdossier:demo-issuer"
DEMO_AUDIENCE = "wijkdossier-api"


@dataclass(frozen=True)
class ApiSettings:
    """Authentication and API behaviour; `demo` enables the local issuer and introspection."""

    demo: bool = False
    issuer: str | None = None
    audience: str | None = None
    jwks_file: Path | None = None
    jwks_url: str | None = None
    algorithms: tuple[str, ...] = SUPPORTED_ALGORITHMS
    var_dir: Path = Path("var")
    clock_skew_seconds: int = 30
    graphql_max_depth: int = 8
    graphql_max_aliases: int = 15
    graphql_max_tokens: int = 2000
    # Fields a query may ask for, list fields counted per item they may return (api.graphql.limits).
    graphql_max_cost: int = 2000
    max_body_bytes: int = 1024 * 1024
    token_max_lifetime_seconds: int = 8 * 3600
    client_token_max_lifetime_seconds: int = 3600

    @property
    def demo_key_file(self) -> Path:
        return self.var_dir / "demo-issuer-key.pem"

    @property
    def effective_issuer(self) -> str:
        return self.issuer or DEMO_ISSUER

    @property
    def effective_audience(self) -> str:
        return self.audience or DEMO_AUDIENCE

    def check(self) -> None:
        """Refuse to start without a way to check tokens (there is no default secret)."""
        unknown = [a for a in self.algorithms if a not in SUPPORTED_ALGORITHMS]
        if unknown or not self.algorithms:
            raise SettingsError(
                "WIJKDOSSIER_TOKEN_ALGORITHMS: use one or more of " + ", ".join(SUPPORTED_ALGORITHMS)
            )
        if self.demo:
            return
        if not (self.jwks_file or self.jwks_url):
            raise SettingsError(
                "WIJKDOSSIER_JWKS_FILE or WIJKDOSSIER_JWKS_URL: set where the identity provider's "
                "public keys are (or WIJKDOSSIER_DEMO=1 for the demo issuer)"
            )
        if not self.issuer or not self.audience:
            raise SettingsError(
                "WIJKDOSSIER_TOKEN_ISSUER and WIJKDOSSIER_TOKEN_AUDIENCE: both are needed to check tokens"
            )


def api_settings_from_environment(get: Callable[[str], str | None] = os.environ.get) -> ApiSettings:
    algorithms = tuple(a.strip() for a in (get("WIJKDOSSIER_TOKEN_ALGORITHMS") or "").split(",") if a.strip())
    jwks_file = get("WIJKDOSSIER_JWKS_FILE")
    return ApiSettings(
        demo=(get("WIJKDOSSIER_DEMO") or "").strip().lower() in ("1", "true", "yes"),
        issuer=get("WIJKDOSSIER_TOKEN_ISSUER") or None,
        audience=get("WIJKDOSSIER_TOKEN_AUDIENCE") or None,
        jwks_file=Path(jwks_file) if jwks_file else None,
        jwks_url=get("WIJKDOSSIER_JWKS_URL") or None,
        algorithms=algorithms or SUPPORTED_ALGORITHMS,
        var_dir=Path(get("WIJKDOSSIER_VAR_DIR") or "var"),
        max_body_bytes=_positive(get, "WIJKDOSSIER_MAX_BODY_BYTES", ApiSettings.max_body_bytes),
        token_max_lifetime_seconds=60 * _positive(get, "WIJKDOSSIER_TOKEN_MAX_LIFETIME_MINUTES",
                                                  ApiSettings.token_max_lifetime_seconds // 60),
        client_token_max_lifetime_seconds=60 * _positive(get, "WIJKDOSSIER_CLIENT_TOKEN_MAX_LIFETIME_MINUTES",
                                                         ApiSettings.client_token_max_lifetime_seconds // 60),
    )


def _positive(get: Callable[[str], str | None], name: str, default: int) -> int:
    raw = (get(name) or "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) <= 0:
        raise SettingsError(f"{name}: give a whole number above 0")
    return int(raw)
