"""Mutations of the donations domain: giving once or regularly, paying for a membership, a donor managing
their recurring gifts and automatic renewal, and completing a recurring charge's 3-D Secure from its emailed link.

Each returns `<Mutation>Payload`: the success type, or `OperationInfo` with typed messages (field, code,
message). Amounts of memberships are never taken from the client. The browser sends a Stripe payment-method
id from Stripe.js (card data never reaches us) and a `requestKey` it makes once per attempt: sending the same
request again after a network failure returns the first outcome instead of charging twice.
"""

import datetime as dt
from decimal import Decimal
from enum import Enum
from typing import Annotated, TypeVar

import strawberry
import strawberry_django
from django.contrib.auth import login
from django.db import models
from django.utils import timezone
from strawberry import Info, relay

from steward.core.client_address import client_address
from steward.core.errors import field_error
from steward.donations import authentication, gifts, manage_links, online, payments, purchases, recurring
from steward.donations.models import Campaign, Fund, RecurringGift
from steward.graphql import permissions
from steward.graphql.common import choice_value, pk_from_global_id, viewer_constituent_required
from steward.graphql.donations.types import (
    CardSetupType,
    ChargeAuthenticationType,
    JoinCheckedType,
    ManagedGiftType,
    PaymentStartedType,
    RecurringGiftType,
    TributeKindEnum,
    payment_status,
)
from steward.graphql.members.types import MembershipType
from steward.members import accounts
from steward.members.models import Constituent, Membership, MembershipLevel
from steward.members.sign_in_web import device_cookie_remember

ModelT = TypeVar("ModelT", bound=models.Model)


@strawberry.input(description="Who is giving, when not signed in (the receipt goes to this address).")
class DonorInput:
    email: str = strawberry.field(description="Email address for the receipt.")
    given_name: str = strawberry.field(description="Given (first) name.")
    family_name: str = strawberry.field(default="", description="Family name.")


@strawberry.input(description="A gift in honour or in memory of someone, and whom to tell.")
class TributeInput:
    kind: TributeKindEnum = strawberry.field(description="In honour of, or in memory of.")
    name: str = strawberry.field(description="The person honoured or remembered.")
    notify_name: str = strawberry.field(default="", description="Someone to tell about the gift (no amount shown).")
    notify_email: str = strawberry.field(default="", description="Their email address.")
    message: str = strawberry.field(default="", description="A message to pass on.")

    def values(self) -> dict[str, str]:
        return {
            "type": choice_value(self.kind),
            "name": self.name.strip(),
            "notify_name": self.notify_name.strip(),
            "notify_email": self.notify_email.strip(),
            "message": self.message.strip(),
        }


@strawberry.enum(name="DonationFrequency", description="Whether a gift is given once or repeats.")
class DonationFrequencyEnum(Enum):
    ONCE = strawberry.enum_value("once", description="One gift now.")
    MONTHLY = strawberry.enum_value("monthly", description="Now, then every month.")
    ANNUAL = strawberry.enum_value("annual", description="Now, then every year.")


@strawberry.input(description="A gift to start.")
class StartDonationInput:
    amount: Decimal = strawberry.field(description='The amount in major units, e.g. "50.00" (before covered fees).')
    currency: str = strawberry.field(description="ISO 4217 code; one of donationOptions.currencies.")
    payment_method_id: str = strawberry.field(
        description="The card from Stripe.js: a PaymentMethod id (pm_…) or a card token (tok_…)."
    )
    request_key: str = strawberry.field(description="A random key made once per attempt (e.g. a UUID).")
    frequency: DonationFrequencyEnum | None = strawberry.field(
        default=None, description="Once (the default), monthly or yearly."
    )
    fund_id: relay.GlobalID | None = strawberry.field(default=None, description="The fund; the default fund if null.")
    campaign_id: relay.GlobalID | None = strawberry.field(default=None, description="The campaign it counts for.")
    appeal_code: str | None = strawberry.field(
        default=None,
        description=(
            "The source code of the appeal that brought the donor (the donate link's `source`, e.g. from a "
            "campaign email): the gift, and each installment of a monthly or yearly one, is recorded under that "
            "appeal. An unknown or closed code (a stale link) is ignored: the gift goes ahead without an appeal."
        ),
    )
    cover_fees: bool = strawberry.field(default=False, description="Add coverFeesAmount so the fee is covered.")
    anonymous: bool = strawberry.field(default=False, description="Leave my name out of public lists.")
    show_name: bool = strawberry.field(
        default=False,
        description="Show my given name on the campaign page's supporters (ignored when `anonymous` is set).",
    )
    tribute: TributeInput | None = strawberry.field(default=None, description="In honour or memory of someone.")
    donor: DonorInput | None = strawberry.field(default=None, description="Required when not signed in.")


