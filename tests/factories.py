"""factory_boy factories shared by the whole suite."""

from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from steward.core.dates import organisation_today
from steward.members import services
from steward.members.models import (
    ConsentRecord,
    Constituent,
    CustomField,
    Email,
    Interaction,
    Membership,
    MembershipLevel,
    RelationshipType,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery staple")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            for name in extracted:
                self.groups.add(Group.objects.get(name=name))
        if create:
            self.save()


class StaffUserFactory(UserFactory):
    is_staff = True


class SuperuserFactory(UserFactory):
    is_staff = True
    is_superuser = True


class IndividualFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Constituent
        skip_postgeneration_save = True

    kind = Constituent.Kind.INDIVIDUAL
    given_name = factory.Faker("first_name")
    family_name = factory.Faker("last_name")

    @factory.post_generation
    def email(self, create, extracted, **kwargs):
        if create and extracted is not False:
            address = extracted or f"person{self.pk}@example.org"
            Email.objects.create(constituent=self, address=address, is_primary=True)


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Constituent

    kind = Constituent.Kind.HOUSEHOLD
    organization_name = factory.Sequence(lambda n: f"The Household {n}")


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Constituent

    kind = Constituent.Kind.ORGANIZATION
    organization_name = factory.Faker("company")


class MembershipLevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MembershipLevel
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Level {n}")
    slug = factory.Sequence(lambda n: f"level-{n}")
    price = Decimal("50.00")
    currency = "USD"
    term = MembershipLevel.Term.ANNUAL
    grace_days = 30


def make_membership(
    *,
    constituent=None,
    level=None,
    start_date=None,
    today=None,
    **kwargs,
) -> Membership:
    """A membership made through the service, so its terms, dates and status are real."""
    constituent = constituent or IndividualFactory()
    level = level or MembershipLevelFactory()
    start_date = start_date or organisation_today()
    return services.membership_create(
        constituent=constituent, level=level, start_date=start_date, today=today or start_date, **kwargs
    )


class RelationshipTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RelationshipType
        django_get_or_create = ("slug",)

    name = "Parent"
    slug = "parent"
    forward_label = "Parent of"
    reverse_label = "Child of"


class ConsentRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsentRecord

    constituent = factory.SubFactory(IndividualFactory)
    channel = ConsentRecord.Channel.EMAIL
    topic = ConsentRecord.Topic.NEWSLETTER
    granted = True
    source = "test"
    wording = "Send me the newsletter."


class InteractionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interaction

    constituent = factory.SubFactory(IndividualFactory)
    kind = Interaction.Kind.CALL
    subject = factory.Faker("sentence", nb_words=4)


class CustomFieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CustomField
        django_get_or_create = ("key",)

    label = factory.Sequence(lambda n: f"Field {n}")
    key = factory.Sequence(lambda n: f"field_{n}")
    field_type = CustomField.FieldType.TEXT


# --- donations ---------------------------------------------------------------------------------------


class FundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "donations.Fund"
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"Fund {n}")
    code = factory.Sequence(lambda n: f"fund-{n}")


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "donations.Campaign"
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Campaign {n}")
    slug = factory.Sequence(lambda n: f"campaign-{n}")
    goal_amount = Decimal("10000.00")


class GiftFactory(factory.django.DjangoModelFactory):
    """A gift written straight to the table (already paid): for tests that need gifts, not the gift services."""

    class Meta:
        model = "donations.Gift"

    constituent = factory.SubFactory(IndividualFactory)
    amount = Decimal("100.00")
    currency = "USD"
    base_amount = factory.LazyAttribute(lambda o: o.amount if o.currency == "USD" else None)
    gift_date = factory.LazyFunction(organisation_today)
    status = "succeeded"
    method = "card"
    fund = factory.SubFactory(FundFactory)
