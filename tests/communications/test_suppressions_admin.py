"""Staff see suppressed addresses, suppress one by hand with a reason, and lift one with a reason."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from steward.core.mail import Purpose, email_verdict
from steward.members import services
from steward.members.models import EmailSuppression
from tests.factories import IndividualFactory, StaffUserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    client.force_login(StaffUserFactory(groups=["Membership staff"]))
    return client


def test_staff_list_search_and_filter_suppressions(staff):
    services.suppression_add(address="bounced@example.org", reason="hard_bounce", detail="550 no such user")
    services.suppression_add(address="angry@example.org", reason="complaint")
    listing = staff.get(reverse("communications_suppressions:index"), {"q": "bounced"}).content.decode()
    assert "bounced@example.org" in listing
    assert "angry@example.org" not in listing
    complaints = staff.get(reverse("communications_suppressions:index"), {"reason": "complaint"}).content.decode()
    assert "angry@example.org" in complaints
    assert "bounced@example.org" not in complaints
    empty = staff.get(reverse("communications_suppressions:index"), {"q": "nobody"})
    assert empty.status_code == 200


def test_staff_suppress_an_address_by_hand_and_must_say_why(staff):
    url = reverse("communications_suppressions:add")
    refused = staff.post(url, {"address": "Typo@Example.org", "detail": " "})
    assert refused.status_code == 200
    assert "This field is required." in refused.content.decode()
    bad = staff.post(url, {"address": "not an address", "detail": "asked by phone"})
    assert "is not an email address" in bad.content.decode()
    assert not EmailSuppression.objects.exists()
    made = staff.post(url, {"address": "Typo@Example.org", "detail": "asked by phone"})
    assert made.status_code == 302
    suppression = EmailSuppression.objects.get()
    assert (suppression.address, suppression.reason) == ("typo@example.org", "manual")
    assert email_verdict("typo@example.org", purpose=Purpose.TRANSACTIONAL).refusal


def test_lifting_needs_a_reason_and_lets_messages_go_again(staff):
    IndividualFactory(email="fixed@example.org")
    suppression, _ = services.suppression_add(address="fixed@example.org", reason="hard_bounce")
    inspect = staff.get(reverse("communications_suppressions:inspect", args=[suppression.pk])).content.decode()
    lift_url = reverse("communications_suppressions:lift", args=[suppression.pk])
    assert lift_url in inspect
    refused = staff.post(lift_url, {"lift_reason": "  "})
    assert refused.status_code == 200
    assert "This field is required." in refused.content.decode()
    assert EmailSuppression.objects.get().lifted_at is None
    assert staff.post(lift_url, {"lift_reason": "Mailbox fixed, confirmed by phone"}).status_code == 302
    lifted = EmailSuppression.objects.get()
    assert lifted.lifted_at is not None
    assert lifted.lift_reason == "Mailbox fixed, confirmed by phone"
    assert email_verdict("fixed@example.org", purpose=Purpose.TRANSACTIONAL).refusal == ""
    # a lifted suppression cannot be lifted again, and a new bounce suppresses afresh
    assert staff.get(lift_url).status_code == 404
    again, made = services.suppression_add(address="fixed@example.org", reason="hard_bounce")
    assert made
    assert again.pk != suppression.pk


def test_staff_without_the_permission_cannot_see_or_lift(client):
    suppression, _ = services.suppression_add(address="x@example.org", reason="complaint")
    client.force_login(StaffUserFactory(groups=["Volunteer coordinators"]))
    assert client.get(reverse("communications_suppressions:index")).status_code in (302, 403)
    response = client.post(reverse("communications_suppressions:lift", args=[suppression.pk]), {"lift_reason": "x"})
    assert response.status_code in (302, 403)
    assert EmailSuppression.objects.get().lifted_at is None


def test_a_second_suppression_of_the_same_address_returns_the_first():
    first, made = services.suppression_add(address="twice@example.org", reason="complaint")
    second, made_again = services.suppression_add(address="TWICE@example.org", reason="hard_bounce")
    assert (made, made_again) == (True, False)
    assert first.pk == second.pk
    assert second.reason == "complaint"
    with pytest.raises(ValidationError, match="Say why"):
        services.suppression_add(address="other@example.org", reason="manual", detail=" ")
