"""This app's pages and services, for the shared role-by-page matrix and the shared
one-audit-event-per-service test in ``cornerstone/accounts/tests``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.demo.generator import DemoWorld
from cornerstone.equality import services
from cornerstone.equality.baseline import BaselineRow
from cornerstone.equality.permissions import BASELINE_LOADERS, DISPROPORTIONALITY_READERS, RECORDERS
from cornerstone.referrals.workflow import Status
from cornerstone.screening.tests.shared_matrices import referral_in

# (url name, path, roles allowed, note) for test_page_access_matrix.py
PAGES: tuple[tuple[str, Callable[[DemoWorld], str], frozenset[str], str], ...] = (
    (
        "equality:record",
        lambda w: f"/equality/referrals/{referral_in(w, Status.IN_SCREENING).pk}/",
        RECORDERS,
        "the screening unit's police Prevent staff only",
    ),
    (
        "equality:disproportionality",
        lambda w: "/equality/disproportionality/",
        DISPROPORTIONALITY_READERS,
        "",
    ),
    (
        "equality:disproportionality",
        lambda w: "/equality/disproportionality/?year=2025-26&area=region:north-west",
        DISPROPORTIONALITY_READERS,
        "a region's figures",
    ),
    ("equality:baseline", lambda w: "/equality/population-baseline/", BASELINE_LOADERS, ""),
)
# Named URLs anyone may open without signing in.
PUBLIC_PAGES: frozenset[str] = frozenset()
# Named URLs that only accept POST.
POST_ONLY: frozenset[str] = frozenset()


def _record(world: DemoWorld) -> Callable[[], Any]:
    referral = referral_in(world, Status.IN_SCREENING)
    officer = Actor.for_membership(world.memberships_by_role[Role.POLICE_PREVENT_OFFICER])
    answers = services.EqualityAnswers(ethnicity="white_british", religion="no_religion", sex="female")
    return lambda: services.equality_record_save(actor=officer, referral_id=referral.pk, answers=answers)


def _baseline(world: DemoWorld) -> Callable[[], Any]:
    analyst = Actor.for_membership(world.memberships_by_role[Role.ANALYST])
    rows = [BaselineRow("WRT", "sex", "female", 105000, "ONS Census 2021 TS008", 2021)]
    return lambda: services.population_baseline_load(actor=analyst, file_name="sex.csv", rows=rows)


# service path: scenario, for test_services_audit.py
SCENARIOS: dict[str, Callable[[DemoWorld], Callable[[], Any]]] = {
    "cornerstone.equality.services.equality_record_save": _record,
    "cornerstone.equality.services.population_baseline_load": _baseline,
}
EVENTS_PER_CALL: dict[str, int] = {}
