"""Parallel reports of the same bad address (a provider's bounce and complaint at once) make one suppression."""

from __future__ import annotations

import pytest

from steward.members import services
from steward.members.models import EmailSuppression
from tests.races import race

# Real transactions: each thread commits on its own connection.
pytestmark = pytest.mark.django_db(transaction=True)


def test_parallel_suppressions_of_one_address_make_one():
    works = [
        (lambda reason=reason: services.suppression_add(address="Busy@example.org", reason=reason))
        for reason in ["hard_bounce", "complaint", "soft_bounces", "hard_bounce"] * 2
    ]
    results, refusals = race(works)
    assert refusals == []
    assert sum(made for _, made in results) == 1
    assert len({suppression.pk for suppression, _ in results}) == 1
    assert EmailSuppression.objects.filter(address="busy@example.org").count() == 1
