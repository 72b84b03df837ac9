"""The GraphQL client fixtures, shared with tests/graphql (the volunteers API tests live beside the domain's)."""

from tests.graphql.conftest import graphql, member, member_graphql  # noqa: F401
