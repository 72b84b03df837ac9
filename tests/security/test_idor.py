"""Every GraphQL route to another member's records is closed: an IDOR sweep derived from the live schema.

Two members, Alice and Bob, each own one of every kind of record the API shows a member (gifts with receipts,
recurring gifts, a membership that renews itself, consents, saved cards, a pledge, volunteer sign-ups and hours).
The schema is walked for every object type implementing Node, every query field taking an ID and every
mutation with an ID anywhere in its arguments (input types walked recursively). Each is asked, as Alice and
signed out, with Bob's ids: queries must show nothing of Bob's; mutations must answer with a typed refusal and
leave every row of Bob's as it was. What each type, query and mutation needs is written in the KNOWN maps
below; one found in the schema but not known here fails the test until it is added, so later ones are swept too.
Bob's own ids work for Bob (and staff's for staff), so a sweep that only ever errors would be noticed."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils import timezone
from graphql import (
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLUnionType,
    get_named_type,
    is_leaf_type,
)
from strawberry.relay import to_base64

from steward.core.dates import organisation_today
from steward.donations import gifts as donation_services
from steward.donations import receipts
from steward.donations.models import PaymentMethod, RecurringGift
from steward.graphql.errors import UNEXPECTED_ERROR_MESSAGE
from steward.graphql.schema import schema
from steward.members import services as member_services
from steward.members.models import ConsentRecord, Constituent
from steward.volunteers import services as volunteer_services
from tests.factories import FundFactory, GiftFactory, PaymentMethodFactory, RecurringGiftFactory
from tests.graphql.conftest import GraphQLClient, member_with_account, staff_with
from tests.volunteers.factories import OpportunityFactory, make_shift

pytestmark = pytest.mark.django_db

SDL = schema._schema
QUERY = cast(GraphQLObjectType, SDL.query_type)
MUTATION = cast(GraphQLObjectType, SDL.mutation_type)


# --- the two members and everything they own ---------------------------------------------------------------


@dataclass
class Owned:
    """One member and one of each kind of record they own."""

    person: Constituent
    objects: dict[str, Any] = field(default_factory=dict)

    def gid(self, type_name: str, key: str) -> str:
        return to_base64(type_name, self.objects[key].pk)


_cards = itertools.count(1)


def _saved_card(person: Constituent) -> PaymentMethod:
    number = next(_cards)
    return PaymentMethodFactory(
        constituent=person,
        stripe_customer_id=f"cus_idor_{person.pk}",
        stripe_payment_method_id=f"pm_idor_{person.pk}_{number}",
        brand="visa",
        last4="4242",
        exp_month=12,
        exp_year=2031,
        is_default=True,
    )


def _plan(person: Constituent, card: PaymentMethod, fund: Any, **fields: Any) -> RecurringGift:
    """A recurring gift as recurring_gift_start leaves it after its first charge."""
    next_charge = organisation_today() + dt.timedelta(days=20)
    values = {
        "amount": Decimal("15.00"),
        "frequency": RecurringGift.Frequency.MONTHLY,
        "status": RecurringGift.Status.ACTIVE,
        "next_charge_date": next_charge,
        "charge_day": next_charge.day,
        **fields,
    }
    return RecurringGiftFactory(constituent=person, currency="USD", fund=fund, payment_method=card, **values)


def _member_with_everything(given_name: str, family_name: str, shifts: dict[str, Any], fund: Any) -> Owned:
    person = member_with_account(given_name=given_name, family_name=family_name, notes=f"{given_name}'s staff note.")
    member_services.phone_add(constituent=person, number="+44 20 7946 0" + str(100 + person.pk % 800))
    owned = Owned(person=person)
    membership = person.memberships.get()
    card = _saved_card(person)
    gift: Any = GiftFactory(constituent=person, fund=fund, amount=Decimal("42.00"))
    receipts.receipt_issue(gift=gift)
    renewal = _plan(person, card, fund, amount=membership.level.price, frequency=RecurringGift.Frequency.ANNUAL)
    renewal.membership = membership
    renewal.save(update_fields=["membership"])
    member_services.membership_set_auto_renew(membership=membership, auto_renew=True)
    now = timezone.now()
    upcoming = volunteer_services.signup_create(shift=shifts["upcoming"], constituent=person)
    started = volunteer_services.signup_create(
        shift=shifts["started"], constituent=person, now=shifts["started"].starts_at - dt.timedelta(days=5)
    )
    worked = volunteer_services.signup_create(
        shift=shifts["worked"], constituent=person, now=shifts["worked"].starts_at - dt.timedelta(days=5)
    )
    hours = volunteer_services.hours_report(signup=worked, hours="2", note="Set up the chairs.", now=now)
    owned.objects.update(
        constituent=person,
        membership=membership,
        level=membership.level,
        card=card,
        gift=gift,
        plan=_plan(person, card, fund),
        paused_plan=_plan(person, card, fund, status=RecurringGift.Status.PAUSED),
        renewal=renewal,
        pledge=donation_services.pledge_create(constituent=person, amount="300.00", currency="USD", fund=fund),
        consent=member_services.consent_record(
            constituent=person,
            channel=ConsentRecord.Channel.EMAIL,
            topic=ConsentRecord.Topic.NEWSLETTER,
            granted=True,
            source="portal",
            wording="Send me the newsletter.",
        ),
        signup_upcoming=upcoming,
        signup_started=started,
        signup_worked=worked,
        hours=hours,
        shift_upcoming=shifts["upcoming"],
    )
    return owned


def _shifts() -> dict[str, Any]:
    """Shifts both members are on: one to come, one under way (hours can be reported) and one already worked."""
    opportunity: Any = OpportunityFactory(title="Park clean-up")
    return {
        "upcoming": make_shift(opportunity=opportunity, starts_in=dt.timedelta(days=4)),
        "started": make_shift(opportunity=opportunity, starts_in=-dt.timedelta(hours=1), hours=4),
        "worked": make_shift(opportunity=opportunity, starts_in=-dt.timedelta(days=2), hours=4),
    }


@dataclass
class World:
    alice: Owned
    bob: Owned
    bob_markers: list[str]


def _world() -> World:
    shifts = _shifts()
    fund = FundFactory(code="general", name="General fund")
    alice = _member_with_everything("Alice", "Reader", shifts, fund)
    bob = _member_with_everything("Bobbington", "Idorvictim", shifts, fund)
    markers = ["Bobbington", "Idorvictim", bob.person.emails.get().address, "Bobbington's staff note."]
    return World(alice=alice, bob=bob, bob_markers=markers)


@pytest.fixture
def world(db, settings) -> World:
    # Stripe is never reached when a refusal comes first; if it were, it answers "unavailable" at once.
    settings.STRIPE_SECRET_KEY = "sk_test_idor"
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"
    return _world()


# --- Bob's rows, as the database holds them --------------------------------------------------------------


def _fks_to(model: type[models.Model], target: type[models.Model]) -> list[str]:
    return [
        f.name
        for f in model._meta.get_fields()
        if isinstance(f, models.ForeignKey | models.OneToOneField) and f.related_model is target and f.concrete
    ]


def _owned_querysets(person: Constituent) -> Iterator[tuple[str, models.QuerySet]]:
    """Every row of Steward's apps that belongs to the person: linked to their record, or to a row that is."""
    ours = [model for model in apps.get_models() if model.__module__.startswith("steward.")]
    owning = {model: _fks_to(model, Constituent) for model in ours}
    yield "members.constituent", Constituent.objects.filter(pk=person.pk)
    yield "auth.user", get_user_model().objects.filter(constituent=person)
    for model in ours:
        for name in owning[model]:
            yield f"{model._meta.label_lower}.{name}", model._default_manager.filter(**{name: person})
        for parent, parent_fks in owning.items():
            if parent is Constituent:
                continue
            for name in _fks_to(model, parent):
                for parent_fk in parent_fks:
                    lookup = {f"{name}__{parent_fk}": person}
                    label = f"{model._meta.label_lower}.{name}__{parent_fk}"
                    yield label, model._default_manager.filter(**lookup)


