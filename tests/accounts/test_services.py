import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from steward.members import accounts
from steward.members.models import Constituent, SignInFailure
from tests.accounts.conftest import PASSWORD, link_in_last_mail
from tests.factories import IndividualFactory, UserFactory


def codes(error: ValidationError) -> dict[str, list[str]]:
    return (
        {field: [e.code for e in errors] for field, errors in error.error_dict.items()}
        if hasattr(error, "error_dict")
        else {"__all__": [e.code for e in error.error_list]}
    )


# Sign up and confirmation -------------------------------------------------------------------------------


def test_sign_up_creates_an_inactive_account_and_a_new_individual(signed_up):
    # given someone signed up with a mixed-case email
    # then the username is the lower-cased email, inactive until confirmed, linked to a new individual record
    assert signed_up.username == "malee@example.org"
    assert not signed_up.is_active
    constituent = Constituent.objects.get(user=signed_up)
    assert constituent.kind == Constituent.Kind.INDIVIDUAL
    assert (constituent.given_name, constituent.family_name) == ("Malee", "Srisuk")
    assert constituent.emails.get(is_primary=True).address == "malee@example.org"
    # and a confirm link went to that address, pointing at the frontend
    assert mail.outbox[-1].to == ["malee@example.org"]
    assert "http://" in mail.outbox[-1].body
    assert link_in_last_mail("/account/verify-email")["token"]


def test_sign_up_makes_a_new_record_even_when_a_constituent_has_that_email(db):
    existing = IndividualFactory()
    existing.emails.create(address="donor@example.org", is_primary=True)
    user = accounts.account_sign_up(
        email="donor@example.org", password=PASSWORD, given_name="Dana", family_name="Donor"
    )
    assert user is not None
    assert Constituent.objects.get(user=user).pk != existing.pk


def test_sign_up_applies_the_password_validators_and_requires_names(db):
    with pytest.raises(ValidationError) as caught:
        accounts.account_sign_up(email="a@example.org", password="12345678", given_name=" ", family_name="")
    error_codes = codes(caught.value)
    assert "password_entirely_numeric" in error_codes["password"]
    assert "password_too_common" in error_codes["password"]
    assert error_codes["given_name"] == ["required"]
    assert error_codes["family_name"] == ["required"]
    assert not User.objects.exists()
    assert mail.outbox == []


def test_sign_up_rejects_an_invalid_email(db):
    with pytest.raises(ValidationError) as caught:
        accounts.account_sign_up(email="not-an-email", password=PASSWORD, given_name="A", family_name="B")
    assert codes(caught.value) == {"email": ["invalid"]}


def test_sign_up_with_a_taken_email_creates_nothing_and_tells_the_owner(verified):
    # when someone signs up again with the same address
    result = accounts.account_sign_up(
        email="MALEE@example.org", password=PASSWORD, given_name="Other", family_name="Person"
    )
    # then nothing is created, and the address's owner is told (the caller cannot tell the difference)
    assert result is None
    assert User.objects.count() == 1
    assert Constituent.objects.count() == 1
    assert mail.outbox[-1].to == ["malee@example.org"]
    assert "already has an account" in mail.outbox[-1].body


def test_verify_email_activates_the_account_and_can_be_repeated(signed_up):
    token = link_in_last_mail("/account/verify-email")["token"]
    user = accounts.account_email_verify(token=token)
    assert user.is_active
    assert accounts.account_email_verify(token=token).pk == user.pk


def test_verify_email_refuses_a_tampered_or_expired_link(signed_up):
    token = link_in_last_mail("/account/verify-email")["token"]
    with pytest.raises(ValidationError) as caught:
        accounts.account_email_verify(token=token[:-2] + "xx")
    assert codes(caught.value) == {"token": ["invalid"]}
    with override_settings(ACCOUNT_VERIFY_EMAIL_MAX_AGE_HOURS=0), pytest.raises(ValidationError) as caught:
        accounts.account_email_verify(token=token)
    assert codes(caught.value) == {"token": ["expired"]}
    signed_up.refresh_from_db()
    assert not signed_up.is_active


