"""Query budgets: the queue and the referral lists do not grow with the number of rows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cornerstone.accounts.roles import Role
from cornerstone.accounts.tests.helpers import sign_in
from cornerstone.referrals.models import Referral
from cornerstone.referrals.tests.helpers import submitted

pytestmark = pytest.mark.django_db


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(
    ("role", "url_name"),
    [
        (Role.POLICE_PREVENT_OFFICER, "referrals:queue"),
        (Role.REFERRER, "referrals:mine"),
        (Role.SAFEGUARDING_LEAD, "referrals:organisation"),
        (Role.REFERRER, "referrals:drafts"),
    ],
)
def test_query_count_does_not_grow_with_rows(world, client: Client, role: str, url_name: str) -> None:  # type: ignore[no-untyped-def]
    referrer = world.memberships_by_role[Role.REFERRER]
    membership = world.memberships_by_role[role]
    sign_in(client, membership.user, membership)
    submitted(referrer)
    if url_name == "referrals:drafts":
        from cornerstone.referrals.tests.helpers import draft

        draft(referrer, complete=False)
    few = _queries(client, reverse(url_name))
    for _ in range(4):
        submitted(referrer)
    if url_name == "referrals:drafts":
        from cornerstone.referrals.tests.helpers import draft

        for _ in range(4):
            draft(referrer, complete=False)
    assert Referral.objects.count() >= 5
    many = _queries(client, reverse(url_name))
    assert many == few
