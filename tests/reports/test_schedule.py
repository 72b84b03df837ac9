"""The board pack emailed to the Board group on a schedule: once per period, failures recorded and retried."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from steward.reports import services, tasks
from steward.reports.models import BoardPackRun
from tests.factories import BoardPackRunFactory, StaffUserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def board_member():
    return StaffUserFactory(groups=["Board"], email="chair@example.org")


def test_the_monthly_pack_goes_to_the_board_once(board_member):
    # when the beat task runs twice at the start of April
    runs = services.board_pack_send_due(today=dt.date(2026, 4, 1))
    services.board_pack_send_due(today=dt.date(2026, 4, 1))
    # then March's pack went out once, to the Board, with the PDF
    assert len(runs) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.bcc == ["chair@example.org"]
    assert "March 2026" in message.subject
    name, content, mimetype = message.attachments[0]
    assert (name, mimetype) == ("board-pack-month-2026-03-01.pdf", "application/pdf")
    assert content.startswith(b"%PDF")
    run = BoardPackRun.objects.get()
    assert (run.status, run.recipients, run.attempts) == ("sent", 1, 1)


@override_settings(REPORTS_BOARD_PACK_SCHEDULE="quarterly")
def test_the_quarterly_pack_covers_the_last_quarter(board_member):
    tasks.board_pack_send_due.delay()
    run = BoardPackRun.objects.get()
    assert run.period_kind == "quarter"
    assert (run.period_end - run.period_start).days > 85


def test_a_failed_run_is_recorded_and_retried(board_member, monkeypatch):
    # given the mail server refuses the first attempt
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    services.board_pack_send_due(today=dt.date(2026, 4, 2))
    run = BoardPackRun.objects.get()
    assert run.status == "failed"
    assert "mail server down" in run.error
    # when it works again, the next beat run retries it
    monkeypatch.undo()
    services.board_pack_send_due(today=dt.date(2026, 4, 3))
    run.refresh_from_db()
    assert (run.status, run.attempts, run.error) == ("sent", 2, "")
    assert len(mail.outbox) == 1


@override_settings(REPORTS_BOARD_PACK_MAX_ATTEMPTS=2)
def test_a_board_without_email_fails_visibly_and_stops_after_the_last_attempt(db):
    for day in (2, 3, 4):
        services.board_pack_send_due(today=dt.date(2026, 4, day))
    run = BoardPackRun.objects.get()
    assert (run.status, run.attempts) == ("failed", 2)
    assert "no active users with an email address" in run.error


def test_the_runs_are_listed_for_staff(client, board_member):
    from django.urls import reverse

    BoardPackRunFactory(
        period_kind="month",
        period_start=dt.date(2026, 3, 1),
        period_end=dt.date(2026, 3, 31),
        status="failed",
        error="SMTP said no",
    )
    client.force_login(StaffUserFactory(groups=["Membership staff"]))
    response = client.get(reverse("reports_board_pack_runs:index"))
    assert response.status_code == 200
    assert "SMTP said no" in response.content.decode()


def test_a_run_left_behind_by_a_dead_worker_is_taken_over(board_member):
    # given a claim from a worker that died two hours ago
    BoardPackRunFactory(
        period_kind="month",
        period_start=dt.date(2026, 3, 1),
        period_end=dt.date(2026, 3, 31),
        attempts=1,
        claimed_at=timezone.now() - dt.timedelta(hours=2),
    )
    # when the beat runs
    services.board_pack_send_due(today=dt.date(2026, 4, 1))
    # then the pack went out
    run = BoardPackRun.objects.get()
    assert (run.status, run.attempts) == ("sent", 2)


def test_a_run_being_sent_is_left_alone(board_member):
    BoardPackRunFactory(
        period_kind="month",
        period_start=dt.date(2026, 3, 1),
        period_end=dt.date(2026, 3, 31),
        attempts=1,
        claimed_at=timezone.now(),
    )
    assert services.board_pack_send_due(today=dt.date(2026, 4, 1)) == []
    assert mail.outbox == []
