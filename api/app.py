"""The FastAPI application: `create_app()` wires authentication, the privacy path, REST, GraphQL and the portal."""

from __future__ import annotations

import importlib
import logging
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field

from api.auth.demo_issuer import DemoIssuer
from api.auth.tokens import KeySet, TokenVerifier
from api.config import ApiSettings, api_settings_from_environment
from api.errors import ApiError, install_error_handlers
from api.integrity_link import public_keys
from api.openapi import API_VERSION, install_openapi, operation_id
from api.middleware import BodySizeLimit, SecurityHeaders, install_database_unavailable
from api.routers import all_routers
from privacy import tracing
from infra.bootstrap import open_application
from infra.settings import StoreSettings, store_settings_from_environment

logger = logging.getLogger("wijkdossier.api")
PORTAL_DIR = Path(__file__).resolve().parent / "portal" / "static"


def _optional(module_name: str, attribute: str) -> Any | None:
    """A function another part of the project offers once it has landed (projections)."""
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and module_name.startswith(exc.name):
            return None
        raise
    return getattr(module, attribute, None)


def _open_access_log(settings: StoreSettings) -> Any:
    from infra.access_log_store import open_access_log

    return open_access_log(settings)


def _privacy_services(app_state: Any, settings: StoreSettings) -> None:
    """One guard per app, on the access log and the projection-backed facts; the client rights on it."""
    from privacy.facts import ProjectionFacts
    from privacy.guard import PrivacyGuard
    from privacy.rights import ClientRights
    from projections.registry import open_views

    app_state.views = open_views(settings)
    app_state.privacy_guard = PrivacyGuard(app_state.access_log,
                                           ProjectionFacts(app_state.dossiers, app_state.views["complaints"]))
    app_state.client_rights = ClientRights(app_state.dossiers, app_state.privacy_guard, app_state.access_log)


