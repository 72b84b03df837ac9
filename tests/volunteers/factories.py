"""Factories of the volunteers tests: opportunities, shifts (made through the service, in a time zone), profiles,
sign-ups and hours written straight to the table."""

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from steward.volunteers import services
from steward.volunteers.models import HoursEntry, Interest, Opportunity, Shift, Signup, Skill, VolunteerProfile
from tests.factories import IndividualFactory


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Skill {n}")


class InterestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interest
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Interest {n}")


class OpportunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opportunity

    title = factory.Sequence(lambda n: f"Opportunity {n}")
    description = "<p>Help us out.</p>"
    location = "12 Market Street"


class VolunteerProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VolunteerProfile

    constituent = factory.SubFactory(IndividualFactory)


def make_shift(
    *,
    opportunity: Opportunity | None = None,
    starts_in: dt.timedelta = dt.timedelta(days=3),
    hours: float = 3,
    capacity: int = 2,
    time_zone: str = "UTC",
    **kwargs,
) -> Shift:
    """A shift starting `starts_in` from now (aware times), made through services.shift_create."""
    start = (timezone.now() + starts_in).replace(microsecond=0)
    return services.shift_create(
        opportunity=opportunity or OpportunityFactory(),
        starts_at=start,
        ends_at=start + dt.timedelta(hours=hours),
        time_zone=time_zone,
        capacity=capacity,
        **kwargs,
    )


def volunteer(**kwargs):
    """A person with a primary email (the factory's default) who can be signed up."""
    return IndividualFactory(**kwargs)


class SignupFactory(factory.django.DjangoModelFactory):
    """A place on a shift written straight to the table (signed up unless told): not the signup_create path,
    so no capacity, deadline or waitlist rule applies (for sign-ups on past shifts, or a given status)."""

    class Meta:
        model = Signup

    shift = factory.LazyFunction(make_shift)
    constituent = factory.SubFactory(IndividualFactory)
    status = Signup.Status.SIGNED_UP


class HoursEntryFactory(factory.django.DjangoModelFactory):
    """Hours entered by staff and approved unless told, written straight to the table."""

    class Meta:
        model = HoursEntry

    constituent = factory.SubFactory(IndividualFactory)
    opportunity = factory.SubFactory(OpportunityFactory)
    date = dt.date(2026, 3, 1)
    hours = Decimal("2")
    source = HoursEntry.Source.STAFF
    status = HoursEntry.Status.APPROVED
