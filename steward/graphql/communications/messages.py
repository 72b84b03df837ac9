"""The signed-in member's messages: every email Steward sent them (their copies of campaign email and the messages
it owed them: receipts, reminders, notices…), newest first, a page at a time, each with a link that opens it as it
was sent. Only their own: the list is read by the record their account is linked to, and the links are signed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import Enum
from typing import Any

import strawberry
from strawberry import Info, relay

from steward.communications import sent
from steward.graphql import permissions
from steward.graphql.common import viewer_constituent_required
from steward.graphql.members.types import ConsentTopicEnum


@strawberry.enum(
    name="MessageDelivery",
    description="How far a sent message got, as far as the mail provider reported (it only moves forward).",
)
class MessageDeliveryEnum(Enum):
    SENT = strawberry.enum_value("", description="Sent; the mail provider has reported nothing more (yet).")
    DEFERRED = strawberry.enum_value("deferred", description="The receiving server asked to try again later.")
    DELIVERED = strawberry.enum_value("delivered", description="The receiving server accepted it.")
    OPENED = strawberry.enum_value("opened", description="It was opened.")
    CLICKED = strawberry.enum_value("clicked", description="A link in it was followed.")
    BOUNCED = strawberry.enum_value("bounced", description="The receiving server turned it away.")
    COMPLAINED = strawberry.enum_value("complained", description="It was marked as spam.")

    @classmethod
    def of(cls, delivery: str) -> MessageDeliveryEnum:
        try:
            return cls(delivery)
        except ValueError:
            return cls.SENT


@strawberry.type(
    name="MemberMessage",
    description=(
        "One email Steward sent the signed-in member: a copy of campaign email (a newsletter, an appeal…) or a "
        "message about something they did or have (a receipt, a renewal reminder…)."
    ),
)
class MemberMessageType:
    key: str = strawberry.field(description="Unique among the member's messages and stable: use it as a list key.")
    kind: str = strawberry.field(
        description=(
            "What it is: `campaign` for campaign email, otherwise the kind of message (receipt, "
            "membership_reminder, year_end_statement…)."
        )
    )
    kind_label: str = strawberry.field(description="What it is, in English words (e.g. Newsletter, Receipt).")
    topic: ConsentTopicEnum | None = strawberry.field(
        description="For campaign email, the topic it was about (NEWSLETTER, FUNDRAISING…); null otherwise."
    )
    subject: str = strawberry.field(description="The subject the member got.")
    sent_at: dt.datetime = strawberry.field(description="When it was sent.")
    status: MessageDeliveryEnum = strawberry.field(
        description="How far it got: sent, delivered, opened, clicked, or bounced…"
    )
    web_version_url: str = strawberry.field(
        description=(
            "A link that opens the message as it was sent, in a browser. Signed: for a campaign copy its web "
            "version (as in the email); for other messages it works for a day (read the list again for a new one)."
        )
    )

    @classmethod
    def from_sent(cls, message: sent.SentMessage) -> MemberMessageType:
        return cls(
            key=message.key,
            kind=message.kind,
            kind_label=message.label,
            topic=ConsentTopicEnum(message.topic) if message.topic else None,
            subject=message.subject,
            sent_at=message.sent_at,
            status=MessageDeliveryEnum.of(message.delivery),
            web_version_url=message.web_link,
        )


# (a connection of plain objects, not relay nodes: a message has no global id, nothing reads one by id)
@strawberry.type(name="MemberMessageConnection", description="A page of the signed-in member's messages.")
class MemberMessageConnection(relay.ListConnection[MemberMessageType]):  # type: ignore[type-var]
    """Pages of `sent.SentMessages`: each page read in a fixed number of queries, the count only when asked."""

    @strawberry.field(description="How many messages the member has in all.")
    def total_count(self) -> int:
        messages = getattr(self, "_messages", None)
        return len(messages) if messages is not None else 0

    @classmethod
    def resolve_node(cls, node: Any, *, info: Info, **kwargs: Any) -> MemberMessageType:
        return MemberMessageType.from_sent(node)

    @classmethod
    def resolve_connection(  # type: ignore[override]
        cls, nodes: sent.SentMessages, *, info: Info, **kwargs: Any
    ) -> MemberMessageConnection:
        if kwargs.get("last") is not None and kwargs.get("before") is None:
            # from the end: counted first, so only the last page is read (ListConnection would read them all)
            kwargs["before"] = relay.to_base64(relay.Edge.CURSOR_PREFIX, len(nodes))
        connection = super().resolve_connection(nodes, info=info, **kwargs)  # type: ignore[arg-type]
        connection._messages = nodes  # type: ignore[union-attr]
        return connection  # type: ignore[return-value]


@strawberry.type
class MessagesQuery:
    @relay.connection(
        MemberMessageConnection,
        extensions=[permissions.IsMember(fail_silently=False)],
        description=(
            "Every email Steward sent the signed-in member, newest first: campaign email and the messages about "
            "their gifts, membership and volunteering, each with a link to read it as it was sent."
        ),
    )
    def my_messages(self, info: Info) -> Iterable[sent.SentMessage]:
        return sent.sent_messages_of(constituent=viewer_constituent_required(info))
