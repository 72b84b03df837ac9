"""The mail providers' delivery reports, through Anymail's webhooks signed as each provider signs them: stored
once, applied once, in any order; a hard bounce or a complaint suppresses the address at once, soft bounces
after a count; a bad signature, a stale one or a body that is not the provider's is refused with nothing kept."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import random
import time
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from steward.communications import services
from steward.communications.models import DeliveryEvent
from steward.communications.tasks import delivery_events_sweep
from steward.core.models import OutboxMessage
from steward.donations import receipts
from steward.members.models import Email, EmailSuppression
from tests.factories import GiftFactory, IndividualFactory, StaffUserFactory

pytestmark = [
    pytest.mark.django_db,
    # Anymail still ships SendGrid's webhook, marked unsupported upstream (anymail/django-anymail#432)
    pytest.mark.filterwarnings("ignore::anymail.exceptions.AnymailNotSupportedWarning"),
]

SECRET = "steward:hook-secret"
SIGNING_KEY = "mailgun-signing-key"


@pytest.fixture(autouse=True)
def _webhook_secrets(settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET, "MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY}


def basic_auth(credentials: str = SECRET) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(credentials.encode()).decode()}


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    """POST a provider's body to its webhook; what the commit queues (applying the events) runs."""

    def post_(provider: str, body, *, auth: dict[str, str] | None = None, raw: str | None = None, **headers):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                reverse("mail_tracking_webhook", args=[provider]),
                data=json.dumps(body) if raw is None else raw,
                content_type="application/json",
                **(basic_auth() if auth is None else auth),
                **headers,
            )

    return post_


@pytest.fixture
def sent(smtp):
    """A receipt that went out through the real SMTP server, with the Message-ID the server saw."""
    donor = IndividualFactory(email="reader@example.org")
    receipt = receipts.receipt_issue_and_send(gift_id=GiftFactory(constituent=donor, amount=Decimal("30")).pk)
    [received] = smtp.to("reader@example.org")
    message = OutboxMessage.objects.get(key=f"receipt:{receipt.pk}")
    assert message.provider_message_id == received.message["Message-ID"]
    return message, received.message["Message-ID"]


def postmark_bounce(address: str, message_id: str, *, kind: str = "HardBounce", event_id: int = 4242) -> dict:
    return {
        "RecordType": "Bounce",
        "ID": event_id,
        "Type": kind,
        "TypeCode": 1,
        "Email": address,
        "MessageID": message_id.strip("<>"),
        "BouncedAt": timezone.now().isoformat(),
        "Description": "The server was unable to deliver your message (ex: unknown user, mailbox not found).",
        "Details": "smtp;550 5.1.1 The email account that you tried to reach does not exist.",
    }


def mailgun(event_data: dict, *, key: str = SIGNING_KEY, timestamp: int | None = None, token: str = "") -> dict:
    timestamp = int(time.time()) if timestamp is None else timestamp
    token = token or hashlib.sha256(json.dumps(event_data, sort_keys=True).encode()).hexdigest()[:50]
    signature = hmac.new(key.encode(), f"{timestamp}{token}".encode(), hashlib.sha256).hexdigest()
    return {
        "signature": {"timestamp": str(timestamp), "token": token, "signature": signature},
        "event-data": event_data,
    }


def mailgun_event(event: str, address: str, message_id: str, **extra) -> dict:
    return {
        "event": event,
        "id": f"mg-{event}-{random.random()}",
        "timestamp": time.time(),
        "recipient": address,
        "message": {"headers": {"message-id": message_id.strip("<>")}},
        **extra,
    }


