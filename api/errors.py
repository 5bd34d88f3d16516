"""The one place where errors become HTTP responses.

Every error is RFC 9457 problem details (`application/problem+json`, the NL API Design Rules'
/core/error-handling/problem-details): `title` per status, the Dutch message for people in
`detail`, the rule or code in `code`, every wrong input in `invalidParams`, the domain's own
explanation and the trace id. Invalid input is 400 (/core/error-handling/invalid-input).
A denied read of an existing household and a read of a household that does not exist give
the same 403 body (only the trace id differs). Unexpected errors never show a stack trace.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
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


class InvalidParam(BaseModel):
    """One input that was wrong: its name (dotted for nested fields) and, in Dutch, why."""

    name: str
    reason: str


class Problem(BaseModel):
    """RFC 9457 problem details, the body of every error response (`application/problem+json`).

    `detail` is the Dutch message for people; `code` is the rule or reason code a program may
    branch on; `invalidParams` lists every wrong input; `explanation` is the domain's own
    (English, rule first) text when there is one; `traceId` is the number a person quotes.
    """

    model_config = ConfigDict(json_schema_extra={"example": {
        "type": "urn:wijkdossier:problem:invalid_input", "title": "De invoer klopt niet", "status": 400,
        "detail": "De invoer klopt niet (veld reason): dit veld is verplicht.", "instance": "/api/v1/signals",
        "code": "invalid_input", "invalidParams": [{"name": "reason", "reason": "Dit veld is verplicht."}],
        "traceId": "4bf92f3577b34da6a3ce929d0e0e4736"}})

    type: str = Field(description="URI die het soort probleem aanduidt: `urn:wijkdossier:problem:<code>`, of "
                                  "`about:blank` als alleen de HTTP-status iets zegt.")
    title: str = Field(description="Korte Nederlandse samenvatting van dit soort probleem.")
    status: int = Field(description="De HTTP-statuscode van dit antwoord.", ge=400, le=599)
    detail: str = Field(description="Wat er misging en wat u kunt doen, in het Nederlands.")
    instance: str | None = Field(default=None, description="Het pad van het verzoek waarop dit antwoord hoort.")
    code: str = Field(description="De regel of reden, stabiel voor programma's (bijvoorbeeld `mandate_matrix`, "
                                  "`limit.body_size`, `token.expired`).")
    invalidParams: list[InvalidParam] | None = Field(  # noqa: N815 - the member name RFC 9457 and the ADR use
        default=None, description="Elke invoer die niet klopte, met de reden.")
    explanation: str | None = Field(default=None, description="De toelichting van de regel zelf (Engels, regel voorop).")
    traceId: str | None = Field(default=None, description="Het trace-nummer van dit verzoek (W3C trace-id).")  # noqa: N815


PROBLEM_MEDIA_TYPE = "application/problem+json"


class ProblemResponse(JSONResponse):
    media_type = PROBLEM_MEDIA_TYPE


# One title per status: the kind of problem in a few words (RFC 9457 `title`); `detail` says the rest.
TITLES: dict[int, str] = {
    400: "De invoer klopt niet",
    401: "Niet ingelogd",
    403: "Geen toegang",
    404: "Niet gevonden",
    405: "Methode niet toegestaan",
    406: "Dit formaat kan niet",
    409: "Conflict met de stand van het dossier",
    410: "Gewist",
    413: "Het verzoek is te groot",
    415: "Dit soort inhoud kan niet",
    422: "Het verzoek kan zo niet worden verwerkt",
    429: "Te veel verzoeken",
    500: "Er ging iets mis aan onze kant",
    503: "Tijdelijk niet beschikbaar",
}


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
    status = 400
    code = "invalid_input"


_DOCUMENTED: dict[int, str] = {
    400: "De invoer klopt niet (met `invalidParams`)",
    401: "Niet ingelogd of token geweigerd",
    403: "Geen toegang (of het dossier bestaat niet)",
    404: "Niet gevonden",
    409: "Conflict met de stand van het dossier",
    410: "Het dossier is gewist",
    413: "Het verzoek is groter dan de limiet",
    422: "Deze Idempotency-Key hoort bij een andere opdracht",
    500: "Er ging iets mis aan onze kant (zonder technische details)",
    503: "De toegang kon niet worden gelogd of de database is even weg; er is niets getoond of opgeslagen",
}
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": Problem, "description": text} for status, text in _DOCUMENTED.items()
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
                   detail: str | None = None, headers: dict[str, str] | None = None,
                   invalid_params: list[InvalidParam] | None = None) -> JSONResponse:
    """A problem+json response; `message` is the Dutch `detail`, `detail` the rule's own explanation."""
    params = invalid_params if invalid_params is not None else (
        [InvalidParam(name=field, reason=message)] if field else None)
    body = Problem(type=f"urn:wijkdossier:problem:{code}", title=TITLES.get(status, "Het verzoek kon niet worden "
                   "verwerkt"), status=status, detail=message, instance=request.url.path, code=code,
                   invalidParams=params, explanation=detail, traceId=trace_id_of(request))
    return ProblemResponse(body.model_dump(exclude_none=True), status_code=status, headers=headers)


