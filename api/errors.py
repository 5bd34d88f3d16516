"""The one place where errors become HTTP responses.

Every error body has the same shape (`ErrorBody`): a Dutch message for people, the rule or
code, the field when one input was wrong, the domain's own explanation, and a trace id.
A denied read of an existing household and a read of a household that does not exist give
the same 403 body (only the trace id differs). Unexpected errors never show a stack trace.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.auth.tokens import AuthenticationRefused
from domain.errors import (
    DossierErasedError,
    CaseDirectorError,
    ComplaintNotFoundError,
    ComplaintTermError,
    ConcurrentChangeError,
    DomainError,
    DossierNotFoundError,
    NotAComplaintError,
    NotMandatedError,
    NotPermittedError,
    UnknownItemError,
    WrongPhaseError,
)

from privacy.guard import AccessDeniedError, AccessLogUnavailableError
from privacy.rules import is_role_level

logger = logging.getLogger("wijkdossier.api")

DENIED_MESSAGE = "U heeft geen toegang tot dit dossier, of het bestaat niet."
ERASED_MESSAGE = ("Dit dossier is gewist. De gegevens zijn niet meer te lezen; alleen het feit dat het dossier "
                  "is gewist, is bewaard.")
LOG_UNAVAILABLE_MESSAGE = ("Wij kunnen nu niet vastleggen wie gegevens inziet. Daarom tonen wij niets. "
                           "Probeer het over een paar minuten opnieuw.")
GENERIC_MESSAGE = "Er ging iets mis aan onze kant. Probeer het later opnieuw; noem bij vragen het trace-nummer."


class ErrorDetail(BaseModel):
    status: int
    code: str
    message: str
    field: str | None = None
    detail: str | None = None
    trace_id: str | None = None


class ErrorBody(BaseModel):
    """The body of every error response."""

    error: ErrorDetail


class ApiError(Exception):
    """An error the API raises itself; carries its status, code and Dutch message."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, field: str | None = None, detail: str | None = None,
                 code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.detail = detail
        if code:
            self.code = code


class AccessDenied(ApiError):
    """403, identical whether the household exists or not."""

    status = 403
    code = "forbidden"

    def __init__(self, message: str = DENIED_MESSAGE, *, code: str | None = None, detail: str | None = None) -> None:
        super().__init__(message, code=code, detail=detail)


class Gone(ApiError):
    """410: the household was erased; nothing of it can be read any more."""

    status = 410
    code = "gewist"


class ServiceUnavailable(ApiError):
    """503: the access could not be logged, so no data was released."""

    status = 503
    code = "access_log_unavailable"


class NotFound(ApiError):
    status = 404
    code = "not_found"


class BadInput(ApiError):
    status = 422
    code = "invalid_input"


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody, "description": "Niet ingelogd of token geweigerd"},
    403: {"model": ErrorBody, "description": "Geen toegang (of het dossier bestaat niet)"},
    404: {"model": ErrorBody, "description": "Niet gevonden"},
    409: {"model": ErrorBody, "description": "Conflict met de stand van het dossier"},
    410: {"model": ErrorBody, "description": "Het dossier is gewist"},
    413: {"model": ErrorBody, "description": "Het verzoek is groter dan de limiet"},
    422: {"model": ErrorBody, "description": "Invoer klopt niet"},
    503: {"model": ErrorBody, "description": "De toegang kon niet worden gelogd; er zijn geen gegevens getoond"},
}


def privacy_error(exc: Exception) -> ApiError | None:
    """The privacy layer's outcomes as API errors (one mapping for REST and GraphQL); None for others.

    A refusal that depends on the household says the same whether it exists or not; a refusal
    by role, section or purpose alone may say why (it reveals nothing about a household).
    """
    if isinstance(exc, AccessDeniedError):
        if exc.decided_by == "erasure.data_unreadable":
            return Gone(ERASED_MESSAGE)
        if is_role_level(exc.decided_by):
            return AccessDenied(exc.decision.explanation, detail=exc.decided_by)
        return AccessDenied()
    if isinstance(exc, DossierErasedError):
        return Gone(ERASED_MESSAGE)
    if isinstance(exc, AccessLogUnavailableError):
        return ServiceUnavailable(LOG_UNAVAILABLE_MESSAGE)
    return None


def trace_id_of(request: Request) -> str | None:
    return getattr(request.state, "trace_id", None)


def error_response(request: Request, status: int, code: str, message: str, *, field: str | None = None,
                   detail: str | None = None, headers: dict[str, str] | None = None) -> JSONResponse:
    body = ErrorBody(error=ErrorDetail(status=status, code=code, message=message, field=field, detail=detail,
                                       trace_id=trace_id_of(request)))
    return JSONResponse(body.model_dump(), status_code=status, headers=headers)


