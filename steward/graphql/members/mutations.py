"""Mutations of the members domain: a signed-in member changing their own profile, consents and directory listing.

Each returns `<Mutation>Payload`: the success type, or `OperationInfo` whose messages carry the input field
(camelCased, e.g. `primaryAddress.postalCode`), a code and the message. Services do the writing and the checking.
"""

import datetime as dt
from typing import Annotated, Any

import strawberry
import strawberry_django
from strawberry import UNSET, Info

from steward.core.client_address import client_address
from steward.graphql import permissions
from steward.graphql.common import choice_value, viewer_constituent_required
from steward.graphql.members.types import ConsentChannelEnum, ConsentTopicEnum, ConsentType, MemberType
from steward.members import services

PORTAL_SOURCE = "portal"


@strawberry.input(description="A postal address.")
class AddressInput:
    line1: str = strawberry.field(description="The first address line.")
    line2: str = strawberry.field(default="", description="The second address line.")
    city: str = strawberry.field(default="", description="The city or town.")
    region: str = strawberry.field(default="", description="The state, province or region.")
    postal_code: str = strawberry.field(default="", description="The postcode, in the country's format.")
    country: str = strawberry.field(description="The ISO 3166-1 alpha-2 country code, e.g. TH, GB.")

    def values(self) -> dict[str, str]:
        """The address as the address services take it."""
        return {
            "line1": self.line1,
            "line2": self.line2,
            "city": self.city,
            "region": self.region,
            "postal_code": self.postal_code,
            "country": self.country,
        }


@strawberry.input(
    description=(
        "Changes to the signed-in member's profile. Fields left out (or null) stay as they are; an empty string "
        "clears a text field; `birthDate: null` clears the birth date."
    )
)
class UpdateProfileInput:
    title: str | None = strawberry.field(default=UNSET, description="Honorific, e.g. Dr, Ms, Khun.")
    given_name: str | None = strawberry.field(default=UNSET, description="Given (first) name.")
    middle_name: str | None = strawberry.field(default=UNSET, description="Middle name(s).")
    family_name: str | None = strawberry.field(default=UNSET, description="Family name.")
    preferred_name: str | None = strawberry.field(default=UNSET, description="What they like to be called.")
    pronouns: str | None = strawberry.field(default=UNSET, description="Pronouns, e.g. they/them.")
    birth_date: dt.date | None = strawberry.field(default=UNSET, description="Date of birth (not in the future).")
    primary_email: str | None = strawberry.field(
        default=UNSET,
        description=(
            "The email address to reach them at. One already theirs becomes primary at once; a new one is used "
            "only once confirmed: a link is sent to it (see `pendingEmail` and `confirmEmail`). Too many links asked "
            "for one address, or from one network, make it wait (code `throttled`)."
        ),
    )
    primary_phone: str | None = strawberry.field(
        default=UNSET, description="The phone number, in international form (e.g. +66 2 123 4567); becomes primary."
    )
    primary_address: AddressInput | None = strawberry.field(
        default=UNSET, description="The postal address; becomes their primary one."
    )

    def profile_fields(self) -> dict[str, Any]:
        """The profile fields the member sent, as the model names them."""
        text_fields = ("title", "given_name", "middle_name", "family_name", "preferred_name", "pronouns")
        fields: dict[str, Any] = {
            name: getattr(self, name).strip() for name in text_fields if getattr(self, name) not in (UNSET, None)
        }
        if self.birth_date is not UNSET:
            fields["birth_date"] = self.birth_date
        return fields


@strawberry.input(description="A member's choice about being contacted on one channel about one topic.")
class UpdateConsentInput:
    channel: ConsentChannelEnum = strawberry.field(description="The channel, e.g. EMAIL.")
    topic: ConsentTopicEnum = strawberry.field(description="The topic, e.g. NEWSLETTER.")
    granted: bool = strawberry.field(description="True to agree, false to withdraw.")
    wording: str = strawberry.field(
        description="The exact wording the member was shown when choosing (kept in the consent ledger)."
    )


