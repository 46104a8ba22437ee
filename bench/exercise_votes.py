"""Benchmark: a room of participants voting on one stage of a tabletop exercise, against the
real server. Target: 200 participants join and vote within 10 seconds; every vote counted
exactly once, none lost, and the facilitator's tally right within 2 seconds of the last vote,
on the default single-process server and on PostgreSQL.

    # SQLite (a file of its own), Django's runserver:
    .venv/bin/python bench/exercise_votes.py
    # PostgreSQL, runserver and then gunicorn with one worker:
    psql -h 127.0.0.1 -U postgres -c 'create database h_exercises_bench'
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_exercises_bench \\
        .venv/bin/python bench/exercise_votes.py --server runserver --server gunicorn

What happens: the script migrates the database, creates the demo organisations and a published
scenario, starts a session and opens voting on stage 1 (through the services, as a facilitator
would), then starts the server (`manage.py runserver --noreload`, or gunicorn with one sync
worker) on a free port. Each simulated participant is a thread with its own cookies, speaking
HTTP with ``http.client``: it opens the join page, joins with the code (getting its anonymous
cookie), opens its voting page and, at a random moment in the 10-second window, posts its vote
as the form would. One in five changes its mind and votes again a moment later, which must
replace the first vote. Meanwhile the facilitator's screen polls the tally endpoint every 0.25 s
as the page's script does (every second). Afterwards the tally and the database are compared
with what each participant last chose.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cornerstone.settings")
os.environ.setdefault("CORNERSTONE_DEMO_MODE", "1")
os.environ.setdefault(
    "DATABASE_URL", f"sqlite:///{Path(tempfile.gettempdir()) / 'cornerstone-bench-exercises.sqlite3'}"
)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402

from cornerstone.accounts.actor import Actor  # noqa: E402
from cornerstone.accounts.roles import Role  # noqa: E402
from cornerstone.accounts.tests.helpers import sign_in  # noqa: E402
from cornerstone.demo.generator import build_demo_world  # noqa: E402
from cornerstone.exercises import services  # noqa: E402
from cornerstone.exercises.models import ExerciseSession, Vote  # noqa: E402
from cornerstone.geography.loading import load_reference_geography  # noqa: E402
from cornerstone.geography.models import LocalAuthority  # noqa: E402

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))] if ordered else float("nan")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Browser:
    """One participant's phone: its own cookie jar, one HTTP connection per request."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: SimpleCookie = SimpleCookie()

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> tuple[int, str, str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Cookie": "; ".join(f"{k}={m.value}" for k, m in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            for header in response.headers.get_all("Set-Cookie") or []:
                self.cookies.load(header)
            return response.status, response.headers.get("Location", ""), text
        finally:
            connection.close()

    def csrf(self, html: str) -> str:
        found = CSRF_FIELD.search(html)
        return found.group(1) if found else ""


@dataclass
class Result:
    joined: bool = False
    votes_sent: int = 0
    votes_accepted: int = 0
    latencies: list[float] = field(default_factory=list)
    final_option: int | None = None
    finished_at: float = 0.0
    vote_times: list[float] = field(default_factory=list)
    join_latencies: list[float] = field(default_factory=list)
    error: str = ""


def _participant(
    port: int,
    code: str,
    options: list[int],
    joining: tuple[float, float],
    start: float,
    window: float,
    rng: random.Random,
    result: Result,
) -> None:
    browser = Browser(port)
    try:
        # People arrive and join during the before questions, not all in the same millisecond.
        time.sleep(max(0.0, joining[0] + rng.uniform(0, joining[1]) - time.perf_counter()))
        sent = time.perf_counter()
        status, _, html = browser.request("GET", "/exercises/join/")
        status, location, _ = browser.request(
            "POST", "/exercises/join/", {"csrfmiddlewaretoken": browser.csrf(html), "code": code}
        )
        result.join_latencies.append((time.perf_counter() - sent) * 1000)
        if status != 302 or not location.endswith("/exercises/join/session/"):
            result.error = f"join: {status}"
            return
        result.joined = True
        status, _, html = browser.request("GET", "/exercises/join/session/")
        token = browser.csrf(html)
        choices = [rng.choice(options)]
        if rng.random() < 0.2:
            choices.append(rng.choice(options))  # changes their mind
        # Vote at a random moment in the window, leaving time for the second thoughts.
        time.sleep(max(0.0, start + rng.uniform(0.5, window - 1.5) - time.perf_counter()))
        for index, option in enumerate(choices):
            if index:
                time.sleep(rng.uniform(0.1, 0.5))
            form = {"csrfmiddlewaretoken": token, "step": "vote-1", "option": str(option), "reason": ""}
            sent = time.perf_counter()
            result.vote_times.append(sent)
            status, location, _ = browser.request("POST", "/exercises/join/session/", form)
            result.latencies.append((time.perf_counter() - sent) * 1000)
            result.votes_sent += 1
            if status == 302 and "saved=1" in location:
                result.votes_accepted += 1
                result.final_option = option
            else:
                result.error = f"vote: {status}"
        result.finished_at = time.perf_counter()
    except Exception as error:  # counted as lost below
        result.error = repr(error)


def _poll_tally(
    port: int, cookie: str, path: str, stop: threading.Event, seen: list[tuple[float, dict[int, int]]]
) -> None:
    import json

    browser = Browser(port)
    browser.cookies[settings.SESSION_COOKIE_NAME] = cookie
    while not stop.is_set():
        status, _, body = browser.request("GET", path)
        if status == 200:
            data = json.loads(body)
            seen.append((time.perf_counter(), {o["id"]: o["votes"] for o in data["options"]}))
        time.sleep(0.25)


def _start_server(kind: str, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    if kind == "runserver":
        command = [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"]
    else:
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "cornerstone.wsgi",
            "--workers",
            "1",
            "--bind",
            f"127.0.0.1:{port}",
        ]
    server = subprocess.Popen(  # noqa: S603 - our own interpreter with fixed arguments
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            if Browser(port).request("GET", "/exercises/join/")[0] == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    sys.exit(f"The {kind} server did not start")


def _prepare(participants: int) -> tuple[ExerciseSession, list[int], str]:
    call_command("migrate", verbosity=0)
    load_reference_geography()
    world = build_demo_world(other_staff=0)
    membership = world.memberships_by_role[Role.COMMUNITY_ENGAGEMENT_OFFICER]
    actor = Actor.for_membership(membership)
    version = services.scenario_create(actor=actor, title="Benchmark scenario")
    services.stage_save(
        actor=actor,
        version=version,
        details=services.StageDetails(
            title="A decision",
            narrative="Something happens.",
            question="What should happen?",
            options=("First option", "Second option", "Third option", "Fourth option"),
            facilitator_notes="What the law says.",
        ),
    )
    version = services.scenario_version_publish(actor=actor, version=version, ideology_neutral_confirmed=True)
    session = services.session_start(
        actor=actor,
        version=version,
        local_authority=LocalAuthority.objects.get(code="WRT"),
        venue="Bench hall",
    )
    session = services.session_advance(actor=actor, session=session)
    session = services.session_advance(actor=actor, session=session)  # stage 1 voting
    options = list(version.stages.get(number=1).options.values_list("pk", flat=True))
    facilitator = sign_in(Client(), membership.user, membership)
    return session, options, facilitator.cookies[settings.SESSION_COOKIE_NAME].value


def run(kind: str, participants: int, window: float, join_window: float, seed: int) -> bool:
    session, options, cookie = _prepare(participants)
    port = _free_port()
    server = _start_server(kind, port)
    try:
        rng = random.Random(seed)
        results = [Result() for _ in range(participants)]
        joining = (time.perf_counter() + 0.5, join_window)
        start = joining[0] + join_window + 1.0  # the voting window opens once everyone is in
        threads = [
            threading.Thread(
                target=_participant,
                args=(
                    port,
                    session.code,
                    options,
                    joining,
                    start,
                    window,
                    random.Random(rng.random()),
                    results[n],
                ),
            )
            for n in range(participants)
        ]
        stop, seen = threading.Event(), []
        poller = threading.Thread(
            target=_poll_tally,
            args=(port, cookie, f"/exercises/sessions/{session.pk}/tally.json", stop, seen),
        )
        poller.start()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        last_vote = max((r.finished_at for r in results if r.finished_at), default=time.perf_counter())
        time.sleep(2.5)
        stop.set()
        poller.join()
    finally:
        server.terminate()
        server.wait(timeout=10)

    expected = Counter(r.final_option for r in results if r.final_option is not None)
    counted = dict(
        Vote.objects.filter(session=session)
        .values_list("option")
        .annotate(n=Count("pk"))
        .values_list("option", "n")
    )
    duplicates = (
        Vote.objects.filter(session=session)
        .values("participant", "stage")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    right_at = next(
        (t for t, tally in seen if t >= last_vote - 5 and tally == {o: expected.get(o, 0) for o in options}),
        None,
    )
    # The first poll, after the last vote was answered, that showed the right numbers.
    right_after = next(
        (
            t - last_vote
            for t, tally in seen
            if t >= last_vote and tally == {o: expected.get(o, 0) for o in options}
        ),
        None,
    )
    latencies = [x for r in results for x in r.latencies]
    sent = sum(r.votes_sent for r in results)
    accepted_people = sum(1 for r in results if r.final_option is not None)
    lost = sum(expected.values()) - sum(counted.values())
    errors = Counter(r.error.split(":")[0] for r in results if r.error)
    print(f"\n== {kind} on {connection.vendor} ({settings.DATABASES['default']['NAME']}) ==")
    print(f"Participants: {participants}, joined {sum(r.joined for r in results)}")
    print(
        f"Votes sent: {sent} (including {sent - participants} changed votes), accepted: {sum(r.votes_accepted for r in results)}"
    )
    first_vote = min((t for r in results for t in r.vote_times), default=last_vote)
    print(
        f"Joins spread over {join_window:.0f}s; join latency p95 {_percentile([x for r in results for x in r.join_latencies], 0.95):.0f} ms"
    )
    print(
        f"Votes from the first sent to the last answered: {last_vote - first_vote:.1f}s (window {window:.0f}s)"
    )
    print(
        f"Votes counted in the database: {sum(counted.values())} (expected {accepted_people}, one per participant)"
    )
    print(f"Lost: {lost}, duplicates: {duplicates}, per option right: {counted == dict(expected)}")
    print(
        f"Vote latency (ms): p50 {_percentile(latencies, 0.5):.0f}, p95 {_percentile(latencies, 0.95):.0f}, "
        f"max {max(latencies, default=0):.0f}, mean {statistics.mean(latencies) if latencies else 0:.0f}"
    )
    if right_after is None and right_at is not None:
        right_after = 0.0
    print(
        "Facilitator's tally right: "
        + (f"{max(right_after, 0.0):.2f}s after the last vote" if right_after is not None else "NEVER")
        + f" (polled {len(seen)} times)"
    )
    if errors:
        print(f"Errors: {dict(errors)}")
    ok = (
        lost == 0
        and duplicates == 0
        and counted == dict(expected)
        and accepted_people == participants
        and right_after is not None
        and right_after <= 2.0
        and last_vote - first_vote <= window
    )
    print("PASS" if ok else "FAIL")
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--participants", type=int, default=200)
    parser.add_argument("--window", type=float, default=10.0, help="seconds in which everyone votes")
    parser.add_argument(
        "--join-window", type=float, default=20.0, help="seconds over which people join first"
    )
    parser.add_argument(
        "--server",
        action="append",
        choices=["runserver", "gunicorn"],
        help="repeat to run on both (default runserver)",
    )
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    database = settings.DATABASES["default"]
    if str(database["NAME"]).endswith("db.sqlite3") or database["NAME"] in ("cornerstone", "test"):
        sys.exit(f"Refusing to benchmark in the {database['NAME']!r} database: use a database of its own.")
    results = [
        run(kind, args.participants, args.window, args.join_window, args.seed)
        for kind in args.server or ["runserver"]
    ]
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
