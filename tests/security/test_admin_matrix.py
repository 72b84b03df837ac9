"""Every admin URL of Steward × every staff group: each view answers as the group's permissions say.

The URLs come from the URL resolver (every pattern under /admin/ that belongs to one of Steward's viewsets or is
served by a Steward view), so a view added later is walked too; its path parameters are filled with real objects.
What each URL needs is written here, by the kind of view (list, add, change, delete, …) and the viewset's model,
and compared with the permissions the migrations gave each group: a URL whose name is not known here fails the
test until its rule is added. Only GET requests are made, so nothing is changed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.admin.viewsets import viewsets

from steward.communications.models import EmailCampaign, SenderAddress
from steward.core.models import OutboxMessage
from steward.donations.models import Fund, Gift
from steward.members.models import Constituent, EmailSuppression, FollowUpTask
from steward.reports.models import ExportLog, Segment
from tests.admin_helpers import HOME, codenames
from tests.factories import (
    BoardPackRunFactory,
    ExchangeRateFactory,
    ExportLogFactory,
    GiftBatchFactory,
    PaymentAttemptFactory,
    PledgeFactory,
    RecurringGiftFactory,
    StaffUserFactory,
    StripeEventFactory,
)

GROUPS = ["Membership staff", "Fundraising staff", "Volunteer coordinators", "Board"]

LIST = ("view", "add", "change", "delete")  # Wagtail lists a model for anyone with any of its permissions
CHOOSE = ("view", "add", "change")  # a chooser lists records to anyone who may see or edit them
# The standard views of a viewset: the model's permissions, any of which lets the group in.
BY_NAME: dict[str, tuple[str, ...]] = {
    "index": LIST,
    "index_results": LIST,
    "inspect": LIST,
    "add": ("add",),
    "copy": ("add",),
    "edit": ("change",),
    "delete": ("delete",),
    "history": ("add", "change", "delete"),
    "history_results": ("add", "change", "delete"),
    "usage": ("change",),
    "choose": CHOOSE,
    "choose_results": CHOOSE,
    "chosen": CHOOSE,
    "chosen_multiple": CHOOSE,
    "create": ("add",),
}
EVERYONE = ()  # every staff user (their own things)
# Views of Steward's own that are not one of the standard kinds: the permissions (any of) they need.
BY_URL: dict[str, tuple[str, ...]] = {
    "members_constituents:record_interaction": ("members.add_interaction",),
    "members_constituents:record_consent": ("members.add_consentrecord",),
    "members_constituents:add_membership": ("members.add_membership",),
    "members_memberships:renew": ("members.change_membership",),
    "members_memberships:cancel": ("members.change_membership",),
    "members_tasks:mine": EVERYONE,
    "members_tasks:mine_results": EVERYONE,
    "members_tasks:done": ("members.change_followuptask",),  # the walked task is assigned to someone else
    "donations_gifts:refund": ("donations.change_gift",),
    "donations_batches:donor_search": ("donations.add_gift",),
    "donations_batches:row_create": ("donations.add_gift",),
    "donations_batches:row_update": ("donations.change_gift",),
    "donations_batches:row_remove": ("donations.change_gift",),
    "donations_exchange_rates:awaiting": ("donations.view_gift",),
    "donations_year_end_statements": ("donations.change_gift",),
    "volunteers_shifts:message": ("volunteers.change_shift",),
    "volunteers_hours:approve": ("volunteers.change_hoursentry",),
    "core_outbox:retry": ("core.change_outboxmessage",),
    "core_outbox:as_sent": ("core.view_outboxmessage",),
    "communications_suppressions:lift": ("members.change_emailsuppression",),
    **{
        f"communications_campaigns:{name}": ("communications.change_emailcampaign",)
        for name in ("send", "pause", "resume", "cancel", "test", "schedule", "unschedule", "decide")
    },
    "communications_message_templates:index": ("core.view_messagetemplateversion",),
    "communications_message_templates:edit": ("core.view_messagetemplateversion",),
    "communications_message_templates:restore": ("core.change_messagetemplateversion",),
    "communications_message_templates:shipped": ("core.change_messagetemplateversion",),
    **{
        f"communications_campaigns:{name}": ("communications.view_emailcampaign",)
        for name in ("preview", "preview_html", "report", "export")
    },
    "reports_board_pack": ("reports.view_boardpack",),
    "reports_board_pack_preview": ("reports.view_boardpack",),
    "reports_board_pack_download": ("reports.view_boardpack",),
    "reports_segment_count": ("reports.view_segment",),
    "reports_segment_members": ("reports.view_segment",),
    "reports_segment_export": ("reports.export_segment",),
    "reports_export_download": ("reports.export_segment",),
}

# Findings of this walk that other parts of issue 12 fix; each turns the test into an expected failure while it
# is there (any other mismatch fails). Remove an entry once its fix is in.
KNOWN_OPEN: dict[str, str] = {}


def _walk(patterns: list[Any], prefix: str = "", namespace: str | None = None) -> Iterator[tuple[str, str | None, Any]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), namespace, pattern


def steward_admin_urls() -> list[tuple[str, str, Any, Any]]:
    """(route, url name, viewset or None, pattern) of every admin URL from Steward's apps."""
    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018 - building the URLs registers the viewsets
    ours = {vs.url_namespace: vs for vs in viewsets.viewsets if type(vs).__module__.startswith("steward.")}
    found = []
    for route, namespace, pattern in _walk(resolver.url_patterns):
        if not route.startswith("admin/"):
            continue
        view = getattr(pattern.callback, "view_class", pattern.callback)
        if namespace in ours:
            found.append((route, f"{namespace}:{pattern.name}", ours[namespace], pattern))
        elif view.__module__.startswith("steward."):
            found.append((route, f"{namespace}:{pattern.name}" if namespace else pattern.name, None, pattern))
    return found


