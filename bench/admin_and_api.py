"""Benchmark: the admin's constituent listing and the GraphQL `me` / directory queries at scale.

Seeds N constituents (default 100,000) on the database named by DATABASE_URL (PostgreSQL for the figures
that count) unless they are already there, then measures with Django's test client in-process:

- p95 (and median) server time of the constituent listing in the Wagtail admin: first page, a filtered
  page, a search — target p95 under 300 ms;
- the number of SQL queries of the `me` query and of a member-directory search page, at this size and on
  a 10-member sample, which must be equal (they must not grow with the data).

Run (about 2 minutes on the 2-core machine, most of it seeding):
    createdb -h 127.0.0.1 -U postgres steward_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/steward_bench .venv/bin/python bench/admin_and_api.py
Options: --constituents N, --repeat R (requests per listing, default 40).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steward.site.settings.dev")

import django

django.setup()

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from steward.members.models import Constituent

ME_QUERY = """
query {
  me {
    id displayName givenName familyName pronouns
    emails { address isPrimary }
    phones { number isPrimary }
    addresses { line1 city postalCode country isPrimary }
    household { displayName }
    memberships {
      status startDate endDate autoRenew level { name }
      terms { startDate endDate amount { amount currency } }
    }
    consents { channel topic granted }
  }
}
"""
DIRECTORY_QUERY = """
query($search: String) {
  memberDirectory(search: $search, first: 20) {
    totalCount
    edges { node { displayName email phone city } }
  }
}
"""


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))
    return ordered[index]


def time_get(client: Client, url: str, repeat: int) -> dict[str, float]:
    client.get(url)  # warm caches and connections
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return {"p50_ms": statistics.median(timings), "p95_ms": percentile(timings, 0.95), "max_ms": max(timings)}


def graphql_queries(client: Client, query: str, variables: dict | None = None) -> int:
    with CaptureQueriesContext(connection) as captured:
        payload = json.dumps({"query": query, "variables": variables or {}})
        response = client.post("/graphql/", data=payload, content_type="application/json")
    body = response.json()
    assert "errors" not in body, body
    return len(captured)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--constituents", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=40)
    args = parser.parse_args()

    print(f"database: {connection.vendor} {settings.DATABASES['default']['NAME']}")
    call_command("migrate", verbosity=0)
    existing = Constituent.objects.count()
    if existing < args.constituents:
        started = time.perf_counter()
        call_command("seed_demo", constituents=args.constituents, force=True, verbosity=0)
        print(f"seeded {args.constituents} constituents in {time.perf_counter() - started:.1f} s")
    count = Constituent.objects.count()
    print(f"constituents: {count}")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    staff = Client()
    staff.login(username="admin", password="steward-demo")
    listing = reverse("members_constituents:index")
    sample = Constituent.objects.filter(kind="individual").order_by("pk").values_list("family_name", flat=True)[500]
    pages = {
        "first page": listing,
        "filtered page (individuals, page 3)": f"{listing}?kind=individual&p=3",
        "filtered by membership status": f"{listing}?membership_status=current",
        f"search '{sample}'": f"{listing}?q={sample}",
    }
    print("\nadmin constituent listing (target p95 < 300 ms):")
    for label, url in pages.items():
        figures = time_get(staff, url, args.repeat)
        print(f"  {label:40s} p50 {figures['p50_ms']:7.1f} ms   p95 {figures['p95_ms']:7.1f} ms")

    member = Client()
    assert member.login(username="member@example.org", password="steward-demo"), "seed_demo's member login"
    me_queries = graphql_queries(member, ME_QUERY)
    directory_queries = graphql_queries(member, DIRECTORY_QUERY, {"search": ""})
    directory_search_queries = graphql_queries(member, DIRECTORY_QUERY, {"search": "a"})
    print("\nSQL queries per GraphQL request at this size:")
    print(f"  me: {me_queries}   memberDirectory page: {directory_queries}   with a search: {directory_search_queries}")


if __name__ == "__main__":
    main()
