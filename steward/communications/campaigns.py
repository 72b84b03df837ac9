"""Campaign email: checking a campaign, its audience, sending it once, and what recipients do with it.

Sending: `campaign_send` checks the campaign, resolves its audience in the database (segments, less the excluded
ones, then the contact policy as one query: members.contact.contactable) and writes one CampaignRecipient per
address in one INSERT … SELECT, in one transaction that also moves the campaign from draft (or scheduled) to
sending, so a second press of Send finds it sending and adds no one. Workers then take batches: each recipient is
claimed with a lease (FOR UPDATE SKIP LOCKED on PostgreSQL) before its message goes, and marked sent right after;
a claim whose worker died is taken back after CAMPAIGN_CLAIM_LEASE_SECONDS and finished by another.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, replace

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.utils import DNS_NAME
from django.db import connection, transaction
from django.db.models import Count, Exists, F, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Lower
from django.dispatch import Signal
from django.utils import timezone

from steward.core.dates import organisation_today
from steward.core.errors import field_error
from steward.core.mail import Purpose, deliver_batch
from steward.core.merge_tags import unknown_tags_message
from steward.core.money import format_money
from steward.donations.models import Appeal, GivingSummary
from steward.donations.money import base_currency
from steward.members import contact
from steward.members import services as member_services
from steward.members.models import ConsentRecord, Constituent, Email, EmailSuppression, Membership
from steward.members.selectors import consents_current, constituents_with_consent
from steward.reports.selectors import segment_members

from . import merge, rendering
from .models import CampaignRecipient, EmailCampaign
from .services import recipients_advance

logger = logging.getLogger(__name__)

#: Sent after the commit that started (or resumed) a campaign's sending (argument `campaign_id`):
#: steward/communications/tasks.py queues its batches (services never import tasks).
campaign_sending = Signal()

SENDABLE = (EmailCampaign.Status.DRAFT, EmailCampaign.Status.SCHEDULED)


# -------------------------------------------------------------------------------------------------------------
# Checking
# -------------------------------------------------------------------------------------------------------------


def campaign_problems(campaign: EmailCampaign) -> dict[str, list[str]]:
    """What stops a campaign being sent, by field (empty when nothing does)."""
    problems: dict[str, list[str]] = {}

    def add(field_name: str, message: str) -> None:
        problems.setdefault(field_name, []).append(message)

    if not campaign.subject.strip():
        add("subject", "Write a subject.")
    if campaign.sender is None:
        add("sender", "Choose the address it is sent from.")
    elif not campaign.sender.is_active:
        add("sender", f"{campaign.sender.email} is not an active sender address.")
    texts = [campaign.subject, campaign.subject_b, campaign.preheader, *body_texts(campaign)]
    unknown = sorted({tag for text in texts for tag in merge.unknown_tags(text)})
    if unknown:
        add("body", unknown_tags_message(unknown, merge.TAGS))
    if not campaign.body:
        add("body", "Add at least one block.")
    for block in campaign.body:
        if block.block_type in ("button",) and not str(block.value.get("url") or "").startswith(
            ("https://", "http://")
        ):
            add("body", f"The button “{block.value.get('text')}” needs a web address (https://…).")
    return problems


def campaign_warnings(campaign: EmailCampaign) -> list[str]:
    """What staff should look at but may send anyway (an image without alt text, an appeal code no open appeal
    has)."""
    warnings = [
        f"The image “{block.value['image'].title}” has no alt text: "
        "people who cannot see it will not know what it shows."
        for block in campaign.body
        if block.block_type == "image" and block.value.get("image") and not (block.value.get("alt_text") or "").strip()
    ]
    if campaign.appeal_code and not Appeal.objects.filter(code=campaign.appeal_code, active=True).exists():
        warnings.append(
            f"No open appeal has the code “{campaign.appeal_code}”: gifts from this email's donate links will not "
            "carry it. Set up the appeal (Donations → Appeals) or correct the code."
        )
    return warnings


def body_texts(campaign: EmailCampaign) -> list[str]:
    texts: list[str] = []
    for block in campaign.body:
        value = block.value
        if hasattr(value, "source"):  # rich text
            texts.append(value.source)
        elif isinstance(value, dict) or hasattr(value, "items"):
            texts.extend(str(part) for part in value.values() if isinstance(part, str) or hasattr(part, "source"))
    return texts


# -------------------------------------------------------------------------------------------------------------
# The audience
# -------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Audience:
    count: int
    left_out: dict[str, int]


def _chosen(campaign: EmailCampaign, today: dt.date) -> QuerySet[Constituent]:
    """The people of the campaign's segments, less those of its excluded segments (before the contact policy)."""
    segments = list(campaign.segments.all())
    if not segments:
        return Constituent.objects.none()
    chosen = Q(pk__in=[])
    for segment in segments:
        chosen |= Q(pk__in=segment_members(segment=segment, today=today).values("pk"))
    people = Constituent.objects.filter(chosen)
    for segment in campaign.excluded_segments.all():
        people = people.exclude(pk__in=segment_members(segment=segment, today=today).values("pk"))
    return people


