"""The privacy officer's console page (`/portal/privacy`) and, in demo mode, its login without a password.

The page is static HTML and JavaScript; everything it shows comes from the REST routes in
`api.routers.privacy_console`, decided and logged by the privacy layer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from domain.vocabulary import Role
from wiring.directory import Directory

STATIC_DIR = Path(__file__).resolve().parent / "static"


def privacy_page_router(demo_issuer: Any | None, directory: Directory) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/portal/privacy")
    def privacy_page() -> HTMLResponse:
        return HTMLResponse((STATIC_DIR / "privacy.html").read_text(encoding="utf-8"))

    if demo_issuer is not None:
        @router.post("/portal/demo-privacy-login")
        def demo_privacy_login() -> dict[str, str]:
            """Demo only: a token for the demo municipality's privacy officer (made-up person)."""
            officer = directory.central(Role.PRIVACY_OFFICER)[0]
            token = demo_issuer.mint(role=Role.PRIVACY_OFFICER.value, subject=officer.id, team=None,
                                     organisation=officer.organisation)
            return {"token": token, "name": officer.name}

    return router
