"""A property-based fuzzer of the whole API: every query's and mutation's arguments, drawn from the schema itself
(strings with NULs, lone surrogates and odd digits, ids of every type with odd keys, extreme numbers), sent as a
signed-in member and signed out. No answer may be a server error or an "Unexpected error."."""

import base64
import datetime as dt
import json
import time
from typing import Any

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    get_named_type,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from steward.graphql.errors import UNEXPECTED_ERROR_MESSAGE
from steward.graphql.schema import schema
from tests.graphql.conftest import GraphQLClient, member_with_account
from tests.stripe_server import localstripe_url, stripe_api  # noqa: F401 - fixtures

pytestmark = pytest.mark.usefixtures("stripe_api")

#: Examples per field and viewer; with ~55 fields and two viewers the whole run stays well under a minute.
EXAMPLES = 8
NODE_TYPES = ["Gift", "Constituent", "RecurringGift", "Membership", "MembershipLevel", "ShiftSignup", "VolunteerShift"]
AWKWARD_TEXT = ["", "\x00", "a\x00b", "\ud800", "x\udfffy", "²", "١٢", "1e5", "1 OR 1=1", "' OR '1'='1", "a" * 300]

_text = st.one_of(
    st.sampled_from(AWKWARD_TEXT), st.text(max_size=40), st.text(st.characters(codec="utf-8"), max_size=20)
)
_node_key = st.one_of(st.integers(min_value=-(2**70), max_value=2**70).map(str), _text)
_global_id = st.one_of(
    st.tuples(st.sampled_from(NODE_TYPES), _node_key).map(
        lambda pair: base64.b64encode(f"{pair[0]}:{pair[1]}".encode("utf-8", "surrogatepass")).decode()
    ),
    _text,
)
_decimal = st.one_of(
    st.sampled_from(["1e999999", "-1e999999", "NaN", "Infinity", "-0", "0.000000000000000000001", "25.00", "1" * 40]),
    st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-(10**9), max_value=10**9).map(str),
)
_SCALARS: dict[str, st.SearchStrategy[Any]] = {
    "String": _text,
    "ID": _global_id,
    "Int": st.integers(min_value=-(2**31), max_value=2**31 - 1),
    "Float": st.floats(allow_nan=False, allow_infinity=False),
    "Boolean": st.booleans(),
    "Decimal": _decimal,
    "Date": st.one_of(st.dates(min_value=dt.date(1, 1, 1)).map(dt.date.isoformat), _text),
    "DateTime": st.one_of(st.datetimes(timezones=st.just(dt.UTC)).map(dt.datetime.isoformat), _text),
}


def _value(graphql_type: GraphQLInputType, depth: int = 0) -> st.SearchStrategy[Any]:
    """Values of a GraphQL input type, valid in shape (so they reach the resolvers) but awkward in content."""
    if isinstance(graphql_type, GraphQLNonNull):
        return _value(graphql_type.of_type, depth)
    nullable: st.SearchStrategy[Any]
    if isinstance(graphql_type, GraphQLList):
        nullable = st.lists(_value(graphql_type.of_type, depth + 1), max_size=3)
    elif isinstance(graphql_type, GraphQLInputObjectType) and depth > 2:
        nullable = st.just({})  # filters nest themselves (AND/OR/NOT): three levels are enough
    elif isinstance(graphql_type, GraphQLInputObjectType):
        required = {
            n: _value(f.type, depth + 1) for n, f in graphql_type.fields.items() if isinstance(f.type, GraphQLNonNull)
        }
        optional = {
            n: _value(f.type, depth + 1)
            for n, f in graphql_type.fields.items()
            if not isinstance(f.type, GraphQLNonNull)
        }
        nullable = st.fixed_dictionaries(required, optional=optional)
    elif isinstance(graphql_type, GraphQLEnumType):
        nullable = st.sampled_from(list(graphql_type.values))
    elif isinstance(graphql_type, GraphQLScalarType):
        nullable = _SCALARS.get(graphql_type.name, _text)
    else:
        raise AssertionError(graphql_type)
    return nullable if isinstance(graphql_type, GraphQLNonNull) else st.one_of(st.none(), nullable)


def _selection(field: GraphQLField) -> str:
    """The smallest selection a field accepts: `__typename` for objects, interfaces and unions."""
    return "" if isinstance(get_named_type(field.type), GraphQLScalarType | GraphQLEnumType) else "{ __typename }"


def _operations() -> list[tuple[str, str, GraphQLField]]:
    operations = []
    for kind, root in (("query", schema._schema.query_type), ("mutation", schema._schema.mutation_type)):
        assert isinstance(root, GraphQLObjectType)
        operations += [(kind, name, field) for name, field in root.fields.items() if field.args]
    return operations


OPERATIONS = _operations()


def _document(kind: str, name: str, field: GraphQLField) -> str:
    variables = ", ".join(f"${arg}: {argument.type}" for arg, argument in field.args.items())
    arguments = ", ".join(f"{arg}: ${arg}" for arg in field.args)
    return f"{kind} ({variables}) {{ {name}({arguments}) {_selection(field)} }}"


def _post(client: GraphQLClient, document: str, variables: dict[str, Any]) -> tuple[int, dict[str, Any] | None]:
    body = json.dumps({"query": document, "variables": variables})  # lone surrogates are sent escaped, as JSON allows
    response = client.client.post("/graphql/", data=body, content_type="application/json")
    return response.status_code, (response.json() if response.status_code == 200 else None)


def _fuzz(client: GraphQLClient, kind: str, name: str, field: GraphQLField, failures: list) -> None:
    """Send EXAMPLES drawn argument sets to one field, recording every server error or masked failure."""
    document = _document(kind, name, field)
    arguments = st.fixed_dictionaries({arg: _value(argument.type) for arg, argument in field.args.items()})

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(variables=arguments)
    def send(variables: dict[str, Any]) -> None:
        status, body = _post(client, document, variables)
        messages = [error.get("message") for error in (body or {}).get("errors") or []]
        if status >= 500 or UNEXPECTED_ERROR_MESSAGE in messages:
            failures.append((name, variables, status if status >= 500 else messages))

    send()


@pytest.mark.parametrize("signed_in", [False, True], ids=["signed-out", "member"])
def test_no_input_makes_the_api_fail(db, signed_in):
    # given the public, or a signed-in member
    client = GraphQLClient()
    if signed_in:
        client.login(member_with_account(given_name="Fuzz", family_name="Target").user)
    started = time.perf_counter()
    failures: list[tuple[str, dict[str, Any], Any]] = []
    # when arguments of the right shape but awkward content are sent to every field that takes any
    for kind, name, field in OPERATIONS:
        _fuzz(client, kind, name, field, failures)
    # then no answer is a server error nor a masked internal failure
    assert failures == []
    # and the whole sweep stays quick
    assert time.perf_counter() - started < 60
