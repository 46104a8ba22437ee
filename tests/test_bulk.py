"""``insert_rows`` and ``in_list``: the same rows, defaults, keys and lookups on every database
(COPY and arrays on PostgreSQL, bulk_create and JSON on SQLite)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from cornerstone.bulk import in_list, insert_rows
from cornerstone.people.models import MatchProposal, Person, PersonName, ProposalStatus

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


def test_a_long_list_is_looked_up_in_one_parameter() -> None:
    ids = insert_rows(Person, [{"gender": "male"} for _ in range(2500)])
    wanted = [*ids[::2], max(ids) + 10_000]  # and one that does not exist
    found = Person.objects.filter(pk__in=in_list(Person, "id", wanted)).values_list("pk", flat=True)
    assert len(found.query.sql_with_params()[1]) == 1
    assert sorted(found) == ids[::2]
    names = ["O'Neill", "Zoë", "Nguyen"]
    insert_rows(
        PersonName, [{"person_id": ids[0], "given_names": "A", "family_name": name} for name in names]
    )
    matched = PersonName.objects.filter(
        family_name__in=in_list(PersonName, "family_name", ["Zoë", "O'Neill", "Khan"])
    )
    assert sorted(matched.values_list("family_name", flat=True)) == ["O'Neill", "Zoë"]
