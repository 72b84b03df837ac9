"""GraphQL types of the donations domain: funds and campaigns (public), a member's own gifts, recurring gifts
and giving summary, the outcome of starting a payment, and a recurring charge reached by its emailed 3-D Secure
link."""

import datetime as dt
from decimal import Decimal
from enum import Enum
from typing import Any

import strawberry
import strawberry_django
from django.db.models import QuerySet
from strawberry import Info, relay

from steward.donations import receipts, selectors
from steward.donations.authentication import AuthenticationState, ChargeAuthentication
from steward.donations.manage_links import ManagedGift
from steward.donations.models import Campaign, Fund, Gift, PaymentMethod, RecurringGift
from steward.donations.money import base_currency, quantize
from steward.graphql import permissions
from steward.graphql.common import Money
from steward.graphql.donations import selectors as api_selectors
from steward.graphql.limits import list_cost

# ---------------------------------------------------------------------------------------------------------
# Enums (mirroring the models' choices; tests/graphql/test_schema.py keeps them in step)
# ---------------------------------------------------------------------------------------------------------


@strawberry.enum(name="GiftStatus", description="Where a gift stands.")
class GiftStatusEnum(Enum):
    PENDING = strawberry.enum_value(Gift.Status.PENDING.value, description="Waiting for the payment.")
    SUCCEEDED = strawberry.enum_value(Gift.Status.SUCCEEDED.value, description="Paid.")
    FAILED = strawberry.enum_value(Gift.Status.FAILED.value, description="The payment failed.")
    REFUNDED = strawberry.enum_value(Gift.Status.REFUNDED.value, description="Refunded in full.")
    PARTIALLY_REFUNDED = strawberry.enum_value(
        Gift.Status.PARTIALLY_REFUNDED.value, description="Part of it was refunded."
    )
    DISPUTED = strawberry.enum_value(Gift.Status.DISPUTED.value, description="The payment was disputed.")


@strawberry.enum(name="GiftPurpose", description="What a payment was for.")
class GiftPurposeEnum(Enum):
    DONATION = strawberry.enum_value(Gift.Purpose.DONATION.value, description="A donation.")
    MEMBERSHIP = strawberry.enum_value(Gift.Purpose.MEMBERSHIP.value, description="A membership.")


@strawberry.enum(name="TributeKind", description="Whom a gift honours.")
class TributeKindEnum(Enum):
    HONOUR = strawberry.enum_value(Gift.Tribute.HONOUR.value, description="In honour of a living person.")
    MEMORY = strawberry.enum_value(Gift.Tribute.MEMORY.value, description="In memory of someone.")


@strawberry.enum(name="RecurringFrequency", description="How often a recurring gift is charged.")
class RecurringFrequencyEnum(Enum):
    MONTHLY = strawberry.enum_value(RecurringGift.Frequency.MONTHLY.value, description="Every month.")
    ANNUAL = strawberry.enum_value(RecurringGift.Frequency.ANNUAL.value, description="Every year.")


@strawberry.enum(name="RecurringGiftStatus", description="Where a recurring gift stands.")
class RecurringGiftStatusEnum(Enum):
    PENDING = strawberry.enum_value(RecurringGift.Status.PENDING.value, description="Awaiting its first payment.")
    ACTIVE = strawberry.enum_value(RecurringGift.Status.ACTIVE.value, description="Charged on schedule.")
    PAST_DUE = strawberry.enum_value(
        RecurringGift.Status.PAST_DUE.value, description="Its last charge failed after every retry: update the card."
    )
    PAUSED = strawberry.enum_value(RecurringGift.Status.PAUSED.value, description="Paused: nothing is charged.")
    CANCELLED = strawberry.enum_value(RecurringGift.Status.CANCELLED.value, description="Cancelled.")


@strawberry.enum(name="PaymentStatus", description="What happened when a payment was started.")
class PaymentStatusEnum(Enum):
    SUCCEEDED = strawberry.enum_value("succeeded", description="Paid.")
    PROCESSING = strawberry.enum_value("processing", description="The bank is still deciding; we email the outcome.")
    REQUIRES_ACTION = strawberry.enum_value(
        "requires_action", description="The card's bank asks the donor to authenticate: use `clientSecret`."
    )


