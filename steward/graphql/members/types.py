"""GraphQL types of the members domain.

Three views of a Constituent, each a relay Node with its own row filter:
`Member` (the signed-in person's own record), `DirectoryMember` (what the member directory shows of someone
who opted in) and `Constituent` (the staff view, behind `members.view_constituent`).
"""

import datetime as dt
from enum import Enum
from typing import Any

import strawberry
import strawberry_django
from django.db.models import QuerySet
from strawberry import Info, relay
from strawberry.extensions.field_extension import FieldExtension
from strawberry_django.relay import DjangoListConnection

from steward.graphql import permissions
from steward.graphql.common import Money, rich_text_html
from steward.graphql.members import selectors
from steward.members import selectors as member_selectors
from steward.members.contact import suppression_of
from steward.members.models import (
    Address,
    ConsentRecord,
    Constituent,
    ContactKind,
    Email,
    EmailSuppression,
    Membership,
    MembershipLevel,
    MembershipTerm,
    Phone,
)
from steward.members.services.suppressions import MEMBER_MAY_LIFT

# ---------------------------------------------------------------------------------------------------------
# Enums (mirroring the models' choices; tests/graphql/test_schema.py keeps them in step)
# ---------------------------------------------------------------------------------------------------------


@strawberry.enum(name="ConstituentKind", description="What a constituent is.")
class ConstituentKindEnum(Enum):
    INDIVIDUAL = strawberry.enum_value(Constituent.Kind.INDIVIDUAL.value, description="A person.")
    HOUSEHOLD = strawberry.enum_value(Constituent.Kind.HOUSEHOLD.value, description="A household of people.")
    ORGANIZATION = strawberry.enum_value(Constituent.Kind.ORGANIZATION.value, description="An organisation.")


@strawberry.enum(name="ContactKind", description="Where an email address, phone number or address belongs.")
class ContactKindEnum(Enum):
    HOME = strawberry.enum_value(ContactKind.HOME.value, description="Home.")
    WORK = strawberry.enum_value(ContactKind.WORK.value, description="Work.")
    MOBILE = strawberry.enum_value(ContactKind.MOBILE.value, description="Mobile.")
    OTHER = strawberry.enum_value(ContactKind.OTHER.value, description="Other.")


@strawberry.enum(name="MembershipStatus", description="Where a membership stands today.")
class MembershipStatusEnum(Enum):
    PENDING = strawberry.enum_value(Membership.Status.PENDING.value, description="Its first term starts later.")
    CURRENT = strawberry.enum_value(Membership.Status.CURRENT.value, description="Paid up for today.")
    GRACE = strawberry.enum_value(
        Membership.Status.GRACE.value, description="Ended recently; benefits continue for the level's grace days."
    )
    EXPIRED = strawberry.enum_value(Membership.Status.EXPIRED.value, description="Ended and past its grace period.")
    CANCELLED = strawberry.enum_value(Membership.Status.CANCELLED.value, description="Cancelled.")


@strawberry.enum(name="MembershipTermLength", description="How long one paid term of a level lasts.")
class MembershipTermLengthEnum(Enum):
    ANNUAL = strawberry.enum_value(MembershipLevel.Term.ANNUAL.value, description="A year.")
    MONTHLY = strawberry.enum_value(MembershipLevel.Term.MONTHLY.value, description="A month.")
    LIFETIME = strawberry.enum_value(MembershipLevel.Term.LIFETIME.value, description="For life; never renews.")


@strawberry.enum(name="MembershipPaidBy", description="How a membership term was paid.")
class MembershipPaidByEnum(Enum):
    CARD = strawberry.enum_value(MembershipTerm.PaidBy.CARD.value, description="Card.")
    BANK_TRANSFER = strawberry.enum_value(MembershipTerm.PaidBy.BANK_TRANSFER.value, description="Bank transfer.")
    CASH = strawberry.enum_value(MembershipTerm.PaidBy.CASH.value, description="Cash.")
    CHEQUE = strawberry.enum_value(MembershipTerm.PaidBy.CHEQUE.value, description="Cheque.")
    COMPLIMENTARY = strawberry.enum_value(MembershipTerm.PaidBy.COMPLIMENTARY.value, description="Not paid for.")


