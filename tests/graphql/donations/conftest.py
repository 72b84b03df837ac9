"""Fixtures for the donations API tests: localstripe, a fund, and operations as the frontend sends them."""

import itertools
import uuid

import pytest

from tests.factories import FundFactory
from tests.stripe_server import localstripe_url, stripe_api  # noqa: F401 - fixtures

_keys = itertools.count(1)


@pytest.fixture
def fund(db):
    return FundFactory(code="general", name="General fund")


def request_key() -> str:
    """A fresh key per attempt, as the donate form makes one."""
    return f"{uuid.uuid4()}-{next(_keys)}"


def payload_errors(payload: dict) -> dict[str, str]:
    """{field: code} of an OperationInfo payload (empty for a success type)."""
    return {message["field"] or "": message["code"] for message in payload.get("messages", [])}
