"""Fixtures shared by every app's tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from cornerstone.demo.generator import DemoWorld, build_demo_world
from cornerstone.geography.loading import load_reference_geography


@pytest.fixture(autouse=True, scope="session")
def _private_media(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Uploaded files go to a directory of the test run's own, never the checkout's media folder."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
    return settings.MEDIA_ROOT


@pytest.fixture
def world(db: None) -> DemoWorld:
    """The demo organisations and one user per role (from the shared synthetic generator)."""
    # A migration loads the geography, but transactional and live-server tests flush it.
    load_reference_geography()
    return build_demo_world(other_staff=1)
