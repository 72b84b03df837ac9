"""Every way into an account is limited per account and per address, under parallel requests too, and the owner
is never locked out by someone else's guesses (issue 12, "Limits that hold under concurrency").

The racing tests use threads with their own database connections that really run at once (the pattern of
tests/volunteers/test_capacity_race.py): on PostgreSQL the advisory locks are at work, on SQLite the database's
own turn-taking of writers. Password checks are counted with Django's own `user_login_failed` signal, which
`authenticate()` sends for every password it checked and found wrong.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.contrib.auth.signals import user_login_failed
from django.core import mail
from django.test import override_settings

from steward.members import accounts
from tests import races
from tests.accounts.conftest import link_in_last_mail
from tests.factories import UserFactory
from tests.utils import CsrfClient, error_codes

ATTACKER = "203.0.113.66"
OWNER_HOME = "198.51.100.7"
RACERS = 30
LIMIT = 5

RESULT = "__typename ... on OperationInfo { messages { field code message } }"
SIGN_IN = f"mutation($input: SignInInput!) {{ signIn(input: $input) {{ {RESULT} ... on Viewer {{ signedIn }} }} }}"
SIGN_IN_WITH_LINK = f"mutation($t: String!) {{ signInWithLink(token: $t) {{ {RESULT} ... on Viewer {{ signedIn }} }} }}"
RESET_REQUEST = f"mutation($e: String!) {{ requestPasswordReset(email: $e) {{ {RESULT} }} }}"
LINK_REQUEST = f"mutation($e: String!) {{ requestSignInLink(email: $e) {{ {RESULT} }} }}"
SIGN_OUT = "mutation { signOut { __typename } }"


class Browser(CsrfClient):
    """A browser at one address: its own cookies (session, CSRF, device), CSRF enforced as the frontend meets it."""

    def graphql(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        return next(iter(self(query, variables).values()))

    def sign_in(self, email: str, password: str) -> str:
        """`signedIn`, or the error's code."""
        result = self.graphql(SIGN_IN, {"input": {"email": email, "password": password}})
        return "signedIn" if result["__typename"] == "Viewer" else result["messages"][0]["code"]

    def admin_login(self, username: str, password: str) -> Any:
        page = self.client.get("/admin/login/")
        assert page.status_code == 200
        return self.client.post(
            "/admin/login/",
            {
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": self.client.cookies["csrftoken"].value,
            },
        )


def answer(result: dict[str, Any]) -> str:
    """A mutation's answer as the browser sees it: the type, or the error code."""
    return result["__typename"] if result["__typename"] != "OperationInfo" else result["messages"][0]["code"]


@pytest.fixture
def password_checks() -> Iterator[list[str]]:
    """The usernames of every password checked and found wrong, from any thread."""
    checked: list[str] = []
    lock = threading.Lock()

    def receiver(sender: Any, credentials: dict[str, Any], **kwargs: Any) -> None:
        with lock:
            checked.append(credentials.get("username", ""))

    user_login_failed.connect(receiver, weak=False, dispatch_uid="test_sign_in_limits")
    yield checked
    user_login_failed.disconnect(dispatch_uid="test_sign_in_limits")


def race(attempts: list[Callable[[], str]]) -> list[str]:
    """Run the attempts at the same moment, each in its own thread and database connection; their outcomes (a
    refusal as its error codes)."""
    outcomes, refusals = races.race(attempts)
    return outcomes + [",".join(sorted(error_codes(refused))) for refused in refusals]


def portal_account(email: str = "owner@example.org") -> User:
    return UserFactory(username=email, email=email)


def staff_account() -> User:
    # A mixed-case username, as staff accounts have: the limit is counted on its lower-cased form.
    return UserFactory(username="Curator", email="curator@example.org", is_staff=True, is_superuser=True)


# Parallel password guesses ------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@override_settings(ACCOUNT_SIGN_IN_MAX_FAILURES=LIMIT, ACCOUNT_SIGN_IN_MAX_FAILURES_PER_ADDRESS=100)
def test_simultaneous_wrong_passwords_for_one_account_check_only_the_limit(password_checks):
    # given an account
    owner = portal_account()

    # when thirty wrong passwords for it arrive at once, each from its own address
    def guess(number: int) -> Callable[[], str]:
        return lambda: (
            accounts.account_sign_in(
                email=owner.username, password=f"guess {number}", ip_address=f"192.0.2.{number + 1}"
            ).username
        )

    outcomes = race([guess(number) for number in range(RACERS)])
    # then five were checked and found wrong, and the other twenty-five were refused without a check
    assert sorted(outcomes) == ["invalid_credentials"] * LIMIT + ["throttled"] * (RACERS - LIMIT)
    assert len(password_checks) == LIMIT


