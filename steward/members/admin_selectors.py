"""Read queries only the Wagtail staff admin needs: listing querysets shaped for one page of rows.

Each listing queryset annotates what its columns show (primary contact details, the current membership)
as correlated subqueries, so a page costs the same few queries whatever the number of rows in the table.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import (
    Case,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from .models import (
    Address,
    ConsentRecord,
    Constituent,
    ConstituentTag,
    CustomField,
    Email,
    FollowUpTask,
    Interaction,
    Membership,
    MembershipLevel,
    MembershipTerm,
    Phone,
    Relationship,
)

LIVE_STATUSES = [Membership.Status.CURRENT, Membership.Status.GRACE]


def _current_membership() -> QuerySet[Membership]:
    """A constituent's most relevant membership: a live one first, then the one that ends (or ended) last."""
    return Membership.objects.filter(constituent=OuterRef("pk")).order_by(
        Case(When(status__in=LIVE_STATUSES, then=Value(0)), default=Value(1), output_field=IntegerField()),
        F("end_date").desc(nulls_first=True),
        "-pk",
    )


def _count(queryset: QuerySet[Any]) -> Coalesce:
    """COUNT(*) of a correlated queryset as a scalar subquery (no GROUP BY, so one row, possibly 0)."""
    counted = queryset.order_by().annotate(count=Func(F("pk"), function="COUNT")).values("count")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def constituent_listing_queryset(*, kind: str | None = None) -> QuerySet[Constituent]:
    """Constituents with their primary contact details and current membership annotated, for the listing."""
    primary_email = Email.objects.filter(constituent=OuterRef("pk"), is_primary=True).values("address")[:1]
    primary_phone = Phone.objects.filter(constituent=OuterRef("pk"), is_primary=True).values("number")[:1]
    primary_address = Address.objects.filter(constituent=OuterRef("pk"), is_primary=True)
    current = _current_membership()
    queryset = (
        Constituent.objects.filter(merged_into__isnull=True)
        .select_related("household")
        .prefetch_related("tags")
        .annotate(
            primary_email=Subquery(primary_email),
            primary_phone=Subquery(primary_phone),
            primary_city=Subquery(primary_address.values("city")[:1]),
            primary_country=Subquery(primary_address.values("country")[:1]),
            membership_level=Subquery(current.values("level__name")[:1]),
            membership_status=Subquery(current.values("status")[:1]),
            membership_end=Subquery(current.values("end_date")[:1]),
        )
    )
    if kind:
        queryset = queryset.filter(kind=kind)
    if kind == Constituent.Kind.HOUSEHOLD:
        members = Constituent.objects.filter(household=OuterRef("pk"))
        queryset = queryset.annotate(member_count=_count(members))
    if kind == Constituent.Kind.ORGANIZATION:
        links = Relationship.objects.filter(Q(from_constituent=OuterRef("pk")) | Q(to_constituent=OuterRef("pk")))
        queryset = queryset.annotate(relationship_count=_count(links))
    return queryset


def constituents_with_membership(*, condition: Q) -> Exists:
    """An Exists() over the constituent's memberships matching `condition`, for listing filters."""
    return Exists(Membership.objects.filter(condition, constituent=OuterRef("pk")))


def membership_listing_queryset() -> QuerySet[Membership]:
    """Memberships with their member, level and buyer joined in, and their number of terms."""
    terms = MembershipTerm.objects.filter(membership=OuterRef("pk"))
    return Membership.objects.select_related("constituent", "level", "purchased_by").annotate(term_count=_count(terms))


def relationship_listing_queryset() -> QuerySet[Relationship]:
    """Relationships with both ends and the type joined in."""
    return Relationship.objects.select_related("type", "from_constituent", "to_constituent")


def interaction_listing_queryset() -> QuerySet[Interaction]:
    """Interactions with the constituent and the staff member (and their avatar's profile) joined in."""
    return Interaction.objects.select_related("constituent", "staff__wagtail_userprofile")


def task_listing_queryset() -> QuerySet[FollowUpTask]:
    """Follow-up tasks with the constituent and the assignee (and their avatar's profile) joined in."""
    return FollowUpTask.objects.select_related("constituent", "assigned_to__wagtail_userprofile", "interaction")


def level_listing_queryset() -> QuerySet[MembershipLevel]:
    """Membership levels with how many live memberships each has."""
    live = Membership.objects.filter(level=OuterRef("pk"), status__in=LIVE_STATUSES)
    return MembershipLevel.objects.annotate(live_count=_count(live))


