"""Synthetic demo data for the members domain: people, households and organisations in Thailand, Mongolia,
Taiwan, the United Kingdom and the United States, with their contact details, relationships, consents, custom
field values, interactions, follow-up tasks and memberships in every status.

Two rules shape this module:

* Repeatable. Every stage draws from its own `random.Random` seeded from the run's seed (string seeds hash the
  same way in every process), and Faker only fills small name pools up front from seeded instances. The same
  seed therefore gives the same people; dates are placed relative to `today`, so statuses stay meaningful
  whenever the data is loaded.
* Fast. Rows are built in memory and written in bulk (`steward.core.demo.bulk_insert`: `bulk_create` without its
  per-value overhead), with no services and no `save()` per row. That skips what `save()` and the services would do, so
  this module does it itself: `compute_names()` for the stored name columns, valid postcodes and phone numbers,
  one primary contact detail of each kind, and membership dates and statuses (finally handed to
  `services.membership_statuses_refresh`, which has the last word). Bulk inserts send no signals, so
  django-simple-history writes no history rows for demo data: a demo record's history starts at its first edit.

Contact details are made to be harmless: email addresses are at example.org/.com/.net (RFC 2606), British
and American phone numbers come from the ranges Ofcom and NANPA reserve for drama (020 7946 0xxx,
555-01xx). Thailand, Mongolia and Taiwan reserve no such ranges, so their numbers are random but valid.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import random
import re
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection, models, transaction
from django.utils import timezone
from faker import Faker
from taggit.models import Tag

from steward.core.dates import add_months, organisation_today
from steward.core.demo import Progress, bulk_insert

from . import services
from .demo_data import (
    ADMIN_USERNAME,
    CANCELLATION_REASONS,
    CONSENT_SOURCES,
    CONSENT_TOPIC_WORDS,
    CONSENT_WORDING,
    CUSTOM_FIELDS,
    DEFAULT_CONSTITUENTS,
    DEFAULT_SEED,
    DEMO_PASSWORD,
    DIETARY_NEEDS,
    EMAIL_DOMAINS,
    EN_SHORT_NAMES,
    FOLLOW_UPS,
    FORCED_GIFTS,
    FORCED_MEMBERSHIPS,
    GB_INWARD_LETTERS,
    GB_PLACES,
    GB_STREETS,
    INTERACTIONS,
    LANGUAGES,
    LEVEL_CURRENCY,
    LEVELS,
    LOCALE_WEIGHTS,
    MEMBER_LOGIN,
    MINIMUM_CONSTITUENTS,
    MN_COMPANY_WORDS,
    MN_DISTRICTS,
    MN_FAMILY,
    MN_FEMALE,
    MN_MALE,
    MN_STREETS,
    RELATIONSHIP_TYPES,
    SOURCES,
    STAFF_USERS,
    STATUS_WEIGHTS,
    TAGS,
    TH_NICKNAMES_FEMALE,
    TH_NICKNAMES_MALE,
    TH_PLACES,
    TH_STREETS,
    TW_PLACES,
    TW_STREETS,
    TW_STREETS_TAIPEI,
    TW_SURNAMES,
    US_PLACES,
    US_STREETS,
    Place,
)
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
    RelationshipType,
    term_end_for,
)

UTC = dt.UTC


@dataclass
class NamePools:
    """Names for one locale; each entry is (name as written, Latin form for email addresses or '')."""

    male: list[tuple[str, str]]
    female: list[tuple[str, str]]
    family: list[tuple[str, str]]
    family_weights: list[int] | None = None
    companies: list[str] = field(default_factory=list)
    english_male: list[str] = field(default_factory=list)
    english_female: list[str] = field(default_factory=list)


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]", "", folded.lower())


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(value for value in values if value))


def _faker_pools(seed: int) -> dict[str, NamePools]:
    """Small name pools per locale, drawn once from seeded Faker instances (Faker per row would be slow)."""

    def faker(locale: str, salt: int) -> Faker:
        instance = Faker(locale)
        instance.seed_instance(seed * 31 + salt)
        return instance

    def draw(method: Callable[[], str], count: int = 400) -> list[str]:
        return _unique(method() for _ in range(count))

    pools: dict[str, NamePools] = {}
    for code, locale, salt in [("gb", "en_GB", 1), ("us", "en_US", 2)]:
        fake = faker(locale, salt)
        pools[code] = NamePools(
            male=[(name, _ascii(name)) for name in draw(fake.first_name_male)],
            female=[(name, _ascii(name)) for name in draw(fake.first_name_female)],
            family=[(name, _ascii(name)) for name in draw(fake.last_name, 800)],
            companies=draw(fake.company, 300),
        )
    thai = faker("th_TH", 3)
    pools["th"] = NamePools(
        male=[(name, "") for name in draw(thai.first_name_male)],
        female=[(name, "") for name in draw(thai.first_name_female)],
        family=[(name, "") for name in draw(thai.last_name, 800)],
        companies=[name if name.endswith("จำกัด") else f"{name} จำกัด" for name in draw(thai.company, 300)],
    )
    taiwanese = faker("zh_TW", 4)
    english = faker("en_US", 5)
    pools["tw"] = NamePools(
        male=[(name, "") for name in draw(taiwanese.first_name_male)],
        female=[(name, "") for name in draw(taiwanese.first_name_female)],
        family=[(name, latin) for name, latin, _ in TW_SURNAMES],
        family_weights=[weight for _, _, weight in TW_SURNAMES],
        companies=draw(taiwanese.company, 300),
        english_male=[_ascii(name) for name in draw(english.first_name_male, 200)],
        english_female=[_ascii(name) for name in draw(english.first_name_female, 200)],
    )
    pools["mn"] = NamePools(
        male=MN_MALE,
        female=MN_FEMALE,
        family=[(name, latin) for name, latin, _ in MN_FAMILY],
        companies=[f"{a} {b} ХХК" for a in MN_COMPANY_WORDS[0] for b in MN_COMPANY_WORDS[1]],
    )
    return pools


# =========================================================================================================
# Contact details per country
# =========================================================================================================


def _digits(rng: random.Random, count: int) -> str:
    return f"{rng.randrange(10**count):0{count}d}"


def _address(rng: random.Random, locale: str) -> dict[str, str]:
    """A postal address in the country's own script and layout, with a postcode valid for its district."""
    if locale == "th":
        place = rng.choice(TH_PLACES)
        bangkok = place.region == "กรุงเทพมหานคร"
        road = rng.choice(TH_STREETS[place.region])
        house = f"{rng.randint(1, 399)}/{rng.randint(1, 99)}" if rng.random() < 0.6 else str(rng.randint(1, 999))
        soi = f" ซอย{road} {rng.randint(1, 60)}" if bangkok and rng.random() < 0.6 else ""
        return {
            "line1": f"{house}{soi} ถนน{road}",
            "line2": f"{'แขวง' if bangkok else 'ตำบล'}{rng.choice(place.areas)}",
            "city": place.city,
            "region": place.region,
            "postal_code": place.postcodes[0],
            "country": "TH",
        }
    if locale == "mn":
        district, prefix, khoroo_count = rng.choice(MN_DISTRICTS)
        return {
            "line1": f"{rng.choice(MN_STREETS)}, {rng.randint(1, 120)}-р байр, {rng.randint(1, 160)} тоот",
            "line2": f"{district}, {rng.randint(1, khoroo_count)}-р хороо",
            "city": "Улаанбаатар",
            "region": "",
            "postal_code": f"{prefix}{_digits(rng, 3)}",
            "country": "MN",
        }
    if locale == "tw":
        place = rng.choice(TW_PLACES)
        streets = TW_STREETS + TW_STREETS_TAIPEI if place.region == "台北市" else TW_STREETS
        lane = f"{rng.randint(1, 300)}巷" if rng.random() < 0.3 else ""
        floor = f"{rng.randint(2, 15)}樓" if rng.random() < 0.7 else ""
        shape = rng.random()
        # Taiwan's postcodes: 3 digits for the district, 3+2 (until 2020) or 3+3 (since) for the street.
        suffix = "" if shape < 0.5 else _digits(rng, 2) if shape < 0.7 else _digits(rng, 3)
        return {
            "line1": f"{rng.choice(streets)}{lane}{rng.randint(1, 400)}號{floor}",
            "line2": "",
            "city": place.city,
            "region": place.region,
            "postal_code": place.postcodes[0] + suffix,
            "country": "TW",
        }
    if locale == "gb":
        place = rng.choice(GB_PLACES)
        outward = rng.choice(place.postcodes)
        inward = f"{rng.randint(0, 9)}{rng.choice(GB_INWARD_LETTERS)}{rng.choice(GB_INWARD_LETTERS)}"
        flat = f"Flat {rng.randint(1, 24)}" if rng.random() < 0.2 else ""
        return {
            "line1": f"{rng.randint(1, 240)} {rng.choice(GB_STREETS)}",
            "line2": flat,
            "city": place.city,
            "region": "",
            "postal_code": f"{outward} {inward}",
            "country": "GB",
        }
    place = rng.choice(US_PLACES)
    zip_code = rng.choice(place.postcodes)
    if rng.random() < 0.15:
        zip_code = f"{zip_code}-{_digits(rng, 4)}"
    apartment = f"Apt {rng.randint(1, 30)}{rng.choice('ABCD')}" if rng.random() < 0.25 else ""
    return {
        "line1": f"{rng.randint(10, 9999)} {rng.choice(US_STREETS)}",
        "line2": apartment,
        "city": place.city,
        "region": place.region,
        "postal_code": zip_code,
        "country": "US",
    }