@strawberry.enum(name="ConsentChannel", description="A way of contacting someone that needs their consent.")
class ConsentChannelEnum(Enum):
    EMAIL = strawberry.enum_value(ConsentRecord.Channel.EMAIL.value, description="Email.")
    SMS = strawberry.enum_value(ConsentRecord.Channel.SMS.value, description="Text message.")
    PHONE = strawberry.enum_value(ConsentRecord.Channel.PHONE.value, description="Phone call.")
    MAIL = strawberry.enum_value(ConsentRecord.Channel.MAIL.value, description="Post.")


@strawberry.enum(name="ConsentTopic", description="What the organisation would contact someone about.")
class ConsentTopicEnum(Enum):
    NEWSLETTER = strawberry.enum_value(ConsentRecord.Topic.NEWSLETTER.value, description="The newsletter.")
    FUNDRAISING = strawberry.enum_value(ConsentRecord.Topic.FUNDRAISING.value, description="Fundraising appeals.")
    EVENTS = strawberry.enum_value(ConsentRecord.Topic.EVENTS.value, description="Events.")
    VOLUNTEERING = strawberry.enum_value(ConsentRecord.Topic.VOLUNTEERING.value, description="Volunteering.")
    MEMBERSHIP = strawberry.enum_value(ConsentRecord.Topic.MEMBERSHIP.value, description="Membership news.")


# ---------------------------------------------------------------------------------------------------------
# Membership levels (public)
# ---------------------------------------------------------------------------------------------------------


@strawberry_django.type(MembershipLevel, name="MembershipLevel", description="A level of membership one can hold.")
class MembershipLevelType(relay.Node):
    name: str = strawberry_django.field(description="The level's name, e.g. Supporter.")
    slug: str = strawberry_django.field(description="A stable, URL-friendly identifier of the level.")
    term: MembershipTermLengthEnum = strawberry_django.field(description="How long one paid term lasts.")
    covers_household: bool = strawberry_django.field(
        description="Whether the membership covers everyone in the member's household."
    )

    @strawberry_django.field(only=["description"], description="What the level is, as HTML (rich text).")
    def description(self, root: strawberry.Parent[MembershipLevel]) -> str:
        return rich_text_html(root.description)

    @strawberry_django.field(only=["price", "currency"], description="The price of one term.")
    def price(self, root: strawberry.Parent[MembershipLevel]) -> Money:
        return Money(amount=root.price, currency=root.currency)

    @strawberry_django.field(only=["benefits"], description="What a member of this level gets, one item each.")
    def benefits(self, root: strawberry.Parent[MembershipLevel]) -> list[str]:
        return root.benefit_list


# ---------------------------------------------------------------------------------------------------------
# Contact details, household, memberships, consents
# ---------------------------------------------------------------------------------------------------------


@strawberry_django.type(Email, name="EmailAddress", description="An email address of a person.")
class EmailType:
    address: str = strawberry_django.field(description="The email address.")
    kind: ContactKindEnum = strawberry_django.field(description="Home, work…")
    is_primary: bool = strawberry_django.field(description="Whether this is the address used to reach them.")


@strawberry_django.type(Phone, name="PhoneNumber", description="A phone number of a person.")
class PhoneType:
    kind: ContactKindEnum = strawberry_django.field(description="Mobile, home, work…")
    is_primary: bool = strawberry_django.field(description="Whether this is the number used to reach them.")

    @strawberry_django.field(only=["number"], description="The number in international (E.164) form.")
    def number(self, root: strawberry.Parent[Phone]) -> str:
        return str(root.number.as_e164)


@strawberry_django.type(Address, name="PostalAddress", description="A postal address of a person.")
class AddressType:
    kind: ContactKindEnum = strawberry_django.field(description="Home, work…")
    line1: str = strawberry_django.field(description="The first address line.")
    line2: str = strawberry_django.field(description="The second address line (may be empty).")
    city: str = strawberry_django.field(description="The city or town.")
    region: str = strawberry_django.field(description="The state, province or region.")
    postal_code: str = strawberry_django.field(description="The postcode.")
    country: str = strawberry_django.field(description="The ISO 3166-1 alpha-2 country code, e.g. TH.")
    is_primary: bool = strawberry_django.field(description="Whether this is the address used for post.")


