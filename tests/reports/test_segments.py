"""Segments: conditions are validated with clear messages, compile to one query, and select the same people as
a plain-Python reading of the rows; the built-in segments exist."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from steward.donations.models import GivingSummary
from steward.donations.rollups import giving_summaries_rebuild
from steward.members.models import ConsentRecord, Constituent, Membership
from steward.reports import selectors, services
from steward.reports.builtins import built_in_segments
from steward.reports.conditions import validate_conditions
from steward.reports.models import Segment
from steward.volunteers.models import HoursEntry, VolunteerProfile
from tests.factories import ConsentRecordFactory

TODAY = dt.date(2026, 3, 15)


@pytest.fixture
def people(dataset):
    giving_summaries_rebuild(today=TODAY)
    first, second, third = dataset.people[:3]
    first.tags.add("Volunteer", "board")
    first.save()
    second.tags.add("volunteer")
    second.save()
    ConsentRecordFactory(constituent=first, channel="email", topic="newsletter", granted=True)
    ConsentRecordFactory(constituent=second, channel="email", topic="newsletter", granted=True)
    # a later withdrawal wins
    ConsentRecordFactory(
        constituent=second,
        channel="email",
        topic="newsletter",
        granted=False,
        recorded_at=ConsentRecord.objects.get(constituent=second).recorded_at + dt.timedelta(minutes=1),
    )
    ConsentRecordFactory(constituent=third, channel="sms", topic="newsletter", granted=True)
    return dataset


def ids(conditions) -> set[int]:
    validate_conditions(conditions)
    segment = Segment(name="t", conditions=conditions)
    return set(selectors.segment_members(segment=segment, today=TODAY).values_list("pk", flat=True))


def everyone() -> dict[int, Constituent]:
    return {c.pk: c for c in Constituent.objects.filter(merged_into__isnull=True)}


def summaries() -> dict[int, GivingSummary]:
    return {s.constituent_id: s for s in GivingSummary.objects.all()}


def test_giving_conditions_match_the_rollups(people):
    s = summaries()
    all_ids = set(everyone())
    assert ids({"field": "lifetime_total", "min": "500"}) == {pk for pk, x in s.items() if x.lifetime_total >= 500}
    # a range that includes zero includes people who never gave
    assert ids({"field": "lifetime_total", "max": 100}) == {
        pk for pk in all_ids if pk not in s or s[pk].lifetime_total <= 100
    }
    assert ids({"field": "this_fy_total", "min": "1"}) == {pk for pk, x in s.items() if x.this_fy_total >= 1}
    assert ids({"field": "last_fy_total", "min": "1", "max": "300"}) == {
        pk for pk, x in s.items() if 1 <= x.last_fy_total <= 300
    }
    assert ids({"field": "largest_gift", "min": "1000"}) == {
        pk for pk, x in s.items() if x.largest_gift_amount and x.largest_gift_amount >= 1000
    }
    assert ids({"field": "last_gift_date", "from": "2026-01-01"}) == {
        pk for pk, x in s.items() if x.last_gift_date >= dt.date(2026, 1, 1)
    }
    assert ids({"field": "first_gift_date", "from": "fy_start"}) == {
        pk for pk, x in s.items() if x.first_gift_date >= dt.date(2026, 1, 1)
    }
    assert ids({"field": "lybunt", "value": True}) == {pk for pk, x in s.items() if x.lybunt}
    assert ids({"field": "sybunt", "value": False}) == all_ids - {pk for pk, x in s.items() if x.sybunt}
    assert ids({"field": "recurring_active", "value": True}) == {people.people[3].pk}


def test_gave_to_fund_and_campaign(people):
    from steward.donations.models import Gift

    gifts = Gift.objects.filter(status__in=["succeeded", "partially_refunded"])
    assert ids({"field": "gave_to_fund", "funds": ["library"], "from": "2025-01-01", "to": "2025-12-31"}) == set(
        gifts.filter(fund__code="library", gift_date__year=2025).values_list("constituent_id", flat=True)
    )
    assert ids({"field": "gave_to_campaign", "campaigns": ["roof-2025", "spring-2026"]}) == set(
        gifts.filter(campaign__slug__in=["roof-2025", "spring-2026"]).values_list("constituent_id", flat=True)
    )


def test_membership_conditions(people):
    memberships = list(Membership.objects.values("constituent_id", "level__slug", "status", "end_date"))
    Membership.objects.filter(pk__in=Membership.objects.order_by("pk").values("pk")[:5]).update(
        end_date=dt.date(2026, 4, 1)
    )
    memberships = list(Membership.objects.values("constituent_id", "level__slug", "status", "end_date"))
    assert ids({"field": "membership", "levels": ["patron"], "statuses": ["current"]}) == {
        m["constituent_id"] for m in memberships if m["level__slug"] == "patron" and m["status"] == "current"
    }
    assert ids({"field": "membership", "end_from": "today", "end_to": "today+30"}) == {
        m["constituent_id"] for m in memberships if m["end_date"] and TODAY <= m["end_date"] <= TODAY + dt.timedelta(30)
    }
    assert len(ids({"field": "membership", "end_from": "today", "end_to": "today+30"})) == 5


def test_volunteering_conditions(people):
    approved = list(HoursEntry.objects.filter(status="approved").values("constituent_id", "date", "hours"))
    totals: dict[int, Decimal] = {}
    for entry in approved:
        if entry["date"] >= dt.date(2025, 1, 1):
            totals[entry["constituent_id"]] = totals.get(entry["constituent_id"], Decimal(0)) + entry["hours"]
    assert ids({"field": "volunteer_hours", "min": "4", "from": "2025-01-01"}) == {
        pk for pk, hours in totals.items() if hours >= 4
    }
    assert ids({"field": "volunteer_hours", "max": "3", "from": "2025-01-01"}) == {
        pk for pk in everyone() if totals.get(pk, Decimal(0)) <= 3
    }
    recent = {e["constituent_id"] for e in approved if e["date"] >= TODAY - dt.timedelta(days=182)}
    volunteers = set(VolunteerProfile.objects.values_list("constituent_id", flat=True))
    assert ids({"field": "last_volunteered", "from": "today-182"}) == recent
    inactive = next(s for s in built_in_segments() if s["slug"] == "inactive-volunteers-6-months")
    dead = set(Constituent.objects.filter(deceased=True).values_list("pk", flat=True))
    assert ids(inactive["conditions"]) == volunteers - recent - dead


def test_tags_location_consent_flags_household_and_kind(people):
    first, second, _third = people.people[:3]
    assert ids({"field": "tags", "tags": ["VOLUNTEER"]}) == {first.pk, second.pk}
    assert ids({"field": "tags", "tags": ["volunteer", "board"], "match": "all"}) == {first.pk}
    everybody = everyone()
    from steward.members.models import Address

    thai = set(Address.objects.filter(is_primary=True, country="TH").values_list("constituent_id", flat=True))
    assert ids({"field": "location", "countries": ["th"]}) == thai
    chiang_mai = set(
        Address.objects.filter(is_primary=True, region="Chiang Mai").values_list("constituent_id", flat=True)
    )
    assert ids({"field": "location", "countries": ["TH"], "regions": ["chiang mai"]}) == chiang_mai
    assert ids({"field": "consent", "channel": "email", "topic": "newsletter"}) == {first.pk}
    assert ids({"field": "flag", "flag": "do_not_email", "value": True}) == {
        pk for pk, c in everybody.items() if c.do_not_email
    }
    assert ids({"field": "household", "value": True}) == {pk for pk, c in everybody.items() if c.household_id}
    assert ids({"field": "kind", "kinds": ["household"]}) == {
        pk for pk, c in everybody.items() if c.kind == "household"
    }


def test_groups_and_negation(people):
    a = ids({"field": "lifetime_total", "min": "500"})
    b = ids({"field": "flag", "flag": "do_not_email", "value": True})
    all_ids = set(everyone())
    both = {
        "all": [{"field": "lifetime_total", "min": "500"}, {"field": "flag", "flag": "do_not_email", "value": True}]
    }
    either = {
        "any": [{"field": "lifetime_total", "min": "500"}, {"field": "flag", "flag": "do_not_email", "value": True}]
    }
    assert ids(both) == a & b
    assert ids(either) == a | b
    assert ids({"not": both}) == all_ids - (a & b)
    assert ids({"all": []}) == all_ids
    assert ids({"any": []}) == set()


def test_a_segment_is_one_query(people):
    segment = Segment(
        name="t", conditions=next(s for s in built_in_segments() if s["slug"] == "lapsed-90-days")["conditions"]
    )
    with CaptureQueriesContext(connection) as queries:
        selectors.segment_count(segment=segment, today=TODAY)
    # one query reads the data; the others are the transaction's savepoint and, on PostgreSQL, the count's
    # memory given and put back (core.db.report_memory)
    statements = [query["sql"] for query in queries.captured_queries]
    settings_sql = [sql for sql in statements if "set_config(" in sql]
    reads = [sql for sql in statements if sql not in settings_sql and "SAVEPOINT" not in sql]
    assert len(reads) == 1, statements
    assert len(settings_sql) == (2 if connection.vendor == "postgresql" else 0)


@pytest.mark.parametrize(
    ("conditions", "message"),
    [
        ([], "must be a JSON object"),
        ({"field": "lifetme_total", "min": 5}, 'unknown field "lifetme_total"'),
        ({"all": [{"field": "lifetime_total"}]}, "give at least one of min, max"),
        ({"all": [{"field": "lifetime_total", "min": "lots"}]}, '"min" must be a number'),
        ({"field": "lifetime_total", "min": 10, "max": 5}, '"min" is more than "max"'),
        ({"field": "membership", "statuses": ["active"]}, "must be a non-empty list of: pending, current"),
        ({"field": "last_gift_date", "from": "yesterday"}, 'must be a date "YYYY-MM-DD"'),
        ({"field": "consent", "channel": "email"}, '"topic" is required'),
        ({"field": "tags", "tags": ["a"], "colour": "red"}, 'unknown option "colour"'),
        ({"all": [], "any": []}, "a group has exactly one key"),
        ({"any": {"field": "kind"}}, '"any" needs a list'),
    ],
)
def test_invalid_conditions_are_rejected_with_a_clear_message(conditions, message):
    with pytest.raises(ValidationError) as error:
        validate_conditions(conditions)
    assert any(message in text for text in error.value.messages), error.value.messages


def test_where_the_problem_is_is_named():
    with pytest.raises(ValidationError) as error:
        validate_conditions({"all": [{"field": "kind", "kinds": ["individual"]}, {"not": {"field": "nope"}}]})
    assert error.value.messages == [
        'the conditions → all[2] → not: unknown field "nope"; known fields are '
        + error.value.messages[0].split("are ")[1]
    ]


def test_segment_save_validates_and_refuses_duplicates(db):
    segment = services.segment_save(name="Big givers", conditions={"field": "lifetime_total", "min": 1000})
    assert segment.pk
    with pytest.raises(ValidationError) as error:
        services.segment_save(name="Other", conditions={"field": "lifetime_total"})
    assert "conditions" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.segment_save(name="big givers", conditions={"all": []})
    assert "name" in error.value.message_dict


def test_built_in_segments_exist_and_cannot_be_deleted(db):
    slugs = set(Segment.objects.filter(built_in__isnull=False).values_list("built_in", flat=True))
    assert slugs == {
        "renewals-due-30-days",
        "lapsed-90-days",
        "lybunt-donors",
        "first-time-donors-this-year",
        "major-donors",
        "inactive-volunteers-6-months",
    }
    for segment in Segment.objects.all():
        segment.full_clean()  # their conditions are valid
        selectors.segment_count(segment=segment)
    with pytest.raises(ValidationError):
        services.segment_delete(segment=Segment.objects.get(built_in="major-donors"))
    Segment.objects.filter(built_in="major-donors").delete()
    assert services.segments_ensure_built_in() == 1