@strawberry.input(description="A membership to pay for: join, renew, change level, or give to someone.")
class StartMembershipPurchaseInput:
    level_id: relay.GlobalID = strawberry.field(description="The level; its price is what is charged.")
    payment_method_id: str = strawberry.field(
        description="The card from Stripe.js: a PaymentMethod id (pm_…) or a card token (tok_…)."
    )
    request_key: str = strawberry.field(description="A random key made once per attempt (e.g. a UUID).")
    membership_id: relay.GlobalID | None = strawberry.field(
        default=None, description="Your membership to renew (same level) or move to the new level; null to join."
    )
    renew_automatically: bool = strawberry.field(
        default=False, description="Keep the card and renew at the end of each term."
    )
    gift_for: DonorInput | None = strawberry.field(
        default=None, description="Give the membership to this person instead (a gift membership)."
    )


@strawberry.input(description="The account a visitor makes while joining (skipped when signed in).")
class JoinAccountInput:
    email: str = strawberry.field(description="The email address to sign in with (confirmed later, by a link).")
    password: str = strawberry.field(description="The password (the site's password rules apply).")
    given_name: str = strawberry.field(description="Given (first) name.")
    family_name: str = strawberry.field(description="Family name.")


@strawberry.input(
    description="Joining: a level, and for a visitor the new account; the card comes with joinMembership."
)
class CheckJoinInput:
    level_id: relay.GlobalID = strawberry.field(description="The level; its price is what is charged.")
    renew_automatically: bool = strawberry.field(
        default=False, description="Keep the card and renew at the end of each term."
    )
    account: JoinAccountInput | None = strawberry.field(
        default=None, description="Required when not signed in; ignored when signed in."
    )


@strawberry.input(description="Joining in one go: a level, the card, and for a visitor the new account.")
class JoinMembershipInput(CheckJoinInput):
    payment_method_id: str = strawberry.field(
        description="The card from Stripe.js: a PaymentMethod id (pm_…) or a card token (tok_…)."
    )
    request_key: str = strawberry.field(description="A random key made once per attempt (e.g. a UUID).")


@strawberry.input(description="Changes to one of your recurring gifts (future charges only).")
class UpdateRecurringGiftInput:
    id: relay.GlobalID = strawberry.field(description="The recurring gift.")
    amount: Decimal | None = strawberry.field(default=None, description="The new amount of each charge.")
    next_charge_date: dt.date | None = strawberry.field(
        default=None, description="Move the next charge (and the day of later ones) to this date, after today."
    )


def _get(model: type[ModelT], global_id: relay.GlobalID | None, field: str, **filters: object) -> ModelT | None:
    """The row a global id names (matching `filters`), None for a null id, or a not_found field error."""
    if global_id is None:
        return None
    pk = pk_from_global_id(
        global_id, type_name=model.__name__, field=field, code="not_found", message="That is not a {type_name} id."
    )
    found = model._default_manager.filter(pk=pk, **filters).first()  # type: ignore[attr-defined]
    if found is None:
        raise field_error(field, f"No such {model._meta.verbose_name}.", code="not_found")
    return found


def _own_recurring_gift(info: Info, global_id: relay.GlobalID) -> RecurringGift:
    found = _get(RecurringGift, global_id, "id", constituent=viewer_constituent_required(info))
    if found is None:
        raise field_error("id", "No such recurring gift.", code="not_found")
    return found


def _started(outcome: online.PaymentStarted) -> PaymentStartedType:
    return PaymentStartedType(
        status=payment_status(outcome.status),
        client_secret=outcome.client_secret or None,
        gift=outcome.gift,  # type: ignore[arg-type]
        recurring_gift=outcome.recurring_gift,  # type: ignore[arg-type]
    )


def _card(payment_method_id: str) -> str:
    return payments.payment_method_from_input(payment_method_id=payment_method_id)


MANAGE_LINK_ARGUMENT = "The last part of the emailed manage link's path."
MANAGE_LINK_ERRORS = (
    "Errors on `token` (nothing is changed): link_invalid, link_expired (links last two years), link_revoked (the "
    "gift was cancelled); throttled after too many links that did not work from one address."
)


