"""Segment conditions: the JSON staff write (or the builder writes), its validation, and its compilation to one
Django Q over Constituent (the constituent's own columns, its giving rollups joined one-to-one, and EXISTS
subqueries for the rest; no per-row Python).

A condition is a group or a test:

    {"all": [<condition>, ...]}      every one holds (an empty list: everyone)
    {"any": [<condition>, ...]}      at least one holds
    {"not": <condition>}             it does not hold
    {"field": "<name>", ...params}   a test, e.g. {"field": "lifetime_total", "min": "1000"}

Dates are "YYYY-MM-DD", or relative to the day the segment is counted: "today", "today+30", "today-90"
(days), "fy_start" (first day of this fiscal year) or "last_fy_start".
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, Sum

from steward.donations.models import COUNTED_STATUSES, Gift, RecurringGift
from steward.donations.rollups import fiscal_year_start
from steward.members.models import Address, ConsentRecord, Constituent, ConstituentTag, Membership
from steward.volunteers.models import HoursEntry, VolunteerProfile

EXAMPLE = {
    "all": [
        {"field": "membership", "statuses": ["current", "grace"], "end_to": "today+30"},
        {"field": "flag", "flag": "do_not_contact", "value": False},
        {"any": [{"field": "lifetime_total", "min": "500"}, {"field": "tags", "tags": ["volunteer"]}]},
        {"not": {"field": "consent", "channel": "email", "topic": "fundraising"}},
    ]
}
EXAMPLE_JSON = json.dumps(EXAMPLE, indent=2)
MAX_DEPTH = 8
MAX_CONDITIONS = 100
RELATIVE_DATE = re.compile(r"^today(?:([+-])(\d{1,5}))?$")
ACTIVE_RECURRING = (RecurringGift.Status.ACTIVE, RecurringGift.Status.PAST_DUE)


# -------------------------------------------------------------------------------------------------------------
# Parameters: each knows how the builder edits it and checks a raw JSON value, saying what is wrong in words
# staff understand.
# -------------------------------------------------------------------------------------------------------------

DATE_HELP = 'must be a date "YYYY-MM-DD", "today", "today+30", "today-90", "fy_start" or "last_fy_start"'
NUMBER_HELP = 'must be a number, e.g. "1000" or 1000'


def _date(value: Any) -> str | None:
    if isinstance(value, str) and (RELATIVE_DATE.match(value) or value in ("fy_start", "last_fy_start")):
        return None
    if isinstance(value, str):
        try:
            dt.date.fromisoformat(value)
            return None
        except ValueError:
            pass
    return DATE_HELP


def _decimal(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return NUMBER_HELP
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return NUMBER_HELP
    return None if number.is_finite() else NUMBER_HELP


@dataclass(frozen=True)
class Param:
    """One option of a condition: its label and kind (how the builder edits it), the allowed values of a
    choice, and for lists of texts where the builder finds suggestions (levels, funds, campaigns, tags)."""

    label: str
    kind: str  # "date", "number", "yes_no", "texts", "choice" or "choices"
    choices: tuple[tuple[str, str], ...] = ()
    suggestions: str = ""

    def problem(self, value: Any) -> str | None:
        """What is wrong with a value of this option, or None."""
        values = [choice for choice, _ in self.choices]
        if self.kind == "date":
            return _date(value)
        if self.kind == "number":
            return _decimal(value)
        if self.kind == "yes_no":
            return None if isinstance(value, bool) else "must be true or false"
        if self.kind == "texts":
            if isinstance(value, list) and value and all(isinstance(item, str) and item.strip() for item in value):
                return None
            return 'must be a non-empty list of texts, e.g. ["a", "b"]'
        if self.kind == "choice":
            return None if isinstance(value, str) and value in values else f"must be one of {', '.join(values)}"
        if isinstance(value, list) and value and all(isinstance(item, str) and item in values for item in value):
            return None
        return f"must be a non-empty list of: {', '.join(values)}"

    def describe(self) -> dict[str, Any]:
        """The option for the builder (JSON)."""
        return {"label": self.label, "kind": self.kind, "choices": self.choices, "suggestions": self.suggestions}


def _texts(label: str, suggestions: str = "") -> Param:
    return Param(label, "texts", suggestions=suggestions)


DATE_RANGE = {"from": Param("From", "date"), "to": Param("To", "date")}
AMOUNT_RANGE = {"min": Param("At least", "number"), "max": Param("At most", "number")}
YES_NO = {"value": Param("Yes or no", "yes_no")}
FLAG_CHOICES = (
    ("do_not_contact", "Do not contact"),
    ("do_not_email", "Do not email"),
    ("do_not_mail", "Do not mail"),
    ("do_not_phone", "Do not phone"),
    ("deceased", "Deceased"),
)
FLAGS = [flag for flag, _ in FLAG_CHOICES]


@dataclass(frozen=True)
class FieldSpec:
    """One kind of test: its section and label in the builder, its options and which of them are required."""

    section: str
    label: str
    params: dict[str, Param]
    required: tuple[str, ...] = ()
    one_of: tuple[str, ...] = field(default=())  # at least one of these must be given

    def describe(self) -> dict[str, Any]:
        """The test for the builder (JSON)."""
        return {
            "section": self.section,
            "label": self.label,
            "params": {name: param.describe() for name, param in self.params.items()},
            "required": self.required,
            "oneOf": self.one_of,
        }


MEMBERSHIP, GIVING, VOLUNTEERING, PROFILE = "Membership", "Giving", "Volunteering", "Contact and profile"
FIELDS: dict[str, FieldSpec] = {
    "membership": FieldSpec(
        MEMBERSHIP,
        "Has a membership (any of these levels and statuses, ending between the dates)",
        {
            "levels": _texts("Levels", "levels"),
            "statuses": Param("Statuses", "choices", tuple(Membership.Status.choices)),
            "end_from": Param("Ending from", "date"),
            "end_to": Param("Ending by", "date"),
        },
    ),
    "lifetime_total": FieldSpec(GIVING, "Lifetime giving", AMOUNT_RANGE, one_of=("min", "max")),
    "this_fy_total": FieldSpec(GIVING, "Giving this fiscal year", AMOUNT_RANGE, one_of=("min", "max")),
    "last_fy_total": FieldSpec(GIVING, "Giving last fiscal year", AMOUNT_RANGE, one_of=("min", "max")),
    "largest_gift": FieldSpec(GIVING, "Largest gift", AMOUNT_RANGE, one_of=("min", "max")),
    "last_gift_date": FieldSpec(GIVING, "Last gift between two dates", DATE_RANGE, one_of=("from", "to")),
    "first_gift_date": FieldSpec(GIVING, "First gift between two dates", DATE_RANGE, one_of=("from", "to")),
    "lybunt": FieldSpec(GIVING, "LYBUNT: gave last fiscal year but not this one", YES_NO, required=("value",)),
    "sybunt": FieldSpec(GIVING, "SYBUNT: gave in an earlier year, not last or this one", YES_NO, required=("value",)),
    "recurring_active": FieldSpec(GIVING, "Has an active recurring gift", YES_NO, required=("value",)),
    "gave_to_fund": FieldSpec(
        GIVING,
        "Gave to any of these funds, between the dates",
        {"funds": _texts("Funds (codes)", "funds"), **DATE_RANGE},
        required=("funds",),
    ),
    "gave_to_campaign": FieldSpec(
        GIVING,
        "Gave to any of these campaigns, between the dates",
        {"campaigns": _texts("Campaigns (slugs)", "campaigns"), **DATE_RANGE},
        required=("campaigns",),
    ),
    "volunteer": FieldSpec(VOLUNTEERING, "Has a volunteer profile", YES_NO, required=("value",)),
    "volunteer_hours": FieldSpec(
        VOLUNTEERING,
        "Approved volunteer hours in the period",
        {**AMOUNT_RANGE, **DATE_RANGE},
        one_of=("min", "max"),
    ),
    "last_volunteered": FieldSpec(
        VOLUNTEERING, "Volunteered (approved hours) between two dates", DATE_RANGE, one_of=("from", "to")
    ),
    "tags": FieldSpec(
        PROFILE,
        "Tagged with any (or all) of these tags",
        {
            "tags": _texts("Tags", "tags"),
            "match": Param("Match", "choice", (("any", "any of them"), ("all", "all of them"))),
        },
        required=("tags",),
    ),
    "location": FieldSpec(
        PROFILE,
        "Primary address in any of these countries, regions or cities",
        {
            "countries": _texts("Countries (ISO codes, e.g. GB)", "countries"),
            "regions": _texts("Regions"),
            "cities": _texts("Cities"),
        },
        one_of=("countries", "regions", "cities"),
    ),
    "consent": FieldSpec(
        PROFILE,
        "Has current consent for a channel and topic",
        {
            "channel": Param("Channel", "choice", tuple(ConsentRecord.Channel.choices)),
            "topic": Param("Topic", "choice", tuple(ConsentRecord.Topic.choices)),
        },
        required=("channel", "topic"),
    ),
    "flag": FieldSpec(
        PROFILE,
        "A do-not-contact or deceased flag is set (or not)",
        {"flag": Param("Flag", "choice", FLAG_CHOICES), "value": Param("Set", "yes_no")},
        required=("flag", "value"),
    ),
    "household": FieldSpec(PROFILE, "Belongs to a household", YES_NO, required=("value",)),
    "kind": FieldSpec(
        PROFILE,
        "Is an individual, household or organisation",
        {"kinds": Param("Kinds", "choices", tuple(Constituent.Kind.choices))},
        required=("kinds",),
    ),
}


# -------------------------------------------------------------------------------------------------------------
# Validation
# -------------------------------------------------------------------------------------------------------------


def validate_conditions(conditions: Any) -> None:
    """Raise a ValidationError listing every problem in the conditions, each with where it is."""
    errors: list[str] = []
    count = [0]
    if not isinstance(conditions, dict) or not conditions:
        raise ValidationError(
            'The conditions must be a JSON object: a group such as {"all": [...]}, or one condition.',
            code="invalid_conditions",
        )
    _validate(conditions, "the conditions", 0, errors, count)
    if count[0] > MAX_CONDITIONS:
        errors.append(f"A segment can have at most {MAX_CONDITIONS} conditions.")
    if errors:
        raise ValidationError([ValidationError(message, code="invalid_conditions") for message in errors])


def _validate(node: Any, where: str, depth: int, errors: list[str], count: list[int]) -> None:
    count[0] += 1
    if depth > MAX_DEPTH:
        errors.append(f"{where}: groups are nested more than {MAX_DEPTH} deep.")
        return
    if not isinstance(node, dict):
        errors.append(f'{where}: expected an object such as {{"field": "…"}}, found {json.dumps(node)[:60]}.')
        return
    groups = [key for key in ("all", "any", "not") if key in node]
    if groups:
        if len(node) != 1:
            errors.append(f'{where}: a group has exactly one key ("all", "any" or "not"), found {sorted(node)}.')
            return
        key = groups[0]
        if key == "not":
            _validate(node["not"], f"{where} → not", depth + 1, errors, count)
            return
        if not isinstance(node[key], list):
            errors.append(f'{where}: "{key}" needs a list of conditions.')
            return
        for index, child in enumerate(node[key]):
            _validate(child, f"{where} → {key}[{index + 1}]", depth + 1, errors, count)
        return
    name = node.get("field")
    if name == "":
        errors.append(f"{where}: choose what this condition tests.")
        return
    if name is None:
        errors.append(f'{where}: a condition needs "field" (one of: {", ".join(FIELDS)}), or use "all"/"any"/"not".')
        return
    spec = FIELDS.get(name) if isinstance(name, str) else None
    if spec is None:
        errors.append(f'{where}: unknown field "{name}"; known fields are {", ".join(FIELDS)}.')
        return
    where = f'{where} ("{name}")'
    for key, value in node.items():
        if key == "field":
            continue
        param = spec.params.get(key)
        if param is None:
            errors.append(f'{where}: unknown option "{key}"; it takes {", ".join(spec.params)}.')
            continue
        problem = param.problem(value)
        if problem:
            errors.append(f'{where}: "{key}" {problem}.')
    for key in spec.required:
        if key not in node:
            errors.append(f'{where}: "{key}" is required.')
    if spec.one_of and not any(key in node for key in spec.one_of):
        errors.append(f"{where}: give at least one of {', '.join(spec.one_of)}.")
    low, high = node.get("min"), node.get("max")
    valid_bounds = low is not None and high is not None and not _decimal(low) and not _decimal(high)
    if valid_bounds and Decimal(str(low)) > Decimal(str(high)):
        errors.append(f'{where}: "min" is more than "max".')


# -------------------------------------------------------------------------------------------------------------
# Compilation
# -------------------------------------------------------------------------------------------------------------


def resolve_date(value: str, today: dt.date) -> dt.date:
    """A condition's date: ISO, or relative to `today` (see the module docstring)."""
    if value == "fy_start":
        return fiscal_year_start(today)
    if value == "last_fy_start":
        return fiscal_year_start(fiscal_year_start(today) - dt.timedelta(days=1))
    match = RELATIVE_DATE.match(value)
    if match:
        sign, days = match.groups()
        offset = int(days or 0)
        return today + dt.timedelta(days=-offset if sign == "-" else offset)
    return dt.date.fromisoformat(value)