def snapshot(person: Constituent) -> dict[str, list[dict[str, Any]]]:
    return {label: list(queryset.order_by("pk").values()) for label, queryset in _owned_querysets(person)}


# --- the schema walk ------------------------------------------------------------------------------------


def _unwrap(type_: Any) -> Any:
    while isinstance(type_, GraphQLNonNull | GraphQLList):
        type_ = type_.of_type
    return type_


def id_paths(arguments: dict[str, Any], prefix: str = "", seen: frozenset[str] = frozenset()) -> Iterator[str]:
    """Dotted paths of every ID argument or input field, input types walked recursively."""
    for name, argument in arguments.items():
        named = get_named_type(argument.type)
        if named.name == "ID":
            yield prefix + name
        elif isinstance(named, GraphQLInputObjectType) and named.name not in seen:
            yield from id_paths(named.fields, f"{prefix}{name}.", seen | {named.name})


def node_types() -> list[str]:
    node = SDL.get_type("Node")
    found = [t.name for t in SDL.type_map.values() if isinstance(t, GraphQLObjectType) and node in t.interfaces]
    return sorted(found)


def query_fields_with_ids() -> dict[str, list[str]]:
    return {name: paths for name, f in QUERY.fields.items() if (paths := sorted(id_paths(f.args)))}


