"""Receipts: numbered once per gift and gaplessly per year (also under concurrent payments), rendered to PDF,
emailed once, and downloadable through signed, expiring links and by staff."""

import datetime as dt
import io
import threading
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Permission
from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.db import connection, transaction
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.images.models import Image

from steward.core.models import OutboxMessage
from steward.donations import gifts, receipts
from steward.donations.models import Gift, Receipt, ReceiptSequence
from steward.members.models import Address
from steward.site.models import OrganisationSettings
from tests.donations import pdf_text
from tests.factories import FundFactory, GiftFactory, IndividualFactory, StaffUserFactory
from tests.utils import error_codes

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def organisation():
    settings = OrganisationSettings.load()
    settings.name = "Riverbank Trust"
    settings.legal_name = "Riverbank Conservation Trust Inc."
    settings.tax_id = "EIN 12-3456789"
    settings.address = "1 Quay Street\nSpringfield 12345"
    settings.receipt_signatory_name = "Ada Treasurer"
    settings.receipt_signatory_title = "Treasurer"
    settings.charity_registration = "A registered 501(c)(3) public charity."
    settings.save()
    return settings


# --- numbering ---------------------------------------------------------------------------------------


def test_receipt_issued_once_per_gift():
    # given a paid gift
    gift = GiftFactory(amount=Decimal("50.00"))
    # when its receipt is issued twice
    first = receipts.receipt_issue(gift=gift)
    second = receipts.receipt_issue(gift=gift)
    # then there is one receipt, numbered once
    assert first.pk == second.pk
    assert Receipt.objects.filter(gift=gift).count() == 1
    assert ReceiptSequence.objects.get(year=gift.gift_date.year).last_number == 1


def test_numbers_are_gapless_per_year_and_restart_each_year():
    # given gifts across two years, issued in an interleaved order
    gifts = [GiftFactory(gift_date=day) for day in [D(2025, 3, 1), D(2026, 1, 2), D(2025, 12, 31), D(2026, 5, 5)]]
    # when each gets its receipt
    issued = [receipts.receipt_issue(gift=gift) for gift in gifts]
    # then each year counts from 1 without gaps
    assert [(r.year, r.number) for r in issued] == [(2025, 1), (2026, 1), (2025, 2), (2026, 2)]
    assert issued[2].display_number == "2025-000002"


def test_receipt_is_for_what_was_paid_and_a_refund_replaces_it():
    # given a gift of 120 of which 20 came back as a dinner, and 10 was refunded before its receipt was issued
    gift = GiftFactory(
        amount=Decimal("120.00"),
        benefit_value=Decimal("20.00"),
        amount_refunded=Decimal("10.00"),
        status=Gift.Status.PARTIALLY_REFUNDED,
    )
    # when it is receipted: the first receipt is for what was paid, whenever it is issued
    receipt = receipts.receipt_issue(gift=gift)
    assert (receipt.amount, receipt.deductible_amount, receipt.currency) == (
        Decimal("120.00"),
        Decimal("100.00"),
        "USD",
    )
    # and when its receipts are reconciled with the refund
    with transaction.atomic():
        replacement = receipts.receipts_reconcile(gift=Gift.objects.select_for_update().get(pk=gift.pk))
    # then a replacement names the first, which is void, and says what is deductible now
    receipt.refresh_from_db()
    assert receipt.voided_at is not None
    assert (replacement.amount, replacement.deductible_amount, replacement.replaces) == (
        Decimal("110.00"),
        Decimal("90.00"),
        receipt,
    )
    assert Gift.objects.get(pk=gift.pk).receipt == replacement


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"status": Gift.Status.PENDING}, "not_counted"),
        ({"status": Gift.Status.REFUNDED, "amount_refunded": Decimal("100.00")}, "not_counted"),
        ({"benefit_value": Decimal("100.00")}, "not_deductible"),
    ],
)
def test_no_receipt_for_uncounted_or_undeductible_gift(fields, code):
    # given a gift that is not paid, refunded, or all benefit
    gift = GiftFactory(amount=Decimal("100.00"), **fields)
    # when a receipt is asked for
    with pytest.raises(ValidationError) as error:
        receipts.receipt_issue(gift=gift)
    # then it is refused and no number is used
    assert code in error_codes(error.value)
    assert not Receipt.objects.exists()
    assert ReceiptSequence.objects.filter(last_number__gt=0).count() == 0


