"""The oversight page makes the same number of SQL queries however many referrals its area has
(the measures fetch their rows once and count in Python)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench.casework_history import build
from cornerstone.accounts.roles import Role
from cornerstone.accounts.tests.helpers import sign_in
from cornerstone.demo.generator import DemoWorld
from cornerstone.referrals.reference_data import load_reference_lists
from cornerstone.statistics.national_return import FinancialYear

pytestmark = pytest.mark.django_db


def _queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    assert 'id="table-journey-funnel"' in response.content.decode()
    return len(captured)


@pytest.mark.parametrize("role", [Role.FORCE_PREVENT_LEAD, Role.CHANNEL_COORDINATOR])
def test_oversight_queries_do_not_grow_with_referrals(world: DemoWorld, role: str) -> None:
    load_reference_lists()
    client = sign_in(Client(), world.users_by_role[role], world.memberships_by_role[role])
    # The history generator spreads referrals over recent years, up to now: this year's page.
    year = FinancialYear.containing(timezone.localdate())
    path = f"/statistics/oversight/?year={year.label}&area=all"
    build(world, referrals=300, channel_cases=100, seed=1, home_share=0.3)
    client.get(path)  # the first request of a session does one-off work (session, device)
    small = _queries(client, path)
    build(world, referrals=900, channel_cases=300, seed=2, home_share=0.3)
    assert _queries(client, path) == small