def _sendable(campaign: EmailCampaign, today: dt.date) -> QuerySet[Constituent]:
    """One person per primary address (and per household when asked), among those the policy allows."""
    allowed = contact.contactable(_chosen(campaign, today), purpose=Purpose.MARKETING, topic=campaign.topic)
    primary = Email.objects.filter(constituent=OuterRef("pk"), is_primary=True).annotate(lower=Lower("address"))
    allowed = allowed.annotate(send_to=Subquery(primary.values("lower")[:1]))
    # the first person at each address (and, for one per household, the first of each household) gets it
    first_at_address = allowed.values("send_to").annotate(first=Min("pk")).values("first")
    people = allowed.filter(pk__in=first_at_address)
    if campaign.one_per_household:
        first_of_household = (
            people.annotate(home=Coalesce("household_id", "pk"))
            .values("home")
            .annotate(first=Min("pk"))
            .values("first")
        )
        people = people.filter(pk__in=first_of_household)
    return people


def campaign_audience(campaign: EmailCampaign, *, today: dt.date | None = None) -> Audience:
    """How many would receive it now, and how many of the segments' people are left out, by reason."""
    today = today or organisation_today()
    chosen = _chosen(campaign, today)
    primary = Email.objects.filter(constituent=OuterRef("pk"), is_primary=True)
    consenting = constituents_with_consent(channel=ConsentRecord.Channel.EMAIL, topic=campaign.topic)
    primary_lower = Email.objects.filter(constituent=OuterRef(OuterRef("pk")), is_primary=True).annotate(
        lower=Lower("address")
    )
    suppressed = EmailSuppression.objects.filter(
        lifted_at__isnull=True, address=Subquery(primary_lower.values("lower")[:1])
    )
    reasons = chosen.aggregate(
        n_everyone=Count("pk"),
        n_no_email=Count("pk", filter=~Q(Exists(primary))),
        n_deceased_or_merged=Count("pk", filter=Q(Exists(primary)) & (Q(deceased=True) | Q(merged_into__isnull=False))),
        n_do_not_contact=Count(
            "pk",
            filter=Q(Exists(primary), deceased=False, merged_into__isnull=True)
            & (Q(do_not_contact=True) | Q(do_not_email=True)),
        ),
        n_no_consent=Count(
            "pk",
            filter=Q(
                Exists(primary), deceased=False, merged_into__isnull=True, do_not_contact=False, do_not_email=False
            )
            & ~Q(pk__in=consenting.values("pk")),
        ),
        n_suppressed=Count(
            "pk",
            filter=Q(
                Exists(primary), deceased=False, merged_into__isnull=True, do_not_contact=False, do_not_email=False
            )
            & Q(pk__in=consenting.values("pk"))
            & Q(Exists(suppressed)),
        ),
    )
    count = _sendable(campaign, today).count()
    allowed = reasons["n_everyone"] - sum(
        reasons[f"n_{key}"] for key in ("no_email", "deceased_or_merged", "do_not_contact", "no_consent", "suppressed")
    )
    left_out = {
        "no email address": reasons["n_no_email"],
        "deceased or merged": reasons["n_deceased_or_merged"],
        "do not contact / do not email": reasons["n_do_not_contact"],
        f"no consent to email about {dict(ConsentRecord.Topic.choices)[campaign.topic].lower()}": reasons[
            "n_no_consent"
        ],
        "suppressed address": reasons["n_suppressed"],
        "shares an address (or a household) with another recipient": max(0, allowed - count),
    }
    return Audience(count=count, left_out={reason: number for reason, number in left_out.items() if number})


