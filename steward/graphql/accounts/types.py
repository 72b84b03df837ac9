"""GraphQL types of portal accounts: who the viewer is, and what an account request did."""

from typing import Any

import strawberry
from strawberry import Info

from steward.graphql import permissions
from steward.members.models import Constituent


@strawberry.type(name="Viewer", description="Who is using the API in this session.")
class ViewerType:
    signed_in: bool = strawberry.field(description="Whether a person is signed in.")
    email: str | None = strawberry.field(description="The signed-in account's email; null when signed out.")
    display_name: str | None = strawberry.field(
        description="The name to greet them by (preferred or given name); null when signed out."
    )
    has_member_record: bool = strawberry.field(
        description="Whether the account is linked to a member record (so `me` returns it)."
    )

    @classmethod
    def for_user(cls, user: Any) -> "ViewerType":
        if user is None or not user.is_authenticated:
            return cls(signed_in=False, email=None, display_name=None, has_member_record=False)
        constituent: Constituent | None = permissions.constituent_for_user(user)
        if constituent is not None:
            name = constituent.preferred_name or constituent.given_name or constituent.display_name
        else:
            name = user.get_full_name() or user.get_username()
        return cls(
            signed_in=True,
            email=user.email or user.get_username(),
            display_name=name,
            has_member_record=constituent is not None,
        )

    @classmethod
    def for_request(cls, info: Info) -> "ViewerType":
        return cls.for_user(permissions.viewer_user(info))


@strawberry.type(
    name="AccountRequestAccepted",
    description=(
        "The request was taken. If the address has (or may have) an account, an email is on its way; the answer "
        "is the same either way, so it never tells whether an account exists."
    ),
)
class AccountRequestAcceptedType:
    email: str = strawberry.field(description="The address the request was for, as it will be used.")


@strawberry.type(name="EmailVerified", description="The account's email address is confirmed; it can sign in.")
class EmailVerifiedType:
    email: str = strawberry.field(description="The confirmed address.")


@strawberry.type(name="PasswordChanged", description="The password was changed; sign in with the new one.")
class PasswordChangedType:
    email: str = strawberry.field(description="The account's email address.")
