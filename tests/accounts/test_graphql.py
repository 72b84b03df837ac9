"""The account mutations through /graphql/, with CSRF enforced as the frontend meets it."""

import json
from typing import Any

import pytest
from django.core import mail
from django.test import Client, override_settings

from tests.accounts.conftest import PASSWORD, link_in_last_mail
from tests.utils import CsrfClient

RESULT = """
    __typename
    ... on OperationInfo { messages { field code message kind } }
"""


def mutation(variables: str, call: str, success: str = "") -> str:
    """A mutation document: `mutation(<variables>) { <call> { <RESULT> <success> } }`."""
    head = f"mutation({variables})" if variables else "mutation"
    return f"{head} {{ {call} {{ {RESULT} {success} }} }}"


def viewer(api: CsrfClient) -> dict[str, Any]:
    return api("{ viewer { signedIn email displayName hasMemberRecord } }")["viewer"]


def sign_in(api: CsrfClient, email: str, password: str) -> dict[str, Any]:
    return api(
        mutation("$input: SignInInput!", "signIn(input: $input)", "... on Viewer { signedIn displayName }"),
        {"input": {"email": email, "password": password}},
    )["signIn"]


@pytest.fixture
def api(db) -> CsrfClient:
    return CsrfClient()


def test_a_post_without_the_csrf_token_is_refused(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/graphql/", data=json.dumps({"query": "mutation { signOut { __typename } }"}), content_type="application/json"
    )
    assert response.status_code == 403


def test_sign_up_verify_sign_in_and_out(api):
    # when someone signs up
    result = api(
        mutation("$input: SignUpInput!", "signUp(input: $input)", "... on AccountRequestAccepted { email }"),
        {"input": {"email": "Malee@Example.org", "password": PASSWORD, "givenName": "Malee", "familyName": "Srisuk"}},
    )["signUp"]
    assert result == {"__typename": "AccountRequestAccepted", "email": "malee@example.org"}
    # then they cannot sign in before confirming
    refused = sign_in(api, "malee@example.org", PASSWORD)
    assert refused["messages"][0]["code"] == "unverified"
    assert refused["messages"][0]["field"] == "email"
    # when they follow the emailed link
    token = link_in_last_mail("/account/verify-email")["token"]
    verified = api(
        mutation("$t: String!", "verifyEmail(token: $t)", "... on EmailVerified { email }"),
        {"t": token},
    )["verifyEmail"]
    assert verified == {"__typename": "EmailVerified", "email": "malee@example.org"}
    # then they can sign in, and the session knows them
    assert sign_in(api, "malee@example.org", PASSWORD) == {
        "__typename": "Viewer",
        "signedIn": True,
        "displayName": "Malee",
    }
    assert viewer(api) == {
        "signedIn": True,
        "email": "malee@example.org",
        "displayName": "Malee",
        "hasMemberRecord": True,
    }
    assert api("{ me { displayName } }")["me"] == {"displayName": "Malee Srisuk"}
    # and signing out ends the session
    assert api("mutation { signOut { __typename ... on Viewer { signedIn } } }")["signOut"]["signedIn"] is False
    assert viewer(api)["signedIn"] is False


def test_sign_up_returns_field_errors_camel_cased(api):
    result = api(
        mutation("$input: SignUpInput!", "signUp(input: $input)"),
        {"input": {"email": "a@example.org", "password": "123", "givenName": "", "familyName": "B"}},
    )["signUp"]
    assert result["__typename"] == "OperationInfo"
    fields = {(message["field"], message["code"]) for message in result["messages"]}
    assert ("givenName", "required") in fields
    assert ("password", "password_too_short") in fields


def test_a_wrong_password_is_a_typed_error_and_repeated_ones_throttle(api, verified):
    with override_settings(ACCOUNT_SIGN_IN_MAX_FAILURES=2):
        for _ in range(2):
            result = sign_in(api, "malee@example.org", "wrong")
            assert [(m["field"], m["code"]) for m in result["messages"]] == [(None, "invalid_credentials")]
        result = sign_in(api, "malee@example.org", PASSWORD)
        assert result["messages"][0]["code"] == "throttled"
    assert viewer(api)["signedIn"] is False


def test_sign_in_with_an_emailed_link_once(api, verified):
    accepted = api(
        mutation("", 'requestSignInLink(email: "MALEE@example.org")', "... on AccountRequestAccepted { email }")
    )
    assert accepted["requestSignInLink"]["email"] == "malee@example.org"
    token = link_in_last_mail("/account/sign-in/link")["token"]
    query = mutation("$t: String!", "signInWithLink(token: $t)", "... on Viewer { signedIn }")
    assert api(query, {"t": token})["signInWithLink"] == {"__typename": "Viewer", "signedIn": True}
    api("mutation { signOut { __typename } }")
    again = api(query, {"t": token})["signInWithLink"]
    assert again["messages"][0]["field"] == "token"
    assert again["messages"][0]["code"] == "invalid"


def test_password_reset_answers_the_same_for_unknown_emails(api, verified):
    document = mutation("$e: String!", "requestPasswordReset(email: $e)", "... on AccountRequestAccepted { email }")
    unknown = api(document, {"e": "nobody@example.org"})["requestPasswordReset"]
    known = api(document, {"e": "malee@example.org"})["requestPasswordReset"]
    assert unknown["__typename"] == known["__typename"] == "AccountRequestAccepted"
    assert len(mail.outbox) == 1
    params = link_in_last_mail("/account/reset-password")
    reset = api(
        mutation("$i: ResetPasswordInput!", "resetPassword(input: $i)", "... on PasswordChanged { email }"),
        {"i": {"uid": params["uid"], "token": params["token"], "password": "brand-New-pass-99"}},
    )["resetPassword"]
    assert reset == {"__typename": "PasswordChanged", "email": "malee@example.org"}
    assert sign_in(api, "malee@example.org", "brand-New-pass-99")["__typename"] == "Viewer"
