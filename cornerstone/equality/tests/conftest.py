from __future__ import annotations

import pytest

from cornerstone.assessments.reference_data import load_default_framework
from cornerstone.referrals.reference_data import load_reference_lists


@pytest.fixture(autouse=True)
def _reference_lists(db: None) -> None:
    # The migrations load them, but transactional tests flush the database.
    load_reference_lists()
    load_default_framework()