def mutations_with_ids() -> dict[str, list[str]]:
    return {name: paths for name, f in MUTATION.fields.items() if (paths := sorted(id_paths(f.args)))}


# Fields that fail for every record today, left out of the selections (each has a strict expected failure below,
# which passes once the field is fixed: then remove it from here).
BROKEN_FIELDS: dict[tuple[str, str], str] = {}


def _selection(type_: GraphQLObjectType, depth: int = 2) -> str:
    """Every field of a type that needs no arguments: leaves, and objects' leaves down to `depth`."""
    parts = ["__typename"]
    for name, f in type_.fields.items():
        if (type_.name, name) in BROKEN_FIELDS:
            continue
        if any(isinstance(arg.type, GraphQLNonNull) and arg.default_value is None for arg in f.args.values()):
            continue
        named = _unwrap(f.type)
        if is_leaf_type(named):
            parts.append(name)
        elif isinstance(named, GraphQLInterfaceType | GraphQLUnionType):
            parts.append(f"{name} {{ __typename }}")
        elif isinstance(named, GraphQLObjectType) and depth > 1 and not named.name.endswith("Connection"):
            parts.append(f"{name} {{ {_selection(named, depth - 1)} }}")
    return " ".join(parts)


def node_query(type_name: str) -> str:
    type_ = SDL.get_type(type_name)
    assert isinstance(type_, GraphQLObjectType)
    fragment = _selection(type_)
    return f"query ($id: ID!) {{ node(id: $id) {{ __typename id ... on {type_name} {{ {fragment} }} }} }}"


# --- what the sweep knows ------------------------------------------------------------------------------

PUBLIC = "public"  # the organisation's own objects (pages, funds, levels, shifts): nothing of a member's

# Node type: PUBLIC, or (key of the owned object whose pk the id carries, who may see it: "owner", a staff
# permission, or None when nobody may while the member is unlisted).
KNOWN_NODES: dict[str, Any] = {
    "Campaign": PUBLIC,
    "CampaignPage": PUBLIC,
    "ContentPage": PUBLIC,
    "Fund": PUBLIC,
    "HomePage": PUBLIC,
    "MembershipLevel": PUBLIC,
    "NewsIndexPage": PUBLIC,
    "NewsItemPage": PUBLIC,
    "VolunteerOpportunity": PUBLIC,
    "VolunteerShift": PUBLIC,
    "ArchivedNewsletter": PUBLIC,  # only sent campaigns chosen for the archive (tests/graphql/cms)
    "NewsletterArchivePage": PUBLIC,
    "Constituent": ("constituent", "members.view_constituent"),
    "DirectoryMember": ("constituent", None),  # listed only by choice (tests/graphql/members/test_member_privacy.py)
    "Member": ("constituent", "owner"),
    "Membership": ("membership", "owner"),
    "Gift": ("gift", "owner"),
    "RecurringGift": ("plan", "owner"),
    "ShiftSignup": ("signup_upcoming", "owner"),
    "VolunteerHoursEntry": ("hours", "owner"),
}

