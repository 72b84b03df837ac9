"""Helpers for the account tests: read the links out of Django's mail outbox."""

import re
from urllib.parse import parse_qs, urlparse

import pytest
from django.core import mail

from steward.members import accounts

PASSWORD = "a-long-Unusual-passphrase-42"


def link_in_last_mail(path: str) -> dict[str, str]:
    """The query parameters of the link to `path` in the latest email."""
    body = mail.outbox[-1].body
    match = re.search(rf"https?://\S+{re.escape(path)}\?\S+", body)
    assert match, body
    url = urlparse(match.group(0))
    assert url.path == path
    return {key: values[0] for key, values in parse_qs(url.query).items()}


@pytest.fixture
def signed_up(db):
    """Someone who signed up (not yet confirmed); the confirm email is in the outbox."""
    return accounts.account_sign_up(
        email="Malee@Example.org", password=PASSWORD, given_name="Malee", family_name="Srisuk"
    )


@pytest.fixture
def verified(signed_up):
    """A confirmed account, ready to sign in with PASSWORD."""
    accounts.account_email_verify(token=link_in_last_mail("/account/verify-email")["token"])
    mail.outbox.clear()
    signed_up.refresh_from_db()
    return signed_up
