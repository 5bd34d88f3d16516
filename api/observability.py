"""Per request: the trace (W3C `traceparent` continued, and an OpenTelemetry span when tracing is
on), the request's metrics, `X-Trace-Id`, and the `/metrics` endpoint.

`Observability` is the outermost ASGI middleware, so everything inside it (the body-size refusal,
a masked 500, static files) runs under the request's trace, and uvicorn's access line, written while
the response starts, carries the trace id and the route's template (infra.logs).
"""

from __future__ import annotations

import hmac
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import Response

from api.errors import error_response
from infra import metrics
from infra.logs import current_route
from infra.settings import ObservabilitySettings
from infra.store_health import database_errors, pool_figures, pool_of
from privacy import tracing

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]], Awaitable[None]]
UNMATCHED = "(geen route)"  # one label for every path no route matched: ids never become labels


def route_template(scope: Scope) -> str:
    route = scope.get("route")
    return str(getattr(route, "path", None) or UNMATCHED)


class Observability:
    """Trace, span, metrics and `X-Trace-Id` for every HTTP request (see the module's description)."""

    def __init__(self, app: ASGIApp, *, tracer: Any = None) -> None:
        self.app = app
        self.tracer = tracer

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method = scope.get("method", "GET")
        traceparent = next((v.decode("latin-1") for k, v in scope.get("headers", []) if k == b"traceparent"), None)
        context = tracing.from_traceparent(traceparent)
        span, attached = self._start_span(method, traceparent)
        if span is not None:
            # The span's trace is the caller's when it sent one, else a new one: the access log says the same.
            context = tracing.TraceContext(trace_id=format(span.get_span_context().trace_id, "032x"),
                                           parent_span_id=context.parent_span_id)
        scope.setdefault("state", {})["trace_id"] = context.trace_id
        token = tracing.begin(context)
        status = 500
        started = time.perf_counter()

        async def send_with_trace(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                current_route.set(route_template(scope))
                message["headers"] = list(message.get("headers", []))
                headers = MutableHeaders(raw=message["headers"])
                headers["X-Trace-Id"] = context.trace_id
                if "cache-control" not in headers:
                    headers["Cache-Control"] = "no-store"
            await send(message)

        try:
            await self.app(scope, receive, send_with_trace)
        finally:
            route = route_template(scope)
            elapsed = time.perf_counter() - started
            metrics.REQUESTS.labels(method, route, str(status)).inc()
            metrics.REQUEST_SECONDS.labels(method, route, str(status)).observe(elapsed)
            if span is not None:
                self._end_span(span, attached, method, route, status)
            tracing.end(token)

    def _start_span(self, method: str, traceparent: str | None) -> tuple[Any, Any]:
        if self.tracer is None:
            return None, None
        from opentelemetry import context as otel_context
        from opentelemetry import trace
        from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

        parent = TraceContextTextMapPropagator().extract({"traceparent": traceparent} if traceparent else {})
        span = self.tracer.start_span(method, context=parent, kind=trace.SpanKind.SERVER,
                                      attributes={"http.request.method": method})
        return span, otel_context.attach(trace.set_span_in_context(span))

    @staticmethod
    def _end_span(span: Any, attached: Any, method: str, route: str, status: int) -> None:
        from opentelemetry import context as otel_context
        from opentelemetry.trace import Status, StatusCode

        span.update_name(f"{method} {route}")
        span.set_attribute("http.route", route)
        span.set_attribute("http.response.status_code", status)
        if status >= 500:
            span.set_status(Status(StatusCode.ERROR))
        span.end()
        otel_context.detach(attached)


LOOPBACK = {"127.0.0.1", "::1"}


def metrics_refusal(request: Request, settings: ObservabilitySettings) -> Response | None:
    """None when this caller may read /metrics (WIJKDOSSIER_METRICS and _METRICS_TOKEN), else the answer."""
    if settings.metrics == "off":
        return error_response(request, 404, "not_found", "Deze pagina bestaat niet.")
    if settings.metrics_token is not None:
        given = request.headers.get("authorization", "")
        expected = "Bearer " + settings.metrics_token.get_secret_value()
        if not hmac.compare_digest(given.encode(), expected.encode()):
            return error_response(request, 401, "metrics.token",
                                  "Voor de metingen is het metingen-token nodig (Authorization: Bearer ...). "
                                  "Vraag het aan de beheerder.", headers={"WWW-Authenticate": "Bearer"})
    # The address uvicorn reports: behind a proxy it trusts, the client's own, not the proxy's.
    client = request.client.host if request.client else ""
    if settings.metrics == "local" and client not in LOOPBACK:
        return error_response(request, 403, "metrics.local_only",
                              "De metingen zijn alleen op te vragen vanaf de server zelf. Vraag de beheerder "
                              "om toegang via de monitoring (WIJKDOSSIER_METRICS).")
    return None


def metrics_body(services: Any) -> bytes:
    """The Prometheus text, with the views' lag and the pool's figures read now."""
    from prometheus_client import generate_latest

    try:
        runners = services.runners
        rows = runners.status() if runners is not None else []
        for row in rows:
            if row.get("lag") is not None:
                metrics.PROJECTION_LAG.labels(row["name"]).set(row["lag"])
                metrics.PROJECTION_POSITION.labels(row["name"]).set(row["position"])
        head = next((row["head"] for row in rows if row.get("head") is not None), None)
        if head is not None:
            metrics.EVENT_LOG_HEAD.set(head)
    except database_errors():
        pass  # the database is away: the last figures stay, /health says why
    pool = pool_of(services.dossiers)
    if pool is not None:
        for state, value in pool_figures(pool).items():
            metrics.POOL_CONNECTIONS.labels(state).set(value)
    return generate_latest()
