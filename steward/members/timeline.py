"""The constituent's timeline: everything that happened to them, newest first, from every app.

Each kind of entry comes from a `TimelineSource`: members gives its own (interactions, tasks, membership terms,
consents, reminders and other messages, changes to the record); donations and volunteers register theirs
through the `register_constituent_timeline_sources` Wagtail hook (steward/core/admin_sections.py), since members
cannot import them (apps depend one way). A source reads the newest `limit` entries in one query (or a fixed
few), so a page of the timeline costs the same number of queries however long the history is: page n reads
n * per_page + 1 entries of each source and merges them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import CharField, Q, QuerySet
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from wagtail import hooks

from steward.core.admin_sections import CONTACT_PERMISSION, TIMELINE_SOURCES_HOOK
from steward.core.models import OutboxMessage

from .models import (
    Address,
    Constituent,
    Email,
    EmailConfirmation,
    Membership,
    MembershipReminder,
    MembershipTerm,
    Phone,
)

VIEW_MESSAGES = "core.view_outboxmessage"
#: How deep the timeline pages: page n reads n pages' worth of each source, so it stops somewhere.
MAX_PAGE = 100


@dataclass(frozen=True)
class TimelineEntry:
    at: dt.datetime
    kind: str
    title: str
    detail: str = ""
    actor: str = ""
    url: str = ""
    # A day, not a moment (a gift's date, a term's start, hours worked): shown without a time.
    all_day: bool = False
    # What a viewer needs to follow `url` (without it the entry is shown without its link).
    url_permission: str = ""

    def for_viewer(self, user: Any) -> TimelineEntry:
        """The entry as this viewer sees it: no link they could not follow."""
        if self.url and self.url_permission and not user.has_perm(self.url_permission):
            return dataclasses.replace(self, url="")
        return self


class TimelineSource:
    """One kind of entry of the timeline. `kind` is the filter's value (sources may share one: messages come
    from three apps); `permissions` are what a viewer needs to see these entries at all."""

    kind = ""
    label = ""
    permissions: tuple[str, ...] = ()

    def may_see(self, user: Any) -> bool:
        return user.has_perms(self.permissions)

    def entries(self, *, constituent: Constituent, limit: int) -> list[TimelineEntry]:
        raise NotImplementedError


# ---------------------------------------------------------------------------------------------------------
# Values as people read them
# ---------------------------------------------------------------------------------------------------------


def day_start(day: dt.date) -> dt.datetime:
    """The start of a day in the current time zone: where a dated entry sits among timed ones."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def money_text(amount: Decimal | None, currency: str, places: int = 2) -> str:
    """An amount with its currency, grouped: 1,234.50 USD."""
    if amount is None:
        return "—"
    return f"{Decimal(amount).quantize(Decimal(1).scaleb(-places)):,} {currency}"


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "…"


def field_label(model: type[models.Model], name: str) -> str:
    """A field's verbose name, capitalised ("Show phone in the directory", not directory_show_phone)."""
    try:
        field = model._meta.get_field(name)
    except Exception:  # a field since removed from the model: its stored name is all there is
        return name.replace("_", " ").capitalize()
    verbose = str(getattr(field, "verbose_name", name))
    return verbose[:1].upper() + verbose[1:]


def field_value_text(model: type[models.Model], name: str, value: Any, *, currency: str = "") -> str:
    """A stored value as people read it: Yes/No, a choice's label, money with its currency, dates."""
    if value in (None, ""):
        return "—"
    try:
        field: Any = model._meta.get_field(name)
    except Exception:
        field = None
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if field is not None and getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    if field is not None and field.is_relation:
        return "changed"  # the related row's id means nothing to a reader; that it changed does
    if isinstance(value, Decimal) and currency:
        return money_text(value, currency)
    if isinstance(value, dt.datetime):
        return f"{timezone.localtime(value):%d %b %Y %H:%M}"
    if isinstance(value, dt.date):
        return f"{value:%d %b %Y}"
    return _short(str(value))


