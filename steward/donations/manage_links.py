"""Managing a recurring gift from its emailed link, without an account: the signed link, what the page it opens
reads, and what the donor may do there (change the amount or the card, pause for one to three months, resume,
cancel), and the email that brings the link when the gift starts.

The link's token is the only credential (the donor may have no account), so:
- it is signed (django.core.signing, MANAGE_LINK_SALT) and carries the plan's id and its `manage_link_version`;
  cancelling the gift raises the version (recurring.recurring_gift_cancel), which revokes every link sent;
- it is long-lived, since a monthly donor keeps the first email for years: MANAGE_LINK_MAX_AGE (two years), after
  which the page offers signing in or creating an account;
- every use is counted against the client address's limit on links that do not work, as the account links are
  (`accounts.link_checked`, ACCOUNT_LINK_MAX_FAILURES_PER_ADDRESS): a forged or stale token counts, a good one
  does not;
- a refused token changes nothing: the token is read before anything is written.

The actions are the portal's own services (recurring.recurring_gift_update / _pause / _resume / _cancel, the
SetupIntent card change): this module only finds the plan from the token and calls them.

In the donations layers (README, "Layers") it sits beside `authentication`: above online and recurring.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from typing import TypeVar

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.utils import dateformat
from django.utils.http import urlencode

from steward.core.dates import add_months, organisation_today
from steward.core.errors import field_error
from steward.core.links import frontend_url
from steward.core.message_templates import message_render
from steward.core.outbox import NotOwed
from steward.members import accounts

from . import messages, payments, recurring
from .models import RecurringGift
from .money import Money, quantize
from .stripe import client

MANAGE_LINK_SALT = "steward.donations.manage-gift"
MANAGE_LINK_MAX_AGE = dt.timedelta(days=730)
PAUSE_MONTHS = (1, 2, 3)

INVALID_LINK_MESSAGE = "This link is not valid. Copy the whole link from the email, or sign in to see your giving."
EXPIRED_LINK_MESSAGE = "This link has expired. Sign in, or create an account with the same email, to manage your gift."
REVOKED_LINK_MESSAGE = "This link no longer works: the gift it was for has been cancelled."

T = TypeVar("T")


# ---------------------------------------------------------------------------------------------------------
# The link
# ---------------------------------------------------------------------------------------------------------


def manage_token(recurring_gift: RecurringGift) -> str:
    """The signed token of the link to manage this gift (valid until MANAGE_LINK_MAX_AGE, or until cancelled)."""
    return signing.dumps({"g": recurring_gift.pk, "v": recurring_gift.manage_link_version}, salt=MANAGE_LINK_SALT)


def manage_link(recurring_gift: RecurringGift) -> str:
    """The absolute address of the frontend page where the donor manages this gift without signing in."""
    return frontend_url(f"/giving/manage/{manage_token(recurring_gift)}")


def _donor_address(recurring_gift: RecurringGift) -> str:
    return (
        recurring_gift.constituent.emails.order_by("-is_primary", "id").values_list("address", flat=True).first() or ""
    )


def account_invitation_link(recurring_gift: RecurringGift) -> str:
    """The sign-up page with the donor's address filled in, when they have no account (else empty): an account
    made and confirmed with that address holds the gift (accounts.account_email_verify links the record)."""
    if recurring_gift.constituent.user_id is not None:
        return ""
    address = _donor_address(recurring_gift)
    return frontend_url(f"/account/sign-up?{urlencode({'email': address})}") if address else ""


def _plan_from_token(token: str) -> RecurringGift:
    """The plan a manage link names; typed errors on `token`: link_invalid (forged, damaged, another kind of
    link, unknown plan), link_expired, link_revoked (cancelled since)."""
    try:
        payload = signing.loads(token or "", salt=MANAGE_LINK_SALT, max_age=MANAGE_LINK_MAX_AGE)
    except signing.SignatureExpired:
        raise field_error("token", EXPIRED_LINK_MESSAGE, code="link_expired") from None
    except (signing.BadSignature, ValueError, UnicodeDecodeError):
        raise field_error("token", INVALID_LINK_MESSAGE, code="link_invalid") from None
    plan_id = payload.get("g") if isinstance(payload, dict) else None
    version = payload.get("v") if isinstance(payload, dict) else None
    plan = (
        RecurringGift.objects.select_related("fund", "payment_method", "constituent")
        .filter(pk=plan_id, membership__isnull=True)
        .first()
        if isinstance(plan_id, int) and isinstance(version, int)
        else None
    )
    if plan is None:
        raise field_error("token", INVALID_LINK_MESSAGE, code="link_invalid")
    if plan.manage_link_version != version or plan.status == RecurringGift.Status.CANCELLED:
        raise field_error("token", REVOKED_LINK_MESSAGE, code="link_revoked")
    return plan


def _checked(ip_address: str | None, use: Callable[[], T]) -> T:
    """Use a link counted against the address's limit on links that do not work (a bad token counts)."""
    return accounts.link_checked(ip_address=ip_address, check=use)


