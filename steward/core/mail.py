"""Handing an email to the mail server: the one door every message Steward sends goes through.

Whether a person may be sent a message is decided in one place (DESIGN "Rules that keep money and messages
right"): the contact policy the members app registers (steward/members/contact.py) answers, for each address
a message is going to, whether a message of this purpose (and, for marketing, this topic) may go there, and
whose record the address is. `deliver` asks it for every recipient and sends only when none is refused; the
outbox sends everything it owes through `deliver`, and so do the few senders outside it (account emails). A
test scans the project for any other place that hands mail to Django.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from django.core.mail import EmailMessage
from django.core.mail.message import make_msgid
from django.core.mail.utils import DNS_NAME


class NotOwed(Exception):
    """The message is no longer owed (what it was about changed, or there is no one to send it to)."""


class Purpose(StrEnum):
    """What a message is for, which decides who may be sent it."""

    #: About something the person did or asked for (a receipt, a confirmation, a notice of a charge, an
    #: account email): sent to people who opted out of marketing; never to the deceased, a merged record or a
    #: suppressed address.
    TRANSACTIONAL = "transactional"
    #: About their relationship with the organisation, unasked (a renewal reminder): as transactional, and not
    #: to people flagged do-not-contact or do-not-email.
    REMINDER = "reminder"
    #: Campaign email (newsletters, appeals): as a reminder, and only with consent for its topic on email.
    MARKETING = "marketing"


@dataclass(frozen=True)
class Verdict:
    """The contact policy's answer for one address: why it may not be sent to ("" when it may), and the record
    the address belongs to (None for an address no constituent has, such as a staff user's)."""

    refusal: str = ""
    constituent_id: int | None = None


ContactPolicy = Callable[[str, Purpose, str], Verdict]
_policies: list[ContactPolicy] = []


def contact_policy_register(policy: ContactPolicy) -> None:
    """Install the contact policy (the members app does, at start-up)."""
    _policies[:] = [policy]


def email_verdict(address: str, *, purpose: Purpose, topic: str = "") -> Verdict:
    """May a message of this purpose (and topic) go to this address?"""
    if not _policies:
        raise RuntimeError("No contact policy is installed: nothing may be sent (the members app installs it).")
    if purpose == Purpose.MARKETING and not topic:
        raise ValueError("A marketing message needs the topic its recipients consented to.")
    return _policies[0](address, purpose, topic)


def deliver(email: EmailMessage, *, purpose: Purpose, topic: str = "") -> Verdict:
    """Send an email if every one of its recipients may be sent it; NotOwed (with the reason) when one may not,
    and nothing is sent. Returns the verdict of its first recipient (whose record the message is on)."""
    addresses = [*email.to, *email.cc, *email.bcc]
    if not addresses:
        raise NotOwed("The message has no recipient.")
    verdicts = [email_verdict(address, purpose=purpose, topic=topic) for address in addresses]
    for verdict in verdicts:
        if verdict.refusal:
            raise NotOwed(verdict.refusal)
    if "Message-ID" not in email.extra_headers:
        # our own id for the message, kept on the outbox row: providers that relay by SMTP report it back
        email.extra_headers["Message-ID"] = make_msgid(domain=DNS_NAME)
    email.send()
    return verdicts[0]


def sent_message_id(email: EmailMessage) -> str:
    """The id by which the mail provider will report on a sent message: the one its API gave (Anymail), else
    the Message-ID header `deliver` set."""
    status = getattr(email, "anymail_status", None)
    provider_id = getattr(status, "message_id", None)
    if isinstance(provider_id, str) and provider_id:
        return provider_id
    return str(email.extra_headers.get("Message-ID", ""))
