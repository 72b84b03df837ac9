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
from typing import Any, TypeVar

from django.core.mail import EmailMessage
from django.core.mail.message import make_msgid
from django.core.mail.utils import DNS_NAME

from .sending_rate import RateLimited, sending_tokens

T = TypeVar("T")


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
BatchContactPolicy = Callable[[list[str], Purpose, str], dict[str, Verdict]]
_policies: list[ContactPolicy] = []
_batch_policies: list[BatchContactPolicy] = []


def contact_policy_register(policy: ContactPolicy, batch: BatchContactPolicy) -> None:
    """Install the contact policy, for one address and for many at once (the members app does, at start-up)."""
    _policies[:] = [policy]
    _batch_policies[:] = [batch]


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
    sending_tokens(1)  # the provider's rate limit (RateLimited when spent for long: sent later)
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


def deliver_batch(
    items: list[tuple[EmailMessage, T]],
    *,
    purpose: Purpose,
    topic: str = "",
    sent: Callable[[T, str], None],
    failed: Callable[[T, str], None],
    refused: Callable[[T, str], None],
    deferred: Callable[[T], None],
    connection: Any,
) -> bool:
    """Send many emails over one connection, each only if the contact policy allows every one of its
    recipients (asked once for the whole batch) and within the provider's rate limit: `sent(item, message id)`
    right after each is handed over, `refused(item, reason)` for one the policy refuses, `failed(item, error)`
    for one the server would not take, `deferred(item)` for each left when the rate limit is spent for longer
    than is worth waiting. Returns False when it deferred some."""
    if not _batch_policies:
        raise RuntimeError("No contact policy is installed: nothing may be sent (the members app installs it).")
    if purpose == Purpose.MARKETING and not topic:
        raise ValueError("A marketing message needs the topic its recipients consented to.")
    addresses = sorted({address for email, _ in items for address in (*email.to, *email.cc, *email.bcc)})
    verdicts = _batch_policies[0](addresses, purpose, topic)
    tokens = 0
    with connection:
        for index, (email, item) in enumerate(items):
            refusals = [verdicts[a].refusal for a in (*email.to, *email.cc, *email.bcc) if verdicts[a].refusal]
            if refusals or not email.to:
                refused(item, refusals[0] if refusals else "The message has no recipient.")
                continue
            if tokens == 0:
                try:
                    tokens = sending_tokens(len(items) - index)
                except RateLimited:
                    for _, later in items[index:]:
                        deferred(later)
                    return False
            tokens -= 1
            if "Message-ID" not in email.extra_headers:
                email.extra_headers["Message-ID"] = make_msgid(domain=DNS_NAME)
            email.connection = connection
            try:
                email.send()
            except Exception as error:  # the server refused this one: the others still go
                failed(item, f"{type(error).__name__}: {error}")
                continue
            sent(item, sent_message_id(email))
    return True
