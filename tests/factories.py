"""factory_boy factories shared by the whole suite (the volunteers ones are in tests/volunteers/factories.py)."""

import datetime as dt
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


class AppealFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "donations.Appeal"
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"Appeal {n}")
    code = factory.Sequence(lambda n: f"appeal-{n}")


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


class PaymentMethodFactory(factory.django.DjangoModelFactory):
    """A card saved with Stripe (as the card setup leaves it), the donor's default."""

    class Meta:
        model = "donations.PaymentMethod"

    constituent = factory.SubFactory(IndividualFactory)
    stripe_customer_id = factory.LazyAttribute(lambda o: f"cus_{o.constituent.pk}")
    stripe_payment_method_id = factory.Sequence(lambda n: f"pm_test_{n}")
    brand = "visa"
    last4 = "4242"
    exp_month = 12
    exp_year = 2031
    is_default = True


class RecurringGiftFactory(factory.django.DjangoModelFactory):
    """A recurring gift written straight to the table (pending unless told): not the recurring_gift_start path."""

    class Meta:
        model = "donations.RecurringGift"

    constituent = factory.SubFactory(IndividualFactory)
    amount = Decimal("10.00")
    currency = "USD"
    fund = factory.SubFactory(FundFactory)


class RecurringChargeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "donations.RecurringCharge"

    recurring_gift = factory.SubFactory(RecurringGiftFactory)
    due_date = factory.LazyFunction(organisation_today)
    amount = factory.LazyAttribute(lambda o: o.recurring_gift.amount)
    currency = factory.LazyAttribute(lambda o: o.recurring_gift.currency)


class PledgeFactory(factory.django.DjangoModelFactory):
    """A pledge without an installment schedule (gifts.pledge_create makes one with it)."""

    class Meta:
        model = "donations.Pledge"

    constituent = factory.SubFactory(IndividualFactory)
    amount = Decimal("500.00")
    currency = "USD"
    fund = factory.SubFactory(FundFactory)


class GiftBatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "donations.GiftBatch"

    name = factory.Sequence(lambda n: f"Batch {n}")
    expected_count = 1
    expected_total = Decimal("1.00")


class SoftCreditFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "donations.SoftCredit"

    gift = factory.SubFactory(GiftFactory)
    constituent = factory.SubFactory(IndividualFactory)
    amount = Decimal("1.00")


class StripeEventFactory(factory.django.DjangoModelFactory):
    """A stored webhook event (pending unless told), as if received but not processed by the worker yet."""

    class Meta:
        model = "donations.StripeEvent"

    event_id = factory.Sequence(lambda n: f"evt_test_{n}")
    type = "payment_intent.succeeded"
    payload = factory.LazyFunction(dict)


class PaymentAttemptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "donations.PaymentAttempt"

    kind = "start"


class ExchangeRateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "donations.ExchangeRate"

    currency = "EUR"
    rate = Decimal("1.1")
    valid_from = factory.LazyFunction(organisation_today)


# --- reports -----------------------------------------------------------------------------------------


class SegmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reports.Segment"

    name = factory.Sequence(lambda n: f"Segment {n}")
    conditions = factory.LazyFunction(lambda: {"all": []})


class ExportLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reports.ExportLog"

    kind = "segment"
    name = factory.Sequence(lambda n: f"Export {n}")
    file_format = "csv"
    personal_data = True


class BoardPackRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reports.BoardPackRun"

    period_kind = "month"
    period_start = factory.Sequence(lambda n: dt.date(2000 + n // 12, n % 12 + 1, 1))
    period_end = factory.LazyAttribute(
        lambda o: (o.period_start.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    )
