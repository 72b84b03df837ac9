"""Read queries of the members domain that more than one caller needs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery

from steward.core.dates import organisation_today

from .models import (
    Address,
    ConsentRecord,
    Constituent,
    Email,
    FollowUpTask,
    Membership,
    MembershipLevel,
    MembershipTerm,
    Phone,
    Relationship,
)


@dataclass(frozen=True)
class CurrentConsent:
    channel: str
    topic: str
    granted: bool
    record: ConsentRecord | None


def consents_current(*, constituent: Constituent) -> list[CurrentConsent]:
    """The current choice for every channel and topic: the latest ledger entry, or not granted if none."""
    latest: dict[tuple[str, str], ConsentRecord] = {}
    for record in constituent.consent_records.order_by("recorded_at", "id"):
        latest[(record.channel, record.topic)] = record
    return [
        CurrentConsent(
            channel=channel,
            topic=topic,
            granted=bool(latest.get((channel, topic)) and latest[(channel, topic)].granted),
            record=latest.get((channel, topic)),
        )
        for channel in ConsentRecord.Channel.values
        for topic in ConsentRecord.Topic.values
    ]


def consent_granted(*, constituent: Constituent, channel: str, topic: str) -> bool:
    """Whether the person's latest choice for this channel and topic is a yes."""
    latest = (
        ConsentRecord.objects.filter(constituent=constituent, channel=channel, topic=topic)
        .order_by("-recorded_at", "-id")
        .values_list("granted", flat=True)
        .first()
    )
    return bool(latest)


def constituents_with_consent(*, channel: str, topic: str) -> QuerySet[Constituent]:
    """Constituents whose latest choice for this channel and topic is a yes (one query, for segments)."""
    latest = ConsentRecord.objects.filter(constituent=OuterRef("pk"), channel=channel, topic=topic).order_by(
        "-recorded_at", "-id"
    )
    return Constituent.objects.annotate(_consent=Subquery(latest.values("granted")[:1])).filter(_consent=True)


@dataclass(frozen=True)
class RelatedConstituent:
    label: str
    other: Constituent
    relationship: Relationship


def relationships_for(*, constituent: Constituent) -> list[RelatedConstituent]:
    """Every relationship of a constituent, each labelled from this constituent's side."""
    outgoing = Relationship.objects.filter(from_constituent=constituent).select_related("type", "to_constituent")
    incoming = Relationship.objects.filter(to_constituent=constituent).select_related("type", "from_constituent")
    result = [RelatedConstituent(r.type.forward_label, r.to_constituent, r) for r in outgoing]
    result += [RelatedConstituent(r.type.reverse_label, r.from_constituent, r) for r in incoming]
    return sorted(result, key=lambda item: (item.label, item.other.sort_name))


def memberships_covering(*, constituent: Constituent) -> QuerySet[Membership]:
    """The memberships that make this person a member: their own, and their household's household-level ones."""
    condition = Q(constituent=constituent)
    if constituent.household_id:
        condition |= Q(constituent_id=constituent.household_id, level__covers_household=True)
    return Membership.objects.filter(condition).select_related("level", "constituent")


def is_member(*, constituent: Constituent) -> bool:
    """Whether the person has a current or in-grace membership of their own or through their household."""
    return (
        memberships_covering(constituent=constituent)
        .filter(status__in=[Membership.Status.CURRENT, Membership.Status.GRACE])
        .exists()
    )


def active_member_ids() -> QuerySet[Constituent]:
    """Constituents who are members now, directly or as individuals of a member household.

    Two correlated EXISTS, both answered from the partial index of live memberships by constituent
    (`membership_live_constituent`, members 0010): PostgreSQL probes it once a row, or hashes the live
    memberships once from an index-only scan of it, whichever is cheaper for the rows it expects. Never a pass
    over all memberships or a join that multiplies rows.
    """
    active = Membership.objects.filter(status__in=[Membership.Status.CURRENT, Membership.Status.GRACE])
    own = Exists(active.filter(constituent=OuterRef("pk")))
    through_household = Exists(active.filter(constituent=OuterRef("household_id"), level__covers_household=True))
    return Constituent.objects.filter(own | through_household)


