from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from cornerstone.accounts.actor import Actor
from cornerstone.people.models import Person
from cornerstone.people.services import person_create
from cornerstone.people.types import PersonDetails

MakePerson = Callable[..., Person]


@pytest.fixture
def make_person(db: None) -> MakePerson:
    """Add someone to the index as a referral would, with the system as the actor."""

    def make(**fields: Any) -> Person:
        return person_create(actor=Actor.system("tests"), details=PersonDetails(**fields), source="tests")

    return make
