"""Decisions, merge and unmerge: audited, reversible, and never automatic."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.audit.models import AuditEvent
from cornerstone.demo.generator import DemoWorld
from cornerstone.people.matching import find_candidates
from cornerstone.people.models import Decision, MatchKey, MatchProposal, Person, PersonName, ProposalStatus
from cornerstone.people.services import match_decide, person_merge, person_unmerge
from cornerstone.people.tests.conftest import MakePerson
from cornerstone.people.types import PersonDetails

pytestmark = pytest.mark.django_db
DOB = dt.date(2008, 11, 2)


def _officer(world: DemoWorld) -> Actor:
    return Actor.for_membership(world.memberships_by_role[Role.POLICE_PREVENT_OFFICER])


def _pair(make_person: MakePerson) -> tuple[Person, Person, MatchProposal]:
    known = make_person(given_names="Robert", family_name="Nash", date_of_birth=DOB, postcode="WA1 1AA")
    new = make_person(given_names="Bob", family_name="Nash", date_of_birth=DOB, postcode="WA1 1AA")
    return known, new, MatchProposal.objects.get(person=new, candidate=known)


def test_a_new_record_is_proposed_never_merged(make_person: MakePerson) -> None:
    known, new, proposal = _pair(make_person)
    assert proposal.status == ProposalStatus.OPEN and proposal.band == "strong"
    assert new.merged_into is None and Person.objects.count() == 2
    assert any(e["field"] == "given_name" for e in proposal.explanations)
    event = AuditEvent.objects.get(action="person.create", object_id=str(new.pk))
    assert event.changes["possible_matches"] == [str(known)]
    assert "Nash" not in event.object_repr and "Bob" not in str(event.changes)


def test_same_person_merges_and_unmerge_puts_everything_back(
    world: DemoWorld, make_person: MakePerson
) -> None:
    known, new, proposal = _pair(make_person)
    before = {
        "names": set(PersonName.objects.filter(person=new).values_list("pk", flat=True)),
        "keys": set(MatchKey.objects.filter(person=new).values_list("pk", flat=True)),
    }
    match_decide(
        actor=_officer(world),
        proposal=proposal,
        decision=Decision.SAME,
        reason="Same UPN on the school record",
    )
    new.refresh_from_db()
    assert new.merged_into == known
    assert set(PersonName.objects.filter(person=known).values_list("pk", flat=True)) >= before["names"]
    # One decision, one audit event, which says what the merge moved.
    event = AuditEvent.objects.get(action__in=["person.match_same", "person.merge"])
    assert event.action == "person.match_same"
    assert event.changes["merged_into"] == str(known) and event.changes["records_moved"] > 0
    merge = known.merges_as_target.get()
    person_unmerge(actor=_officer(world), merge=merge, reason="A sibling, not the same person")
    new.refresh_from_db()
    assert new.merged_into is None
    assert set(PersonName.objects.filter(person=new).values_list("pk", flat=True)) == before["names"]
    assert set(MatchKey.objects.filter(person=new).values_list("pk", flat=True)) == before["keys"]
    # Undone means judged different: the pair is not proposed again.
    assert known not in [
        c.person for c in find_candidates(PersonDetails("Bob", "Nash", date_of_birth=DOB), exclude=new)
    ]
    with pytest.raises(ValidationError, match="already been undone"):
        person_unmerge(actor=_officer(world), merge=merge, reason="again")


def test_different_people_are_remembered(world: DemoWorld, make_person: MakePerson) -> None:
    known, new, proposal = _pair(make_person)
    match_decide(
        actor=_officer(world),
        proposal=proposal,
        decision=Decision.DIFFERENT,
        reason="Twins, checked with the school",
    )
    assert known not in [
        c.person for c in find_candidates(PersonDetails("Bob", "Nash", date_of_birth=DOB), exclude=new)
    ]
    with pytest.raises(ValidationError, match="already decided"):
        match_decide(
            actor=_officer(world), proposal=proposal, decision=Decision.SAME, reason="changed my mind"
        )


def test_not_sure_keeps_the_proposal_for_later(world: DemoWorld, make_person: MakePerson) -> None:
    _, new, proposal = _pair(make_person)
    match_decide(
        actor=_officer(world), proposal=proposal, decision=Decision.NOT_SURE, reason="Waiting for the school"
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.NOT_SURE
    new.refresh_from_db()
    assert new.merged_into is None


@pytest.mark.parametrize(
    "role", [r for r in Role.values if r not in (Role.POLICE_PREVENT_OFFICER, Role.POLICE_PREVENT_SUPERVISOR)]
)
def test_only_police_prevent_staff_decide_or_merge(
    world: DemoWorld, make_person: MakePerson, role: str
) -> None:
    known, new, proposal = _pair(make_person)
    actor = Actor.for_membership(world.memberships_by_role[role])
    with pytest.raises(PermissionDenied):
        match_decide(actor=actor, proposal=proposal, decision=Decision.SAME, reason="x")
    with pytest.raises(PermissionDenied):
        person_merge(actor=actor, source=new, target=known, reason="x")
    assert Person.objects.filter(merged_into__isnull=False).count() == 0


def test_a_reason_is_required(world: DemoWorld, make_person: MakePerson) -> None:
    _, _, proposal = _pair(make_person)
    with pytest.raises(ValidationError):
        match_decide(actor=_officer(world), proposal=proposal, decision=Decision.SAME, reason="  ")
    assert AuditEvent.objects.filter(action__startswith="person.match").count() == 0


NAMES = st.sampled_from(["Ann", "Ben", "Cara", "Dev", "Ede"])


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(extra_names=st.lists(st.tuples(NAMES, NAMES), max_size=3), chain=st.integers(min_value=1, max_value=3))
def test_merges_then_unmerges_in_reverse_restore_every_record(
    world: DemoWorld, extra_names: list[tuple[str, str]], chain: int
) -> None:
    actor = _officer(world)
    system = Actor.system("tests")
    from cornerstone.people.services import person_create

    people = [
        person_create(
            actor=system,
            details=PersonDetails(given, family, date_of_birth=DOB + dt.timedelta(days=i)),
            source="tests",
        )
        for i, (given, family) in enumerate([("Zed", "Quill"), *extra_names][: chain + 1])
    ]
    snapshot = {p.pk: set(PersonName.objects.filter(person=p).values_list("pk", flat=True)) for p in people}
    merges = [person_merge(actor=actor, source=s, target=people[0], reason="test") for s in people[1:]]
    assert PersonName.objects.filter(person=people[0]).count() == sum(len(v) for v in snapshot.values())
    for merge in reversed(merges):
        person_unmerge(actor=actor, merge=merge, reason="test")
    for person in people:
        assert (
            set(PersonName.objects.filter(person=person).values_list("pk", flat=True)) == snapshot[person.pk]
        )
        person.refresh_from_db()
        assert person.merged_into is None
