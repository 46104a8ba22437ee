"""Benchmark: submitting a referral, including the person index's match search, with a large
person index. Target: p95 under 300 ms with 1,000,000 people on PostgreSQL.

    createdb -h 127.0.0.1 -U postgres cornerstone_bench_referrals
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cornerstone_bench_referrals \\
        .venv/bin/python bench/referral_submission.py --people 100000 --submissions 200

What is timed: ``referral_submit`` alone, one call per referral, as the "Accept and send" button
makes it (lock the draft, re-validate every page, route, number, ``person_create`` with its
match search, audit), committed. Drafts are written beforehand, untimed. Half the referrals
are about someone already in the index (same name and date of birth, so the match search finds
candidates), half about someone new. The index is built once and kept between runs: run again
with the same ``--people`` and only the submissions are repeated.

Audit sealing is queued to the database task backend as in production (not run inline).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cornerstone.settings")
os.environ.setdefault("CORNERSTONE_DEMO_MODE", "1")
os.environ.setdefault("CORNERSTONE_TASK_BACKEND", "django_tasks_db.DatabaseBackend")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.management.color import no_style  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from faker import Faker  # noqa: E402

from cornerstone.accounts.actor import Actor  # noqa: E402
from cornerstone.accounts.roles import Role  # noqa: E402
from cornerstone.demo.generator import build_demo_world  # noqa: E402
from cornerstone.geography.loading import load_reference_geography  # noqa: E402
from cornerstone.people.models import Person  # noqa: E402
from cornerstone.referrals import services  # noqa: E402
from cornerstone.referrals.reference_data import load_reference_lists  # noqa: E402
from cornerstone.referrals.steps import steps_for  # noqa: E402
from cornerstone.referrals.synthetic import synthetic_answers  # noqa: E402

CONCERN = ("extreme_right_wing", "Shared extreme right wing material with classmates.")


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _known_people(count: int, seed: int) -> list[tuple[str, str, dt.date]]:
    """Names and birth dates of people already in the index, for re-referrals."""
    from cornerstone.people.synthetic import sample_people  # the person index's own generator

    return [(p.given_names, p.family_name, p.date_of_birth) for p in sample_people(count, seed=seed)]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--people", type=int, default=100_000, help="people in the index")
    parser.add_argument("--submissions", type=int, default=200, help="referrals to submit and time")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    database = settings.DATABASES["default"]
    if database["NAME"] in ("test", "cornerstone") or str(database["NAME"]).startswith("test_"):
        sys.exit(f"Refusing to benchmark in the {database['NAME']!r} database: use a database of its own.")
    print(f"Database: {connection.vendor} {database['NAME']}")

    call_command("migrate", verbosity=0)
    load_reference_geography()
    load_reference_lists()
    world = build_demo_world(seed=args.seed, other_staff=0)

    from cornerstone.people.synthetic import build_index

    have = Person.objects.count()
    if have and have < args.people:
        sys.exit(f"The index holds {have:,} people, fewer than {args.people:,}: use an empty database.")
    if not have:
        started = time.perf_counter()
        build_index(args.people, seed=args.seed)
        print(
            f"Built the person index: {Person.objects.count():,} people in {time.perf_counter() - started:.0f}s"
        )
    else:
        print(f"Person index already holds {have:,} people")
    with connection.cursor() as cursor:
        # build_index inserts people with their primary keys given: move the id sequence past
        # them, or the first person a submission creates would collide.
        for sql in connection.ops.sequence_reset_sql(no_style(), [Person]):
            cursor.execute(sql)
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")

    referrer = world.memberships_by_role[Role.REFERRER]
    actor = Actor.for_membership(referrer)
    fake = Faker("en_GB")
    fake.seed_instance(args.seed + Person.objects.count())
    known = _known_people(args.submissions // 2, seed=args.seed)
    drafts = []
    for index in range(args.submissions):
        if index % 2 == 0 and known:
            given, family, born = known.pop()
        else:
            given, family = fake.first_name(), fake.last_name()
            born = fake.date_of_birth(minimum_age=11, maximum_age=40)
        answers = synthetic_answers(
            fake, given=given, family=family, born=born or dt.date(2010, 1, 1), concern=CONCERN, la="WRT"
        )
        referral = services.referral_start(actor=actor)
        for step in steps_for(referral):
            services.referral_answer_save(
                actor=actor, referral_id=referral.pk, slug=step.slug, raw=answers[step.slug]
            )
        drafts.append(referral.pk)

    # Time the person index's part (person_create with its match search) on its own too.
    index_timings: list[float] = []
    real_person_create = services.person_create

    def timed_person_create(**kwargs: object) -> Person:
        started = time.perf_counter()
        try:
            return real_person_create(**kwargs)  # type: ignore[arg-type]
        finally:
            index_timings.append((time.perf_counter() - started) * 1000)

    services.person_create = timed_person_create  # type: ignore[assignment]

    timings: list[float] = []
    queries: list[int] = []
    settings.DEBUG = True  # count queries
    for referral_id in drafts:
        reset_queries()
        started = time.perf_counter()
        services.referral_submit(actor=actor, referral_id=referral_id)
        timings.append((time.perf_counter() - started) * 1000)
        queries.append(len(connection.queries))
    settings.DEBUG = False

    print(f"People in the index: {Person.objects.count():,}")
    print(f"Submissions timed: {len(timings)}")
    print(
        "Submission time (ms): "
        f"p50 {_percentile(timings, 0.50):.1f}, p95 {_percentile(timings, 0.95):.1f}, "
        f"p99 {_percentile(timings, 0.99):.1f}, max {max(timings):.1f}, mean {statistics.mean(timings):.1f}"
    )
    print(
        "  of which person_create with the match search (ms): "
        f"p50 {_percentile(index_timings, 0.50):.1f}, p95 {_percentile(index_timings, 0.95):.1f}"
    )
    print(f"Queries per submission: median {statistics.median(queries):.0f}, max {max(queries)}")


if __name__ == "__main__":
    main()