@strawberry_django.type(Constituent, name="HouseholdMember", description="A person in a household: the name only.")
class HouseholdMemberType:
    display_name: str = strawberry_django.field(description="The name the person is shown by.")

    @classmethod
    def get_queryset(cls, queryset: QuerySet[Constituent], info: Info, **kwargs: Any) -> QuerySet[Constituent]:
        return selectors.household_members(queryset=queryset)


@strawberry_django.type(Constituent, name="Household", description="A household: people living together.")
class HouseholdType:
    display_name: str = strawberry_django.field(description="The household's name, e.g. The Somchai Family.")
    members: list[HouseholdMemberType] = strawberry_django.field(
        field_name="household_members", description="The people in the household (names only)."
    )


@strawberry_django.type(MembershipTerm, name="MembershipTerm", description="One paid (or free) period.")
class MembershipTermType:
    start_date: dt.date = strawberry_django.field(description="The first day of the term.")
    end_date: dt.date | None = strawberry_django.field(description="The last day of the term; null for lifetime.")
    paid_by: MembershipPaidByEnum = strawberry_django.field(description="How the term was paid.")

    @strawberry_django.field(only=["amount", "currency"], description="What the term cost.")
    def amount(self, root: strawberry.Parent[MembershipTerm]) -> Money:
        return Money(amount=root.amount, currency=root.currency)


@strawberry_django.type(Membership, name="Membership", description="A membership of a level and its terms.")
class MembershipType(relay.Node):
    level: MembershipLevelType = strawberry_django.field(description="The level held.")
    status: MembershipStatusEnum = strawberry_django.field(description="Where the membership stands today.")
    start_date: dt.date | None = strawberry_django.field(description="The first day of the first term.")
    end_date: dt.date | None = strawberry_django.field(
        description="The last day of the latest term; null for lifetime or not yet paid."
    )
    auto_renew: bool = strawberry_django.field(description="Whether it renews automatically.")
    cancelled_at: dt.datetime | None = strawberry_django.field(description="When it was cancelled, if it was.")
    terms: list[MembershipTermType] = strawberry_django.field(description="Its terms, latest first.")

    @strawberry_django.field(
        only=["purchased_by", "constituent"], description="Whether someone else paid for this membership as a gift."
    )
    def is_gift(self, root: strawberry.Parent[Membership]) -> bool:
        return root.is_gift

    @classmethod
    def get_queryset(cls, queryset: QuerySet[Membership], info: Info, **kwargs: Any) -> QuerySet[Membership]:
        return selectors.memberships_visible_to(user=permissions.viewer_user(info), queryset=queryset)


@strawberry.type(name="Consent", description="A person's current choice for one channel and topic.")
class ConsentType:
    channel: ConsentChannelEnum = strawberry.field(description="The channel, e.g. EMAIL.")
    topic: ConsentTopicEnum = strawberry.field(description="The topic, e.g. NEWSLETTER.")
    granted: bool = strawberry.field(description="Whether they agreed; false when they never chose.")
    recorded_at: dt.datetime | None = strawberry.field(description="When they last chose; null if never.")
    source: str | None = strawberry.field(description="Where they last chose (portal, paper form…); null if never.")
    wording: str | None = strawberry.field(description="The wording they were shown; null if never.")

    @classmethod
    def from_current(cls, current: member_selectors.CurrentConsent) -> "ConsentType":
        record = current.record
        return cls(
            channel=ConsentChannelEnum(current.channel),
            topic=ConsentTopicEnum(current.topic),
            granted=current.granted,
            recorded_at=record.recorded_at if record else None,
            source=record.source if record else None,
            wording=record.wording if record else None,
        )

    @classmethod
    def from_record(cls, record: ConsentRecord) -> "ConsentType":
        return cls.from_current(
            member_selectors.CurrentConsent(
                channel=record.channel, topic=record.topic, granted=record.granted, record=record
            )
        )