def compile_conditions(conditions: dict[str, Any], *, today: dt.date) -> Q:
    """One Q over Constituent for (already validated) conditions, relative dates resolved against `today`."""
    return _compile(conditions, today)


def _compile(node: dict[str, Any], today: dt.date) -> Q:
    if "all" in node:
        result = Q()
        for child in node["all"]:
            result &= _compile(child, today)
        return result
    if "any" in node:
        children = [_compile(child, today) for child in node["any"]]
        if not children:
            return Q(pk__in=[])
        result = children[0]
        for child in children[1:]:
            result |= child
        return result
    if "not" in node:
        return ~_compile(node["not"], today)
    return COMPILERS[node["field"]](node, today)


def _range(node: dict[str, Any], name: str, low: str = "from", high: str = "to", *, today: dt.date) -> dict:
    lookups: dict[str, Any] = {}
    if node.get(low) is not None:
        lookups[f"{name}__gte"] = resolve_date(node[low], today)
    if node.get(high) is not None:
        lookups[f"{name}__lte"] = resolve_date(node[high], today)
    return lookups


def _amounts(node: dict[str, Any], name: str) -> tuple[dict, bool]:
    """The lookups of a min/max condition, and whether zero is in the range (people with nothing match)."""
    lookups: dict[str, Any] = {}
    low = Decimal(str(node["min"])) if node.get("min") is not None else None
    high = Decimal(str(node["max"])) if node.get("max") is not None else None
    if low is not None:
        lookups[f"{name}__gte"] = low
    if high is not None:
        lookups[f"{name}__lte"] = high
    includes_zero = (low is None or low <= 0) and (high is None or high >= 0)
    return lookups, includes_zero


