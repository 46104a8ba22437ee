"""Rate limiting per client, with Retry-After, counted in the shared database cache."""

from __future__ import annotations

import pytest
from django.test import override_settings

from cornerstone.api.models import ApiCall
from cornerstone.api.tests.helpers import http, issue

pytestmark = pytest.mark.django_db


@override_settings(CORNERSTONE_API_RATE="3/min")
def test_a_client_over_its_rate_is_told_when_to_come_back(world) -> None:
    busy, other = http(issue(world)), http(issue(world))
    assert [busy.get("/api/v1/directory/services/").status_code for _ in range(3)] == [200] * 3
    refused = busy.get("/api/v1/directory/services/")
    assert refused.status_code == 429
    error = refused.json()["error"]
    assert error["code"] == "rate_limited" and error["fields"] == []
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert f"{refused['Retry-After']} seconds" in error["message"]
    # Counted per client: another client of the same organisation is not held back.
    assert other.get("/api/v1/directory/services/").status_code == 200
    assert ApiCall.objects.filter(status_code=429, error_code="rate_limited").count() == 1