# Query field (other than `node`) with ID arguments: {argument path: (type name, owned key)}, other arguments,
# and the staff permission that does show Bob's data through it (the positive control).
KNOWN_QUERIES: dict[str, dict[str, Any]] = {
    "constituent": {
        "ids": {"id": ("Constituent", "constituent")},
        "selection": "{ displayName notes emails { address } }",
        "staff": ("members.view_constituent", "members.view_constituent_contact"),
    },
    "shiftRoster": {
        "ids": {"shiftId": ("VolunteerShift", "shift_upcoming")},
        "selection": "{ id volunteerName status }",
        "staff": ("volunteers.view_signup",),
    },
    # A member's own query (no staff use): the positive control is Bob asking with his own membership, and
    # anyone else gets null — not a price or dates worked out on Bob's membership.
    "membershipPurchaseQuote": {
        "ids": {"membershipId": ("Membership", "membership")},
        "real": {"levelId": ("MembershipLevel", "level")},
        "selection": "{ amount { amount } startDate endDate }",
        "owner": True,
    },
}

# Mutation with ID arguments: the other values it needs, and for each ID path the (type name, owned key) of
# Bob's object sent there. A path naming a public object (a shift, a fund) gets one of Bob's ids of another
# type: it must be refused as such, not read as a pk. `owner` is the success type Bob gets with his own ids
# (None where the id is of the wrong type or success needs Stripe), the positive control of the values.
KNOWN_MUTATIONS: dict[str, dict[str, Any]] = {
    "signUpForShift": {
        "values": {"input": {}},
        "ids": {"input.shiftId": ("ShiftSignup", "signup_upcoming")},
        "owner": None,
    },
    "cancelSignup": {
        "values": {"input": {}},
        "ids": {"input.signupId": ("ShiftSignup", "signup_upcoming")},
        "owner": "ShiftSignup",
    },
    "reportHours": {
        "values": {"input": {"hours": "1.5", "note": "Alice was here."}},
        "ids": {"input.signupId": ("ShiftSignup", "signup_started")},
        "owner": "VolunteerHoursEntry",
    },
    "startDonation": {
        "values": {
            "input": {
                "amount": "25.00",
                "currency": "USD",
                "paymentMethodId": "pm_card_visa",
                "requestKey": "idor-donation",
                "fundId": None,
                "campaignId": None,
                "donor": {"email": "someone@example.org", "givenName": "Someone"},
            }
        },
        "ids": {"input.fundId": ("Gift", "gift"), "input.campaignId": ("RecurringGift", "plan")},
        "owner": None,
    },
    "startMembershipPurchase": {
        "values": {
            "input": {
                "levelId": None,
                "paymentMethodId": "pm_card_visa",
                "requestKey": "idor-membership",
                "membershipId": None,
            }
        },
        "ids": {"input.levelId": ("Membership", "membership"), "input.membershipId": ("Membership", "membership")},
        "real": {"input.levelId": ("MembershipLevel", "level")},  # a required id: the real one in other cases
        "owner": None,
    },
    # Joining: the level is the only id (the organisation's, public); someone else's id there is refused as such.
    "checkJoin": {
        "values": {"input": {"levelId": None}},
        "ids": {"input.levelId": ("Membership", "membership")},
        "owner": None,
    },
    "joinMembership": {
        "values": {"input": {"levelId": None, "paymentMethodId": "pm_card_visa", "requestKey": "idor-join"}},
        "ids": {"input.levelId": ("Membership", "membership")},
        "owner": None,
    },
    "updateRecurringGift": {
        "values": {"input": {"amount": "7.00"}},
        "ids": {"input.id": ("RecurringGift", "plan")},
        "owner": "RecurringGift",
    },
    "pauseRecurringGift": {"values": {}, "ids": {"id": ("RecurringGift", "plan")}, "owner": "RecurringGift"},
    "resumeRecurringGift": {
        "values": {},
        "ids": {"id": ("RecurringGift", "paused_plan")},
        "owner": "RecurringGift",
    },
    "skipRecurringGift": {"values": {}, "ids": {"id": ("RecurringGift", "plan")}, "owner": "RecurringGift"},
    "cancelRecurringGift": {
        "values": {"reason": "Alice says so."},
        "ids": {"id": ("RecurringGift", "plan")},
        "owner": "RecurringGift",
    },
    "startCardUpdate": {"values": {}, "ids": {"id": ("RecurringGift", "plan")}, "owner": None},
    "finishCardUpdate": {
        "values": {"setupIntentId": "seti_idor"},
        "ids": {"id": ("RecurringGift", "plan")},
        "owner": None,
    },
    "setMembershipAutoRenew": {
        "values": {"autoRenew": False},
        "ids": {"membershipId": ("Membership", "membership")},
        "owner": "Membership",
    },
}