@pytest.mark.django_db(transaction=True)
@override_settings(ACCOUNT_SIGN_IN_MAX_FAILURES=100, ACCOUNT_SIGN_IN_MAX_FAILURES_PER_ADDRESS=LIMIT)
def test_simultaneous_wrong_passwords_from_one_address_check_only_the_limit(password_checks):
    # given thirty accounts
    people = [portal_account(f"person{number}@example.org") for number in range(RACERS)]

    # when one address tries a password for each of them at once
    def guess(person: User) -> Callable[[], str]:
        return lambda: (
            accounts.account_sign_in(email=person.username, password="Summer2026!", ip_address=ATTACKER).username
        )

    outcomes = race([guess(person) for person in people])
    # then only the per-address limit's worth of passwords were checked
    assert sorted(outcomes) == ["invalid_credentials"] * LIMIT + ["throttled"] * (RACERS - LIMIT)
    assert len(password_checks) == LIMIT


@pytest.mark.django_db(transaction=True)
@override_settings(ACCOUNT_SIGN_IN_MAX_FAILURES=LIMIT, ACCOUNT_SIGN_IN_MAX_FAILURES_PER_ADDRESS=100)
def test_simultaneous_admin_logins_check_only_the_limit(password_checks):
    # given a staff account
    staff_account()

    # when thirty browsers post a wrong password to /admin/login/ at once, each from its own address
    def guess(number: int) -> Callable[[], str]:
        browser = Browser(f"192.0.2.{number + 1}")

        def attempt() -> str:
            response = browser.admin_login("Curator", f"guess {number}")
            return "throttled" if "Too many failed sign-ins" in response.content.decode() else str(response.status_code)

        return attempt

    outcomes = race([guess(number) for number in range(RACERS)])
    # then five passwords were checked and the rest were refused without a check
    assert sorted(outcomes) == ["200"] * LIMIT + ["throttled"] * (RACERS - LIMIT)
    assert len(password_checks) == LIMIT


# One address, many accounts ---------------------------------------------------------------------------------


@override_settings(ACCOUNT_SIGN_IN_MAX_FAILURES=5, ACCOUNT_SIGN_IN_MAX_FAILURES_PER_ADDRESS=10)
def test_one_address_trying_forty_accounts_is_throttled_after_the_address_limit(db, password_checks):
    # given forty accounts
    people = [portal_account(f"person{number}@example.org") for number in range(40)]
    attacker = Browser(ATTACKER)
    # when one address tries one password for each through signIn
    outcomes = [attacker.sign_in(person.username, "Summer2026!") for person in people]
    # then ten were checked and the other thirty refused
    assert outcomes == ["invalid_credentials"] * 10 + ["throttled"] * 30
    assert len(password_checks) == 10
    # while someone at another address signs in as usual
    assert Browser(OWNER_HOME).sign_in(people[-1].username, "correct horse battery staple") == "signedIn"


# The Wagtail admin's login ----------------------------------------------------------------------------------


@override_settings(ACCOUNT_SIGN_IN_MAX_FAILURES=5, ACCOUNT_SIGN_IN_MAX_FAILURES_PER_ADDRESS=100)
def test_admin_login_is_throttled_like_the_portal(db, password_checks):
    # given a staff account, and an attacker posting thirty wrong passwords to /admin/login/
    staff_account()
    attacker = Browser(ATTACKER)
    pages = [attacker.admin_login("Curator", f"guess {number}").content.decode() for number in range(30)]
    # then five were checked and the rest refused, with a message that says why
    assert len(password_checks) == 5
    assert sum("Too many failed sign-ins" in page for page in pages) == 25
    # and the right password does not sign the attacker in either: a 200 with the form, not the redirect
    response = attacker.admin_login("Curator", "correct horse battery staple")
    assert response.status_code == 200
    assert "Too many failed sign-ins" in response.content.decode()
    assert "_auth_user_id" not in attacker.client.session
    # nor through the portal's signIn, which shares the account's count
    assert Browser(OWNER_HOME).sign_in("curator", "correct horse battery staple") == "throttled"