@strawberry.input(description="Whether and how the signed-in member appears in the member directory.")
class UpdateDirectoryVisibilityInput:
    opt_in: bool = strawberry.field(description="Appear in the directory (your name is always shown when you do).")
    show_email: bool = strawberry.field(default=False, description="Also show your primary email.")
    show_phone: bool = strawberry.field(default=False, description="Also show your primary phone number.")
    show_city: bool = strawberry.field(default=False, description="Also show the city of your primary address.")


def _given(value: str | None) -> str | None:
    """A contact detail the member sent, or None when they left it out (null too: it is not removed here)."""
    return None if value is UNSET else value


@strawberry.type
class MembersMutation:
    @strawberry_django.mutation(
        extensions=[permissions.IsMember()],
        handle_django_errors=True,
        description=(
            "Change the signed-in member's name parts, pronouns, birth date and primary email, phone and address. "
            "All or nothing: any invalid part returns every field error and changes nothing."
        ),
    )
    def update_profile(
        self,
        info: Info,
        input: Annotated[UpdateProfileInput, strawberry.argument(description="The changes.")],
    ) -> MemberType:
        address = input.primary_address
        return services.member_profile_update(  # type: ignore[return-value]
            constituent=viewer_constituent_required(info),
            fields=input.profile_fields(),
            primary_email=_given(input.primary_email),
            primary_phone=_given(input.primary_phone),
            primary_address=address.values() if address is not UNSET and address is not None else None,
            ip_address=client_address(info.context.request),
        )

    @strawberry_django.mutation(
        extensions=[permissions.IsMember()],
        handle_django_errors=True,
        description=(
            "Record the signed-in member's choice for one channel and topic in the consent ledger "
            "(source: portal), with the wording they were shown."
        ),
    )
    def update_consent(
        self,
        info: Info,
        input: Annotated[UpdateConsentInput, strawberry.argument(description="The choice.")],
    ) -> ConsentType:
        record = services.consent_record(
            constituent=viewer_constituent_required(info),
            channel=choice_value(input.channel),
            topic=choice_value(input.topic),
            granted=input.granted,
            source=PORTAL_SOURCE,
            wording=input.wording,
            recorded_by=permissions.viewer_user(info),  # type: ignore[arg-type]
        )
        return ConsentType.from_record(record)

    @strawberry_django.mutation(
        extensions=[permissions.IsMember()],
        handle_django_errors=True,
        description=(
            "Start messages to the signed-in member's primary email address again, after it bounced or a message "
            "was marked as spam, once they say it takes mail again. Errors on `email`: no_email, not_suppressed, "
            "staff_only (staff stopped them: only staff start them again)."
        ),
    )
    def resubscribe_email(self, info: Info) -> MemberType:
        constituent = viewer_constituent_required(info)
        services.member_email_resubscribe(constituent=constituent)
        return constituent  # type: ignore[return-value]

    @strawberry_django.mutation(
        extensions=[permissions.IsMember()],
        handle_django_errors=True,
        description="Choose whether the signed-in member appears in the member directory and what it shows.",
    )
    def update_directory_visibility(
        self,
        info: Info,
        input: Annotated[UpdateDirectoryVisibilityInput, strawberry.argument(description="The choice.")],
    ) -> MemberType:
        return services.directory_visibility_update(  # type: ignore[return-value]
            constituent=viewer_constituent_required(info),
            opt_in=input.opt_in,
            show_email=input.show_email,
            show_phone=input.show_phone,
            show_city=input.show_city,
        )

    @strawberry_django.mutation(
        extensions=[permissions.IsMember()],
        handle_django_errors=True,
        description=(
            "Confirm the new email address the signed-in member asked for, with the `token` of the link sent to it; "
            "it then becomes their primary email. Errors on `token`: invalid (not this member's, superseded, or the "
            "address is no longer free), expired."
        ),
    )
    def confirm_email(
        self,
        info: Info,
        token: Annotated[str, strawberry.argument(description="The `token` parameter of the emailed link.")],
    ) -> MemberType:
        return services.member_email_change_confirm(constituent=viewer_constituent_required(info), token=token)  # type: ignore[return-value]
