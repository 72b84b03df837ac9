"""Filter inputs of the members domain (staff lists)."""

import datetime as dt

import strawberry_django
from django.db.models import Q, QuerySet
from strawberry import Info

from steward.members import selectors as member_selectors
from steward.members.models import Constituent


@strawberry_django.filter_type(Constituent, name="ConstituentFilter", description="Narrow the staff constituent list.")
class ConstituentFilter:
    deceased: bool | None = strawberry_django.filter_field(description="Only the deceased (true) or the living.")
    do_not_contact: bool | None = strawberry_django.filter_field(
        description="Only those who asked not to be contacted (true), or the others (false)."
    )
    directory_opt_in: bool | None = strawberry_django.filter_field(
        description="Only those listed in the member directory (true), or the others (false)."
    )
    created_at: strawberry_django.ComparisonFilterLookup[dt.datetime] | None = strawberry_django.filter_field(
        description="When the record was created: before, after, or between."
    )

    @strawberry_django.filter_field(description="Only current members (true: current or in grace), or non-members.")
    def is_member(self, info: Info, queryset: QuerySet[Constituent], value: bool, prefix: str) -> tuple[QuerySet, Q]:
        condition = Q(**{f"{prefix}pk__in": member_selectors.active_member_ids().values("pk")})
        return queryset, condition if value else ~condition