@override_settings(ACCOUNT_SIGN_IN_MAX_FAILURES=5, ACCOUNT_SIGN_IN_MAX_FAILURES_PER_ADDRESS=100)
def test_admin_login_from_a_device_that_signed_in_before_still_works(db):
    # given a curator who signed in to the admin on their own computer (which sets the device cookie)
    staff_account()
    own_computer = Browser(OWNER_HOME)
    assert own_computer.admin_login("Curator", "correct horse battery staple").status_code == 302
    assert "steward_device" in own_computer.client.cookies
    signed_out = own_computer.client.post(
        "/admin/logout/", {"csrfmiddlewaretoken": own_computer.client.cookies["csrftoken"].value}
    )
    assert signed_out.status_code == 302
    # when an attacker fails thirty times
    attacker = Browser(ATTACKER)
    for number in range(30):
        attacker.admin_login("Curator", f"guess {number}")
    # then the curator's right password from their computer signs them in
    response = own_computer.admin_login("Curator", "correct horse battery staple")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


# The owner is slowed by no one ------------------------------------------------------------------------------


@override_settings(ACCOUNT_SIGN_IN_MAX_FAILURES=5)
def test_owner_signs_in_with_a_password_from_a_device_that_signed_in_before(db):
    # given the owner signed in on their laptop once, and signed out
    owner = portal_account()
    laptop = Browser(OWNER_HOME)
    assert laptop.sign_in(owner.username, "correct horse battery staple") == "signedIn"
    assert "steward_device" in laptop.client.cookies
    laptop.graphql(SIGN_OUT)
    # and an attacker, signed in to an account of their own (so with a device cookie of their own), then fails
    # thirty times for the owner's account
    portal_account("attacker@example.org")
    attacker = Browser(ATTACKER)
    assert attacker.sign_in("attacker@example.org", "correct horse battery staple") == "signedIn"
    outcomes = [attacker.sign_in(owner.username, f"guess {number}") for number in range(30)]
    assert outcomes == ["invalid_credentials"] * 5 + ["throttled"] * 25
    # then the attacker's right guess is refused, as is the right password from any browser without the cookie
    assert attacker.sign_in(owner.username, "correct horse battery staple") == "throttled"
    assert Browser(OWNER_HOME).sign_in(owner.username, "correct horse battery staple") == "throttled"
    # while the owner's laptop signs in
    assert laptop.sign_in(owner.username, "correct horse battery staple") == "signedIn"


@override_settings(ACCOUNT_SIGN_IN_MAX_FAILURES=5)
def test_a_device_cookie_gets_only_its_own_limit_of_guesses(db):
    # given a laptop that signed in to the account before (someone may have stolen its cookie)
    owner = portal_account()
    laptop = Browser(OWNER_HOME)
    assert laptop.sign_in(owner.username, "correct horse battery staple") == "signedIn"
    assert "steward_device" in laptop.client.cookies
    laptop.graphql(SIGN_OUT)
    # when wrong passwords come with the cookie
    outcomes = [laptop.sign_in(owner.username, f"guess {number}") for number in range(8)]
    # then the device is slowed down after its own five
    assert outcomes == ["invalid_credentials"] * 5 + ["throttled"] * 3
    # and those guesses never counted against the account: a fresh browser may still try
    assert Browser(ATTACKER).sign_in(owner.username, "correct horse battery staple") == "signedIn"


@override_settings(ACCOUNT_SIGN_IN_MAX_FAILURES=5)
def test_owner_signs_in_with_the_emailed_link_after_an_attacker_and_keeps_the_device(db):
    # given an attacker who used up the account's limit
    owner = portal_account()
    attacker = Browser(ATTACKER)
    for number in range(30):
        attacker.sign_in(owner.username, f"guess {number}")
    assert attacker.sign_in(owner.username, "correct horse battery staple") == "throttled"
    # when the owner asks for a sign-in link on their phone and follows it
    phone = Browser(OWNER_HOME)
    assert answer(phone.graphql(LINK_REQUEST, {"e": owner.username})) == "AccountRequestAccepted"
    token = link_in_last_mail("/account/sign-in/link")["token"]
    assert phone.graphql(SIGN_IN_WITH_LINK, {"t": token}) == {"__typename": "Viewer", "signedIn": True}
    # then the phone is a known device: after signing out, the owner's password works there again
    phone.graphql(SIGN_OUT)
    assert phone.sign_in(owner.username, "correct horse battery staple") == "signedIn"