# ---------------------------------------------------------------------------------------------------------
# What the page reads
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ManagedGift:
    """What the manage page shows about one plan: the plan, the bounds of a new amount, the lower amount offered
    before cancelling (None when there is none lower to offer), and the sign-up link when there is no account."""

    recurring_gift: RecurringGift
    minimum: Decimal
    maximum: Decimal
    lower_amount: Decimal | None
    account_invitation_url: str


def lower_amount_offer(*, amount: Decimal, currency: str) -> Decimal | None:
    """The smaller gift to offer a donor about to cancel: half the amount, rounded down to a multiple of 5 from 10
    up (to whole units below), never under the online minimum; None when that is not less than the amount."""
    half = (amount / 2).quantize(Decimal(1), rounding=ROUND_DOWN)
    if half >= 10:
        half -= half % 5
    offer = quantize(max(half, payments.minimum_amount(currency=currency)), currency)
    return offer if offer < amount else None


def _managed(plan: RecurringGift) -> ManagedGift:
    return ManagedGift(
        recurring_gift=plan,
        minimum=payments.minimum_amount(currency=plan.currency),
        maximum=Decimal(settings.DONATION_MAX_AMOUNT),
        lower_amount=lower_amount_offer(amount=plan.amount, currency=plan.currency),
        account_invitation_url=account_invitation_link(plan),
    )


def _fresh(plan: RecurringGift) -> ManagedGift:
    return _managed(RecurringGift.objects.select_related("fund", "payment_method", "constituent").get(pk=plan.pk))


def managed_gift_read(*, token: str, ip_address: str | None = None) -> ManagedGift:
    """The plan a manage link names, for its page (no writes besides the link-use count)."""
    return _checked(ip_address, lambda: _managed(_plan_from_token(token)))


# ---------------------------------------------------------------------------------------------------------
# What the donor may do with it (the portal's services, reached by the token)
# ---------------------------------------------------------------------------------------------------------


def managed_gift_amount_change(*, token: str, amount: Decimal | str, ip_address: str | None = None) -> ManagedGift:
    """A new amount for every later charge, within the online minimum and maximum (recurring_gift_update)."""

    def change() -> ManagedGift:
        plan = _plan_from_token(token)
        return _fresh(recurring.recurring_gift_update(recurring_gift=plan, amount=amount))

    return _checked(ip_address, change)


def pause_end(*, months: int, today: dt.date) -> dt.date:
    """The day a pause of `months` (1, 2 or 3) from `today` ends; a field error `months` otherwise."""
    if months not in PAUSE_MONTHS:
        raise field_error("months", "Pause for 1, 2 or 3 months.", code="invalid_choice")
    return add_months(today, months)


def managed_gift_pause(
    *, token: str, months: int, ip_address: str | None = None, today: dt.date | None = None
) -> ManagedGift:
    """Pause for 1, 2 or 3 months: nothing is charged until the day it ends, when the gift resumes by itself on
    its own schedule (the next charge: the first of its dates on or after that day)."""

    def pause() -> ManagedGift:
        plan = _plan_from_token(token)
        until = pause_end(months=months, today=today or organisation_today())
        return _fresh(recurring.recurring_gift_pause(recurring_gift=plan, until=until))

    return _checked(ip_address, pause)


def managed_gift_resume(*, token: str, ip_address: str | None = None, today: dt.date | None = None) -> ManagedGift:
    """Resume a paused gift now (recurring_gift_resume: dates missed while paused are not charged)."""

    def resume() -> ManagedGift:
        plan = _plan_from_token(token)
        return _fresh(recurring.recurring_gift_resume(recurring_gift=plan, today=today))

    return _checked(ip_address, resume)


