"""Benchmark: importing referral history with ``manage.py import_referrals``'s code. Target:
100,000 rows in under 2 minutes on PostgreSQL.

    createdb -h 127.0.0.1 -U postgres cornerstone_bench_import
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cornerstone_bench_import \\
        .venv/bin/python bench/import_referrals.py --rows 100000

The file: ``--rows`` synthetic referrals written as a CSV in the documented format, from the
person index's own deterministic generator (``cornerstone.people.synthetic.seeded_people``, so
households with twins, siblings and namesake fathers, whom the matching must tell apart) and
referral dates spread over six years, with outcomes in roughly the national proportions:
most no further action or signposted, some police-managed, about one in twelve progressed to
Channel, of which some discussed at a panel and adopted (with exit dates). Optionally the index
already holds ``--people`` others first (``build_index``).

What is timed: reading the file, validating every row, and importing them (people with their
match keys and proposals, referrals, screening decisions, Channel cases, timeline entries, audit
events), in batches of ``--batch-size`` rows per transaction, committed. Then the same file is
run again, which must import nothing (the idempotent re-run), and that is timed too. Audit
sealing is queued to the database task backend as in production (not run inline).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import sys
import tempfile
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
from django.db import connection  # noqa: E402

from cornerstone.accounts.actor import Actor  # noqa: E402
from cornerstone.accounts.roles import Role  # noqa: E402
from cornerstone.demo.generator import build_demo_world  # noqa: E402
from cornerstone.geography.loading import load_reference_geography  # noqa: E402
from cornerstone.geography.models import LocalAuthority  # noqa: E402
from cornerstone.people.models import MatchProposal, Person  # noqa: E402
from cornerstone.people.synthetic import build_index, seeded_people  # noqa: E402
from cornerstone.referrals import importing  # noqa: E402
from cornerstone.referrals.reference_data import CURRENT, EARLIER, SECTORS, load_reference_lists  # noqa: E402

FIRST_DAY = dt.date(2019, 4, 1)
DAYS = 6 * 365


def _rows(count: int, seed: int, areas: list[str]) -> list[dict[str, str]]:
    rng = random.Random(seed)
    rows = []
    for number, person in enumerate(seeded_people(count, seed=seed), start=1):
        referred = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
        born = person.date_of_birth if person.date_of_birth < referred else referred - dt.timedelta(days=5000)
        version, concerns = ("2024-05", CURRENT) if referred >= dt.date(2024, 5, 1) else ("2019-04", EARLIER)
        row = {
            "source_reference": f"B-{number:07d}",
            "referral_date": referred.isoformat(),
            "given_names": person.given,
            "family_name": person.family,
            "gender": rng.choice(["male", "male", "female", ""]),
            "postcode": person.postcode,
            "local_authority": rng.choice(areas),
            "sector": rng.choice(SECTORS)[0],
            "concern_type": rng.choice(concerns)[0],
            "taxonomy_version": version,
        }
        if rng.random() < 0.1:
            row["approximate_age"] = str(max(0, (referred - born).days // 365))
        else:
            row["date_of_birth"] = born.isoformat()
        roll = rng.random()
        ended = referred + dt.timedelta(days=rng.randint(30, 400))
        end = ended.isoformat() if ended < dt.date(2026, 1, 1) else ""
        if roll < 0.55:
            row["screening_outcome"] = "nfa"
        elif roll < 0.82:
            row["screening_outcome"] = "signposted"
            row["signposted_to"] = rng.choice(["Early help", "Children's social care", "Adult mental health"])
        elif roll < 0.92 and end:
            row.update(screening_outcome="police_managed", exit_date=end)
        elif end:
            row.update(screening_outcome="progressed", discussed_at_panel="yes", exit_date=end)
            if rng.random() < 0.5:
                row.update(adopted_as_channel_case="yes", exit_reason="risk_reduced")
        else:
            row["screening_outcome"] = "nfa"
        rows.append(row)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=0, help="people in the index before the import")
    parser.add_argument("--batch-size", type=int, default=importing.BATCH_SIZE)
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
    if args.people and not Person.objects.exists():
        started = time.perf_counter()
        build_index(args.people, seed=args.seed + 1)
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [Person]):
                cursor.execute(sql)
        print(f"Built a person index of {args.people:,} in {time.perf_counter() - started:.0f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    membership = world.memberships_by_role[Role.POLICE_PREVENT_SUPERVISOR]
    actor = Actor.for_membership(membership)
    # Areas with a police unit in the demo, so every row is routed as a real import would be.
    areas = list(LocalAuthority.objects.order_by("code").values_list("code", flat=True))
    source = f"Bench legacy system {args.rows}-{args.seed}-{Person.objects.count()}"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "history.csv"
        rows = _rows(args.rows, args.seed, areas)
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(importing.COLUMNS))
            writer.writeheader()
            writer.writerows(rows)
        people_before, proposals_before = Person.objects.count(), MatchProposal.objects.count()

        started = time.perf_counter()
        _, read = importing.read_rows(path)
        checked = importing.validate(read, organisation=membership.organisation, source_system=source)
        validated = time.perf_counter() - started
        if checked.errors:
            sys.exit("The synthetic file has errors:\n" + "\n".join(str(e) for e in checked.errors[:20]))

        def progress(done: int, total: int, seconds: float) -> None:
            if done % 10_000 < args.batch_size or done == total:
                print(
                    f"  imported {done:,} of {total:,} ({done / seconds:,.0f} rows a second)", file=sys.stderr
                )

        result = importing.import_rows(
            checked.plans, actor=actor, source_system=source, batch_size=args.batch_size, progress=progress
        )
        total = time.perf_counter() - started

        again = time.perf_counter()
        _, reread = importing.read_rows(path)
        rerun = importing.validate(reread, organisation=membership.organisation, source_system=source)
        rerun_seconds = time.perf_counter() - again

    print(f"Rows: {args.rows:,}; people in the index before: {people_before:,}")
    print(f"Read and validated: {validated:.1f} s")
    print(f"Imported: {result.imported:,} referrals in {result.seconds:.1f} s")
    print(f"Total: {total:.1f} s, {args.rows / total:,.0f} rows a second")
    print(f"Match proposals queued: {MatchProposal.objects.count() - proposals_before:,}")
    print(
        f"Re-run of the same file: {len(rerun.plans)} to import, {rerun.already_imported:,} skipped, "
        f"in {rerun_seconds:.1f} s"
    )


if __name__ == "__main__":
    main()
