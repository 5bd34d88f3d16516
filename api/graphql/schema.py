"""The GraphQL schema and its router: portal + review, with limits and masked unexpected errors."""

from __future__ import annotations

import logging
import re
import traceback
from typing import Any

import strawberry
from cross_web import HTTPException
from graphql import GraphQLError
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaskErrors,
    MaxTokensLimiter,
    ParserCache,
)
from strawberry.extensions.max_aliases import create_validator
from strawberry.fastapi import GraphQLRouter
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext

from infra.settings import ApiSettings
from api.errors import error_response
from api.graphql import validation_nl
from api.graphql.common import get_context, should_mask
from api.graphql.execution import VALIDATED_DOCUMENTS, CachedValidation, PassedDocuments, ThreadedExecution
from api.graphql.limits import query_limits_rule
from api.graphql.portal import PortalMutation, PortalQuery
from api.graphql.portal_choices import ENUM_CHOICES_NL
from api.graphql.review import ReviewQuery

logger = logging.getLogger("wijkdossier.graphql")
Query = merge_types("Query", (PortalQuery, ReviewQuery))
_SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?")
_ENUM_VALUE = re.compile(r"(?:does not exist in '(\w+)' enum|Enum '(\w+)' cannot represent)")
MASKED_MESSAGE = "Er ging iets mis aan onze kant. Probeer het later opnieuw."
# A Date or DateTime argument the scalar could not read (graphql-core's words, strawberry's scalars).
_DATE_VALUE = re.compile(r'Value cannot represent a (Date|DateTime): "((?:[^"\\]|\\.)*)"')
_INPUT_PATH = re.compile(r"invalid value at \.([\w.\[\]]+)")
_VARIABLE = re.compile(r"Variable '\$(\w+)'")
# The name a person sees beside the control, for the fields a page sends a date in.
DATE_FIELDS_NL = {"onDate": "Datum", "validUntil": "Geldig tot en met", "asOf": "Moment"}
DATE_FORMS_NL = {
    "Date": ("dit is geen geldige datum. Schrijf de datum als JJJJ-MM-DD, bijvoorbeeld 2026-03-01.", "invalid_date"),
    "DateTime": ("dit is geen geldig tijdstip. Schrijf het als JJJJ-MM-DDTuu:mm:ss met een tijdzone, bijvoorbeeld "
                 "2026-03-01T10:00:00+01:00.", "invalid_datetime"),
}


def _date_field(error: GraphQLError, value: str, query: str) -> str:
    """The argument or input field whose value was not a date: from the input path graphql-core names,
    else the argument a variable was given to, else the argument the literal was written after (graphql-core
    reports a literal without its place, so the query text is searched for it)."""
    if found := _INPUT_PATH.search(error.message):
        return re.findall(r"\w+", found.group(1))[-1]
    if variable := _VARIABLE.search(error.message):
        given = re.search(rf"(\w+)\s*:\s*\${variable.group(1)}\b(?!\s*:)", query)
    else:
        given = re.search(rf'(\w+)\s*:\s*"{re.escape(value)}"', query)
    return given.group(1) if given else "datum"


def _date_in_dutch(error: GraphQLError, query: str) -> bool:
    """Say a date that is not one in Dutch, naming the field and the form; False when it is another error."""
    kind = _DATE_VALUE.search(error.message)
    if not kind:
        return False
    field = _date_field(error, kind.group(2), query)
    text, code = DATE_FORMS_NL[kind.group(1)]
    label = DATE_FIELDS_NL.get(field)
    error.message = f"{label} ({field}): {text}" if label else f"{field}: {text}"
    error.extensions = {"field": field, "code": code}
    error.original_error = None  # an expected refusal about the query, not a failure to mask
    return True


class _ApiErrors(MaskErrors):
    """Unexpected errors masked; outside demo mode also graphql-core's "Did you mean …?" hints,
    which would list field names to someone probing the schema with introspection off."""

    def __init__(self, *, suggestions: bool) -> None:
        super().__init__(should_mask_error=should_mask, error_message=MASKED_MESSAGE)
        self.suggestions = suggestions

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        query = getattr(self.execution_context, "query", None) or ""
        for error in errors:
            if _date_in_dutch(error, query):
                continue
            enum = _ENUM_VALUE.search(error.message)
            choices = ENUM_CHOICES_NL.get((enum.group(1) or enum.group(2)) if enum else "")
            if choices:  # not one of the choices: said in Dutch with the choices named (it holds no data)
                field, words = choices
                error.message = f"Het veld {field} heeft geen geldige keuze. Kies uit: {words}."
                error.original_error = None
                error.extensions = {**(error.extensions or {}), "code": "graphql.invalid_choice"}
            else:
                validation_nl.in_dutch(error)
        processed = super()._process_errors(errors)
        if self.suggestions:
            return processed
        for error in processed:
            error.message = _SUGGESTION.sub("", error.message)
            if error.extensions and "explanation" in error.extensions:
                error.extensions["explanation"] = _SUGGESTION.sub("", str(error.extensions["explanation"]))
        return processed


