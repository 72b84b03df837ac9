"""The daily membership task on a real Celery worker over Redis, not eagerly in-process."""

import datetime as dt
import time

import pytest

from steward.members import tasks
from steward.members.models import Membership, MembershipReminder
from tests.factories import make_membership
from tests.worker import celery_worker, wait_for


@pytest.mark.django_db(transaction=True)
def test_daily_task_on_a_real_worker_stores_statuses_and_sends_reminders(tmp_path):
    # given one membership ending on 31 December 2025 and one that ran out long ago but is stored as current
    ending = make_membership(start_date=dt.date(2025, 1, 1), today=dt.date(2025, 1, 1))
    stale = make_membership(start_date=dt.date(2022, 1, 1), today=dt.date(2022, 1, 1))
    assert Membership.objects.get(pk=stale.pk).status == Membership.Status.CURRENT
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    with celery_worker(mail_dir):
        # when the beat schedule's task is sent to the broker for 1 December 2025, twice
        tasks.membership_daily.delay("2025-12-01")
        tasks.membership_daily.delay("2025-12-01")
        # then the worker stores the statuses and sends the 30-days-before reminder exactly once
        reminder = wait_for(
            lambda: MembershipReminder.objects.filter(membership=ending, status=MembershipReminder.Status.SENT).first()
        )
        wait_for(lambda: Membership.objects.get(pk=stale.pk).status == Membership.Status.EXPIRED)
        # give the second run the time to finish too
        wait_for(lambda: len(list(mail_dir.iterdir())) >= 1)
        time.sleep(2)
    assert reminder.offset_days == -30
    assert MembershipReminder.objects.filter(membership=ending).count() == 1
    messages = [path.read_text() for path in mail_dir.iterdir()]
    assert sum("membership ends on 31 December 2025" in text for text in messages) == 1
