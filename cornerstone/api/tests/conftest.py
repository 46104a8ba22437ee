from __future__ import annotations

import pytest
from django.core.cache import caches

from cornerstone.referrals.reference_data import load_reference_lists


@pytest.fixture(autouse=True)
def _reference_lists(db: None) -> None:
    # The migration loads them, but transactional tests flush the database.
    load_reference_lists()
    # The rate limit's counts live in a cache table that transactional tests do not flush.
    caches["api-throttle"].clear()