# Findings of this sweep that are open holes: (kind, name) -> reason. Each turns its case into an expected
# failure (strict: it fails once fixed, so the entry is removed with the fix).
KNOWN_HOLES: dict[tuple[str, str], str] = {}


def _case_marks(kind: str, name: str) -> list[Any]:
    if (kind, name) in KNOWN_HOLES:
        return [pytest.mark.xfail(strict=True, reason=KNOWN_HOLES[(kind, name)])]
    return []


def _set_path(values: dict[str, Any], path: str, value: Any) -> None:
    *parents, leaf = path.split(".")
    for parent in parents:
        values = values.setdefault(parent, {})
    values[leaf] = value


def mutation_cases(name: str, owned: Owned) -> Iterator[tuple[str, dict[str, Any]]]:
    """(id path, variables) for each ID path of a mutation: that path carries Bob's id, the others null (or,
    where `real` says so, the id of the real object the member would send)."""
    known = KNOWN_MUTATIONS[name]
    for path, (type_name, key) in known["ids"].items():
        variables = json.loads(json.dumps(known["values"]))
        for real_path, (real_type, real_key) in known.get("real", {}).items():
            _set_path(variables, real_path, owned.gid(real_type, real_key))
        _set_path(variables, path, owned.gid(type_name, key))
        yield path, variables


def mutation_operation(name: str) -> str:
    """The mutation with each argument as a variable, asking for the payload's typename and any refusal."""
    f: GraphQLField = MUTATION.fields[name]
    declared = ", ".join(f"${arg}: {argument.type}" for arg, argument in f.args.items())
    passed = ", ".join(f"{arg}: ${arg}" for arg in f.args)
    payload = "__typename ... on OperationInfo { messages { kind field code message } }"
    return f"mutation ({declared}) {{ {name}({passed}) {{ {payload} }} }}"


def _text(result: Any) -> str:
    return json.dumps({"data": result.data, "errors": result.errors})


def _viewers(world: World) -> dict[str, GraphQLClient]:
    alice = GraphQLClient()
    alice.login(world.alice.person.user)
    return {"Alice": alice, "signed out": GraphQLClient()}


# --- the tests -----------------------------------------------------------------------------------------


