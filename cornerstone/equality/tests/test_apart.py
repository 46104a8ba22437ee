"""Equality data kept apart: recorded on its own page by the screening unit, never shown on case
pages, never in audit events, never read by search or matching."""

from __future__ import annotations

import json
import re
from dataclasses import fields
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.forms.models import model_to_dict
from django.test import Client

import cornerstone
from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.accounts.tests.helpers import sign_in
from cornerstone.audit.models import AccessLogEntry, AuditEvent
from cornerstone.demo.generator import DemoWorld
from cornerstone.equality import services
from cornerstone.equality.models import EqualityRecord
from cornerstone.people.types import PersonDetails
from cornerstone.referrals.models import Referral
from cornerstone.referrals.workflow import Status
from cornerstone.screening.tests.shared_matrices import referral_in

pytestmark = pytest.mark.django_db

PACKAGE = Path(cornerstone.__file__).parent
ANSWERS = services.EqualityAnswers(
    ethnicity="asian_pakistani", religion="muslim", sex="male", condition_recorded="yes"
)
# Every way an answer could show up: codes and labels.
ANSWER_TEXTS = ("asian_pakistani", "Pakistani", "asian", "muslim", "Muslim", '"male"', "Male", "condition")


def _client(world: DemoWorld, role: str) -> Client:
    membership = world.memberships_by_role[role]
    return sign_in(Client(), membership.user, membership)


def _officer(world: DemoWorld) -> Actor:
    return Actor.for_membership(world.memberships_by_role[Role.POLICE_PREVENT_OFFICER])


def _recorded(world: DemoWorld) -> Referral:
    referral = referral_in(world, Status.IN_SCREENING)
    services.equality_record_save(actor=_officer(world), referral_id=referral.pk, answers=ANSWERS)
    return referral


def test_no_other_app_selects_by_equality_data() -> None:
    """Protected characteristics are never used to search, match or prioritise: no selector
    outside this app, and nothing in person matching or search, refers to them."""
    # Code that could reach the data: the model, the app, or a lookup through a characteristic
    # (a docstring saying they are never read is fine).
    pattern = re.compile(
        r"EqualityRecord|cornerstone\.equality|\b(ethnicity|religion)(__|\s*=)", re.IGNORECASE
    )
    checked = [*PACKAGE.glob("*/selectors.py"), *PACKAGE.glob("people/*.py"), *PACKAGE.glob("*/search*.py")]
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in checked
        if path.parent.name != "equality" and pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert len(checked) > 10
    assert offenders == []


def test_person_matching_cannot_see_equality_data() -> None:
    names = {field.name for field in fields(PersonDetails)}
    assert not names & {"ethnicity", "religion", "sex", "condition_recorded"}
    # No model but the record itself points at it, and the referral has no way back to it.
    assert not EqualityRecord._meta.related_objects
    assert not any(
        getattr(field, "related_model", None) is EqualityRecord for field in Referral._meta.get_fields()
    )


def test_the_screening_unit_records_on_its_own_page(world: DemoWorld) -> None:
    referral = referral_in(world, Status.IN_SCREENING)
    client = _client(world, Role.POLICE_PREVENT_OFFICER)
    detail = client.get(f"/referrals/{referral.pk}/").content.decode()
    assert f"/equality/referrals/{referral.pk}/" in detail
    assert "Record equality monitoring answers" in detail

    page = client.get(f"/equality/referrals/{referral.pk}/")
    assert page.status_code == 200
    assert "Prefer not to say" in page.content.decode()
    response = client.post(
        f"/equality/referrals/{referral.pk}/",
        {
            "ethnicity": "asian_pakistani",
            "religion": "muslim",
            "sex": "",
            "condition_recorded": "prefer_not_to_say",
        },
    )
    assert response.status_code == 302
    record = EqualityRecord.objects.get(referral=referral)
    assert (record.ethnicity, record.religion, record.sex, record.condition_recorded) == (
        "asian_pakistani",
        "muslim",
        "",
        "prefer_not_to_say",
    )
    assert record.recorded_by == world.users_by_role[Role.POLICE_PREVENT_OFFICER]

    # The case page says answers are recorded, never what they are.
    detail = client.get(f"/referrals/{referral.pk}/").content.decode()
    assert "Change equality monitoring answers" in detail
    assert "Pakistani" not in detail and "Muslim" not in detail


