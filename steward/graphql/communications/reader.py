"""The reader of a campaign email, known by the signed token of its personalised links: only what the donate form
needs to fill itself in (names and the address the email went to), for a donate link followed from that email.

The token is the credential, as it is for the email's unsubscribe and preferences links: whoever holds the link
holds the email it came in, so this tells them nothing that email did not already show.
"""

from __future__ import annotations

from typing import Annotated

import strawberry

from steward.communications.rendering import recipient_from_token


@strawberry.type(name="EmailReader", description="Who a campaign email's personalised link was made for.")
class EmailReaderType:
    given_name: str = strawberry.field(description="Their given (first) name; may be empty.")
    family_name: str = strawberry.field(description="Their family name; may be empty.")
    email: str = strawberry.field(description="The address the email was sent to.")


@strawberry.type
class EmailReaderQuery:
    @strawberry.field(
        description=(
            "Who a campaign email's donate link was made for (its `r` parameter), to fill in the donate form; no "
            "sign-in needed: the token is the credential. Null when the token is forged, mangled or expired "
            "(links last two years), or its email's record is gone."
        )
    )
    def email_reader(
        self, token: Annotated[str, strawberry.argument(description="The `r` parameter of the donate link.")]
    ) -> EmailReaderType | None:
        recipient = recipient_from_token(token)
        if recipient is None:
            return None
        person = recipient.constituent
        return EmailReaderType(given_name=person.given_name, family_name=person.family_name, email=recipient.address)