# Requests for emails, and links --------------------------------------------------------------------------------


@override_settings(ACCOUNT_EMAIL_REQUESTS_MAX_PER_ACCOUNT=3, ACCOUNT_EMAIL_REQUESTS_MAX_PER_ADDRESS=100)
def test_password_reset_requests_are_limited_per_account_the_same_whether_it_exists(db):
    # given an account, and an address that has none
    portal_account("malee@example.org")
    answers: dict[str, list[str]] = {}
    for email in ("malee@example.org", "nobody@example.org"):
        mail.outbox.clear()
        # when five resets are asked for it, from five addresses
        answers[email] = [
            answer(Browser(f"192.0.2.{number + 1}").graphql(RESET_REQUEST, {"e": email})) for number in range(5)
        ]
        sent = len(mail.outbox)
        answers[email].append(f"{sent} sent" if email == "malee@example.org" else "")
    # then three are taken and the rest refused, the same for both; only the real account got mail, three times
    taken, refused = "AccountRequestAccepted", "throttled"
    assert answers["malee@example.org"] == [taken] * 3 + [refused] * 2 + ["3 sent"]
    assert answers["nobody@example.org"] == [taken] * 3 + [refused] * 2 + [""]


@override_settings(ACCOUNT_EMAIL_REQUESTS_MAX_PER_ACCOUNT=3, ACCOUNT_EMAIL_REQUESTS_MAX_PER_ADDRESS=4)
def test_password_reset_requests_are_limited_per_address_whatever_the_accounts(db):
    # given some addresses with accounts and some without
    emails = [f"person{number}@example.org" for number in range(8)]
    for email in emails[::2]:
        portal_account(email)
    requester = Browser(ATTACKER)
    # when one address asks for a reset for each
    answers = [answer(requester.graphql(RESET_REQUEST, {"e": email})) for email in emails]
    # then the answers depend only on how many came before, never on which emails have accounts
    assert answers == ["AccountRequestAccepted"] * 4 + ["throttled"] * 4
    # and mail went only to the accounts among the first four
    assert sorted(message.to[0] for message in mail.outbox) == ["person0@example.org", "person2@example.org"]


@override_settings(ACCOUNT_EMAIL_REQUESTS_MAX_PER_ACCOUNT=2, ACCOUNT_EMAIL_REQUESTS_MAX_PER_ADDRESS=100)
def test_admin_password_reset_sends_no_more_than_the_limit_and_answers_the_same(db):
    # given a staff account
    staff_account()
    browser = Browser(ATTACKER)

    def ask() -> Any:
        browser.client.get("/admin/password_reset/")
        return browser.client.post(
            "/admin/password_reset/",
            {"email": "curator@example.org", "csrfmiddlewaretoken": browser.client.cookies["csrftoken"].value},
        )

    # when five resets are asked for through the admin's form
    responses = [ask() for _ in range(5)]
    # then each answer is the same redirect to "check your email", and two emails went
    assert {(response.status_code, response["Location"]) for response in responses} == {
        (302, "/admin/password_reset/done/")
    }
    assert len(mail.outbox) == 2


@override_settings(ACCOUNT_LINK_MAX_FAILURES_PER_ADDRESS=3)
def test_links_that_do_not_work_are_limited_per_address(db):
    # given an address trying made-up sign-in links
    owner = portal_account()
    prober = Browser(ATTACKER)
    outcomes = [answer(prober.graphql(SIGN_IN_WITH_LINK, {"t": f"made-up-{number}"})) for number in range(5)]
    # then three are checked and the rest refused
    assert outcomes == ["invalid"] * 3 + ["throttled"] * 2
    # while the owner's real link, used elsewhere, works
    elsewhere = Browser(OWNER_HOME)
    elsewhere.graphql(LINK_REQUEST, {"e": owner.username})
    token = link_in_last_mail("/account/sign-in/link")["token"]
    assert elsewhere.graphql(SIGN_IN_WITH_LINK, {"t": token})["__typename"] == "Viewer"