def test_verify_email_does_not_reactivate_an_account_staff_deactivated(signed_up):
    token = link_in_last_mail("/account/verify-email")["token"]
    signed_up.last_login = timezone.now()
    signed_up.save()
    with pytest.raises(ValidationError):
        accounts.account_email_verify(token=token)


def test_verification_can_be_resent_only_to_unconfirmed_accounts(signed_up):
    mail.outbox.clear()
    accounts.account_verification_resend(email="malee@example.org")
    assert len(mail.outbox) == 1
    accounts.account_verification_resend(email="nobody@example.org")
    assert len(mail.outbox) == 1


# Password sign-in and the throttle ----------------------------------------------------------------------


def test_sign_in_with_the_right_password(verified):
    assert accounts.account_sign_in(email=" Malee@example.org ", password=PASSWORD).pk == verified.pk


def test_sign_in_with_a_wrong_password_or_unknown_email_says_the_same(verified):
    for email in ("malee@example.org", "nobody@example.org"):
        with pytest.raises(ValidationError) as caught:
            accounts.account_sign_in(email=email, password="wrong password")
        assert codes(caught.value) == {"__all__": ["invalid_credentials"]}


def test_sign_in_before_confirming_says_so_only_with_the_right_password(signed_up):
    with pytest.raises(ValidationError) as caught:
        accounts.account_sign_in(email="malee@example.org", password=PASSWORD)
    assert codes(caught.value) == {"email": ["unverified"]}
    with pytest.raises(ValidationError) as caught:
        accounts.account_sign_in(email="malee@example.org", password="wrong password")
    assert codes(caught.value) == {"__all__": ["invalid_credentials"]}


@override_settings(ACCOUNT_SIGN_IN_MAX_FAILURES=3, ACCOUNT_SIGN_IN_FAILURE_WINDOW_MINUTES=15)
def test_repeated_failures_make_password_sign_in_wait(verified):
    # given three failures for the account
    for _ in range(3):
        with pytest.raises(ValidationError):
            accounts.account_sign_in(email="malee@example.org", password="wrong", ip_address="192.0.2.1")
    assert SignInFailure.objects.filter(kind=SignInFailure.Kind.PASSWORD, username="malee@example.org").count() == 3
    # then even the right password waits (from a device that never signed in), with a message that says how long
    with pytest.raises(ValidationError) as caught:
        accounts.account_sign_in(email="malee@example.org", password=PASSWORD)
    assert codes(caught.value) == {"__all__": ["throttled"]}
    assert "15 minutes" in caught.value.messages[0]
    # while another account is not affected
    other = UserFactory(username="other@example.org")
    assert accounts.account_sign_in(email="other@example.org", password="correct horse battery staple") == other


@override_settings(ACCOUNT_SIGN_IN_MAX_FAILURES=3, ACCOUNT_SIGN_IN_FAILURE_WINDOW_MINUTES=15)
def test_the_wait_ends_when_failures_leave_the_window_and_success_clears_them(verified):
    # given three failures, older than the window (as another process would have recorded them)
    long_ago = timezone.now() - dt.timedelta(minutes=16)
    SignInFailure.objects.bulk_create(SignInFailure(username="malee@example.org", failed_at=long_ago) for _ in range(3))
    assert accounts.sign_in_wait(username="malee@example.org") is None
    # and two recent ones
    SignInFailure.objects.bulk_create(SignInFailure(username="malee@example.org") for _ in range(2))
    # when the right password is given, it works and the account's failures are forgotten
    assert accounts.account_sign_in(email="malee@example.org", password=PASSWORD) == verified
    assert not SignInFailure.objects.filter(kind=SignInFailure.Kind.PASSWORD, username="malee@example.org").exists()