def dutch_domain_error(exc: DomainError) -> tuple[int, str, str]:
    """A domain refusal for people: (HTTP status, code, Dutch message); one text for REST and GraphQL.
    The refusal's own Dutch words (`message_nl`) come first; the status's general words are the fallback."""
    field = exc.field
    dutch = getattr(exc, "message_nl", None)
    if isinstance(exc, (DossierNotFoundError, ComplaintNotFoundError)) and field in ("household_id", "complaint_id", None):
        return 403, "forbidden", DENIED_MESSAGE
    if isinstance(exc, DossierNotFoundError):
        return 404, exc.rule, dutch or "Op dat moment bestond het dossier nog niet."
    if isinstance(exc, ConcurrentChangeError):
        return 409, exc.rule, ("Iemand anders heeft dit dossier net gewijzigd. Laad het dossier opnieuw en voer uw "
                               "wijziging nog een keer in.")
    if isinstance(exc, (WrongPhaseError, CaseDirectorError, ComplaintTermError)):
        return 409, exc.rule, dutch or "Dit kan niet in de huidige fase van het dossier of de klacht."
    if isinstance(exc, (NotPermittedError, NotMandatedError)):
        return 403, exc.rule, dutch or "Uw rol mag deze stap niet zetten."
    if isinstance(exc, UnknownItemError):
        return 404, exc.rule, dutch or "Dat onderdeel bestaat niet in dit dossier."
    if isinstance(exc, NotAComplaintError):
        return 400, exc.rule, OBJECTION_MESSAGE
    if dutch:  # limits and impossible values say which field and why
        return 400, exc.rule, dutch
    where = f" (veld {field})" if field else ""
    return 400, exc.rule, f"De invoer klopt niet{where}. Zie de toelichting."


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
        # Every wrong input at once (the ADR's /core/error-handling/all-errors), each said in Dutch.
        params = [InvalidParam(name=_field_name(error), reason=_dutch_reason(error)) for error in exc.errors()]
        first = params[0] if params else InvalidParam(name="", reason="Ongeldige waarde.")
        where = f" (veld {first.name})" if first.name else ""
        more = f" Ook {len(params) - 1} andere invoer klopt niet; zie invalidParams." if len(params) > 1 else ""
        reason = first.reason[0].lower() + first.reason[1:]
        return error_response(request, 400, "invalid_input", f"De invoer klopt niet{where}: {reason}{more}",
                              detail=str(exc.errors()[0].get("msg", "")) if exc.errors() else None,
                              invalid_params=params or None)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        messages = {404: "Deze pagina of dit adres bestaat niet.", 405: "Deze methode is hier niet toegestaan.",
                    401: "U bent niet ingelogd.", 403: DENIED_MESSAGE}
        message = messages.get(exc.status_code, "Het verzoek kon niet worden verwerkt.")
        # Starlette's 405 names the allowed methods in Allow (RFC 9110 15.5.6); it travels on.
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


def _field_name(error: Any) -> str:
    location = [str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path", "header")]
    return ".".join(location)


_REASONS: dict[str, str] = {
    "missing": "Dit veld is verplicht.",
    "extra_forbidden": "Dit veld bestaat hier niet; laat het weg.",
    "string_type": "Vul tekst in.",
    "string_too_short": "Vul minstens {min_length} teken(s) in.",
    "string_too_long": "Hoogstens {max_length} tekens.",
    "too_short": "Geef minstens {min_length} waarde(n).",
    "too_long": "Geef hoogstens {max_length} waarden.",
    "int_parsing": "Vul een geheel getal in.",
    "int_type": "Vul een geheel getal in.",
    "greater_than_equal": "Vul {ge} of meer in.",
    "greater_than": "Vul meer dan {gt} in.",
    "less_than_equal": "Vul {le} of minder in.",
    "less_than": "Vul minder dan {lt} in.",
    "bool_parsing": "Vul true of false in.",
    "uuid_parsing": "Dit is geen geldig id (een UUID, zoals 3b9710c4-6614-467a-ab82-36822cf48db1).",
    "uuid_type": "Dit is geen geldig id (een UUID).",
    "date_parsing": "Dit is geen datum; schrijf JJJJ-MM-DD.",
    "date_from_datetime_parsing": "Dit is geen datum; schrijf JJJJ-MM-DD.",
    "datetime_parsing": "Dit is geen tijdstip; schrijf JJJJ-MM-DDTUU:MM:SS met tijdzone, zoals 2026-03-01T09:00:00+01:00.",
    "datetime_from_date_parsing": "Dit is geen tijdstip; schrijf JJJJ-MM-DDTUU:MM:SS met tijdzone.",
    "timezone_aware": "Geef de tijdzone mee, zoals +01:00 of Z.",
    "literal_error": "Kies een van: {expected}.",
    "enum": "Kies een van: {expected}.",
    "json_invalid": "De body is geen geldige JSON.",
    "model_attributes_type": "Stuur een JSON-object.",
    "dict_type": "Stuur een JSON-object.",
    "list_type": "Stuur een lijst.",
    "value_error": "Deze waarde klopt niet: {msg}.",
}


def _dutch_reason(error: Any) -> str:
    """Pydantic's reason in Dutch where we know the kind of error; its own words (English) otherwise."""
    template = _REASONS.get(str(error.get("type", "")))
    if template is None:
        return f"{error.get('msg', 'Ongeldige waarde')}."
    values = {**(error.get("ctx") or {}), "msg": error.get("msg", "")}
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return template.split(":")[0].rstrip(".") + "."

