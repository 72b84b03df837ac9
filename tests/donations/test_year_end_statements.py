"""Year-end statements follow the tax year (by default the fiscal year), and the run in the month after it ends owes
every donor with counted gifts one statement, emailed with the PDF, unless staff hold it."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db.models import F
from django.urls import reverse

from steward.core import tasks as outbox_tasks
from steward.core.models import OutboxMessage
from steward.donations import receipts, statements, tasks
from steward.donations.models import Gift, StatementRun
from steward.site.models import OrganisationSettings
from tests.admin_helpers import HOME, assert_denied, signed_in
from tests.donations import pdf_text
from tests.donations.test_notices import assert_links_resolve
from tests.factories import FundFactory, GiftFactory, IndividualFactory, StaffUserFactory
from tests.utils import error_codes

pytestmark = pytest.mark.django_db

D = dt.date
PAGE = reverse("donations_year_end_statements")


@pytest.fixture(autouse=True)
def fiscal_year_from_july(settings):
    # the fiscal year runs 1 July – 30 June; the tax year is not set, so it follows
    settings.FISCAL_YEAR_START_MONTH = 7
    settings.FISCAL_YEAR_START_DAY = 1
    settings.TAX_YEAR_START_MONTH = None
    settings.TAX_YEAR_START_DAY = None


@pytest.fixture
def donors():
    """Ada gave on 30 June and on 1 July 2025; Ben in July 2025; Cy only a pending gift; Di only in June 2025."""
    fund = FundFactory(name="General Fund", code="general")
    ada, ben, cy, di = (IndividualFactory(given_name=name, family_name="Donor") for name in ["Ada", "Ben", "Cy", "Di"])
    GiftFactory(constituent=ada, amount=Decimal("100.00"), gift_date=D(2025, 6, 30), fund=fund)
    GiftFactory(constituent=ada, amount=Decimal("40.00"), gift_date=D(2025, 7, 1), fund=fund)
    GiftFactory(constituent=ben, amount=Decimal("25.00"), gift_date=D(2025, 7, 15), fund=fund)
    GiftFactory(constituent=ben, amount=Decimal("300.00"), gift_date=D(2026, 6, 30), fund=fund)
    GiftFactory(constituent=cy, amount=Decimal("70.00"), gift_date=D(2025, 9, 9), status=Gift.Status.PENDING)
    GiftFactory(constituent=di, amount=Decimal("15.00"), gift_date=D(2025, 6, 1), fund=fund)
    GiftFactory(constituent=ben, amount=Decimal("999.00"), gift_date=D(2026, 7, 1), fund=fund)  # the next year
    return {"ada": ada, "ben": ben, "cy": cy, "di": di}


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """The daily beat task on `day`, the outbox sending after the commit as in production."""

    def run(day):
        with django_capture_on_commit_callbacks(execute=True):
            return tasks.year_end_statements_send.delay(day.isoformat()).get()

    return run


def owed():
    return sorted(OutboxMessage.objects.filter(kind="year_end_statement").values_list("key", flat=True))


# ---------------------------------------------------------------------------------------------------------
# The tax year
# ---------------------------------------------------------------------------------------------------------


def test_30_june_and_1_july_fall_in_different_tax_years(donors):
    # the tax year is named by the year it starts in: 1 July 2024 – 30 June 2025 is 2024
    assert receipts.receipt_tax_year(D(2025, 6, 30)) == 2024
    assert receipts.receipt_tax_year(D(2025, 7, 1)) == 2025
    ada = donors["ada"]
    assert [g.amount for g in receipts.statement_gifts(constituent=ada, tax_year=2024)] == [Decimal("100.00")]
    assert [g.amount for g in receipts.statement_gifts(constituent=ada, tax_year=2025)] == [Decimal("40.00")]


def test_each_statement_lists_its_own_years_gifts(donors):
    ada = donors["ada"]
    earlier = pdf_text(receipts.statement_render_pdf(constituent=ada, tax_year=2024))
    later = pdf_text(receipts.statement_render_pdf(constituent=ada, tax_year=2025))
    assert "Giving statement 2024/25" in earlier
    assert "Gifts received from 1 July 2024 to 30 June 2025" in earlier
    assert "100.00 USD" in earlier
    assert "40.00" not in earlier
    assert "Giving statement 2025/26" in later
    assert "Gifts received from 1 July 2025 to 30 June 2026" in later
    assert "40.00 USD" in later
    assert "100.00" not in later


def test_a_separate_tax_year_setting_wins_over_the_fiscal_year(settings, donors):
    settings.TAX_YEAR_START_MONTH, settings.TAX_YEAR_START_DAY = 1, 1
    assert receipts.receipt_tax_year(D(2025, 6, 30)) == 2025
    amounts = [g.amount for g in receipts.statement_gifts(constituent=donors["ada"], tax_year=2025)]
    assert amounts == [Decimal("100.00"), Decimal("40.00")]


# ---------------------------------------------------------------------------------------------------------
# The run
# ---------------------------------------------------------------------------------------------------------


def test_the_run_in_the_month_after_the_year_owes_one_statement_per_donor(donors, send):
    # given the tax year 2025 (1 July 2025 – 30 June 2026): Ada and Ben have counted gifts in it, Cy only a pending one
    ada, ben = donors["ada"], donors["ben"]
    # when the daily task runs on its last day, then on 1 and 2 July 2026
    assert send(D(2026, 6, 30)) == {}
    first = send(D(2026, 7, 1))
    second = send(D(2026, 7, 2))
    # then exactly one statement is owed to each of Ada and Ben, however often it runs
    assert first == second == {"2025": 2}
    assert owed() == [f"statement:{ada.pk}:2025", f"statement:{ben.pk}:2025"]
    run = StatementRun.objects.get(tax_year=2025)
    assert (run.status, run.donor_count, run.statement_count) == (StatementRun.Status.DONE, 2, 2)
    # and each email went once, with the statement PDF
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        donor.emails.get(is_primary=True).address for donor in (ada, ben)
    )


def test_the_email_carries_the_statement_pdf(donors, send):
    send(D(2026, 7, 1))
    message = next(m for m in mail.outbox if m.to == [donors["ben"].emails.get(is_primary=True).address])
    assert message.subject == f"Your 2025/26 giving statement from {OrganisationSettings.load().name}"
    assert "1 July 2025 to 30 June 2026" in message.body
    assert "2 gifts received in that year, 325.00 USD in all" in message.body
    [(filename, content, mimetype)] = message.attachments
    assert (filename, mimetype) == (f"giving-statement-2025-{donors['ben'].pk}.pdf", "application/pdf")
    text = pdf_text(content)
    assert "Giving statement 2025/26" in text
    assert "25.00 USD" in text
    assert "300.00 USD" in text
    assert "999.00" not in text
    html = message.alternatives[0]
    assert html.mimetype == "text/html"
    assert_links_resolve(message.body)
    assert_links_resolve(html.content)


def test_no_run_outside_the_month_after_the_year(donors, send):
    assert send(D(2026, 8, 1)) == {}
    assert send(D(2026, 1, 15)) == {}
    assert owed() == []


def test_a_held_run_owes_nothing_until_released(donors, send):
    # given staff hold the 2025 run before it is due
    staff = StaffUserFactory()
    statements.statement_run_hold(tax_year=2025, user=staff)
    # when the daily task runs in July 2026
    assert send(D(2026, 7, 1)) == {"2025": 0}
    # then nothing is owed
    assert owed() == []
    assert mail.outbox == []
    run = StatementRun.objects.get(tax_year=2025)
    assert (run.status, run.held_by) == (StatementRun.Status.HELD, staff)
    # when they release it, the next daily run owes the statements, once each
    statements.statement_run_release(tax_year=2025, user=staff)
    send(D(2026, 7, 3))
    send(D(2026, 7, 4))
    assert len(owed()) == 2
    assert len(mail.outbox) == 2


def test_a_run_released_after_its_month_goes_the_next_day(donors, send):
    statements.statement_run_hold(tax_year=2025, user=None)
    send(D(2026, 7, 1))
    statements.statement_run_release(tax_year=2025)
    assert send(D(2026, 8, 10)) == {"2025": 2}
    assert send(D(2026, 8, 11)) == {}  # it went: done
    assert len(mail.outbox) == 2


def test_a_year_not_over_cannot_run(donors):
    with pytest.raises(ValidationError) as error:
        statements.statement_run_owe(tax_year=2025, today=D(2026, 6, 30))
    assert error_codes(error.value) == {"year_not_over"}


def test_a_statement_no_longer_owed_is_not_sent(donors):
    # given the statements are owed but not yet sent (the queue was unreachable)
    statements.statement_run_owe(tax_year=2025, today=D(2026, 7, 1))
    # when Ben's gifts of the year are refunded in full, and Ada has no email address any more
    Gift.objects.filter(constituent=donors["ben"], gift_date__lt=D(2026, 7, 1)).update(
        status=Gift.Status.REFUNDED, amount_refunded=F("amount")
    )
    donors["ada"].emails.all().delete()
    outbox_tasks.outbox_sweep()
    # then neither is sent, and the outbox says why
    assert mail.outbox == []
    errors = dict(OutboxMessage.objects.filter(kind="year_end_statement").values_list("key", "last_error"))
    assert errors == {
        f"statement:{donors['ada'].pk}:2025": "The donor has no email address.",
        f"statement:{donors['ben'].pk}:2025": "The donor has no counted gifts in 2025/26 any more.",
    }


# ---------------------------------------------------------------------------------------------------------
# The admin page
# ---------------------------------------------------------------------------------------------------------


def test_fundraising_staff_preview_hold_and_release_the_run(client, donors):
    signed_in(client, "Fundraising staff")
    # the Fundraising menu leads to the page
    assert PAGE in client.get(HOME).content.decode()
    # the page lists the donors owed a 2025 statement, each with a preview
    page = client.get(PAGE, {"tax_year": 2025})
    assert page.status_code == 200
    content = page.content.decode()
    assert "2 donors with counted gifts" in content
    assert donors["ada"].display_name in content
    assert donors["cy"].display_name not in content
    preview_url = reverse("donations:staff_statement_download", args=(donors["ada"].pk, 2025))
    assert preview_url in content
    preview = client.get(preview_url)
    assert preview.status_code == 200
    assert "40.00 USD" in pdf_text(preview.content)
    # holding and releasing go through the services
    assert client.post(PAGE, {"tax_year": 2025, "action": "hold"}).status_code == 302
    assert StatementRun.objects.get(tax_year=2025).status == StatementRun.Status.HELD
    assert 'data-run-status="held"' in client.get(PAGE, {"tax_year": 2025}).content.decode()
    assert client.post(PAGE, {"tax_year": 2025, "action": "release"}).status_code == 302
    assert StatementRun.objects.get(tax_year=2025).status == StatementRun.Status.SCHEDULED


@pytest.mark.parametrize("group", ["Membership staff", "Board"])
def test_staff_who_may_not_change_gifts_cannot_open_or_hold_the_run(client, donors, group):
    signed_in(client, group)
    assert PAGE not in client.get(HOME).content.decode()
    assert_denied(client.get(PAGE))
    assert_denied(client.post(PAGE, {"tax_year": 2025, "action": "hold"}))
    assert not StatementRun.objects.exists()


def test_the_portal_lists_tax_years_not_calendar_years():
    from steward.graphql.donations.selectors import statement_years

    # given gifts on 10 March 2025 (tax year 2024/25) and 1 September 2025 (2025/26), one calendar year
    donor = IndividualFactory()
    GiftFactory(constituent=donor, gift_date=D(2025, 3, 10))
    GiftFactory(constituent=donor, gift_date=D(2025, 9, 1))
    # then the donor has a statement for each of the two tax years
    assert statement_years(constituent=donor) == [2025, 2024]
