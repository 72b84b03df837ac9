"""Limits on what one request may ask for: depth, aliases, tokens (from settings) and page size.

The page size cap is the schema's `relay_max_results` (settings.GRAPHQL_MAX_RESULTS), which every
connection applies to `first`/`last` and uses as the default page size.
"""

from django.conf import settings
from strawberry.extensions import MaxAliasesLimiter, MaxTokensLimiter, QueryDepthLimiter, SchemaExtension
from strawberry.extensions.query_depth_limiter import IgnoreContext


def _is_introspection(context: IgnoreContext) -> bool:
    # GraphiQL's and codegen's introspection query nests `ofType` deeper than any real query; it is bounded
    # by the schema itself, not by data, so its depth is not counted.
    return context.field_name.startswith("__")


def max_results() -> int:
    """The largest page a connection returns (and its default page size)."""
    return int(settings.GRAPHQL_MAX_RESULTS)


def limit_extensions() -> list[SchemaExtension]:
    """The validation extensions that refuse over-deep, over-aliased or over-long documents before execution."""
    return [
        QueryDepthLimiter(max_depth=settings.GRAPHQL_MAX_DEPTH, should_ignore=_is_introspection),
        MaxAliasesLimiter(max_alias_count=settings.GRAPHQL_MAX_ALIASES),
        MaxTokensLimiter(max_token_count=settings.GRAPHQL_MAX_TOKENS),
    ]
