"""What the index suggests, and why: the errors real records have, and the family members who
must never be taken for one another."""

from __future__ import annotations

import datetime as dt

import pytest

from cornerstone.people.matching import find_candidates
from cornerstone.people.models import IdentifierKind, MatchBand
from cornerstone.people.tests.conftest import MakePerson
from cornerstone.people.types import OtherName, PersonDetails

pytestmark = pytest.mark.django_db

DOB = dt.date(2009, 3, 14)
TODAY = dt.date(2026, 11, 25)


def _known(make_person: MakePerson, **overrides: object) -> object:
    fields: dict[str, object] = {
        "given_names": "William James",
        "family_name": "Hartley-Price",
        "date_of_birth": DOB,
        "postcode": "WA1 1AA",
        "school_or_employer": "Riverside Academy",
    }
    fields.update(overrides)
    return make_person(**fields)


def _top(details: PersonDetails) -> tuple[object, str, dict[str, str]]:
    candidates = find_candidates(details, today=TODAY)
    assert candidates, "expected at least one candidate"
    top = candidates[0]
    return top.person, top.band, {f.field: f.code for f in top.findings}


@pytest.mark.parametrize(
    "given, family, dob, postcode, expected_band, expected",
    [
        (
            "William",
            "Hartley-Price",
            DOB,
            "WA1 1AA",
            MatchBand.STRONG,
            {"given_name": "exact", "family_name": "exact"},
        ),
        ("Bill", "Hartley-Price", DOB, "WA1 1AA", MatchBand.STRONG, {"given_name": "variant"}),
        ("Wiliam", "Hartley-Price", DOB, "WA1 1AA", MatchBand.STRONG, {"given_name": "sounds_alike"}),
        ("Wlliam", "Hartley-Price", DOB, "WA1 1AA", MatchBand.STRONG, {"given_name": "typo"}),
        ("William", "Hartly-Price", DOB, "WA1 1AA", MatchBand.STRONG, {"family_name": "part"}),
        ("William", "Price", DOB, "WA1 1AA", MatchBand.STRONG, {"family_name": "part"}),
        ("William", "Hartley Price", DOB, "WA1 1AA", MatchBand.STRONG, {"family_name": "exact"}),
        (
            "William",
            "Hartley-Price",
            dt.date(2009, 14 - 11, 14),
            "WA1 1AA",
            MatchBand.STRONG,
            {"date_of_birth": "exact"},
        ),
        (
            "William",
            "Hartley-Price",
            dt.date(2009, 3, 15),
            "WA1 1AA",
            MatchBand.STRONG,
            {"date_of_birth": "one_digit"},
        ),
        ("William", "Hartley-Price", DOB, "WA1 7ZZ", MatchBand.STRONG, {"postcode": "same_district"}),
        ("William", "Hartley-Price", None, "", MatchBand.POSSIBLE, {"date_of_birth": "missing"}),
        ("William", "Hartley-Price", DOB, "M1 1AE", MatchBand.STRONG, {"postcode": "different"}),
    ],
)
def test_the_errors_real_records_have_still_find_the_person(
    make_person: MakePerson,
    given: str,
    family: str,
    dob: dt.date | None,
    postcode: str,
    expected_band: str,
    expected: dict[str, str],
) -> None:
    known = _known(make_person)
    person, band, codes = _top(
        PersonDetails(given_names=given, family_name=family, date_of_birth=dob, postcode=postcode)
    )
    assert person == known
    assert band == expected_band
    assert expected.items() <= codes.items()


def test_names_written_the_other_way_round(make_person: MakePerson) -> None:
    known = make_person(given_names="Amir", family_name="Khan", date_of_birth=DOB, postcode="WA1 1AA")
    person, band, codes = _top(
        PersonDetails(given_names="Khan", family_name="Amir", date_of_birth=DOB, postcode="WA1 1AA")
    )
    assert person == known and codes["name"] == "transposed"
    assert band == MatchBand.STRONG


@pytest.mark.parametrize("spelling", ["Muhammad", "Mohamed", "Mohammad", "Muhammed"])
def test_transliteration_variants(make_person: MakePerson, spelling: str) -> None:
    known = make_person(given_names="Mohammed", family_name="Rahman", date_of_birth=DOB, postcode="WA2 7AB")
    person, band, codes = _top(
        PersonDetails(given_names=spelling, family_name="Rahman", date_of_birth=DOB, postcode="WA2 7AB")
    )
    assert person == known and band == MatchBand.STRONG
    assert codes["given_name"] in ("variant", "sounds_alike")


def test_a_childs_changed_surname_is_found_through_the_previous_name(make_person: MakePerson) -> None:
    known = make_person(given_names="Chloe", family_name="Walsh", date_of_birth=DOB, postcode="WA4 1AB")
    details = PersonDetails(
        given_names="Chloe",
        family_name="Bennett",
        other_names=(OtherName("previous", "Chloe", "Walsh"),),
        date_of_birth=DOB,
        postcode="WA5 3CD",
    )
    person, band, _ = _top(details)
    assert person == known and band == MatchBand.STRONG


