"""Helpers for the GraphQL tests: a `graphql` fixture that posts to /graphql/ like the frontend does."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from steward.members.models import Constituent
from tests.factories import IndividualFactory, StaffUserFactory, UserFactory, make_membership


@dataclass
class GraphQLResult:
    data: dict[str, Any] | None
    errors: list[dict[str, Any]] | None

    @property
    def error_messages(self) -> list[str]:
        return [error["message"] for error in self.errors or []]


class GraphQLClient:
    """Posts operations to /graphql/ as JSON, signed in as a given user or anonymous."""

    def __init__(self) -> None:
        self.client = Client()

    def login(self, user: Any) -> None:
        self.client.force_login(user)

    def logout(self) -> None:
        self.client.logout()

    def __call__(self, query: str, variables: dict[str, Any] | None = None, *, errors: bool = False) -> GraphQLResult:
        """Run an operation; unless `errors` is true, fail the test on any GraphQL error."""
        response = self.client.post(
            "/graphql/",
            data=json.dumps({"query": query, "variables": variables or {}}),
            content_type="application/json",
        )
        assert response.status_code == 200, response.content
        body = response.json()
        result = GraphQLResult(data=body.get("data"), errors=body.get("errors"))
        if not errors:
            assert result.errors is None, result.errors
        return result


@pytest.fixture
def graphql(db) -> GraphQLClient:
    """An anonymous GraphQL client; call `.login(user)` to sign in."""
    return GraphQLClient()


def member_with_account(**constituent_fields: Any) -> Constituent:
    """A person with a portal account and a current membership."""
    user = UserFactory()
    constituent = IndividualFactory(user=user, **constituent_fields)
    make_membership(constituent=constituent)
    return constituent


def staff_with(*perms: str) -> Any:
    """A staff user holding exactly these permissions ('app.codename')."""
    user = StaffUserFactory()
    for perm in perms:
        app_label, codename = perm.split(".")
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return user


@pytest.fixture
def member(db) -> Constituent:
    """A signed-up current member (their account is `member.user`)."""
    return member_with_account(given_name="Malee", family_name="Srisuk")


@pytest.fixture
def member_graphql(graphql: GraphQLClient, member: Constituent) -> GraphQLClient:
    """A GraphQL client signed in as `member`."""
    graphql.login(member.user)
    return graphql
