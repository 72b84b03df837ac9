from graphql import get_introspection_query

from steward.graphql.schema import schema
from tests.factories import IndividualFactory, SuperuserFactory

DEEP = "query { me { household { members { displayName } } } }"  # depth 3: the leaf is three levels below `me`


def test_a_query_deeper_than_the_limit_is_refused_before_it_runs(graphql, settings, django_assert_num_queries):
    # given a depth limit of 2
    settings.GRAPHQL_MAX_DEPTH = 2
    # when a query three levels deep arrives
    with django_assert_num_queries(0):
        result = graphql(DEEP, errors=True)
    # then it is refused with a clear error and no data, without touching the database
    assert result.data is None
    assert result.error_messages == ["'anonymous' exceeds maximum operation depth of 2"]


def test_a_query_within_the_depth_limit_runs(graphql, settings):
    # given a depth limit of 3
    settings.GRAPHQL_MAX_DEPTH = 3
    # when the same three-level query arrives
    result = graphql(DEEP)
    # then it runs
    assert result.data == {"me": None}


def test_too_many_aliases_are_refused(graphql, settings):
    # given the alias limit from settings, and one more alias than it allows
    fields = " ".join(f"a{index}: ok" for index in range(settings.GRAPHQL_MAX_ALIASES + 1))
    # when the query is sent
    result = graphql(f"query {{ {fields} }}", errors=True)
    # then it is refused
    assert result.data is None
    assert result.error_messages == [
        f"{settings.GRAPHQL_MAX_ALIASES + 1} aliases found. Allowed: {settings.GRAPHQL_MAX_ALIASES}"
    ]


def test_the_alias_limit_allows_exactly_the_maximum(graphql, settings):
    # given as many aliases as allowed
    fields = " ".join(f"a{index}: ok" for index in range(settings.GRAPHQL_MAX_ALIASES))
    # when the query is sent
    result = graphql(f"query {{ {fields} }}")
    # then it runs
    assert len(result.data) == settings.GRAPHQL_MAX_ALIASES


def test_a_document_with_too_many_tokens_is_refused(graphql, settings):
    # given a document longer than the token limit (each repeated field is one token)
    document = "query { " + "ok " * settings.GRAPHQL_MAX_TOKENS + "}"
    # when it is sent
    result = graphql(document, errors=True)
    # then parsing stops and nothing runs
    assert result.data is None
    assert result.error_messages == [
        f"Syntax Error: Document contains more than {settings.GRAPHQL_MAX_TOKENS} tokens. Parsing aborted."
    ]


def test_the_introspection_query_is_not_limited_by_depth(graphql):
    # given the standard introspection query (deeper than any real query, through nested `ofType`)
    # when a tool such as GraphiQL or a code generator sends it
    result = graphql(get_introspection_query())
    # then it runs
    assert result.data["__schema"]["queryType"]["name"] == "Query"


def test_connections_are_capped_at_the_maximum_page_size(graphql, settings):
    # given one more constituent than the maximum page size, and a superuser
    IndividualFactory.create_batch(settings.GRAPHQL_MAX_RESULTS + 1, email=False)
    graphql.login(SuperuserFactory())
    # when the list is read without `first`
    result = graphql("query { constituents { totalCount edges { node { id } } pageInfo { hasNextPage } } }")
    # then one full page of the maximum size comes back, saying more follow
    connection = result.data["constituents"]
    assert schema.config.relay_max_results == settings.GRAPHQL_MAX_RESULTS
    assert len(connection["edges"]) == settings.GRAPHQL_MAX_RESULTS
    assert connection["pageInfo"]["hasNextPage"] is True
    assert connection["totalCount"] == settings.GRAPHQL_MAX_RESULTS + 1
