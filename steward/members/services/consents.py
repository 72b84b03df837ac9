"""Consents (the ledger of each choice, per channel and topic) and the member directory's visibility."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from steward.core.errors import field_error

from ..models import (
    ConsentRecord,
    Constituent,
)


@transaction.atomic
def consent_record(
    *,
    constituent: Constituent,
    channel: str,
    topic: str,
    granted: bool,
    source: str,
    wording: str,
    recorded_by: User | None = None,
    recorded_at: dt.datetime | None = None,
) -> ConsentRecord:
    """Append one choice to the consent ledger; the current consent is the latest entry per channel and topic."""
    if channel not in ConsentRecord.Channel.values:
        raise field_error("channel", f"Unknown channel '{channel}'.", code="invalid_choice")
    if topic not in ConsentRecord.Topic.values:
        raise field_error("topic", f"Unknown topic '{topic}'.", code="invalid_choice")
    if not wording.strip():
        raise field_error("wording", "Record the wording the person was shown.", code="required")
    if not source.strip():
        raise field_error("source", "Record where the choice was made.", code="required")
    return ConsentRecord.objects.create(
        constituent=constituent,
        channel=channel,
        topic=topic,
        granted=granted,
        source=source.strip(),
        wording=wording.strip(),
        recorded_by=recorded_by if recorded_by and recorded_by.is_authenticated else None,
        recorded_at=recorded_at or timezone.now(),
    )


@transaction.atomic
def directory_visibility_update(
    *,
    constituent: Constituent,
    opt_in: bool,
    show_email: bool = False,
    show_phone: bool = False,
    show_city: bool = False,
) -> Constituent:
    """Set whether the member appears in the member directory and which details it shows."""
    constituent.directory_opt_in = opt_in
    constituent.directory_show_email = opt_in and show_email
    constituent.directory_show_phone = opt_in and show_phone
    constituent.directory_show_city = opt_in and show_city
    constituent.save(
        update_fields=[
            "directory_opt_in",
            "directory_show_email",
            "directory_show_phone",
            "directory_show_city",
            "updated_at",
        ]
    )
    return constituent
