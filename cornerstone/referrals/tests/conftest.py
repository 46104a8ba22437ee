from __future__ import annotations

import pytest

from cornerstone.referrals.reference_data import load_reference_lists


@pytest.fixture(autouse=True)
def _reference_lists(db: None) -> None:
    # The migration loads them, but transactional tests flush the database.
    load_reference_lists()