@strawberry.enum(name="EmailSuppressionReason", description="Why no message reaches an address.")
class EmailSuppressionReasonEnum(Enum):
    HARD_BOUNCE = strawberry.enum_value(
        EmailSuppression.Reason.HARD_BOUNCE.value, description="The receiving server said the address does not exist."
    )
    SOFT_BOUNCES = strawberry.enum_value(
        EmailSuppression.Reason.SOFT_BOUNCES.value, description="Messages kept being turned away (a full mailbox…)."
    )
    COMPLAINT = strawberry.enum_value(
        EmailSuppression.Reason.COMPLAINT.value, description="A message was marked as spam."
    )
    MANUAL = strawberry.enum_value(EmailSuppression.Reason.MANUAL.value, description="Staff stopped messages to it.")


@strawberry.type(
    name="EmailSuppression",
    description="Messages of every kind to this address are stopped (it bounced, or a message was marked as spam).",
)
class EmailSuppressionType:
    address: str = strawberry.field(description="The address.")
    reason: EmailSuppressionReasonEnum = strawberry.field(description="Why.")
    since: dt.datetime = strawberry.field(description="Since when.")
    can_resubscribe: bool = strawberry.field(
        description="Whether the member may start messages again themselves (resubscribeEmail); not when staff "
        "stopped them."
    )


@strawberry.type(name="DirectoryVisibility", description="Whether a member is listed in the member directory.")
class DirectoryVisibilityType:
    opt_in: bool = strawberry.field(description="Whether they appear in the directory at all (name always shown).")
    show_email: bool = strawberry.field(description="Whether the directory shows their primary email.")
    show_phone: bool = strawberry.field(description="Whether the directory shows their primary phone number.")
    show_city: bool = strawberry.field(description="Whether the directory shows the city of their primary address.")


# ---------------------------------------------------------------------------------------------------------
# The three views of a constituent
# ---------------------------------------------------------------------------------------------------------


@strawberry_django.type(Constituent, description="A person's name parts.")
class _PersonNameFields:
    title: str = strawberry_django.field(description="Honorific, e.g. Dr, Ms, Khun (may be empty).")
    given_name: str = strawberry_django.field(description="Given (first) name.")
    middle_name: str = strawberry_django.field(description="Middle name(s).")
    family_name: str = strawberry_django.field(description="Family name.")
    preferred_name: str = strawberry_django.field(description="What the person likes to be called.")
    display_name: str = strawberry_django.field(description="The name the person is shown by.")
    pronouns: str = strawberry_django.field(description="The person's pronouns, e.g. she/her (may be empty).")
    birth_date: dt.date | None = strawberry_django.field(description="Date of birth, if given.")


@strawberry_django.type(
    Constituent,
    name="Member",
    description="The signed-in person's own record. Nobody but that person (and staff) can read it.",
)
class MemberType(_PersonNameFields, relay.Node):
    emails: list[EmailType] = strawberry_django.field(description="Their email addresses, primary first.")
    phones: list[PhoneType] = strawberry_django.field(description="Their phone numbers, primary first.")
    addresses: list[AddressType] = strawberry_django.field(description="Their postal addresses, primary first.")
    household: HouseholdType | None = strawberry_django.field(description="Their household, if they belong to one.")

    @strawberry_django.field(
        only=["household"],
        description="The memberships that make them a member: their own and their household's, newest first.",
    )
    def memberships(self, root: strawberry.Parent[Constituent]) -> list[MembershipType]:
        return selectors.memberships_of(constituent=root)  # type: ignore[return-value]

    @strawberry_django.field(description="Their current choice for every channel and topic.")
    def consents(self, root: strawberry.Parent[Constituent]) -> list[ConsentType]:
        return [ConsentType.from_current(current) for current in member_selectors.consents_current(constituent=root)]

    @strawberry_django.field(
        description="The stop on messages to their primary email address, or null when messages reach it."
    )
    def email_suppression(self, root: strawberry.Parent[Constituent]) -> EmailSuppressionType | None:
        # (not root.emails: the optimizer's prefetch of `emails` would stand in for it, and filtering that
        # queryset again loses whose emails they are)
        primary = Email.objects.filter(constituent_id=root.pk, is_primary=True)
        address = primary.values_list("address", flat=True).first()
        suppression = suppression_of(address) if address else None
        if suppression is None:
            return None
        return EmailSuppressionType(
            address=suppression.address,
            reason=EmailSuppressionReasonEnum(suppression.reason),
            since=suppression.created_at,
            can_resubscribe=suppression.reason in MEMBER_MAY_LIFT,
        )

    @strawberry_django.field(
        only=["directory_opt_in", "directory_show_email", "directory_show_phone", "directory_show_city"],
        description="Whether and how they appear in the member directory.",
    )
    def directory_visibility(self, root: strawberry.Parent[Constituent]) -> DirectoryVisibilityType:
        return DirectoryVisibilityType(
            opt_in=root.directory_opt_in,
            show_email=root.directory_show_email,
            show_phone=root.directory_show_phone,
            show_city=root.directory_show_city,
        )

    @strawberry_django.field(
        prefetch_related=["email_confirmations"],
        description=(
            "The new email address they asked for and have not confirmed yet (a link was sent to it), or null."
        ),
    )
    def pending_email(self, root: strawberry.Parent[Constituent]) -> str | None:
        pending = [row for row in root.email_confirmations.all() if row.confirmed_at is None]
        return pending[0].address if pending else None

    @classmethod
    def get_queryset(cls, queryset: QuerySet[Constituent], info: Info, **kwargs: Any) -> QuerySet[Constituent]:
        return selectors.own_constituent(user=permissions.viewer_user(info), queryset=queryset)