def _summary(**lookups: Any) -> Q:
    # The rollups are one row per donor (a reverse one-to-one): a join on the constituent's own row rather than
    # an EXISTS, so under "any" and "not" the test is read from the joined row instead of a subplan per person.
    return Q(**{f"giving_summary__{name}": value for name, value in lookups.items()})


NO_SUMMARY = Q(giving_summary__isnull=True)  # never gave (or nothing counted): no rollups row


def _summary_amount(name: str) -> Callable[[dict[str, Any], dt.date], Q]:
    def compile_(node: dict[str, Any], today: dt.date) -> Q:
        lookups, includes_zero = _amounts(node, name)
        matched = _summary(**lookups) if lookups else ~NO_SUMMARY
        # Without a summary a constituent has given nothing: zero, inside a range such as "max 100".
        return matched | NO_SUMMARY if includes_zero else matched

    return compile_


def _summary_date(name: str) -> Callable[[dict[str, Any], dt.date], Q]:
    def compile_(node: dict[str, Any], today: dt.date) -> Q:
        return _summary(**_range(node, name, today=today))

    return compile_


def _summary_flag(name: str) -> Callable[[dict[str, Any], dt.date], Q]:
    def compile_(node: dict[str, Any], today: dt.date) -> Q:
        matched = _summary(**{name: True})
        return matched if node["value"] else ~matched

    return compile_


