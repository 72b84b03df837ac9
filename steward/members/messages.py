"""The transactional messages of the members domain (account emails, address confirmations, renewal
reminders) as staff may rewrite them (steward.core.message_templates)."""

from __future__ import annotations

from steward.core.message_templates import Tag, message_kind, person_tags

ACCOUNTS = "Accounts"
MEMBERSHIP = "Membership"


def _template(name: str) -> tuple[str, str]:
    return f"members/email/{name}_subject.txt", f"members/email/{name}.txt"


def _account(key: str, label: str, about: str, tags: dict[str, Tag]) -> None:
    subject, text = _template(key)
    message_kind(key, label=label, group=ACCOUNTS, about=about, subject=subject, text=text, tags=tags)


_account(
    "account_verify",
    "Confirm a new account",
    "Sent when someone makes a portal account: the link confirms their address.",
    {
        **person_tags("name"),
        "link": Tag("The confirm link", "link", "https://example.org/account/verify-email?token=…"),
        "hours": Tag("How many hours the link works", "hours", "48"),
    },
)
_account(
    "account_exists",
    "Someone signed up with an address that has an account",
    "Sent instead of a new account, so nobody learns which addresses have one.",
    {
        "sign_in_link": Tag("A link to sign in", "sign_in_link", "https://example.org/account/sign-in"),
        "reset_link": Tag(
            "A link to choose a new password", "reset_link", "https://example.org/account/forgot-password"
        ),
    },
)
_account(
    "account_password_reset",
    "Choose a new password",
    "",
    {
        **person_tags("name"),
        "link": Tag("The link to choose a new password", "link", "https://example.org/account/reset-password?…"),
        "hours": Tag("How many hours the link works", "hours", "24"),
    },
)
_account(
    "account_sign_in_link",
    "Sign-in link",
    "",
    {
        **person_tags("name"),
        "link": Tag("The sign-in link", "link", "https://example.org/account/sign-in/link?token=…"),
        "minutes": Tag("How many minutes the link works", "minutes", "15"),
    },
)
_account(
    "member_email_confirm",
    "Confirm a new email address",
    "Sent to the new address when a member changes theirs in the portal.",
    {
        **person_tags("name"),
        "address": Tag("The new address", "address", "noi@example.org"),
        "link": Tag("The confirm link", "link", "https://example.org/portal/profile/confirm-email?token=…"),
        "hours": Tag("How many hours the link works", "hours", "48"),
    },
)
_account(
    "member_email_in_use",
    "Someone asked to use an address already in use",
    "No names and no link to the other record.",
    {
        "address": Tag("The address", "address", "noi@example.org"),
        "sign_in_link": Tag("A link to sign in", "sign_in_link", "https://example.org/account/sign-in"),
    },
)

_REMINDER = {
    **person_tags("constituent.preferred_name|default:constituent.display_name"),
    "membership_level": Tag("The membership level", "membership.level.name", "Friend"),
    "membership_end": Tag("The day the membership ends", 'reminder.term_end|date:"j F Y"', "31 December 2026"),
    "renew_link": Tag("A link to renew in the portal", "renew_url", "https://example.org/portal/"),
}
RENEWAL_REMINDERS = {
    moment: message_kind(
        f"renewal_reminder_{moment}",
        label=label,
        group=MEMBERSHIP,
        subject="members/email/renewal_reminder_subject.txt",
        text="members/email/renewal_reminder.txt",
        tags=_REMINDER,
    )
    for moment, label in (
        ("before", "Renewal reminder, before the membership ends"),
        ("today", "Renewal reminder, on the day it ends"),
        ("after", "Renewal reminder, after it ended"),
    )
}