@strawberry_django.type(
    Constituent,
    name="DirectoryMember",
    description="A member as the member directory shows them: the name, and only the details they chose to show.",
)
class DirectoryMemberType(relay.Node):
    display_name: str = strawberry_django.field(description="The name the member is shown by.")

    @strawberry_django.field(
        only=["directory_show_email"], description="Their primary email, if they chose to show it; otherwise null."
    )
    def email(self, root: strawberry.Parent[Constituent]) -> str | None:
        return getattr(root, "directory_email", None) if root.directory_show_email else None

    @strawberry_django.field(
        only=["directory_show_phone"],
        description="Their primary phone number (E.164), if they chose to show it; otherwise null.",
    )
    def phone(self, root: strawberry.Parent[Constituent]) -> str | None:
        number = getattr(root, "directory_phone", None)
        return str(number) if root.directory_show_phone and number else None

    @strawberry_django.field(
        only=["directory_show_city"], description="The city of their primary address, if they chose to show it."
    )
    def city(self, root: strawberry.Parent[Constituent]) -> str | None:
        return (getattr(root, "directory_city", None) or None) if root.directory_show_city else None

    @classmethod
    def get_queryset(cls, queryset: QuerySet[Constituent], info: Info, **kwargs: Any) -> QuerySet[Constituent]:
        if not permissions.viewer_is_current_member(info):
            return queryset.none()
        return selectors.directory_restrict(queryset=queryset)


_DIRECTORY_COUNT_FIELDS = frozenset({"totalCount", "totalCountIsCapped"})


def _selects_directory_count(info: Info) -> bool:
    return any(
        selection.name in _DIRECTORY_COUNT_FIELDS
        for field in info.selected_fields
        for selection in field.selections
        if isinstance(selection, strawberry.types.nodes.SelectedField)
    )