def _membership(node: dict[str, Any], today: dt.date) -> Q:
    memberships = Membership.objects.filter(
        constituent=OuterRef("pk"), **_range(node, "end_date", "end_from", "end_to", today=today)
    )
    if node.get("levels"):
        memberships = memberships.filter(level__slug__in=node["levels"])
    if node.get("statuses"):
        memberships = memberships.filter(status__in=node["statuses"])
    return Q(Exists(memberships))


def _counted_gifts(**lookups: Any) -> Q:
    return Q(Exists(Gift.objects.filter(constituent=OuterRef("pk"), status__in=COUNTED_STATUSES, **lookups)))


def _gave_to_fund(node: dict[str, Any], today: dt.date) -> Q:
    return _counted_gifts(fund__code__in=node["funds"], **_range(node, "gift_date", today=today))


def _gave_to_campaign(node: dict[str, Any], today: dt.date) -> Q:
    return _counted_gifts(campaign__slug__in=node["campaigns"], **_range(node, "gift_date", today=today))


def _recurring(node: dict[str, Any], today: dt.date) -> Q:
    active = Q(Exists(RecurringGift.objects.filter(constituent=OuterRef("pk"), status__in=ACTIVE_RECURRING)))
    return active if node["value"] else ~active


def _volunteer(node: dict[str, Any], today: dt.date) -> Q:
    profile = Q(Exists(VolunteerProfile.objects.filter(constituent=OuterRef("pk"))))
    return profile if node["value"] else ~profile


