"""How much a GraphQL query may ask for: depth and cost, introspection included.

Strawberry's `QueryDepthLimiter` skips introspection fields, so in demo mode a deeply nested
`__schema` query passed it; this rule counts every field. Cost is the number of fields the
answer can hold: a list field counts its selection once per item it may return (its `limit`
argument when given as a number, else `ASSUMED_LIST_SIZE`). Depth is counted as strawberry
counts it (`{ a { b } }` is depth 1), so `graphql_max_depth` keeps its meaning. Aliases and tokens stay limited
by strawberry's own extensions.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLList,
    GraphQLNonNull,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
    get_named_type,
)
from graphql.type.introspection import SchemaMetaFieldDef, TypeMetaFieldDef, TypeNameMetaFieldDef

ASSUMED_LIST_SIZE = 10
_META_FIELDS = {"__schema": SchemaMetaFieldDef, "__type": TypeMetaFieldDef, "__typename": TypeNameMetaFieldDef}


def _dutch_number(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def depth_message(depth: int, limit: int) -> str:
    return (f"De vraag is te diep genest: diepte {depth}, hoogstens {limit} (limiet graphql_max_depth). "
            "Vraag minder geneste velden.")


def cost_message(cost: int, limit: int) -> str:
    return (f"De vraag is te zwaar: {_dutch_number(cost)} velden, hoogstens {_dutch_number(limit)} "
            "(limiet graphql_max_cost). Vraag minder velden of kleinere lijsten.")


class _Measure:
    """Walks one operation with the schema's types: (depth, cost), fragments expanded once per path."""

    def __init__(self, context: ValidationContext) -> None:
        self.context = context
        self.schema = context.schema

    def _field_def(self, parent: Any, name: str) -> Any:
        if name in _META_FIELDS:
            return _META_FIELDS[name]
        fields = getattr(parent, "fields", None)
        return fields.get(name) if fields else None

    def selection_set(self, node: SelectionSetNode | None, parent: Any, seen: frozenset[str]) -> tuple[int, int]:
        if node is None:
            return 0, 0
        depth = cost = 0
        for selection in node.selections:
            if isinstance(selection, FieldNode):
                d, c = self.field(selection, parent, seen)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                target = self.schema.get_type(condition.name.value) if condition else parent
                d, c = self.selection_set(selection.selection_set, target, seen)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.context.get_fragment(name)
                if fragment is None or name in seen:
                    continue  # unknown or cyclic fragments are refused by graphql-core's own rules
                target = self.schema.get_type(fragment.type_condition.name.value)
                d, c = self.selection_set(fragment.selection_set, target, seen | {name})
            else:
                continue
            depth, cost = max(depth, d), cost + c
        return depth, cost

    def field(self, node: FieldNode, parent: Any, seen: frozenset[str]) -> tuple[int, int]:
        definition = self._field_def(parent, node.name.value)
        field_type = definition.type if definition is not None else None
        multiplier = 1
        unwrapped = field_type.of_type if isinstance(field_type, GraphQLNonNull) else field_type
        if isinstance(unwrapped, GraphQLList):
            multiplier = ASSUMED_LIST_SIZE
            for argument in node.arguments or ():
                if argument.name.value == "limit" and isinstance(argument.value, IntValueNode):
                    multiplier = max(1, int(argument.value.value))
        child = get_named_type(field_type) if field_type is not None else None
        depth, cost = self.selection_set(node.selection_set, child, seen)
        return depth + 1, 1 + multiplier * cost


def query_limits_rule(max_depth: int, max_cost: int) -> type[ValidationRule]:
    """A validation rule refusing an operation deeper than `max_depth` or costlier than `max_cost`."""

    class QueryLimits(ValidationRule):
        def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
            root = {"query": self.context.schema.query_type, "mutation": self.context.schema.mutation_type,
                    "subscription": self.context.schema.subscription_type}.get(node.operation.value)
            levels, cost = _Measure(self.context).selection_set(node.selection_set, root, frozenset())
            depth = max(0, levels - 1)  # as strawberry counts it: the root's fields are depth 0
            if depth > max_depth:
                self.report_error(GraphQLError(depth_message(depth, max_depth), node,
                                               extensions={"code": "limit.graphql_depth", "limit": max_depth}))
            elif cost > max_cost:
                self.report_error(GraphQLError(cost_message(cost, max_cost), node,
                                               extensions={"code": "limit.graphql_cost", "limit": max_cost}))

    return QueryLimits