@strawberry.enum(
    name="ChargeAuthenticationState", description="Where a charge reached by its emailed authentication link stands."
)
class ChargeAuthenticationStateEnum(Enum):
    REQUIRES_ACTION = strawberry.enum_value(
        AuthenticationState.REQUIRES_ACTION.value,
        description="The bank asks the donor to confirm it: pass `clientSecret` to Stripe.js confirmCardPayment.",
    )
    SUCCEEDED = strawberry.enum_value(
        AuthenticationState.SUCCEEDED.value, description="Paid already: nothing more to do; it is not charged again."
    )
    FAILED = strawberry.enum_value(
        AuthenticationState.FAILED.value,
        description="The bank did not confirm it: nothing was charged, and this link cannot be used again.",
    )
    NOT_NEEDED = strawberry.enum_value(
        AuthenticationState.NOT_NEEDED.value, description="Nothing is needed from the donor for this charge."
    )


def payment_status(value: str) -> PaymentStatusEnum:
    """The API's view of a Stripe PaymentIntent status."""
    if value == "succeeded":
        return PaymentStatusEnum.SUCCEEDED
    if value in {"requires_action", "requires_source_action"}:
        return PaymentStatusEnum.REQUIRES_ACTION
    return PaymentStatusEnum.PROCESSING


# ---------------------------------------------------------------------------------------------------------
# Public: funds, campaigns, donation options
# ---------------------------------------------------------------------------------------------------------


@strawberry_django.type(Fund, name="Fund", description="What a gift can be designated to.")
class FundType(relay.Node):
    name: str = strawberry_django.field(description="The fund's name, e.g. General fund.")
    code: str = strawberry_django.field(description="A stable short code.")
    description: str = strawberry_django.field(description="What the fund pays for (plain text).")
    restricted: bool = strawberry_django.field(description="Whether its money may only be spent on its purpose.")

    @classmethod
    def get_queryset(cls, queryset: QuerySet[Fund], info: Info, **kwargs: Any) -> QuerySet[Fund]:
        return queryset.filter(active=True)