def _approved_hours(node: dict[str, Any], today: dt.date):
    return HoursEntry.objects.filter(
        constituent=OuterRef("pk"), status=HoursEntry.Status.APPROVED, **_range(node, "date", today=today)
    )


def _volunteer_hours(node: dict[str, Any], today: dt.date) -> Q:
    entries = _approved_hours(node, today)
    lookups, includes_zero = _amounts(node, "total")
    totals = entries.order_by().values("constituent").annotate(total=Sum("hours")).filter(**lookups)
    matched = Q(Exists(totals))
    return matched | ~Q(Exists(entries)) if includes_zero else matched


def _last_volunteered(node: dict[str, Any], today: dt.date) -> Q:
    return Q(Exists(_approved_hours(node, today)))


def _tags(node: dict[str, Any], today: dt.date) -> Q:
    names = node["tags"]
    if node.get("match") == "all":
        result = Q()
        for name in names:
            result &= Q(Exists(ConstituentTag.objects.filter(content_object=OuterRef("pk"), tag__name__iexact=name)))
        return result
    # Tag names are matched without regard to case, as staff type them.
    any_name = Q()
    for name in names:
        any_name |= Q(tag__name__iexact=name)
    return Q(Exists(ConstituentTag.objects.filter(any_name, content_object=OuterRef("pk"))))


def _location(node: dict[str, Any], today: dt.date) -> Q:
    addresses = Address.objects.filter(constituent=OuterRef("pk"), is_primary=True)
    if node.get("countries"):
        addresses = addresses.filter(country__in=[code.strip().upper() for code in node["countries"]])
    for key, column in (("regions", "region"), ("cities", "city")):
        if node.get(key):
            any_value = Q()
            for value in node[key]:
                any_value |= Q(**{f"{column}__iexact": value.strip()})
            addresses = addresses.filter(any_value)
    return Q(Exists(addresses))


def _consent(node: dict[str, Any], today: dt.date) -> Q:
    # The ledger's latest entry for the channel and topic decides (no entry: no consent): a granting entry with
    # no later entry for the same channel and topic (an anti-join, which PostgreSQL plans well).
    later = ConsentRecord.objects.filter(
        constituent=OuterRef("constituent"), channel=node["channel"], topic=node["topic"]
    ).filter(Q(recorded_at__gt=OuterRef("recorded_at")) | Q(recorded_at=OuterRef("recorded_at"), pk__gt=OuterRef("pk")))
    granted = ConsentRecord.objects.filter(
        constituent=OuterRef("pk"), channel=node["channel"], topic=node["topic"], granted=True
    ).filter(~Exists(later))
    return Q(Exists(granted))


def _flag(node: dict[str, Any], today: dt.date) -> Q:
    return Q(**{node["flag"]: node["value"]})


def _household(node: dict[str, Any], today: dt.date) -> Q:
    return Q(household__isnull=not node["value"])


def _kind(node: dict[str, Any], today: dt.date) -> Q:
    return Q(kind__in=node["kinds"])


COMPILERS: dict[str, Callable[[dict[str, Any], dt.date], Q]] = {
    "membership": _membership,
    "lifetime_total": _summary_amount("lifetime_total"),
    "this_fy_total": _summary_amount("this_fy_total"),
    "last_fy_total": _summary_amount("last_fy_total"),
    "largest_gift": _summary_amount("largest_gift_amount"),
    "last_gift_date": _summary_date("last_gift_date"),
    "first_gift_date": _summary_date("first_gift_date"),
    "lybunt": _summary_flag("lybunt"),
    "sybunt": _summary_flag("sybunt"),
    "recurring_active": _recurring,
    "gave_to_fund": _gave_to_fund,
    "gave_to_campaign": _gave_to_campaign,
    "volunteer": _volunteer,
    "volunteer_hours": _volunteer_hours,
    "last_volunteered": _last_volunteered,
    "tags": _tags,
    "location": _location,
    "consent": _consent,
    "flag": _flag,
    "household": _household,
    "kind": _kind,
}
# A field without a compiler is a programming error.
assert set(COMPILERS) == set(FIELDS)
