"""Benchmark: one campaign email to a large audience, sent by real Celery workers to a local SMTP server, with a
worker killed (SIGKILL) twice while it sends.

On the database given (the S database of bench/scale.py works: `--recipients` people with a primary email get a
newsletter consent if they lack one), it creates a sender and a campaign (heading, text with merge tags, button,
donate block; tracking on) and prints:
1. the time to resolve the audience and write the recipient rows (`campaign_send`, target < 10 s);
2. the sending rate while the workers run (target >= 300 messages a second on this 2-core machine), and the
   time until every copy was sent, the lease after each kill included;
3. the workers' peak memory;
4. whether every recipient got exactly one copy (the script exits 1 otherwise).
Workers: 2 solo Celery workers on Redis db 7 (emptied before and after), `CAMPAIGN_CLAIM_LEASE_SECONDS=10`.

Run:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/steward_s .venv/bin/python bench/campaign.py
Options: --recipients N (default 100000), --kills K (default 2), --workers W (default 2).
"""

from __future__ import annotations

import argparse
import collections
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BROKER = "redis://127.0.0.1:6379/7"
LEASE = 10
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steward.site.settings.dev")
os.environ["CELERY_BROKER_URL"] = BROKER
os.environ["CAMPAIGN_CLAIM_LEASE_SECONDS"] = str(LEASE)

import django

django.setup()

import redis
from aiosmtpd.controller import Controller
from django.db import connection

from steward.communications import campaigns
from steward.communications.models import CampaignRecipient, EmailCampaign, SenderAddress
from steward.communications.tasks import campaigns_sweep
from steward.reports.models import Segment


class Counter:
    """The SMTP server's side: how many copies each address got."""

    def __init__(self) -> None:
        self.copies: collections.Counter[str] = collections.Counter()
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            for address in envelope.rcpt_tos:
                self.copies[address] += 1
        return "250 OK"

    def total(self) -> int:
        with self.lock:
            return sum(self.copies.values())


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ensure_audience(recipients: int) -> None:
    """Give newsletter consent on email to the first `recipients` people with a primary email who lack it."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO members_consentrecord (constituent_id, channel, topic, granted, recorded_at, source, wording)
            SELECT c.id, 'email', 'newsletter', true, now() + interval '1 second', 'bench', 'Send me the newsletter.'
            FROM members_constituent c
            JOIN members_email e ON e.constituent_id = c.id AND e.is_primary
            WHERE c.merged_into_id IS NULL AND NOT c.deceased AND NOT c.do_not_contact AND NOT c.do_not_email
            ORDER BY c.id LIMIT %s
            """,
            [recipients],
        )


def start_worker(index: int, env: dict[str, str], logs: Path) -> subprocess.Popen:
    log = (logs / f"worker-{index}.log").open("w")
    command = [sys.executable, "-m", "celery", "-A", "steward", "worker", "--pool", "solo", "-n", f"bench{index}@%h"]
    return subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)  # noqa: S603


def peak_rss_mib(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except FileNotFoundError:
        pass
    return 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--recipients", type=int, default=100_000)
    parser.add_argument("--kills", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    redis.Redis.from_url(BROKER).flushdb()
    counter = Counter()
    port = free_port()
    smtp = Controller(counter, hostname="127.0.0.1", port=port)
    smtp.start()
    env = {
        **os.environ,
        "EMAIL_URL": f"smtp://127.0.0.1:{port}",
        "CELERY_BROKER_URL": BROKER,
        "CAMPAIGN_CLAIM_LEASE_SECONDS": str(LEASE),
    }
    logs = ROOT / "var" / "bench-campaign"
    logs.mkdir(parents=True, exist_ok=True)
    workers: list[subprocess.Popen] = []
    peaks: list[float] = []
    try:
        ensure_audience(args.recipients)
        sender, _ = SenderAddress.objects.get_or_create(email="bench@example.org", defaults={"name": "Bench"})
        segment, _ = Segment.objects.get_or_create(name="Bench: everyone", defaults={"conditions": {"all": []}})
        campaign = EmailCampaign.objects.create(
            name="Bench campaign",
            subject="News for {{ first_name | you }}",
            preheader="What we did this season",
            sender=sender,
            appeal_code="BENCH",
            body=[
                {"type": "heading", "value": {"text": "Hello {{ first_name | friend }}", "level": "h1"}},
                {"type": "text", "value": "<p>You have given {{ lifetime_giving | nothing yet }}. Thank you.</p>"},
                {"type": "button", "value": {"text": "Read the report", "url": "https://example.org/report"}},
                {"type": "donate", "value": {"text": "Give now", "campaign": ""}},
            ],
        )
        campaign.segments.add(segment)
        # the workers start first, so the queued batches are taken at once
        workers = [start_worker(index, env, logs) for index in range(args.workers)]
        time.sleep(6)
        started = time.perf_counter()
        campaigns.campaign_send(campaign=campaign)  # its batches are queued to Redis when it commits
        resolved = time.perf_counter() - started
        total = CampaignRecipient.objects.filter(campaign=campaign).count()
        print(f"recipients: {total:,}")
        print(f"audience resolved and recipient rows written: {resolved:.2f} s   (target < 10 s)", flush=True)
        send_started = time.perf_counter()
        kills_at = [total * (k + 1) // (args.kills + 1) for k in range(args.kills)]
        killed = 0
        last_progress = send_started
        while counter.total() < total:
            done = counter.total()
            if killed < len(kills_at) and done >= kills_at[killed]:
                victim = workers[killed % len(workers)]
                peaks.append(peak_rss_mib(victim.pid))
                victim.send_signal(signal.SIGKILL)
                victim.wait()
                print(f"  killed worker {killed % len(workers)} at {done:,} sent", flush=True)
                workers[killed % len(workers)] = start_worker(killed % len(workers), env, logs)
                killed += 1
            if time.perf_counter() - last_progress > LEASE + 2:
                campaigns_sweep.delay()  # what beat does every minute: claims past their lease are finished
                last_progress = time.perf_counter()
            if time.perf_counter() - send_started > 1800:
                print("gave up after 30 minutes")
                break
            time.sleep(0.2)
        elapsed = time.perf_counter() - send_started
        time.sleep(2)  # late copies, if any
        peaks += [peak_rss_mib(worker.pid) for worker in workers]
        copies = counter.copies
        addresses = set(CampaignRecipient.objects.filter(campaign=campaign).values_list("address", flat=True))
        twice = sum(1 for address in addresses if copies[address] > 1)
        missing = sum(1 for address in addresses if copies[address] == 0)
        strangers = sum(1 for address in copies if address not in addresses)
        print(f"sent {counter.total():,} in {elapsed:.1f} s: {counter.total() / elapsed:.0f} messages a second overall")
        print(f"  (with {killed} kills and their {LEASE} s leases; target >= 300 a second)")
        print(f"workers' peak memory: {', '.join(f'{peak:.0f} MiB' for peak in peaks)}")
        print(
            f"exactly once: {len(addresses) - twice - missing:,} of {len(addresses):,}; twice {twice}, "
            f"missing {missing}, not recipients {strangers}"
        )
        campaign.refresh_from_db()
        print(f"campaign status: {campaign.get_status_display()}")
        return 0 if twice == missing == strangers == 0 else 1
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.terminate()
                worker.wait(timeout=20)
        smtp.stop()
        redis.Redis.from_url(BROKER).flushdb()


if __name__ == "__main__":
    sys.exit(main())