@pytest.mark.django_db(transaction=True)
def test_concurrent_issuing_gives_numbers_one_to_ten():
    # given ten paid gifts of the same year
    gift_ids = [GiftFactory(gift_date=D(2026, 6, 1)).pk for _ in range(10)]
    barrier = threading.Barrier(len(gift_ids))
    numbers: list[int] = []
    errors: list[BaseException] = []

    def issue(gift_id: int) -> None:
        try:
            gift = Gift.objects.get(pk=gift_id)
            barrier.wait(timeout=30)
            numbers.append(receipts.receipt_issue(gift=gift).number)
        except BaseException as error:  # reported below: an exception in a thread would otherwise vanish
            errors.append(error)
        finally:
            connection.close()

    # when ten workers issue their receipts at the same moment, each with its own database connection
    threads = [threading.Thread(target=issue, args=(gift_id,)) for gift_id in gift_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    # then the numbers are exactly 1..10: no gaps, no twins
    assert errors == []
    assert sorted(numbers) == list(range(1, 11))
    assert sorted(Receipt.objects.filter(year=2026).values_list("number", flat=True)) == list(range(1, 11))
    assert ReceiptSequence.objects.get(year=2026).last_number == 10


# --- the PDF -----------------------------------------------------------------------------------------


def test_receipt_pdf_shows_number_organisation_and_amounts(organisation):
    # given a gift with a benefit, from a Mongolian donor with an address, in honour of someone
    donor = IndividualFactory(given_name="Батбаяр", family_name="Дорж")
    Address.objects.create(
        constituent=donor, line1="Peace Avenue 12", city="Ulaanbaatar", country="MN", is_primary=True
    )
    gift = GiftFactory(
        constituent=donor,
        amount=Decimal("1250.00"),
        benefit_value=Decimal("75.50"),
        fund=FundFactory(name="River Restoration", code="river"),
        tribute_type=Gift.Tribute.HONOUR,
        tribute_name="Saraa",
        gift_date=D(2026, 4, 9),
    )
    receipt = receipts.receipt_issue(gift=gift)
    # when it is rendered
    text = pdf_text(receipts.receipt_render_pdf(receipt))
    # then everything a tax receipt needs is on it
    for expected in [
        receipt.display_number,
        "Riverbank Conservation Trust Inc.",
        "EIN 12-3456789",
        "1,250.00 USD",  # the amount
        "75.50 USD",  # the fair-market value of the benefit
        "1,174.50 USD",  # the deductible amount
        "9 April 2026",
        "River Restoration",
        "In honour of Saraa",
        "Батбаяр Дорж",
        "Peace Avenue 12",
        "Ada Treasurer, Treasurer",
        organisation.receipt_wording[:40],
    ]:
        assert expected in text


def test_zero_decimal_currency_shows_no_decimals(organisation):
    # given a gift in yen
    gift = GiftFactory(amount=Decimal("10000"), currency="JPY", base_amount=Decimal("66.00"))
    receipt = receipts.receipt_issue(gift=gift)
    # when it is rendered
    text = pdf_text(receipts.receipt_render_pdf(receipt))
    # then the amount has no decimals
    assert "10,000 JPY" in text
    assert "10,000.00" not in text


def test_receipt_pdf_carries_the_logo(organisation):
    # given a logo in the organisation settings
    buffer = io.BytesIO()
    PILImage.new("RGB", (400, 120), (20, 80, 160)).save(buffer, format="PNG")
    organisation.logo = Image.objects.create(title="Logo", file=ImageFile(buffer, name="logo.png"))
    organisation.save()
    receipt = receipts.receipt_issue(gift=GiftFactory())
    # when the receipt is rendered
    from pypdf import PdfReader

    page = PdfReader(io.BytesIO(receipts.receipt_render_pdf(receipt))).pages[0]
    # then the PDF holds an image
    assert len(page.images) == 1


# --- the email ---------------------------------------------------------------------------------------


def test_receipt_emailed_once_with_the_pdf(organisation):
    # given a paid gift from a donor who declined marketing email (receipts are transactional)
    donor = IndividualFactory(email="giver@example.org", do_not_email=True)
    gift = GiftFactory(constituent=donor, amount=Decimal("40.00"))
    # when the receipt task's service runs twice
    first = receipts.receipt_issue_and_send(gift_id=gift.pk)
    second = receipts.receipt_issue_and_send(gift_id=gift.pk)
    # then one email went, with the PDF attached, and the receipt remembers when
    assert first.pk == second.pk
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["giver@example.org"]
    assert first.display_number in message.subject
    assert "40.00 USD" in message.body
    [(filename, content, mimetype)] = message.attachments
    assert (filename, mimetype) == (f"receipt-{first.display_number}.pdf", "application/pdf")
    assert first.display_number in pdf_text(content)
    first.refresh_from_db()
    assert first.emailed_at is not None
    assert first.pdf.name.endswith(".pdf")


def test_delivery_failure_raises_and_a_retry_sends(settings, organisation):
    # given a mail server that is down
    gift = GiftFactory()
    settings.EMAIL_BACKEND = "tests.members.broken_mail.BrokenBackend"
    # when the receipt is sent
    with pytest.raises(receipts.ReceiptDeliveryError):
        receipts.receipt_issue_and_send(gift_id=gift.pk)
    # then the receipt exists, unsent, so the task's retry will send it
    receipt = Receipt.objects.get(gift=gift)
    assert receipt.emailed_at is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # (the retry's backoff has passed)
    OutboxMessage.objects.filter(key=f"receipt:{receipt.pk}").update(not_before=timezone.now())
    assert receipts.receipt_issue_and_send(gift_id=gift.pk).pk == receipt.pk
    assert len(mail.outbox) == 1
    assert Receipt.objects.get(pk=receipt.pk).emailed_at is not None


def test_donor_without_email_gets_a_receipt_but_no_message(organisation):
    # given a donor with no email address
    gift = GiftFactory(constituent=IndividualFactory(email=False))
    # when the receipt is sent
    receipt = receipts.receipt_issue_and_send(gift_id=gift.pk)
    # then it is issued and rendered, and nothing is emailed
    assert receipt.number == 1
    assert receipt.pdf
    assert mail.outbox == []
    assert Receipt.objects.get(pk=receipt.pk).emailed_at is None


def test_gift_without_receipt_sends_nothing():
    # given a pending gift
    gift = GiftFactory(status=Gift.Status.PENDING)
    # when the receipt task runs for it
    # then nothing is issued or sent
    assert receipts.receipt_issue_and_send(gift_id=gift.pk) is None
    assert mail.outbox == []


def test_recorded_gift_is_receipted_after_commit(django_capture_on_commit_callbacks, organisation):
    # given a donor
    donor = IndividualFactory(email="cheque@example.org")
    # when a cheque is recorded and its transaction commits (the receipt task runs eagerly in tests)
    with django_capture_on_commit_callbacks(execute=True):
        gift = gifts.gift_record(
            constituent=donor,
            amount=Decimal("75.00"),
            currency="USD",
            fund=FundFactory(),
            method=Gift.Method.CHEQUE,
        )
    # then the donor has their receipt by email
    assert Receipt.objects.get(gift=gift).emailed_at is not None
    assert mail.outbox[0].to == ["cheque@example.org"]


# --- downloads ---------------------------------------------------------------------------------------


def test_signed_link_downloads_the_receipt(client, organisation):
    # given an issued receipt and its link
    receipt = receipts.receipt_issue(gift=GiftFactory())
    url = receipts.receipt_download_url(receipt, max_age=3600)
    # when the donor follows it
    response = client.get(url)
    # then they get the PDF as a named attachment
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="receipt-{receipt.display_number}.pdf"'
    assert receipt.display_number in pdf_text(response.content)


def test_signed_link_expires(client, monkeypatch, organisation):
    # given a link valid for an hour
    receipt = receipts.receipt_issue(gift=GiftFactory())
    url = receipts.receipt_download_url(receipt, max_age=3600)
    real_time = signing.time.time
    # when it is followed 59 minutes later, then it still works
    monkeypatch.setattr(signing, "time", SimpleNamespace(time=lambda: real_time() + 59 * 60))
    assert client.get(url).status_code == 200
    # when it is followed after an hour and a minute
    monkeypatch.setattr(signing, "time", SimpleNamespace(time=lambda: real_time() + 61 * 60))
    response = client.get(url)
    # then it is gone, with a message that says so
    assert response.status_code == 410
    assert b"expired" in response.content


@pytest.mark.parametrize(
    "mangle",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),  # the signature changed
        lambda token: token[:10],  # cut short
        lambda token: "not-a-token",
        lambda token: signing.dumps({"receipt": 1, "max_age": 10**9}, salt="another-purpose"),
    ],
)
def test_tampered_link_is_refused(client, organisation, mangle):
    # given a receipt link that was changed
    receipt = receipts.receipt_issue(gift=GiftFactory())
    url = receipts.receipt_download_url(receipt, max_age=3600)
    token = url.rstrip("/").rsplit("/", 1)[1]
    # when it is followed
    response = client.get(f"/donations/receipts/{mangle(token)}/")
    # then it is refused, without a server error
    assert response.status_code == 404
    assert b"not valid" in response.content