@strawberry_django.type(Campaign, name="Campaign", description="A fundraising campaign and its progress.")
class CampaignType(relay.Node):
    name: str = strawberry_django.field(description="The campaign's name.")
    slug: str = strawberry_django.field(description="A stable, URL-friendly identifier.")
    description: str = strawberry_django.field(description="What the campaign is for (plain text).")
    start_date: dt.date | None = strawberry_django.field(description="When it starts, if set.")
    end_date: dt.date | None = strawberry_django.field(description="When it ends, if set.")
    fund: FundType | None = strawberry_django.field(description="The fund its gifts go to by default.")

    # Goal and progress are compared in one currency, the organisation's (what `raised` adds up): a goal set in
    # another currency is converted at the exchange rate staff keep, and shown in its own currency while none is.
    @strawberry_django.field(
        annotate={"goal_in_base": lambda info: selectors.campaign_goal_in_base()},
        only=["goal_amount", "currency"],
        description="The amount it aims to raise.",
    )
    def goal(self, root: strawberry.Parent[Campaign]) -> Money:
        goal_in_base = root.goal_in_base  # type: ignore[attr-defined]
        if goal_in_base is None:
            return Money(amount=root.goal_amount, currency=root.currency)
        return Money(amount=quantize(Decimal(goal_in_base), base_currency()), currency=base_currency())

    @strawberry_django.field(
        annotate={"raised_total": lambda info: selectors.campaign_raised()},
        description="What it has raised so far (paid gifts, less refunds).",
    )
    def raised(self, root: strawberry.Parent[Campaign]) -> Money:
        return Money(amount=quantize(Decimal(root.raised_total), base_currency()), currency=base_currency())  # type: ignore[attr-defined]

    @strawberry_django.field(
        annotate={"donors": lambda info: selectors.campaign_donor_count()},
        description="How many different donors have given.",
    )
    def donor_count(self, root: strawberry.Parent[Campaign]) -> int:
        return int(root.donors)  # type: ignore[attr-defined]

    @strawberry_django.field(
        annotate={
            "raised_total": lambda info: selectors.campaign_raised(),
            "goal_in_base": lambda info: selectors.campaign_goal_in_base(),
        },
        description="Progress towards the goal in whole percent (may pass 100); null without a goal.",
    )
    def percent(self, root: strawberry.Parent[Campaign]) -> int | None:
        return selectors.progress_percent(raised=root.raised_total, goal=root.goal_in_base)  # type: ignore[attr-defined]

    @strawberry_django.field(
        only=["end_date"],
        description=(
            "Whole days from today (the organisation's date) to the end date: 0 on the last day; null without an "
            "end date or once it has ended (see `ended`)."
        ),
    )
    def days_left(self, root: strawberry.Parent[Campaign]) -> int | None:
        days = selectors.campaign_days_left(root)
        return days if days is not None and days >= 0 else None

    @strawberry_django.field(only=["end_date"], description="Whether its end date has passed.")
    def ended(self, root: strawberry.Parent[Campaign]) -> bool:
        days = selectors.campaign_days_left(root)
        return days is not None and days < 0

    @strawberry_django.field(
        prefetch_related=[lambda info: selectors.campaign_recent_supporters()],
        metadata=list_cost(selectors.CAMPAIGN_SUPPORTERS_SHOWN),
        description=(
            f"Its latest paid gifts, newest first (at most {selectors.CAMPAIGN_SUPPORTERS_SHOWN}), each with the "
            "donor's given name only when they asked for it to be shown."
        ),
    )
    def recent_supporters(self, root: strawberry.Parent[Campaign]) -> list["CampaignSupporterType"]:
        return [
            CampaignSupporterType(given_name=selectors.supporter_public_name(gift), gift_date=gift.gift_date)
            for gift in root.recent_supporter_gifts  # type: ignore[attr-defined]
        ]

    @classmethod
    def get_queryset(cls, queryset: QuerySet[Campaign], info: Info, **kwargs: Any) -> QuerySet[Campaign]:
        return queryset.filter(active=True)


@strawberry.type(name="CampaignSupporter", description="A gift on a campaign's public list of supporters.")
class CampaignSupporterType:
    given_name: str | None = strawberry.field(
        description="The donor's given name if they asked for it to be shown; null means show them as anonymous."
    )
    gift_date: dt.date = strawberry.field(description="The date of the gift.")


@strawberry.type(name="CurrencyOption", description="A currency one can give in online, with its bounds.")
class CurrencyOptionType:
    code: str = strawberry.field(description="The ISO 4217 code, e.g. THB.")
    decimals: int = strawberry.field(description="Digits after the decimal point (0 for JPY, KRW).")
    minimum: Money = strawberry.field(description="The smallest online gift.")
    maximum: Money = strawberry.field(description="The largest online gift (larger ones: contact us).")


@strawberry.type(name="DonationOptions", description="What the donate form offers.")
class DonationOptionsType:
    default_currency: str = strawberry.field(description="The organisation's currency, preselected.")
    currencies: list[CurrencyOptionType] = strawberry.field(description="Currencies one can give in.")
    preset_amounts: list[Money] = strawberry.field(description="Suggested amounts, in the default currency.")
    default_fund_id: relay.GlobalID | None = strawberry.field(
        description="The fund a gift goes to when the donor picks none (preselected); null before any fund is open."
    )
    stripe_publishable_key: str = strawberry.field(description="The key Stripe.js is loaded with.")
    stripe_account_country: str = strawberry.field(
        description="The Stripe account's two-letter country, which Apple Pay and Google Pay ask for."
    )
    payee_name: str = strawberry.field(description="Whom the gift is to: the name wallets show on their sheet.")


# ---------------------------------------------------------------------------------------------------------
# A member's own giving
# ---------------------------------------------------------------------------------------------------------


