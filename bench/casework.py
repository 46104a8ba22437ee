"""Benchmark: the main casework pages with a large synthetic history. Target (issue 4): with
1,000,000 referrals and 100,000 Channel cases on PostgreSQL, the screening queue, a case page
with its timeline, a panel agenda and a "my work" page each answer in under 150 ms p95, with
SQL query counts that do not grow with the data.

    createdb -h 127.0.0.1 -U postgres cornerstone_bench_casework
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cornerstone_bench_casework \\
        .venv/bin/python bench/casework.py --referrals 1000000 --channel-cases 100000

The history is built once (``bench/casework_history.py``) and kept: run again with the same
sizes and only the measuring is repeated. What is timed: the whole request through Django's
test client (middleware, sign-in checks, view, template, access log write), signed in as the
demo user of each role, each page requested ``--requests`` times over different records.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cornerstone.settings")
os.environ.setdefault("CORNERSTONE_DEMO_MODE", "1")
os.environ.setdefault("CORNERSTONE_TASK_BACKEND", "django_tasks_db.DatabaseBackend")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from bench.casework_history import HOME_SHARE, build, sample_ids  # noqa: E402
from cornerstone.accounts.roles import Role  # noqa: E402
from cornerstone.accounts.tests.helpers import sign_in  # noqa: E402
from cornerstone.demo.generator import build_demo_world  # noqa: E402
from cornerstone.geography.loading import load_reference_geography  # noqa: E402
from cornerstone.panels.models import Meeting  # noqa: E402
from cornerstone.referrals.models import Referral  # noqa: E402
from cornerstone.referrals.reference_data import load_reference_lists  # noqa: E402
from cornerstone.referrals.workflow import Status  # noqa: E402

TARGET_P95_MS = 150.0


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _measure(client: Client, paths: list[str]) -> tuple[list[float], list[int]]:
    timings, queries = [], []
    for path in paths:
        reset_queries()
        started = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
        queries.append(len(connection.queries))
        if response.status_code != 200:
            sys.exit(f"{path} answered {response.status_code}")
    return timings, queries


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--referrals", type=int, default=100_000)
    parser.add_argument("--channel-cases", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=200, help="requests per page")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--home-share",
        type=float,
        default=HOME_SHARE,
        help="share of referrals in the demo council's areas (default: a busy authority)",
    )
    args = parser.parse_args()

    database = settings.DATABASES["default"]
    if database["NAME"] in ("test", "cornerstone") or str(database["NAME"]).startswith("test_"):
        sys.exit(f"Refusing to benchmark in the {database['NAME']!r} database: use a database of its own.")
    print(f"Database: {connection.vendor} {database['NAME']}")
    call_command("migrate", verbosity=0)
    load_reference_geography()
    load_reference_lists()
    world = build_demo_world(seed=args.seed, other_staff=0)

    have = Referral.objects.filter(reference__startswith="PRV-B").count()
    if have and have != args.referrals:
        sys.exit(
            f"The database holds {have:,} benchmark referrals, not {args.referrals:,}: use an empty one."
        )
    if not have:
        started = time.perf_counter()
        build(
            world,
            referrals=args.referrals,
            channel_cases=args.channel_cases,
            seed=args.seed,
            home_share=args.home_share,
        )
        print(f"Built the history in {time.perf_counter() - started:.0f}s")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
    print(
        f"Referrals: {Referral.objects.count():,}; Channel cases: "
        f"{Referral.objects.filter(channel_case__isnull=False).count():,}"
    )

    setup_test_environment()  # the test client's templates and response context
    settings.DEBUG = True  # count queries
    ours = list(world.organisations["warrington"].local_authorities.values_list("pk", flat=True))
    clients: dict[str, Client] = {}
    for role in (
        Role.POLICE_PREVENT_OFFICER,
        Role.CHANNEL_COORDINATOR,
        Role.PANEL_CHAIR,
        Role.INTERVENTION_PROVIDER,
    ):
        clients[role] = sign_in(Client(), world.users_by_role[role], world.memberships_by_role[role])

    n = args.requests
    case_ids = list(sample_ids(Status.SUPPORT, area_ids=ours, limit=n)) or list(
        sample_ids(Status.POST_CLOSURE, area_ids=ours, limit=n)
    )
    police_ids = list(
        Referral.objects.filter(routed_to=world.organisations["ctp"], reference__startswith="PRV-B")
        .exclude(status=Status.SUBMITTED)
        .values_list("pk", flat=True)[:n]
    )
    meetings = list(
        Meeting.objects.filter(panel__organisation=world.organisations["warrington"]).values_list(
            "pk", flat=True
        )
    )
    pages: list[tuple[str, str, Callable[[int], str]]] = [
        ("Screening queue", Role.POLICE_PREVENT_OFFICER, lambda i: reverse("referrals:queue")),
        (
            "Referral page with timeline (police)",
            Role.POLICE_PREVENT_OFFICER,
            lambda i: reverse("referrals:detail", args=[police_ids[i % len(police_ids)]]),
        ),
        (
            "Channel case page with timeline",
            Role.CHANNEL_COORDINATOR,
            lambda i: reverse("channel:case", args=[case_ids[i % len(case_ids)]]),
        ),
        (
            "Panel agenda",
            Role.CHANNEL_COORDINATOR,
            lambda i: reverse("panels:meeting", args=[meetings[-1 - i % min(12, len(meetings))]]),
        ),
        ("My work: police Prevent officer", Role.POLICE_PREVENT_OFFICER, lambda i: reverse("accounts:home")),
        ("My work: Channel coordinator", Role.CHANNEL_COORDINATOR, lambda i: reverse("accounts:home")),
        ("My work: panel chair", Role.PANEL_CHAIR, lambda i: reverse("accounts:home")),
        ("My work: intervention provider", Role.INTERVENTION_PROVIDER, lambda i: reverse("accounts:home")),
    ]
    print(f"Requests per page: {n} (after 5 unmeasured)")
    failures = 0
    for name, role, path_for in pages:
        client = clients[role]
        _measure(client, [path_for(i) for i in range(5)])  # warm caches and connections
        timings, queries = _measure(client, [path_for(i) for i in range(n)])
        p95 = _percentile(timings, 0.95)
        failures += p95 >= TARGET_P95_MS
        print(
            f"{name}: p50 {_percentile(timings, 0.5):.1f} ms, p95 {p95:.1f} ms, max {max(timings):.1f} ms, "
            f"mean {statistics.mean(timings):.1f} ms; queries {min(queries)}-{max(queries)}"
            f"{'' if p95 < TARGET_P95_MS else '  (over the target)'}"
        )
    print(
        f"Target p95 < {TARGET_P95_MS:.0f} ms: {'met' if not failures else f'missed on {failures} page(s)'}"
    )


if __name__ == "__main__":
    main()