def test_a_changed_surname_with_no_previous_name_is_still_suggested(make_person: MakePerson) -> None:
    known = make_person(given_names="Chloe", family_name="Walsh", date_of_birth=DOB, postcode="WA4 1AB")
    candidates = find_candidates(
        PersonDetails(given_names="Chloe", family_name="Bennett", date_of_birth=DOB, postcode="WA4 1AB"),
        today=TODAY,
    )
    assert candidates[0].person == known and candidates[0].band == MatchBand.POSSIBLE


def test_twins_are_never_a_strong_match(make_person: MakePerson) -> None:
    make_person(
        given_names="Oliver",
        family_name="Grant",
        date_of_birth=DOB,
        postcode="WA1 2BB",
        school_or_employer="Riverside Academy",
    )
    candidates = find_candidates(
        PersonDetails(
            given_names="Harry",
            family_name="Grant",
            date_of_birth=DOB,
            postcode="WA1 2BB",
            school_or_employer="Riverside Academy",
        ),
        today=TODAY,
    )
    assert candidates and all(c.band == MatchBand.WEAK for c in candidates)
    codes = {f.field: f.code for f in candidates[0].findings}
    assert codes["given_name"] == "different" and codes["date_of_birth"] == "exact"


def test_a_son_named_after_his_father_is_not_his_father(make_person: MakePerson) -> None:
    father = make_person(
        given_names="Daniel", family_name="Okafor", date_of_birth=dt.date(1981, 6, 2), postcode="WA3 6PQ"
    )
    candidates = find_candidates(
        PersonDetails(
            given_names="Daniel", family_name="Okafor", date_of_birth=dt.date(2010, 6, 2), postcode="WA3 6PQ"
        ),
        today=TODAY,
    )
    assert candidates[0].person == father and candidates[0].band == MatchBand.WEAK
    assert {f.field: f.code for f in candidates[0].findings}["date_of_birth"] == "far_apart"


def test_siblings_sharing_surname_address_and_school_are_not_strong(make_person: MakePerson) -> None:
    make_person(
        given_names="Sophie",
        family_name="Lee",
        date_of_birth=dt.date(2011, 1, 9),
        postcode="WA1 3CC",
        school_or_employer="Riverside Academy",
    )
    candidates = find_candidates(
        PersonDetails(
            given_names="Emily",
            family_name="Lee",
            date_of_birth=dt.date(2013, 5, 20),
            postcode="WA1 3CC",
            school_or_employer="Riverside Academy",
        ),
        today=TODAY,
    )
    assert all(c.band == MatchBand.WEAK for c in candidates)


def test_different_identifiers_of_the_same_kind_rule_out_a_strong_match(make_person: MakePerson) -> None:
    make_person(
        given_names="Tom",
        family_name="Hughes",
        date_of_birth=DOB,
        postcode="WA1 1AA",
        identifiers=((IdentifierKind.NHS, "943 476 5919"),),
    )
    candidates = find_candidates(
        PersonDetails(
            given_names="Tom",
            family_name="Hughes",
            date_of_birth=DOB,
            postcode="WA1 1AA",
            identifiers=((IdentifierKind.NHS, "401 023 2137"),),
        ),
        today=TODAY,
    )
    assert candidates[0].band == MatchBand.WEAK
    assert {f.field: f.code for f in candidates[0].findings}["identifier"] == "different"


def test_the_same_identifier_finds_the_person_whatever_the_name(make_person: MakePerson) -> None:
    known = make_person(
        given_names="Jordan", family_name="Ellis", identifiers=((IdentifierKind.UPN, "H801200001001"),)
    )
    candidates = find_candidates(
        PersonDetails(
            given_names="Jordon", family_name="Elis", identifiers=((IdentifierKind.UPN, "H801200001001"),)
        ),
        today=TODAY,
    )
    assert candidates[0].person == known and candidates[0].band == MatchBand.STRONG


def test_someone_with_no_record_gets_no_strong_candidate(make_person: MakePerson) -> None:
    _known(make_person)
    make_person(
        given_names="Aisha", family_name="Begum", date_of_birth=dt.date(2008, 9, 1), postcode="WA8 7XY"
    )
    candidates = find_candidates(
        PersonDetails(
            given_names="Grace", family_name="Turner", date_of_birth=dt.date(2010, 2, 2), postcode="L1 8JQ"
        ),
        today=TODAY,
    )
    assert all(c.band != MatchBand.STRONG for c in candidates)


def test_gender_never_changes_what_is_suggested(make_person: MakePerson) -> None:
    _known(make_person, gender="male")
    results = []
    for gender in ("male", "female", "non_binary", "not_known", ""):
        found = find_candidates(
            PersonDetails(given_names="Bill", family_name="Price", date_of_birth=DOB, gender=gender),
            today=TODAY,
        )
        results.append([(c.person.pk, c.band, c.score, c.explanations()) for c in found])
    assert all(result == results[0] for result in results)
