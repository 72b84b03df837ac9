"""Queries of the donations domain: funds, campaigns and the donate form's options (public), a donor's own
gifts, recurring gifts and giving summary (signed in), and a recurring charge by its emailed 3-D Secure link
(the link's token is the credential)."""

import datetime as dt
from decimal import Decimal
from typing import Annotated

import strawberry
import strawberry_django
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from strawberry import Info, relay
from strawberry_django.relay import DjangoListConnection

from steward.core.client_address import client_address
from steward.donations import authentication, gifts, manage_links, payments, purchases, receipts, selectors
from steward.donations.models import Campaign, Gift
from steward.donations.money import base_currency, exponent
from steward.graphql import permissions
from steward.graphql.common import Money, pk_from_global_id
from steward.graphql.donations import selectors as api_selectors
from steward.graphql.donations.types import (
    CampaignType,
    ChargeAuthenticationType,
    CurrencyOptionType,
    DonationOptionsType,
    FundType,
    GiftType,
    GivingType,
    ManagedGiftType,
    MembershipPurchaseQuoteType,
    RecurringGiftType,
    StatementType,
)
from steward.graphql.errors import ApiError
from steward.members.models import Membership, MembershipLevel
from steward.site.models import OrganisationSettings


def _currency_option(code: str) -> CurrencyOptionType:
    return CurrencyOptionType(
        code=code,
        decimals=exponent(code),
        minimum=Money(amount=payments.minimum_amount(currency=code), currency=code),
        maximum=Money(amount=Decimal(settings.DONATION_MAX_AMOUNT), currency=code),
    )


def _preset_amounts() -> list[Decimal]:
    """The suggested amounts staff set in Wagtail (Settings → Organisation), else DONATION_PRESET_AMOUNTS."""
    try:
        chosen = OrganisationSettings.load().preset_amounts()
    except ValueError:
        chosen = []  # saved before validation existed: fall back rather than fail the donate form
    return chosen or [Decimal(value) for value in settings.DONATION_PRESET_AMOUNTS]