def active_custom_fields() -> list[CustomField]:
    """The custom field definitions staff currently fill in, in their display order."""
    return list(CustomField.objects.filter(active=True).order_by("sort_order", "label"))


def staff_users() -> QuerySet[Any]:
    """Active users who can sign in to the admin: the people a task can be given to."""
    user_model = get_user_model()
    access = Q(codename="access_admin", content_type__app_label="wagtailadmin")
    from django.contrib.auth.models import Permission

    access_ids = Permission.objects.filter(access).values("pk")
    return (
        user_model.objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(groups__permissions__in=access_ids) | Q(user_permissions__in=access_ids))
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def constituent_membership_count(*, constituent: Constituent) -> int:
    """How many memberships the constituent holds or bought: any of them blocks a hard delete."""
    return Membership.objects.filter(Q(constituent=constituent) | Q(purchased_by=constituent)).count()


def constituent_page_queryset() -> QuerySet[Constituent]:
    """A constituent with what its admin page shows prefetched; interactions are read a page at a time
    (unlike selectors.constituent_detail_queryset, which prefetches them all)."""
    return Constituent.objects.select_related("household", "user").prefetch_related(
        "emails",
        "phones",
        "addresses",
        "tags",
        Prefetch(
            "memberships",
            queryset=Membership.objects.select_related("level", "purchased_by").prefetch_related(
                Prefetch("terms", queryset=MembershipTerm.objects.select_related("level"))
            ),
        ),
    )


def latest_interactions(*, constituent: Constituent, limit: int) -> QuerySet[Interaction]:
    """A constituent's latest interactions, newest first."""
    return constituent.interactions.select_related("staff").order_by("-occurred_at", "-id")[:limit]


def open_tasks_for_constituent(*, constituent: Constituent) -> QuerySet[FollowUpTask]:
    """A constituent's open follow-up tasks, soonest due first."""
    return (
        FollowUpTask.objects.filter(constituent=constituent, done=False)
        .select_related("assigned_to")
        .order_by("due_date", "pk")
    )


def constituent_tag_names(*, constituent_ids: Sequence[int]) -> dict[int, list[str]]:
    """The names of each constituent's tags (by constituent id, sorted), in one query for a chunk of an export."""
    names: dict[int, list[str]] = {}
    tagged = ConstituentTag.objects.filter(content_object_id__in=list(constituent_ids))
    for constituent_id, name in tagged.values_list("content_object_id", "tag__name"):
        names.setdefault(constituent_id, []).append(name)
    return {constituent_id: sorted(tag_names) for constituent_id, tag_names in names.items()}


def constituent_edit_queryset() -> QuerySet[Constituent]:
    """Constituents with what their edit form shows (contact details, tags) prefetched."""
    return Constituent.objects.prefetch_related("emails", "phones", "addresses", "tags")


def constituent_contact_details(*, constituent: Constituent) -> dict[str, list[Any]]:
    """The constituent's emails, phones and postal addresses (prefetched by constituent_page_queryset)."""
    return {
        "emails": list(constituent.emails.all()),
        "phones": list(constituent.phones.all()),
        "addresses": list(constituent.addresses.all()),
    }


def household_members(*, household: Constituent) -> list[Constituent]:
    """The people of a household, by name."""
    return list(household.household_members.order_by("sort_name", "pk"))


def constituent_memberships_with_terms(*, constituent: Constituent) -> list[tuple[Membership, list[MembershipTerm]]]:
    """The constituent's memberships, each with its terms (both prefetched by constituent_page_queryset)."""
    return [(membership, list(membership.terms.all())) for membership in constituent.memberships.all()]


def consent_ledger(*, constituent: Constituent) -> list[ConsentRecord]:
    """Every consent choice recorded for the constituent, newest first, with who recorded it."""
    return list(constituent.consent_records.select_related("recorded_by").order_by("-recorded_at", "-id"))


def membership_page_queryset() -> QuerySet[Membership]:
    """A membership with what its admin page shows: the member, level, buyer and terms."""
    return Membership.objects.select_related("constituent", "level", "purchased_by").prefetch_related("terms")


def membership_terms(*, membership: Membership) -> list[MembershipTerm]:
    """A membership's terms (prefetched by membership_page_queryset)."""
    return list(membership.terms.all())


def membership_action_queryset() -> QuerySet[Membership]:
    """Memberships with their member and level, for the renew and cancel pages."""
    return Membership.objects.select_related("constituent", "level")


def task_done_queryset() -> QuerySet[FollowUpTask]:
    """Follow-up tasks with their constituent, for the "mark as done" page."""
    return FollowUpTask.objects.select_related("constituent")
