"""Queries of portal accounts: the viewer (signed in or not, and their name)."""

import strawberry
from strawberry import Info

from steward.graphql.accounts.types import ViewerType


@strawberry.type
class AccountsQuery:
    @strawberry.field(description="Who is using the API in this session: signed in or not, and their name.")
    def viewer(self, info: Info) -> ViewerType:
        return ViewerType.for_request(info)