@strawberry_django.type(PaymentMethod, name="SavedCard", description="A card kept for recurring charges.")
class SavedCardType:
    brand: str = strawberry_django.field(description="The card brand, e.g. visa.")
    last4: str = strawberry_django.field(description="The last four digits.")
    exp_month: int | None = strawberry_django.field(description="Expiry month (1–12).")
    exp_year: int | None = strawberry_django.field(description="Expiry year.")


@strawberry.type(name="Receipt", description="The tax receipt of a gift.")
class ReceiptType:
    number: str = strawberry.field(description="The receipt number, e.g. 2026-000123.")
    download_url: str = strawberry.field(description="A signed link to the PDF; it expires.")


@strawberry_django.type(Gift, name="Gift", description="A gift or payment. Donors see only their own.")
class GiftType(relay.Node):
    gift_date: dt.date = strawberry_django.field(description="The date it was received.")
    status: GiftStatusEnum = strawberry_django.field(description="Where it stands.")
    purpose: GiftPurposeEnum = strawberry_django.field(description="A donation or a membership payment.")

    @strawberry_django.field(only=["tribute_type"], description="Whom it honours, if anyone.")
    def tribute_type(self, root: strawberry.Parent[Gift]) -> TributeKindEnum | None:
        return TributeKindEnum(root.tribute_type) if root.tribute_type else None  # no tribute is stored as ''

    tribute_name: str = strawberry_django.field(description="The person it honours or remembers (may be empty).")
    anonymous: bool = strawberry_django.field(description="Whether the donor is left out of public lists.")

    @strawberry_django.field(only=["amount", "currency"], description="The amount given.")
    def amount(self, root: strawberry.Parent[Gift]) -> Money:
        return Money(amount=root.amount, currency=root.currency)

    @strawberry_django.field(only=["amount_refunded", "currency"], description="How much of it was refunded.")
    def amount_refunded(self, root: strawberry.Parent[Gift]) -> Money:
        return Money(amount=root.amount_refunded, currency=root.currency)

    @strawberry_django.field(
        only=["amount", "amount_refunded", "benefit_value", "currency"],
        description="The tax-deductible part: the amount kept less the value of any benefit received.",
    )
    def deductible_amount(self, root: strawberry.Parent[Gift]) -> Money:
        return Money(amount=root.deductible_amount, currency=root.currency)

    @strawberry_django.field(select_related=["fund"], only=["fund__name"], description="The fund it went to.")
    def fund_name(self, root: strawberry.Parent[Gift]) -> str:
        return root.fund.name

    @strawberry_django.field(
        select_related=["campaign"], only=["campaign__name"], description="The campaign it counted towards, if any."
    )
    def campaign_name(self, root: strawberry.Parent[Gift]) -> str | None:
        return root.campaign.name if root.campaign is not None else None

    @strawberry_django.field(
        only=["recurring_gift_id"], description="Whether it is an installment of a recurring gift."
    )
    def is_recurring(self, root: strawberry.Parent[Gift]) -> bool:
        return root.recurring_gift_id is not None

    @strawberry_django.field(
        select_related=["receipt"],
        only=["constituent_id", "receipt__number", "receipt__year", "receipt__voided_at"],
        description="Its tax receipt (with a download link) once issued; only for the donor.",
    )
    def receipt(self, root: strawberry.Parent[Gift], info: Info) -> ReceiptType | None:
        viewer = permissions.viewer_constituent(info)
        receipt = getattr(root, "receipt", None)
        if receipt is None or receipt.voided_at is not None or viewer is None or viewer.pk != root.constituent_id:
            return None
        return ReceiptType(number=receipt.display_number, download_url=receipts.receipt_download_url(receipt))

    @classmethod
    def get_queryset(cls, queryset: QuerySet[Gift], info: Info, **kwargs: Any) -> QuerySet[Gift]:
        return api_selectors.gifts_visible_to(user=permissions.viewer_user(info), queryset=queryset)


