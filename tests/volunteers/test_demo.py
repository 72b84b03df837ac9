"""The volunteering demo data (called by `manage.py seed_demo`): made through the services, so it obeys the rules."""

import pytest
from django.db.models import Count, F, Q

from steward.core.dates import organisation_today
from steward.volunteers import demo
from steward.volunteers.models import HOLDING_STATUSES, HoursEntry, Opportunity, Shift, Signup, VolunteerProfile
from tests.factories import IndividualFactory

pytestmark = pytest.mark.django_db


def test_demo_volunteering_has_full_shifts_with_waitlists_and_hours():
    # given people with email addresses
    for _ in range(80):
        IndividualFactory()
    # when the demo volunteering is built
    summary = demo.demo_volunteers_build(today=organisation_today())
    # then there are opportunities, past and coming shifts, profiles, sign-ups and hours of every kind
    assert Opportunity.objects.count() == summary.opportunities == len(demo.OPPORTUNITIES)
    assert Shift.objects.count() == summary.shifts
    assert VolunteerProfile.objects.count() == demo.VOLUNTEERS
    assert Signup.objects.filter(status=Signup.Status.WAITLISTED).exists()
    assert HoursEntry.objects.filter(status="approved", source="roster").exists()
    assert HoursEntry.objects.filter(status="pending", source="self_reported").exists()
    # and no shift holds more people than it has places
    overfilled = Shift.objects.annotate(taken=Count("signups", filter=Q(signups__status__in=HOLDING_STATUSES))).filter(
        taken__gt=F("capacity")
    )
    assert not overfilled.exists()
    # and running it again replaces the demo opportunities instead of adding more
    demo.demo_volunteers_build(today=organisation_today())
    assert Opportunity.objects.count() == len(demo.OPPORTUNITIES)