def member_directory_search(*, query: str = "", viewer: Constituent | None = None) -> QuerySet[Constituent]:
    """Members who opted into the directory, matching the query on name (and city if they show it).

    Only opted-in, living, current members appear; the caller exposes only the fields each chose. The listed
    rows are those of the partial index `constituent_directory_sort` (members 0010), in its order, so a page is
    an index range scan; the email, phone and city subqueries run only for the rows of the page.
    """
    primary_email = Email.objects.filter(constituent=OuterRef("pk"), is_primary=True).values("address")[:1]
    primary_phone = Phone.objects.filter(constituent=OuterRef("pk"), is_primary=True).values("number")[:1]
    primary_city = Address.objects.filter(constituent=OuterRef("pk"), is_primary=True).values("city")[:1]
    # Current membership as two scalar subqueries (the first live membership's id, or NULL), not EXISTS:
    # PostgreSQL may turn an EXISTS under OR into a hash of every live membership (a fifth of a million
    # constituents), built in full before the page's first row; a scalar subquery is probed for each row the
    # index range scan reads, which for a page of 20 (or a count capped at 1,000) is what it reads at all.
    live = Membership.objects.filter(status__in=[Membership.Status.CURRENT, Membership.Status.GRACE])
    own = live.filter(constituent=OuterRef("pk")).values("pk")[:1]
    through_household = live.filter(constituent=OuterRef("household_id"), level__covers_household=True)
    queryset = (
        Constituent.objects.alias(
            own_membership=Subquery(own), household_membership=Subquery(through_household.values("pk")[:1])
        )
        .filter(Q(own_membership__isnull=False) | Q(household_membership__isnull=False))
        .filter(_DIRECTORY_LISTED)
        .annotate(
            directory_email=Subquery(primary_email),
            directory_phone=Subquery(primary_phone),
            directory_city=Subquery(primary_city),
        )
        .order_by("sort_name", "pk")
    )
    query = query.strip()
    if query:
        queryset = queryset.filter(_directory_match(query))
    return queryset


_DIRECTORY_LISTED = Q(directory_opt_in=True, deceased=False, merged_into__isnull=True, kind=Constituent.Kind.INDIVIDUAL)


def _directory_match(query: str) -> Q:
    """The directory's name-or-city condition, written so that PostgreSQL answers it from indexes.

    A name matches anywhere in the display name or the given name. That finds what matching the display,
    given, family and preferred names would: the display name is the preferred (else given) name with the
    family name, so only a given name hidden behind a preferred one is looked up separately (a partial trigram
    index over just those rows). A query shorter than TRIGRAM_MIN has no whole trigram, so it matches the start
    of the display, given or sort (family-first) name instead, through pattern-ops btrees: a two-letter Chinese
    given name ("小明") or a one-letter family name ("王") is still found.

    The name matches and the shown-city matches are two index scans (the directory's partial trigram indexes,
    the primary addresses' city trigram index) joined by UNION ALL: an OR of the two in one WHERE would make
    PostgreSQL read every directory member and test each.
    """
    if len(query) >= TRIGRAM_MIN:
        names = Q(display_name__icontains=query) | (~Q(preferred_name="") & Q(given_name__icontains=query))
        city = Q(city__icontains=query)
    else:
        names = (
            Q(display_name__istartswith=query)
            | Q(given_name__istartswith=query)
            | Q(sort_name__startswith=query.casefold())
        )
        city = Q(city__istartswith=query)
    by_name = Constituent.objects.filter(_DIRECTORY_LISTED, names).order_by().values("pk")
    by_city = (
        Address.objects.filter(city, is_primary=True, constituent__directory_show_city=True)
        .order_by()
        .values("constituent_id")
    )
    return Q(pk__in=by_name.union(by_city, all=True))


# pg_trgm finds a substring through its index only when the substring has a whole trigram.
TRIGRAM_MIN = 3
# A staff search by email or phone reads up to this many matching ids itself, then the rows by primary key.
SEARCH_IDS_AT_ONCE = 1000


