"""Factories of the volunteers tests: opportunities, shifts (made through the service, in a time zone), profiles."""

import datetime as dt

import factory
from django.utils import timezone

from steward.volunteers import services
from steward.volunteers.models import Interest, Opportunity, Shift, Skill, VolunteerProfile
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
