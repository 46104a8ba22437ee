"""Properties that hold for any record, checked with Hypothesis: a record matches itself; gender
never changes what is suggested; a "different" decision is never proposed again; a merge and its
undo put every record that points at a person back exactly where it was; the candidate pool does
not depend on the order the database returns rows in."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import models, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.demo.generator import DemoWorld
from cornerstone.people.matching import CANDIDATE_POOL, Record, candidate_pool, compare, find_candidates
from cornerstone.people.models import Decision, Gender, IdentifierKind, MatchBand, MatchProposal, Person
from cornerstone.people.selectors import proposals_to_review_for
from cornerstone.people.services import match_decide, person_create, person_merge, person_unmerge
from cornerstone.people.types import OtherName, PersonDetails
from cornerstone.referrals.tests.helpers import submitted

TODAY = dt.date(2026, 11, 25)
GIVEN = st.sampled_from(["William", "Bill", "Mohammed", "Muhammad", "Aisha", "Grace", "Zoë", "Tom", "Li"])
FAMILY = st.sampled_from(["Hartley-Price", "Khan", "O'Neill", "Smith", "Nguyen", "De La Cruz", "Begum"])
DATES = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2020, 12, 31))
POSTCODES = st.sampled_from(["", "WA1 1AA", "M1 1AE", "SW1A 1AA", "L1 8JQ"])
SCHOOLS = st.sampled_from(["", "Riverside Academy", "Halton College"])
NHS = st.sampled_from(["", "943 476 5919", "401 023 2137"])
QUICK = settings(max_examples=40, deadline=None)
WITH_DB = settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@contextmanager
def alone() -> Iterator[None]:
    """Hypothesis runs every example in one test's transaction: undo each example's records so
    that one example never meets another's (two identical records are rightly ambiguous)."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


@st.composite
def details(draw: st.DrawFn, *, with_date: bool | None = None) -> PersonDetails:
    dated = draw(st.booleans()) if with_date is None else with_date
    nhs = draw(NHS)
    previous = draw(st.one_of(st.none(), FAMILY))
    return PersonDetails(
        given_names=draw(GIVEN),
        family_name=draw(FAMILY),
        other_names=(OtherName("previous", "", previous),) if previous else (),
        date_of_birth=draw(DATES) if dated else None,
        approximate_age=None if dated else draw(st.one_of(st.none(), st.integers(10, 70))),
        gender=draw(st.sampled_from(["", *Gender.values])),
        postcode=draw(POSTCODES),
        school_or_employer=draw(SCHOOLS),
        identifiers=((IdentifierKind.NHS, nhs),) if nhs else (),
    )


@QUICK
@given(details(with_date=True))
def test_a_record_with_a_date_of_birth_always_matches_itself_strongly(record: PersonDetails) -> None:
    side = Record.from_details(record)
    band, _, findings = compare(side, side, TODAY)
    assert band == MatchBand.STRONG
    assert {f.field: f.code for f in findings}["date_of_birth"] == "exact"


@QUICK
@given(details(), details(), st.sampled_from(Gender.values), st.sampled_from(Gender.values))
def test_gender_never_changes_a_comparison(
    query: PersonDetails, known: PersonDetails, gender_a: str, gender_b: str
) -> None:
    def result(q: PersonDetails, k: PersonDetails) -> tuple[str, float, list[object]]:
        return compare(Record.from_details(q), Record.from_details(k), TODAY)

    assert result(query, known) == result(
        PersonDetails(**{**query.__dict__, "gender": gender_a}),
        PersonDetails(**{**known.__dict__, "gender": gender_b}),
    )


@pytest.mark.django_db
@WITH_DB
@given(record=details(with_date=True))
def test_an_indexed_record_is_found_strongly_by_its_own_details(record: PersonDetails) -> None:
    with alone():
        person = person_create(actor=Actor.system("tests"), details=record, source="tests")
        found = find_candidates(record, limit=50, today=TODAY)
        assert any(c.person == person and c.band == MatchBand.STRONG for c in found)