def test_every_question_may_be_left_unanswered(world: DemoWorld) -> None:
    referral = referral_in(world, Status.IN_SCREENING)
    response = _client(world, Role.POLICE_PREVENT_OFFICER).post(f"/equality/referrals/{referral.pk}/", {})
    assert response.status_code == 302
    record = EqualityRecord.objects.get(referral=referral)
    assert (record.ethnicity, record.religion, record.sex, record.condition_recorded) == ("", "", "", "")


def test_an_answer_not_offered_is_refused(world: DemoWorld) -> None:
    referral = referral_in(world, Status.IN_SCREENING)
    response = _client(world, Role.POLICE_PREVENT_OFFICER).post(
        f"/equality/referrals/{referral.pk}/", {"ethnicity": "martian"}
    )
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()
    assert not EqualityRecord.objects.exists()


@pytest.mark.parametrize(
    "role",
    [
        Role.REFERRER,
        Role.SAFEGUARDING_LEAD,
        Role.CHANNEL_COORDINATOR,
        Role.PANEL_CHAIR,
        Role.ANALYST,
        Role.DATA_PROTECTION_OFFICER,
        Role.FORCE_PREVENT_LEAD,
    ],
)
def test_nobody_else_sees_a_record_or_the_link(world: DemoWorld, role: str) -> None:
    referral = _recorded(world)
    client = _client(world, role)
    assert client.get(f"/equality/referrals/{referral.pk}/").status_code == 403
    detail = client.get(f"/referrals/{referral.pk}/")
    if detail.status_code == 200:
        text = detail.content.decode()
        assert "/equality/" not in text
        assert "Pakistani" not in text and "Muslim" not in text


def test_another_unit_cannot_record(world: DemoWorld) -> None:
    referral = referral_in(world, Status.IN_SCREENING)
    referral.routed_to = world.organisations["warrington"]
    referral.save(update_fields=["routed_to"])
    with pytest.raises(PermissionDenied):
        services.equality_record_save(actor=_officer(world), referral_id=referral.pk, answers=ANSWERS)
    assert not EqualityRecord.objects.exists()


def test_audit_events_and_access_log_hold_no_answers(world: DemoWorld) -> None:
    referral = _recorded(world)
    changed = services.EqualityAnswers(ethnicity="white_roma", religion="jewish", sex="female")
    services.equality_record_save(actor=_officer(world), referral_id=referral.pk, answers=changed)
    _client(world, Role.POLICE_PREVENT_OFFICER).get(f"/equality/referrals/{referral.pk}/")

    events = list(AuditEvent.objects.filter(action__startswith="equality."))
    assert [event.action for event in events] == ["equality.changed", "equality.recorded"]
    reads = list(AccessLogEntry.objects.filter(object_type="equality.equalityrecord"))
    assert len(reads) == 1
    text = json.dumps([model_to_dict(row) for row in [*events, *reads]], default=str)
    for answer in (*ANSWER_TEXTS, "white_roma", "Roma", "jewish", "Jewish", "female", "Female"):
        assert answer not in text, answer


def test_matching_finds_the_same_people_with_or_without_equality_data(world: DemoWorld) -> None:
    import datetime as dt

    from cornerstone.people.matching import find_candidates
    from cornerstone.people.services import person_create

    born = dt.date(2008, 3, 4)
    people = [
        person_create(
            actor=Actor.system("tests"),
            details=PersonDetails(given, "Khan", date_of_birth=born, postcode="WA1 1AA"),
            source="tests",
        )
        for given in ("Amir", "Amira")
    ]
    query = PersonDetails("Amir", "Khan", date_of_birth=born, postcode="WA1 1AA")
    before = [(c.person.pk, c.band) for c in find_candidates(query, today=dt.date(2026, 1, 1))]
    # The second person's referral gets an equality record: nothing about matching moves.
    referral = referral_in(world, Status.IN_SCREENING)
    Referral.objects.filter(pk=referral.pk).update(person=people[1])
    services.equality_record_save(actor=_officer(world), referral_id=referral.pk, answers=ANSWERS)
    after = [(c.person.pk, c.band) for c in find_candidates(query, today=dt.date(2026, 1, 1))]
    assert before and before == after