def _seed() -> dict[str, Any]:
    """Demo data (most models), plus one of each model the demo does not make."""
    call_command("seed_demo", constituents=50, verbosity=0)
    person = Constituent.objects.filter(kind=Constituent.Kind.INDIVIDUAL).first()
    fund = Fund.objects.first()
    assigned = StaffUserFactory(username="someone-else")
    FollowUpTask.objects.update(assigned_to=assigned)
    OutboxMessage.objects.create(kind="membership_reminder", key="matrix", status=OutboxMessage.Status.FAILED)
    GiftBatchFactory(name="Matrix batch", expected_total=Decimal("10.00"), expected_count=1)
    RecurringGiftFactory(constituent=person, amount=Decimal("5.00"), currency="USD", fund=fund)
    PledgeFactory(constituent=person, amount=Decimal("50.00"), currency="USD", fund=fund)
    StripeEventFactory(event_id="evt_matrix", type="payment_intent.succeeded", payload={})
    PaymentAttemptFactory(kind="start")
    ExchangeRateFactory(currency="EUR", rate=Decimal("1.1"), valid_from=dt.date(2024, 1, 1))
    ExportLogFactory(kind="segment", name="Matrix export", file_format="csv", personal_data=True)
    today = dt.date.today()  # noqa: DTZ011 - a period for an inspect page, any date does
    BoardPackRunFactory(period_kind="month", period_start=today.replace(day=1), period_end=today)
    EmailSuppression.objects.create(address="matrix@example.org", reason="complaint")
    sender = SenderAddress.objects.create(name="Matrix", email="matrix-news@example.org")
    EmailCampaign.objects.create(name="Matrix campaign", subject="Hello", sender=sender, body=[])
    return {"segment": Segment.objects.first(), "export": ExportLog.objects.first(), "gift": Gift.objects.first()}