@strawberry_django.type(RecurringGift, name="RecurringGift", description="A monthly or annual gift.")
class RecurringGiftType(relay.Node):
    frequency: RecurringFrequencyEnum = strawberry_django.field(description="How often it is charged.")
    status: RecurringGiftStatusEnum = strawberry_django.field(description="Where it stands.")
    next_charge_date: dt.date | None = strawberry_django.field(description="When it is next charged.")
    paused_until: dt.date | None = strawberry_django.field(description="Paused until this date, if set.")
    failed_payment_count: int = strawberry_django.field(description="Failed charges since the last success.")
    cancelled_at: dt.datetime | None = strawberry_django.field(description="When it was cancelled, if it was.")
    payment_method: SavedCardType | None = strawberry_django.field(description="The card it is charged to.")

    @strawberry_django.field(only=["amount", "currency"], description="The amount of each charge.")
    def amount(self, root: strawberry.Parent[RecurringGift]) -> Money:
        return Money(amount=root.amount, currency=root.currency)

    @strawberry_django.field(select_related=["fund"], only=["fund__name"], description="The fund it goes to.")
    def fund_name(self, root: strawberry.Parent[RecurringGift]) -> str:
        return root.fund.name

    @strawberry_django.field(only=["membership_id"], description="Whether it is a membership's automatic renewal.")
    def is_membership_renewal(self, root: strawberry.Parent[RecurringGift]) -> bool:
        return root.membership_id is not None

    @classmethod
    def get_queryset(cls, queryset: QuerySet[RecurringGift], info: Info, **kwargs: Any) -> QuerySet[RecurringGift]:
        return api_selectors.recurring_gifts_visible_to(user=permissions.viewer_user(info), queryset=queryset)


@strawberry.type(name="Statement", description="A year-end giving statement.")
class StatementType:
    year: int = strawberry.field(description="The tax year it covers.")
    download_url: str = strawberry.field(description="A signed link to the PDF; it expires.")


@strawberry.type(name="Giving", description="A donor's giving at a glance.")
class GivingType:
    lifetime_total: Money = strawberry.field(description="Everything given, less refunds.")
    gift_count: int = strawberry.field(description="How many gifts.")
    first_gift_date: dt.date | None = strawberry.field(description="The date of the first gift.")
    last_gift_date: dt.date | None = strawberry.field(description="The date of the latest gift.")
    this_year_total: Money = strawberry.field(description="Given in this fiscal year.")
    statements: list[StatementType] = strawberry.field(description="Year-end statements, newest first.")


# ---------------------------------------------------------------------------------------------------------
# Mutation results
# ---------------------------------------------------------------------------------------------------------


@strawberry.type(name="PaymentStarted", description="The outcome of starting a payment.")
class PaymentStartedType:
    status: PaymentStatusEnum = strawberry.field(description="Paid, processing, or waiting for authentication.")
    client_secret: str | None = strawberry.field(
        description="For REQUIRES_ACTION: pass it to Stripe.js (handleCardAction / confirmCardPayment)."
    )
    gift: GiftType = strawberry.field(description="The gift (or membership payment) this payment records.")
    recurring_gift: RecurringGiftType | None = strawberry.field(description="The recurring gift it started, if any.")


@strawberry.type(name="CardSetup", description="A SetupIntent for the browser to confirm with the new card.")
class CardSetupType:
    setup_intent_id: str = strawberry.field(description="The SetupIntent's id (send it to finishCardUpdate).")
    client_secret: str = strawberry.field(description="For Stripe.js confirmCardSetup.")


# ---------------------------------------------------------------------------------------------------------
# A recurring charge reached by its emailed 3-D Secure link
# ---------------------------------------------------------------------------------------------------------


@strawberry.type(
    name="ChargeAuthentication",
    description=(
        "A recurring charge as its emailed 3-D Secure link shows it. The link's token is the only credential, so "
        "this holds only what the page needs."
    ),
)
class ChargeAuthenticationType:
    state: ChargeAuthenticationStateEnum = strawberry.field(description="Whether the donor has something to do.")
    amount: Money = strawberry.field(description="The amount of the charge.")
    description: str = strawberry.field(description="What it pays for, e.g. Monthly gift to General fund.")
    card_brand: str | None = strawberry.field(description="The brand of the card charged, e.g. visa.")
    card_last4: str | None = strawberry.field(description="The last four digits of the card charged.")
    client_secret: str | None = strawberry.field(
        description="Only while REQUIRES_ACTION: for Stripe.js confirmCardPayment."
    )

    @classmethod
    def from_service(cls, read: ChargeAuthentication) -> "ChargeAuthenticationType":
        return cls(
            state=ChargeAuthenticationStateEnum(read.state.value),
            amount=Money(amount=read.amount, currency=read.currency),
            description=read.description,
            card_brand=read.card_brand or None,
            card_last4=read.card_last4 or None,
            client_secret=read.client_secret or None,
        )


