"""Types and helpers every domain package of the API shares."""

from decimal import Decimal
from enum import Enum

import strawberry
from wagtail.rich_text import expand_db_html


@strawberry.type(description="An amount of money in one currency.")
class Money:
    amount: Decimal = strawberry.field(
        description='The amount as a decimal string in major units, e.g. "50.00" (zero-decimal currencies too).'
    )
    currency: str = strawberry.field(description="The ISO 4217 currency code, e.g. USD, THB.")


def choice_value(member: Enum) -> str:
    """The stored value behind a GraphQL enum member that mirrors a model's choices (e.g. "email")."""
    return str(member.value)


def rich_text_html(source: str) -> str:
    """Wagtail rich text (database form) as HTML, with internal page, document and image links expanded.

    The same expansion as the `richtext` template filter, so the frontend receives what a template would render.
    """
    return str(expand_db_html(source or ""))
