"""Test support: an app on a fresh SQLite store with the demo issuer, and tokens for any role.

The names it knows are the `directory` handed in (`tests.app_support` passes the demo's; the API
does not import the demo)."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from infra.settings import ApiSettings
from infra.settings import Settings, StoreSettings
from wiring.directory import Directory


def prepare_environment(monkeypatch: Any) -> None:
    """A random master key for the per-household encryption (never a default)."""
    monkeypatch.setenv("WIJKDOSSIER_MASTER_KEY", secrets.token_hex(32))
    monkeypatch.delenv("WIJKDOSSIER_DEMO", raising=False)


@contextmanager
def running_app(tmp_path: Path, settings: Settings | StoreSettings | None = None, *, directory: Directory | None = None,
                **api_options: Any) -> Iterator[Any]:
    """A TestClient around `create_app` (lifespan run), with `client.token(role, subject, **claims)`."""
    from fastapi.testclient import TestClient

    from api.app import create_app

    store = settings or StoreSettings(kind="sqlite", sqlite_path=tmp_path / "wijkdossier.sqlite")
    options = {"demo": True, "var_dir": tmp_path / "var", **api_options}
    app = create_app(store, ApiSettings(**options), directory=directory)
    with TestClient(app, raise_server_exceptions=False) as client:
        issuer = app.state.demo_issuer

        def token(role: str, subject: str, **claims: Any) -> dict[str, str]:
            return {"Authorization": "Bearer " + issuer.mint(role=role, subject=subject, **claims)}

        client.token = token  # type: ignore[attr-defined]
        yield client
