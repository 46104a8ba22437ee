"""Who sees the person index: every role against every kind of index record, through the
selectors the pages use. Only police Prevent staff in a police force or counter-terrorism
policing unit see anything; referrers never do."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.models import Membership, Organisation
from cornerstone.accounts.roles import OrganisationType, Role
from cornerstone.accounts.tests.helpers import sign_in
from cornerstone.demo.generator import DemoWorld
from cornerstone.people.models import MatchProposal
from cornerstone.people.permissions import INDEX_ORGANISATION_TYPES
from cornerstone.people.selectors import people_visible_to, proposals_to_review_for
from cornerstone.people.services import person_merge
from cornerstone.people.tests.conftest import MakePerson

pytestmark = pytest.mark.django_db
DOB = dt.date(2007, 2, 21)
POLICE_PREVENT = {Role.POLICE_PREVENT_OFFICER, Role.POLICE_PREVENT_SUPERVISOR}


@pytest.fixture
def records(world: DemoWorld, make_person: MakePerson) -> dict[str, str]:
    """One of each kind of record: a person, a person with an open proposal, a merged person."""
    known = make_person(given_names="Samuel", family_name="Adeyemi", date_of_birth=DOB, postcode="M1 1AE")
    new = make_person(given_names="Sam", family_name="Adeyemi", date_of_birth=DOB, postcode="M1 1AE")
    proposal = MatchProposal.objects.get(person=new, candidate=known)
    other = make_person(given_names="Grace", family_name="Lowe", date_of_birth=DOB)
    again = make_person(given_names="Grace", family_name="Lowe", date_of_birth=DOB)
    officer = Actor.for_membership(world.memberships_by_role[Role.POLICE_PREVENT_OFFICER])
    merge = person_merge(actor=officer, source=again, target=other, reason="Same person")
    return {
        "person": f"/people/{known.reference}/",
        "merged person": f"/people/{again.reference}/",
        "search": "/people/?family_name=Adeyemi&identifier_kind=",
        "reviews": "/people/possible-matches/",
        "review": f"/people/possible-matches/{proposal.pk}/",
        "undo merge": f"/people/merges/{merge.pk}/undo/",
    }


@pytest.mark.parametrize("role", Role.values)
def test_role_by_record_matrix(world: DemoWorld, records: dict[str, str], role: str) -> None:
    membership = world.memberships_by_role[role]
    actor = Actor.for_membership(membership)
    sees = role in POLICE_PREVENT
    assert people_visible_to(actor).exists() is sees
    assert proposals_to_review_for(actor).exists() is sees
    client = sign_in(Client(), membership.user, membership)
    for kind, url in records.items():
        if kind == "undo merge":
            # Only a refusal is tried here: the officer's undo is tested with its reason elsewhere.
            if not sees:
                assert client.post(url, {"reason": "x"}).status_code == 403, (role, kind)
            continue
        status = client.get(url).status_code
        assert status == (200 if sees else 403), (role, kind, status)


@pytest.mark.parametrize(
    "organisation_type", [t for t in OrganisationType.values if t not in INDEX_ORGANISATION_TYPES]
)
def test_police_prevent_roles_outside_policing_see_nothing(
    world: DemoWorld, records: dict[str, str], organisation_type: str
) -> None:
    # The role alone is not enough: it must be held in a policing organisation (an unsaved
    # copy of the officer's membership, placed in another kind of organisation).
    membership = Membership.objects.get(pk=world.memberships_by_role[Role.POLICE_PREVENT_OFFICER].pk)
    membership.organisation = Organisation(name="Elsewhere", type=organisation_type)
    actor = Actor.for_membership(membership)
    assert not people_visible_to(actor).exists()
    assert not proposals_to_review_for(actor).exists()


def test_the_system_actor_sees_nothing(records: dict[str, str]) -> None:
    assert not people_visible_to(Actor.system("tests")).exists()
