"""The GraphQL schema and its router: portal + review, with limits and masked unexpected errors."""

from __future__ import annotations

import strawberry
from strawberry.extensions import (
    DisableIntrospection,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
)
from strawberry.fastapi import GraphQLRouter
from strawberry.tools import merge_types

from api.config import ApiSettings
from api.graphql.common import get_context, should_mask
from api.graphql.portal import PortalMutation, PortalQuery
from api.graphql.review import ReviewQuery

Query = merge_types("Query", (PortalQuery, ReviewQuery))


def build_schema(settings: ApiSettings) -> strawberry.Schema:
    extensions: list = [
        lambda: QueryDepthLimiter(max_depth=settings.graphql_max_depth),
        lambda: MaxAliasesLimiter(max_alias_count=settings.graphql_max_aliases),
        lambda: MaxTokensLimiter(max_token_count=settings.graphql_max_tokens),
        lambda: MaskErrors(should_mask_error=should_mask,
                           error_message="Er ging iets mis aan onze kant. Probeer het later opnieuw."),
    ]
    if not settings.demo:
        extensions.append(DisableIntrospection)
    return strawberry.Schema(query=Query, mutation=PortalMutation, extensions=extensions)


def graphql_router(settings: ApiSettings) -> GraphQLRouter:
    """Mounted at /graphql; every request authenticates through the same dependency as REST."""
    return GraphQLRouter(build_schema(settings), context_getter=get_context,
                         graphql_ide="graphiql" if settings.demo else None, allow_queries_via_get=False)