# -------------------------------------------------------------------------------------------------------------
# Sending
# -------------------------------------------------------------------------------------------------------------


def _raise_problems(problems: dict[str, list[str]]) -> None:
    if problems:
        raise ValidationError(
            {
                name: [ValidationError(message, code="invalid") for message in messages]
                for name, messages in problems.items()
            }
        )


def campaign_send(*, campaign: EmailCampaign, today: dt.date | None = None) -> EmailCampaign:
    """Start sending a campaign now: its recipients written once, its batches queued after the commit. A
    campaign already sending, sent or cancelled is refused (a second press of Send adds no one)."""
    today = today or organisation_today()
    with transaction.atomic():
        campaign = EmailCampaign.objects.select_for_update().get(pk=campaign.pk)
        if campaign.status not in SENDABLE:
            raise field_error(
                "status",
                f"This campaign is {campaign.get_status_display().lower()}: it is sent once.",
                code="already_sent",
            )
        _raise_problems(campaign_problems(campaign))
        audience = campaign_audience(campaign, today=today)
        if audience.count == 0:
            raise field_error(
                "segments", "Nobody would receive this campaign: check its segments.", code="empty_audience"
            )
        rendered = rendering.campaign_render(campaign)
        written = _recipients_write(campaign, _sendable(campaign, today))
        now = timezone.now()
        testing = bool(campaign.subject_b.strip()) and _test_split(campaign, written)
        EmailCampaign.objects.filter(pk=campaign.pk).update(
            status=EmailCampaign.Status.SENDING,
            send_problem="",
            test_ends_at=now + dt.timedelta(hours=campaign.test_hours) if testing else None,
            winner="",
            started_at=now,
            audience_count=written,
            left_out=audience.left_out,
            rendered_html=rendered.html,
            rendered_text=rendered.text,
            rendered_links=rendered.links,
            updated_at=now,
        )
        campaign_id = campaign.pk
        transaction.on_commit(lambda: campaign_sending.send(sender=EmailCampaign, campaign_id=campaign_id), robust=True)
    campaign.refresh_from_db()
    return campaign


def _recipients_write(campaign: EmailCampaign, people: QuerySet[Constituent]) -> int:
    """One INSERT … SELECT of the recipients (their primary address, lower-cased): no row passes through Python."""
    select = people.values("pk", "send_to").order_by()
    sql, params = select.query.sql_with_params()
    table = CampaignRecipient._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (campaign_id, constituent_id, address, status, attempts, provider_message_id, "  # noqa: S608 - our own SQL, values as parameters
            f"delivery, last_error, variant) SELECT %s, people.pk, people.send_to, %s, 0, '', '', '', '' "
            f"FROM ({sql}) people",
            [campaign.pk, CampaignRecipient.Status.PENDING, *params],
        )
        return cursor.rowcount


