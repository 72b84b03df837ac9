"""A campaign sent by a real Celery worker over Redis, in another process, killed (SIGKILL) in the middle of
sending: a second worker finishes it, and every recipient gets the campaign once (one message id each; its
copies' rows all sent)."""

from __future__ import annotations

import os
import re
import signal
import time
import uuid

import pytest

from steward.communications import campaigns, tasks
from steward.communications.models import CampaignRecipient, EmailCampaign, SenderAddress
from tests.communications.test_campaigns import BODY, consenting
from tests.factories import SegmentFactory
from tests.worker import REDIS_URL, _reset_connections, wait_for, worker_start, worker_stop

READERS = 30
# slow enough (the provider's rate limit) that the kill lands mid-send; claims taken back after two seconds
WORKER_ENV = {"EMAIL_RATE_LIMITS": "12/second", "CAMPAIGN_BATCH_SIZE": "4", "CAMPAIGN_CLAIM_LEASE_SECONDS": "2"}


def copies(mail_dir) -> dict[str, list[str]]:
    """The message ids each address was sent, from the worker's mail files."""
    sent: dict[str, list[str]] = {}
    for path in mail_dir.iterdir():
        for message in path.read_text().split("-" * 79):
            to = re.search(r"^To: (\S+)$", message, re.M)
            message_id = re.search(r"^Message-ID: (\S+)$", message, re.M)
            if to and message_id:
                sent.setdefault(to.group(1), []).append(message_id.group(1))
    return sent


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_send_leaves_nobody_twice_and_nobody_out(tmp_path, settings):
    from steward.site.celery import app

    settings.CAMPAIGN_CLAIM_LEASE_SECONDS = 2
    for n in range(READERS):
        consenting(f"reader{n:02}@example.org")
    campaign = EmailCampaign.objects.create(
        name="News", subject="News", body=BODY, sender=SenderAddress.objects.create(name="T", email="t@t.example")
    )
    campaign.segments.add(SegmentFactory(conditions={"field": "kind", "kinds": ["individual"]}))
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    queue = f"test-{uuid.uuid4().hex[:12]}"
    first = worker_start(queue=queue, mail_dir=mail_dir, log_path=tmp_path / "first.log", extra_env=WORKER_ENV)
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager", "task_default_queue")}
    app.conf.update(broker_url=REDIS_URL, task_always_eager=False, task_default_queue=queue)
    _reset_connections()
    second = None
    try:
        campaigns.campaign_send(campaign=campaign)  # its batches are queued on Redis after the commit
        wait_for(lambda: sum(len(ids) for ids in copies(mail_dir).values()) >= 6, timeout=90, interval=0.05)
        os.kill(first.pid, signal.SIGKILL)  # mid-send: a claimed batch half sent
        first.wait()
        sent_when_killed = sum(len(ids) for ids in copies(mail_dir).values())
        assert sent_when_killed < READERS
        second = worker_start(queue=queue, mail_dir=mail_dir, log_path=tmp_path / "second.log", extra_env=WORKER_ENV)
        time.sleep(2.5)  # the dead worker's claims outlive their lease
        tasks.campaigns_sweep.delay()
        wait_for(lambda: EmailCampaign.objects.get(pk=campaign.pk).status == EmailCampaign.Status.SENT, timeout=120)
    finally:
        app.conf.update(saved)
        _reset_connections()
        if second is not None:
            worker_stop(second)
        worker_stop(first)
    sent = copies(mail_dir)
    assert sorted(sent) == [f"reader{n:02}@example.org" for n in range(READERS)]
    # one message per person: a copy handed over twice (killed between the server taking it and its row being
    # marked sent) carries the same message id, which mail programs show once
    assert {address: len(set(ids)) for address, ids in sent.items()} == dict.fromkeys(sent, 1)
    assert sum(len(ids) for ids in sent.values()) <= READERS + 1
    assert set(CampaignRecipient.objects.values_list("status", flat=True)) == {CampaignRecipient.Status.SENT}
