"""Rebuild every donor's giving rollups from the gifts, in one set-based pass."""

import time

from django.core.management.base import BaseCommand

from steward.donations.rollups import giving_summaries_rebuild


class Command(BaseCommand):
    help = "Rebuild every constituent's (and household's) giving rollups from the gifts."

    def handle(self, *args, **options):
        started = time.perf_counter()
        count = giving_summaries_rebuild()
        self.stdout.write(f"Rebuilt the rollups of {count} donors in {time.perf_counter() - started:.1f}s.")
