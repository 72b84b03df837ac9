"""Every write the members domain knows, a module per subject; this package's names are its interface
(`from steward.members import services`, then `services.membership_renew(...)`). One transaction per service; bad
input raises ValidationError with a code.

- constituents: constituents, their custom fields, households and relationships
- contacts: emails, phones and postal addresses, one primary of each kind
- profile: a member's own profile, and a new email address confirmed by a signed link
- consents: the consent ledger and the member directory's visibility
- interactions: interactions and follow-up tasks
- memberships: status, joining, renewing, changing level, cancelling, automatic renewal, the nightly refresh
- reminders: renewal reminders (sent through the outbox)
- suppressions: addresses no message may go to, and lifting them
"""

from __future__ import annotations

from .consents import (
    consent_record,
    directory_visibility_update,
)
from .constituents import (
    CONSTITUENT_FIELDS,
    constituent_create,
    constituent_delete,
    constituent_update,
    custom_fields_clean,
    household_add_member,
    household_remove_member,
    relationship_create,
)
from .contacts import (
    address_add,
    address_delete,
    address_update,
    email_add,
    email_delete,
    email_set_primary,
    email_update,
    phone_add,
    phone_delete,
    phone_parse,
    phone_set_primary,
    phone_update,
)
from .interactions import (
    follow_up_task_create,
    follow_up_task_set_done,
    interaction_record,
)
from .memberships import (
    membership_cancel,
    membership_change_level,
    membership_create,
    membership_join_check,
    membership_next_term,
    membership_renew,
    membership_set_auto_renew,
    membership_status,
    membership_statuses_refresh,
    membership_term_add,
)
from .profile import (
    ADDRESS_FIELDS,
    EMAIL_CONFIRM_EXPIRED_MESSAGE,
    EMAIL_CONFIRM_INVALID_MESSAGE,
    EMAIL_CONFIRM_SALT,
    PROFILE_FIELDS,
    member_email_change_confirm,
    member_email_change_request,
    member_email_confirm_message,
    member_email_confirm_token,
    member_email_in_use_message,
    member_profile_update,
)
from .reminders import (
    membership_reminder_mark_sent,
    membership_reminder_message,
    membership_reminder_skip,
    membership_reminders_queue,
)
from .suppressions import member_email_resubscribe, suppression_add, suppression_lift

__all__ = [
    "ADDRESS_FIELDS",
    "CONSTITUENT_FIELDS",
    "EMAIL_CONFIRM_EXPIRED_MESSAGE",
    "EMAIL_CONFIRM_INVALID_MESSAGE",
    "EMAIL_CONFIRM_SALT",
    "PROFILE_FIELDS",
    "address_add",
    "address_delete",
    "address_update",
    "consent_record",
    "constituent_create",
    "constituent_delete",
    "constituent_update",
    "custom_fields_clean",
    "directory_visibility_update",
    "email_add",
    "email_delete",
    "email_set_primary",
    "email_update",
    "follow_up_task_create",
    "follow_up_task_set_done",
    "household_add_member",
    "household_remove_member",
    "interaction_record",
    "member_email_change_confirm",
    "member_email_change_request",
    "member_email_confirm_message",
    "member_email_confirm_token",
    "member_email_in_use_message",
    "member_email_resubscribe",
    "member_profile_update",
    "membership_cancel",
    "membership_change_level",
    "membership_create",
    "membership_join_check",
    "membership_next_term",
    "membership_reminder_mark_sent",
    "membership_reminder_message",
    "membership_reminder_skip",
    "membership_reminders_queue",
    "membership_renew",
    "membership_set_auto_renew",
    "membership_status",
    "membership_statuses_refresh",
    "membership_term_add",
    "phone_add",
    "phone_delete",
    "phone_parse",
    "phone_set_primary",
    "phone_update",
    "relationship_create",
    "suppression_add",
    "suppression_lift",
]
