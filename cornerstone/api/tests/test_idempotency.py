"""The same request sent concurrently and repeatedly makes exactly one referral: real HTTP
handling (DRF views) in threads, each on its own database connection, on both databases."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection

from cornerstone.api.models import ApiCall, IdempotencyRecord
from cornerstone.api.tests.helpers import http, issue, referral_body, submit
from cornerstone.audit.models import AuditEvent
from cornerstone.people.models import Person
from cornerstone.referrals.models import Referral
from tests.concurrency import race

pytestmark = pytest.mark.django_db(transaction=True)


def _post(token: str, body: dict, key: str) -> tuple[int, str]:
    try:
        response = submit(http(token=token), body, key=key)
        return response.status_code, response.json().get("reference", "")
    finally:
        connection.close()


def test_the_same_request_sent_at_once_and_again_makes_one_referral(world) -> None:
    issued = issue(world)
    key, body = str(uuid.uuid4()), referral_body()
    results = race([lambda: _post(issued.token, body, key) for _ in range(6)])
    results += [_post(issued.token, body, key) for _ in range(3)]
    codes = sorted(code for code, _ in results)
    assert codes == [200] * 8 + [201], results
    assert len({reference for _, reference in results}) == 1
    assert Referral.objects.count() == 1
    assert Person.objects.count() == 1
    assert IdempotencyRecord.objects.count() == 1
    assert AuditEvent.objects.filter(action="referral.submitted").count() == 1
    assert ApiCall.objects.filter(status_code__in=[200, 201]).count() == 9


def test_different_keys_at_once_make_one_referral_each(world) -> None:
    issued = issue(world)
    results = race([lambda: _post(issued.token, referral_body(), str(uuid.uuid4())) for _ in range(4)])
    assert sorted(code for code, _ in results) == [201] * 4, results
    assert len({reference for _, reference in results}) == 4
    assert Referral.objects.count() == 4
