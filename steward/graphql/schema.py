"""The one GraphQL schema: the domain packages merged, with the optimizer, limits and error masking.

The printed SDL (steward/graphql/schema.graphql) is the contract with the frontend; `manage.py export_schema`
writes it and `export_schema --check` fails when it is stale.
"""

import strawberry
import strawberry_django
from graphql import lexicographic_sort_schema, print_schema
from strawberry import relay
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types
from strawberry_django.optimizer import DjangoOptimizerExtension

from steward.graphql.accounts.mutations import AccountsMutation
from steward.graphql.accounts.queries import AccountsQuery
from steward.graphql.cleaning import InputCleaner
from steward.graphql.cms.queries import CmsQuery
from steward.graphql.cms.types import (
    PAGE_TYPES,
    CallToActionBlockType,
    HeadingBlockType,
    ImageBlockType,
    ParagraphBlockType,
    QuoteBlockType,
)
from steward.graphql.communications.messages import MessagesQuery
from steward.graphql.communications.reader import EmailReaderQuery
from steward.graphql.donations.mutations import DonationsMutation
from steward.graphql.donations.queries import DonationsQuery
from steward.graphql.errors import Schema, mask_errors_extension
from steward.graphql.limits import introspection_extension, limit_extensions, max_results
from steward.graphql.members.mutations import MembersMutation
from steward.graphql.members.queries import MembersQuery
from steward.graphql.reports.queries import ReportsQuery
from steward.graphql.volunteers.mutations import VolunteersMutation
from steward.graphql.volunteers.queries import VolunteersQuery


@strawberry.type
class CoreQuery:
    @strawberry.field(description="Always true: lets a client check that the API answers.")
    def ok(self) -> bool:
        return True

    node: relay.Node | None = strawberry_django.node(
        description="Any object by its global id; null if there is none or you may not see it."
    )


Query = merge_types(
    "Query",
    (
        CoreQuery,
        MembersQuery,
        CmsQuery,
        AccountsQuery,
        VolunteersQuery,
        DonationsQuery,
        ReportsQuery,
        EmailReaderQuery,
        MessagesQuery,
    ),
)
Mutation = merge_types("Mutation", (MembersMutation, AccountsMutation, VolunteersMutation, DonationsMutation))

schema = Schema(
    query=Query,
    mutation=Mutation,
    # Types reached only through an interface (Page, BodyBlock) must be named here.
    types=[*PAGE_TYPES, HeadingBlockType, ParagraphBlockType, ImageBlockType, CallToActionBlockType, QuoteBlockType],
    extensions=[
        DjangoOptimizerExtension,
        introspection_extension,
        *limit_extensions(),
        InputCleaner,
        mask_errors_extension,
    ],
    config=StrawberryConfig(relay_max_results=max_results()),
)


def schema_sdl() -> str:
    """The schema as SDL, sorted so that it only changes when the API does (and not when code moves around)."""
    # Sorted for printing only: strawberry's `sort_schema` option rebuilds the runtime types and loses its
    # enum serialisation.
    return print_schema(lexicographic_sort_schema(schema._schema)).rstrip("\n") + "\n"
