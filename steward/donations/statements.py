"""The year-end statement run. In the month after a tax year ends (steward/donations/tax_years.py) a daily task owes
every donor with counted gifts in that year their giving statement: an outbox message (kind "year_end_statement",
key "statement:<donor>:<year>", so once each however often it runs) whose email carries the statement PDF, built
when it is sent. Staff can preview the run and hold it (StatementRun) from the admin (admin/statements.py); a held
run owes nothing until it is released, and a run released after its month goes on the next day."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import QuerySet
from django.utils import dateformat, timezone

from steward.core.dates import add_months, organisation_today
from steward.core.links import frontend_url
from steward.core.message_templates import message_render
from steward.core.models import OutboxMessage
from steward.core.outbox import NotOwed, outbox_enqueue, outbox_sender
from steward.members.models import Constituent
from steward.site.models import OrganisationSettings

from . import messages, receipts
from .models import COUNTED_STATUSES, Gift, StatementRun
from .money import Money
from .tax_years import tax_year_bounds, tax_year_label, tax_year_of, tax_year_start

STATEMENT_KIND = "year_end_statement"


def statement_key(*, constituent_id: int, tax_year: int) -> str:
    """The outbox key of a donor's statement for a tax year: one each."""
    return f"statement:{constituent_id}:{tax_year}"


def _date(day: dt.date) -> str:
    return dateformat.format(day, "j F Y")


# ---------------------------------------------------------------------------------------------------------
# Reads
# ---------------------------------------------------------------------------------------------------------


def statement_donors(*, tax_year: int) -> QuerySet[Constituent]:
    """Donors with counted gifts received in the tax year (those a statement is owed to), by name."""
    counted = Gift.objects.filter(status__in=COUNTED_STATUSES, gift_date__range=tax_year_bounds(tax_year))
    return Constituent.objects.filter(pk__in=counted.values("constituent_id")).order_by("sort_name", "pk")


def statement_run_window(*, tax_year: int) -> tuple[dt.date, dt.date]:
    """The days on which the run of a tax year goes by itself: the month after the year ends."""
    first = tax_year_start(tax_year + 1)
    return first, add_months(first, 1) - dt.timedelta(days=1)


def statement_run_due_year(*, today: dt.date) -> int | None:
    """The tax year whose run goes today by itself (today is in the month after it ended), if any."""
    last_year = tax_year_of(today) - 1
    first, last = statement_run_window(tax_year=last_year)
    return last_year if first <= today <= last else None


def statement_run_for(*, tax_year: int) -> StatementRun:
    """The run of a tax year as it stands (unsaved and scheduled when nothing happened to it yet)."""
    return StatementRun.objects.select_related("held_by").filter(tax_year=tax_year).first() or StatementRun(
        tax_year=tax_year
    )


def statement_owed_count(*, tax_year: int) -> int:
    """How many statements of the tax year are owed (in the outbox, whatever became of them)."""
    return OutboxMessage.objects.filter(kind=STATEMENT_KIND, payload__tax_year=tax_year).count()


# ---------------------------------------------------------------------------------------------------------
# Writes
# ---------------------------------------------------------------------------------------------------------


def _locked_run(tax_year: int) -> StatementRun:
    StatementRun.objects.get_or_create(tax_year=tax_year)
    return StatementRun.objects.select_for_update().get(tax_year=tax_year)


@transaction.atomic
def statement_run_hold(*, tax_year: int, user: User | None) -> StatementRun:
    """Hold a tax year's run (before it goes, or to stop late statements after it went): nothing more is owed."""
    run = _locked_run(tax_year)
    if run.status != StatementRun.Status.HELD:
        run.status = StatementRun.Status.HELD
        run.held_by = user
        run.at = timezone.now()
        run.save(update_fields=["status", "held_by", "at"])
    return run


@transaction.atomic
def statement_run_release(*, tax_year: int, user: User | None = None) -> StatementRun:
    """Release a held run: it goes on the next daily run (in its month, or at once if that month is over)."""
    run = _locked_run(tax_year)
    if run.status == StatementRun.Status.HELD:
        run.status = StatementRun.Status.SCHEDULED
        run.held_by = None
        run.at = timezone.now()
        run.save(update_fields=["status", "held_by", "at"])
    return run