class WijkdossierSchema(ThreadedExecution, strawberry.Schema):
    """Logs an error by operation name and class only: strawberry's default logs the whole query
    text, literal arguments (names, statements) included. Operations run in a worker thread
    (api.graphql.execution)."""

    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        operation = (execution_context.operation_name if execution_context else None) or "(anoniem)"
        context = execution_context.context if execution_context else None
        ctx = context.get("ctx") if isinstance(context, dict) else None
        trace = getattr(ctx, "trace_id", None)
        for error in errors:
            original = error.original_error
            if original is None:
                logger.info("graphql refused operation %s: %s (trace %s)", operation,
                            (error.extensions or {}).get("code", "GraphQLError"), trace)
            elif should_mask(error):
                # Frames only (file, line, function): the exception's message may hold request content.
                frames = "".join(traceback.format_tb(original.__traceback__))
                logger.error("graphql unexpected %s in operation %s (trace %s)\n%s", type(original).__name__,
                             operation, trace, frames)
            else:
                logger.info("graphql %s in operation %s (trace %s)", type(original).__name__, operation, trace)


def build_schema(settings: ApiSettings) -> strawberry.Schema:
    # The rules are built once per schema, so a query text that passed them is known by them.
    rules = [query_limits_rule(settings.graphql_max_depth, settings.graphql_max_cost),
             create_validator(settings.graphql_max_aliases)]
    passed = PassedDocuments()
    extensions: list = [
        lambda: AddValidationRules(rules),
        lambda: MaxTokensLimiter(max_token_count=settings.graphql_max_tokens),
        # After the token limit, which sets the parser's options (a text over the limit never parses).
        lambda: ParserCache(maxsize=VALIDATED_DOCUMENTS),
        lambda: CachedValidation(passed),
        lambda: _ApiErrors(suggestions=settings.demo),
    ]
    if not settings.demo:
        extensions.append(DisableIntrospection)
    return WijkdossierSchema(query=Query, mutation=PortalMutation, extensions=extensions)


_TRANSPORT_MESSAGES = {
    405: "Stuur een GraphQL-vraag met POST en een JSON-body.",
    404: "Stuur een GraphQL-vraag met POST en een JSON-body.",
}


class WijkdossierGraphQLRouter(GraphQLRouter):
    """Transport refusals (GET queries, batches, unparsable bodies) in the API's error shape, not plain text."""

    async def process_result(self, request: Any, result: Any) -> Any:  # type: ignore[override]
        # A query that does not even parse never reaches the schema's extensions: its Dutch is put here.
        for error in result.errors or []:
            validation_nl.in_dutch(error)
        return await super().process_result(request, result)

    async def run(self, request: Any, context: Any = None, root_value: Any = None) -> Any:  # type: ignore[override]
        try:
            return await super().run(request, context=context, root_value=root_value)
        except HTTPException as exc:
            status = exc.status_code
            if "Batching" in exc.reason or "operations" in exc.reason:
                code, message = "graphql.batching_not_allowed", ("Stuur één GraphQL-vraag per verzoek; "
                                                                  "meerdere vragen in één verzoek (batching) kan niet.")
            elif request.method == "GET":
                status, code, message = 405, "graphql.get_not_allowed", _TRANSPORT_MESSAGES[405]
            else:
                code = f"graphql.http_{status}"
                message = _TRANSPORT_MESSAGES.get(status, "Dit GraphQL-verzoek kon niet worden gelezen. Stuur "
                                                          "JSON met een veld 'query'.")
            return error_response(request, status, code, message, detail=exc.reason)


def graphql_router(settings: ApiSettings) -> GraphQLRouter:
    """Mounted at /graphql; every request authenticates through the same dependency as REST."""
    return WijkdossierGraphQLRouter(build_schema(settings), context_getter=get_context,
                                    graphql_ide="graphiql" if settings.demo else None, allow_queries_via_get=False)
