"""The person index pages: search, a person's record, and deciding a possible match."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cornerstone.accounts.roles import Role
from cornerstone.accounts.tests.helpers import sign_in
from cornerstone.audit.models import AccessKind, AccessLogEntry, AuditEvent
from cornerstone.demo.generator import DemoWorld
from cornerstone.people.models import MatchProposal, Person, ProposalStatus
from cornerstone.people.tests.conftest import MakePerson

pytestmark = pytest.mark.django_db
DOB = dt.date(2008, 11, 2)


@pytest.fixture
def officer(world: DemoWorld) -> Client:
    membership = world.memberships_by_role[Role.POLICE_PREVENT_OFFICER]
    return sign_in(Client(), membership.user, membership)


def _search(**criteria: str) -> dict[str, str]:
    return {"identifier_kind": "", **criteria}


def test_a_search_finds_the_person_explains_why_and_is_logged(
    officer: Client, make_person: MakePerson
) -> None:
    known = make_person(given_names="Robert", family_name="Nash", date_of_birth=DOB, postcode="WA1 1AA")
    response = officer.get(
        "/people/",
        _search(
            postcode="wa1 1aa",
            given_names="Bob",
            family_name="Nash",
            date_of_birth_day="2",
            date_of_birth_month="11",
            date_of_birth_year="2008",
        ),
    )
    page = response.content.decode()
    assert known.reference in page and "Strong match" in page
    assert "short form, nickname or other spelling" in page
    entry = AccessLogEntry.objects.get(kind=AccessKind.SEARCH)
    assert (
        "given names, family name, date of birth, postcode" in entry.description
        and "Nash" not in entry.description
    )


def test_a_search_with_nothing_to_search_for_says_so(officer: Client) -> None:
    response = officer.get("/people/", _search(given_names=""))
    assert "Enter a name, date of birth, postcode or identifier to search for" in response.content.decode()
    assert not AccessLogEntry.objects.exists()


@pytest.mark.parametrize(
    "criteria, message",
    [
        ({"postcode": "not a postcode"}, "Enter a real postcode, like SW1A 1AA"),
        ({"identifier_kind": "nhs", "identifier": "1234567890"}, "The NHS number is not right"),
        ({"identifier": "1234567890"}, "Select what kind of identifier this is"),
        (
            {"date_of_birth_day": "31", "date_of_birth_month": "2", "date_of_birth_year": "2010"},
            "Date of birth must be a real date",
        ),
        (
            {"date_of_birth_day": "1", "date_of_birth_month": "1", "date_of_birth_year": "2090"},
            "Date of birth must be in the past",
        ),
    ],
)
def test_bad_search_input_gets_a_plain_english_message(
    officer: Client, criteria: dict[str, str], message: str
) -> None:
    response = officer.get("/people/", {"family_name": "Nash", **criteria})
    assert message in response.content.decode()
    assert not AccessLogEntry.objects.exists()


def test_the_search_page_does_not_grow_its_queries_with_the_index(
    officer: Client, make_person: MakePerson
) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            officer.get("/people/", _search(family_name="Nash", postcode="WA1 1AA"))
        return len(captured)

    make_person(given_names="Robert", family_name="Nash", date_of_birth=DOB, postcode="WA1 1AA")
    few = queries()
    for number in range(8):
        make_person(
            given_names=f"Person{number}",
            family_name="Nash",
            date_of_birth=DOB + dt.timedelta(days=number),
            postcode="WA1 1AA",
        )
    assert queries() == few


def test_a_person_page_lists_records_and_logs_the_read(officer: Client, make_person: MakePerson) -> None:
    person = make_person(given_names="Robert", family_name="Nash", date_of_birth=DOB)
    response = officer.get(f"/people/{person.reference}/")
    assert response.status_code == 200
    assert "Robert Nash" in response.content.decode()
    entry = AccessLogEntry.objects.get(kind=AccessKind.VIEW)
    assert entry.person_ref == person.reference


def test_deciding_a_match_through_the_page(officer: Client, make_person: MakePerson) -> None:
    known = make_person(given_names="Robert", family_name="Nash", date_of_birth=DOB, postcode="WA1 1AA")
    new = make_person(given_names="Bob", family_name="Nash", date_of_birth=DOB, postcode="WA1 1AA")
    proposal = MatchProposal.objects.get(person=new)
    url = f"/people/possible-matches/{proposal.pk}/"
    page = officer.get(url).content.decode()
    assert "Twins, brothers and sisters" in page and known.reference in page
    response = officer.post(url, {"decision": "same"})
    assert "Enter the reason for your decision" in response.content.decode()
    response = officer.post(url, {"decision": "same", "reason": "Same UPN held by the school"})
    assert response["Location"] == "/people/possible-matches/"
    new.refresh_from_db()
    assert new.merged_into == known
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DECIDED
    # A decided proposal is no longer on the list, and its page is refused.
    assert officer.get(url).status_code == 403

    merge = known.merges_as_target.get()
    response = officer.post(f"/people/merges/{merge.pk}/undo/", {"reason": "It was his twin"})
    new.refresh_from_db()
    assert new.merged_into is None
    assert AuditEvent.objects.filter(action="person.unmerge").count() == 1


@pytest.mark.parametrize("role", [Role.REFERRER, Role.CHANNEL_COORDINATOR, Role.DATA_PROTECTION_OFFICER])
def test_undoing_a_merge_is_refused_to_other_roles(
    world: DemoWorld, make_person: MakePerson, role: str
) -> None:
    from cornerstone.accounts.actor import Actor
    from cornerstone.people.services import person_merge

    known = make_person(given_names="Robert", family_name="Nash", date_of_birth=DOB)
    new = make_person(given_names="Bob", family_name="Nash", date_of_birth=DOB)
    officer = Actor.for_membership(world.memberships_by_role[Role.POLICE_PREVENT_OFFICER])
    merge = person_merge(actor=officer, source=new, target=known, reason="test")
    membership = world.memberships_by_role[role]
    client = sign_in(Client(), membership.user, membership)
    assert client.post(f"/people/merges/{merge.pk}/undo/", {"reason": "x"}).status_code == 403
    assert Person.objects.get(pk=new.pk).merged_into == known