@strawberry.type(
    name="DirectoryMemberConnection",
    description=(
        "A page of the member directory. The total is counted only up to a cap (1,000): past it, `totalCount` "
        "is the cap and `totalCountIsCapped` is true, to be read as 'more than totalCount'."
    ),
)
class DirectoryMemberConnection(DjangoListConnection[DirectoryMemberType]):
    """The directory's connection: pages as DjangoListConnection does, with a capped count instead of an exact
    one (an exact count over a million members is a pass over all of them on every page; issue 14)."""

    @strawberry.field(
        description=(
            "How many members match, counted up to the cap (1,000); when `totalCountIsCapped`, more than this."
        )
    )
    def total_count(self) -> int | None:  # type: ignore[override]
        return min(self._counted(), selectors.DIRECTORY_COUNT_CAP)

    @strawberry.field(description="Whether more members match than `totalCount` says (the count stopped at its cap).")
    def total_count_is_capped(self) -> bool:
        return self._counted() > selectors.DIRECTORY_COUNT_CAP

    def _counted(self) -> int:
        """Matches counted up to the cap plus one: from the page's own rows when it has any, else one query."""
        if self.edges:
            counted = getattr(self.edges[0].node, "_directory_count_capped", None)
            if counted is not None:
                return int(counted)
        elif not self.page_info.has_previous_page:
            return 0  # an empty first page: nothing matches, no need to ask
        if not isinstance(self.nodes, QuerySet):
            return 0
        return selectors.directory_count_capped(self.nodes)

    @classmethod
    def resolve_connection(  # type: ignore[override]
        cls,
        nodes: QuerySet[Constituent],
        *,
        info: Info,
        before: str | None = None,
        after: str | None = None,
        first: int | None = None,
        last: int | None = None,
        **kwargs: Any,
    ) -> Any:
        if last and before is None:
            # Paging from the end needs the exact length; DjangoListConnection counts once, then comes back here.
            return super().resolve_connection(nodes, info=info, before=before, after=after, last=last, **kwargs)
        counted = nodes
        if isinstance(nodes, QuerySet) and _selects_directory_count(info):
            # The capped count rides on the page's query as an uncorrelated scalar subquery, which PostgreSQL
            # evaluates once (an InitPlan): the page stays one query, however many members match.
            counted = nodes.annotate(_directory_count_capped=selectors.directory_count_capped_annotation(nodes))
        # Skip DjangoListConnection's own resolution: it would add the exact `COUNT(1) OVER ()` window.
        connection = relay.ListConnection.resolve_connection.__func__(  # type: ignore[attr-defined]
            cls, counted, info=info, before=before, after=after, first=first, last=last, **kwargs
        )
        connection.nodes = nodes
        return connection


def _contact_permission() -> list[FieldExtension]:
    """Contact details are a separate permission from the record itself (members.view_constituent_contact)."""
    message = "You may not see constituents' contact details."
    return [permissions.has_perm(selectors.VIEW_CONSTITUENT_CONTACT, message=message)]


@strawberry_django.type(
    Constituent,
    name="Constituent",
    description="A person, household or organisation, as staff see it (needs members.view_constituent).",
)
class ConstituentType(_PersonNameFields, relay.Node):
    kind: ConstituentKindEnum = strawberry_django.field(description="Individual, household or organisation.")
    organization_name: str = strawberry_django.field(description="The name of a household or organisation.")
    sort_name: str = strawberry_django.field(description="The name used for sorting, e.g. family name first.")
    gender: str = strawberry_django.field(description="Gender, as the person describes it (may be empty).")
    source: str = strawberry_django.field(description="How they first came to the organisation.")
    notes: str = strawberry_django.field(description="Staff notes.")
    do_not_contact: bool = strawberry_django.field(description="They asked not to be contacted at all.")
    do_not_email: bool = strawberry_django.field(description="They asked not to be emailed.")
    do_not_mail: bool = strawberry_django.field(description="They asked not to be sent post.")
    do_not_phone: bool = strawberry_django.field(description="They asked not to be phoned.")
    deceased: bool = strawberry_django.field(description="Whether the person has died.")
    deceased_date: dt.date | None = strawberry_django.field(description="The date of death, if known.")
    directory_opt_in: bool = strawberry_django.field(description="Whether they are listed in the member directory.")
    created_at: dt.datetime = strawberry_django.field(description="When the record was created.")
    updated_at: dt.datetime = strawberry_django.field(description="When the record last changed.")
    household: HouseholdType | None = strawberry_django.field(description="Their household, if any.")
    memberships: list[MembershipType] = strawberry_django.field(
        description="Their own memberships, newest first (needs members.view_membership)."
    )
    emails: list[EmailType] = strawberry_django.field(
        extensions=_contact_permission(),
        description="Email addresses, primary first (empty without members.view_constituent_contact).",
    )
    phones: list[PhoneType] = strawberry_django.field(
        extensions=_contact_permission(),
        description="Phone numbers, primary first (empty without members.view_constituent_contact).",
    )
    addresses: list[AddressType] = strawberry_django.field(
        extensions=_contact_permission(),
        description="Postal addresses, primary first (empty without members.view_constituent_contact).",
    )

    @classmethod
    def get_queryset(cls, queryset: QuerySet[Constituent], info: Info, **kwargs: Any) -> QuerySet[Constituent]:
        return selectors.constituents_visible_to(user=permissions.viewer_user(info), queryset=queryset)
