"""Types and helpers every domain package of the API shares."""

from decimal import Decimal
from enum import Enum

import strawberry
from django.core.exceptions import PermissionDenied
from strawberry import Info, relay
from wagtail.rich_text import expand_db_html

from steward.core.errors import field_error
from steward.graphql import permissions
from steward.members.models import Constituent


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


def viewer_constituent_required(info: Info) -> Constituent:
    """The signed-in member's own constituent record, for resolvers behind `IsMember`.

    IsMember has already refused anyone without one; raising here keeps the type checker and readers sure.
    """
    constituent = permissions.viewer_constituent(info)
    if constituent is None:
        raise PermissionDenied(permissions.IsMember.DEFAULT_ERROR_MESSAGE)
    return constituent


def pk_from_global_id(
    global_id: relay.GlobalID,
    *,
    type_name: str,
    field: str,
    code: str = "invalid_id",
    message: str = "This is not the id of a {type_name}.",
) -> int:
    """The integer primary key a relay global id names, or a field error when it names another type or no integer.

    `code` and `message` (formatted with `type_name`) are what the caller's clients already receive for such an id.
    """
    if global_id.type_name != type_name or not str(global_id.node_id).isdigit():
        raise field_error(field, message.format(type_name=type_name), code=code)
    return int(global_id.node_id)
