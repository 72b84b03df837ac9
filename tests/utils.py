"""Small helpers shared across the suite: error codes, a browser-like GraphQL client, query counting."""

import json
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def error_codes(error: ValidationError) -> set[str]:
    """Every code in a ValidationError, whether it carries a message, a list or a field dict."""
    if hasattr(error, "error_dict"):
        return {item.code for errors in error.error_dict.values() for item in errors if item.code}
    return {item.code for item in error.error_list if item.code}


class CsrfClient:
    """A browser-like client: fetches the CSRF cookie first, then posts with X-CSRFToken."""

    def __init__(self, address: str = "127.0.0.1") -> None:
        self.client = Client(enforce_csrf_checks=True, REMOTE_ADDR=address)
        response = self.client.get("/graphql/", {"query": "{ viewer { signedIn } }"}, HTTP_ACCEPT="application/json")
        assert response.status_code == 200
        assert "csrftoken" in self.client.cookies

    def __call__(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        response = self.client.post(
            "/graphql/",
            data=json.dumps({"query": query, "variables": variables or {}}),
            content_type="application/json",
            HTTP_X_CSRFTOKEN=self.client.cookies["csrftoken"].value,
        )
        assert response.status_code == 200, response.content
        body = response.json()
        assert "errors" not in body, body["errors"]
        return body["data"]


def queries_of(run: Callable[[], object]) -> list[str]:
    """The SQL of every query `run()` makes on the default database, in order."""
    with CaptureQueriesContext(connection) as context:
        run()
    return [query["sql"] for query in context.captured_queries]


def query_count(run: Callable[[], object]) -> int:
    """How many queries `run()` makes on the default database."""
    return len(queries_of(run))


def page_query_count(client: Client, url: str, params: dict[str, Any] | None = None) -> int:
    """How many queries one GET of `url` makes; the page must answer 200."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params or {})
    assert response.status_code == 200, (url, response.status_code)
    return len(context)


def assert_same_query_count(small: int, large: int) -> None:
    """The two-size check: the same request costs as many queries with more rows as with few."""
    assert large == small, f"{small} queries with few rows, {large} with more: a query per row somewhere"