def create_app(settings: StoreSettings | None = None, api_settings: ApiSettings | None = None) -> FastAPI:
    """The whole HTTP surface on one store. Tests pass settings; `wijkdossier serve` reads the environment."""
    settings = settings or store_settings_from_environment()
    api_settings = api_settings or api_settings_from_environment()
    api_settings.check()
    demo_issuer = DemoIssuer.from_settings(api_settings) if api_settings.demo else None
    key_set = KeySet.from_settings(api_settings, demo_issuer.jwks() if demo_issuer else None)

    @asynccontextmanager
    async def lifespan(app: FastAPI):  # type: ignore[no-untyped-def]
        app.state.dossiers = open_application(settings)
        app.state.access_log = _open_access_log(settings)
        _privacy_services(app.state, settings)
        start_runners = _optional("projections.runner", "start_projection_runners") or _optional(
            "projections", "start_projection_runners")
        app.state.projection_runners = start_runners(settings) if start_runners else None
        try:
            yield
        finally:
            runners = app.state.projection_runners
            stop = getattr(runners, "stop", None) or getattr(runners, "close", None)
            if stop is not None:
                stop()
            from projections.registry import forget_views

            forget_views(settings)
            app.state.access_log.close()
            app.state.dossiers.close()

    app = FastAPI(
        title="Wijkdossier",
        version=API_VERSION,
        summary="Eén huishouden, één plan, één regisseur: het dossier van het sociaal wijkteam.",
        description="REST voor professionals onder /api/v1, GraphQL voor het portaal en voor toetsing onder /graphql. "
                    "Elke handeling vraagt een reden (veld `reason`); elke inzage wordt gelogd (NEN 7513).",
        lifespan=lifespan,
        # No anonymous pages beyond /health, the public keys, the portal and the API description
        # itself (/openapi.json, which holds no data); the Swagger/ReDoc pages would also need a CDN.
        docs_url=None,
        redoc_url=None,
        # A path with a trailing slash is another path: 404, never a redirect (ADR /core/no-trailing-slash).
        redirect_slashes=False,
        # api.openapi serves the description (at /api/v1/openapi.json too, with CORS).
        openapi_url=None,
        generate_unique_id_function=operation_id,
    )
    app.state.settings = settings
    app.state.api_settings = api_settings
    app.state.demo_issuer = demo_issuer
    app.state.token_verifier = TokenVerifier(api_settings, key_set)
    install_error_handlers(app)
    install_openapi(app)
    install_database_unavailable(app)
    app.add_middleware(BodySizeLimit, max_bytes=api_settings.max_body_bytes)
    _headers_outermost(app, demo=api_settings.demo)

    @app.middleware("http")
    async def trace(request: Request, call_next):  # type: ignore[no-untyped-def]
        # The caller's W3C trace is continued; every access-log line of this request carries it.
        context = tracing.from_traceparent(request.headers.get("traceparent"))
        request.state.trace_id = context.trace_id
        token = tracing.begin(context)
        try:
            response = await call_next(request)
        finally:
            tracing.end(token)
        response.headers["X-Trace-Id"] = request.state.trace_id
        response.headers.setdefault("Cache-Control", "no-store")
        return response

    @app.get("/health", summary="Is the service up, which store does it use, how far behind are projections?",
             tags=["operations"])
    def health() -> dict[str, Any]:
        dossiers = app.state.dossiers
        body: dict[str, Any] = {"status": "ok", "store": settings.kind,
                                "events": dossiers.recorder.max_notification_id() or 0}
        status = _optional("projections.operations", "projection_status")
        if status is not None:
            body["projections"] = status(settings)
        return body

    @app.get("/.well-known/wijkdossier-keys", summary="Public keys that sign checkpoints (and, in demo, tokens)",
             tags=["operations"])
    def well_known_keys() -> dict[str, Any]:
        body = public_keys(app.state.dossiers) or {"format": "wijkdossier-keys/1", "keys": []}
        if demo_issuer is not None:
            body = {**body, "token_keys": demo_issuer.jwks()["keys"]}
        return body

    for router in all_routers():
        app.include_router(router)

    from api.graphql.schema import graphql_router

    app.include_router(graphql_router(api_settings), prefix="/graphql", include_in_schema=False)

    app.mount("/portal/static", StaticFiles(directory=PORTAL_DIR), name="portal-static")

    @app.get("/portal", include_in_schema=False)
    def portal() -> HTMLResponse:
        return HTMLResponse((PORTAL_DIR / "index.html").read_text(encoding="utf-8"))

    @app.get("/", include_in_schema=False)
    def root() -> RedirectResponse:
        return RedirectResponse("/portal")

    from api.portal.pages import portal_router

    app.include_router(portal_router(demo_issuer))
    from api.portal.privacy_page import privacy_page_router

    app.include_router(privacy_page_router(demo_issuer))
    if demo_issuer is not None:
        _add_demo_login(app, demo_issuer)
    return app


def _headers_outermost(app: FastAPI, *, demo: bool) -> None:
    """Security headers outside Starlette's own error middleware, so even a masked 500 carries them."""
    build = app.build_middleware_stack
    app.build_middleware_stack = lambda: SecurityHeaders(build(), demo=demo)  # type: ignore[method-assign]


class DemoLogin(BaseModel):
    """Demo login body. At module level: with postponed annotations FastAPI cannot see a class local to a function."""

    person_id: str = Field(min_length=1, max_length=100)
    role: str = "client"
    represents: str = Field(default="", max_length=500)


def _add_demo_login(app: FastAPI, issuer: DemoIssuer) -> None:
    """Demo only: a login page that stands in for DigiD and hands the portal a token."""

    @app.get("/portal/demo-login", include_in_schema=False)
    def demo_login_page() -> HTMLResponse:
        return HTMLResponse((PORTAL_DIR / "demo-login.html").read_text(encoding="utf-8"))

    @app.post("/portal/demo-login", include_in_schema=False)
    def demo_login(body: DemoLogin) -> JSONResponse:
        if body.role not in ("client", "legal_representative") or not body.person_id.strip():
            raise ApiError("Kies 'client' of 'legal_representative' en vul een persoonsnummer in.",
                           field="role", code="invalid_input")
        token = issuer.mint(role=body.role, subject=body.person_id.strip(), team=None,
                            represents=[p.strip() for p in body.represents.split(",") if p.strip()] or None)
        return JSONResponse({"token": token})
