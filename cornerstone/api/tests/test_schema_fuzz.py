"""schemathesis against the published schema, in-process through the WSGI app: no request it
generates may get a server error, and every response must match the schema. Bounded in time by
the number of examples per operation."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from cornerstone.api.tests.helpers import issue
from cornerstone.statistics.tests.fixtures import make_referrals

pytestmark = pytest.mark.django_db
EXAMPLES_PER_OPERATION = 30
# What the issue asks: no server error, and every response as the schema says. (Not whether a
# schema-valid request is accepted: a referral's answers are judged against data, such as which
# local authority codes exist, that no static schema can hold.)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture
def keep_test_connection() -> Iterator[None]:
    # As Django's test client does: the WSGI handler would otherwise close the test's database
    # connection at the end of each request.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@override_settings(CORNERSTONE_API_RATE="1000000/min")
def test_the_api_keeps_to_its_schema(world, keep_test_connection) -> None:  # type: ignore[no-untyped-def]
    make_referrals(world)
    headers = {"Authorization": f"Bearer {issue(world).token}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 6

    for operation in operations:

        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def keeps_to_schema(case) -> None:  # type: ignore[no-untyped-def]
            case.call_and_validate(headers=headers, checks=CHECKS)

        keeps_to_schema()
