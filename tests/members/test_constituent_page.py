"""The constituent page as staff read it (issue 15): one timeline with everything from every app, filtered and
paged with plain links, in human words; and the summary header from stored figures."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from steward.core.dates import organisation_today
from steward.core.models import OutboxMessage
from steward.donations import gifts as gift_services
from steward.donations import recurring
from steward.donations.models import GivingSummary
from steward.members import services
from steward.volunteers import services as volunteer_services
from tests.admin_helpers import signed_in
from tests.factories import (
    FundFactory,
    HouseholdFactory,
    IndividualFactory,
    MembershipLevelFactory,
    PaymentMethodFactory,
    RecurringGiftFactory,
    StaffUserFactory,
    make_membership,
)
from tests.utils import assert_same_query_count, page_query_count
from tests.volunteers.factories import HoursEntryFactory, OpportunityFactory, make_shift

pytestmark = pytest.mark.django_db


def _page(client, person, **params) -> str:
    response = client.get(reverse("members_constituents:inspect", args=(person.pk,)), params)
    assert response.status_code == 200
    return response.content.decode()


def _timeline(html: str) -> str:
    return html[html.index('id="timeline-section"') :]


def _rows(html: str) -> list[tuple[str, str]]:
    """(kind, text) of each timeline row, in order."""
    table = _timeline(html)
    return [
        (kind, re.sub(r"<[^>]+>|\s+", " ", body).strip())
        for kind, body in re.findall(r'<tr data-kind="([a-z_]+)">(.*?)</tr>', table, flags=re.S)
    ]


def _everything(person) -> None:
    """A gift (with its receipt and the receipt's email), a refund, a recurring gift changed, a pledge, a sign-up
    and hours, and a change to the record's flags."""
    fund = FundFactory(name="Roof appeal")
    gift = gift_services.gift_record(
        constituent=person,
        amount=Decimal("1234.50"),
        currency="USD",
        fund=fund,
        method="cheque",
        gift_date=organisation_today() - dt.timedelta(days=3),
    )
    gift_services.gift_refund(gift=gift, amount=Decimal("34.50"))
    plan = RecurringGiftFactory(constituent=person, amount=Decimal("10.00"), status="active")
    recurring.recurring_gift_update(recurring_gift=plan, amount=Decimal("15.00"))
    recurring.recurring_gift_pause(recurring_gift=plan)
    gift_services.pledge_create(constituent=person, amount=Decimal("600"), currency="USD", fund=fund)
    shift = make_shift(opportunity=OpportunityFactory(title="Food bank sorting"), starts_in=dt.timedelta(days=2))
    volunteer_services.signup_create(shift=shift, constituent=person)
    HoursEntryFactory(constituent=person, opportunity=shift.opportunity, hours=Decimal("3.5"))
    services.constituent_update(constituent=person, do_not_phone=True)


def test_the_timeline_shows_everything_that_happened_in_human_words(admin_client):
    # given a person with gifts, a refund, a recurring gift changed, a pledge, a receipt, volunteering and a change
    person = IndividualFactory(given_name="Noor", family_name="Haddad")
    PaymentMethodFactory(constituent=person)
    _everything(person)
    # when staff open their page
    rows = _rows(_page(admin_client, person))
    kinds = {kind for kind, _ in rows}
    text = " | ".join(body for _, body in rows)
    # then every kind is in the one timeline
    assert {"gift", "refund", "recurring", "pledge", "receipt", "volunteering", "message", "change"} <= kinds
    # in words people read: money with its currency, labels of fields and choices, Yes/No
    assert "Gift of 1,234.50 USD (partially refunded)" in text
    assert "Refund of 34.50 USD" in text
    assert "Amount: 10.00 USD → 15.00 USD" in text
    assert "Status: Active → Paused" in text
    assert "Pledge created" in text
    assert "600.00 USD" in text
    assert "Receipt email" in text
    assert "Signed up for Food bank sorting" in text
    assert "3.5 hours volunteered: Food bank sorting" in text or "3.50 hours volunteered: Food bank sorting" in text
    assert "Do not phone: No → Yes" in text
    for raw in ("do_not_phone", "False", "True"):
        assert raw not in text


def test_the_timeline_is_newest_first_filtered_by_kind_and_paged(admin_client):
    # given a person with 30 interactions (one a day) and a gift
    staff = StaffUserFactory()
    person = IndividualFactory()
    now = dt.datetime(2026, 1, 1, 12, tzinfo=dt.UTC)
    for day in range(30):
        services.interaction_record(
            constituent=person,
            kind="call",
            subject=f"Call {day:02d}",
            staff=staff,
            occurred_at=now + dt.timedelta(days=day),
        )
    gift_services.gift_record(
        constituent=person, amount=Decimal("50"), currency="USD", fund=FundFactory(), method="cash"
    )
    # when staff open the page: the first 25 entries, newest first, with a link to older ones
    html = _page(admin_client, person)
    rows = _rows(html)
    assert len(rows) == 25
    calls = [body for kind, body in rows if kind == "interaction"]
    assert calls == sorted(calls, key=lambda body: re.search(r"Call (\d+)", body).group(1), reverse=True)
    assert "timeline_page=2" in _timeline(html)
    # the second page holds the rest
    older = _rows(_page(admin_client, person, timeline_page=2))
    assert 0 < len(older) <= 25
    assert not {body for _, body in older} & {body for _, body in rows}
    # filtered by kind (a plain GET form): gifts only
    gifts_only = _rows(_page(admin_client, person, timeline="gift"))
    assert [kind for kind, _ in gifts_only] == ["gift"]
    # a kind that does not exist, or a page that is not a number, is ignored rather than an error
    assert len(_rows(_page(admin_client, person, timeline="nonsense", timeline_page="x"))) == 25


def test_the_timeline_costs_the_same_queries_however_long_the_history(admin_client):
    person = IndividualFactory()
    PaymentMethodFactory(constituent=person)
    _everything(person)
    url = reverse("members_constituents:inspect", args=(person.pk,))
    admin_client.get(url)
    small = page_query_count(admin_client, url)
    # when much more history is recorded
    fund = FundFactory()
    for number in range(12):
        gift_services.gift_record(
            constituent=person, amount=Decimal(10 + number), currency="USD", fund=fund, method="cash"
        )
        shift = make_shift(starts_in=dt.timedelta(days=10 + number))
        volunteer_services.signup_create(shift=shift, constituent=person)
        HoursEntryFactory(constituent=person, opportunity=shift.opportunity)
        services.constituent_update(constituent=person, notes=f"Note {number}")
    # then the page (and an older page of the timeline) costs the same number of queries
    assert_same_query_count(small, page_query_count(admin_client, url))
    assert_same_query_count(small, page_query_count(admin_client, url, {"timeline_page": "2"}))


def test_each_group_sees_only_the_timeline_entries_its_permissions_cover(client):
    person = IndividualFactory()
    PaymentMethodFactory(constituent=person)
    _everything(person)
    seen = {}
    for group in ["Fundraising staff", "Volunteer coordinators"]:
        signed_in(client, group)
        seen[group] = {kind for kind, _ in _rows(_page(client, person))}
        client.logout()
    assert {"gift", "refund", "receipt"} <= seen["Fundraising staff"]
    assert "volunteering" not in seen["Fundraising staff"]
    assert "volunteering" in seen["Volunteer coordinators"]
    assert not {"gift", "refund", "receipt", "recurring", "pledge"} & seen["Volunteer coordinators"]


def test_the_summary_header_shows_who_they_are_and_what_staff_must_not_miss(admin_client):
    # given a deceased member of a household, marked do-not-contact, who gave and volunteered
    household = HouseholdFactory(organization_name="The Haddad Household")
    person = IndividualFactory(given_name="Noor", family_name="Haddad", household=household)
    make_membership(constituent=person, level=MembershipLevelFactory(name="Patron"))
    services.constituent_update(
        constituent=person, do_not_contact=True, deceased=True, deceased_date=dt.date(2026, 2, 1)
    )
    gift_services.gift_record(
        constituent=person, amount=Decimal("40"), currency="USD", fund=FundFactory(), method="cash"
    )
    # the stored rollup says something the gifts alone would not: the header reads it, it does not recompute
    GivingSummary.objects.filter(constituent=person).update(lifetime_total=Decimal("9876.54"), lifetime_count=7)
    HoursEntryFactory(constituent=person, hours=Decimal("2.5"))
    HoursEntryFactory(constituent=person, hours=Decimal("1"), status="pending")
    # when staff open the page
    html = _page(admin_client, person)
    header = html[html.index("data-summary") : html.index('id="details-section"')]
    text = re.sub(r"<[^>]+>|\s+", " ", header)
    # then the header says it all, the flags in words
    assert "Noor Haddad" in text
    assert "Individual" in text
    assert "The Haddad Household" in text
    assert re.search(r"Patron: Current, ends \d\d \w{3} \d{4}", text)
    assert "9,876.54 USD (7 gifts)" in text
    assert "Last gift" in text
    assert "40.00 USD" in text
    assert "2.5 hours" in text  # approved hours only
    assert 'data-flag="deceased"' in header
    assert "Deceased (01 Feb 2026)" in text
    assert 'data-flag="do_not_contact"' in header
    assert "Do not contact" in text


def test_the_summary_header_shows_giving_and_hours_only_to_those_who_may_see_them(client):
    person = IndividualFactory()
    gift_services.gift_record(
        constituent=person, amount=Decimal("40"), currency="USD", fund=FundFactory(), method="cash"
    )
    signed_in(client, "Volunteer coordinators")
    html = _page(client, person)
    header = html[html.index("data-summary") : html.index('id="details-section"')]
    assert 'data-fact="hours"' in header
    assert 'data-fact="lifetime"' not in header
    assert 'data-fact="membership"' not in header


def test_messages_about_the_person_are_in_the_timeline_and_others_are_not(admin_client):
    person = IndividualFactory()
    other = IndividualFactory()
    fund = FundFactory()
    for donor in (person, other):
        gift_services.gift_record(constituent=donor, amount=Decimal("25"), currency="USD", fund=fund, method="cash")
    assert OutboxMessage.objects.filter(kind="receipt").count() == 2
    messages = [body for kind, body in _rows(_page(admin_client, person, timeline="message"))]
    assert len(messages) == 1
    assert "Receipt email" in messages[0]
