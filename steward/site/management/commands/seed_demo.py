"""`manage.py seed_demo`: realistic synthetic data for trying Steward out (see steward/members/demo.py)."""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Iterator

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from steward.communications import demo as communications_demo
from steward.core.dates import organisation_today
from steward.donations import demo as donations_demo
from steward.members import demo, demo_data
from steward.site import demo as site_demo
from steward.volunteers import demo as volunteer_demo


class Command(BaseCommand):
    help = (
        "Load demo data: constituents in five countries with contacts, relationships, consents and memberships "
        "in every status, gifts, volunteering, campaign email, CMS pages and demo logins. Does nothing if the CRM "
        "already has constituents, unless --reset or --force is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--constituents",
            type=int,
            default=demo_data.DEFAULT_CONSTITUENTS,
            help=f"How many constituents to make (default {demo_data.DEFAULT_CONSTITUENTS}).",
        )
        parser.add_argument(
            "--seed", type=int, default=demo_data.DEFAULT_SEED, help="The same seed gives the same people."
        )
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--reset",
            action="store_true",
            help="First DELETE every constituent (and their memberships, consents, …) and the CMS pages, and set "
            "the demo password again on the demo logins. For demo databases only.",
        )
        mode.add_argument(
            "--force",
            action="store_true",
            help="Add demo data even though the CRM already has constituents (with the seed of an earlier run, "
            "the same people again: pass another --seed).",
        )

    def handle(self, *args, constituents: int, seed: int, reset: bool, force: bool, **options) -> None:
        if constituents < demo_data.MINIMUM_CONSTITUENTS:
            raise CommandError(f"--constituents must be at least {demo_data.MINIMUM_CONSTITUENTS}.")
        present = demo.demo_data_present()
        if present and not (reset or force):
            self.stdout.write(
                f"The database already has {present:,} constituents: nothing done. "
                "Use --reset to replace them with fresh demo data, or --force to add more."
            )
            return
        started = time.perf_counter()
        today = organisation_today()
        # One transaction: a failed run (or an interrupted --reset) leaves the database as it was. (Quiet outside
        # it: the tasks its services queue run at the commit, eagerly when there is no broker.)
        with (
            _quiet("wagtail", "django_tasks", "celery"),
            _quiet("kombu.connection", level=logging.ERROR),
            transaction.atomic(),
        ):
            if reset and present:
                demo.demo_data_delete(progress=self.stdout.write)
            self.stdout.write(f"Seeding {constituents:,} constituents (seed {seed}):")
            summary = demo.demo_seed(
                constituents=constituents, seed=seed, today=today, progress=self.stdout.write, reset_logins=reset
            )
            volunteer_demo.demo_volunteers_build(today=today, seed=seed, progress=self.stdout.write)
            cms_started = time.perf_counter()
            admin = get_user_model().objects.filter(username=demo_data.ADMIN_USERNAME).first()
            site = site_demo.demo_site_build(today=today, owner=admin, replace=reset)
            self.stdout.write(f"  {'CMS pages':<28}{site.pages:>10,}  {time.perf_counter() - cms_started:6.1f}s")
            donations_demo.demo_donations_build(today=today, seed=seed, progress=self.stdout.write)
            mail = communications_demo.demo_campaigns_build(
                today=today, seed=seed, progress=self.stdout.write, replace=reset
            )
        statuses = ", ".join(f"{status} {count:,}" for status, count in sorted(summary.statuses.items()))
        self.stdout.write(f"Memberships by status: {statuses}.")
        if summary.statuses_corrected:
            self.stdout.write(f"membership_statuses_refresh corrected {summary.statuses_corrected:,} planned statuses.")
        self.stdout.write(self.style.SUCCESS(f"Done in {time.perf_counter() - started:.1f}s. Demo logins:"))
        for username, password, role in summary.logins:
            self.stdout.write(f"  {username:<22} {password:<14} {role}")
        for note in summary.notes + site.notes + mail.notes:
            self.stdout.write(self.style.WARNING(f"Note: {note}"))


@contextlib.contextmanager
def _quiet(*names: str, level: int = logging.WARNING) -> Iterator[None]:
    """Hold back the INFO lines Wagtail logs for every page it creates and every task it runs (and the lines Celery
    logs for every task run eagerly; kombu's warning that the in-memory broker has no host name)."""
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(level)
    try:
        yield
    finally:
        for logger, previous in zip(loggers, levels, strict=True):
            logger.setLevel(previous)
