"""Who may be sent what, decided in one place (members.contact, asked by core.mail.deliver for every message)."""

from __future__ import annotations

import ast
import datetime as dt
import random
from decimal import Decimal
from pathlib import Path

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.utils import timezone

from steward.core.mail import NotOwed, Purpose, deliver, email_verdict
from steward.core.models import OutboxMessage
from steward.core.outbox import SENDERS
from steward.donations import receipts
from steward.members import contact
from steward.members.models import ConsentRecord, Constituent, Email, EmailSuppression
from tests.factories import ConsentRecordFactory, GiftFactory, IndividualFactory

pytestmark = pytest.mark.django_db

T, R, M = Purpose.TRANSACTIONAL, Purpose.REMINDER, Purpose.MARKETING
NEWS = ConsentRecord.Topic.NEWSLETTER


def consent(person: Constituent, granted: bool, *, topic: str = NEWS, days_ago: int = 0) -> None:
    ConsentRecordFactory(
        constituent=person, topic=topic, granted=granted, recorded_at=timezone.now() - dt.timedelta(days=days_ago)
    )


def refusal(address: str, purpose: Purpose, topic: str = NEWS) -> str:
    return email_verdict(address, purpose=purpose, topic=topic if purpose == M else "").refusal


def test_a_person_who_opted_out_of_marketing_still_gets_transactional_messages():
    person = IndividualFactory(email="ada@example.org", do_not_email=True, do_not_contact=True)
    consent(person, True)
    assert refusal("ada@example.org", T) == ""
    assert refusal("ada@example.org", R) == "The person asked not to be contacted."
    assert refusal("ada@example.org", M) == "The person asked not to be contacted."
    person.do_not_contact = False
    person.save()
    assert refusal("ada@example.org", R) == "The person asked not to be emailed."


def test_the_deceased_and_merged_records_are_sent_nothing():
    dead = IndividualFactory(email="late@example.org", deceased=True)
    survivor = IndividualFactory(email="kept@example.org")
    IndividualFactory(email="old@example.org", merged_into=survivor)
    consent(dead, True)
    for purpose in (T, R, M):
        assert refusal("late@example.org", purpose) == "The person has died."
        assert refusal("old@example.org", purpose) == "The record was merged into another."


def test_marketing_needs_the_latest_consent_for_its_topic_to_be_a_yes():
    person = IndividualFactory(email="bo@example.org")
    assert refusal("bo@example.org", M) == "The person has not agreed to emails about newsletter."
    consent(person, True, days_ago=10)
    assert refusal("bo@example.org", M) == ""
    assert refusal("bo@example.org", M, ConsentRecord.Topic.FUNDRAISING) == (
        "The person has not agreed to emails about fundraising appeals."
    )
    consent(person, False, days_ago=1)
    assert refusal("bo@example.org", M).startswith("The person has not agreed")
    assert refusal("bo@example.org", R) == ""
    with pytest.raises(ValueError, match="topic"):
        email_verdict("bo@example.org", purpose=M)


def test_a_suppressed_address_is_refused_for_every_purpose_whatever_its_case_until_lifted():
    person = IndividualFactory(email="Cy@Example.org")
    consent(person, True)
    suppression = EmailSuppression.objects.create(address="cy@example.org", reason=EmailSuppression.Reason.HARD_BOUNCE)
    for purpose in (T, R, M):
        assert refusal("cy@EXAMPLE.org", purpose) == (
            "The address cy@example.org is suppressed: Hard bounce (the address does not exist)."
        )
    suppression.lifted_at = timezone.now()
    suppression.save()
    assert refusal("cy@example.org", M) == ""


def test_an_address_no_record_has_gets_only_transactional_messages():
    assert email_verdict("staff@example.org", purpose=T) == contact.Verdict()
    assert refusal("staff@example.org", R) == "No record has the address staff@example.org."


def test_a_shared_address_is_sent_to_when_one_of_its_people_may_be_and_names_that_record():
    dead = IndividualFactory(email="home@example.org", deceased=True)
    alive = IndividualFactory(email=False)
    Email.objects.create(constituent=alive, address="HOME@example.org", is_primary=True)
    verdict = email_verdict("home@example.org", purpose=R)
    assert verdict == contact.Verdict(constituent_id=alive.pk)
    alive.do_not_email = True
    alive.save()
    # the living record's reason is the one given
    assert email_verdict("home@example.org", purpose=R) == contact.Verdict(
        refusal="The person asked not to be emailed.", constituent_id=alive.pk
    )
    assert email_verdict("home@example.org", purpose=T).constituent_id == alive.pk
    assert dead.pk != alive.pk


def test_deliver_sends_nothing_when_one_recipient_is_refused():
    IndividualFactory(email="gone@example.org", deceased=True)
    message = EmailMessage("Hello", "Body", to=["fine@example.org"], bcc=["gone@example.org"])
    with pytest.raises(NotOwed, match=r"The person has died\."):
        deliver(message, purpose=T)
    assert mail.outbox == []
    with pytest.raises(NotOwed, match="no recipient"):
        deliver(EmailMessage("Hello", "Body"), purpose=T)