def _phone_prefix(places: Sequence[Place], address: dict[str, str] | None, default: str) -> str:
    """The phone prefix of the place an address is in (a landline shares its area code with the address)."""
    if address:
        for place in places:
            if (place.city, place.region) == (address["city"], address["region"]):
                return place.phone_prefix
    return default


def _phone(rng: random.Random, locale: str, address: dict[str, str] | None, *, mobile: bool) -> str:
    """A valid number in E.164 for the locale (a fictional range where the country has one)."""
    if locale == "th":
        if mobile:
            start = rng.choice("89896")
            return f"+666{rng.choice('123456')}{_digits(rng, 7)}" if start == "6" else f"+66{start}{_digits(rng, 8)}"
        prefix = _phone_prefix(TH_PLACES, address, "2")
        return f"+66{prefix}{_digits(rng, 8 - len(prefix))}"
    if locale == "mn":
        if mobile:
            return f"+976{rng.choice(['88', '99', '95', '94', '91', '80', '85', '86', '89'])}{_digits(rng, 6)}"
        return f"+97611{rng.choice('34')}{_digits(rng, 5)}"  # Ulaanbaatar landlines
    if locale == "tw":
        if mobile:
            return f"+8869{rng.choice('012345678')}{_digits(rng, 7)}"
        prefix = _phone_prefix(TW_PLACES, address, "22")
        return f"+886{prefix}{_digits(rng, (9 if prefix[0] in '24' else 8) - len(prefix))}"
    if locale == "gb":
        # Ofcom's drama ranges are landlines; its drama mobile range (07700 900xxx) does not validate.
        return f"+44{_phone_prefix(GB_PLACES, address, '2079460')}{_digits(rng, 3)}"
    return f"+1{_phone_prefix(US_PLACES, address, '212')}55501{_digits(rng, 2)}"


# =========================================================================================================
# The plan: constituents are built in memory first (with what later stages need to know about them)
# =========================================================================================================


@dataclass(slots=True)
class Person:
    """A constituent row being built (field values by attname), with the facts later stages draw on."""

    row: dict[str, Any]
    locale: str
    pk: int | None = None
    gender: str = ""
    age: int | None = None
    email_local: str = ""
    address: dict[str, str] | None = None
    is_child: bool = False
    is_member: bool = False
    emails: list[str] = field(default_factory=list)
    has_mobile: bool = False


@dataclass(slots=True)
class Family:
    household: Person
    adults: list[Person]
    children: list[Person]


@dataclass(slots=True)
class MembershipPlan:
    person: Person
    level: MembershipLevel
    status: str
    terms: list[tuple[dt.date, dt.date | None]]
    purchased_by: Person | None = None
    cancelled_at: dt.datetime | None = None
    auto_renew: bool = False


