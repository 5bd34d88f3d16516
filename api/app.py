"""The FastAPI application: `create_app()` wires authentication, the privacy path, REST, GraphQL and the portal."""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field

from api.auth.demo_issuer import DemoIssuer
from api.auth.tokens import KeySet, TokenVerifier
from api.errors import ERROR_RESPONSES, ApiError, error_response, install_error_handlers
from api.graphql.schema import graphql_router
from api.openapi import API_VERSION, install_openapi, operation_id
from api.middleware import BodySizeLimit, SecurityHeaders, install_database_unavailable
from api.observability import Observability, metrics_body, metrics_refusal
from api.portal.pages import portal_router
from api.portal.privacy_page import privacy_page_router
from api.routers.registry import all_routers
from infra.otel import tracer_provider
from infra.settings import ApiSettings, Settings, StoreSettings, settings_for
from infra.store_health import CHECK_FAILED, UNREACHABLE, StoreProblem, check_store, database_errors
from wiring import Services, bootstrap
from wiring.directory import Directory

logger = logging.getLogger("wijkdossier.api")
PORTAL_DIR = Path(__file__).resolve().parent / "portal" / "static"
# /health waits at most this long for a pooled connection before it answers 503.
HEALTH_TIMEOUT = 2.0
PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8"


def _projection_rows(services: Services) -> list[dict[str, Any]]:
    """Per view: position, head and lag; from the runner when one runs, else the views' own positions."""
    if services.runners is not None:
        return [{k: row[k] for k in ("name", "position", "head", "lag", "state")} for row in services.runners.status()]
    head = services.dossiers.recorder.max_notification_id() or 0
    return [{"name": name, "position": (position := view.position()), "head": head, "lag": max(0, head - position)}
            for name, view in services.views.items()]


def create_app(settings: Settings | StoreSettings | None = None, api_settings: ApiSettings | None = None, *,
               build: Callable[..., Services] = bootstrap, span_exporter: Any = None,
               directory: Directory | None = None) -> FastAPI:
    """The whole HTTP surface on one store. `wijkdossier serve` passes the settings it loaded and the
    demo's directory of names (`demo.directory`; none given: no names, no partners); tests
    pass a store (the other sections then come from the environment), API settings of their own,
    or their own `build` in place of `wiring.bootstrap`; `span_exporter` receives the spans when
    tracing is on (WIJKDOSSIER_TRACING), in place of the configured destination."""
    settings = settings_for(settings)
    if api_settings is not None:
        settings = settings.model_copy(update={"api": api_settings})
    api_settings = settings.api
    api_settings.check()
    demo_issuer = DemoIssuer.from_settings(api_settings) if api_settings.demo else None
    key_set = KeySet.from_settings(api_settings, demo_issuer.jwks() if demo_issuer else None)
    provider = tracer_provider(settings.observability, span_exporter)

    @asynccontextmanager
    async def lifespan(app: FastAPI):  # type: ignore[no-untyped-def]
        app.state.services = build(settings, run_projections=True)
        try:
            yield
        finally:
            app.state.services.close()
            if provider is not None:
                provider.shutdown()  # the last spans are sent

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
    app.state.directory = directory = directory if directory is not None else Directory()
    app.state.token_verifier = TokenVerifier(api_settings, key_set)
    install_error_handlers(app)
    install_openapi(app)
    install_database_unavailable(app)
    app.add_middleware(BodySizeLimit, max_bytes=api_settings.max_body_bytes)
    _headers_outermost(app, demo=api_settings.demo,
                       tracer=provider.get_tracer("wijkdossier.api") if provider is not None else None)

    @app.get("/metrics", include_in_schema=False)
    def prometheus_metrics(request: Request) -> Response:
        # Counts and latencies per route template, the access log's write time, the views' lag:
        # no personal data, but not for everyone either (WIJKDOSSIER_METRICS, docs/operations.md).
        refused = metrics_refusal(request, settings.observability)
        if refused is not None:
            return refused
        return Response(metrics_body(app.state.services), media_type=PROMETHEUS_TEXT)

    @app.get("/health", summary="Is the service up, which store does it use, how far behind are projections?",
             tags=["operations"], responses={503: ERROR_RESPONSES[503]})
    def health(request: Request) -> Any:
        # On the process's own pools (opening a store per call held connections of its own), and
        # a 503 whenever the store cannot serve a request now: a load balancer then sends none.
        services = app.state.services
        try:
            problem = check_store(services.dossiers, min(HEALTH_TIMEOUT, settings.store.pool_timeout))
            if problem is None:
                body = {"status": "ok", "store": settings.store.kind,
                        "events": services.dossiers.recorder.max_notification_id() or 0,
                        "projections": _projection_rows(services)}
        except database_errors() as exc:
            problem = StoreProblem(UNREACHABLE, type(exc).__name__)
        except Exception as exc:  # noqa: BLE001 - /health answers 200 or 503, never 500
            logger.exception("health: check failed")
            problem = StoreProblem(CHECK_FAILED, type(exc).__name__)
        if problem is not None:
            logger.warning("health: store unavailable", extra={"code": problem.code, "reason": problem.reason})
            return error_response(request, 503, problem.code, problem.message, headers={"Retry-After": "5"})
        return body

    @app.get("/.well-known/wijkdossier-keys", summary="Public keys that sign checkpoints (and, in demo, tokens)",
             tags=["operations"])
    def well_known_keys() -> dict[str, Any]:
        body = app.state.services.integrity.public_keys()
        if demo_issuer is not None:
            body = {**body, "token_keys": demo_issuer.jwks()["keys"]}
        return body

    for router in all_routers():
        app.include_router(router)

    app.include_router(graphql_router(api_settings), prefix="/graphql", include_in_schema=False)

    app.mount("/portal/static", StaticFiles(directory=PORTAL_DIR), name="portal-static")

    @app.get("/portal", include_in_schema=False)
    def portal() -> HTMLResponse:
        return HTMLResponse((PORTAL_DIR / "index.html").read_text(encoding="utf-8"))

    @app.get("/", include_in_schema=False)
    def root() -> RedirectResponse:
        return RedirectResponse("/portal")

    app.include_router(portal_router(demo_issuer, directory))
    app.include_router(privacy_page_router(demo_issuer, directory))
    if demo_issuer is not None:
        _add_demo_login(app, demo_issuer)
    return app


def _headers_outermost(app: FastAPI, *, demo: bool, tracer: Any = None) -> None:
    """Security headers outside Starlette's own error middleware, so even a masked 500 carries them;
    the request's trace and metrics outside those, so every answer is counted and traced."""
    build = app.build_middleware_stack
    app.build_middleware_stack = lambda: Observability(  # type: ignore[method-assign]
        SecurityHeaders(build(), demo=demo), tracer=tracer)


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
