"""The sign-in limits at the HTTP edge: the device cookie, and the Wagtail admin's login and password-reset forms.

The admin's forms are Wagtail's own, swapped in by the `WAGTAILADMIN_USER_LOGIN_FORM` and
`WAGTAILADMIN_USER_PASSWORD_RESET_FORM` settings (Wagtail's documented way to customise them): so `/admin/login/`
goes through the same `account_sign_in_with_password` as the portal's `signIn`, and its reset requests through the same
per-account and per-address limits. A successful sign-in anywhere asks for the device cookie with
`device_cookie_remember`; `SignInDeviceCookieMiddleware` writes it on the response (a form has no response of its own).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from wagtail.admin.forms.auth import LoginForm, PasswordResetForm

from steward.core.client_address import client_address

from . import accounts

_PENDING_DEVICE_COOKIE = "_steward_sign_in_device_cookie"


def device_cookie(request: HttpRequest | None) -> str | None:
    """The device cookie this request carries, unchecked (the service checks it)."""
    if request is None:
        return None
    return request.COOKIES.get(settings.ACCOUNT_DEVICE_COOKIE_NAME)


def device_cookie_remember(request: HttpRequest, *, user: User) -> None:
    """Have the response set a fresh device cookie for the account this request just signed in to."""
    setattr(request, _PENDING_DEVICE_COOKIE, accounts.device_token_issue(user=user))


class SignInDeviceCookieMiddleware:
    """Sets the device cookie that a sign-in during this request asked for."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        token = getattr(request, _PENDING_DEVICE_COOKIE, None)
        if token:
            response.set_cookie(
                settings.ACCOUNT_DEVICE_COOKIE_NAME,
                token,
                max_age=settings.ACCOUNT_DEVICE_COOKIE_MAX_AGE_DAYS * 24 * 60 * 60,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response


def _is_throttled(error: ValidationError) -> bool:
    return not hasattr(error, "error_dict") and any(item.code == "throttled" for item in error.error_list)


class AdminLoginForm(LoginForm):
    """Wagtail's login form, checked under the sign-in limits shared with the portal."""

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is not None and password:
            try:
                user = accounts.account_sign_in_with_password(
                    username=username,
                    password=password,
                    ip_address=client_address(self.request) if self.request is not None else None,
                    device_token=device_cookie(self.request),
                    request=self.request,
                )
            except ValidationError as error:
                if _is_throttled(error):
                    raise forms.ValidationError(error.messages[0], code="throttled") from None
                raise self.get_invalid_login_error() from None
            self.user_cache = user
            self.confirm_login_allowed(user)
            if self.request is not None:
                device_cookie_remember(self.request, user=user)
        return self.cleaned_data


class AdminPasswordResetForm(PasswordResetForm):
    """Wagtail's password-reset form under the email-request limits; beyond them it sends nothing.

    The page answers the same whether or not an email went (and whether or not an account exists).
    """

    def save(self, *args: Any, **kwargs: Any) -> None:
        request = kwargs.get("request")
        try:
            accounts.account_email_request_record(
                email=self.cleaned_data["email"], ip_address=client_address(request) if request is not None else None
            )
        except ValidationError:
            return
        super().save(*args, **kwargs)
