"""Query bombs are refused before they run, the worst allowed query is bounded, and production hides the schema."""

import datetime as dt
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from graphql import FragmentDefinitionNode, OperationDefinitionNode, parse

from steward.graphql.limits import operation_cost
from steward.graphql.schema import schema
from tests.graphql.conftest import GraphQLClient
from tests.volunteers.factories import OpportunityFactory, make_shift

FRONTEND_DOCUMENTS = sorted((Path(django_settings.BASE_DIR) / "frontend" / "src" / "graphql").glob("*.graphql"))


def _bomb(aliases: int) -> str:
    """The issue's query: opportunities → upcoming shifts → opportunity → upcoming shifts, aliased (depth 10)."""
    inner = "opportunity { upcomingShifts { opportunity { upcomingShifts { id } } } }"
    field = "volunteerOpportunities { edges { node { upcomingShifts { " + inner + " } } } }"
    return "query { " + " ".join(f"a{index}: {field}" for index in range(aliases)) + " }"


@pytest.fixture
def graphql(db) -> GraphQLClient:
    return GraphQLClient()


def test_the_bomb_from_the_issue_is_refused_before_it_runs(graphql, settings, django_assert_num_queries):
    # given open opportunities with shifts, and the bomb at the alias and depth limits
    for title in ("Food bank", "Shelter"):
        make_shift(opportunity=OpportunityFactory(title=title))
    document = _bomb(settings.GRAPHQL_MAX_ALIASES)
    # when it is sent
    started = time.perf_counter()
    with django_assert_num_queries(0):
        result = graphql(document, errors=True)
    elapsed = time.perf_counter() - started
    # then it is refused as too costly, with no data, without touching the database, at once
    assert result.data is None
    [error] = result.errors
    assert error["extensions"]["code"] == "query_too_costly"
    assert error["extensions"]["limit"] == settings.GRAPHQL_MAX_COST
    assert elapsed < 1.0


def test_the_cost_of_the_bomb_multiplies_the_nested_lists():
    # given the bomb with one alias: 100 opportunities (the page cap), 100 shifts under each, and so on
    [operation] = parse(_bomb(1)).definitions
    # when its cost is counted
    cost = operation_cost(schema._schema, operation, {})
    # then each field counts once per item of the lists above it: a 1, edges/node/upcomingShifts 100 each,
    # opportunity/upcomingShifts 100² each, opportunity/upcomingShifts 100³ each, id 100⁴
    assert cost == 1 + 3 * 100 + 2 * 100**2 + 2 * 100**3 + 100**4


def test_a_smaller_page_asked_with_a_variable_costs_less():
    # given the frontend's opportunities list asked for 5 at a time through a variable
    document = parse("query ($n: Int) { volunteerOpportunities(first: $n) { edges { node { id title } } } }")
    [operation] = document.definitions
    # when its cost is counted with n = 5
    cost = operation_cost(schema._schema, operation, {}, {"n": 5})
    # then the page size is 5: volunteerOpportunities 1, edges 5, node 5, id 5, title 5
    assert cost == 21


@pytest.mark.parametrize("path", FRONTEND_DOCUMENTS, ids=lambda path: path.name)
def test_every_frontend_operation_fits_the_cost_limit(settings, path):
    # given a document the frontend sends
    document = parse(path.read_text())
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    # when each operation's cost is counted at its largest (variables unset: the page cap)
    costs = {
        operation.name.value: operation_cost(schema._schema, operation, fragments)
        for operation in document.definitions
        if isinstance(operation, OperationDefinitionNode)
    }
    # then every one fits
    assert {name: cost <= settings.GRAPHQL_MAX_COST for name, cost in costs.items()} == dict.fromkeys(costs, True)


def _worst_allowed_opportunities_query() -> str:
    """As many aliases of the frontend's opportunities list with its shifts as the cost limit allows."""
    field = (
        "volunteerOpportunities(first: 100) { edges { node { id title upcomingShifts { id startsAt freePlaces } } } }"
    )
    per_alias = operation_cost(schema._schema, parse("query { " + field + " }").definitions[0], {})
    aliases = max(1, min(django_settings.GRAPHQL_MAX_ALIASES, django_settings.GRAPHQL_MAX_COST // per_alias))
    return "query { " + " ".join(f"a{index}: {field}" for index in range(aliases)) + " }"


@pytest.mark.parametrize("opportunities", [2, 6])
def test_the_worst_allowed_query_runs_in_a_bounded_number_of_queries(
    graphql, django_assert_max_num_queries, opportunities
):
    # given open opportunities with three shifts each, and the costliest aliasing of the frontend's list allowed
    for index in range(opportunities):
        opportunity = OpportunityFactory(title=f"Opportunity {index}")
        for day in (2, 3, 4):
            make_shift(opportunity=opportunity, starts_in=dt.timedelta(days=day))
    document = _worst_allowed_opportunities_query()
    # when it runs
    with django_assert_max_num_queries(3 * document.count("volunteerOpportunities")):
        result = graphql(document)
    # then it answers, at most three queries per alias whatever the number of opportunities
    assert len(result.data["a0"]["edges"]) == opportunities


def test_introspection_is_refused_when_the_setting_turns_it_off(graphql, settings):
    # given production's default: introspection off
    settings.GRAPHQL_INTROSPECTION = False
    # when a client introspects the schema
    result = graphql("query { __schema { types { name } } }", errors=True)
    # then it is refused
    assert result.data is None
    assert result.error_messages[0] == (
        "GraphQL introspection has been disabled, but the requested query contained the field '__schema'."
    )


def test_introspection_answers_when_turned_on(graphql, settings):
    # given introspection turned on (development)
    settings.GRAPHQL_INTROSPECTION = True
    # when a client asks for the query type's name
    result = graphql("query { __schema { queryType { name } } }")
    # then it answers
    assert result.data == {"__schema": {"queryType": {"name": "Query"}}}


def test_graphiql_is_not_served_when_the_setting_turns_it_off(client, db, settings):
    # given production's default: the IDE off
    settings.GRAPHQL_IDE = False
    # when a browser opens /graphql/
    response = client.get("/graphql/", headers={"Accept": "text/html"})
    # then there is no IDE page (and no CDN script)
    assert response.status_code == 404
    assert b"unpkg.com" not in response.content
    assert b"jsdelivr" not in response.content


def test_graphiql_is_served_when_turned_on(client, db, settings):
    # given the IDE turned on (development)
    settings.GRAPHQL_IDE = True
    # when a browser opens /graphql/
    response = client.get("/graphql/", headers={"Accept": "text/html"})
    # then the page is served, outside the CSP (its scripts come from a CDN)
    assert response.status_code == 200
    assert b"graphiql" in response.content.lower()
    assert "Content-Security-Policy" not in response.headers


def test_production_turns_introspection_and_the_ide_off_by_default():
    # given the production settings module's source
    source = (Path(django_settings.BASE_DIR) / "steward" / "site" / "settings" / "production.py").read_text()
    # then both default to off there
    assert 'GRAPHQL_INTROSPECTION = env.bool("GRAPHQL_INTROSPECTION", default=False)' in source
    assert 'GRAPHQL_IDE = env.bool("GRAPHQL_IDE", default=False)' in source


def test_django_serves_a_content_security_policy(client, db):
    # given the admin's sign-in page
    # when it is opened
    response = client.get("/admin/login/")
    # then it carries a policy allowing only our own scripts, no plugins, no framing by others
    policy = response.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'self'"
