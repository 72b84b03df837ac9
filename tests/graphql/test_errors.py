"""Errors: the client reads its own mistakes; internal failures are masked (and logged in full)."""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError
from graphql import GraphQLError
from strawberry.relay import GlobalID

from steward.graphql.cms.renditions import UnknownRenditionSpec
from steward.graphql.errors import should_mask_error


def _error_from(exception: Exception) -> GraphQLError:
    return GraphQLError(str(exception), original_error=exception)


def _raised(function) -> Exception:
    try:
        function()
    except Exception as error:  # the point is to capture whatever the library raises
        return error
    raise AssertionError("nothing was raised")


def test_internal_failures_are_masked():
    # given errors a bug or the database would raise
    internal = [DatabaseError('relation "members_constituent" does not exist'), KeyError("secret"), ValueError("x")]
    # then each is masked
    assert [should_mask_error(_error_from(error)) for error in internal] == [True, True, True]


def test_errors_about_the_request_are_shown():
    # given errors that speak to the client: validation of the document, permissions, input, unknown specs
    about_the_request = [
        GraphQLError("Cannot query field 'nope' on type 'Query'."),
        _error_from(PermissionDenied("You need permission to view constituents.")),
        _error_from(ValidationError("Bad value.")),
        _error_from(UnknownRenditionSpec("Unknown rendition spec 'x'.")),
        _error_from(_raised(lambda: GlobalID.from_id("not-a-global-id"))),
    ]
    # then none is masked
    assert [should_mask_error(error) for error in about_the_request] == [False] * 5


def test_a_bad_cursor_is_explained_not_masked(member_graphql):
    # given a current member and a cursor that was never issued (base64 of "wrongprefix:3")
    query = 'query { memberDirectory(after: "d3JvbmdwcmVmaXg6Mw==") { edges { cursor } } }'
    # when it is sent
    result = member_graphql(query, errors=True)
    # then the message says what is wrong with the argument
    assert result.error_messages == ["Argument 'after' contains a non-existing value."]


def test_a_malformed_global_id_is_explained_not_masked(graphql):
    # when a node is asked for with an id that is not a global id
    result = graphql('query { node(id: "123") { id } }', errors=True)
    # then the client is told what is wrong, not "Unexpected error."
    assert result.error_messages == ['Value cannot represent a GlobalID: "123".']
    assert result.data == {"node": None}


def test_a_request_error_is_not_logged_as_a_server_failure_and_an_internal_one_is(caplog):
    # given the schema's error processing, an error about the request (an amount under the minimum, as the
    # donate form's fee estimate sends while a donor types) and an internal one
    from steward.graphql.schema import schema

    about_the_request = _error_from(ValidationError("The smallest gift is 1.00 USD."))
    internal = _error_from(_raised(lambda: {}["secret"]))
    # when both are processed
    with caplog.at_level(logging.DEBUG):
        schema.process_errors([about_the_request, internal])
    # then only the internal one is logged as an error, with its traceback
    errors = [record for record in caplog.records if record.levelno >= logging.ERROR]
    assert [record.exc_info is not None for record in errors] == [True]
    assert "secret" in errors[0].getMessage() or "secret" in str(errors[0].exc_info[1])
    # and the request's error is one line at DEBUG
    debug = [record.getMessage() for record in caplog.records if record.levelno == logging.DEBUG]
    assert any("The smallest gift is 1.00 USD." in message for message in debug)