@dataclass
class DemoSummary:
    counts: dict[str, int] = field(default_factory=dict)
    statuses: dict[str, int] = field(default_factory=dict)
    statuses_corrected: int = 0
    logins: list[tuple[str, str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0


@contextlib.contextmanager
def _roomy_sqlite_cache(megabytes: int = 512) -> Iterator[None]:
    """SQLite's page cache defaults to 2 MB: far smaller than the indexes of a large demo, so inserts would
    spill to disk and read back all the time. A larger cache for this connection, for this run only."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{megabytes * 1024}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _moment(rng: random.Random, day: dt.date) -> dt.datetime:
    """A plausible office-hours moment on `day`, in UTC."""
    return dt.datetime.combine(day, dt.time(rng.randint(7, 19), rng.randint(0, 59), rng.randint(0, 59)), tzinfo=UTC)


def _between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    if end <= start:
        return start
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def _years_before(day: dt.date, years: int, rng: random.Random) -> dt.date:
    return day - dt.timedelta(days=years * 365 + rng.randint(0, 364))


class DemoBuilder:
    """Builds and writes one run of demo data. Call `run()`, inside which everything is one transaction."""

    def __init__(
        self,
        *,
        constituents: int,
        seed: int,
        today: dt.date,
        progress: Progress | None = None,
        reset_logins: bool = False,
    ) -> None:
        if constituents < MINIMUM_CONSTITUENTS:
            raise ValueError(f"Ask for at least {MINIMUM_CONSTITUENTS} constituents.")
        self.total = constituents
        self.seed = seed
        self.today = today
        # Moments are clamped to now: nothing in the demo happened later than the run.
        self.now = min(timezone.now(), dt.datetime.combine(today, dt.time(23, 59), tzinfo=UTC))
        self.progress = progress or (lambda line: None)
        self.reset_logins = reset_logins
        self.summary = DemoSummary()
        self.people: list[Person] = []  # individuals
        self.households: list[Family] = []
        self.organisations: list[Person] = []
        self.plans: list[MembershipPlan] = []
        self.employment: list[tuple[Person, Person, dt.date, dt.date | None]] = []
        self.board_members: list[tuple[Person, Person, dt.date]] = []
        self.portal_member: Person | None = None
        self._emails_taken: set[str] = set()
        self._stage_started = time.perf_counter()

    def moment(self, rng: random.Random, day: dt.date) -> dt.datetime:
        """An office-hours moment on `day`, but never after now."""
        return min(_moment(rng, day), self.now)

    def rng(self, stage: str) -> random.Random:
        """The random generator of one stage: independent of the others, so adding rows to one stage
        (say, more consents) leaves the names and memberships of a seed unchanged."""
        return random.Random(f"steward-demo:{self.seed}:{stage}")  # noqa: S311 (demo data, not security)

    def _done(self, stage: str, count: int | None = None) -> None:
        now = time.perf_counter()
        figure = f"{count:>10,}" if count is not None else " " * 10
        self.progress(f"  {stage:<28}{figure}  {now - self._stage_started:6.1f}s")
        self._stage_started = now
        if count is not None:
            self.summary.counts[stage] = self.summary.counts.get(stage, 0) + count

    # -----------------------------------------------------------------------------------------------------
    def run(self) -> DemoSummary:
        started = time.perf_counter()
        with transaction.atomic(), _roomy_sqlite_cache():
            self._reference_data()
            self._users()
            self._plan_people()
            self._plan_memberships()
            self._write_constituents()
            self._write_contacts()
            self._write_relationships()
            self._write_consents()
            self._write_tags()
            self._write_memberships()
            self._write_interactions()
            self._refresh_statuses()
        self.summary.seconds = time.perf_counter() - started
        return self.summary

    # -----------------------------------------------------------------------------------------------------
    # Reference data and users
    # -----------------------------------------------------------------------------------------------------
    def _reference_data(self) -> None:
        self.levels: dict[str, MembershipLevel] = {}
        for spec in LEVELS:
            values = {key: value for key, value in spec.items() if key != "slug"}
            level, _ = MembershipLevel.objects.get_or_create(
                slug=spec["slug"], defaults={**values, "currency": LEVEL_CURRENCY}
            )
            self.levels[spec["slug"]] = level
        self.relationship_types = {
            spec["slug"]: RelationshipType.objects.get_or_create(
                slug=spec["slug"], defaults={key: value for key, value in spec.items() if key != "slug"}
            )[0]
            for spec in RELATIONSHIP_TYPES
        }
        for spec in CUSTOM_FIELDS:
            CustomField.objects.get_or_create(
                key=spec["key"], defaults={key: value for key, value in spec.items() if key != "key"}
            )
        self.tags = [Tag.objects.get_or_create(name=name)[0] for name in TAGS]
        # With --force, earlier demo people keep their inboxes: new addresses avoid theirs.
        self._emails_taken = set(Email.objects.values_list("address", flat=True))
        self.pools = _faker_pools(self.seed)
        self._done("reference data", len(LEVELS) + len(RELATIONSHIP_TYPES) + len(CUSTOM_FIELDS) + len(TAGS))

    def _users(self) -> None:
        """The demo logins. One password hash for all of them: hashing is deliberately slow."""
        user_model = get_user_model()
        password = make_password(DEMO_PASSWORD)
        created = 0

        def ensure(username: str, role: str, **fields: Any) -> Any:
            nonlocal created
            user = user_model.objects.filter(username=username).first()
            if user is None:
                user = user_model(username=username, password=password, **fields)
                user.save()
                created += 1
            elif self.reset_logins:
                user.password = password
                user.save(update_fields=["password"])
            else:
                role = f"{role} (an existing account: its password was left as it was)"
            self.summary.logins.append((username, DEMO_PASSWORD, role))
            return user

        self.admin = ensure(
            ADMIN_USERNAME,
            "superuser: everything",
            email="admin@example.org",
            first_name="Ada",
            last_name="Admin",
            is_staff=True,
            is_superuser=True,
        )
        self.staff = []
        for username, group_name, first_name, last_name in STAFF_USERS:
            group = Group.objects.filter(name=group_name).first()
            if group is None:
                self.summary.notes.append(f"No '{group_name}' group yet, so no '{username}' login.")
                continue
            user = ensure(
                username,
                group_name,
                email=f"{username}@example.org",
                first_name=first_name,
                last_name=last_name,
                is_staff=True,
            )
            user.groups.add(group)
            self.staff.append(user)
        # Interactions are logged by, and tasks assigned to, the membership and fundraising staff.
        self.case_workers = [user for user in self.staff if user.username in {"membership", "fundraising"}]
        self.case_workers = self.case_workers or [self.admin]
        self.member_user = ensure(MEMBER_LOGIN, "member portal", email=MEMBER_LOGIN)
        if Constituent.objects.filter(user=self.member_user).exists():
            self.summary.notes.append(f"'{MEMBER_LOGIN}' is already linked to a constituent; left as it was.")
            self.member_user = None
        self._done("users", created)

    # -----------------------------------------------------------------------------------------------------
    # Planning people
    # -----------------------------------------------------------------------------------------------------
    def _plan_people(self) -> None:
        rng = self.rng("people")
        organisations = max(2, self.total * 3 // 100)
        households = max(3, self.total // 10)
        individuals = self.total - organisations - households
        # Households take at most a third of the individuals, and at least one each.
        budget = min(individuals // 3, households * 4)
        for _ in range(households):
            if budget <= 0:
                break
            family = self._plan_family(rng, budget)
            budget -= len(family.adults) + len(family.children)
            self.households.append(family)
            self.people.extend(family.adults + family.children)
        # A household short of members (tiny runs) gives its place to single people.
        singles = individuals - len(self.people) + (households - len(self.households))
        for _ in range(singles):
            locale = _weighted(rng, LOCALE_WEIGHTS)
            gender = rng.choice("fm")
            student = rng.random() < 0.08
            age = rng.randint(18, 25) if student else min(95, int(rng.triangular(18, 92, 45)))
            person = self._individual(rng, locale, gender, age, family_name=None)
            person.address = _address(rng, locale) if rng.random() < 0.92 else None
            self.people.append(person)
        for _ in range(organisations):
            self.organisations.append(self._organisation(rng))
        self._plan_employment(rng)
        self._done("planned people", len(self.people) + len(self.households) + len(self.organisations))

    def _plan_family(self, rng: random.Random, budget: int) -> Family:
        locale = _weighted(rng, LOCALE_WEIGHTS)
        pools = self.pools[locale]
        couple = rng.random() < 0.8 and budget >= 2
        first_gender = rng.choice("fm") if not couple else "m" if rng.random() < 0.5 else "f"
        head_age = rng.randint(28, 80)
        head = self._individual(rng, locale, first_gender, head_age, family_name=None, married=couple)
        adults = [head]
        if couple:
            # Same-sex couples too: about one in twenty.
            gender = ("f" if first_gender == "m" else "m") if rng.random() < 0.95 else first_gender
            shares = {"gb": 0.8, "us": 0.8, "th": 0.7, "tw": 0.0, "mn": 0.0}[locale]
            family_name = head.row["family_name"] if rng.random() < shares else None
            age = max(20, head_age + rng.randint(-6, 6))
            adults.append(self._individual(rng, locale, gender, age, family_name=family_name, married=True))
        room = budget - len(adults)
        children_count = min(room, rng.choices([0, 1, 2, 3], weights=[45, 25, 20, 10])[0])
        father = next((adult for adult in adults if adult.gender == "m"), None)
        children = []
        for _ in range(children_count):
            if locale == "mn":
                # The patronymic: the father's given name (or the mother's, in a single-mother household).
                parent = father or head
                child_family = parent.row["given_name"]
                latin = next((lat for name, lat in pools.male + pools.female if name == child_family), "")
            else:
                carrier = father or head
                child_family, latin = carrier.row["family_name"], ""
            age = rng.randint(0, min(24, max(0, head_age - 20)))
            child = self._individual(rng, locale, rng.choice("fm"), age, family_name=child_family, child=True)
            if latin:
                child.email_local = f"{child.email_local.split('.')[0]}.{latin}"
            children.append(child)
        address = _address(rng, locale)
        for member in adults + children:
            member.address = address
        family_name = head.row["family_name"]
        if locale == "th":
            name = f"ครอบครัว{family_name}"
        elif locale == "tw":
            name = f"{(father or head).row['family_name']}家"
        elif locale == "mn":
            genitive = next((gen for nom, _, gen in MN_FAMILY if nom == family_name), family_name)
            name = f"{genitive} гэр бүл"
        else:
            name = f"The {family_name} family"
        household = Person(
            row={
                "kind": Constituent.Kind.HOUSEHOLD,
                "organization_name": name,
                "created_at": min(adult.row["created_at"] for adult in adults),
                "custom_fields": {},
            },
            locale=locale,
            address=address,
        )
        family = Family(household=household, adults=adults, children=children)
        return family

    def _individual(
        self,
        rng: random.Random,
        locale: str,
        gender: str,
        age: int,
        *,
        family_name: str | None,
        married: bool = False,
        child: bool = False,
    ) -> Person:
        pools = self.pools[locale]
        given, given_latin = rng.choice(pools.female if gender == "f" else pools.male)
        if family_name is None:
            if pools.family_weights:
                family_name, family_latin = rng.choices(pools.family, weights=pools.family_weights)[0]
            else:
                family_name, family_latin = rng.choice(pools.family)
        else:
            family_latin = next((lat for name, lat in pools.family if name == family_name), "")
        middle = preferred = title = ""
        if locale in {"gb", "us"}:
            if rng.random() < 0.3:
                middle = rng.choice(pools.female if gender == "f" else pools.male)[0]
            if given in EN_SHORT_NAMES and rng.random() < 0.5:
                preferred = EN_SHORT_NAMES[given]
            if age >= 18:
                titles = {"m": {"Mr": 70, "Dr": 5, "": 25}, "f": {"Ms": 40, "Mrs": 25, "Dr": 5, "": 30}}[gender]
                title = _weighted(rng, titles)
            local = f"{_ascii(preferred or given)}.{family_latin}"
        elif locale == "th":
            if age < 15:
                title = "เด็กหญิง" if gender == "f" else "เด็กชาย"
            else:
                title = ("นาง" if married else "นางสาว") if gender == "f" else "นาย"
            nickname = rng.choice(TH_NICKNAMES_FEMALE if gender == "f" else TH_NICKNAMES_MALE)
            local = f"{nickname}{self.today.year - age}"
        elif locale == "tw":
            english = rng.choice(pools.english_female if gender == "f" else pools.english_male)
            local = f"{english}.{family_latin}"
        else:
            local = f"{given_latin}.{family_latin}" if family_latin else given_latin
        birth = _years_before(self.today, age, rng) if (child or rng.random() < 0.85) else None
        joined = _years_before(self.today, 0, rng) - dt.timedelta(days=rng.randint(0, 8 * 365))
        custom: dict[str, Any] = {}
        if rng.random() < 0.8:
            custom["preferred_language"] = LANGUAGES[locale]
        if locale == "gb" and age >= 18 and rng.random() < 0.5:
            custom["gift_aid"] = rng.random() < 0.8
        if rng.random() < 0.15:
            custom["first_event"] = _between(rng, joined, self.today).isoformat()
        if rng.random() < 0.05:
            custom["volunteer_years"] = rng.randint(1, 15)
        if rng.random() < 0.05:
            custom["dietary_needs"] = rng.choice(DIETARY_NEEDS)
        deceased = age >= 60 and rng.random() < 0.01
        row = {
            "kind": Constituent.Kind.INDIVIDUAL,
            "title": title,
            "given_name": given,
            "middle_name": middle,
            "family_name": family_name,
            "preferred_name": preferred,
            "birth_date": birth,
            "pronouns": rng.choice(["she/her", "he/him", "they/them"]) if rng.random() < 0.05 else "",
            "source": "" if child else rng.choice(SOURCES),
            "do_not_contact": rng.random() < 0.01,
            "do_not_email": rng.random() < 0.03,
            "do_not_mail": rng.random() < 0.03,
            "do_not_phone": rng.random() < 0.04,
            "deceased": deceased,
            "deceased_date": _between(rng, joined, self.today) if deceased else None,
            "custom_fields": custom,
            "created_at": self.moment(rng, joined),
        }
        return Person(row=row, locale=locale, gender=gender, age=age, email_local=local, is_child=child)

    def _organisation(self, rng: random.Random) -> Person:
        locale = _weighted(rng, LOCALE_WEIGHTS)
        joined = self.today - dt.timedelta(days=rng.randint(0, 10 * 365))
        row = {
            "kind": Constituent.Kind.ORGANIZATION,
            "organization_name": rng.choice(self.pools[locale].companies),
            "source": rng.choice(["Partnership", "Corporate sponsorship", "Event", "Referral"]),
            "custom_fields": {"preferred_language": LANGUAGES[locale]},
            "created_at": self.moment(rng, joined),
        }
        address = _address(rng, locale)
        return Person(row=row, locale=locale, address=address)

    def _plan_employment(self, rng: random.Random) -> None:
        adults_by_locale: dict[str, list[Person]] = {}
        for person in self.people:
            if not person.is_child and person.age is not None and 20 <= person.age <= 70:
                adults_by_locale.setdefault(person.locale, []).append(person)
        for organisation in self.organisations:
            candidates = adults_by_locale.get(organisation.locale, [])
            for employee in rng.sample(candidates, min(len(candidates), rng.randint(1, 8))):
                years_working = max(1, min(15, (employee.age or 30) - 18))
                start = self.today - dt.timedelta(days=rng.randint(60, years_working * 365))
                end = _between(rng, start, self.today) if rng.random() < 0.2 else None
                self.employment.append((organisation, employee, start, end))
            if candidates and rng.random() < 0.15:
                start = self.today - dt.timedelta(days=rng.randint(30, 8 * 365))
                self.board_members.append((organisation, rng.choice(candidates), start))

    # -----------------------------------------------------------------------------------------------------
    # Planning memberships
    # -----------------------------------------------------------------------------------------------------
    def _plan_memberships(self) -> None:
        rng = self.rng("memberships")
        covered: set[int] = set()
        for family in self.households:
            if not self.plans or rng.random() < 0.45:
                status = _weighted(rng, STATUS_WEIGHTS) if self.plans else Membership.Status.CURRENT
                self.plans.append(self._membership(rng, family.household, self.levels["household-annual"], status))
                covered.update(id(member) for member in family.adults + family.children)
        eligible = [
            person
            for person in self.people
            if not person.is_child
            and not person.row["deceased"]
            and (person.age or 0) >= 18
            and id(person) not in covered
        ]
        level_weights = {"individual-annual": 62, "monthly-supporter": 22, "life-member": 6, "honorary": 1}
        planned = 0
        gifts = 0
        for person in eligible:
            if planned >= len(FORCED_MEMBERSHIPS) and rng.random() >= 0.4:
                continue
            if planned < len(FORCED_MEMBERSHIPS):
                slug, status = FORCED_MEMBERSHIPS[planned]
            else:
                young = (person.age or 99) <= 25
                slug = "student" if young and rng.random() < 0.6 else _weighted(rng, level_weights)
                status = _weighted(rng, STATUS_WEIGHTS)
                if slug == "life-member":
                    status = Membership.Status.CURRENT
                elif slug == "honorary":
                    status = Membership.Status.CURRENT if rng.random() < 0.85 else Membership.Status.EXPIRED
            plan = self._membership(rng, person, self.levels[slug], status)
            giftable = slug in {"individual-annual", "student"} and plan.status != Membership.Status.CANCELLED
            if giftable and (gifts < FORCED_GIFTS or rng.random() < 0.07):
                buyer = rng.choice(eligible)
                if buyer is not person:
                    plan.purchased_by = buyer
                    gifts += 1
            self.plans.append(plan)
            planned += 1
        self._choose_portal_member()
        self._done("planned memberships", len(self.plans))

    def _membership(self, rng: random.Random, person: Person, level: MembershipLevel, status: str) -> MembershipPlan:
        term = level.term
        months = 12 if term == MembershipLevel.Term.ANNUAL else 1
        grace = level.grace_days
        year = 365 if term == MembershipLevel.Term.ANNUAL else 28
        history = rng.choices([1, 2, 3, 4, 6], weights=[35, 25, 20, 12, 8])[0]
        if term == MembershipLevel.Term.MONTHLY:
            history = rng.randint(1, 12)
        cancelled_at = None
        if term == MembershipLevel.Term.LIFETIME:
            start = self.today - dt.timedelta(days=rng.randint(0, 20 * 365))
            terms: list[tuple[dt.date, dt.date | None]] = [(start, None)]
        elif status == Membership.Status.PENDING:
            terms = self._terms_back_from(self.today + dt.timedelta(days=rng.randint(1, 45)), 1, term, months)
        elif status in {Membership.Status.CURRENT, Membership.Status.CANCELLED}:
            last_start = self.today - dt.timedelta(days=rng.randint(0, year - 5))
            terms = self._terms_back_from(last_start, history, term, months)
            if status == Membership.Status.CANCELLED:
                cancelled_at = self.moment(rng, _between(rng, terms[-1][0], self.today))
        else:
            if status == Membership.Status.GRACE:
                last_end = self.today - dt.timedelta(days=rng.randint(1, max(1, grace - 1)))
            else:
                last_end = self.today - dt.timedelta(days=rng.randint(grace + 2, grace + 3 * 365))
            terms = self._terms_back_from(add_months(last_end + dt.timedelta(days=1), -months), history, term, months)
        auto_renew = False
        if status in {Membership.Status.CURRENT, Membership.Status.GRACE} and term != MembershipLevel.Term.LIFETIME:
            auto_renew = rng.random() < (0.75 if term == MembershipLevel.Term.MONTHLY else 0.3)
        person.is_member = True
        return MembershipPlan(
            person=person,
            level=level,
            status=status,
            terms=terms,
            cancelled_at=cancelled_at,
            auto_renew=auto_renew,
        )

    @staticmethod
    def _terms_back_from(
        last_start: dt.date, count: int, term: str, months: int
    ) -> list[tuple[dt.date, dt.date | None]]:
        """`count` back-to-back terms, the last starting on `last_start`; each ends the day before the next
        starts, as membership_renew would make them (or a day earlier where a month is too short)."""
        starts = [last_start]
        for _ in range(count - 1):
            following = starts[-1]
            start = add_months(following, -months)
            while (term_end_for(start=start, term=term) or following) >= following:
                start -= dt.timedelta(days=1)
            starts.append(start)
        return [(start, term_end_for(start=start, term=term)) for start in reversed(starts)]

    def _choose_portal_member(self) -> None:
        """The member behind member@example.org: current, in English, with an email, in the directory."""
        if self.member_user is None:
            return
        for plan in self.plans:
            person = plan.person
            if (
                plan.status == Membership.Status.CURRENT
                and plan.level.slug == "individual-annual"
                and person.row["kind"] == Constituent.Kind.INDIVIDUAL
                and person.locale in {"gb", "us"}
                and not plan.purchased_by
            ):
                self.portal_member = person
                person.row |= {
                    "user_id": self.member_user.pk,
                    "do_not_contact": False,
                    "do_not_email": False,
                    "deceased": False,
                    "deceased_date": None,
                    "directory_opt_in": True,
                    "directory_show_email": True,
                    "directory_show_city": True,
                }
                return

    # -----------------------------------------------------------------------------------------------------
    # Writing
    # -----------------------------------------------------------------------------------------------------
    def _write_constituents(self) -> None:
        rng = self.rng("directory")
        for person in self.people:
            if person.is_member and not person.is_child and rng.random() < 0.3 and person is not self.portal_member:
                person.row |= {
                    "directory_opt_in": True,
                    "directory_show_email": rng.random() < 0.5,
                    "directory_show_phone": rng.random() < 0.2,
                    "directory_show_city": rng.random() < 0.7,
                }
        # The stored name columns, by the model's own rule (one instance, reused: building 100,000 is slow).
        namer = Constituent()
        blank = dict(namer.__dict__)
        parents = [family.household for family in self.households] + self.organisations
        for entity in parents + self.people:
            namer.__dict__.update(blank)
            namer.__dict__.update(entity.row)
            entity.row["display_name"], entity.row["sort_name"] = namer.compute_names()
        for entity, pk in zip(parents, bulk_insert(Constituent, [entity.row for entity in parents]), strict=True):
            entity.pk = pk
        for family in self.households:
            for member in family.adults + family.children:
                member.row["household_id"] = family.household.pk
        for person, pk in zip(
            self.people, bulk_insert(Constituent, [person.row for person in self.people]), strict=True
        ):
            person.pk = pk
        self._done("constituents", len(parents) + len(self.people))

    def _write_contacts(self) -> None:
        rng = self.rng("contacts")
        emails: list[dict[str, Any]] = []
        phones: list[dict[str, Any]] = []
        addresses: list[dict[str, Any]] = []
        employer_of = {id(employee): organisation for organisation, employee, _, end in self.employment if not end}
        for index, person in enumerate(self.people):
            pk = person.pk
            adult = not person.is_child or (person.age or 0) >= 16
            if person is self.portal_member:
                emails.append({"constituent_id": pk, "address": MEMBER_LOGIN, "kind": "home", "is_primary": True})
                person.emails.append(MEMBER_LOGIN)
            elif adult and rng.random() < 0.92:
                address = self._email_address(rng, person.email_local or f"member{index}", rng.choice(EMAIL_DOMAINS))
                emails.append({"constituent_id": pk, "address": address, "kind": "home", "is_primary": True})
                person.emails.append(address)
            organisation = employer_of.get(id(person))
            if organisation is not None and person.emails and rng.random() < 0.4:
                domain = f"org{organisation.pk}.example.org"
                address = self._email_address(rng, person.email_local or f"staff{index}", domain)
                emails.append({"constituent_id": pk, "address": address, "kind": "work", "is_primary": False})
            if adult and rng.random() < 0.85:
                mobile = person.locale != "gb"
                number = _phone(rng, person.locale, person.address, mobile=mobile)
                phones.append(
                    {"constituent_id": pk, "number": number, "kind": "mobile" if mobile else "home", "is_primary": True}
                )
                person.has_mobile = mobile
                if mobile and person.address and rng.random() < 0.12:
                    number = _phone(rng, person.locale, person.address, mobile=False)
                    phones.append({"constituent_id": pk, "number": number, "kind": "home", "is_primary": False})
            if person.address:
                addresses.append({"constituent_id": pk, "kind": "home", "is_primary": True, **person.address})
                if organisation is not None and rng.random() < 0.1:
                    addresses.append(
                        {"constituent_id": pk, "kind": "work", "is_primary": False, **organisation.address}
                    )
        for family in self.households:
            pk = family.household.pk
            addresses.append({"constituent_id": pk, "kind": "home", "is_primary": True, **family.household.address})
        for organisation in self.organisations:
            pk = organisation.pk
            emails.append(
                {"constituent_id": pk, "address": f"info@org{pk}.example.org", "kind": "work", "is_primary": True}
            )
            number = _phone(rng, organisation.locale, organisation.address, mobile=False)
            phones.append({"constituent_id": pk, "number": number, "kind": "work", "is_primary": True})
            addresses.append({"constituent_id": pk, "kind": "work", "is_primary": True, **organisation.address})
        bulk_insert(Email, emails)
        self._done("emails", len(emails))
        bulk_insert(Phone, phones)
        self._done("phones", len(phones))
        bulk_insert(Address, addresses)
        self._done("addresses", len(addresses))

    def _email_address(self, rng: random.Random, local: str, domain: str) -> str:
        """`local@domain`, made unique across the run (people share names, not inboxes)."""
        address = f"{local}@{domain}"
        while address in self._emails_taken:
            address = f"{local}{rng.randint(2, 999)}@{domain}"
        self._emails_taken.add(address)
        return address

    def _write_relationships(self) -> None:
        rng = self.rng("relationships")
        types = self.relationship_types
        rows: list[dict[str, Any]] = []

        def link(kind: str, first: Person, second: Person, start: dt.date | None, end: dt.date | None = None) -> None:
            created = self.moment(rng, start) if start and start <= self.today else self.now
            rows.append(
                {
                    "type_id": types[kind].pk,
                    "from_constituent_id": first.pk,
                    "to_constituent_id": second.pk,
                    "start_date": start,
                    "end_date": end,
                    "created_at": max(created, first.row["created_at"], second.row["created_at"]),
                }
            )

        for family in self.households:
            if len(family.adults) == 2:
                youngest = min(adult.age or 30 for adult in family.adults)
                married = self.today - dt.timedelta(days=rng.randint(365, max(366, (youngest - 19) * 365)))
                link("spouse", family.adults[0], family.adults[1], married if rng.random() < 0.7 else None)
            for child in family.children:
                for adult in family.adults:
                    link("parent", adult, child, child.row["birth_date"])
            for first, second in itertools.combinations(family.children, 2):
                link("sibling", first, second, None)
        for organisation, employee, start, end in self.employment:
            link("employer", organisation, employee, start, end)
        for organisation, trustee, start in self.board_members:
            link("board-member", organisation, trustee, start)
        bulk_insert(Relationship, rows)
        self._done("relationships", len(rows))

    def _write_consents(self) -> None:
        rng = self.rng("consents")
        rows: list[dict[str, Any]] = []
        recorders = self.case_workers
        wanted = [
            ("email", "newsletter", 0.7),
            ("email", "fundraising", 0.35),
            ("email", "events", 0.3),
            ("email", "volunteering", 0.08),
            ("sms", "events", 0.12),
            ("mail", "fundraising", 0.2),
            ("phone", "fundraising", 0.06),
        ]
        for person in self.people:
            if (person.age or 0) < 16 or not (person.emails or person.address):
                continue
            pairs = [
                (channel, topic)
                for channel, topic, chance in wanted
                if rng.random() < chance
                and (channel != "email" or person.emails)
                and (channel != "sms" or person.has_mobile)
                and (channel != "mail" or person.address)
            ]
            if person.emails and rng.random() < (0.6 if person.is_member else 0.1):
                pairs.append(("email", "membership"))
            joined = person.row["created_at"].date()
            for channel, topic in pairs:
                granted = rng.random() < 0.92
                when = self.moment(rng, _between(rng, joined, self.today))
                for _ in range(3):
                    source = rng.choice(CONSENT_SOURCES)
                    rows.append(
                        {
                            "constituent_id": person.pk,
                            "channel": channel,
                            "topic": topic,
                            "granted": granted,
                            "recorded_at": min(when, self.now),
                            "source": source,
                            "wording": CONSENT_WORDING[channel].format(topic=CONSENT_TOPIC_WORDS[topic]),
                            "recorded_by_id": rng.choice(recorders).pk
                            if source in {"phone call", "paper form"}
                            else None,
                        }
                    )
                    # Some change their mind later (and a few change it back): a new ledger entry each time.
                    if when.date() >= self.today or rng.random() >= (0.12 if granted else 0.3):
                        break
                    granted = not granted
                    when = self.moment(rng, _between(rng, when.date() + dt.timedelta(days=1), self.today))
        bulk_insert(ConsentRecord, rows)
        self._done("consent records", len(rows))

    def _write_tags(self) -> None:
        rng = self.rng("tags")
        rows = [
            {"content_object_id": person.pk, "tag_id": rng.choice(self.tags).pk}
            for person in self.people
            if not person.is_child and rng.random() < 0.08
        ]
        press = self.tags[TAGS.index("Press")]
        rows += [{"content_object_id": org.pk, "tag_id": press.pk} for org in self.organisations if rng.random() < 0.1]
        bulk_insert(ConstituentTag, rows)
        self._done("tags", len(rows))

    def _write_memberships(self) -> None:
        rng = self.rng("payments")
        memberships: list[dict[str, Any]] = []
        for plan in self.plans:
            first_start = plan.terms[0][0]
            last_end = None if any(end is None for _, end in plan.terms) else plan.terms[-1][1]
            created = self.moment(rng, first_start - dt.timedelta(days=rng.randint(0, 10)))
            memberships.append(
                {
                    "constituent_id": plan.person.pk,
                    "level_id": plan.level.pk,
                    "status": plan.status,
                    "status_changed_at": self._status_changed_at(plan, created),
                    "start_date": first_start,
                    "end_date": last_end,
                    "auto_renew": plan.auto_renew,
                    "purchased_by_id": plan.purchased_by.pk if plan.purchased_by else None,
                    "cancelled_at": plan.cancelled_at,
                    "cancellation_reason": rng.choice(CANCELLATION_REASONS) if plan.cancelled_at else "",
                    "created_at": created,
                }
            )
        membership_ids = bulk_insert(Membership, memberships)
        self._done("memberships", len(memberships))
        terms: list[dict[str, Any]] = []
        for plan, membership_id in zip(self.plans, membership_ids, strict=True):
            level = plan.level
            complimentary = level.price == 0
            for start, end in plan.terms:
                if complimentary:
                    paid_by = MembershipTerm.PaidBy.COMPLIMENTARY
                elif plan.person.locale in {"gb", "us"}:
                    paid_by = rng.choices(["card", "bank_transfer", "cash", "cheque"], weights=[70, 15, 7, 8])[0]
                else:
                    paid_by = rng.choices(["card", "bank_transfer", "cash"], weights=[75, 20, 5])[0]
                paid_on = min(self.today, start - dt.timedelta(days=rng.randint(0, 14)))
                terms.append(
                    {
                        "membership_id": membership_id,
                        "level_id": level.pk,
                        "start_date": start,
                        "end_date": end,
                        "amount": level.price,
                        "currency": level.currency,
                        "paid_by": paid_by,
                        "created_at": self.moment(rng, paid_on),
                    }
                )
        bulk_insert(MembershipTerm, terms)
        self._done("membership terms", len(terms))

    def _status_changed_at(self, plan: MembershipPlan, created: dt.datetime) -> dt.datetime:
        """When the planned status began: the day a term started, ended, or the grace period ran out."""
        end = plan.terms[-1][1]
        if plan.cancelled_at:
            return plan.cancelled_at
        if plan.status == Membership.Status.CURRENT:
            moment = dt.datetime.combine(plan.terms[0][0], dt.time(), tzinfo=UTC)
        elif plan.status == Membership.Status.GRACE and end:
            moment = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=UTC)
        elif plan.status == Membership.Status.EXPIRED and end:
            expired = end + dt.timedelta(days=plan.level.grace_days + 1)
            moment = dt.datetime.combine(expired, dt.time(), tzinfo=UTC)
        else:
            moment = created
        return min(moment, self.now)

    def _write_interactions(self) -> None:
        rng = self.rng("interactions")
        interactions: list[dict[str, Any]] = []
        follow_ups: list[tuple[int, Person, dt.datetime]] = []
        kinds = list(INTERACTIONS)
        for person in [*self.people, *self.organisations]:
            if person.is_child or rng.random() >= (0.4 if person.row["kind"] == Constituent.Kind.ORGANIZATION else 0.1):
                continue
            for _ in range(rng.randint(1, 3)):
                kind = rng.choice(kinds)
                channels, subjects = INTERACTIONS[kind]
                occurred = self.moment(rng, _between(rng, person.row["created_at"].date(), self.today))
                occurred = min(occurred, self.now)
                staff = rng.choice(self.case_workers)
                interactions.append(
                    {
                        "constituent_id": person.pk,
                        "kind": kind,
                        "channel": rng.choice(channels),
                        "occurred_at": occurred,
                        "staff_id": staff.pk,
                        "subject": rng.choice(subjects),
                        "body": "",
                        "created_at": occurred,
                    }
                )
                if rng.random() < 0.25:
                    follow_ups.append((len(interactions) - 1, person, occurred))
        interaction_ids = bulk_insert(Interaction, interactions)
        self._done("interactions", len(interactions))
        tasks: list[dict[str, Any]] = []
        for index, person, occurred in follow_ups:
            due = occurred.date() + dt.timedelta(days=rng.randint(3, 21))
            done = due < self.today and rng.random() < 0.7
            tasks.append(
                {
                    "constituent_id": person.pk,
                    "interaction_id": interaction_ids[index],
                    "assigned_to_id": interactions[index]["staff_id"],
                    "title": rng.choice(FOLLOW_UPS),
                    "due_date": due,
                    "done": done,
                    "done_at": self.moment(rng, due) if done else None,
                    "created_at": occurred,
                }
            )
        bulk_insert(FollowUpTask, tasks)
        self._done("follow-up tasks", len(tasks))

    def _refresh_statuses(self) -> None:
        """The status service has the last word: whatever the plan intended, store what it derives."""
        self.summary.statuses_corrected = services.membership_statuses_refresh(today=self.today)
        self.summary.statuses = dict(
            Membership.objects.values_list("status").annotate(count=models.Count("pk")).order_by("status")
        )
        self._done("membership statuses", sum(self.summary.statuses.values()))


# =========================================================================================================
# Entry points for the command
# =========================================================================================================


def demo_data_present() -> int:
    """How many constituents the database has: demo data goes only into an empty CRM (unless forced)."""
    return Constituent.objects.count()


def demo_seed(
    *,
    constituents: int = DEFAULT_CONSTITUENTS,
    seed: int = DEFAULT_SEED,
    today: dt.date | None = None,
    progress: Progress | None = None,
    reset_logins: bool = False,
) -> DemoSummary:
    """Write one run of demo data (one transaction) and say what was made; `reset_logins` sets the demo
    password again on demo accounts that already exist."""
    builder = DemoBuilder(
        constituents=constituents,
        seed=seed,
        today=today or organisation_today(),
        progress=progress,
        reset_logins=reset_logins,
    )
    return builder.run()


def demo_data_delete(*, progress: Progress | None = None) -> int:
    """Delete every constituent and everything that hangs off one, in any app, with their history.

    Meant for demo databases only. Row by row deletion (and simple-history's row per deleted record) would
    take minutes for a large demo, so this issues one DELETE per table, children first; the foreign keys
    Django creates are deferred, so the database checks the result once, at commit. Reference data (levels,
    relationship types, custom fields, tags) and users stay.
    """
    started = time.perf_counter()
    dependants = _models_depending_on([Constituent])
    tables: list[str] = []
    for model in dependants:
        tables.append(model._meta.db_table)
        history = getattr(getattr(model, "history", None), "model", None)
        if history is not None:
            tables.append(history._meta.db_table)
    deleted = Constituent.objects.count()
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        for model, column in _nullable_links_to(dependants):
            table = quote(model._meta.db_table)
            cursor.execute(f"UPDATE {table} SET {quote(column)} = NULL WHERE {quote(column)} IS NOT NULL")  # noqa: S608
        for table in reversed(tables):
            cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608 (table names from the model registry)
    if progress:
        progress(f"  {'deleted constituents':<28}{deleted:>10,}  {time.perf_counter() - started:6.1f}s")
    return deleted


KEEPING_DELETES = (models.SET_NULL, models.SET_DEFAULT, models.DO_NOTHING)


def _models_depending_on(roots: Sequence[type[models.Model]]) -> list[type[models.Model]]:
    """`roots` and every model whose rows cannot outlive theirs (CASCADE or PROTECT links), parents first."""
    closure = list(roots)
    changed = True
    while changed:
        changed = False
        for model in apps.get_models(include_auto_created=True):
            if model in closure or model._meta.proxy or not model._meta.managed:
                continue
            for model_field in model._meta.concrete_fields:
                if (
                    isinstance(model_field, models.ForeignKey)
                    and model_field.db_constraint
                    and model_field.related_model in closure
                    and model_field.remote_field.on_delete not in KEEPING_DELETES
                ):
                    closure.append(model)
                    changed = True
                    break
    return closure


def _nullable_links_to(targets: Sequence[type[models.Model]]) -> list[tuple[type[models.Model], str]]:
    """Columns outside `targets` that point into them with SET_NULL: they are emptied, not deleted."""
    links = []
    for model in apps.get_models(include_auto_created=True):
        if model in targets or model._meta.proxy or not model._meta.managed:
            continue
        for model_field in model._meta.concrete_fields:
            if (
                isinstance(model_field, models.ForeignKey)
                and model_field.db_constraint
                and model_field.related_model in targets
                and model_field.remote_field.on_delete is models.SET_NULL
            ):
                links.append((model, model_field.column))
    return links
