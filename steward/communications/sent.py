"""What a person can read again of the messages Steward sent them (the portal's messages page): their copies of
campaign email and the messages the outbox owed them, newest first, a page at a time; and the signed link that
opens an owed message as it was sent (a campaign copy has its own: its web version, rendering.recipient_links)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.db.models import CharField, F, QuerySet, Value
from django.urls import reverse

from steward.core.links import frontend_url
from steward.core.models import OutboxMessage
from steward.members.models import Constituent

from . import campaigns, rendering
from .merge import fill
from .models import CampaignRecipient

SENT_TOKEN_SALT = "steward.communications.sent-message"  # noqa: S105 (a signing salt, not a secret)
#: How long a link to a sent message opens it. The portal hands out fresh links each time it lists the messages,
#: so a short life costs nothing, and a link copied out of the browser soon stops working.
SENT_LINK_MAX_AGE = 60 * 60 * 24

#: Campaign copies are listed with this kind; owed messages with their outbox kind.
CAMPAIGN = "campaign"

#: Owed messages never listed or opened here: the link in an address confirmation proves that whoever follows it
#: reads that mailbox, so it must stay in the mailbox (the portal would hand it to whoever is signed in).
UNLISTED_KINDS = ("member_email_confirm",)

#: What each kind of message is, in the words its reader would use (English: the frontend has its own).
KIND_LABELS: dict[str, str] = {
    "receipt": "Receipt",
    "receipt_void": "Receipt cancelled",
    "year_end_statement": "Year-end statement",
    "tribute_notice": "Tribute notice",
    "recurring_gift_started": "Regular gift started",
    "recurring_charge_notice": "Regular gift payment",
    "recurring_amount_changed": "Regular gift changed",
    "charge_notice": "Payment coming up",
    "card_expiring": "Card expiring",
    "membership_welcome": "Welcome to membership",
    "membership_reminder": "Membership renewal reminder",
    "member_email_in_use": "Email address already in use",
    "volunteer_signup_confirmation": "Volunteer sign-up confirmed",
    "volunteer_signup_notice": "Volunteer sign-up update",
    "volunteer_shift_reminder": "Volunteer shift reminder",
    "volunteer_shift_message": "Message about a volunteer shift",
}

#: Campaign email by its topic.
TOPIC_LABELS: dict[str, str] = {
    "newsletter": "Newsletter",
    "fundraising": "Appeal",
    "events": "Events",
    "volunteering": "Volunteering news",
    "membership": "Membership news",
}


def kind_label(kind: str, *, topic: str = "") -> str:
    if kind == CAMPAIGN:
        return TOPIC_LABELS.get(topic, "Newsletter")
    return KIND_LABELS.get(kind) or kind.replace("_", " ").capitalize()


@dataclass(frozen=True)
class SentMessage:
    """One message as its reader sees it in their list."""

    key: str
    kind: str
    label: str
    topic: str
    subject: str
    sent_at: dt.datetime
    delivery: str
    web_link: str


# -------------------------------------------------------------------------------------------------------------
# The signed link to an owed message as it was sent
# -------------------------------------------------------------------------------------------------------------


def sent_message_token(message: OutboxMessage) -> str:
    """Signed with the record it was sent to as well as its id: a message moved to another record (a merge) no
    longer opens with a link made before."""
    return signing.dumps([message.pk, message.constituent_id], salt=SENT_TOKEN_SALT, compress=False)


def sent_message_link(message: OutboxMessage) -> str:
    return frontend_url(reverse("mail_sent_message", args=[sent_message_token(message)]))


def sent_message_from_token(token: str) -> OutboxMessage | None:
    """The sent message a link was made for; None when the link is forged, mangled or expired, or the message is
    not one its reader may open here."""
    try:
        message_id, constituent_id = signing.loads(token, salt=SENT_TOKEN_SALT, max_age=SENT_LINK_MAX_AGE)
        message_id, constituent_id = int(message_id), int(constituent_id)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return _listed(OutboxMessage.objects.filter(pk=message_id, constituent_id=constituent_id)).first()


# -------------------------------------------------------------------------------------------------------------
# A person's messages
# -------------------------------------------------------------------------------------------------------------


def _listed(messages: QuerySet[OutboxMessage]) -> QuerySet[OutboxMessage]:
    return messages.filter(status=OutboxMessage.Status.SENT, sent_at__isnull=False).exclude(kind__in=UNLISTED_KINDS)


def _rows(constituent_id: int) -> QuerySet[Any]:
    """(source, sent_at, id) of every message sent to the person, from both tables in one query, newest first."""

    def columns(queryset: QuerySet[Any], source: str) -> QuerySet[Any]:
        return (
            queryset.order_by()
            .annotate(source=Value(source, output_field=CharField()), at=F("sent_at"), row=F("pk"))
            .values_list("source", "at", "row")
        )

    copies = CampaignRecipient.objects.filter(
        constituent_id=constituent_id, status=CampaignRecipient.Status.SENT, sent_at__isnull=False
    )
    owed = _listed(OutboxMessage.objects.filter(constituent_id=constituent_id))
    return columns(copies, CAMPAIGN).union(columns(owed, "outbox"), all=True).order_by("-at", "source", "-row")


def _subject(recipient: CampaignRecipient) -> str:
    """The subject this copy went with: its letter's in a subject test, else the winner's (or the one subject)."""
    campaign = recipient.campaign
    subjects = {"a": campaign.subject, "b": campaign.subject_b or campaign.subject}
    return subjects.get(recipient.variant) or subjects[campaign.winner or "a"]


class SentMessages:
    """A person's sent messages, newest first, read only when sliced: each slice costs three queries (the page's
    rows from both tables at once, then the copies with their campaigns, then the owed messages), and two more
    when a subject on it has merge tags (the person's giving and membership, as the web version fills them:
    today's). Its length is one more (a count)."""

    def __init__(self, constituent: Constituent) -> None:
        self.constituent = constituent
        self.rows = _rows(constituent.pk)

    def __len__(self) -> int:
        return self.rows.count()

    def __iter__(self) -> Iterator[SentMessage]:
        return iter(self[:])

    def __getitem__(self, index: slice) -> list[SentMessage]:
        if not isinstance(index, slice):
            raise TypeError("Read sent messages a page (a slice) at a time.")
        rows = list(self.rows[index])
        copy_ids = [row for source, _, row in rows if source == CAMPAIGN]
        message_ids = [row for source, _, row in rows if source != CAMPAIGN]
        copies, messages = self._copies(copy_ids), self._owed(message_ids)
        found = []
        for source, _, row in rows:
            item = copies.get(row) if source == CAMPAIGN else messages.get(row)
            if item is not None:  # (gone since the page's rows were read)
                found.append(item)
        return found

    def _copies(self, ids: list[int]) -> dict[int, SentMessage]:
        """The copies by id."""
        if not ids:
            return {}
        copies = list(
            CampaignRecipient.objects.filter(pk__in=ids, constituent_id=self.constituent.pk)
            .select_related("campaign")
            .only(
                "variant",
                "sent_at",
                "delivery",
                "constituent_id",
                "campaign__subject",
                "campaign__subject_b",
                "campaign__winner",
                "campaign__topic",
                "campaign__appeal_code",
            )
        )
        for copy in copies:
            copy.constituent = self.constituent  # whose they are is known: no query for it
        subjects = {copy.pk: _subject(copy) for copy in copies}
        values: dict[str, str] = {}
        if any("{{" in subject for subject in subjects.values()):
            # the person's own values are the same in every copy; only the links differ, and no subject has one
            values = campaigns.merge_values(copies[0].campaign, copies[:1])[copies[0].pk]
        return {
            copy.pk: SentMessage(
                key=f"{CAMPAIGN}:{copy.pk}",
                kind=CAMPAIGN,
                label=kind_label(CAMPAIGN, topic=copy.campaign.topic),
                topic=copy.campaign.topic,
                subject=fill(subjects[copy.pk], values, escape=lambda value: value),
                sent_at=copy.sent_at,  # type: ignore[arg-type]
                delivery=copy.delivery,
                web_link=rendering.recipient_links(copy.pk, copy.campaign)["web_link"],
            )
            for copy in copies
        }

    def _owed(self, ids: list[int]) -> dict[int, SentMessage]:
        """The owed messages by id."""
        if not ids:
            return {}
        messages = _listed(OutboxMessage.objects.filter(pk__in=ids, constituent_id=self.constituent.pk)).only(
            "kind", "subject", "sent_at", "delivery", "constituent_id"
        )
        return {
            message.pk: SentMessage(
                key=f"message:{message.pk}",
                kind=message.kind,
                label=kind_label(message.kind),
                topic="",
                subject=message.subject,
                sent_at=message.sent_at,  # type: ignore[arg-type]
                delivery=message.delivery,
                web_link=sent_message_link(message),
            )
            for message in messages
        }


def sent_messages_of(*, constituent: Constituent) -> SentMessages:
    """Every message Steward sent the person (their campaign copies and owed messages), newest first, to be read a
    page at a time."""
    return SentMessages(constituent)