def dutch_domain_error(exc: DomainError) -> tuple[int, str, str]:
    """A domain refusal for people: (HTTP status, code, Dutch message); one text for REST and GraphQL."""
    field = exc.field
    if isinstance(exc, (DossierNotFoundError, ComplaintNotFoundError)) and field in ("household_id", "complaint_id", None):
        return 403, "forbidden", DENIED_MESSAGE
    if isinstance(exc, DossierNotFoundError):
        return 404, exc.rule, "Op dat moment bestond het dossier nog niet."
    if isinstance(exc, ConcurrentChangeError):
        return 409, exc.rule, ("Iemand anders heeft dit dossier net gewijzigd. Laad het dossier opnieuw en voer uw "
                               "wijziging nog een keer in.")
    if isinstance(exc, (WrongPhaseError, CaseDirectorError, ComplaintTermError)):
        return 409, exc.rule, "Dit kan niet in de huidige fase van het dossier of de klacht."
    if isinstance(exc, (NotPermittedError, NotMandatedError)):
        return 403, exc.rule, "Uw rol mag deze stap niet zetten."
    if isinstance(exc, UnknownItemError):
        return 404, exc.rule, "Dat onderdeel bestaat niet in dit dossier."
    if isinstance(exc, NotAComplaintError):
        return 422, exc.rule, OBJECTION_MESSAGE
    dutch = getattr(exc, "message_nl", None)  # limits and impossible values say which field and why
    if dutch:
        return 422, exc.rule, dutch
    where = f" (veld {field})" if field else ""
    return 422, exc.rule, f"De invoer klopt niet{where}. Zie de toelichting."


OBJECTION_MESSAGE = ("Dit gaat over de uitkomst van een besluit. Daarvoor maakt u bezwaar bij de gemeente, binnen zes "
                     "weken na de datum van de besluitbrief; de brief zegt waar en hoe. Een klacht gaat over hoe u "
                     "bent behandeld.")


def domain_error_response(request: Request, exc: DomainError) -> JSONResponse:
    """DomainError → HTTP. The message (English, rule first) goes in `detail`; people read `message`."""
    translated = privacy_error(exc)
    if translated is not None:
        return error_response(request, translated.status, translated.code, translated.message,
                              detail=translated.detail)
    status, code, message = dutch_domain_error(exc)
    if code == "forbidden":  # the same body whether the household exists or not
        return error_response(request, status, code, message)
    return error_response(request, status, code, message, field=exc.field, detail=str(exc))


def install_error_handlers(app: FastAPI) -> None:
    """Register the mapping above on the app; the catch-all hides every unexpected error."""

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        return error_response(request, exc.status, exc.code, exc.message, field=exc.field, detail=exc.detail)

    @app.exception_handler(AuthenticationRefused)
    async def _refused(request: Request, exc: AuthenticationRefused) -> JSONResponse:
        headers = {"WWW-Authenticate": f'Bearer error="invalid_token", error_description="{exc.reason}"'} \
            if exc.status == 401 else None
        return error_response(request, exc.status, exc.reason, exc.message, headers=headers)

    @app.exception_handler(DomainError)
    async def _domain(request: Request, exc: DomainError) -> JSONResponse:
        return domain_error_response(request, exc)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        location = [str(part) for part in first.get("loc", ()) if part not in ("body", "query", "path", "header")]
        field = ".".join(location) or None
        problem = str(first.get("msg", "ongeldige waarde"))
        where = f" (veld {field})" if field else ""
        return error_response(request, 422, "invalid_input", f"De invoer klopt niet{where}: {problem}.",
                              field=field, detail=problem)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        messages = {404: "Deze pagina of dit adres bestaat niet.", 405: "Deze methode is hier niet toegestaan.",
                    401: "U bent niet ingelogd.", 403: DENIED_MESSAGE}
        message = messages.get(exc.status_code, "Het verzoek kon niet worden verwerkt.")
        return error_response(request, exc.status_code, f"http_{exc.status_code}", message,
                              headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        # The type and trace id go to the server log; the response shows neither trace nor message.
        logger.error("unexpected error %s (trace %s)", type(exc).__name__, trace_id_of(request), exc_info=exc)
        # This handler runs outside the middleware stack, so the trace header is set here too.
        trace = trace_id_of(request)
        return error_response(request, 500, "internal_error", GENERIC_MESSAGE,
                              headers={"X-Trace-Id": trace} if trace else None)
