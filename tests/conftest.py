import pytest
from django.core.cache import cache

from tests.smtp import _smtp_server, smtp  # noqa: F401 (fixtures: a real SMTP server)


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()
