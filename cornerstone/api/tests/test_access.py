"""Who can call what: credentials, scopes, organisations. A client never reads another
organisation's referrals, nor anything about a person beyond its own referrals' status."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.api.models import ApiCall, ApiClient, Scope
from cornerstone.api.services import api_client_revoke
from cornerstone.api.tests.helpers import administrator_of, http, issue, submit
from cornerstone.referrals.tests.helpers import submitted

pytestmark = pytest.mark.django_db

STATUS_FIELDS = {"reference", "submitted_at", "status", "status_label"}


def test_a_client_reads_only_its_own_organisations_referrals(world) -> None:
    referrer = world.memberships_by_role[Role.REFERRER]
    ours = issue(world, organisation=referrer.organisation)
    theirs = issue(world, organisation=administrator_of(world).organisation)
    assert ours.client.organisation_id != theirs.client.organisation_id
    our_reference = submit(http(ours)).json()["reference"]
    their_reference = submit(http(theirs)).json()["reference"]
    # One typed in on screen by a member of staff of our organisation is ours too.
    screen = submitted(referrer)
    listed = http(ours).get("/api/v1/referrals/").json()
    references = {row["reference"] for row in listed["results"]}
    assert references == {our_reference, screen.reference}
    assert their_reference not in references
    assert all(set(row) == STATUS_FIELDS for row in listed["results"])
    assert http(ours).get(f"/api/v1/referrals/{our_reference}/").status_code == 200
    refused = http(ours).get(f"/api/v1/referrals/{their_reference}/")
    assert (refused.status_code, refused.json()["error"]["code"]) == (404, "not_found")


def test_status_never_reveals_an_outcome(world) -> None:
    from cornerstone.referrals.models import Referral
    from cornerstone.referrals.workflow import Status

    issued = issue(world)
    reference = submit(http(issued)).json()["reference"]
    for status in Status:
        if status == Status.DRAFT:
            continue
        expected = {Status.SUBMITTED: "received", Status.CLOSED: "closed"}.get(status, "being_looked_at")
        Referral.objects.filter(reference=reference).update(status=status)
        body = http(issued).get(f"/api/v1/referrals/{reference}/").json()
        assert body["status"] == expected
        assert set(body) == STATUS_FIELDS


# Each endpoint and the scope it needs (None: any current credential).
ENDPOINTS = [
    ("post", "/api/v1/referrals/", Scope.SUBMIT_REFERRALS),
    ("get", "/api/v1/referrals/", Scope.READ_REFERRAL_STATUS),
    ("get", "/api/v1/referrals/PRV-2026-000001/", Scope.READ_REFERRAL_STATUS),
    ("get", "/api/v1/directory/services/", None),
    ("get", "/api/v1/directory/providers/", None),
]


@pytest.mark.parametrize("scope", list(Scope.values))
@pytest.mark.parametrize(("method", "path", "needed"), ENDPOINTS)
def test_scope_matrix(world, scope: str, method: str, path: str, needed: str | None) -> None:
    client = http(issue(world, scopes=[scope]))
    response = submit(client) if method == "post" else client.get(path)
    if needed is None or needed == scope:
        assert response.status_code in {200, 201, 404}, response.json()
        if response.status_code == 404:
            assert response.json()["error"]["code"] == "not_found"
    else:
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "permission_denied"


def _revoked(world):
    issued = issue(world)
    api_client_revoke(actor=administrator_of(world), client_id=issued.client.pk, reason="Replaced")
    return issued.token


def _expired(world):
    issued = issue(world)
    ApiClient.objects.filter(pk=issued.client.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    return issued.token


def _wrong_secret(world):
    token = issue(world).token
    return token[:-4] + ("aaaa" if not token.endswith("aaaa") else "bbbb")


def _organisation_closed(world):
    issued = issue(world)
    type(issued.client.organisation).objects.filter(pk=issued.client.organisation_id).update(is_active=False)
    return issued.token


REFUSED = [
    (_revoked, "credential_revoked"),
    (_expired, "credential_expired"),
    (_wrong_secret, "credential_unknown"),
    (lambda world: "cs_0123456789abcdef_nothing", "credential_unknown"),
    (lambda world: "not-a-token", "credential_unknown"),
    (_organisation_closed, "organisation_inactive"),
]


@pytest.mark.parametrize(("make_token", "code"), REFUSED)
@pytest.mark.parametrize(("method", "path", "needed"), ENDPOINTS)
def test_refused_credentials_get_nothing(
    world, make_token, code: str, method: str, path: str, needed
) -> None:
    client = http(token=make_token(world))
    response = submit(client) if method == "post" else client.get(path)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == code
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert ApiCall.objects.filter(status_code=401, error_code=code).exists()


def test_no_credential_is_refused_and_logged(world) -> None:
    response = http().get("/api/v1/referrals/")
    assert (response.status_code, response.json()["error"]["code"]) == (401, "not_authenticated")
    assert ApiCall.objects.filter(client=None, status_code=401).exists()


def test_the_service_account_cannot_sign_in_and_is_not_listed_as_a_user(world) -> None:
    issued = issue(world)
    user = issued.client.user
    assert not user.has_usable_password()
    from cornerstone.accounts.selectors import users_visible_to

    assert user not in users_visible_to(administrator_of(world))


def test_only_the_organisations_own_administrator_manages_its_clients(world) -> None:
    from django.core.exceptions import PermissionDenied

    from cornerstone.api.services import api_client_create

    organisation = administrator_of(world).organisation
    for role, membership in world.memberships_by_role.items():
        actor = Actor.for_membership(membership)
        allowed = role == Role.ORGANISATION_ADMINISTRATOR and membership.organisation_id == organisation.pk
        try:
            api_client_create(
                actor=actor,
                organisation=organisation,
                name=f"Client by {role}",
                scopes=[Scope.SUBMIT_REFERRALS],
                expires_on=timezone.localdate() + dt.timedelta(days=10),
            )
        except PermissionDenied:
            assert not allowed, role
        else:
            assert allowed, role


def test_the_demo_credential_is_the_same_every_run_and_works(world) -> None:
    from cornerstone.api.demo import seed_demo_api_client
    from cornerstone.demo.generator import DEMO_SEED

    first = seed_demo_api_client(world, seed=DEMO_SEED)
    again = seed_demo_api_client(world, seed=DEMO_SEED)
    assert (first.client.pk, first.token) == (again.client.pk, again.token)
    assert http(token=first.token).get("/api/v1/directory/services/").status_code == 200


def test_unknown_api_addresses_and_server_errors_answer_in_the_error_shape(world, client, settings) -> None:
    from cornerstone.govuk.views import server_error

    response = client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    from django.test import RequestFactory

    failed = server_error(RequestFactory().get("/api/v1/referrals/"))
    assert failed.status_code == 500 and b'"server_error"' in failed.content
    assert b"<html" in server_error(RequestFactory().get("/referrals/")).content