# ---------------------------------------------------------------------------------------------------------
# A recurring gift reached by its emailed manage link (or just started in this browser)
# ---------------------------------------------------------------------------------------------------------


@strawberry.type(
    name="ManagedGift",
    description=(
        "A recurring gift as the page its emailed manage link opens shows it. The link's token is the only "
        "credential, so this holds only what that page needs (no name, no address but the donor's own for signing up)."
    ),
)
class ManagedGiftType:
    amount: Money = strawberry.field(description="The amount of each charge.")
    frequency: RecurringFrequencyEnum = strawberry.field(description="How often it is charged.")
    status: RecurringGiftStatusEnum = strawberry.field(description="Where it stands.")
    fund_name: str = strawberry.field(description="The fund it goes to.")
    next_charge_date: dt.date | None = strawberry.field(description="When it is next charged (none once cancelled).")
    paused_until: dt.date | None = strawberry.field(description="While paused: the day it resumes by itself.")
    card_brand: str | None = strawberry.field(description="The brand of the card it is charged to, e.g. visa.")
    card_last4: str | None = strawberry.field(description="The last four digits of that card.")
    minimum: Money = strawberry.field(description="The smallest amount it may be changed to.")
    maximum: Money = strawberry.field(description="The largest amount it may be changed to.")
    lower_amount: Money | None = strawberry.field(
        description="A smaller amount to offer before cancelling (null when there is none lower to offer)."
    )
    account_invitation_url: str | None = strawberry.field(
        description="The sign-up page with the donor's email filled in, when they have no account yet."
    )
    manage_url: str | None = strawberry.field(
        description="The manage page's own link: only on startedRecurringGift, for the browser that just gave."
    )

    @classmethod
    def from_service(cls, read: ManagedGift, *, manage_url: str = "") -> "ManagedGiftType":
        plan = read.recurring_gift
        method = plan.payment_method
        usable = method is not None and method.usable
        return cls(
            amount=Money(amount=plan.amount, currency=plan.currency),
            frequency=RecurringFrequencyEnum(plan.frequency),
            status=RecurringGiftStatusEnum(plan.status),
            fund_name=plan.fund.name,
            next_charge_date=plan.next_charge_date,
            paused_until=plan.paused_until,
            card_brand=method.brand if usable and method else None,
            card_last4=method.last4 if usable and method else None,
            minimum=Money(amount=quantize(read.minimum, plan.currency), currency=plan.currency),
            maximum=Money(amount=quantize(read.maximum, plan.currency), currency=plan.currency),
            lower_amount=Money(amount=read.lower_amount, currency=plan.currency) if read.lower_amount else None,
            account_invitation_url=read.account_invitation_url or None,
            manage_url=manage_url or None,
        )


def money(amount: Decimal, currency: str) -> Money:
    return Money(amount=amount, currency=currency)


@strawberry.type(
    name="MembershipPurchaseQuote",
    description="What paying for a level charges now and the term it buys, before paying (nothing is written).",
)
class MembershipPurchaseQuoteType:
    amount: Money = strawberry.field(description="What will be charged now: the level's price.")
    start_date: dt.date = strawberry.field(description="The first day of the term the payment adds.")
    end_date: dt.date | None = strawberry.field(
        description="The day the membership then runs until; null for a lifetime level (no end)."
    )


@strawberry.type(name="JoinChecked", description="The join form's fields are fine; nothing was written or charged.")
class JoinCheckedType:
    ok: bool = strawberry.field(description="Always true (problems come back as OperationInfo).")
