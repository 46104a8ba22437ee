"""Benchmark: sustained referral submission through the partner API, served by one real app
process, with a large person index. Reports requests per second per app process and latency.

    createdb -h 127.0.0.1 -U postgres cornerstone_bench_api
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cornerstone_bench_api \\
        .venv/bin/python bench/api_submission.py --people 100000 --requests 500

What is measured: ``POST /api/v1/referrals/`` over HTTP against one gunicorn process with one
sync worker (so the figure is per app process), driven by ``--concurrency`` client threads for
``--requests`` requests after a short warm-up. Each request carries a fresh Idempotency-Key and a
whole referral (authentication, rate limit, validation through the forms, routing, numbering,
``person_create`` with its match search, idempotency record, API call log, audit). Half the
referrals are about someone already in the index (same name and date of birth, so the match
search finds candidates), half about someone new. Every response must be 201.

Client latency is from sending the request to reading the whole response; with more client
threads than the one worker, it includes the time a request waits for the worker. The worker's
own time per request (gunicorn's access log) is reported beside it.

The index is built once and kept between runs, as ``bench/referral_submission.py`` does: run
again with the same ``--people`` and only the requests are repeated. A larger index needs a
database of its own. Audit sealing is queued to the database task backend as in production.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import os
import random
import shlex
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cornerstone.settings")
os.environ.setdefault("CORNERSTONE_DEMO_MODE", "1")
os.environ.setdefault("CORNERSTONE_TASK_BACKEND", "django_tasks_db.DatabaseBackend")
os.environ.setdefault("CORNERSTONE_API_RATE", "1000000/min")

import django

django.setup()

import requests  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.management.color import no_style  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402
from faker import Faker  # noqa: E402

# Who is re-referred, and the percentiles, as in the form benchmark.
from referral_submission import _known_people, _percentile  # noqa: E402

from cornerstone.accounts.actor import Actor  # noqa: E402
from cornerstone.accounts.roles import Role  # noqa: E402
from cornerstone.api.models import Scope  # noqa: E402
from cornerstone.api.services import api_client_create  # noqa: E402
from cornerstone.api.tests.helpers import referral_body  # noqa: E402  (the API's complete body)
from cornerstone.demo.generator import build_demo_world  # noqa: E402
from cornerstone.geography.loading import load_reference_geography  # noqa: E402
from cornerstone.people.models import Person  # noqa: E402
from cornerstone.people.synthetic import build_index  # noqa: E402
from cornerstone.referrals.reference_data import load_reference_lists  # noqa: E402

PATH = "/api/v1/referrals/"
ROOT = Path(__file__).resolve().parent.parent


def _prepare(people: int, seed: int) -> Any:
    """Migrate, load reference data and the demo world, and build (or keep) the person index."""
    call_command("migrate", verbosity=0)
    load_reference_geography()
    load_reference_lists()
    world = build_demo_world(seed=seed, other_staff=0)
    have = Person.objects.count()
    if have and have < people:
        sys.exit(f"The index holds {have:,} people, fewer than {people:,}: use an empty database.")
    if not have:
        started = time.perf_counter()
        build_index(people, seed=seed)
        print(
            f"Built the person index: {Person.objects.count():,} people in {time.perf_counter() - started:.0f}s"
        )
    else:
        print(f"Person index already holds {have:,} people")
    with connection.cursor() as cursor:
        # build_index gives primary keys: move the id sequence past them.
        for sql in connection.ops.sequence_reset_sql(no_style(), [Person]):
            cursor.execute(sql)
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
    return world


def _bodies(count: int, seed: int) -> list[dict[str, Any]]:
    """Whole referrals, half about people already in the index, half about new people."""
    fake = Faker("en_GB")
    fake.seed_instance(seed + Person.objects.count())
    known = _known_people(count // 2, seed=seed)
    bodies = []
    for index in range(count):
        if index % 2 == 0 and known:
            given, family, born = known.pop()
            born = born or dt.date(2010, 1, 1)
        else:
            given, family = fake.first_name(), fake.last_name()
            born = fake.date_of_birth(minimum_age=11, maximum_age=40)
        body = referral_body(given=given, family=family, born=born.isoformat())
        answers = body["answers"]
        answers["gender"] = {"gender": fake.random_element(["female", "male"])}
        answers["address"]["address_lines"] = f"{fake.building_number()} {fake.street_name()}\nWarrington"
        answers["family-contacts"] = {
            "family_contacts": f"Parent: {fake.name()}, 01632 960 {fake.random_int(100, 999)}"
        }
        bodies.append(body)
    return bodies


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_app(port: int, log_dir: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cornerstone.settings",
        "CORNERSTONE_DEMO_MODE": "1",
        "CORNERSTONE_TASK_BACKEND": os.environ["CORNERSTONE_TASK_BACKEND"],
        "CORNERSTONE_API_RATE": os.environ["CORNERSTONE_API_RATE"],
    }
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "cornerstone.wsgi:application",
        "--workers",
        "1",
        "--worker-class",
        "sync",
        "--bind",
        f"127.0.0.1:{port}",
        "--timeout",
        "120",
        "--access-logfile",
        str(log_dir / "access.log"),
        "--access-logformat",
        "%(s)s %(L)s %(U)s",
        "--error-logfile",
        str(log_dir / "error.log"),
    ]
    with (log_dir / "app.log").open("wb") as output:  # the app's own logging (stderr)
        app = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=output)  # noqa: S603
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if app.poll() is not None:
            logs = (log_dir / "error.log").read_text() + (log_dir / "app.log").read_text()
            sys.exit(f"gunicorn exited with {app.returncode}:\n{logs}")
        try:
            probe = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            probe.request("GET", PATH)
            probe.getresponse().read()
            probe.close()
            return app
        except OSError:
            time.sleep(0.2)
    app.terminate()
    sys.exit("gunicorn did not answer within 60 s")


def _stop_app(app: subprocess.Popen[bytes]) -> None:
    app.terminate()
    try:
        app.wait(timeout=30)
    except subprocess.TimeoutExpired:
        app.kill()
        app.wait()


def _command() -> str:
    url = urlsplit(os.environ.get("DATABASE_URL", ""))
    if url.password:
        url = url._replace(netloc=url.netloc.replace(f":{url.password}@", ":***@"))
    argv = [os.path.relpath(sys.executable, ROOT), os.path.relpath(sys.argv[0], ROOT), *sys.argv[1:]]
    return f"DATABASE_URL={urlunsplit(url)} " + " ".join(shlex.quote(a) for a in argv)


def _drive(
    base: str, token: str, bodies: list[dict[str, Any]], concurrency: int
) -> tuple[list[float], list[tuple[int, str]], float]:
    """Send every body once from ``concurrency`` threads. Returns latencies (ms), failures and
    the wall time (s)."""
    latencies: list[float] = []
    failures: list[tuple[int, str]] = []
    lock = threading.Lock()
    work = iter(bodies)
    start = threading.Barrier(concurrency + 1)

    def client() -> None:
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {token}"
        start.wait()
        while True:
            with lock:
                body = next(work, None)
            if body is None:
                return
            began = time.perf_counter()
            try:
                response = session.post(
                    base + PATH, json=body, headers={"Idempotency-Key": str(uuid.uuid4())}, timeout=120
                )
                status, text = response.status_code, response.text
            except requests.RequestException as error:
                status, text = 0, repr(error)
            took = (time.perf_counter() - began) * 1000
            with lock:
                latencies.append(took)
                if status != 201:
                    failures.append((status, text[:300]))

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    return latencies, failures, time.perf_counter() - began


def _summary(values: list[float]) -> str:
    return (
        f"p50 {_percentile(values, 0.50):.1f}, p95 {_percentile(values, 0.95):.1f}, "
        f"p99 {_percentile(values, 0.99):.1f}, max {max(values):.1f}, mean {statistics.mean(values):.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--people", type=int, default=100_000, help="people in the index")
    parser.add_argument("--requests", type=int, default=1000, help="referrals to submit and time")
    parser.add_argument("--concurrency", type=int, default=4, help="client threads")
    parser.add_argument("--warmup", type=int, default=20, help="untimed requests first")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    database = settings.DATABASES["default"]
    if database["NAME"] in ("test", "cornerstone") or str(database["NAME"]).startswith("test_"):
        sys.exit(f"Refusing to benchmark in the {database['NAME']!r} database: use a database of its own.")
    if connection.vendor != "postgresql" or not os.environ.get("DATABASE_URL"):
        sys.exit("Give a PostgreSQL database in DATABASE_URL: the app process must share it.")
    print(f"Database: {connection.vendor} {database['NAME']}")

    world = _prepare(args.people, args.seed)
    administrator = Actor.for_membership(world.memberships_by_role[Role.ORGANISATION_ADMINISTRATOR])
    issued = api_client_create(
        actor=administrator,
        organisation=administrator.organisation,
        name=f"Benchmark {timezone.now():%Y-%m-%d %H:%M:%S}",
        scopes=[Scope.SUBMIT_REFERRALS],
        expires_on=timezone.localdate() + dt.timedelta(days=1),
    )
    bodies = _bodies(args.warmup + args.requests, seed=args.seed + random.SystemRandom().randrange(10**6))
    people = Person.objects.count()
    connection.close()  # hold no connection while the app works

    port = _free_port()
    with tempfile.TemporaryDirectory(prefix="bench-api-") as log_dir:
        app = _start_app(port, Path(log_dir))
        try:
            base = f"http://127.0.0.1:{port}"
            _, warm_failures, _ = _drive(base, issued.token, bodies[: args.warmup], 1)
            load_before = os.getloadavg()
            latencies, failures, wall = _drive(base, issued.token, bodies[args.warmup :], args.concurrency)
            load_after = os.getloadavg()
        finally:
            _stop_app(app)
        log = (Path(log_dir) / "access.log").read_text().split("\n")
        errors = [
            *(Path(log_dir) / "error.log").read_text().splitlines(),
            *(Path(log_dir) / "app.log").read_text().splitlines(),
        ]
    posts = [line.split() for line in log if line.endswith(PATH)]
    worker_ms = [float(fields[1]) * 1000 for fields in posts[-len(latencies) :]]

    print(f"People in the index: {people:,}")
    print(f"App: one gunicorn process, one sync worker; rate limit {os.environ['CORNERSTONE_API_RATE']}")
    print(f"Requests timed: {len(latencies)} (after {args.warmup} untimed), concurrency {args.concurrency}")
    print(f"Failures (not 201): {len(failures)} timed, {len(warm_failures)} in the warm-up")
    for status, text in (warm_failures + failures)[:5]:
        print(f"  {status}: {text}")
    print(f"Wall time: {wall:.1f}s")
    print(f"Requests per second (one app process): {len(latencies) / wall:.1f}")
    print(f"Client latency (ms): {_summary(latencies)}")
    if worker_ms:
        print(f"Worker time per request (ms, gunicorn): {_summary(worker_ms)}")
    print(
        f"Load average (1, 5, 15 min): before {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}, "
        f"after {load_after[0]:.2f} {load_after[1]:.2f} {load_after[2]:.2f} ({os.cpu_count()} CPUs)"
    )
    print(f"Command: {_command()}")
    if failures or warm_failures:
        print("The app's error logs, last lines:", *errors[-40:], sep="\n  ")
        sys.exit(1)


if __name__ == "__main__":
    main()