@transaction.atomic
def statement_run_owe(*, tax_year: int, today: dt.date | None = None) -> StatementRun:
    """Owe every donor with counted gifts in an ended tax year their statement, once each (a later run owes only
    donors new to the year, e.g. a cheque entered late); nothing while the run is held."""
    today = today or organisation_today()
    if today <= tax_year_bounds(tax_year)[1]:
        raise ValidationError(f"The tax year {tax_year_label(tax_year)} has not ended yet.", code="year_not_over")
    run = _locked_run(tax_year)
    if run.status == StatementRun.Status.HELD:
        return run
    donors = list(statement_donors(tax_year=tax_year).values_list("pk", flat=True))
    keys = {statement_key(constituent_id=pk, tax_year=tax_year): pk for pk in donors}
    owed = set(OutboxMessage.objects.filter(key__in=keys).values_list("key", flat=True))
    for key, constituent_id in keys.items():
        if key not in owed:
            outbox_enqueue(kind=STATEMENT_KIND, key=key, payload={"constituent": constituent_id, "tax_year": tax_year})
    run.status = StatementRun.Status.DONE
    run.donor_count = len(donors)
    run.statement_count = statement_owed_count(tax_year=tax_year)
    run.at = timezone.now()
    run.save(update_fields=["status", "donor_count", "statement_count", "at"])
    return run


def year_end_statements_run(*, today: dt.date | None = None) -> list[StatementRun]:
    """The daily beat: the run of the tax year that ended last month goes (unless held), and so does any run staff
    released after its month; each owes a donor's statement once."""
    today = today or organisation_today()
    released = StatementRun.objects.filter(status=StatementRun.Status.SCHEDULED, tax_year__lt=tax_year_of(today))
    years = set(released.values_list("tax_year", flat=True))
    if (due := statement_run_due_year(today=today)) is not None:
        years.add(due)
    return [statement_run_owe(tax_year=tax_year, today=today) for tax_year in sorted(years)]


# ---------------------------------------------------------------------------------------------------------
# The email
# ---------------------------------------------------------------------------------------------------------


def statement_message(*, constituent_id: int, tax_year: int) -> EmailMultiAlternatives:
    """The email carrying a donor's statement PDF for a tax year, to their primary address; NotOwed when the donor
    no longer has counted gifts in that year (refunded, merged) or has no email address."""
    constituent = Constituent.objects.filter(pk=constituent_id).first()
    if constituent is None:
        raise NotOwed("The donor's record is gone.")
    gifts = receipts.statement_gifts(constituent=constituent, tax_year=tax_year)
    if not gifts:
        raise NotOwed(f"The donor has no counted gifts in {tax_year_label(tax_year)} any more.")
    address = constituent.emails.order_by("-is_primary", "id").values_list("address", flat=True).first()
    if not address:
        raise NotOwed("The donor has no email address.")
    organisation = OrganisationSettings.load()
    first_day, last_day = tax_year_bounds(tax_year)
    totals: dict[str, Decimal] = {}
    for gift in gifts:
        totals[gift.currency] = totals.get(gift.currency, Decimal(0)) + gift.amount - gift.amount_refunded
    context = {
        "organisation": organisation,
        "donor_name": constituent.preferred_name or constituent.display_name,
        "tax_year": tax_year_label(tax_year),
        "first_day": _date(first_day),
        "last_day": _date(last_day),
        "gift_count": len(gifts),
        "totals": [str(Money(amount, currency)) for currency, amount in sorted(totals.items())],
        "giving_url": frontend_url("/portal/giving"),
    }
    rendered = message_render(messages.STATEMENT.key, context)
    message = EmailMultiAlternatives(
        subject=rendered.subject,
        body=rendered.text,
        to=[address],
        reply_to=[organisation.email] if organisation.email else None,
    )
    message.attach_alternative(rendered.html, "text/html")
    message.attach(
        receipts.statement_filename(constituent, tax_year),
        receipts.statement_render_pdf(constituent=constituent, tax_year=tax_year),
        "application/pdf",
    )
    return message


@outbox_sender(STATEMENT_KIND)
def year_end_statement(message: OutboxMessage) -> EmailMultiAlternatives:
    """A donor's year-end giving statement, the PDF attached."""
    return statement_message(constituent_id=message.payload["constituent"], tax_year=message.payload["tax_year"])
