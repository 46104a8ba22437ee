"""Submitting a referral through the API: the same checks and the same result as the form."""

from __future__ import annotations

import copy
import uuid

import pytest

from cornerstone.api.models import ApiCall, IdempotencyRecord
from cornerstone.api.tests.helpers import http, issue, referral_body, submit
from cornerstone.audit.models import AuditEvent
from cornerstone.people.models import PersonName
from cornerstone.referrals.models import Referral
from cornerstone.referrals.workflow import Status

pytestmark = pytest.mark.django_db


def test_a_whole_referral_is_submitted_and_routed_like_one_from_the_form(world) -> None:
    issued = issue(world)
    response = submit(http(issued))
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"reference", "submitted_at", "status", "status_label"}
    assert (body["status"], body["status_label"]) == ("received", "Received")
    referral = Referral.objects.get(reference=body["reference"])
    assert referral.status == Status.SUBMITTED
    assert referral.organisation == issued.client.organisation
    assert referral.created_by == issued.client.user
    assert referral.local_authority.code == "WRT"
    assert referral.sector.code == "education"
    assert referral.concern_type.code == "extreme_right_wing"
    assert referral.routed_to is not None
    assert PersonName.objects.filter(person=referral.person, given_names="Sam", family_name="Taylor").exists()
    assert str(referral.person.date_of_birth) == "2010-04-03"
    # The answers are stored as the form stores them, so the referral reads the same on screen.
    assert referral.answers["date-of-birth"]["date_of_birth_year"] == ["2010"]
    event = AuditEvent.objects.get(action="referral.submitted", object_id=str(referral.pk))
    assert event.actor_label.startswith("API client: ")
    call = ApiCall.objects.get(referral_reference=referral.reference)
    assert (call.client, call.status_code, call.method) == (issued.client, 201, "POST")


def test_retrying_with_the_same_key_gives_the_same_referral(world) -> None:
    client = http(issue(world))
    key = str(uuid.uuid4())
    first = submit(client, key=key)
    again = submit(client, key=key)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["reference"] == again.json()["reference"]
    assert Referral.objects.exclude(status=Status.DRAFT).count() == 1


def test_a_key_reused_for_a_different_referral_is_refused(world) -> None:
    client = http(issue(world))
    key = str(uuid.uuid4())
    submit(client, key=key)
    response = submit(client, referral_body(given="Robin"), key=key)
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "idempotency_key_reused"
    assert Referral.objects.count() == 1


def test_the_same_key_from_two_clients_is_two_referrals(world) -> None:
    key = str(uuid.uuid4())
    assert submit(http(issue(world)), key=key).status_code == 201
    assert submit(http(issue(world)), key=key).status_code == 201
    assert IdempotencyRecord.objects.count() == 2


