"""Every write to the person index leaves exactly one audit event, written in the same
transaction: if the audit write fails, the change does not happen."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.audit.models import AuditEvent
from cornerstone.demo.generator import DemoWorld
from cornerstone.people import services
from cornerstone.people.models import Decision, MatchDecision, MatchProposal, Person, PersonMerge
from cornerstone.people.tests.conftest import MakePerson
from cornerstone.people.types import PersonDetails

pytestmark = pytest.mark.django_db
DOB = dt.date(2010, 6, 9)


class AuditDown(Exception):
    pass


def _officer(world: DemoWorld) -> Actor:
    return Actor.for_membership(world.memberships_by_role[Role.POLICE_PREVENT_OFFICER])


def _pair(make_person: MakePerson) -> tuple[Person, Person, MatchProposal]:
    known = make_person(given_names="Katherine", family_name="Oduya", date_of_birth=DOB, postcode="L1 8JQ")
    new = make_person(given_names="Kate", family_name="Oduya", date_of_birth=DOB, postcode="L1 8JQ")
    return known, new, MatchProposal.objects.get(person=new, candidate=known)


def _one_event(write: Callable[[], Any]) -> AuditEvent:
    before = set(AuditEvent.objects.values_list("pk", flat=True))
    write()
    new_events = AuditEvent.objects.exclude(pk__in=before)
    assert new_events.count() == 1, list(new_events.values_list("action", flat=True))
    return new_events.get()


def test_person_create_leaves_one_event(make_person: MakePerson) -> None:
    make_person(given_names="Katherine", family_name="Oduya", date_of_birth=DOB)
    event = _one_event(lambda: make_person(given_names="Kate", family_name="Oduya", date_of_birth=DOB))
    assert event.action == "person.create"


@pytest.mark.parametrize("decision", Decision.values)
def test_each_decision_leaves_one_event(world: DemoWorld, make_person: MakePerson, decision: str) -> None:
    _, _, proposal = _pair(make_person)
    event = _one_event(
        lambda: services.match_decide(
            actor=_officer(world), proposal=proposal, decision=decision, reason="Checked with the school"
        )
    )
    assert event.action == f"person.match_{decision}"


def test_merge_and_unmerge_each_leave_one_event(world: DemoWorld, make_person: MakePerson) -> None:
    known, new, _ = _pair(make_person)
    merges: list[PersonMerge] = []
    event = _one_event(
        lambda: merges.append(
            services.person_merge(actor=_officer(world), source=new, target=known, reason="Same NHS number")
        )
    )
    assert event.action == "person.merge"
    event = _one_event(
        lambda: services.person_unmerge(actor=_officer(world), merge=merges[0], reason="Twins after all")
    )
    assert event.action == "person.unmerge"


def _audit_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(**kwargs: Any) -> None:
        raise AuditDown

    monkeypatch.setattr(services, "audit_event_record", fail)


def test_no_person_is_created_when_the_audit_write_fails(
    make_person: MakePerson, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_person(given_names="Katherine", family_name="Oduya", date_of_birth=DOB)
    people = Person.objects.count()
    _audit_fails(monkeypatch)
    with pytest.raises(AuditDown):
        services.person_create(
            actor=Actor.system("tests"),
            details=PersonDetails("Kate", "Oduya", date_of_birth=DOB),
            source="tests",
        )
    assert Person.objects.count() == people
    assert MatchProposal.objects.count() == 0


def test_no_decision_or_merge_when_the_audit_write_fails(
    world: DemoWorld, make_person: MakePerson, monkeypatch: pytest.MonkeyPatch
) -> None:
    known, new, proposal = _pair(make_person)
    _audit_fails(monkeypatch)
    with pytest.raises(AuditDown):
        services.match_decide(
            actor=_officer(world), proposal=proposal, decision=Decision.SAME, reason="Same UPN"
        )
    with pytest.raises(AuditDown):
        services.person_merge(actor=_officer(world), source=new, target=known, reason="Same UPN")
    new.refresh_from_db()
    proposal.refresh_from_db()
    assert new.merged_into is None and proposal.status == "open"
    assert not MatchDecision.objects.exists() and not PersonMerge.objects.exists()
    assert new.names.count() == 1 and known.names.count() == 1
