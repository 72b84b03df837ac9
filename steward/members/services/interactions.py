"""Interactions with constituents and the follow-up tasks staff give themselves."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from steward.core.dates import organisation_today
from steward.core.errors import field_error

from ..models import (
    Constituent,
    FollowUpTask,
    Interaction,
)


@transaction.atomic
def interaction_record(
    *,
    constituent: Constituent,
    kind: str,
    subject: str,
    staff: User | None = None,
    channel: str = Interaction.Channel.OTHER,
    body: str = "",
    occurred_at: dt.datetime | None = None,
    follow_up_title: str = "",
    follow_up_due: dt.date | None = None,
    follow_up_assignee: User | None = None,
) -> Interaction:
    """Record a contact with a person, optionally with a follow-up task for a staff member."""
    interaction = Interaction(
        constituent=constituent,
        kind=kind,
        channel=channel,
        subject=subject,
        body=body,
        staff=staff,
        occurred_at=occurred_at or timezone.now(),
    )
    interaction.full_clean()
    interaction.save()
    if follow_up_title:
        follow_up_task_create(
            constituent=constituent,
            title=follow_up_title,
            due_date=follow_up_due or organisation_today(),
            assigned_to=follow_up_assignee or staff,
            interaction=interaction,
        )
    return interaction


@transaction.atomic
def follow_up_task_create(
    *,
    constituent: Constituent,
    title: str,
    due_date: dt.date,
    assigned_to: User | None,
    interaction: Interaction | None = None,
) -> FollowUpTask:
    """Give a staff member something to do about a constituent by a date."""
    if assigned_to is None:
        raise field_error("assigned_to", "Choose who will do it.", code="required")
    task = FollowUpTask(
        constituent=constituent,
        title=title,
        due_date=due_date,
        assigned_to=assigned_to,
        interaction=interaction,
    )
    task.full_clean()
    task.save()
    return task


@transaction.atomic
def follow_up_task_set_done(*, task: FollowUpTask, done: bool = True) -> FollowUpTask:
    """Tick a task off (or reopen it)."""
    task.done = done
    task.done_at = timezone.now() if done else None
    task.save(update_fields=["done", "done_at", "updated_at"])
    return task
