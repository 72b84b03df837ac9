"""Small helpers shared across the suite: error codes, a browser-like GraphQL client."""

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.test import Client


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