def managed_gift_cancel(*, token: str, reason: str = "", ip_address: str | None = None) -> ManagedGift:
    """Cancel the gift (recurring_gift_cancel): no more charges, and this link and every other sent stop working."""

    def cancel() -> ManagedGift:
        plan = _plan_from_token(token)
        return _fresh(recurring.recurring_gift_cancel(recurring_gift=plan, reason=reason[:255]))

    return _checked(ip_address, cancel)


def managed_card_update_start(*, token: str, client_ip: str | None = None) -> client.SetupIntent:
    """A SetupIntent for the browser to confirm with the new card (recurring.card_update_start). A new card is a
    card-testing target like any payment: counted by the card-testing guard once the token is known good."""

    def start() -> client.SetupIntent:
        plan = _plan_from_token(token)
        payments.card_testing_start(client_ip=client_ip)
        return recurring.card_update_start(recurring_gift=plan)

    return _checked(client_ip, start)


def managed_card_update_finish(*, token: str, setup_intent_id: str, ip_address: str | None = None) -> ManagedGift:
    """After Stripe.js confirmed the SetupIntent: the gift is charged to the new card (recurring.card_update_finish,
    which checks with Stripe that the SetupIntent is this gift's and succeeded)."""

    def finish() -> ManagedGift:
        plan = _plan_from_token(token)
        return _fresh(recurring.card_update_finish(recurring_gift=plan, setup_intent_id=setup_intent_id))

    return _checked(ip_address, finish)


# ---------------------------------------------------------------------------------------------------------
# The email that brings the link, owed once when the gift's first payment succeeds
# ---------------------------------------------------------------------------------------------------------


def _date(day: dt.date | None) -> str:
    return dateformat.format(day, "j F Y") if day else ""


def recurring_gift_started_message(*, recurring_id: int) -> EmailMessage:
    """The email for a recurring gift's start: its amount, how often, the next charge, the link to manage it and,
    without an account, the invitation to make one. NotOwed once cancelled, or with no one to send it to."""
    plan = RecurringGift.objects.select_related("constituent", "fund", "payment_method").get(pk=recurring_id)
    if plan.status == RecurringGift.Status.CANCELLED:
        raise NotOwed("The recurring gift was cancelled before its welcome went out.")
    if plan.constituent.deceased:
        raise NotOwed("The donor is deceased.")
    address = _donor_address(plan)
    if not address:
        raise NotOwed("The donor has no email address.")
    method = plan.payment_method
    context = {
        "donor_name": plan.constituent.preferred_name or plan.constituent.given_name or plan.constituent.display_name,
        "plan": plan,
        "amount": str(Money(plan.amount, plan.currency)),
        "frequency": "monthly" if plan.frequency == RecurringGift.Frequency.MONTHLY else "yearly",
        "next_charge_date": _date(plan.next_charge_date),
        "card": f"{method.brand.title() or 'Card'} ending {method.last4}" if method and method.usable else "",
        "manage_url": manage_link(plan),
        "sign_up_url": account_invitation_link(plan),
        "giving_url": frontend_url("/portal/giving"),
    }
    rendered = message_render(messages.RECURRING_STARTED.key, context)
    return EmailMessage(rendered.subject, rendered.text, settings.DEFAULT_FROM_EMAIL, [address])


# ---------------------------------------------------------------------------------------------------------
# The gift just started in this browser, for the thank-you page
# ---------------------------------------------------------------------------------------------------------

# How long after starting a gift the browser that started it is shown it (and its manage link) on the thank-you
# page; the caller keeps the plan's id in that browser's session.
STARTED_GIFT_SHOWN_FOR = dt.timedelta(hours=1)
# The session key under which the API keeps it: {"id": the plan's id, "at": when it started, ISO 8601}.
STARTED_GIFT_SESSION_KEY = "steward.donations.started_recurring_gift"


def started_gift_read(*, recurring_gift_id: int, started_at: dt.datetime, now: dt.datetime) -> ManagedGift | None:
    """The donation plan a browser started at `started_at` (from its session), while STARTED_GIFT_SHOWN_FOR
    lasts; None after that, or for a cancelled or unknown plan."""
    if not (started_at <= now <= started_at + STARTED_GIFT_SHOWN_FOR):
        return None
    plan = (
        RecurringGift.objects.select_related("fund", "payment_method", "constituent")
        .filter(pk=recurring_gift_id, membership__isnull=True)
        .exclude(status=RecurringGift.Status.CANCELLED)
        .first()
    )
    return _managed(plan) if plan is not None else None