def constituent_search(*, query: str, queryset: QuerySet[Constituent] | None = None) -> QuerySet[Constituent]:
    """Staff search: name parts, organisation name, email or phone, as one indexed filter.

    A name matches from the start of its sort name ("davis, j") or anywhere in its display name: on PostgreSQL
    a trigram index answers the "anywhere" for queries of TRIGRAM_MIN letters or more, in any script (Thai and
    Chinese names without spaces are found by any three letters). A shorter query (a two-letter Chinese given
    name) matches the start of the sort, display or given name, through pattern-ops btrees (members 0009).
    """
    queryset = queryset if queryset is not None else Constituent.objects.all()
    query = query.strip()
    if not query:
        return queryset
    condition = Q(sort_name__startswith=query.casefold())
    if len(query) >= TRIGRAM_MIN:
        condition |= Q(display_name__icontains=query)
    else:
        condition |= Q(display_name__istartswith=query) | Q(given_name__istartswith=query)
    contacts: QuerySet[Any] | None = None
    if "@" in query:
        contacts = Email.objects.filter(address__iexact=query)
    elif sum(ch.isdigit() for ch in query) >= 6:
        digits = "".join(ch for ch in query if ch.isdigit() or ch == "+")
        contacts = Phone.objects.filter(number__contains=digits.lstrip("+0"))
    elif query.isdigit():
        condition |= Q(pk=int(query))
    if contacts is None:
        # The name conditions are all on the constituent's own row: one bitmap OR of their indexes.
        return queryset.filter(condition)
    # With an email or a phone, a union of the ids each index finds: an OR across a join to emails or phones
    # would make the database test every constituent (and repeat those with two matching numbers). The ids
    # are fetched first (a few, for an address or a number) and the listing reads those rows by primary key:
    # given the subquery instead, the planner may expect its matches spread through the sort order and walk
    # the whole sort-name index for the first page. A search matching more takes the subquery.
    ids = Constituent.objects.filter(condition).order_by().values("pk")
    ids = ids.union(contacts.order_by().values("constituent_id"), all=True)
    found = list(ids.values_list("pk", flat=True)[: SEARCH_IDS_AT_ONCE + 1])
    matches: Any = found if len(found) <= SEARCH_IDS_AT_ONCE else ids
    return queryset.filter(pk__in=matches)


def open_tasks_for(*, user: Any) -> QuerySet[FollowUpTask]:
    """A staff member's open follow-up tasks, soonest due first."""
    return (
        FollowUpTask.objects.filter(assigned_to=user, done=False)
        .select_related("constituent")
        .order_by("due_date", "pk")
    )


@dataclass(frozen=True)
class MembershipFigures:
    active_members: int
    new_this_month: int
    renewals_due_30_days: int
    lapsed_last_30_days: int
    retention_rate_12_months: Decimal | None


def membership_dashboard_figures(*, today: dt.date | None = None) -> MembershipFigures:
    """The figures on the staff dashboard, each a single aggregate query.

    Retention: of the memberships whose term ended in the 12 months before today (and which were due to
    renew by now), the share that have a later term.
    """
    today = today or organisation_today()
    month_start = today.replace(day=1)
    live = [Membership.Status.CURRENT, Membership.Status.GRACE]
    counts = Membership.objects.aggregate(
        active=Count("pk", filter=Q(status__in=live)),
        renewals_due=Count(
            "pk",
            filter=Q(
                status=Membership.Status.CURRENT,
                end_date__gte=today,
                end_date__lte=today + dt.timedelta(days=30),
            ),
        ),
    )
    # A membership lapses the day after its grace period ends; one count per distinct grace period.
    lapsed = 0
    for grace in MembershipLevel.objects.values_list("grace_days", flat=True).distinct():
        # lapsed on end + grace + 1, counted when that falls in (today - 30, today]
        lapsed += Membership.objects.filter(
            status=Membership.Status.EXPIRED,
            level__grace_days=grace,
            end_date__gt=today - dt.timedelta(days=31 + grace),
            end_date__lte=today - dt.timedelta(days=1 + grace),
        ).count()
    new_this_month = Membership.objects.filter(start_date__gte=month_start, start_date__lte=today).count()
    year_ago = today - dt.timedelta(days=365)
    renewed_later = MembershipTerm.objects.filter(
        membership=OuterRef("membership"), start_date__gt=OuterRef("end_date")
    )
    ended = MembershipTerm.objects.filter(end_date__gte=year_ago, end_date__lt=today)
    retention = ended.annotate(renewed=Exists(renewed_later)).aggregate(
        due=Count("membership", distinct=True),
        kept=Count("membership", filter=Q(renewed=True), distinct=True),
    )
    rate = (
        (Decimal(retention["kept"]) * 100 / Decimal(retention["due"])).quantize(Decimal("0.1"))
        if retention["due"]
        else None
    )
    return MembershipFigures(
        active_members=counts["active"],
        new_this_month=new_this_month,
        renewals_due_30_days=counts["renewals_due"],
        lapsed_last_30_days=lapsed,
        retention_rate_12_months=rate,
    )
