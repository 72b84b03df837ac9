"""Tax receipts and year-end giving statements: numbering (gapless per year, even under concurrent payments),
PDFs rendered with WeasyPrint, the receipt email, and signed, expiring download links.

Receipts are transactional: they go to the donor's primary email whatever their marketing preferences."""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat, timezone

from steward.core.countries import country_name
from steward.core.links import frontend_url
from steward.core.message_templates import message_render
from steward.members.models import Address, Constituent, Email
from steward.site.documents import document_language, organisation_document_context
from steward.site.models import OrganisationSettings

from . import messages
from .models import COUNTED_STATUSES, ZERO, Gift, Receipt, ReceiptSequence
from .money import Money
from .tax_years import tax_year_bounds, tax_year_label, tax_year_of

logger = logging.getLogger(__name__)

RECEIPT_LINK_SALT = "steward.donations.receipt-download"
STATEMENT_LINK_SALT = "steward.donations.statement-download"
DEFAULT_LINK_MAX_AGE = 7 * 24 * 3600


class ReceiptDeliveryError(Exception):
    """The receipt email could not be handed to the mail server; the task retries."""


class DownloadLinkExpired(Exception):
    """A download link whose signature is good but whose time is up."""


class DownloadLinkInvalid(Exception):
    """A download link that was not made by us (tampered, truncated, or for another purpose)."""


# ---------------------------------------------------------------------------------------------------------
# Numbering
# ---------------------------------------------------------------------------------------------------------


def receipt_tax_year(day: dt.date) -> int:
    """The tax year a gift received on `day` is receipted in: the fiscal year unless TAX_YEAR_START_MONTH/DAY say
    otherwise, named by the year it starts in (steward/donations/tax_years.py)."""
    return tax_year_of(day)


def _receipt_number(*, gift: Gift, amount: Decimal, deductible: Decimal, replaces: Receipt | None) -> Receipt:
    """A new numbered receipt for the gift. The year's sequence row is locked for the increment, so numbers have
    no gaps or twins; it is always locked after the gift, so two issuers never deadlock."""
    year = receipt_tax_year(gift.gift_date)
    # get_or_create inserts in a savepoint and, if a concurrent payment created the row first (IntegrityError),
    # reads that row instead: the first receipt of a year is as safe as the rest.
    ReceiptSequence.objects.get_or_create(year=year)
    sequence = ReceiptSequence.objects.select_for_update().get(year=year)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    receipt = Receipt.objects.create(
        gift=gift,
        year=year,
        number=sequence.last_number,
        amount=amount,
        deductible_amount=deductible,
        currency=gift.currency,
        replaces=replaces,
    )
    Gift.objects.filter(pk=gift.pk).update(receipt=receipt)
    gift.receipt = receipt
    return receipt


@transaction.atomic
def receipt_issue(*, gift: Gift) -> Receipt:
    """Number the first receipt of a paid gift with something to deduct, for the amount paid; once per gift (a
    second call returns it). Refunds and disputes afterwards are `receipts_reconcile`'s business."""
    # Locking the gift first serialises two issuers of the same gift.
    gift = Gift.objects.select_for_update().get(pk=gift.pk)
    existing = Receipt.objects.filter(gift=gift).order_by("pk").first()
    if existing is not None:
        return existing
    if not gift.counts:
        raise ValidationError("Only a paid gift that still counts gets a receipt.", code="not_counted")
    deductible = max(ZERO, gift.amount - gift.benefit_value)
    if deductible <= ZERO:
        raise ValidationError("Nothing in this gift is tax-deductible.", code="not_deductible")
    return _receipt_number(gift=gift, amount=gift.amount, deductible=deductible, replaces=None)


def standing_deductible(gift: Gift) -> Decimal:
    """What a receipt for the gift may say is deductible now: what was kept less benefits; nothing once the
    money is gone (refunded in full, or a dispute lost). An open dispute changes nothing yet."""
    if not gift.paid or gift.dispute_status == "lost":
        return ZERO
    return max(ZERO, gift.amount - gift.amount_refunded - gift.benefit_value)