def _test_split(campaign: EmailCampaign, written: int) -> bool:
    """Give a random `test_share` of the recipients each subject; hold the rest for the winner. False (no test)
    when the audience is too small to split."""
    each = min(written // 2, max(1, written * campaign.test_share // 100))
    if each < 1:
        return False
    recipients = CampaignRecipient.objects.filter(campaign=campaign)
    for variant in ("a", "b"):
        chosen = recipients.filter(variant="").order_by("?").values("pk")[:each]
        recipients.filter(pk__in=Subquery(chosen)).update(variant=variant)
    recipients.filter(variant="").update(status=CampaignRecipient.Status.HELD)
    return True


def _lease() -> dt.timedelta:
    return dt.timedelta(seconds=settings.CAMPAIGN_CLAIM_LEASE_SECONDS)


def _claim(campaign_id: int, size: int) -> list[int]:
    """Claim up to `size` recipients: pending ones, or claims older than the lease (their worker died)."""
    # as the ORM writes them, so that `claimed_at=` filters later match (SQLite keeps datetimes as text)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    stale = connection.ops.adapt_datetimefield_value(timezone.now() - _lease())
    table = CampaignRecipient._meta.db_table
    lock = "FOR UPDATE SKIP LOCKED" if connection.vendor == "postgresql" else ""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET status = %s, claimed_at = %s, attempts = attempts + 1 WHERE id IN ("  # noqa: S608
            f"SELECT id FROM {table} WHERE campaign_id = %s AND (status = %s OR (status = %s AND claimed_at < %s)) "
            f"ORDER BY id LIMIT %s {lock}) AND (status = %s OR (status = %s AND claimed_at < %s)) RETURNING id",
            [
                CampaignRecipient.Status.SENDING,
                now,
                campaign_id,
                CampaignRecipient.Status.PENDING,
                CampaignRecipient.Status.SENDING,
                stale,
                size,
                CampaignRecipient.Status.PENDING,
                CampaignRecipient.Status.SENDING,
                stale,
            ],
        )
        return sorted(row[0] for row in cursor.fetchall())


def campaign_send_batch(*, campaign_id: int, size: int | None = None) -> int:
    """Send one batch of a campaign's recipients; returns how many it handled (0 when none is left, or the
    campaign is paused or cancelled)."""
    size = size or settings.CAMPAIGN_BATCH_SIZE
    campaign = EmailCampaign.objects.select_related("sender").get(pk=campaign_id)
    if campaign.status != EmailCampaign.Status.SENDING:
        return 0
    ids = _claim(campaign_id, size)
    if not ids:
        _finish_if_done(campaign_id)
        return 0
    recipients = list(CampaignRecipient.objects.filter(pk__in=ids).select_related("constituent"))
    claimed_at = {recipient.pk: recipient.claimed_at for recipient in recipients}
    # the same policy again, now: someone may have unsubscribed or bounced since the audience was written
    still = set(
        contact.contactable(
            Constituent.objects.filter(pk__in=[r.constituent_id for r in recipients]),
            purpose=Purpose.MARKETING,
            topic=campaign.topic,
        ).values_list("pk", flat=True)
    )
    skipped = [r.pk for r in recipients if r.constituent_id not in still]
    if skipped:
        CampaignRecipient.objects.filter(pk__in=skipped, status=CampaignRecipient.Status.SENDING).update(
            status=CampaignRecipient.Status.SKIPPED, last_error="No longer allowed (unsubscribed, bounced or flagged)."
        )
    sending = [r for r in recipients if r.constituent_id in still]
    values = merge_values(campaign, sending)
    rendered = rendering.campaign_rendered(campaign)
    subjects = {"a": campaign.subject, "b": campaign.subject_b or campaign.subject}
    # the test's recipients get their letter's subject; everyone else the winner's (or the one subject)
    subjects[""] = subjects[campaign.winner or "a"]
    by_variant = {variant: replace(rendered, subject=subject) for variant, subject in subjects.items()}
    messages = []
    for recipient in sending:
        subject, text, html = rendering.message_parts(
            by_variant[recipient.variant], values[recipient.pk], tracking=campaign.tracking
        )
        message = EmailMultiAlternatives(
            subject=subject,
            body=text,
            from_email=f"{campaign.sender.name} <{campaign.sender.email}>" if campaign.sender else None,
            to=[recipient.address],
            reply_to=[campaign.sender.reply_to] if campaign.sender and campaign.sender.reply_to else None,
            headers={
                # the same id if this copy is ever handed over twice (a worker killed between the mail server
                # taking it and the row being marked sent): mail programs show one message per id
                "Message-ID": f"<campaign-{campaign.pk}.recipient-{recipient.pk}@{DNS_NAME}>",
                "List-Unsubscribe": f"<{values[recipient.pk]['unsubscribe_link']}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                "Precedence": "bulk",
            },
        )
        message.attach_alternative(html, "text/html")
        messages.append((recipient, message))

    def sent(recipient: CampaignRecipient, message_id: str) -> None:
        CampaignRecipient.objects.filter(
            pk=recipient.pk, status=CampaignRecipient.Status.SENDING, claimed_at=claimed_at[recipient.pk]
        ).update(status=CampaignRecipient.Status.SENT, sent_at=timezone.now(), provider_message_id=message_id[:255])

    def failed(recipient: CampaignRecipient, error: str) -> None:
        CampaignRecipient.objects.filter(pk=recipient.pk, status=CampaignRecipient.Status.SENDING).update(
            status=CampaignRecipient.Status.FAILED if recipient.attempts >= 3 else CampaignRecipient.Status.PENDING,
            last_error=error[:2000],
        )

    def refused(recipient: CampaignRecipient, reason: str) -> None:
        CampaignRecipient.objects.filter(pk=recipient.pk, status=CampaignRecipient.Status.SENDING).update(
            status=CampaignRecipient.Status.SKIPPED, last_error=reason[:2000]
        )

    def deferred(recipient: CampaignRecipient) -> None:  # the provider's allowance is spent: not an attempt
        CampaignRecipient.objects.filter(pk=recipient.pk, status=CampaignRecipient.Status.SENDING).update(
            status=CampaignRecipient.Status.PENDING, attempts=F("attempts") - 1
        )

    finished = deliver_batch(
        [(message, recipient) for recipient, message in messages],
        purpose=Purpose.MARKETING,
        topic=campaign.topic,
        sent=sent,
        failed=failed,
        refused=refused,
        deferred=deferred,
        connection=get_connection(),
    )
    # over the rate limit: stop here; the sweeper carries on each minute until the window turns
    return len(recipients) if finished else 0


UNFINISHED = (CampaignRecipient.Status.PENDING, CampaignRecipient.Status.SENDING, CampaignRecipient.Status.HELD)


def _finish_if_done(campaign_id: int) -> None:
    left = CampaignRecipient.objects.filter(campaign_id=campaign_id, status__in=UNFINISHED).exists()
    if not left:
        EmailCampaign.objects.filter(pk=campaign_id, status=EmailCampaign.Status.SENDING).update(
            status=EmailCampaign.Status.SENT, finished_at=timezone.now()
        )


def merge_values(campaign: EmailCampaign, recipients: list[CampaignRecipient]) -> dict[int, dict[str, str]]:
    """Every merge tag's value for each recipient, read for the whole batch in three queries."""
    ids = [recipient.constituent_id for recipient in recipients]
    summaries = {
        row["constituent_id"]: row
        for row in GivingSummary.objects.filter(constituent_id__in=ids).values(
            "constituent_id", "lifetime_total", "last_gift_amount", "last_gift_date"
        )
    }
    memberships: dict[int, Membership] = {}
    for membership in (
        Membership.objects.filter(constituent_id__in=ids)
        .select_related("level")
        .order_by("constituent_id", F("end_date").desc(nulls_first=True), "-pk")
    ):
        memberships.setdefault(membership.constituent_id, membership)
    currency = base_currency()
    values = {}
    for recipient in recipients:
        person = recipient.constituent
        summary = summaries.get(person.pk, {})
        membership = memberships.get(person.pk)
        links = rendering.recipient_links(recipient.pk, campaign)
        values[recipient.pk] = {
            "first_name": person.preferred_name or person.given_name or "",
            "full_name": person.display_name or "",
            "membership_level": membership.level.name if membership else "",
            "membership_status": membership.get_status_display().lower() if membership else "",
            "membership_end": f"{membership.end_date:%-d %B %Y}" if membership and membership.end_date else "",
            "lifetime_giving": format_money(summary["lifetime_total"], currency)
            if summary.get("lifetime_total")
            else "",
            "last_gift_amount": format_money(summary["last_gift_amount"], currency)
            if summary.get("last_gift_amount")
            else "",
            "last_gift_date": f"{summary['last_gift_date']:%-d %B %Y}" if summary.get("last_gift_date") else "",
            **links,
        }
    return values


@transaction.atomic
def campaign_pause(*, campaign: EmailCampaign) -> EmailCampaign:
    updated = EmailCampaign.objects.filter(pk=campaign.pk, status=EmailCampaign.Status.SENDING).update(
        status=EmailCampaign.Status.PAUSED
    )
    if not updated:
        raise field_error("status", "Only a campaign that is sending can be paused.", code="not_sending")
    return EmailCampaign.objects.get(pk=campaign.pk)


@transaction.atomic
def campaign_resume(*, campaign: EmailCampaign) -> EmailCampaign:
    updated = EmailCampaign.objects.filter(pk=campaign.pk, status=EmailCampaign.Status.PAUSED).update(
        status=EmailCampaign.Status.SENDING
    )
    if not updated:
        raise field_error("status", "Only a paused campaign can be resumed.", code="not_paused")
    campaign_id = campaign.pk
    transaction.on_commit(lambda: campaign_sending.send(sender=EmailCampaign, campaign_id=campaign_id), robust=True)
    return EmailCampaign.objects.get(pk=campaign.pk)


@transaction.atomic
def campaign_cancel(*, campaign: EmailCampaign) -> EmailCampaign:
    """Stop a campaign: what was sent stays sent; nobody else gets it."""
    active = (
        EmailCampaign.Status.DRAFT,
        EmailCampaign.Status.SCHEDULED,
        EmailCampaign.Status.SENDING,
        EmailCampaign.Status.PAUSED,
    )
    updated = EmailCampaign.objects.filter(pk=campaign.pk, status__in=active).update(
        status=EmailCampaign.Status.CANCELLED, finished_at=timezone.now()
    )
    if not updated:
        raise field_error("status", "This campaign has finished: there is nothing to cancel.", code="finished")
    CampaignRecipient.objects.filter(
        campaign_id=campaign.pk, status__in=[CampaignRecipient.Status.PENDING, CampaignRecipient.Status.HELD]
    ).update(status=CampaignRecipient.Status.SKIPPED, last_error="The campaign was cancelled.")
    return EmailCampaign.objects.get(pk=campaign.pk)


# -------------------------------------------------------------------------------------------------------------
# Scheduling
# -------------------------------------------------------------------------------------------------------------


def campaign_schedule(*, campaign: EmailCampaign, when: dt.datetime, today: dt.date | None = None) -> EmailCampaign:
    """Send a campaign at `when` (the sweeper starts it): checked now as Send would check it, and again then."""
    with transaction.atomic():
        campaign = EmailCampaign.objects.select_for_update().get(pk=campaign.pk)
        if campaign.status not in SENDABLE:
            raise field_error(
                "status",
                f"This campaign is {campaign.get_status_display().lower()}: it can no longer be scheduled.",
                code="already_sent",
            )
        if when <= timezone.now() + dt.timedelta(minutes=1):
            raise field_error("scheduled_for", "Choose a time in the future.", code="in_the_past")
        _raise_problems(campaign_problems(campaign))
        if campaign_audience(campaign, today=today).count == 0:
            raise field_error(
                "segments", "Nobody would receive this campaign: check its segments.", code="empty_audience"
            )
        EmailCampaign.objects.filter(pk=campaign.pk).update(
            status=EmailCampaign.Status.SCHEDULED, scheduled_for=when, send_problem="", updated_at=timezone.now()
        )
    campaign.refresh_from_db()
    return campaign


@transaction.atomic
def campaign_unschedule(*, campaign: EmailCampaign) -> EmailCampaign:
    updated = EmailCampaign.objects.filter(pk=campaign.pk, status=EmailCampaign.Status.SCHEDULED).update(
        status=EmailCampaign.Status.DRAFT, scheduled_for=None
    )
    if not updated:
        raise field_error("status", "Only a scheduled campaign can be unscheduled.", code="not_scheduled")
    return EmailCampaign.objects.get(pk=campaign.pk)


def campaigns_due(*, now: dt.datetime | None = None) -> list[int]:
    """Scheduled campaigns whose time has come."""
    now = now or timezone.now()
    due = EmailCampaign.objects.filter(status=EmailCampaign.Status.SCHEDULED, scheduled_for__lte=now)
    return list(due.order_by("scheduled_for", "pk").values_list("pk", flat=True))


def campaign_send_scheduled(*, campaign_id: int) -> bool:
    """Start a scheduled campaign; when it can no longer go (its sender was switched off, its segments are
    empty…) it goes back to draft with the reason for staff to read. Returns whether it started."""
    campaign = EmailCampaign.objects.get(pk=campaign_id)
    if campaign.status != EmailCampaign.Status.SCHEDULED:
        return False
    try:
        campaign_send(campaign=campaign)
    except ValidationError as error:
        # only while still scheduled: another sweeper that started it meanwhile is refused with "sending"
        EmailCampaign.objects.filter(pk=campaign_id, status=EmailCampaign.Status.SCHEDULED).update(
            status=EmailCampaign.Status.DRAFT, send_problem=" ".join(error.messages)
        )
        return False
    return True


# -------------------------------------------------------------------------------------------------------------
# The subject test
# -------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VariantResult:
    variant: str
    subject: str
    sent: int
    opened: int
    clicked: int

    @property
    def open_rate(self) -> float:
        return self.opened / self.sent if self.sent else 0.0

    @property
    def click_rate(self) -> float:
        return self.clicked / self.sent if self.sent else 0.0


def test_results(campaign: EmailCampaign) -> list[VariantResult]:
    """Each subject's copies sent, opened and clicked among the test's recipients (those sent the winner
    afterwards carry no letter)."""
    rows = {
        row["variant"]: row
        for row in CampaignRecipient.objects.filter(campaign=campaign, variant__in=["a", "b"])
        .values("variant")
        .annotate(
            sent=Count("pk", filter=Q(status=CampaignRecipient.Status.SENT)),
            opened=Count("pk", filter=Q(opened_at__isnull=False)),
            clicked=Count("pk", filter=Q(clicked_at__isnull=False)),
        )
        .order_by()
    }
    subjects = {"a": campaign.subject, "b": campaign.subject_b}
    return [
        VariantResult(
            variant=variant,
            subject=subjects[variant],
            sent=rows.get(variant, {}).get("sent", 0),
            opened=rows.get(variant, {}).get("opened", 0),
            clicked=rows.get(variant, {}).get("clicked", 0),
        )
        for variant in ("a", "b")
    ]


def test_leader(campaign: EmailCampaign) -> str:
    """The subject ahead by the campaign's measure (the first on a tie)."""
    a, b = test_results(campaign)
    if campaign.test_metric == "clicks":
        return "b" if b.click_rate > a.click_rate else "a"
    return "b" if b.open_rate > a.open_rate else "a"


def campaign_test_decide(*, campaign_id: int, variant: str | None = None, now: dt.datetime | None = None) -> str | None:
    """End a campaign's subject test: the chosen `variant`, or when its time is up the leader, goes to everyone
    held back. Once only (the winner is written under the campaign's lock). Returns the winner, or None when
    there was nothing to decide (no test, decided already, not yet time)."""
    now = now or timezone.now()
    with transaction.atomic():
        campaign = EmailCampaign.objects.select_for_update().get(pk=campaign_id)
        running = campaign.status in (EmailCampaign.Status.SENDING, EmailCampaign.Status.PAUSED)
        if not running or campaign.winner or campaign.test_ends_at is None:
            return None
        if variant is None:
            if campaign.test_ends_at > now:
                return None
            variant = test_leader(campaign)
        if variant not in ("a", "b"):
            raise field_error("winner", "Choose subject A or subject B.", code="invalid")
        ended = min(now, campaign.test_ends_at)
        EmailCampaign.objects.filter(pk=campaign_id).update(winner=variant, test_ends_at=ended)
        CampaignRecipient.objects.filter(campaign_id=campaign_id, status=CampaignRecipient.Status.HELD).update(
            status=CampaignRecipient.Status.PENDING
        )
        if campaign.status == EmailCampaign.Status.SENDING:
            transaction.on_commit(
                lambda: campaign_sending.send(sender=EmailCampaign, campaign_id=campaign_id), robust=True
            )
    return variant


def campaigns_testing_due(*, now: dt.datetime | None = None) -> list[int]:
    now = now or timezone.now()
    due = EmailCampaign.objects.filter(
        status=EmailCampaign.Status.SENDING, winner="", test_ends_at__isnull=False, test_ends_at__lte=now
    )
    return list(due.values_list("pk", flat=True))


def campaign_progress(campaign: EmailCampaign) -> dict[str, int]:
    """How many of its recipients are waiting, being sent, sent, skipped and failed."""
    counts = dict(
        CampaignRecipient.objects.filter(campaign=campaign).values_list("status").annotate(n=Count("pk")).order_by()
    )
    return {status: counts.get(status, 0) for status in CampaignRecipient.Status.values}


# -------------------------------------------------------------------------------------------------------------
# What recipients do
# -------------------------------------------------------------------------------------------------------------


def recipient_unsubscribe(*, recipient: CampaignRecipient, one_click: bool) -> bool:
    """Withdraw the recipient's consent to email about the campaign's topic, once (a second press adds no
    entry). Returns whether this call recorded it."""
    with transaction.atomic():
        locked = CampaignRecipient.objects.select_for_update().get(pk=recipient.pk)
        topic = locked.campaign.topic
        already = locked.unsubscribed_at is not None
        if not already:
            words = dict(ConsentRecord.Topic.choices)[topic].lower()
            member_services.consent_record(
                constituent=locked.constituent,
                channel=ConsentRecord.Channel.EMAIL,
                topic=topic,
                granted=False,
                source="email unsubscribe (one click)" if one_click else "email unsubscribe link",
                wording=f"Unsubscribe from emails about {words}.",
            )
            CampaignRecipient.objects.filter(pk=locked.pk).update(unsubscribed_at=timezone.now())
    return not already


def recipient_engaged(*, recipient: CampaignRecipient, event: str) -> None:
    """An open or a click recorded on the recipient's copy (delivery only moves forward; the first open and
    the first click keep their time)."""
    recipients_advance(CampaignRecipient.objects.filter(pk=recipient.pk), event=event, at=timezone.now())


@transaction.atomic
def recipient_preferences_update(*, recipient: CampaignRecipient, topics: set[str]) -> None:
    """The recipient's email choices from the preferences page: a consent ledger entry for each topic whose
    choice changed (none for the others)."""
    person = recipient.constituent
    current = {c.topic: c.granted for c in consents_current(constituent=person) if c.channel == "email"}
    for topic, words in ConsentRecord.Topic.choices:
        granted = topic in topics
        if current.get(topic, False) != granted:
            member_services.consent_record(
                constituent=person,
                channel=ConsentRecord.Channel.EMAIL,
                topic=topic,
                granted=granted,
                source="email preferences link",
                wording=f"Email me about {words.lower()}.",
            )
