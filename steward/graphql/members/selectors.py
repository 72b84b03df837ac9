"""Read queries only the API needs: the row filters behind each type's `get_queryset` and the query fields.

Shared reads (directory search, staff search, memberships covering a person) stay in
steward.members.selectors; these wrap them with who-may-see-what.
"""

from typing import Any

from django.db.models import IntegerField, Q, QuerySet, Subquery

from steward.members import selectors as member_selectors
from steward.members.models import Constituent, Membership, MembershipLevel

VIEW_CONSTITUENT = "members.view_constituent"
VIEW_CONSTITUENT_CONTACT = "members.view_constituent_contact"
VIEW_MEMBERSHIP = "members.view_membership"

#: The directory counts its matches up to this many and no further: past it, the count reads "more than"
#: (an exact count would read every matching member of a million on every page; issue 14).
DIRECTORY_COUNT_CAP = 1_000


def _signed_in(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def membership_levels_joinable() -> QuerySet[MembershipLevel]:
    """Active levels a person can join online, in the organisation's display order."""
    return MembershipLevel.objects.filter(active=True, joinable_online=True).order_by("sort_order", "price", "name")


def own_constituent(*, user: Any, queryset: QuerySet[Constituent] | None = None) -> QuerySet[Constituent]:
    """The signed-in person's own live record (a queryset, so the optimizer can shape it); empty for anyone else."""
    queryset = Constituent.objects.all() if queryset is None else queryset
    if not _signed_in(user):
        return queryset.none()
    return queryset.filter(user_id=user.pk, merged_into__isnull=True)


def constituents_visible_to(*, user: Any, queryset: QuerySet[Constituent]) -> QuerySet[Constituent]:
    """Every constituent for staff who may view constituents; nothing for anyone else."""
    if _signed_in(user) and user.has_perm(VIEW_CONSTITUENT):
        return queryset
    return queryset.none()


def constituents_for_staff(*, search: str = "", kind: str | None = None) -> QuerySet[Constituent]:
    """The staff list: the staff search (name, email, phone, id) narrowed to a kind, in sort-name order."""
    queryset = Constituent.objects.all()
    if kind:
        queryset = queryset.filter(kind=kind)
    return member_selectors.constituent_search(query=search or "", queryset=queryset).order_by("sort_name", "pk")


def constituent_by_pk(*, pk: int) -> QuerySet[Constituent]:
    """One constituent (as a queryset, so the type's row filter and the optimizer apply)."""
    return Constituent.objects.filter(pk=pk)


def memberships_visible_to(*, user: Any, queryset: QuerySet[Membership]) -> QuerySet[Membership]:
    """Staff who may view memberships see all; a member sees their own and their household's covering ones."""
    if not _signed_in(user):
        return queryset.none()
    if user.has_perm(VIEW_MEMBERSHIP):
        return queryset
    own_households = Constituent.objects.filter(household_members__user_id=user.pk).values("pk")
    return queryset.filter(
        Q(constituent__user_id=user.pk) | Q(constituent_id__in=own_households, level__covers_household=True)
    )


def memberships_of(*, constituent: Constituent) -> QuerySet[Membership]:
    """The memberships that make this person a member (their own and their household's), newest first."""
    return member_selectors.memberships_covering(constituent=constituent).order_by("-end_date", "-pk")


def household_members(*, queryset: QuerySet[Constituent]) -> QuerySet[Constituent]:
    """The people shown as a household's members: live records only (merged duplicates left out)."""
    return queryset.filter(merged_into__isnull=True).order_by("sort_name", "pk")


def directory_entries(*, query: str = "") -> QuerySet[Constituent]:
    """The member directory: opted-in current members with the details they chose annotated."""
    return member_selectors.member_directory_search(query=query)


def is_directory_queryset(queryset: QuerySet[Constituent]) -> bool:
    """Whether a queryset already came from the directory search (it carries the directory annotations)."""
    return "directory_email" in queryset.query.annotations


def directory_restrict(*, queryset: QuerySet[Constituent]) -> QuerySet[Constituent]:
    """Any constituent queryset narrowed to the directory: used when a directory entry is fetched by id."""
    if is_directory_queryset(queryset):
        return queryset
    directory = directory_entries()
    if queryset.query.has_filters():
        directory = directory.filter(pk__in=queryset.values("pk"))
    return directory


class _CountOf(Subquery):
    """`(SELECT COUNT(*) FROM (subquery))`: a scalar the database evaluates once for the whole page."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) AS counted_rows)"
    output_field = IntegerField()


def _directory_count_rows(queryset: QuerySet[Constituent]) -> QuerySet[Constituent, Any]:
    # No ORDER BY, and LIMIT one past the cap: the database stops after cap + 1 rows of any index it likes.
    return queryset.prefetch_related(None).order_by().values("pk")[: DIRECTORY_COUNT_CAP + 1]


def directory_count_capped_annotation(queryset: QuerySet[Constituent]) -> Subquery:
    """The number of members a directory queryset holds, counted up to DIRECTORY_COUNT_CAP + 1, as an
    annotation of the page's own query (so the count costs no query of its own)."""
    return _CountOf(_directory_count_rows(queryset))


def directory_count_capped(queryset: QuerySet[Constituent]) -> int:
    """The number of members a directory queryset holds, counted up to DIRECTORY_COUNT_CAP + 1."""
    return _directory_count_rows(queryset).count()
