"""``insert_rows``: the same rows, defaults and keys on every database (COPY on PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from cornerstone.people.models import MatchProposal, Person, ProposalStatus
from cornerstone.referrals.bulk import insert_rows

pytestmark = pytest.mark.django_db


def test_rows_are_written_in_order_with_their_keys_and_the_model_defaults() -> None:
    before = timezone.now()
    ids = insert_rows(
        Person,
        [
            {"date_of_birth": dt.date(2009, 3, 1), "gender": "female"},
            {"approximate_age": 15, "approximate_age_on": dt.date(2024, 1, 2), "gender": ""},
        ],
    )
    first, second = (Person.objects.get(pk=pk) for pk in ids)
    assert first.date_of_birth == dt.date(2009, 3, 1) and first.gender == "female"
    assert second.approximate_age == 15 and second.date_of_birth is None
    # Left out: the automatic creation time, the blank text and the empty link.
    assert first.created_at >= before and first.school_or_employer == "" and first.merged_into_id is None

    proposal_id, *_ = insert_rows(
        MatchProposal,
        [
            {
                "person_id": ids[1],
                "candidate_id": ids[0],
                "band": "possible",
                "explanations": [{"field": "name"}],
            }
        ],
    )
    proposal = MatchProposal.objects.get(pk=proposal_id)
    assert proposal.status == ProposalStatus.OPEN
    assert proposal.explanations == [{"field": "name"}]


def test_keys_never_clash_with_rows_saved_the_usual_way() -> None:
    saved = Person.objects.create(gender="male")
    inserted = insert_rows(Person, [{"gender": "male"}, {"gender": "female"}])
    after = Person.objects.create(gender="female")
    keys = [saved.pk, *inserted, after.pk]
    assert keys == sorted(set(keys))


def test_a_column_the_table_does_not_have_is_refused_before_anything_is_written() -> None:
    with pytest.raises(ValueError, match="Person has no column nickname"):
        insert_rows(Person, [{"gender": "male", "nickname": "Al"}])
    assert not Person.objects.exists()


def test_no_rows_write_nothing() -> None:
    assert insert_rows(Person, []) == []