def _address(info: Info) -> str | None:
    return client_address(info.context.request)


def _donor(info: Info, donor: DonorInput | None) -> Constituent:
    constituent = permissions.viewer_constituent(info)
    if constituent is not None:
        return constituent
    if donor is None:
        raise field_error("donor", "Tell us your name and email address for the receipt.", code="required")
    return gifts.donor_find_or_create(email=donor.email, given_name=donor.given_name, family_name=donor.family_name)


AUTH_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _join_level(input: CheckJoinInput) -> MembershipLevel:
    level = _get(MembershipLevel, input.level_id, "levelId", active=True, joinable_online=True)
    if level is None:
        raise field_error("levelId", "Choose a membership level.", code="required")
    return level


def _join_account(info: Info, input: CheckJoinInput) -> JoinAccountInput:
    """The account part of a join, required from a visitor; a signed-in account without a member record cannot
    join here (staff accounts)."""
    if permissions.viewer_user(info).is_authenticated:
        raise field_error("account", "This account has no member record: sign out to join.", code="not_member")
    if input.account is None:
        raise field_error("account", "Enter your name, email address and a password.", code="required")
    return input.account


@strawberry.type
class DonationsMutation:
    @strawberry_django.mutation(
        handle_django_errors=True,
        description=(
            "Give once, monthly or yearly by card. Signed in, the gift is yours; signed out, `donor` says who gives. "
            "Errors: field errors (amount, currency, fund…), card_declined, rate_limited (too many attempts: no "
            "charge was tried), unavailable (try again with the same requestKey)."
        ),
    )
    def start_donation(
        self,
        info: Info,
        input: Annotated[StartDonationInput, strawberry.argument(description="The gift.")],
    ) -> PaymentStartedType:
        # Counted and checked first: a start refused by the card-testing limits makes no donor record and asks
        # Stripe nothing (not even to turn a card token into a PaymentMethod).
        start = payments.card_testing_start(client_ip=client_address(info.context.request))
        fund = _get(Fund, input.fund_id, "fundId", active=True) or gifts.default_fund()
        campaign = _get(Campaign, input.campaign_id, "campaignId", active=True)
        donor = _donor(info, input.donor)
        outcome = online.donation_start(
            frequency=str(input.frequency.value) if input.frequency else "once",
            constituent=donor,
            amount=input.amount,
            currency=input.currency,
            fund=fund,
            campaign=campaign,
            appeal_code=input.appeal_code,
            payment_method_id=_card(input.payment_method_id),
            client_ip=start.client_ip,
            cover_fees=input.cover_fees,
            anonymous=input.anonymous,
            name_shown=input.show_name,
            tribute=input.tribute.values() if input.tribute else None,
            request_key=input.request_key,
            counted_start=start,
        )
        if outcome.recurring_gift is not None:
            # The thank-you page shows this browser the gift it started, with its manage link, for a while.
            info.context.request.session[manage_links.STARTED_GIFT_SESSION_KEY] = {
                "id": outcome.recurring_gift.pk,
                "at": timezone.now().isoformat(),
            }
        return _started(outcome)

    @strawberry_django.mutation(
        extensions=[permissions.IsMember()],
        handle_django_errors=True,
        description=(
            "Pay for a membership by card: join, renew yours (same level), move it to another level (a full "
            "term of the new level from today), or give one (`giftFor`). The price is the level's. The "
            "membership or its new term appears when the payment succeeds."
        ),
    )
    def start_membership_purchase(
        self,
        info: Info,
        input: Annotated[StartMembershipPurchaseInput, strawberry.argument(description="The purchase.")],
    ) -> PaymentStartedType:
        # Counted and checked first, before a gift membership's recipient is recorded or Stripe is asked anything.
        start = payments.card_testing_start(client_ip=client_address(info.context.request))
        payer = viewer_constituent_required(info)
        level = _get(MembershipLevel, input.level_id, "levelId", active=True, joinable_online=True)
        membership = _get(Membership, input.membership_id, "membershipId", constituent=payer)
        beneficiary = None
        if (gift_for := input.gift_for) is not None:
            beneficiary = purchases.membership_gift_recipient(
                payer=payer, email=gift_for.email, given_name=gift_for.given_name, family_name=gift_for.family_name
            )
        outcome = online.membership_purchase_start(
            payer=payer,
            level=level,  # type: ignore[arg-type]
            membership=membership,
            beneficiary=beneficiary,
            renew_automatically=input.renew_automatically,
            payment_method_id=_card(input.payment_method_id),
            client_ip=start.client_ip,
            request_key=input.request_key,
            counted_start=start,
        )
        return _started(outcome)

    @strawberry_django.mutation(
        handle_django_errors=True,
        description=(
            "Check the join form before the card is read: the level, and a visitor's names, email and password "
            "(the password rules). Writes, counts and charges nothing, and does not say whether the email has an "
            "account (joinMembership does, code `account_exists`)."
        ),
    )
    def check_join(
        self, info: Info, input: Annotated[CheckJoinInput, strawberry.argument(description="The join form.")]
    ) -> JoinCheckedType:
        level = _join_level(input)
        purchases.membership_level_check(level=level, renew_automatically=input.renew_automatically)
        if permissions.viewer_constituent(info) is None:
            account = _join_account(info, input)
            accounts.account_sign_up_check(
                email=account.email,
                password=account.password,
                given_name=account.given_name,
                family_name=account.family_name,
            )
        return JoinCheckedType(ok=True)

    @strawberry_django.mutation(
        handle_django_errors=True,
        description=(
            "Join in one go: pay for a new membership by card and, for a visitor, create the account and sign it "
            "in (a session cookie) before the card is charged; the email is confirmed later by the link in the "
            "welcome email. Every field is checked before Stripe is asked anything; a refused purchase creates no "
            "account. An email that already has an account signs no one in and charges nothing: code "
            "`account_exists` on `email` (that address is emailed how to sign in). A declined card after "
            "the account was made leaves the visitor signed in: ask the viewer again and pay as a member. "
            "Errors as startMembershipPurchase, and `throttled`."
        ),
    )
    def join_membership(
        self,
        info: Info,
        input: Annotated[JoinMembershipInput, strawberry.argument(description="The level, card and account.")],
    ) -> PaymentStartedType:
        request = info.context.request
        start = payments.card_testing_start(client_ip=client_address(request))
        level = _join_level(input)
        payer = permissions.viewer_constituent(info)
        if payer is None:
            account = _join_account(info, input)

            def purchase_check(constituent: Constituent) -> None:
                purchases.membership_purchase_check(
                    payer=constituent,
                    level=level,
                    membership=None,
                    beneficiary=None,
                    renew_automatically=input.renew_automatically,
                    payment_method_id=input.payment_method_id,
                )

            user = accounts.account_join(
                email=account.email,
                password=account.password,
                given_name=account.given_name,
                family_name=account.family_name,
                check=purchase_check,
                ip_address=start.client_ip,
            )
            login(request, user, backend=AUTH_BACKEND)
            device_cookie_remember(request, user=user)
            permissions.viewer_forget(info)
            payer = viewer_constituent_required(info)
        outcome = online.membership_purchase_start(
            payer=payer,
            level=level,
            renew_automatically=input.renew_automatically,
            payment_method_id=_card(input.payment_method_id),
            client_ip=start.client_ip,
            request_key=input.request_key,
            counted_start=start,
        )
        return _started(outcome)

    @strawberry_django.mutation(
        extensions=[permissions.IsMember()],
        handle_django_errors=True,
        description="Change the amount or the next charge date of one of your recurring gifts.",
    )
    def update_recurring_gift(
        self,
        info: Info,
        input: Annotated[UpdateRecurringGiftInput, strawberry.argument(description="The changes.")],
    ) -> RecurringGiftType:
        plan = _own_recurring_gift(info, input.id)
        if plan.membership_id and input.amount is not None:
            raise field_error("amount", "A membership renews at its level's price.", code="membership_price")
        return recurring.recurring_gift_update(  # type: ignore[return-value]
            recurring_gift=plan, amount=input.amount, next_charge_date=input.next_charge_date
        )

    @strawberry_django.mutation(
        extensions=[permissions.IsMember()],
        handle_django_errors=True,
        description="Pause one of your recurring gifts, until a date or until you resume it.",
    )
    def pause_recurring_gift(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, strawberry.argument(description="The recurring gift.")],
        until: Annotated[dt.date | None, strawberry.argument(description="Resume on this date by itself.")] = None,
    ) -> RecurringGiftType:
        return recurring.recurring_gift_pause(recurring_gift=_own_recurring_gift(info, id), until=until)  # type: ignore[return-value]

    @strawberry_django.mutation(
        extensions=[permissions.IsMember()],
        handle_django_errors=True,
        description="Resume a paused recurring gift (dates missed while paused are not charged).",
    )
    def resume_recurring_gift(
        self, info: Info, id: Annotated[relay.GlobalID, strawberry.argument(description="The recurring gift.")]
    ) -> RecurringGiftType:
        return recurring.recurring_gift_resume(recurring_gift=_own_recurring_gift(info, id))  # type: ignore[return-value]

    @strawberry_django.mutation(
        extensions=[permissions.IsMember()],
        handle_django_errors=True,
        description="Skip the next charge of one of your recurring gifts.",
    )
    def skip_recurring_gift(
        self, info: Info, id: Annotated[relay.GlobalID, strawberry.argument(description="The recurring gift.")]
    ) -> RecurringGiftType:
        return recurring.recurring_gift_skip_next(recurring_gift=_own_recurring_gift(info, id))  # type: ignore[return-value]

    @strawberry_django.mutation(
        extensions=[permissions.IsMember()],
        handle_django_errors=True,
        description="Cancel one of your recurring gifts (a membership it renewed stops renewing itself).",
    )
    def cancel_recurring_gift(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, strawberry.argument(description="The recurring gift.")],
        reason: Annotated[str, strawberry.argument(description="Why, if you want to tell us.")] = "",
    ) -> RecurringGiftType:
        return recurring.recurring_gift_cancel(recurring_gift=_own_recurring_gift(info, id), reason=reason[:255])  # type: ignore[return-value]

    @strawberry_django.mutation(
        extensions=[permissions.IsMember()],
        handle_django_errors=True,
        description="Start changing the card of a recurring gift: confirm the returned SetupIntent with Stripe.js.",
    )
    def start_card_update(
        self, info: Info, id: Annotated[relay.GlobalID, strawberry.argument(description="The recurring gift.")]
    ) -> CardSetupType:
        plan = _own_recurring_gift(info, id)
        payments.card_testing_start(client_ip=client_address(info.context.request))  # a new card, as above
        intent = recurring.card_update_start(recurring_gift=plan)
        return CardSetupType(setup_intent_id=intent.id, client_secret=intent.client_secret)

    @strawberry_django.mutation(
        extensions=[permissions.IsMember()],
        handle_django_errors=True,
        description="Finish changing the card once Stripe.js confirmed the SetupIntent (the webhook does it too).",
    )
    def finish_card_update(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, strawberry.argument(description="The recurring gift.")],
        setup_intent_id: Annotated[str, strawberry.argument(description="From startCardUpdate.")],
    ) -> RecurringGiftType:
        plan = _own_recurring_gift(info, id)
        return recurring.card_update_finish(recurring_gift=plan, setup_intent_id=setup_intent_id)  # type: ignore[return-value]

    @strawberry_django.mutation(
        extensions=[permissions.IsMember()],
        handle_django_errors=True,
        description=(
            "Turn automatic renewal of your membership on (with a new card, or your saved card) or off (the "
            "paid term runs on)."
        ),
    )
    def set_membership_auto_renew(
        self,
        info: Info,
        membership_id: Annotated[relay.GlobalID, strawberry.argument(description="Your membership.")],
        auto_renew: Annotated[bool, strawberry.argument(description="On or off.")],
        payment_method_id: Annotated[
            str | None,
            strawberry.argument(description="A new card from Stripe.js (pm_… or tok_…); else the saved card."),
        ] = None,
    ) -> MembershipType:
        membership = _get(Membership, membership_id, "membershipId", constituent=viewer_constituent_required(info))
        if auto_renew and payment_method_id:
            # A new card is a card-testing target like any payment: counted first, before any call to Stripe.
            payments.card_testing_start(client_ip=client_address(info.context.request))
        return purchases.membership_auto_renew_set(  # type: ignore[return-value]
            membership=membership,  # type: ignore[arg-type]
            auto_renew=auto_renew,
            payment_method_id=_card(payment_method_id or ""),
        )

    @strawberry_django.mutation(
        handle_django_errors=True,
        description=(
            "After Stripe.js confirmed a recurring charge (confirmCardPayment with chargeAuthentication's "
            "clientSecret): ask Stripe and, if it succeeded, record the payment once (the webhook may have done so "
            "already; completing twice changes nothing). Returns the state as it now is. Errors on `token`: "
            "link_invalid, link_expired; unavailable when Stripe does not answer."
        ),
    )
    def charge_authentication_complete(
        self,
        token: Annotated[str, strawberry.argument(description="The last part of the emailed link's path.")],
    ) -> ChargeAuthenticationType:
        return ChargeAuthenticationType.from_service(authentication.charge_authentication_complete(token=token))

    # -----------------------------------------------------------------------------------------------------
    # A recurring gift managed from its emailed link: the token is the credential (no session needed)
    # -----------------------------------------------------------------------------------------------------

    @strawberry_django.mutation(
        handle_django_errors=True,
        description=(
            "Change the amount of the recurring gift a manage link names (within donationOptions' minimum and "
            f"maximum). {MANAGE_LINK_ERRORS} Field errors on `amount`: too_small, too_large, invalid."
        ),
    )
    def update_managed_gift(
        self,
        info: Info,
        token: Annotated[str, strawberry.argument(description=MANAGE_LINK_ARGUMENT)],
        amount: Annotated[Decimal, strawberry.argument(description="The new amount of each charge.")],
    ) -> ManagedGiftType:
        return ManagedGiftType.from_service(
            manage_links.managed_gift_amount_change(token=token, amount=amount, ip_address=_address(info))
        )

    @strawberry_django.mutation(
        handle_django_errors=True,
        description=(
            "Pause the recurring gift a manage link names for 1, 2 or 3 months: nothing is charged until "
            f"`pausedUntil`, when it resumes by itself. {MANAGE_LINK_ERRORS} `months` other than 1–3: invalid_choice."
        ),
    )
    def pause_managed_gift(
        self,
        info: Info,
        token: Annotated[str, strawberry.argument(description=MANAGE_LINK_ARGUMENT)],
        months: Annotated[int, strawberry.argument(description="1, 2 or 3.")],
    ) -> ManagedGiftType:
        return ManagedGiftType.from_service(
            manage_links.managed_gift_pause(token=token, months=months, ip_address=_address(info))
        )

    @strawberry_django.mutation(
        handle_django_errors=True,
        description=(
            "Resume the paused recurring gift a manage link names, now (dates missed while paused are not "
            f"charged). {MANAGE_LINK_ERRORS}"
        ),
    )
    def resume_managed_gift(
        self, info: Info, token: Annotated[str, strawberry.argument(description=MANAGE_LINK_ARGUMENT)]
    ) -> ManagedGiftType:
        return ManagedGiftType.from_service(manage_links.managed_gift_resume(token=token, ip_address=_address(info)))

    @strawberry_django.mutation(
        handle_django_errors=True,
        description=(
            "Cancel the recurring gift a manage link names: no more charges, and its manage links stop working "
            f"(link_revoked). {MANAGE_LINK_ERRORS}"
        ),
    )
    def cancel_managed_gift(
        self,
        info: Info,
        token: Annotated[str, strawberry.argument(description=MANAGE_LINK_ARGUMENT)],
        reason: Annotated[str, strawberry.argument(description="Why, if the donor wants to tell us.")] = "",
    ) -> ManagedGiftType:
        return ManagedGiftType.from_service(
            manage_links.managed_gift_cancel(token=token, reason=reason, ip_address=_address(info))
        )

    @strawberry_django.mutation(
        handle_django_errors=True,
        description=(
            "Start changing the card of the recurring gift a manage link names: confirm the returned SetupIntent "
            f"with Stripe.js, then call finishManagedCardUpdate. {MANAGE_LINK_ERRORS}"
        ),
    )
    def start_managed_card_update(
        self, info: Info, token: Annotated[str, strawberry.argument(description=MANAGE_LINK_ARGUMENT)]
    ) -> CardSetupType:
        intent = manage_links.managed_card_update_start(token=token, client_ip=_address(info))
        return CardSetupType(setup_intent_id=intent.id, client_secret=intent.client_secret)

    @strawberry_django.mutation(
        handle_django_errors=True,
        description=(
            "Finish changing the card once Stripe.js confirmed the SetupIntent of startManagedCardUpdate (the "
            f"webhook does it too). {MANAGE_LINK_ERRORS}"
        ),
    )
    def finish_managed_card_update(
        self,
        info: Info,
        token: Annotated[str, strawberry.argument(description=MANAGE_LINK_ARGUMENT)],
        setup_intent_id: Annotated[str, strawberry.argument(description="From startManagedCardUpdate.")],
    ) -> ManagedGiftType:
        return ManagedGiftType.from_service(
            manage_links.managed_card_update_finish(
                token=token, setup_intent_id=setup_intent_id, ip_address=_address(info)
            )
        )
