"""Queries of the members domain: public levels, the signed-in member, the member directory, staff lists."""

from typing import Annotated

import strawberry
import strawberry_django
from django.db.models import QuerySet
from strawberry import Info
from strawberry_django.relay import DjangoListConnection

from steward.graphql import permissions
from steward.graphql.common import choice_value
from steward.graphql.members import selectors
from steward.graphql.members.filters import ConstituentFilter
from steward.graphql.members.types import (
    ConstituentKindEnum,
    ConstituentType,
    DirectoryMemberConnection,
    MembershipLevelType,
    MemberType,
)
from steward.members.models import Constituent, address_countries

STAFF_VIEW_MESSAGE = "You need permission to view constituents."


@strawberry.type
class MembersQuery:
    @strawberry_django.field(description="The membership levels one can join online, in display order.")
    def membership_levels(self) -> list[MembershipLevelType]:
        return selectors.membership_levels_joinable()  # type: ignore[return-value]

    @strawberry.field(
        description=(
            "The countries an address may be in, as ISO 3166-1 alpha-2 codes (the frontend names them in the "
            "reader's language)."
        )
    )
    def address_countries(self) -> list[str]:
        return list(address_countries())

    @strawberry_django.field(
        description="The signed-in person's own record; null when signed out or the account has no record."
    )
    def me(self, info: Info) -> MemberType | None:
        return selectors.own_constituent(user=permissions.viewer_user(info))  # type: ignore[return-value]

    @strawberry_django.connection(
        DirectoryMemberConnection,
        extensions=[
            permissions.IsCurrentMember(fail_silently=False, message="Only current members can see the directory.")
        ],
        description=(
            "Members who chose to be listed, by name. Each shows their name and only the details they chose. "
            "For signed-in current members only."
        ),
    )
    def member_directory(
        self,
        search: Annotated[
            str | None, strawberry.argument(description="Part of a name, or of a city the member shows.")
        ] = None,
    ) -> QuerySet[Constituent]:
        return selectors.directory_entries(query=search or "")

    @strawberry_django.connection(
        DjangoListConnection[ConstituentType],
        filters=ConstituentFilter,
        extensions=[permissions.has_perm(selectors.VIEW_CONSTITUENT, message=STAFF_VIEW_MESSAGE, fail_silently=False)],
        description="Staff: constituents by sort name, searched and filtered (needs members.view_constituent).",
    )
    def constituents(
        self,
        search: Annotated[
            str | None,
            strawberry.argument(description="Start of the sort name, part of the name, an email, a phone or an id."),
        ] = None,
        kind: Annotated[
            ConstituentKindEnum | None, strawberry.argument(description="Only constituents of this kind.")
        ] = None,
        filters: Annotated[
            ConstituentFilter | None,
            strawberry.argument(description="Narrow the list further (flags, membership, creation date)."),
        ] = None,
    ) -> QuerySet[Constituent]:
        # `filters` is declared only to document it: strawberry-django applies it to the returned queryset.
        return selectors.constituents_for_staff(search=search or "", kind=choice_value(kind) if kind else None)

    @strawberry_django.field(
        extensions=[permissions.has_perm(selectors.VIEW_CONSTITUENT, message=STAFF_VIEW_MESSAGE, fail_silently=False)],
        description="Staff: one constituent by its global id (needs members.view_constituent); null if not found.",
    )
    def constituent(
        self,
        id: Annotated[strawberry.relay.GlobalID, strawberry.argument(description="The constituent's global id.")],
    ) -> ConstituentType | None:
        if id.type_name != "Constituent" or not id.node_id.isdigit():
            return None
        return selectors.constituent_by_pk(pk=int(id.node_id))  # type: ignore[return-value]
