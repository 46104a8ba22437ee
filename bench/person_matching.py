"""Benchmark: the person index's candidate search, for speed and for quality.

    # SQLite, 100,000 people (a file of its own under /tmp):
    .venv/bin/python bench/person_matching.py --people 100000
    # PostgreSQL, 1,000,000 people, in a database of its own:
    createdb -h 127.0.0.1 -U postgres cornerstone_bench_people
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cornerstone_bench_people \\
        .venv/bin/python bench/person_matching.py --people 1000000

The index is built by the shared synthetic generator (``cornerstone.people.synthetic``) in
households with twins, siblings and namesake fathers, and kept between runs. The queries are
referrals about indexed people with real-world errors, and about people with no record who
share a family with someone indexed. Printed: search latency p50/p95/p99; recall (the true
person among the top 5 candidates); precision of the strong band (strong candidates that are
the true person), overall and per kind of query. Targets: p95 < 50 ms on PostgreSQL at 1,000,000
people, recall >= 0.99, strong precision >= 0.995.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cornerstone.settings")
os.environ.setdefault("CORNERSTONE_DEMO_MODE", "1")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/cornerstone_bench_people.sqlite3")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from cornerstone.people.matching import find_candidates  # noqa: E402
from cornerstone.people.models import MatchBand, Person  # noqa: E402
from cornerstone.people.synthetic import TODAY, build_index, query_cases, regenerate  # noqa: E402


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    name = str(settings.DATABASES["default"]["NAME"])
    if name in ("test", "cornerstone") or name.startswith("test_"):
        sys.exit(f"Refusing to benchmark in the {name!r} database: use a database of its own.")
    print(f"Database: {connection.vendor} {name}")
    call_command("migrate", verbosity=0)

    have = Person.objects.count()
    if have == 0:
        started = time.perf_counter()
        index = build_index(args.people, seed=args.seed)
        print(f"Built the index: {len(index):,} people in {time.perf_counter() - started:.0f} s")
    elif have != args.people:
        sys.exit(f"The database already holds {have:,} people, not {args.people:,}: use another database.")
    else:
        index = regenerate(args.people, seed=args.seed)
        print(f"Index already built: {have:,} people")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    cases = query_cases(index, args.queries, seed=args.seed + 1)
    timings: list[float] = []
    found_top5 = Counter[str]()
    with_record = Counter[str]()
    strong_total = strong_right = 0
    strong_wrong_by_kind = Counter[str]()
    for case in cases:
        started = time.perf_counter()
        candidates = find_candidates(case.details, limit=5, today=TODAY)
        timings.append((time.perf_counter() - started) * 1000)
        if case.true_person_id is not None:
            with_record[case.kind] += 1
            if any(c.person.pk == case.true_person_id for c in candidates):
                found_top5[case.kind] += 1
        for candidate in candidates:
            if candidate.band == MatchBand.STRONG:
                strong_total += 1
                if candidate.person.pk == case.true_person_id:
                    strong_right += 1
                else:
                    strong_wrong_by_kind[case.kind] += 1

    print(
        f"People: {Person.objects.count():,}; queries: {len(cases):,} ({sum(with_record.values()):,} with a record)"
    )
    print(
        f"Search latency (ms): p50 {_percentile(timings, 0.5):.1f}, p95 {_percentile(timings, 0.95):.1f}, "
        f"p99 {_percentile(timings, 0.99):.1f}, mean {statistics.mean(timings):.1f}"
    )
    recall = sum(found_top5.values()) / max(1, sum(with_record.values()))
    print(f"Recall of the true person in the top 5: {recall:.4f}")
    for kind in sorted(with_record):
        print(f"    {kind:20} {found_top5[kind]:5} / {with_record[kind]:5}")
    precision = strong_right / strong_total if strong_total else 1.0
    print(f"Precision of the strong band: {precision:.4f} ({strong_right} right of {strong_total})")
    if strong_wrong_by_kind:
        print(
            "    wrong strong candidates by query kind: "
            + ", ".join(f"{k} {v}" for k, v in sorted(strong_wrong_by_kind.items()))
        )


if __name__ == "__main__":
    main()