def membership_welcome_carries_receipt(gift: Gift) -> bool:
    """Whether the gift is a membership bought online for oneself: its welcome email (purchases) carries the first
    receipt instead of the receipt email, so a member gets one email, not two. A gift membership's payer and an
    automatic renewal's charge get the receipt email as other gifts do."""
    return (
        gift.purpose == Gift.Purpose.MEMBERSHIP
        and not gift.recurring_charge_id
        and gift.membership_level_id is not None
        and gift.beneficiary_id is None
    )


def receipts_reconcile(*, gift: Gift, at: dt.datetime | None = None) -> Receipt | None:
    """Make the gift's receipts say what stands, inside the caller's transaction (the gift locked): a paid gift
    always has its first receipt, for what was paid, once; when a refund or a lost dispute changes what is
    deductible, the receipt that stands is voided and, if something is still deductible, a replacement naming
    it is issued. Each receipt and each voiding is a message owed to the donor (the outbox sends it once).
    Returns the receipt that stands, if any."""
    from steward.core.outbox import outbox_enqueue

    if not gift.paid:
        return None
    chain = list(Receipt.objects.filter(gift=gift).order_by("pk"))
    if not chain:
        if max(ZERO, gift.amount - gift.benefit_value) <= ZERO:
            return None
        first = _receipt_number(
            gift=gift, amount=gift.amount, deductible=gift.amount - gift.benefit_value, replaces=None
        )
        if not membership_welcome_carries_receipt(gift):
            outbox_enqueue(kind="receipt", key=f"receipt:{first.pk}", payload={"receipt": first.pk})
        chain = [first]
    standing = next((receipt for receipt in reversed(chain) if receipt.voided_at is None), None)
    target = standing_deductible(gift)
    if standing is None or standing.deductible_amount == target:
        return standing
    reason = "The gift was refunded." if gift.dispute_status != "lost" else "The card payment was disputed and lost."
    if target > ZERO:
        reason = f"Replaced after a refund of {money_display(gift.amount_refunded, gift.currency)}."
    Receipt.objects.filter(pk=standing.pk).update(voided_at=at or timezone.now(), void_reason=reason)
    if target <= ZERO:
        outbox_enqueue(kind="receipt_void", key=f"receipt-void:{standing.pk}", payload={"receipt": standing.pk})
        return None
    replacement = _receipt_number(
        gift=gift, amount=gift.amount - gift.amount_refunded, deductible=target, replaces=standing
    )
    outbox_enqueue(kind="receipt", key=f"receipt:{replacement.pk}", payload={"receipt": replacement.pk})
    return replacement


# ---------------------------------------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------------------------------------


def money_display(amount: Decimal, currency: str) -> str:
    """An amount as a receipt shows it: grouped, in the currency's precision (JPY 10,000; USD 1,234.50)."""
    return str(Money(amount, currency))


def date_display(day: dt.date | dt.datetime) -> str:
    return dateformat.format(day, "j F Y")


def _donor_context(constituent: Constituent) -> dict[str, Any]:
    address = Address.objects.filter(constituent=constituent).order_by("-is_primary", "id").first()
    lines: list[str] = []
    if address is not None:
        lines = [address.line1, address.line2, " ".join(p for p in [address.city, address.region] if p)]
        # The country by name in the receipt's language ("Taiwan", not "TW").
        country = country_name(address.country, document_language())
        lines += [" ".join(p for p in [address.postal_code, country] if p)]
    name = constituent.display_name
    if constituent.is_individual and constituent.title:
        name = f"{constituent.title} {name}"
    return {"donor_name": name, "donor_address": [line for line in lines if line]}


