"""Staff rewrite the transactional messages in the admin: a wording with merge tags, refused at save with an
unknown tag named, previewed with example values, versioned (any earlier version used again, or the shipped
wording), and sent by the real sender through a real SMTP server. (Every kind rendered from real data with every
tag: tests/site/test_every_link.py.)"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from steward.core import message_templates, outbox
from steward.core.models import MessageTemplateVersion, OutboxMessage
from steward.donations import gifts
from steward.donations.models import Gift
from tests.factories import FundFactory, IndividualFactory, StaffUserFactory
from tests.races import race

WORDING = (
    "Dear {{ first_name | friend }},\n\nThank you for {{ amount }} on {{ gift_date }}: receipt {{ receipt_number }}."
)


def cheque_receipt(email: str = "donor@example.org") -> OutboxMessage:
    gifts.gift_record(
        constituent=IndividualFactory(email=email, given_name="Ada", family_name="Lovelace"),
        amount=Decimal("80.00"),
        currency="USD",
        fund=FundFactory(),
        method=Gift.Method.CHEQUE,
    )
    return OutboxMessage.objects.filter(kind="receipt").latest("pk")


@pytest.mark.django_db
def test_a_staff_wording_goes_out_with_its_tags_filled_and_the_shipped_one_comes_back(smtp):
    version = message_templates.message_template_save(
        kind="receipt", subject="Receipt {{ receipt_number }} — thank you, {{ first_name }}", body=WORDING
    )
    assert (version.number, version.in_use) == (1, True)
    message = cheque_receipt()
    assert outbox.outbox_send(message_id=message.pk) == OutboxMessage.Status.SENT
    [received] = smtp.received
    number = message.payload["receipt"]
    assert received.message["Subject"].startswith("Receipt 20")
    assert received.message["Subject"].endswith("— thank you, Ada Lovelace")
    assert "Thank you for 80.00 USD on" in received.text
    assert "Dear Ada Lovelace," in received.text
    assert "Thank you for 80.00 USD on" in received.html  # the HTML part is the same words
    assert next(part.get_filename() for part in received.message.iter_attachments()).endswith(".pdf")
    assert number
    # back to the wording Steward ships
    assert message_templates.message_template_use_shipped(kind="receipt") == 1
    smtp.clear()
    outbox.outbox_send(message_id=cheque_receipt("second@example.org").pk)
    [shipped] = smtp.received
    assert "Your official receipt" in shipped.text
    assert "Thank you for 80.00 USD on" not in shipped.text


@pytest.mark.django_db
def test_an_unknown_tag_or_an_empty_subject_is_refused_naming_it_and_nothing_changes():
    with pytest.raises(ValidationError) as refused:
        message_templates.message_template_save(kind="receipt", subject="", body="Hello {{ frist_name }}")
    assert refused.value.message_dict["subject"] == ["Write the subject."]
    assert refused.value.message_dict["body"][0].startswith("Unknown merge tag {{ frist_name }}: use one of ")
    with pytest.raises(ValidationError) as unknown_kind:
        message_templates.message_template_save(kind="carrier_pigeon", subject="Hi", body="Hi")
    assert unknown_kind.value.message_dict == {"kind": ["There is no message of the kind “carrier_pigeon”."]}
    assert MessageTemplateVersion.objects.count() == 0


@pytest.mark.django_db
def test_every_save_is_a_version_and_an_earlier_one_can_be_used_again():
    first = message_templates.message_template_save(kind="board_pack", subject="Pack {{ period }}", body="One.")
    second = message_templates.message_template_save(
        kind="board_pack", subject="The pack for {{ period }}", body="Two.", note="Shorter"
    )
    restored = message_templates.message_template_restore(version=first)
    assert [v.number for v in MessageTemplateVersion.objects.filter(kind="board_pack")] == [3, 2, 1]
    assert message_templates.version_in_use("board_pack").pk == restored.pk
    assert (restored.subject, restored.body, restored.note) == ("Pack {{ period }}", "One.\n", "Back to version 1")
    second.refresh_from_db()
    assert not second.in_use
    rendered = message_templates.message_render(
        "board_pack", {"organisation": None, "period": "November 2026", "year_before": "November 2025"}
    )
    assert (rendered.subject, rendered.text, rendered.version) == ("Pack November 2026", "One.\n", 3)


@pytest.mark.django_db(transaction=True)
def test_parallel_saves_make_distinct_versions_and_one_in_use():
    works = [
        (lambda n=n: message_templates.message_template_save(kind="receipt_void", subject=f"S{n}", body=f"B{n}"))
        for n in range(6)
    ]
    results, refusals = race(works)
    versions = MessageTemplateVersion.objects.filter(kind="receipt_void")
    assert len(results) + len(refusals) == 6
    assert all("at the same moment" in " ".join(refusal.messages) for refusal in refusals)
    assert versions.count() == len(results)
    assert sorted(versions.values_list("number", flat=True)) == list(range(1, len(results) + 1))
    assert versions.filter(in_use=True).count() == 1


@pytest.mark.django_db
def test_staff_rewrite_preview_save_and_go_back_in_the_admin(client):
    client.force_login(StaffUserFactory(groups=["Fundraising staff"]))
    index = client.get(reverse("communications_message_templates:index")).content.decode()
    assert "Gift receipt" in index
    assert "Shift reminder" in index
    assert "Sign-in link" in index
    assert "Board pack" in index
    assert "As shipped" in index
    edit_url = reverse("communications_message_templates:edit", args=["receipt"])
    page = client.get(edit_url).content.decode()
    # the form starts from the shipped wording, in merge tags
    assert "{{ receipt_number }}" in page
    assert "{{ first_name }}" in page
    assert "The wording Steward ships is in use." in page
    # preview with example values; an unknown tag is named and nothing is saved
    preview = client.post(edit_url, {"subject": "Receipt {{ receipt_number }}", "body": WORDING, "action": "preview"})
    assert "Receipt 2026-000123" in preview.content.decode()
    assert "Dear Noi," in preview.content.decode()
    wrong = client.post(edit_url, {"subject": "Hi", "body": "{{ frist_name }}", "action": "save"})
    assert "Unknown merge tag {{ frist_name }}" in wrong.content.decode()
    assert MessageTemplateVersion.objects.count() == 0
    saved = client.post(edit_url, {"subject": "Receipt {{ receipt_number }}", "body": WORDING, "action": "save"})
    assert saved.status_code == 302
    page = client.get(edit_url).content.decode()
    assert "Saved as version 1: it is used from now on." in page
    assert "Your version 1 is in use." in page
    client.post(reverse("communications_message_templates:shipped", args=["receipt"]))
    assert message_templates.version_in_use("receipt") is None
    client.post(
        reverse("communications_message_templates:restore", args=["receipt"]),
        {"version": MessageTemplateVersion.objects.get().pk},
    )
    assert message_templates.version_in_use("receipt").number == 2
    assert client.get(reverse("communications_message_templates:edit", args=["nonsense"])).status_code == 404


@pytest.mark.django_db
def test_staff_without_the_permission_cannot_reword(client):
    client.force_login(StaffUserFactory(groups=["Volunteer coordinators"]))
    edit_url = reverse("communications_message_templates:edit", args=["receipt"])
    refused = client.post(edit_url, {"subject": "X", "body": "Y", "action": "save"})
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    assert MessageTemplateVersion.objects.count() == 0
    board = StaffUserFactory(groups=["Board"])
    client.force_login(board)
    assert client.get(reverse("communications_message_templates:index")).status_code == 302