@override_settings(ACCOUNT_SIGN_IN_MAX_FAILURES_PER_ADDRESS=5)
def test_an_address_at_its_limit_is_told_how_long_and_the_way_around(db):
    # given an address that failed for five different accounts
    attacker = Browser(ATTACKER)
    for number in range(5):
        assert attacker.sign_in(f"person{number}@example.org", "Summer2026!") == "invalid_credentials"
    # when it tries a sixth
    result = attacker.graphql(SIGN_IN, {"input": {"email": "person5@example.org", "password": "Summer2026!"}})
    # then the refusal says when to try again and that an emailed link works now
    assert result["messages"][0]["code"] == "throttled"
    message = result["messages"][0]["message"]
    assert re.search(r"Try again in 1[45] minutes", message), message
    assert "emailed link" in message


# Requests that send an email to an address someone typed ------------------------------------------------------

SIGN_UP = f"mutation($input: SignUpInput!) {{ signUp(input: $input) {{ {RESULT} }} }}"
UPDATE_EMAIL = (
    "mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { __typename "
    "... on OperationInfo { messages { field code message } } ... on Member { pendingEmail } } }"
)


@override_settings(ACCOUNT_EMAIL_REQUESTS_MAX_PER_ACCOUNT=3, ACCOUNT_EMAIL_REQUESTS_MAX_PER_ADDRESS=100)
def test_sign_ups_with_one_address_send_no_more_mail_than_the_limit(db):
    # given someone signing up with a victim's address again and again, from different networks
    values = {"givenName": "Any", "familyName": "One", "password": "Winter-walks-in-Ulaanbaatar-7"}
    answers = [
        answer(Browser(f"192.0.2.{number + 1}").graphql(SIGN_UP, {"input": {**values, "email": "victim@example.org"}}))
        for number in range(5)
    ]
    # then three are taken and the rest refused, and the victim got three emails, not five
    assert answers == ["AccountRequestAccepted"] * 3 + ["throttled"] * 2
    assert [message.to for message in mail.outbox] == [["victim@example.org"]] * 3
    assert User.objects.filter(username="victim@example.org").count() == 1


@override_settings(ACCOUNT_EMAIL_REQUESTS_MAX_PER_ACCOUNT=100, ACCOUNT_EMAIL_REQUESTS_MAX_PER_ADDRESS=3)
def test_sign_ups_from_one_network_are_limited(db):
    values = {"givenName": "Any", "familyName": "One", "password": "Winter-walks-in-Ulaanbaatar-7"}
    spammer = Browser(ATTACKER)
    answers = [
        answer(spammer.graphql(SIGN_UP, {"input": {**values, "email": f"target{number}@example.org"}}))
        for number in range(5)
    ]
    assert answers == ["AccountRequestAccepted"] * 3 + ["throttled"] * 2
    assert User.objects.filter(username__startswith="target").count() == 3


@override_settings(ACCOUNT_EMAIL_REQUESTS_MAX_PER_ACCOUNT=2, ACCOUNT_EMAIL_REQUESTS_MAX_PER_ADDRESS=100)
def test_a_member_asking_again_and_again_to_use_an_address_cannot_flood_it(db, django_capture_on_commit_callbacks):
    # given a signed-in member
    from tests.graphql.conftest import member_with_account

    member = member_with_account(given_name="Mallory")
    member.user.username = member.user.email = "mallory@example.org"
    member.user.save()
    browser = Browser(ATTACKER)
    assert browser.sign_in("mallory@example.org", "correct horse battery staple") == "signedIn"
    # when they ask four times to use someone's address as their own
    results = []
    for _ in range(4):
        with django_capture_on_commit_callbacks(execute=True):  # each request's emails go before the next
            results.append(browser.graphql(UPDATE_EMAIL, {"input": {"primaryEmail": "victim@example.org"}}))
    # then two are taken and the others refused on the email field, with a clear message
    assert [r["__typename"] for r in results] == ["Member", "Member", "OperationInfo", "OperationInfo"]
    refused = results[2]["messages"][0]
    assert (refused["field"], refused["code"]) == ("primaryEmail", "throttled")
    assert "Try again in" in refused["message"]
    # and the address got two emails
    assert [message.to for message in mail.outbox] == [["victim@example.org"]] * 2
