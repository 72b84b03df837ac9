"""Limits on what one request may ask for: depth, aliases, tokens (from settings) and page size.

The page size cap is the schema's `relay_max_results` (settings.GRAPHQL_MAX_RESULTS, read when the schema is
built), which every connection applies to `first`/`last` and uses as the default page size. The document limits
are read for each operation.
"""

from collections.abc import Callable

from django.conf import settings
from strawberry.extensions import MaxAliasesLimiter, MaxTokensLimiter, QueryDepthLimiter, SchemaExtension


def max_results() -> int:
    """The largest page a connection returns (and its default page size)."""
    return int(settings.GRAPHQL_MAX_RESULTS)


def limit_extensions() -> list[Callable[[], SchemaExtension]]:
    """Factories of the validation extensions that refuse over-deep, over-aliased or over-long documents.

    Factories (a fresh extension per operation), reading the settings each time so a changed setting applies.
    The depth limiter skips introspection fields (`__schema`…) itself: their depth is bounded by the schema.
    """
    return [
        lambda: QueryDepthLimiter(max_depth=settings.GRAPHQL_MAX_DEPTH),
        lambda: MaxAliasesLimiter(max_alias_count=settings.GRAPHQL_MAX_ALIASES),
        lambda: MaxTokensLimiter(max_token_count=settings.GRAPHQL_MAX_TOKENS),
    ]
