"""Shared GraphQL pieces: the request context, typed results, which errors callers may see."""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Any, Union

import strawberry
from fastapi import Depends
from graphql import GraphQLError
from strawberry.scalars import JSON
from strawberry.types import Info

from api.context import RequestContext, request_context
from api.errors import DENIED_MESSAGE, AccessDenied, ApiError, dutch_domain_error, privacy_error
from api.auth.tokens import AuthenticationRefused
from domain.errors import ComplaintNotFoundError, DomainError, DossierNotFoundError
from domain.vocabulary import Role as _DomainRole
from privacy.access_log import OUTCOMES as _OUTCOMES


# Codes the schema answers with, as enums: a client can switch on them and the schema says which
# there are. Made from the domain's and the access log's own lists, so they cannot drift.
RoleCode = strawberry.enum(Enum("Role", {r.name: r.value for r in _DomainRole}),
                           description="Een rol: wie iemand is in het werk van het wijkteam (docs/glossary.md).")
AccessOutcome = strawberry.enum(Enum("AccessOutcome", {o.upper(): o for o in sorted(_OUTCOMES)}),
                                description="Of de inzage werd toegestaan (PERMIT) of geweigerd (DENY).")


def role_code(value: str) -> Any:
    return RoleCode(value)


def outcome_code(value: str) -> Any:
    return AccessOutcome(value)


async def get_context(ctx: RequestContext = Depends(request_context)) -> dict[str, Any]:
    """Shared login with REST: the same dependency authenticates (and logs refusals)."""
    return {"ctx": ctx}


def ctx_of(info: Info) -> RequestContext:
    return info.context["ctx"]


@strawberry.type(description="De handeling is gelukt.")
class Success:
    message: str
    household_id: str | None = None
    complaint_id: str | None = None
    version: int | None = None


@strawberry.type(description="De handeling kon niet; de melding zegt waarom en wat u kunt doen.")
class Error:
    code: str
    message: str
    field: str | None = None


@strawberry.type(description="Een kopie van uw gegevens.")
class ExportedData:
    household_id: str
    data: JSON


Result = Annotated[Union[Success, Error], strawberry.union("Result")]
ExportResult = Annotated[Union[ExportedData, Error], strawberry.union("ExportResult")]


def as_error(exc: Exception) -> Error:
    """Expected failures as a typed result; the texts are the same as REST's."""
    translated = privacy_error(exc)
    if translated is not None:
        exc = translated
    if isinstance(exc, AccessDenied) or isinstance(exc, (DossierNotFoundError, ComplaintNotFoundError)) and \
            getattr(exc, "field", None) in ("household_id", "complaint_id", None):
        return Error(code="forbidden", message=DENIED_MESSAGE)
    if isinstance(exc, ApiError):
        return Error(code=exc.code, message=exc.message, field=exc.field)
    if isinstance(exc, DomainError):
        _status, code, message = dutch_domain_error(exc)
        return Error(code=code, message=message, field=exc.field)
    raise exc


EXPECTED_ERRORS = (ApiError, DomainError, AuthenticationRefused)


def should_mask(error: GraphQLError) -> bool:
    """Mask every error except the expected ones (their messages carry no personal data)."""
    original = getattr(error, "original_error", None)
    if original is None:
        return False  # validation errors (depth, aliases, syntax) speak about the query only
    return not isinstance(original, EXPECTED_ERRORS)