def _render_pdf(template: str, context: dict[str, Any]) -> bytes:
    from weasyprint import HTML  # heavy import, only where PDFs are made

    html = render_to_string(template, context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def receipt_render_pdf(receipt: Receipt) -> bytes:
    """The receipt as a PDF: the organisation, the donor, the number, the amounts and the legal wording."""
    gift = Gift.objects.select_related("constituent", "fund").get(pk=receipt.gift_id)
    benefit = gift.benefit_value
    context = {
        **organisation_document_context(),
        **_donor_context(gift.constituent),
        "receipt": receipt,
        "gift": gift,
        "number": receipt.display_number,
        "issued_on": date_display(timezone.localtime(receipt.issued_at)),
        "gift_date": date_display(gift.gift_date),
        # What this receipt was issued for: the gift less the refunds made before it (a replacement's).
        "amount": money_display(gift.amount, receipt.currency),
        "deductible": money_display(receipt.deductible_amount, receipt.currency),
        "benefit": money_display(benefit, receipt.currency) if benefit > ZERO else "",
        "refunded": money_display(gift.amount - receipt.amount, receipt.currency)
        if receipt.amount < gift.amount
        else "",
        "replaces": receipt.replaces.display_number if receipt.replaces is not None else "",
        "tribute": f"{gift.get_tribute_type_display()} {gift.tribute_name}" if gift.tribute_type else "",
        "method": gift.get_method_display(),
    }
    return _render_pdf("donations/receipts/receipt.html", context)


def receipt_filename(receipt: Receipt) -> str:
    return f"receipt-{receipt.display_number}.pdf"


def receipt_pdf(receipt: Receipt) -> bytes:
    """The receipt's stored PDF, rendering and storing it the first time."""
    if not receipt.pdf:
        content = receipt_render_pdf(receipt)
        receipt.pdf.save(receipt_filename(receipt), ContentFile(content), save=False)
        # Only the first renderer's file is kept: a concurrent one finds the column set and drops its own copy.
        stored = Receipt.objects.filter(pk=receipt.pk, pdf="").update(pdf=receipt.pdf.name)
        if not stored:
            receipt.pdf.storage.delete(str(receipt.pdf.name))
            receipt.refresh_from_db(fields=["pdf"])
        else:
            return content
    with receipt.pdf.open("rb") as stored_file:
        return stored_file.read()


@dataclass(frozen=True)
class StatementLine:
    gift_date: str
    receipt_number: str
    fund: str
    amount: str
    deductible: str


def statement_gifts(*, constituent: Constituent, tax_year: int) -> list[Gift]:
    """Every counted gift of the donor received in the tax year (from its first to its last day), oldest first."""
    return list(
        Gift.objects.filter(
            constituent=constituent, status__in=COUNTED_STATUSES, gift_date__range=tax_year_bounds(tax_year)
        )
        .select_related("fund", "receipt")
        .order_by("gift_date", "pk")
    )


def statement_render_pdf(*, constituent: Constituent, tax_year: int) -> bytes:
    """The donor's year-end giving statement: every counted gift of the tax year, with totals per currency."""
    gifts = statement_gifts(constituent=constituent, tax_year=tax_year)
    label = tax_year_label(tax_year)
    if not gifts:
        raise ValidationError(f"{constituent} made no gifts in {label}.", code="no_gifts")
    first_day, last_day = tax_year_bounds(tax_year)
    totals: dict[str, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    lines = []
    for gift in gifts:
        receipt = getattr(gift, "receipt", None)
        totals[gift.currency][0] += gift.amount - gift.amount_refunded
        totals[gift.currency][1] += gift.deductible_amount
        lines.append(
            StatementLine(
                gift_date=date_display(gift.gift_date),
                receipt_number=receipt.display_number if receipt and not receipt.voided_at else "—",
                fund=gift.fund.name,
                amount=money_display(gift.amount - gift.amount_refunded, gift.currency),
                deductible=money_display(gift.deductible_amount, gift.currency),
            )
        )
    context = {
        **organisation_document_context(),
        **_donor_context(constituent),
        "tax_year": tax_year,
        "tax_year_label": label,
        "first_day": date_display(first_day),
        "last_day": date_display(last_day),
        "issued_on": date_display(timezone.localdate()),
        "lines": lines,
        "totals": [
            {"currency": code, "amount": money_display(amount, code), "deductible": money_display(deductible, code)}
            for code, (amount, deductible) in sorted(totals.items())
        ],
    }
    return _render_pdf("donations/receipts/statement.html", context)


def statement_filename(constituent: Constituent, tax_year: int) -> str:
    return f"giving-statement-{tax_year}-{constituent.pk}.pdf"


# ---------------------------------------------------------------------------------------------------------
# Email
# ---------------------------------------------------------------------------------------------------------


def _primary_email(constituent: Constituent) -> str:
    email = Email.objects.filter(constituent=constituent).order_by("-is_primary", "id").first()
    return email.address if email else ""


def receipt_issue_and_send(*, gift_id: int) -> Receipt | None:
    """Make sure the gift's receipts are right and send, now, the receipt messages it is owed (each at most
    once, through the outbox); returns the receipt that stands (None when the gift gets none). Raises
    ReceiptDeliveryError if the mail server refused, leaving the message owed for the sweeper to retry."""
    from steward.core.models import OutboxMessage
    from steward.core.outbox import outbox_send

    with transaction.atomic():
        gift = Gift.objects.select_for_update().get(pk=gift_id)
        standing = receipts_reconcile(gift=gift, at=gift.succeeded_at)
    keys = [f"receipt:{pk}" for pk in Receipt.objects.filter(gift_id=gift_id).values_list("pk", flat=True)]
    for message in OutboxMessage.objects.filter(key__in=keys, status=OutboxMessage.Status.PENDING):
        if outbox_send(message_id=message.pk) == OutboxMessage.Status.PENDING:
            message.refresh_from_db(fields=["last_error"])
            raise ReceiptDeliveryError(f"A receipt for gift {gift_id} could not be emailed: {message.last_error}")
    if standing is not None:
        standing.refresh_from_db()
    return standing


def _receipt_message(*, receipt: Receipt, gift: Gift, address: str, content: bytes) -> EmailMultiAlternatives:
    organisation = OrganisationSettings.load()
    context = {
        "organisation": organisation,
        "donor_name": gift.constituent.preferred_name or gift.constituent.display_name,
        "number": receipt.display_number,
        "amount": money_display(receipt.amount, receipt.currency),
        "deductible": money_display(receipt.deductible_amount, receipt.currency),
        "gift_date": date_display(gift.gift_date),
        "replaces": receipt.replaces.display_number if receipt.replaces_id and receipt.replaces else "",
    }
    rendered = message_render(messages.RECEIPT.key, context)
    message = EmailMultiAlternatives(
        subject=rendered.subject,
        body=rendered.text,
        to=[address],
        reply_to=[organisation.email] if organisation.email else None,
    )
    message.attach_alternative(rendered.html, "text/html")
    message.attach(receipt_filename(receipt), content, "application/pdf")
    return message


def receipt_message(*, receipt: Receipt) -> EmailMultiAlternatives:
    """The email carrying a receipt (a replacement says which receipt it replaces), to the donor's primary
    address; NotOwed when the receipt was voided before it went out or the donor has no address."""
    from steward.core.outbox import NotOwed

    receipt = Receipt.objects.select_related("gift__constituent", "replaces").get(pk=receipt.pk)
    if receipt.voided_at is not None:
        raise NotOwed(f"Receipt {receipt.display_number} was voided before it was sent.")
    gift = receipt.gift
    content = receipt_pdf(receipt)  # rendered and stored once, for the portal's download too
    address = _primary_email(gift.constituent)
    if not address:
        raise NotOwed("The donor has no email address.")
    return _receipt_message(receipt=receipt, gift=gift, address=address, content=content)


def receipt_void_message(*, receipt: Receipt) -> EmailMultiAlternatives:
    """Tell the donor a receipt they were sent is void (the gift was refunded in full, or a dispute lost);
    NotOwed when they never had it."""
    from steward.core.outbox import NotOwed

    receipt = Receipt.objects.select_related("gift__constituent").get(pk=receipt.pk)
    if receipt.emailed_at is None:
        raise NotOwed(f"Receipt {receipt.display_number} was never sent: nothing to withdraw.")
    address = _primary_email(receipt.gift.constituent)
    if not address:
        raise NotOwed("The donor has no email address.")
    organisation = OrganisationSettings.load()
    context = {
        "organisation": organisation,
        "donor_name": receipt.gift.constituent.preferred_name or receipt.gift.constituent.display_name,
        "number": receipt.display_number,
        "amount": money_display(receipt.amount, receipt.currency),
        "gift_date": date_display(receipt.gift.gift_date),
        "reason": receipt.void_reason,
    }
    rendered = message_render(messages.RECEIPT_VOID.key, context)
    return EmailMultiAlternatives(
        subject=rendered.subject,
        body=rendered.text,
        to=[address],
        reply_to=[organisation.email] if organisation.email else None,
    )


def receipt_emailed(*, receipt_id: int) -> None:
    """Remember when a receipt reached the mail server."""
    Receipt.objects.filter(pk=receipt_id, emailed_at__isnull=True).update(emailed_at=timezone.now())


def tribute_notice_message(*, gift: Gift) -> EmailMultiAlternatives:
    """The notice to the person a tribute gift names to notify (the amount is not mentioned); NotOwed when the
    gift no longer counts or the notice went already."""
    from steward.core.outbox import NotOwed

    gift = Gift.objects.select_related("constituent").get(pk=gift.pk)
    if not gift.counts or not gift.tribute_type or not gift.tribute_notify_email:
        raise NotOwed("The gift no longer counts or names no one to notify.")
    if gift.tribute_notified_at is not None:
        raise NotOwed("The notice was sent already.")
    organisation = OrganisationSettings.load()
    context = {
        "organisation": organisation,
        "gift": gift,
        "notify_name": gift.tribute_notify_name,
        "donor_name": "A friend" if gift.anonymous else gift.constituent.display_name,
        "honour": "in memory of" if gift.tribute_type == Gift.Tribute.MEMORY else "in honour of",
    }
    rendered = message_render(messages.TRIBUTE_NOTICE.key, context)
    return EmailMultiAlternatives(
        subject=rendered.subject,
        body=rendered.text,
        to=[gift.tribute_notify_email],
        reply_to=[organisation.email] if organisation.email else None,
    )


# ---------------------------------------------------------------------------------------------------------
# Signed, expiring download links
# ---------------------------------------------------------------------------------------------------------


def _link_max_age(max_age: int | None) -> int:
    return int(max_age if max_age is not None else getattr(settings, "RECEIPT_LINK_MAX_AGE", DEFAULT_LINK_MAX_AGE))


def receipt_download_url(receipt: Receipt, *, max_age: int | None = None) -> str:
    """A link anyone holding it can download the receipt with, for `max_age` seconds (default a week)."""
    token = signing.dumps({"receipt": receipt.pk, "max_age": _link_max_age(max_age)}, salt=RECEIPT_LINK_SALT)
    return frontend_url(reverse("donations:receipt_download", args=[token]))


def statement_download_url(constituent: Constituent, tax_year: int, *, max_age: int | None = None) -> str:
    """A link to the donor's giving statement for the tax year, valid for `max_age` seconds (default a week)."""
    payload = {"constituent": constituent.pk, "tax_year": tax_year, "max_age": _link_max_age(max_age)}
    token = signing.dumps(payload, salt=STATEMENT_LINK_SALT)
    return frontend_url(reverse("donations:statement_download", args=[token]))


def download_token_read(token: str, *, salt: str) -> dict[str, Any]:
    """The payload of a download link, or DownloadLinkInvalid / DownloadLinkExpired."""
    try:
        # The link carries its own lifetime (signed with it); read it, then check the timestamp against it.
        payload = signing.loads(token, salt=salt)
        if not isinstance(payload, dict) or not isinstance(payload.get("max_age"), int):
            raise DownloadLinkInvalid
        signing.loads(token, salt=salt, max_age=payload["max_age"])
    except signing.SignatureExpired as error:
        raise DownloadLinkExpired from error
    except (signing.BadSignature, ValueError, UnicodeDecodeError) as error:
        raise DownloadLinkInvalid from error
    return payload