def _kwargs(route: str, viewset: Any, name: str, seeded: dict[str, Any]) -> dict[str, Any]:
    """Real values for the route's path parameters."""
    kwargs: dict[str, Any] = {}
    if "<int:pk>" in route or "<str:pk>" in route:
        if viewset is not None:
            queryset = viewset.model.objects.all()
            kind = getattr(viewset, "kind", None)
            if kind:
                queryset = queryset.filter(kind=kind)
            elif viewset.model is Constituent:
                queryset = queryset.filter(kind=Constituent.Kind.INDIVIDUAL)
            instance = queryset.order_by("pk").first()
        else:
            instance = seeded["export"] if name == "reports_export_download" else seeded["segment"]
        assert instance is not None, f"no object to walk {route} with"
        kwargs["pk"] = instance.pk
    if "<str:file_format>" in route:
        kwargs["file_format"] = "xlsx"
    if "<str:key>" in route:
        kwargs["key"] = "receipt"  # a kind of message (steward.core.message_templates)
    return kwargs


def _path(route: str, kwargs: dict[str, Any]) -> str:
    path = "/" + route
    for key, value in kwargs.items():
        for converter in ("int", "str"):
            path = path.replace(f"<{converter}:{key}>", str(value))
    return path


def _needed(name: str, viewset: Any) -> tuple[str, ...] | None:
    """The permissions (any of) a URL needs, or None when this test does not know the URL."""
    if name in BY_URL:
        return BY_URL[name]
    short = name.split(":", 1)[-1]
    if viewset is None or short not in BY_NAME:
        return None
    meta = viewset.model._meta
    return tuple(f"{meta.app_label}.{action}_{meta.model_name}" for action in BY_NAME[short])


def _refused(response: Any) -> bool:
    return response.status_code == 403 or (response.status_code == 302 and response["Location"] == HOME)


@pytest.mark.django_db(transaction=False)
def test_every_admin_url_answers_each_staff_group_as_its_permissions_say():
    # given demo data and one user of each staff group
    seeded = _seed()
    urls = steward_admin_urls()
    assert len(urls) > 150  # the walk found the viewsets (a broken walk would pass vacuously)
    names = {name for _, name, _, _ in urls}
    assert {"members_constituent_chooser:chosen_multiple", "members_household_chooser:chosen_multiple"} <= names
    unknown = sorted(name for _, name, viewset, _ in urls if _needed(name, viewset) is None)
    assert unknown == [], f"add the permissions these admin URLs need to the test: {unknown}"
    clients: dict[str, tuple[Client, set[str]]] = {}
    for group in GROUPS:
        client = Client(raise_request_exception=False)
        user = StaffUserFactory(username=f"matrix-{group}", groups=[group])
        client.force_login(user)
        clients[group] = (client, codenames(group))
    # when each group opens every URL
    wrong: list[str] = []
    for route, name, viewset, _ in urls:
        path = _path(route, _kwargs(route, viewset, name, seeded))
        needed = _needed(name, viewset)
        query = "?id=" + str(Constituent.objects.order_by("pk").first().pk) if name.endswith("chosen_multiple") else ""
        for group, (client, granted) in clients.items():
            allowed = needed == EVERYONE or bool(set(needed or ()) & granted)
            response = client.get(path + query)
            if response.status_code == 405 and not allowed:
                # A POST-only view: a GET shows nothing; the POST itself must be refused.
                response = client.post(path)
            if response.status_code >= 500:
                wrong.append(f"{group} {path} ({name}): {response.status_code}")
            elif response.status_code == 405 and allowed:
                continue  # let in as far as a GET goes
            elif _refused(response) == allowed:
                outcome = "refused" if allowed else f"let in ({response.status_code})"
                wrong.append(f"{group} {path} ({name}): {outcome}, needs any of {needed}")
    # then every answer matches the group's permissions
    open_elsewhere = [line for line in wrong if any(f"({name})" in line for name in KNOWN_OPEN)]
    assert [line for line in wrong if line not in open_elsewhere] == [], "\n".join(wrong)
    if open_elsewhere:
        pytest.xfail("open findings owned elsewhere (see KNOWN_OPEN):\n" + "\n".join(open_elsewhere))
    assert User.objects.filter(username__startswith="matrix-").count() == len(GROUPS)
