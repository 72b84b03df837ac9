"""The membership panel on the Wagtail admin home page."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from steward.core.dates import add_months, organisation_today
from steward.members import services
from tests.factories import IndividualFactory, MembershipLevelFactory, StaffUserFactory, SuperuserFactory

pytestmark = pytest.mark.django_db

HOME = reverse("wagtailadmin_home")


def figure(html: str, name: str) -> str:
    """The text of one figure of the panel (marked with data-figure), without tags."""
    match = re.search(rf'data-figure="{name}">(.*?)</(dd|p)>', html, re.S)
    assert match, name
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


def test_dashboard_shows_the_membership_figures(client):
    # given, today: a member who joined this month, one whose renewal is due in 10 days, one who lapsed
    # 5 days ago (term ended 35 days ago with 30 days' grace), and one whose term ended 100 days ago and who
    # renewed before it did
    today = organisation_today()
    level = MembershipLevelFactory(grace_days=30)
    services.membership_create(
        constituent=IndividualFactory(), level=level, start_date=today.replace(day=1), today=today
    )
    due = today + dt.timedelta(days=10)
    services.membership_create(
        constituent=IndividualFactory(),
        level=level,
        start_date=add_months(due, -12) + dt.timedelta(days=1),
        today=today,
    )
    lapsed_end = today - dt.timedelta(days=35)
    services.membership_create(
        constituent=IndividualFactory(),
        level=level,
        start_date=add_months(lapsed_end, -12) + dt.timedelta(days=1),
        today=today,
    )
    renewed_end = today - dt.timedelta(days=100)
    renewed = services.membership_create(
        constituent=IndividualFactory(),
        level=level,
        start_date=add_months(renewed_end, -12) + dt.timedelta(days=1),
        today=renewed_end - dt.timedelta(days=5),
    )
    services.membership_renew(membership=renewed, today=renewed_end - dt.timedelta(days=5))
    services.membership_statuses_refresh(today=today)
    client.force_login(StaffUserFactory(groups=["Membership staff"]))
    # when Membership staff open the admin home page
    response = client.get(HOME)
    # then the panel shows each figure of the selector
    html = response.content.decode()
    assert response.status_code == 200
    assert "Membership" in html
    # (counted by hand: the joiner, the one due in 10 days and the one who renewed are active)
    assert figure(html, "active-members") == "3"
    assert figure(html, "new-this-month") == "1"
    assert figure(html, "renewals-due") == "1"
    assert figure(html, "lapsed") == "1"
    # two terms ended in the last 12 months (the lapsed member's and the renewed one's); one was renewed
    assert figure(html, "retention") == "50.0%"


def test_dashboard_shows_my_open_task_count_with_a_link(client):
    # given two open tasks for me (one overdue), one done, and one for someone else
    me = SuperuserFactory(username="me")
    person = IndividualFactory()
    today = organisation_today()
    services.follow_up_task_create(constituent=person, title="A", due_date=today + dt.timedelta(days=3), assigned_to=me)
    services.follow_up_task_create(constituent=person, title="B", due_date=today - dt.timedelta(days=3), assigned_to=me)
    done = services.follow_up_task_create(constituent=person, title="C", due_date=today, assigned_to=me)
    services.follow_up_task_set_done(task=done)
    services.follow_up_task_create(
        constituent=person, title="D", due_date=today, assigned_to=SuperuserFactory(username="other")
    )
    client.force_login(me)
    # when I open the admin home page
    html = client.get(HOME).content.decode()
    # then it tells me how many open tasks I have, how many are overdue, and links to them
    assert figure(html, "open-tasks").split() == ["You", "have", "2", "open", "tasks,", "1", "overdue."]
    assert reverse("members_tasks:mine") in html


def test_board_sees_no_membership_figures_but_their_tasks_line(client):
    # given a board member (no membership permissions)
    client.force_login(StaffUserFactory(groups=["Board"]))
    # when they open the admin home page
    html = client.get(HOME).content.decode()
    # then the figures are not shown, only their (empty) tasks line
    assert 'data-figure="active-members"' not in html
    assert "You have no open tasks." in html


def test_retention_shows_a_dash_when_nobody_was_due_to_renew(client):
    # given no memberships at all
    client.force_login(SuperuserFactory())
    # when the dashboard is opened
    html = client.get(HOME).content.decode()
    # then the figures are zero and the retention rate is a dash, not 0%
    assert figure(html, "active-members") == "0"
    assert figure(html, "retention") == "—"
