"""Suppressed addresses: no message of any kind goes to one (members.contact refuses it). Suppressed by the mail
provider's reports (a hard bounce, a complaint, repeated soft bounces: steward/communications) or by staff;
lifted by staff with a reason, or by the member once their address is fixed."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from steward.core.errors import field_error

from ..models import EmailSuppression


def _address(address: str) -> str:
    cleaned = (address or "").strip().lower()
    try:
        validate_email(cleaned)
    except Exception:
        raise field_error("address", f"“{address}” is not an email address.", code="invalid") from None
    return cleaned


def suppression_add(
    *, address: str, reason: str, detail: str = "", user: User | None = None
) -> tuple[EmailSuppression, bool]:
    """Suppress an address (once: an address already suppressed keeps its first suppression). Returns the
    suppression in force and whether this call made it. Safe against a parallel call for the same address: the
    database allows one suppression in force per address."""
    address = _address(address)
    if reason not in EmailSuppression.Reason.values:
        raise field_error("reason", f"Unknown reason '{reason}'.", code="invalid_choice")
    if reason == EmailSuppression.Reason.MANUAL and not detail.strip():
        raise field_error("detail", "Say why the address is suppressed.", code="required")
    existing = EmailSuppression.objects.filter(address=address, lifted_at__isnull=True).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            made = EmailSuppression.objects.create(
                address=address, reason=reason, detail=detail.strip()[:2000], created_by=user
            )
    except IntegrityError:  # another call suppressed it first
        return EmailSuppression.objects.get(address=address, lifted_at__isnull=True), False
    return made, True


@transaction.atomic
def suppression_lift(*, suppression: EmailSuppression, reason: str, user: User | None = None) -> EmailSuppression:
    """Lift a suppression (the address was fixed, the complaint was a mistake): messages may go there again."""
    if not reason.strip():
        raise field_error("lift_reason", "Say why the suppression is lifted.", code="required")
    suppression = EmailSuppression.objects.select_for_update().get(pk=suppression.pk)
    if suppression.lifted_at is not None:
        raise field_error("lift_reason", "This suppression was already lifted.", code="already_lifted")
    suppression.lifted_at, suppression.lifted_by, suppression.lift_reason = timezone.now(), user, reason.strip()
    suppression.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
    return suppression


#: Staff suppressed it: only staff lift it.
MEMBER_MAY_LIFT = (
    EmailSuppression.Reason.HARD_BOUNCE,
    EmailSuppression.Reason.SOFT_BOUNCES,
    EmailSuppression.Reason.COMPLAINT,
)


def member_email_resubscribe(*, constituent: Any) -> EmailSuppression:
    """The member says, in the portal, that their primary address takes mail again (after a bounce, or after
    they marked a message as spam): its suppression is lifted, with that as the reason."""
    address = constituent.emails.filter(is_primary=True).values_list("address", flat=True).first()
    if not address:
        raise field_error("email", "Add an email address first.", code="no_email")
    suppression = EmailSuppression.objects.filter(address=address.strip().lower(), lifted_at__isnull=True).first()
    if suppression is None:
        raise field_error("email", "Messages already reach this address.", code="not_suppressed")
    if suppression.reason not in MEMBER_MAY_LIFT:
        raise field_error(
            "email", "Our staff stopped messages to this address: please contact us to change that.", code="staff_only"
        )
    return suppression_lift(
        suppression=suppression,
        reason="The member said in the portal that the address takes mail again.",
        user=constituent.user if constituent.user_id else None,
    )
