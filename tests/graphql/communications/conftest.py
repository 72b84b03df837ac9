"""Fixtures for the communications API tests: localstripe, for the donations that campaign emails lead to."""

from tests.stripe_server import localstripe_url, stripe_api  # noqa: F401 - fixtures
