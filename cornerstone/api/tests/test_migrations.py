"""The rate limit's cache table is made by migrate itself (tests would not notice otherwise:
Django makes every cache table when it creates a test database)."""

from __future__ import annotations

import importlib

import pytest
from django.conf import settings
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)

migration = importlib.import_module("cornerstone.api.migrations.0002_throttle_cache_table")


def test_migrate_makes_the_throttle_cache_table_under_its_configured_name() -> None:
    table = settings.CACHES[settings.CORNERSTONE_API_THROTTLE_CACHE]["LOCATION"]
    with connection.schema_editor() as editor:
        migration.drop_cache_table(None, editor)
    assert table not in connection.introspection.table_names()
    with connection.schema_editor() as editor:
        migration.create_cache_table(None, editor)
    assert table in connection.introspection.table_names()