def history_entries(
    history: QuerySet[Any],
    *,
    kind: str,
    subject: str,
    limit: int,
    created: Any = None,
    money_fields: Sequence[str] = (),
) -> list[TimelineEntry]:
    """Entries of a django-simple-history table: created, changed (each change with its field's label and the
    values as people read them) and deleted. The newest `limit` rows are read in one query and diffed against the
    row before them in the same object's history, in Python. `created(record)` words a creation's detail."""
    model = history.model.instance_type
    records = list(history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    records.reverse()
    previous_by_object: dict[Any, Any] = {}
    entries: list[TimelineEntry] = []
    verbs = {"+": "created", "~": "changed", "-": "deleted"}
    for record in records:
        previous = previous_by_object.get(record.id)
        previous_by_object[record.id] = record
        detail = ""
        if record.history_type == "~":
            if previous is None:
                continue  # its predecessor is beyond the limit: nothing to compare with
            delta = record.diff_against(previous)
            currency = getattr(record, "currency", "")
            parts = []
            for change in delta.changes:
                money = currency if change.field in money_fields else ""
                old = field_value_text(model, change.field, change.old, currency=money)
                new = field_value_text(model, change.field, change.new, currency=money)
                label = field_label(model, change.field)
                parts.append(f"{label}: changed" if old == new == "changed" else f"{label}: {old} → {new}")
            detail = "; ".join(parts)
            if not detail:
                continue
        elif record.history_type == "+":
            detail = created(record) if created else ""
        entries.append(
            TimelineEntry(
                at=record.history_date,
                kind=kind,
                title=f"{subject} {verbs.get(record.history_type, 'changed')}",
                detail=detail,
                actor=str(record.history_user or "system"),
            )
        )
    return entries


def payload_refers_to(key: str, ids: QuerySet[Any]) -> tuple[dict[str, Any], Q]:
    """An outbox message's payload names what it is about by id (`{"receipt": 12}`): the annotation and the
    condition that pick the messages whose `key` is one of `ids` (a queryset of rows), in the same query. Both
    sides are compared as text, so a payload holding something else under that key never breaks the query."""
    alias = f"payload_{key}"
    as_text = ids.order_by().annotate(id_text=Cast("pk", CharField())).values("id_text")
    return {alias: Cast(KeyTextTransform(key, "payload"), CharField())}, Q(**{f"{alias}__in": as_text})


class OutboxSource(TimelineSource):
    """Messages owed to or about the constituent, as the outbox holds them (sent, waiting, failed)."""

    kind = "message"
    label = "Messages"
    #: kind of message -> how it reads in the timeline
    kind_labels: dict[str, str] = {}

    def conditions(self, constituent: Constituent) -> list[tuple[str, str, QuerySet[Any]]]:
        """(message kinds, payload key, ids of this constituent's rows that key refers to)."""
        raise NotImplementedError

    def entries(self, *, constituent: Constituent, limit: int) -> list[TimelineEntry]:
        annotations: dict[str, Any] = {}
        condition = Q(pk__in=[])
        for kinds, key, ids in self.conditions(constituent):
            annotation, refers = payload_refers_to(key, ids)
            annotations.update(annotation)
            # a message about their rows, or one sent to them (the outbox keeps whose record it went to)
            condition |= Q(kind__in=kinds.split()) & (refers | Q(constituent_id=constituent.pk))
        messages = OutboxMessage.objects.annotate(**annotations).filter(condition).order_by("-created_at", "-id")
        return [self.entry(message) for message in messages[:limit]]

    def entry(self, message: OutboxMessage) -> TimelineEntry:
        what = self.kind_labels.get(message.kind, message.kind.replace("_", " ").capitalize())
        sent = message.status == OutboxMessage.Status.SENT
        detail = f"“{message.subject}” to {message.recipient}" if sent and message.subject else ""
        return TimelineEntry(
            at=message.sent_at or message.created_at,
            kind=self.kind,
            # what the mail provider reported after sending, when it did (delivered, opened, bounced…)
            title=f"{what} ({message.delivery if sent and message.delivery else message.get_status_display().lower()})",
            detail=detail,
            # staff open the message as it was sent
            url=reverse("core_outbox:inspect", args=[message.pk]) if sent else "",
            url_permission=VIEW_MESSAGES,
        )


# ---------------------------------------------------------------------------------------------------------
# The members app's own sources
# ---------------------------------------------------------------------------------------------------------


class InteractionSource(TimelineSource):
    kind = "interaction"
    label = "Interactions"
    permissions = ("members.view_interaction",)

    def entries(self, *, constituent: Constituent, limit: int) -> list[TimelineEntry]:
        rows = constituent.interactions.select_related("staff")
        return [
            TimelineEntry(
                at=interaction.occurred_at,
                kind=self.kind,
                title=f"{interaction.get_kind_display()}: {interaction.subject}",
                detail=interaction.body,
                actor=str(interaction.staff or ""),
            )
            for interaction in rows.order_by("-occurred_at", "-id")[:limit]
        ]


class TaskSource(TimelineSource):
    kind = "task"
    label = "Tasks"
    permissions = ("members.view_followuptask",)

    def entries(self, *, constituent: Constituent, limit: int) -> list[TimelineEntry]:
        rows = constituent.tasks.select_related("assigned_to")
        entries = []
        for task in rows.order_by("-created_at", "-id")[:limit]:
            state = "done" if task.done else f"due {task.due_date:%d %b %Y}"
            entries.append(
                TimelineEntry(
                    at=task.created_at,
                    kind=self.kind,
                    title=f"Task: {task.title} ({state})",
                    actor=str(task.assigned_to),
                )
            )
        return entries


class MembershipTermSource(TimelineSource):
    kind = "membership"
    label = "Memberships"
    permissions = ("members.view_membershipterm",)

    def entries(self, *, constituent: Constituent, limit: int) -> list[TimelineEntry]:
        terms = MembershipTerm.objects.filter(membership__constituent=constituent).select_related("level")
        entries = []
        for term in terms.order_by("-start_date", "-id")[:limit]:
            end = f"{term.end_date:%d %b %Y}" if term.end_date else "lifetime"
            entries.append(
                TimelineEntry(
                    at=day_start(term.start_date),
                    kind=self.kind,
                    title=f"{term.level.name} membership {term.start_date:%d %b %Y} – {end}",
                    detail=f"{money_text(term.amount, term.currency)}, {term.get_paid_by_display()}",
                    all_day=True,
                )
            )
        return entries


class MembershipChangeSource(TimelineSource):
    kind = "membership"
    label = "Memberships"
    permissions = ("members.view_membership",)

    def entries(self, *, constituent: Constituent, limit: int) -> list[TimelineEntry]:
        return history_entries(
            Membership.history.filter(constituent_id=constituent.pk),
            kind=self.kind,
            subject="Membership",
            limit=limit,
            created=lambda record: str(record.instance),
        )


class ConsentSource(TimelineSource):
    kind = "consent"
    label = "Consents"
    permissions = ("members.view_consentrecord",)

    def entries(self, *, constituent: Constituent, limit: int) -> list[TimelineEntry]:
        # Through the related manager: each record knows its constituent (its title names them) without a query.
        rows = constituent.consent_records.select_related("recorded_by")
        return [
            TimelineEntry(
                at=record.recorded_at,
                kind=self.kind,
                title=str(record),
                detail=f"Source: {record.source}. Wording: {record.wording}",
                actor=str(record.recorded_by or ""),
            )
            for record in rows.order_by("-recorded_at", "-id")[:limit]
        ]


class RecordChangeSource(TimelineSource):
    """Changes to the record itself: whoever sees the page sees them."""

    kind = "change"
    label = "Changes to the record"

    def entries(self, *, constituent: Constituent, limit: int) -> list[TimelineEntry]:
        return history_entries(constituent.history.all(), kind=self.kind, subject="Record", limit=limit)


class ContactChangeSource(TimelineSource):
    """Changes to email addresses, phones and addresses: contact details are for staff who may see them."""

    kind = "change"
    label = "Changes to the record"
    permissions = (CONTACT_PERMISSION,)

    def entries(self, *, constituent: Constituent, limit: int) -> list[TimelineEntry]:
        entries: list[TimelineEntry] = []
        for subject, model in (("Email", Email), ("Phone", Phone), ("Address", Address)):
            history = model.history.filter(constituent_id=constituent.pk)  # type: ignore[attr-defined]
            entries += history_entries(
                history, kind=self.kind, subject=subject, limit=limit, created=lambda record: str(record.instance)
            )
        return entries


class MemberMessageSource(OutboxSource):
    permissions = ("members.view_membership",)
    kind_labels = {
        "membership_reminder": "Membership renewal reminder",
        "member_email_confirm": "Email address confirmation",
        "member_email_in_use": "Email address already in use",
    }

    def conditions(self, constituent: Constituent) -> list[tuple[str, str, QuerySet[Any]]]:
        return [
            (
                "membership_reminder",
                "reminder",
                MembershipReminder.objects.filter(membership__constituent=constituent),
            ),
            (
                "member_email_confirm member_email_in_use",
                "confirmation",
                EmailConfirmation.objects.filter(constituent=constituent),
            ),
        ]


MEMBERS_SOURCES: list[TimelineSource] = [
    InteractionSource(),
    TaskSource(),
    MembershipTermSource(),
    MembershipChangeSource(),
    ConsentSource(),
    MemberMessageSource(),
    RecordChangeSource(),
    ContactChangeSource(),
]


def timeline_sources() -> list[TimelineSource]:
    """Every source: the members app's, then those the register_constituent_timeline_sources hooks give."""
    sources = list(MEMBERS_SOURCES)
    for hook in hooks.get_hooks(TIMELINE_SOURCES_HOOK):
        sources += hook()
    return sources


def timeline_kinds(sources: Iterable[TimelineSource]) -> list[tuple[str, str]]:
    """The filter's choices: (kind, label), each once, in the sources' order."""
    seen: dict[str, str] = {}
    for source in sources:
        seen.setdefault(source.kind, source.label)
    return list(seen.items())


@dataclass(frozen=True)
class TimelinePage:
    entries: list[TimelineEntry]
    number: int
    has_next: bool


def timeline_page(
    *, constituent: Constituent, sources: Iterable[TimelineSource], page: int = 1, per_page: int = 25
) -> TimelinePage:
    """One page of the merged timeline of these sources, newest first: a fixed number of queries per source."""
    page = max(1, min(page, MAX_PAGE))
    limit = page * per_page + 1
    entries: list[TimelineEntry] = []
    for source in sources:
        entries += source.entries(constituent=constituent, limit=limit)
    entries.sort(key=lambda entry: entry.at, reverse=True)
    start = (page - 1) * per_page
    return TimelinePage(
        entries=entries[start : start + per_page],
        number=page,
        has_next=len(entries) > start + per_page and page < MAX_PAGE,
    )
