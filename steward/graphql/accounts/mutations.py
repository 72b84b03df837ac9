"""Mutations of portal accounts. The session is Django's: sign-in calls django.contrib.auth.login on the request.

Each returns `<Mutation>Payload`: the success type, or `OperationInfo` whose messages carry the input field
(camelCased), a code (`invalid_credentials`, `throttled`, `unverified`, `invalid`, `expired`, the password
validators' codes…) and the message. Requests that name an email answer the same whether or not it has an account.
Every one is counted against the sign-in limits by the client's address (steward/members/sign_in_limits.py); a
sign-in sets the device cookie that lets this browser's correct password past the account's limit later.
"""

from typing import Annotated

import strawberry
import strawberry_django
from django.contrib.auth import login, logout
from django.http import HttpRequest
from strawberry import Info

from steward.core.client_address import client_address
from steward.graphql.accounts.types import (
    AccountRequestAcceptedType,
    EmailVerifiedType,
    PasswordChangedType,
    ViewerType,
)
from steward.members import accounts
from steward.members.sign_in_web import device_cookie, device_cookie_remember

AUTH_BACKEND = "django.contrib.auth.backends.ModelBackend"


@strawberry.input(description="A new portal account.")
class SignUpInput:
    email: str = strawberry.field(description="The email address to sign in with; it must be confirmed first.")
    password: str = strawberry.field(description="The password (the site's password rules apply).")
    given_name: str = strawberry.field(description="Given (first) name.")
    family_name: str = strawberry.field(description="Family name.")


@strawberry.input(description="An email address and password.")
class SignInInput:
    email: str = strawberry.field(description="The account's email address.")
    password: str = strawberry.field(description="The password.")


@strawberry.input(description="A new password, with the uid and token of the emailed reset link.")
class ResetPasswordInput:
    uid: str = strawberry.field(description="The `uid` parameter of the reset link.")
    token: str = strawberry.field(description="The `token` parameter of the reset link.")
    password: str = strawberry.field(description="The new password.")


def _request(info: Info) -> HttpRequest:
    return info.context.request


EmailArgument = Annotated[str, strawberry.argument(description="The email address.")]
TokenArgument = Annotated[str, strawberry.argument(description="The `token` parameter of the emailed link.")]


@strawberry.type
class AccountsMutation:
    @strawberry_django.mutation(
        handle_django_errors=True,
        description=(
            "Create a portal account and a member record; a link to confirm the email is sent, and the account "
            "can sign in once confirmed. Answers the same when the email already has an account (that address is "
            "told so by email). Too many sign-ups for one address, or from one network, make it wait (code "
            "`throttled`)."
        ),
    )
    def sign_up(
        self, info: Info, input: Annotated[SignUpInput, strawberry.argument(description="The new account.")]
    ) -> AccountRequestAcceptedType:
        accounts.account_sign_up(
            email=input.email,
            password=input.password,
            given_name=input.given_name,
            family_name=input.family_name,
            ip_address=client_address(_request(info)),
        )
        return AccountRequestAcceptedType(email=accounts.email_normalise(input.email))

    @strawberry_django.mutation(
        handle_django_errors=True,
        description="Send the confirm-your-email link again to an account that has not confirmed yet.",
    )
    def request_verification_email(self, info: Info, email: EmailArgument) -> AccountRequestAcceptedType:
        accounts.account_verification_resend(email=email, ip_address=client_address(_request(info)))
        return AccountRequestAcceptedType(email=accounts.email_normalise(email))

    @strawberry_django.mutation(
        handle_django_errors=True,
        description="Confirm an account's email with the token of the emailed link; the account can then sign in.",
    )
    def verify_email(self, info: Info, token: TokenArgument) -> EmailVerifiedType:
        user = accounts.account_email_verify(token=token, ip_address=client_address(_request(info)))
        return EmailVerifiedType(email=user.email)

    @strawberry_django.mutation(
        handle_django_errors=True,
        description=(
            "Sign in with email and password (a session cookie). Repeated failures for one email make it wait "
            "(code `throttled`); an unconfirmed account gets code `unverified`."
        ),
    )
    def sign_in(
        self, info: Info, input: Annotated[SignInInput, strawberry.argument(description="The credentials.")]
    ) -> ViewerType:
        request = _request(info)
        user = accounts.account_sign_in(
            email=input.email,
            password=input.password,
            ip_address=client_address(request),
            device_token=device_cookie(request),
        )
        login(request, user, backend=AUTH_BACKEND)
        device_cookie_remember(request, user=user)
        return ViewerType.for_user(user)

    @strawberry_django.mutation(handle_django_errors=True, description="Sign out of this session.")
    def sign_out(self, info: Info) -> ViewerType:
        logout(_request(info))
        return ViewerType.for_user(None)

    @strawberry_django.mutation(
        handle_django_errors=True,
        description="Email a link to choose a new password. Answers the same whether or not the email has an account.",
    )
    def request_password_reset(self, info: Info, email: EmailArgument) -> AccountRequestAcceptedType:
        accounts.account_password_reset_request(email=email, ip_address=client_address(_request(info)))
        return AccountRequestAcceptedType(email=accounts.email_normalise(email))

    @strawberry_django.mutation(
        handle_django_errors=True,
        description="Choose a new password with the emailed reset link (it works once); then sign in with it.",
    )
    def reset_password(
        self,
        info: Info,
        input: Annotated[ResetPasswordInput, strawberry.argument(description="The link and the new password.")],
    ) -> PasswordChangedType:
        user = accounts.account_password_reset(
            uid=input.uid, token=input.token, password=input.password, ip_address=client_address(_request(info))
        )
        return PasswordChangedType(email=user.email)

    @strawberry_django.mutation(
        handle_django_errors=True,
        description=("Email a one-time sign-in link. Answers the same whether or not the email has an account."),
    )
    def request_sign_in_link(self, info: Info, email: EmailArgument) -> AccountRequestAcceptedType:
        accounts.account_sign_in_link_request(email=email, ip_address=client_address(_request(info)))
        return AccountRequestAcceptedType(email=accounts.email_normalise(email))

    @strawberry_django.mutation(
        handle_django_errors=True,
        description="Sign in with the token of an emailed sign-in link (each link works once).",
    )
    def sign_in_with_link(self, info: Info, token: TokenArgument) -> ViewerType:
        request = _request(info)
        user = accounts.account_sign_in_with_link(token=token, ip_address=client_address(request))
        login(request, user, backend=AUTH_BACKEND)
        device_cookie_remember(request, user=user)
        return ViewerType.for_user(user)