def test_a_hard_bounce_from_postmark_suppresses_the_address_and_marks_the_message(post, sent, client):
    message, message_id = sent
    response = post("postmark", postmark_bounce("Reader@Example.org", message_id))
    assert response.status_code == 200
    suppression = EmailSuppression.objects.get(address="reader@example.org", lifted_at__isnull=True)
    assert suppression.reason == EmailSuppression.Reason.HARD_BOUNCE
    assert "550 5.1.1" in suppression.detail
    message.refresh_from_db()
    assert message.delivery == "bounced"
    # and the donor's timeline says so
    client.force_login(StaffUserFactory(groups=["Fundraising staff"]))
    page = client.get(
        reverse("members_constituents:inspect", args=(message.constituent_id,)), {"timeline": "message"}
    ).content.decode()
    assert "Receipt email (bounced)" in page
    # and the next message to the address is not sent
    donor = IndividualFactory(email=False)
    Email.objects.create(constituent=donor, address="reader@example.org", is_primary=True)
    receipt = receipts.receipt_issue_and_send(gift_id=GiftFactory(constituent=donor, amount=Decimal("5")).pk)
    later = OutboxMessage.objects.get(key=f"receipt:{receipt.pk}")
    assert later.status == OutboxMessage.Status.CANCELLED
    assert "suppressed" in later.last_error


def test_webhooks_are_off_without_a_secret_and_refuse_bad_credentials_storing_nothing(post, settings, sent):
    _, message_id = sent
    body = postmark_bounce("reader@example.org", message_id)
    assert post("postmark", body, auth=basic_auth("steward:wrong")).status_code == 400
    assert post("postmark", body, auth={}).status_code == 400
    assert post("sendgrid", [{"event": "bounce"}], auth=basic_auth("x:y")).status_code == 400
    assert post("nosuchprovider", body).status_code == 404
    settings.ANYMAIL = {}
    assert post("postmark", body).status_code == 404
    assert post("mailgun", mailgun(mailgun_event("failed", "reader@example.org", message_id))).status_code == 404
    assert DeliveryEvent.objects.count() == 0
    assert not EmailSuppression.objects.exists()


def test_mailgun_events_are_checked_against_their_signature_and_its_age(post, sent):
    _, message_id = sent
    failed = mailgun_event("failed", "reader@example.org", message_id, severity="permanent", reason="bounce")
    # (with ANYMAIL_WEBHOOK_SECRET set, Mailgun's webhook URL carries the basic auth as well)
    assert post("mailgun", mailgun(failed, key="not-the-key")).status_code == 400
    stale = mailgun(failed, timestamp=int(time.time()) - 3600)
    assert post("mailgun", stale).status_code == 400
    assert DeliveryEvent.objects.count() == 0
    body = mailgun(failed)
    assert post("mailgun", body).status_code == 200
    # the same signed request again (a replay, or Mailgun's retry) changes nothing
    assert post("mailgun", body).status_code == 200
    assert DeliveryEvent.objects.count() == 1
    assert EmailSuppression.objects.get().reason == EmailSuppression.Reason.HARD_BOUNCE


def test_a_malformed_body_with_good_credentials_is_refused_and_nothing_is_stored(post, sent):
    assert post("sendgrid", None, raw="{not json").status_code == 400
    assert post("sendgrid", [{"email": "x@example.org"}]).status_code == 400  # no "event"
    assert DeliveryEvent.objects.count() == 0


def test_soft_bounces_suppress_only_after_the_limit_within_the_window(post, settings, sent):
    settings.COMMUNICATIONS_SOFT_BOUNCE_LIMIT = 3
    _, message_id = sent
    # an old soft bounce, outside the window, does not count
    DeliveryEvent.objects.create(
        provider="brevo",
        event_id="old",
        event_type="bounced",
        recipient="reader@example.org",
        occurred_at=timezone.now() - dt.timedelta(days=45),
        effect=DeliveryEvent.Effect.SOFT_BOUNCE,
        applied_at=timezone.now(),
    )

    def brevo_soft(n: int) -> dict:
        return {
            "event": "soft_bounce",
            "email": "reader@example.org",
            "message-id": message_id,
            "ts_epoch": int(time.time() * 1000) + n,
            "reason": "mailbox full",
        }

    second = brevo_soft(2)
    assert post("brevo", brevo_soft(1)).status_code == 200
    assert post("brevo", second).status_code == 200
    assert not EmailSuppression.objects.exists()
    # the same report delivered twice (Brevo gives no event id: its digest is the same) counts once
    assert post("brevo", second).status_code == 200
    assert not EmailSuppression.objects.exists()
    assert post("brevo", brevo_soft(3)).status_code == 200
    assert EmailSuppression.objects.get().reason == EmailSuppression.Reason.SOFT_BOUNCES