@pytest.mark.django_db
@WITH_DB
@given(record=details(), genders=st.lists(st.sampled_from(Gender.values), min_size=2, max_size=2))
def test_gender_never_changes_a_search(record: PersonDetails, genders: list[str]) -> None:
    with alone():
        person_create(actor=Actor.system("tests"), details=record, source="tests")
        results = [
            [
                (c.person.pk, c.band, c.score, c.explanations())
                for c in find_candidates(PersonDetails(**{**record.__dict__, "gender": g}), today=TODAY)
            ]
            for g in genders
        ]
        assert results[0] == results[1]


@pytest.mark.django_db
@WITH_DB
@given(record=details(with_date=True), again=details(with_date=True))
def test_a_different_decision_is_never_proposed_again(
    world: DemoWorld, record: PersonDetails, again: PersonDetails
) -> None:
    with alone():
        officer = Actor.for_membership(world.memberships_by_role[Role.POLICE_PREVENT_OFFICER])
        known = person_create(actor=Actor.system("tests"), details=record, source="tests")
        new = person_create(actor=Actor.system("tests"), details=record, source="tests")
        proposal = MatchProposal.objects.get(person=new, candidate=known)
        match_decide(actor=officer, proposal=proposal, decision=Decision.DIFFERENT, reason="Twins")
        # Whatever the new record is searched by afterwards, the pair is not suggested again...
        for query in (record, again):
            assert known.pk not in [c.person.pk for c in find_candidates(query, limit=50, exclude=new)]
        # ...and nothing about the pair waits for review.
        assert not proposals_to_review_for(officer).filter(person=new, candidate=known).exists()


def _every_link_to_a_person() -> dict[tuple[str, object, str], object]:
    """Every foreign key to a Person, in every installed model: (model, row, field) -> person."""
    from django.apps import apps

    links = {}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.ForeignKey) and field.related_model is Person:
                for pk, value in model._default_manager.values_list("pk", field.attname):
                    links[(model._meta.label_lower, pk, field.name)] = value
    return links


@pytest.mark.django_db
@WITH_DB
@given(extra=st.lists(details(), min_size=1, max_size=3))
def test_merge_then_unmerge_restores_every_foreign_key_exactly(
    world: DemoWorld, extra: list[PersonDetails]
) -> None:
    with alone():
        officer = Actor.for_membership(world.memberships_by_role[Role.POLICE_PREVENT_OFFICER])
        # A submitted referral brings its own person, and a foreign key from another app.
        target = submitted(world.memberships_by_role[Role.REFERRER]).person
        assert target is not None
        referral = submitted(world.memberships_by_role[Role.REFERRER])
        assert referral.person is not None
        sources = [person_create(actor=Actor.system("tests"), details=d, source="tests") for d in extra]
        sources.append(referral.person)
        before = _every_link_to_a_person()
        merges = [person_merge(actor=officer, source=s, target=target, reason="test") for s in sources]
        # The other app's record moved with the merge, found by introspection, not by a list.
        assert _every_link_to_a_person()[("referrals.referral", referral.pk, "person")] == target.pk
        for merge in reversed(merges):
            person_unmerge(actor=officer, merge=merge, reason="test")
        after = _every_link_to_a_person()
        # Every link that existed is back where it was; the only new rows are the decisions the
        # undo records (that the pair is two people).
        assert {key: after[key] for key in before} == before
        assert {key[0] for key in after.keys() - before.keys()} <= {
            "people.matchdecision",
            "people.personmerge",
        }
        assert not Person.objects.filter(pk__in=[s.pk for s in sources], merged_into__isnull=False).exists()


@given(
    shared=st.dictionaries(st.integers(1, 500), st.integers(1, 6), max_size=150),
    order=st.randoms(use_true_random=False),
)
def test_the_candidate_pool_is_the_people_sharing_most_keys_whatever_the_row_order(
    shared: dict[int, int], order: random.Random
) -> None:
    rows = list(shared.items())
    order.shuffle(rows)
    pool = candidate_pool(Counter(dict(rows)))
    assert pool == candidate_pool(Counter(shared))
    assert len(pool) == min(CANDIDATE_POOL, len(shared))
    left_out = set(shared) - set(pool)
    assert all(shared[kept] >= shared[other] for kept in pool for other in left_out)
