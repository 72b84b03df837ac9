"""Limits on what one request may ask for: depth, aliases, tokens, cost (from settings) and page size.

The page size cap is the schema's `relay_max_results` (settings.GRAPHQL_MAX_RESULTS, read when the schema is
built), which every connection applies to `first`/`last` and uses as the default page size. The document limits
are read for each operation.

The cost of an operation is the number of field resolutions it may cause at worst: each field costs the number of
times it can resolve, i.e. the product of the sizes of the lists above it. A connection's size is its `first`/`last`
(or the page size cap when neither is given); a plain list field's size is what it declares with `list_cost(n)`
(its cap), or settings.GRAPHQL_LIST_COST when it declares nothing (the unpaginated lists are small: a person's own
emails, memberships, the menu). Introspection fields cost nothing (their size is bounded by
the schema). Nested lists multiply, so the depth-and-aliases bombs that fit the other limits do not fit this one;
the operation is refused before anything runs.
"""

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from django.conf import settings
from graphql import ExecutionResult as GraphQLExecutionResult
from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    get_nullable_type,
)
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
)

#: The key in a strawberry field's metadata that declares the most items a list field returns.
MAX_ITEMS_KEY = "max_items"
COST_LIMIT_CODE = "query_too_costly"


def max_results() -> int:
    """The largest page a connection returns (and its default page size)."""
    return int(settings.GRAPHQL_MAX_RESULTS)


def list_cost(max_items: int) -> dict[str, int]:
    """Field metadata declaring that a list field returns at most `max_items` items (its cost multiplier)."""
    return {MAX_ITEMS_KEY: max_items}


def _declared_max_items(field: GraphQLField) -> int | None:
    definition = (field.extensions or {}).get("strawberry-definition")
    metadata: Mapping[str, Any] = getattr(definition, "metadata", None) or {}
    value = metadata.get(MAX_ITEMS_KEY)
    return int(value) if value is not None else None


def _page_size(field: GraphQLField, node: FieldNode, variables: Mapping[str, Any]) -> int | None:
    """The page a connection field asks for (capped), or None if the field is not a connection."""
    if "first" not in field.args and "last" not in field.args:
        return None
    cap = max_results()
    asked: list[int] = []
    for argument in node.arguments or ():
        if argument.name.value not in ("first", "last"):
            continue
        if isinstance(argument.value, IntValueNode):
            asked.append(int(argument.value.value))
        elif isinstance(argument.value, VariableNode) and isinstance(variables.get(argument.value.name.value), int):
            asked.append(variables[argument.value.name.value])
        else:
            asked.append(cap)
    return min(max(asked), cap) if asked else cap


def _field_size(field: GraphQLField, node: FieldNode, parent: GraphQLNamedType, variables: Mapping[str, Any]) -> int:
    """How many items a field's value holds at most (1 for a single value)."""
    page = _page_size(field, node, variables)
    if page is not None:
        return max(page, 0)
    if parent.name.endswith("Connection"):
        return 1  # a connection's `edges`: the page size was counted on the connection field
    if isinstance(get_nullable_type(field.type), GraphQLList):  # type: ignore[arg-type]
        declared = _declared_max_items(field)
        return declared if declared is not None else int(settings.GRAPHQL_LIST_COST)
    return 1


class _CostCounter:
    def __init__(
        self, schema: GraphQLSchema, fragments: Mapping[str, FragmentDefinitionNode], variables: Mapping[str, Any]
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables

    def _fields(
        self, selection_set: SelectionSetNode, parent: GraphQLNamedType, seen: frozenset[str]
    ) -> Iterator[tuple[FieldNode, GraphQLNamedType]]:
        """The fields of a selection set with the type each is selected on, fragments expanded."""
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                yield selection, parent
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                on = self.schema.get_type(condition.name.value) if condition else parent
                yield from self._fields(selection.selection_set, on or parent, seen)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.fragments.get(name)
                if fragment is None or name in seen:  # unknown or cyclic: validation reports it
                    continue
                on = self.schema.get_type(fragment.type_condition.name.value)
                yield from self._fields(fragment.selection_set, on or parent, seen | {name})

    def cost(self, selection_set: SelectionSetNode, parent: GraphQLNamedType, multiplier: int) -> int:
        total = 0
        for node, on in self._fields(selection_set, parent, frozenset()):
            name = node.name.value
            if name.startswith("__") or not isinstance(on, GraphQLObjectType | GraphQLInterfaceType):
                continue
            field = on.fields.get(name)
            if field is None:
                continue
            total += multiplier
            if node.selection_set is not None:
                inner = multiplier * _field_size(field, node, on, self.variables)
                total += self.cost(node.selection_set, get_named_type(field.type), inner)
        return total


def operation_cost(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    variables: Mapping[str, Any] | None = None,
) -> int:
    """The most field resolutions an operation can cause (see the module's docstring)."""
    root = schema.get_root_type(operation.operation)
    if root is None:
        return 0
    return _CostCounter(schema, fragments, variables or {}).cost(operation.selection_set, root, 1)


class QueryCostLimiter(SchemaExtension):
    """Refuses, before execution, an operation whose cost exceeds settings.GRAPHQL_MAX_COST."""

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None and context.result is None:
            fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
            operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
            if context.operation_name:
                operations = [o for o in operations if o.name and o.name.value == context.operation_name]
            limit = int(settings.GRAPHQL_MAX_COST)
            for operation in operations[:1]:
                cost = operation_cost(context.schema._schema, operation, fragments, context.variables)
                if cost > limit:
                    error = GraphQLError(
                        f"The query may cost {cost}, more than the {limit} allowed: ask for smaller pages "
                        "or fewer nested lists.",
                        extensions={"code": COST_LIMIT_CODE, "cost": cost, "limit": limit},
                    )
                    context.result = GraphQLExecutionResult(data=None, errors=[error])
        yield


def introspection_extension() -> SchemaExtension:
    """Refuses introspection queries unless settings.GRAPHQL_INTROSPECTION is on (read per operation)."""
    if settings.GRAPHQL_INTROSPECTION:
        return AddValidationRules([])
    return DisableIntrospection()


def limit_extensions() -> list[Callable[[], SchemaExtension]]:
    """Factories of the validation extensions that refuse over-deep, over-aliased, over-long or costly documents.

    Factories (a fresh extension per operation), reading the settings each time so a changed setting applies.
    The depth limiter skips introspection fields (`__schema`…) itself: their depth is bounded by the schema.
    """
    return [
        lambda: QueryDepthLimiter(max_depth=settings.GRAPHQL_MAX_DEPTH),
        lambda: MaxAliasesLimiter(max_alias_count=settings.GRAPHQL_MAX_ALIASES),
        lambda: MaxTokensLimiter(max_token_count=settings.GRAPHQL_MAX_TOKENS),
        QueryCostLimiter,
    ]