def test_sendgrid_events_shuffled_and_thrice_end_where_in_order_delivery_ends(post, sent):
    message, message_id = sent
    now = int(time.time())
    events = [
        {
            "event": "delivered",
            "email": "reader@example.org",
            "smtp-id": message_id,
            "sg_event_id": "d1",
            "timestamp": now,
        },
        {
            "event": "open",
            "email": "reader@example.org",
            "smtp-id": message_id,
            "sg_event_id": "o1",
            "timestamp": now + 5,
        },
        {
            "event": "click",
            "email": "reader@example.org",
            "smtp-id": message_id,
            "sg_event_id": "c1",
            "timestamp": now + 9,
            "url": "https://example.org/give",
        },
    ]
    rng = random.Random(3)
    deliveries = events * 3
    rng.shuffle(deliveries)
    for event in deliveries:
        assert post("sendgrid", [event]).status_code == 200
    message.refresh_from_db()
    assert message.delivery == "clicked"
    assert DeliveryEvent.objects.count() == 3
    assert not EmailSuppression.objects.exists()
    # a complaint then outranks everything, and suppresses
    spam = {
        "event": "spamreport",
        "email": "reader@example.org",
        "smtp-id": message_id,
        "sg_event_id": "s1",
        "timestamp": now + 20,
    }
    assert post("sendgrid", [spam]).status_code == 200
    message.refresh_from_db()
    assert message.delivery == "complained"
    assert EmailSuppression.objects.get().reason == EmailSuppression.Reason.COMPLAINT


def test_amazon_ses_tells_a_permanent_bounce_from_a_transient_one(post, sent):

    def notification(bounce_type: str, n: int) -> dict:
        ses = {
            "eventType": "Bounce",
            "mail": {
                "messageId": f"ses-{n}",
                "timestamp": timezone.now().isoformat(),
                "destination": ["reader@example.org"],
            },
            "bounce": {
                "bounceType": bounce_type,
                "bounceSubType": "General",
                "timestamp": timezone.now().isoformat(),
                "feedbackId": f"feedback-{n}",
                "bouncedRecipients": [{"emailAddress": "reader@example.org", "diagnosticCode": "smtp; 550"}],
            },
        }
        return {
            "Type": "Notification",
            "MessageId": f"sns-{n}",
            "TopicArn": "arn:aws:sns:us-east-1:1:ses",
            "Message": json.dumps(ses),
            "Timestamp": timezone.now().isoformat(),
        }

    def send(body: dict):
        return post(
            "amazon_ses",
            body,
            HTTP_X_AMZ_SNS_MESSAGE_TYPE="Notification",
            HTTP_X_AMZ_SNS_MESSAGE_ID=body["MessageId"],
        )

    assert send(notification("Transient", 1)).status_code == 200
    assert not EmailSuppression.objects.exists()
    assert send(notification("Permanent", 2)).status_code == 200
    assert EmailSuppression.objects.get().reason == EmailSuppression.Reason.HARD_BOUNCE


def test_an_event_whose_applying_was_lost_is_applied_by_the_sweeper_once(sent):
    message, message_id = sent
    stored = DeliveryEvent.objects.create(
        provider="postmark",
        event_id="lost",
        event_type="delivered",
        recipient="reader@example.org",
        message_id=message_id.strip("<>"),
        occurred_at=timezone.now(),
        received_at=timezone.now() - dt.timedelta(minutes=5),
    )
    assert delivery_events_sweep.delay().get() == 1
    assert delivery_events_sweep.delay().get() == 0
    assert services.delivery_event_apply(event_id=stored.pk) is False
    message.refresh_from_db()
    assert message.delivery == "delivered"