def test_receipt_link_for_another_receipt_id_cannot_be_forged(client, organisation):
    # given two receipts and the link to the first
    first = receipts.receipt_issue(gift=GiftFactory())
    second = receipts.receipt_issue(gift=GiftFactory())
    token = receipts.receipt_download_url(first, max_age=3600).rstrip("/").rsplit("/", 1)[1]
    # when someone edits the payload to name the second receipt but keeps the signature
    payload, rest = token.split(":", 1)
    forged_payload = signing.dumps({"receipt": second.pk, "max_age": 3600}, salt="x").split(":", 1)[0]
    # then the link is refused
    assert client.get(f"/donations/receipts/{forged_payload}:{rest}/").status_code == 404
    assert payload != forged_payload


def test_staff_download_needs_the_permission(client, organisation):
    # given a receipt, a staff user without gift permissions and one with them
    receipt = receipts.receipt_issue(gift=GiftFactory())
    url = f"/donations/staff/receipts/{receipt.pk}/"
    without = StaffUserFactory()
    with_permission = StaffUserFactory()
    with_permission.user_permissions.add(
        Permission.objects.get(content_type__app_label="donations", codename="view_gift")
    )
    # when each asks for it (and someone signed out)
    anonymous = client.get(url)
    client.force_login(without)
    refused = client.get(url)
    client.force_login(with_permission)
    allowed = client.get(url)
    # then only the permitted user gets the PDF
    assert anonymous.status_code == 302
    assert refused.status_code == 403
    assert allowed.status_code == 200
    assert allowed["Content-Type"] == "application/pdf"
    assert client.get("/donations/staff/receipts/999999/").status_code == 404


def test_voided_receipt_is_not_served_or_sent(client, organisation):
    # given a receipt that staff voided before it was emailed
    gift = GiftFactory()
    receipt = receipts.receipt_issue(gift=gift)
    Receipt.objects.filter(pk=receipt.pk).update(voided_at=timezone.now())
    # when the receipt task runs and the donor follows an old link
    receipts.receipt_issue_and_send(gift_id=gift.pk)
    response = client.get(receipts.receipt_download_url(receipt, max_age=3600))
    # then nothing is sent and the link says the receipt was voided
    assert mail.outbox == []
    assert response.status_code == 410
    assert b"voided" in response.content
