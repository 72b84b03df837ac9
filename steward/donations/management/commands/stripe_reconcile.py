"""Re-read Stripe since a date and repair missing or wrong gifts and memberships; a second run changes nothing."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from steward.donations.reconcile import stripe_reconcile
from steward.donations.stripe import client


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--since takes a date like 2026-11-01, not '{value}'.") from None


class Command(BaseCommand):
    help = "Re-read Stripe's events and payments since a date and repair gifts and memberships the webhooks missed."

    def add_arguments(self, parser):
        parser.add_argument("--since", required=True, type=_date, help="The first day to check (YYYY-MM-DD, UTC).")

    def handle(self, *args, since: dt.date, **options):
        if since > dt.datetime.now(dt.UTC).date():
            raise CommandError("--since is in the future.")
        start = dt.datetime.combine(since, dt.time.min, tzinfo=dt.UTC)
        try:
            report = stripe_reconcile(since=start)
        except client.StripeFailure as error:
            raise CommandError(f"Stripe could not be read: {error}") from error
        self.stdout.write(
            f"Events: {report.events_seen} seen, {report.events_recorded} were missing, {report.events_applied} "
            f"applied. Pending gifts: {report.gifts_succeeded} now succeeded, {report.gifts_failed} failed."
        )
        for problem in report.problems:
            self.stderr.write(f"Could not repair {problem}")
        if not report.changes and not report.problems:
            self.stdout.write("Nothing to repair.")