def test_the_sweep_knows_every_node_type_query_and_mutation_that_takes_an_id():
    # given the live schema
    nodes, queries, mutations = node_types(), query_fields_with_ids(), mutations_with_ids()
    # when its Node types, queries with ID arguments and mutations with ID arguments are compared with the maps
    unknown_nodes = sorted(set(nodes) - set(KNOWN_NODES))
    unknown_queries = sorted(name for name in queries if name != "node" and name not in KNOWN_QUERIES)
    unknown_mutations = sorted(set(mutations) - set(KNOWN_MUTATIONS))
    unswept_ids = {
        name: paths
        for name, paths in mutations.items()
        if name in KNOWN_MUTATIONS and paths != sorted(KNOWN_MUTATIONS[name]["ids"])
    }
    # then every one is known, with every ID path it takes (a walk that found nothing would pass vacuously)
    assert unknown_nodes == [], f"add these Node types to KNOWN_NODES: {unknown_nodes}"
    assert unknown_queries == [], f"add these queries to KNOWN_QUERIES: {unknown_queries}"
    assert unknown_mutations == [], f"add these mutations to KNOWN_MUTATIONS: {unknown_mutations}"
    assert unswept_ids == {}, f"sweep every ID path of these mutations: {unswept_ids}"
    assert sorted(set(KNOWN_NODES) - set(nodes)) == [], "remove Node types the schema no longer has"
    assert sorted(set(KNOWN_MUTATIONS) - set(mutations)) == [], "remove mutations the schema no longer has"
    assert len(nodes) >= 18
    assert len(mutations) >= 13
    assert queries["node"] == ["id"]


@pytest.mark.parametrize(
    "type_name",
    [pytest.param(name, marks=_case_marks("node", name)) for name, known in KNOWN_NODES.items() if known is not PUBLIC],
)
def test_no_node_of_another_members_comes_back_to_a_member_or_the_public(world, type_name):
    # given Bob's record of this type and its global id
    key, _ = KNOWN_NODES[type_name]
    bob_id = world.bob.gid(type_name, key)
    query = node_query(type_name)
    # when Alice and a signed-out visitor ask for it as a node
    results = {who: client(query, {"id": bob_id}, errors=True) for who, client in _viewers(world).items()}
    # then neither gets anything of Bob's: null, or an error that is not an internal one
    for who, result in results.items():
        assert result.data == {"node": None}, (who, result.data)
        assert UNEXPECTED_ERROR_MESSAGE not in result.error_messages, (who, result.errors)
        leaked = [marker for marker in world.bob_markers if marker in _text(result)]
        assert leaked == [], (who, leaked)


@pytest.mark.parametrize(
    "type_name", [name for name, known in KNOWN_NODES.items() if known is not PUBLIC and known[1] is not None]
)
def test_a_node_comes_back_whole_to_whoever_may_see_it(world, type_name):
    # given Bob's record of this type, and Bob (or staff allowed to see it) signed in
    key, viewer = KNOWN_NODES[type_name]
    client = GraphQLClient()
    client.login(world.bob.person.user if viewer == "owner" else staff_with(viewer))
    # when they ask for it as a node, with every field the type has
    node = client(node_query(type_name), {"id": world.bob.gid(type_name, key)}).data["node"]
    # then it is the record (so the refusals above are about who asks, not a broken query)
    assert node is not None
    assert (node["__typename"], node["id"]) == (type_name, world.bob.gid(type_name, key))


def test_a_gift_without_a_tribute_shows_no_tribute_type(world):
    # given Bob's gift, given without a tribute, and Bob signed in
    client = GraphQLClient()
    client.login(world.bob.person.user)
    # when he asks for its tribute type
    result = client(
        "query ($id: ID!) { node(id: $id) { ... on Gift { tributeType } } }", {"id": world.bob.gid("Gift", "gift")}
    )
    # then it is null
    assert result.data == {"node": {"tributeType": None}}