def test_the_audience_query_agrees_with_the_verdict_for_every_person():
    # given a population with every combination of what the rules read, at random
    rng = random.Random(16)
    people = []
    for n in range(120):
        person = IndividualFactory(
            email=f"p{n}@example.org" if rng.random() < 0.9 else False,
            deceased=rng.random() < 0.1,
            do_not_contact=rng.random() < 0.15,
            do_not_email=rng.random() < 0.15,
        )
        for days_ago in rng.sample(range(1, 30), rng.randint(0, 3)):
            consent(person, rng.random() < 0.6, topic=rng.choice([NEWS, ConsentRecord.Topic.EVENTS]), days_ago=days_ago)
        if rng.random() < 0.1:
            EmailSuppression.objects.create(address=f"p{n}@example.org", reason=EmailSuppression.Reason.COMPLAINT)
        people.append(person)
    survivor = people[0]
    Constituent.objects.filter(pk__in=[p.pk for p in people[1:8]]).update(merged_into=survivor)
    # then, for each purpose, the set-based audience is exactly the people the one-at-a-time verdict allows
    for purpose in (T, R, M):
        topic = NEWS if purpose == M else ""
        audience = set(
            contact.contactable(Constituent.objects.all(), purpose=purpose, topic=topic).values_list("pk", flat=True)
        )
        expected = set()
        for person in Constituent.objects.all():
            address = person.emails.filter(is_primary=True).values_list("address", flat=True).first()
            if (
                address
                and not contact.suppression_of(address)
                and not contact.constituent_refusal(person, purpose=purpose, topic=topic)
            ):
                expected.add(person.pk)
        assert audience == expected
        assert 0 < len(audience) < len(people)


# --- the outbox sends through the same door ------------------------------------------------------------


def test_an_owed_receipt_to_a_suppressed_address_is_cancelled_with_the_reason():
    donor = IndividualFactory(email="bounced@example.org")
    EmailSuppression.objects.create(address="bounced@example.org", reason=EmailSuppression.Reason.HARD_BOUNCE)
    gift = GiftFactory(constituent=donor, amount=Decimal("25.00"))
    receipt = receipts.receipt_issue_and_send(gift_id=gift.pk)
    message = OutboxMessage.objects.get(key=f"receipt:{receipt.pk}")
    assert message.status == OutboxMessage.Status.CANCELLED
    assert (
        message.last_error == "The address bounced@example.org is suppressed: Hard bounce (the address does not exist)."
    )
    assert mail.outbox == []


def test_a_sent_message_is_kept_as_it_went_out_on_its_recipients_record(smtp):
    donor = IndividualFactory(email="kept@example.org", do_not_email=True)
    gift = GiftFactory(constituent=donor, amount=Decimal("25.00"))
    receipt = receipts.receipt_issue_and_send(gift_id=gift.pk)
    [received] = smtp.to("kept@example.org")
    message = OutboxMessage.objects.get(key=f"receipt:{receipt.pk}")
    assert message.status == OutboxMessage.Status.SENT
    assert message.constituent_id == donor.pk
    assert message.body.strip() == received.text.strip()
    assert receipt.display_number in received.message["Subject"]


# --- every sender ------------------------------------------------------------------------------------------

#: Every kind of message the outbox sends, with what it is for. A new sender fails this test until it is
#: listed here: deciding its purpose decides who may be sent it.
PURPOSES = {
    "card_expiring": T,
    "charge_notice": T,
    "member_email_confirm": T,
    "member_email_in_use": T,
    "membership_reminder": R,
    "membership_welcome": T,
    "receipt": T,
    "receipt_void": T,
    "recurring_amount_changed": T,
    "recurring_charge_notice": T,
    "recurring_gift_started": T,
    "tribute_notice": T,
    "volunteer_shift_message": T,
    "volunteer_shift_reminder": T,
    "volunteer_signup_confirmation": T,
    "volunteer_signup_notice": T,
    "year_end_statement": T,
}

#: Calls that hand mail to Django's mail server. Only core/mail.py may make them.
SENDING_CALLS = {"send", "send_mail", "send_mass_mail", "mail_admins", "mail_managers", "send_messages"}


def test_every_kind_of_message_has_its_purpose_declared():
    assert {kind: sender.purpose for kind, sender in SENDERS.items()} == PURPOSES


def test_no_module_but_the_mail_door_hands_mail_to_the_mail_server():
    root = Path(__file__).resolve().parents[2] / "steward"
    offenders = []
    for path in root.rglob("*.py"):
        if path == root / "core" / "mail.py" or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call):
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                # a signal's .send(sender=…) is not mail
                is_signal = name == "send" and any(keyword.arg == "sender" for keyword in node.keywords)
                if name in SENDING_CALLS and not is_signal:
                    offenders.append(f"{path.relative_to(root)}:{node.lineno}")
    assert offenders == []
