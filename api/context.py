"""Per-request context: who asks, through which channel, for what purpose, with which trace.

Reads and commands are decided and logged by the privacy layer's guard (`api.reading`). The
only line written here is for a refused token: there is no principal then, so the guard
cannot be asked; exactly one line per refused request, and a log that cannot be written
fails the request with 503 like any other access.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Annotated, Any

from domain.application import WijkdossierApplication
from infra.access_log_store import GroupCommitAccessLog
from infra.settings import Settings

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.auth.tokens import AuthenticationRefused
from api.purposes import AUTHENTICATION_PURPOSE, activity_id, purpose_for
from privacy import tracing
from privacy.access_log import UNKNOWN_SUBJECT, AccessLogEntry, AccessLogWriteError, format_time, new_span_id
from privacy.guard import AccessLogUnavailableError, PrivacyGuard
from privacy.model import Channel, Principal, Section
from privacy.register import current_register
from privacy.rights import ClientRights
from wiring import Services
from wiring.directory import Directory

logger = logging.getLogger("wijkdossier.api")
bearer_scheme = HTTPBearer(auto_error=False, description="OIDC access token (JWT) van de gemeentelijke IdP of DigiD-koppeling")


def services_of(request: Request) -> Services:
    """The services the app's lifespan built (`wiring.bootstrap`); starlette's state is untyped."""
    services = getattr(request.app.state, "services", None)
    if not isinstance(services, Services):
        raise RuntimeError("the app's services are not built; the API cannot release data without them")
    return services


def directory_of(request: Request) -> Directory:
    """The names source the entry point handed `create_app` (`wiring.directory`); empty if none."""
    directory = getattr(request.app.state, "directory", None)
    return directory if isinstance(directory, Directory) else Directory()


@dataclass
class RequestContext:
    """Everything a route needs to act for one principal."""

    principal: Principal
    channel: Channel
    purpose: str
    trace_id: str
    request: Request
    services: Services

    @property
    def dossiers(self) -> WijkdossierApplication:
        return self.services.dossiers

    @property
    def access_log(self) -> GroupCommitAccessLog:
        return self.services.access_log

    @property
    def guard(self) -> PrivacyGuard:
        """The application's one `PrivacyGuard`."""
        return self.services.guard

    @property
    def rights(self) -> ClientRights:
        """Inzage, export, who accessed me, consent: on the same guard."""
        return self.services.rights

    @property
    def settings(self) -> Settings:
        """The settings the services were built from (`wiring.bootstrap(settings)`)."""
        return self.services.settings

    @property
    def directory(self) -> Directory:
        """Staff and partner names the entry point handed the app (`wiring.directory`)."""
        return directory_of(self.request)

    @property
    def views(self) -> dict[str, Any]:
        """The live read models (`projections.registry.open_views`)."""
        return self.services.views


def channel_of(request: Request) -> Channel:
    path = request.url.path
    if path.startswith("/graphql"):
        return Channel.GRAPHQL
    if path.startswith("/portal"):
        return Channel.PORTAL
    return Channel.API


def _append(request: Request, entry: AccessLogEntry) -> None:
    try:
        services_of(request).access_log.append(entry)
    except AccessLogWriteError:
        logger.error("access log write failed for a refused token (trace %s)", entry.trace_id)
        raise AccessLogUnavailableError() from None


def record_refusal(request: Request, exc: AuthenticationRefused) -> None:
    """Log a refused token. The subject is written only when the signature was verified."""
    trace = tracing.current()  # the request's operation: its caller's span and when it began (LDV)
    activity = current_register().activity_for(AUTHENTICATION_PURPOSE)  # the basis for logging the attempt
    _append(request, AccessLogEntry(
        event="authentication_refused",
        user_id=exc.subject or "onbekend",
        user_role=exc.role or "onbekend",
        organisation=exc.organisation or "onbekend",
        action="read",
        section=Section.OVERVIEW.value,
        channel=channel_of(request).value,
        outcome="deny",
        decision_rule=exc.reason,
        purpose=AUTHENTICATION_PURPOSE,
        processing_activity_id=activity_id(AUTHENTICATION_PURPOSE),
        trace_id=request.state.trace_id,
        span_id=new_span_id(),
        parent_span_id=trace.parent_span_id,
        start_time=format_time(trace.started_at),
        reason=f"{request.method} {request.url.path}",
        # Without a verified principal nothing is looked up, so whose data was asked for is not known.
        data_subject_ids=UNKNOWN_SUBJECT,
        legal_basis=activity.legal_basis if activity is not None else None,
        legal_reference=(activity.legal_reference or None) if activity is not None else None,
    ))


def authenticate(request: Request, credentials: HTTPAuthorizationCredentials | None) -> Principal:
    """The principal of a request's bearer token; every refusal is logged, then raised."""
    verifier = request.app.state.token_verifier
    try:
        if credentials is None or credentials.scheme.lower() != "bearer" or not credentials.credentials:
            raise AuthenticationRefused(401, "token.missing", "U bent niet ingelogd. Stuur een geldig token mee.")
        return verifier.principal(
            credentials.credentials,
            requested_role=request.headers.get("x-wijkdossier-role") or None,
            emergency_reason=request.headers.get("x-emergency-reason") or None,
        )
    except AuthenticationRefused as exc:
        record_refusal(request, exc)
        raise


async def current_principal(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)]
) -> Principal:
    return authenticate(request, credentials)


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


async def request_context(request: Request, principal: CurrentPrincipal) -> RequestContext:
    purpose = purpose_for(principal, request.headers.get("x-purpose"))
    return RequestContext(principal=principal, channel=channel_of(request), purpose=purpose,
                          trace_id=request.state.trace_id, request=request, services=services_of(request))


Ctx = Annotated[RequestContext, Depends(request_context)]
