"""Transport-level protection on every response: a body-size limit and the security headers.

Plain ASGI middlewares (not `BaseHTTPMiddleware`) so they also cover static files, streamed
responses and the refusals of the error handlers. Refusals are raised through `api.errors`
so they speak the API's one error shape.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.requests import Request

from api.errors import error_response
from api.openapi import API_VERSION

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# The pages load only their own scripts and styles (no inline script or style, no other origin):
# an injected <script> cannot run, so it cannot read the portal's token.
PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; "
            "frame-ancestors 'none'")
# JSON and everything else: nothing may be loaded or framed on its behalf.
API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"
# Demo mode only: strawberry's GraphiQL page is inline script plus unpkg.com; never served outside demo.
GRAPHIQL_CSP = ("default-src 'none'; script-src 'self' 'unsafe-inline' https://unpkg.com; "
                "style-src 'self' 'unsafe-inline' https://unpkg.com; img-src 'self' data:; connect-src 'self'; "
                "font-src https://unpkg.com; frame-ancestors 'none'; base-uri 'none'")

SECURITY_HEADERS: dict[str, str] = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    # The full version on every answer, the major being the /v1 of the path (ADR /core/version-header).
    "api-version": API_VERSION,
}


def _is_html(headers: list[tuple[bytes, bytes]]) -> bool:
    return any(k.lower() == b"content-type" and v.lower().startswith(b"text/html") for k, v in headers)


class SecurityHeaders:
    """Adds the security headers and `API-Version` to every HTTP response and drops any `Server` banner."""

    def __init__(self, app: ASGIApp, *, demo: bool = False) -> None:
        self.app = app
        self.demo = demo

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"server"]
                present = {k.lower() for k, _ in headers}
                html = _is_html(headers)
                if self.demo and html and path.startswith("/graphql"):
                    csp = GRAPHIQL_CSP
                else:
                    csp = PAGE_CSP if html else API_CSP
                if b"content-security-policy" not in present:
                    headers.append((b"content-security-policy", csp.encode()))
                for name, value in SECURITY_HEADERS.items():
                    if name.encode() not in present:
                        headers.append((name.encode(), value.encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


class BodyTooLarge(Exception):
    """Raised from `receive` once a body passes the limit; the limiter answers 413 instead."""


def body_too_large_message(limit: int) -> str:
    return (f"Het verzoek is te groot: hoogstens {limit:,} bytes (limiet max_body_bytes). "
            "Stuur minder tekst mee of verdeel het over meer verzoeken.").replace(",", ".")


class BodySizeLimit:
    """Refuses (413) a body above `max_bytes`: by its Content-Length before reading, or while it streams in.

    When the limit is passed mid-stream, whatever the app answers (a parse error, usually) is
    replaced by the 413, so the client always learns which limit it met.
    """

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def _refuse(self, scope: Scope, send: Send) -> None:
        request = Request(scope)
        response = error_response(request, 413, "limit.body_size", body_too_large_message(self.max_bytes),
                                  detail=f"max_body_bytes={self.max_bytes}")
        await response(scope, _drain, send)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.strip().isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, send)
            return
        received = 0
        exceeded = False
        replaced = False

        async def limited_receive() -> Message:
            nonlocal received, exceeded
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    exceeded = True
                    raise BodyTooLarge()
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal replaced
            if replaced:
                return
            if exceeded and message["type"] == "http.response.start":
                replaced = True
                await self._refuse(scope, send)
                return
            await send(message)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except BodyTooLarge:
            if not replaced:
                await self._refuse(scope, send)


async def _drain() -> Message:
    return {"type": "http.disconnect"}


DATABASE_UNAVAILABLE_MESSAGE = ("De database is even niet bereikbaar. Er is niets opgeslagen of getoond. "
                                "Probeer het over een paar seconden opnieuw, met dezelfde Idempotency-Key.")


def install_database_unavailable(app: Any) -> None:
    """A connection the database dropped (after the recorder's own retries) is a 503, not a masked 500:
    the client may retry, and with its Idempotency-Key that retry is safe."""
    import psycopg
    from eventsourcing.persistence import InterfaceError, OperationalError

    async def unavailable(request: Request, exc: Exception) -> Any:
        return error_response(request, 503, "database_unavailable", DATABASE_UNAVAILABLE_MESSAGE,
                              headers={"Retry-After": "1"})

    for error_type in (OperationalError, InterfaceError, psycopg.OperationalError, psycopg.InterfaceError):
        app.add_exception_handler(error_type, unavailable)