@strawberry.type
class DonationsQuery:
    @strawberry_django.field(description="The funds one can give to online, in display order.")
    def funds(self) -> list[FundType]:
        return selectors.funds_open()  # type: ignore[return-value]

    @strawberry_django.field(description="Open campaigns with their progress.")
    def campaigns(self) -> list[CampaignType]:
        return Campaign.objects.filter(active=True).order_by("-start_date", "name")  # type: ignore[return-value]

    @strawberry_django.field(description="One open campaign by its slug; null if there is none.")
    def campaign(
        self, slug: Annotated[str, strawberry.argument(description="The campaign's slug.")]
    ) -> CampaignType | None:
        return Campaign.objects.filter(slug=slug, active=True)  # type: ignore[return-value]

    @strawberry.field(description="What the donate form offers: currencies and their bounds, suggested amounts.")
    def donation_options(self) -> DonationOptionsType:
        default = base_currency()
        try:
            fund_id = relay.GlobalID("Fund", str(gifts.default_fund().pk))
        except ValidationError:
            fund_id = None  # no fund is open yet: giving says so when it is tried
        return DonationOptionsType(
            default_currency=default,
            currencies=[_currency_option(code) for code in settings.DONATION_CURRENCIES],
            preset_amounts=[Money(amount=value, currency=default) for value in _preset_amounts()],
            default_fund_id=fund_id,
            stripe_publishable_key=settings.STRIPE_PUBLISHABLE_KEY,
            stripe_account_country=settings.STRIPE_ACCOUNT_COUNTRY.upper(),
            payee_name=OrganisationSettings.load().name,
        )

    @strawberry.field(
        description=(
            "What to add to a gift so that, after the card fee, the organisation receives the whole amount "
            "(the 'cover the fees' option). The same sum startDonation adds."
        )
    )
    def cover_fees_amount(
        self,
        amount: Annotated[Decimal, strawberry.argument(description="The gift, e.g. 50.00.")],
        currency: Annotated[str, strawberry.argument(description="Its ISO 4217 currency.")],
    ) -> Money:
        try:
            value, code = payments.online_amount_clean(amount=amount, currency=currency)
        except ValidationError as error:
            raise ApiError(" ".join(error.messages)) from None
        return Money(amount=payments.fee_cover_amount(amount=value, currency=code), currency=code)

    # Built like a mutation (strawberry-django's `handle_django_errors`) for the same typed errors: the union
    # `ChargeAuthenticationPayload = ChargeAuthentication | OperationInfo`. It reads only.
    @strawberry_django.mutation(
        handle_django_errors=True,
        description=(
            "A recurring charge by the token of its emailed 3-D Secure link (no sign-in needed: the token is the "
            "credential): the amount, what it pays for, the card, and whether the donor must confirm it "
            "(`clientSecret` only then). Errors on `token`: link_invalid, link_expired (links last 14 days); "
            "unavailable when Stripe does not answer."
        ),
    )
    def charge_authentication(
        self,
        token: Annotated[str, strawberry.argument(description="The last part of the emailed link's path.")],
    ) -> ChargeAuthenticationType:
        return ChargeAuthenticationType.from_service(authentication.charge_authentication_read(token=token))

    @strawberry_django.mutation(
        handle_django_errors=True,
        description=(
            "The recurring gift an emailed manage link names (no sign-in needed: the token is the credential), for "
            "the page that changes, pauses or cancels it. Errors on `token`: link_invalid, link_expired (links last "
            "two years), link_revoked (the gift was cancelled); throttled after too many links that did not work "
            "from one address."
        ),
    )
    def managed_gift(
        self,
        info: Info,
        token: Annotated[str, strawberry.argument(description="The last part of the emailed manage link's path.")],
    ) -> ManagedGiftType:
        read = manage_links.managed_gift_read(token=token, ip_address=client_address(info.context.request))
        return ManagedGiftType.from_service(read)

    @strawberry.field(
        description=(
            "The monthly or yearly gift this browser started in the last hour (for the thank-you page), with its "
            "manage link; null otherwise."
        )
    )
    def started_recurring_gift(self, info: Info) -> ManagedGiftType | None:
        started = info.context.request.session.get(manage_links.STARTED_GIFT_SESSION_KEY)
        try:
            plan_id, started_at = int(started["id"]), dt.datetime.fromisoformat(started["at"])
        except (TypeError, KeyError, ValueError):
            return None
        read = manage_links.started_gift_read(recurring_gift_id=plan_id, started_at=started_at, now=timezone.now())
        if read is None:
            return None
        return ManagedGiftType.from_service(read, manage_url=manage_links.manage_link(read.recurring_gift))

    @strawberry_django.connection(
        DjangoListConnection[GiftType],
        extensions=[permissions.IsMember(fail_silently=False)],
        description="The signed-in donor's gifts and membership payments, newest first (paid, refunded, disputed).",
    )
    def my_gifts(self, info: Info) -> QuerySet[Gift]:
        constituent = permissions.viewer_constituent(info)
        return api_selectors.own_gifts(constituent=constituent) if constituent else Gift.objects.none()

    @strawberry_django.field(
        extensions=[permissions.IsMember(fail_silently=False)],
        description="The signed-in donor's recurring gifts (membership renewals too), live ones first.",
    )
    def my_recurring_gifts(self, info: Info) -> list[RecurringGiftType]:
        constituent = permissions.viewer_constituent(info)
        if constituent is None:
            return []
        return api_selectors.own_recurring_gifts(constituent=constituent)  # type: ignore[return-value]

    @strawberry.field(
        description="The signed-in donor's giving at a glance, with year-end statements; null if signed out."
    )
    def my_giving(self, info: Info) -> GivingType | None:
        constituent = permissions.viewer_constituent(info)
        if constituent is None:
            return None
        summary = api_selectors.giving_summary(constituent=constituent)
        currency = base_currency()
        return GivingType(
            lifetime_total=Money(amount=summary.lifetime_total if summary else Decimal(0), currency=currency),
            gift_count=summary.lifetime_count if summary else 0,
            first_gift_date=summary.first_gift_date if summary else None,
            last_gift_date=summary.last_gift_date if summary else None,
            this_year_total=Money(amount=summary.this_fy_total if summary else Decimal(0), currency=currency),
            statements=[
                StatementType(year=year, download_url=receipts.statement_download_url(constituent, year))
                for year in api_selectors.statement_years(constituent=constituent)
            ],
        )

    @strawberry.field(
        description=(
            "What paying for a level would charge now and until when the membership would then run, computed as "
            "the purchase does: joining or changing level starts a full term today, renewing follows the paid "
            "term. `membershipId` (one of yours: sign in) asks about renewing it or moving it to `levelId`. Null "
            "when the level cannot be bought online or the membership is not the viewer's (the purchase says why)."
        )
    )
    def membership_purchase_quote(
        self,
        info: Info,
        level_id: Annotated[relay.GlobalID, strawberry.argument(description="The level to pay for.")],
        membership_id: Annotated[
            relay.GlobalID | None, strawberry.argument(description="Your membership to renew or change.")
        ] = None,
    ) -> MembershipPurchaseQuoteType | None:
        constituent = permissions.viewer_constituent(info)
        try:
            level_pk = pk_from_global_id(level_id, type_name="MembershipLevel", field="levelId")
            level = MembershipLevel.objects.filter(pk=level_pk).first()
            membership = None
            if membership_id is not None:
                membership_pk = pk_from_global_id(membership_id, type_name="Membership", field="membershipId")
                if constituent is None:
                    return None
                membership = Membership.objects.filter(pk=membership_pk, constituent=constituent).first()
                if membership is None:
                    return None
            if level is None:
                return None
            quote = purchases.membership_purchase_quote(payer=constituent, level=level, membership=membership)
        except ValidationError:
            return None
        return MembershipPurchaseQuoteType(
            amount=Money(amount=quote.amount, currency=quote.currency),
            start_date=quote.start_date,
            end_date=quote.end_date,
        )