@pytest.mark.parametrize("key", ["", " ", "x" * 256, "caf\u00e9"])
def test_a_missing_or_bad_idempotency_key_is_refused(world, key: str) -> None:
    client = http(issue(world))
    response = client.post("/api/v1/referrals/", referral_body(), format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert response.status_code == 400
    assert response.json()["error"]["code"] in {"idempotency_key_missing", "idempotency_key_invalid"}
    assert not Referral.objects.exists()


def _without(path: str) -> dict:
    body = referral_body()
    page, _, field = path.partition(".")
    if field:
        del body["answers"][page][field]
    else:
        del body["answers"][page]
    return body


def _with(path: str, value: object) -> dict:
    body = copy.deepcopy(referral_body())
    page, field = path.split(".")
    body["answers"][page][field] = value
    return body


# Each kind of bad answer, and the error the partner gets for it: the forms' own messages.
BAD_ANSWERS = [
    (_without("name.given_names"), "answers.name.given_names", "Enter the person's given names"),
    (_without("gender"), "answers.gender", "Answer the questions on 'Gender'"),
    (
        _with("date-of-birth.date_of_birth", "03/04/2010"),
        "answers.date-of-birth.date_of_birth",
        "Give the date as YYYY-MM-DD, like 2010-03-27",
    ),
    (
        _with("date-of-birth.date_of_birth", "2999-01-01"),
        "answers.date-of-birth.date_of_birth",
        "Date of birth must be in the past",
    ),
    (
        _with("address.local_authority", "NOWHERE"),
        "answers.address.local_authority",
        "Select the local authority area the person lives in",
    ),
    (
        _with("address.local_authority", "WRT\x00"),
        "answers.address.local_authority",
        "Select the local authority area the person lives in",
    ),
    (_with("name.given_names", "Sam\x00"), "answers.name.given_names", "Null characters are not allowed."),
    (
        _with("about-you.sector", "astrology"),
        "answers.about-you.sector",
        "Select the sector the referral comes from",
    ),
    (
        _with("concern-type.concern_type", "made_up"),
        "answers.concern-type.concern_type",
        "Select the type of concern, or I am not sure",
    ),
    (_with("gender.gender", "robot"), "answers.gender.gender", "Select the person's gender"),
    (_with("address.postcode", "NOT A POSTCODE"), "answers.address.postcode", None),
    (
        _with("about-you.phone", "call me"),
        "answers.about-you.phone",
        "Enter a phone number, like 01632 960 001 or 07700 900 982",
    ),
    (_with("name.nickname", "Sammy"), "answers.name.nickname", "This is not a question on this page"),
    (_with("name.given_names", {"first": "Sam"}), "answers.name.given_names", "Give this answer as text"),
    (
        _with("additional-needs.needs", "sen"),
        "answers.additional-needs.needs",
        "Give a list of the choices that apply",
    ),
    (_with("mash.has_mash_reference", "yes"), "answers.mash.mash_reference", "Enter the MASH reference"),
]


@pytest.mark.parametrize(("body", "field", "message"), BAD_ANSWERS)
def test_each_kind_of_bad_answer_is_reported_and_nothing_is_kept(world, body, field, message) -> None:
    response = submit(http(issue(world)), body)
    assert response.status_code == 400, response.json()
    error = response.json()["error"]
    assert error["code"] == "invalid_referral"
    assert field in [item["field"] for item in error["fields"]]
    if message is not None:
        assert {"field": field, "message": message} in error["fields"]
    assert not Referral.objects.exists()
    assert not IdempotencyRecord.objects.exists()


def test_every_error_is_reported_at_once(world) -> None:
    body = referral_body()
    del body["answers"]["name"]["given_names"]
    body["answers"]["gender"]["gender"] = "robot"
    del body["answers"]["mash"]
    fields = {item["field"] for item in submit(http(issue(world)), body).json()["error"]["fields"]}
    assert {"answers.name.given_names", "answers.gender.gender", "answers.mash"} <= fields


def test_an_unknown_page_or_shape_is_refused(world) -> None:
    client = http(issue(world))
    body = referral_body()
    body["answers"]["how-received"] = {"received_via": "phone"}
    assert submit(client, body).json()["error"]["fields"][0]["field"] == "answers.how-received"
    assert submit(client, {"answers": [1, 2]}).status_code == 400
    response = submit(client, {"referral": {}})
    assert (response.status_code, response.json()["error"]["code"]) == (400, "invalid_request")
    response = client.post(
        "/api/v1/referrals/", "{not json", content_type="application/json", HTTP_IDEMPOTENCY_KEY="k"
    )
    assert (response.status_code, response.json()["error"]["code"]) == (400, "malformed_json")


def test_an_area_no_team_covers_is_refused_with_who_to_call(world) -> None:
    from cornerstone.geography.models import LocalAuthority
    from cornerstone.referrals.routing import route_for

    uncovered = next(la for la in LocalAuthority.objects.order_by("code") if route_for(la) is None)
    response = submit(http(issue(world)), referral_body(la=uncovered.code))
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "no_route" and "101" in error["message"] and "draft" not in error["message"]
    assert not Referral.objects.exists()
