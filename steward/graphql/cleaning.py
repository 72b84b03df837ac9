"""The one place where the API cleans what clients send, before any resolver sees it.

Every argument of every field is checked against its GraphQL type: strings (and ids) may not hold NUL bytes or
lone surrogates (PostgreSQL refuses both, and no honest client sends them) nor be longer than the setting allows
(an email address no longer than RFC 5321's 254 characters), and an external id (`setupIntentId`) not
empty; a global id must decode to one of our integer keys;
a `Decimal` must be finite and of a size money can have. A refused argument never reaches a resolver: a mutation
whose payload can carry `OperationInfo` answers with a validation message naming the field, any other field with a
GraphQL error whose extensions name it. Either way nothing ran, so nothing changed.
"""

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.conf import settings
from graphql import (
    GraphQLError,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLResolveInfo,
    GraphQLScalarType,
    GraphQLUnionType,
    get_named_type,
)
from strawberry import relay
from strawberry.extensions import SchemaExtension
from strawberry_django.fields.types import OperationInfo, OperationMessage

INVALID_INPUT_CODE = "invalid_input"
#: RFC 5321: an address (path) is at most 256 octets with its angle brackets.
MAX_EMAIL_LENGTH = 254
#: The largest magnitude a Decimal argument may have (money, hours): far beyond any real amount.
MAX_DECIMAL_DIGITS_BEFORE_POINT = 15
MAX_DECIMAL_PLACES = 12
#: Our primary keys are 64-bit integers written in ASCII digits.
_INTEGER_KEY = re.compile(r"[0-9]{1,18}")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class InvalidInput(Exception):
    """An argument refused before any resolver ran; `field` is its GraphQL name."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def max_string_length() -> int:
    """The longest string any argument may be (settings.GRAPHQL_MAX_STRING_LENGTH)."""
    return int(settings.GRAPHQL_MAX_STRING_LENGTH)


def _check_string(field: str, value: str) -> None:
    if "\x00" in value:
        raise InvalidInput(field, "Must not contain NUL characters.")
    if _LONE_SURROGATE.search(value):
        raise InvalidInput(field, "Must be valid Unicode text (it holds a lone surrogate).")
    if field.endswith("Id") and not value:
        raise InvalidInput(field, "Must not be empty.")
    limit = MAX_EMAIL_LENGTH if "email" in field.lower() else max_string_length()
    if len(value) > limit:
        raise InvalidInput(field, f"Must be at most {limit} characters long.")


def _check_global_id(field: str, value: str) -> None:
    _check_string(field, value)
    try:
        global_id = relay.GlobalID.from_id(value)
    except Exception:  # strawberry refuses the same value itself, with its own clear message
        return
    if not _INTEGER_KEY.fullmatch(global_id.node_id):
        raise InvalidInput(field, "Not a valid id.")


def _check_decimal(field: str, value: Decimal) -> None:
    if not value.is_finite():
        raise InvalidInput(field, "Must be a finite number.")
    _sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # finite
    if len(digits) + exponent > MAX_DECIMAL_DIGITS_BEFORE_POINT or -exponent > MAX_DECIMAL_PLACES:
        raise InvalidInput(field, "Is out of range.")


def _check(field: str, graphql_type: GraphQLInputType, value: Any) -> None:
    """Check one argument or input field (and everything inside it) against its type."""
    if value is None:
        return
    if isinstance(graphql_type, GraphQLNonNull):
        _check(field, graphql_type.of_type, value)
    elif isinstance(graphql_type, GraphQLList):
        for item in value if isinstance(value, list | tuple) else [value]:
            _check(field, graphql_type.of_type, item)
    elif isinstance(graphql_type, GraphQLInputObjectType):
        if isinstance(value, dict):
            for name, input_field in graphql_type.fields.items():
                _check(name, input_field.type, value.get(name))
    elif isinstance(graphql_type, GraphQLScalarType):
        if graphql_type.name == "ID" and isinstance(value, str):
            _check_global_id(field, value)
        elif isinstance(value, str):
            _check_string(field, value)
        elif isinstance(value, Decimal):
            _check_decimal(field, value)


def check_arguments(info: GraphQLResolveInfo, arguments: dict[str, Any]) -> None:
    """Refuse the field's arguments if any is unclean (raises InvalidInput naming the first bad field)."""
    definition = info.parent_type.fields.get(info.field_name)
    if definition is None:  # introspection (`__type`): bounded by the schema, and never stored
        return
    for name, argument in definition.args.items():
        if name in arguments:
            _check(name, argument.type, arguments[name])


def _returns_operation_info(info: GraphQLResolveInfo) -> bool:
    named = get_named_type(info.return_type)
    return isinstance(named, GraphQLUnionType) and any(member.name == "OperationInfo" for member in named.types)


def _refusal(info: GraphQLResolveInfo, error: InvalidInput) -> OperationInfo:
    if _returns_operation_info(info):
        return OperationInfo(
            messages=[
                OperationMessage(
                    kind=OperationMessage.Kind.VALIDATION,
                    message=error.message,
                    field=error.field,
                    code=INVALID_INPUT_CODE,
                )
            ]
        )
    raise GraphQLError(
        f"{error.field}: {error.message}", extensions={"code": INVALID_INPUT_CODE, "field": error.field}
    ) from error


class InputCleaner(SchemaExtension):
    """Checks every field's arguments before its resolver runs (see the module's docstring)."""

    def resolve(self, _next: Callable[..., Any], root: Any, info: GraphQLResolveInfo, *args: Any, **kwargs: Any) -> Any:
        if kwargs:
            try:
                check_arguments(info, kwargs)
            except InvalidInput as error:
                return _refusal(info, error)
        return _next(root, info, *args, **kwargs)