@pytest.mark.parametrize("query_name", [pytest.param(n, marks=_case_marks("query", n)) for n in KNOWN_QUERIES])
def test_no_query_taking_an_id_shows_another_members_data(world, query_name):
    # given a query taking an id, aimed at Bob's record, and a staff user allowed to use it
    known = KNOWN_QUERIES[query_name]
    ids = {**known["ids"], **known.get("real", {})}
    arguments = {path: world.bob.gid(type_name, key) for path, (type_name, key) in ids.items()}
    declared = ", ".join(f"${arg}: {QUERY.fields[query_name].args[arg].type}" for arg in arguments)
    passed = ", ".join(f"{arg}: ${arg}" for arg in arguments)
    query = f"query ({declared}) {{ {query_name}({passed}) {known['selection']} }}"
    allowed_client = GraphQLClient()
    allowed_client.login(world.bob.person.user if known.get("owner") else staff_with(*known["staff"]))
    # when Alice, a signed-out visitor and the staff user (or, for a member's own query, Bob) ask for it
    results = {who: client(query, arguments, errors=True) for who, client in _viewers(world).items()}
    allowed = allowed_client(query, arguments)
    # then Alice and the public get nothing of Bob's, and no internal error
    for who, result in results.items():
        assert UNEXPECTED_ERROR_MESSAGE not in result.error_messages, (who, result.errors)
        leaked = [marker for marker in world.bob_markers if marker in _text(result)]
        assert leaked == [], (who, leaked)
        if known.get("owner"):
            assert result.data == {query_name: None}, (who, result.data)
    # and the staff user does see Bob through it (Bob, his own answer)
    if known.get("owner"):
        assert allowed.data[query_name] is not None
    else:
        assert "Bobbington" in _text(allowed)


@pytest.mark.parametrize("mutation_name", [pytest.param(n, marks=_case_marks("mutation", n)) for n in KNOWN_MUTATIONS])
def test_no_mutation_changes_another_members_records_given_their_ids(world, mutation_name):
    # given Bob's records as they are, and the mutation with Bob's id in each of its ID arguments in turn
    before = snapshot(world.bob.person)
    operation = mutation_operation(mutation_name)
    answers = []
    # when Alice and a signed-out visitor send each
    for path, variables in mutation_cases(mutation_name, world.bob):
        for who, client in _viewers(world).items():
            answers.append((who, path, client(operation, variables, errors=True)))
    # then each is refused with a typed OperationInfo, for want of permission or on the id itself (never an
    # internal error, never Bob's data)
    for who, path, result in answers:
        assert result.errors is None, (who, path, result.errors)
        payload = result.data[mutation_name]
        assert payload["__typename"] == "OperationInfo", (who, path, payload)
        assert payload["messages"], (who, path, payload)
        about = {(m["kind"], m["field"]) for m in payload["messages"]}
        assert about <= {("PERMISSION", mutation_name), ("VALIDATION", path.split(".")[-1])}, (who, path, payload)
        leaked = [marker for marker in world.bob_markers if marker in _text(result)]
        assert leaked == [], (who, path, leaked)
    # and every row of Bob's is as it was
    assert snapshot(world.bob.person) == before


@pytest.mark.parametrize("mutation_name", [n for n, known in KNOWN_MUTATIONS.items() if known["owner"]])
def test_the_swept_values_work_for_the_member_who_owns_the_records(world, mutation_name):
    # given Bob signed in, and the same values the sweep sent
    client = GraphQLClient()
    client.login(world.bob.person.user)
    operation = mutation_operation(mutation_name)
    outcomes = []
    # when he sends each with his own ids (each undone afterwards, so the next starts from the same rows)
    for path, variables in mutation_cases(mutation_name, world.bob):
        with transaction.atomic():
            outcomes.append((path, client(operation, variables).data[mutation_name]))
            transaction.set_rollback(True)
    # then it succeeds (so the refusals of the sweep are about who asks, not malformed values)
    expected = KNOWN_MUTATIONS[mutation_name]["owner"]
    assert [path for path, _ in outcomes] == list(KNOWN_MUTATIONS[mutation_name]["ids"])
    assert [payload["__typename"] for _, payload in outcomes] == [expected] * len(outcomes), outcomes


def test_the_snapshot_sees_every_kind_of_record_a_member_owns(world):
    # given Bob with one of each record
    rows = snapshot(world.bob.person)
    # when the snapshot is taken
    kinds = {label.split(".")[1] for label, found in rows.items() if found}
    # then it holds each of them, so an unwanted change to any would show
    expected = {
        "constituent",
        "user",
        "email",
        "phone",
        "membership",
        "membershipterm",
        "gift",
        "receipt",
        "recurringgift",
        "paymentmethod",
        "pledge",
        "pledgeinstallment",
        "consentrecord",
        "signup",
        "hoursentry",
    }
    assert expected <= kinds, expected - kinds