@override_settings(ACCOUNT_SIGN_IN_MAX_FAILURES=2, ACCOUNT_SIGN_IN_FAILURE_WINDOW_MINUTES=10)
def test_sign_in_wait_is_counted_from_the_oldest_failure_that_counts(db):
    now = timezone.now()
    SignInFailure.objects.create(username="a@example.org", failed_at=now - dt.timedelta(minutes=8))
    SignInFailure.objects.create(username="a@example.org", failed_at=now - dt.timedelta(minutes=1))
    wait = accounts.sign_in_wait(username="a@example.org", now=now)
    assert wait == dt.timedelta(minutes=2)


# Password reset ---------------------------------------------------------------------------------------------


def test_password_reset_sets_a_new_password_once(verified):
    accounts.account_password_reset_request(email="MALEE@example.org")
    params = link_in_last_mail("/account/reset-password")
    accounts.account_password_reset(uid=params["uid"], token=params["token"], password="another-Good-pass-77")
    assert accounts.account_sign_in(email="malee@example.org", password="another-Good-pass-77") == verified
    with pytest.raises(ValidationError) as caught:
        accounts.account_password_reset(uid=params["uid"], token=params["token"], password="third-Good-pass-88")
    assert codes(caught.value) == {"token": ["invalid"]}


def test_password_reset_applies_the_validators(verified):
    accounts.account_password_reset_request(email="malee@example.org")
    params = link_in_last_mail("/account/reset-password")
    with pytest.raises(ValidationError) as caught:
        accounts.account_password_reset(uid=params["uid"], token=params["token"], password="short")
    assert "password_too_short" in codes(caught.value)["password"]


def test_password_reset_request_does_not_reveal_unknown_or_unconfirmed_emails(signed_up):
    mail.outbox.clear()
    accounts.account_password_reset_request(email="nobody@example.org")
    accounts.account_password_reset_request(email="malee@example.org")  # not confirmed yet
    assert mail.outbox == []


def test_password_reset_refuses_a_bad_uid(verified):
    with pytest.raises(ValidationError) as caught:
        accounts.account_password_reset(uid="!!", token="x", password=PASSWORD)
    assert codes(caught.value) == {"token": ["invalid"]}


# Sign-in link ---------------------------------------------------------------------------------------------


def test_sign_in_link_works_once(verified):
    accounts.account_sign_in_link_request(email="malee@example.org")
    token = link_in_last_mail("/account/sign-in/link")["token"]
    assert accounts.account_sign_in_with_link(token=token) == verified
    with pytest.raises(ValidationError) as caught:
        accounts.account_sign_in_with_link(token=token)
    assert codes(caught.value) == {"token": ["invalid"]}


def test_sign_in_link_expires(verified):
    accounts.account_sign_in_link_request(email="malee@example.org")
    token = link_in_last_mail("/account/sign-in/link")["token"]
    with override_settings(ACCOUNT_SIGN_IN_LINK_MAX_AGE_MINUTES=0), pytest.raises(ValidationError) as caught:
        accounts.account_sign_in_with_link(token=token)
    assert codes(caught.value) == {"token": ["expired"]}


def test_sign_in_link_stops_working_after_a_password_sign_in(verified):
    accounts.account_sign_in_link_request(email="malee@example.org")
    token = link_in_last_mail("/account/sign-in/link")["token"]
    user = accounts.account_sign_in(email="malee@example.org", password=PASSWORD)
    user.last_login = timezone.now()  # what django.contrib.auth.login does
    user.save()
    with pytest.raises(ValidationError):
        accounts.account_sign_in_with_link(token=token)


def test_sign_in_link_is_not_sent_to_unknown_or_inactive_accounts(signed_up):
    mail.outbox.clear()
    accounts.account_sign_in_link_request(email="nobody@example.org")
    accounts.account_sign_in_link_request(email="malee@example.org")
    assert mail.outbox == []
