"""CSRF stays on for /graphql/: the frontend sends the session cookie, so every POST needs the CSRF token."""

import json

from django.test import Client

from tests.factories import UserFactory

QUERY = json.dumps({"query": "query { ok }"})


def test_a_post_without_the_csrf_token_is_refused(db):
    # given a browser-like client that enforces CSRF, signed in
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    # when it posts a query without the token
    response = client.post("/graphql/", QUERY, content_type="application/json")
    # then Django refuses it
    assert response.status_code == 403


def test_a_post_with_the_csrf_token_from_the_cookie_succeeds(db):
    # given a browser-like client that enforces CSRF, signed in
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    # when it first loads the endpoint (which sets the CSRF cookie) and then posts with the token in the header
    client.get("/graphql/", HTTP_ACCEPT="text/html")
    token = client.cookies["csrftoken"].value
    response = client.post("/graphql/", QUERY, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    # then the query runs
    assert response.status_code == 200
    assert response.json() == {"data": {"ok": True}}


def test_mutations_are_not_accepted_over_get(db):
    # given a client (GET requests are not CSRF-checked, so they must never change anything)
    client = Client(enforce_csrf_checks=True)
    # when a mutation is sent as a GET query string
    mutation = "mutation { updateDirectoryVisibility(input: {optIn: true}) { __typename } }"
    response = client.get("/graphql/", {"query": mutation})
    # then it is refused
    assert response.status_code == 400
    assert response.content == b"mutations are not allowed when using GET"
