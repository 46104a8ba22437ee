"""An organisation administrator issues an API credential, a partner system uses it, and the
administrator revokes it; the documentation page. In a real browser, checked with axe."""

from __future__ import annotations

import uuid

import pytest
import requests
from playwright.sync_api import Page, expect

from cornerstone.accounts.roles import Role
from cornerstone.api.models import ApiClient
from cornerstone.api.tests.helpers import referral_body
from cornerstone.demo.generator import DemoWorld, demo_email
from cornerstone.referrals.models import Referral
from cornerstone.referrals.reference_data import load_reference_lists
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _submit(base_url: str, token: str) -> requests.Response:
    return requests.post(
        f"{base_url}/api/v1/referrals/",
        json=referral_body(),
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": str(uuid.uuid4())},
        timeout=30,
    )


def test_an_administrator_issues_and_revokes_a_credential(page: Page, world: DemoWorld, live_server) -> None:  # type: ignore[no-untyped-def]
    load_reference_lists()
    sign_in(page, demo_email(Role.ORGANISATION_ADMINISTRATOR))
    page.get_by_role("link", name="API clients").first.click()
    expect(page.get_by_role("heading", name="API clients", level=1)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Create an API client").click()
    page.get_by_role("button", name="Create client").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a name for the client")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select what the client may do")
    assert_accessible(page)
    page.get_by_label("Name").fill("Student records")
    page.get_by_label("Submit referrals").check()
    page.get_by_role("button", name="Create client").click()
    expect(page.get_by_role("heading", name="API client created")).to_be_visible()
    assert_accessible(page)
    token = page.get_by_label("Credential").input_value()
    client = ApiClient.objects.get(name="Student records")
    assert token.startswith(f"cs_{client.key_id}_") and token.split("_")[2] not in client.secret_digest

    answered = _submit(live_server.url, token)
    assert answered.status_code == 201, answered.text
    assert Referral.objects.filter(reference=answered.json()["reference"], created_by=client.user).exists()

    page.get_by_role("link", name="I have copied it: go to the client").click()
    expect(page.locator("table")).to_contain_text(answered.json()["reference"])
    assert "cs_" not in page.content().replace(f"cs_{client.key_id}", "")
    assert_accessible(page)
    page.get_by_role("button", name="Revoke this credential").click()
    page.get_by_label("Why are you revoking it?").fill("The records system was replaced")
    page.get_by_role("button", name="Revoke credential").click()
    expect(page.locator(".govuk-summary-list")).to_contain_text("Revoked")

    refused = _submit(live_server.url, token)
    assert (refused.status_code, refused.json()["error"]["code"]) == (401, "credential_revoked")


def test_the_documentation_lists_every_operation(page: Page) -> None:
    page.goto("/api/v1/docs/")
    expect(page.get_by_role("heading", name="Cornerstone partner API", level=1)).to_be_visible()
    for operation in (
        "POST /api/v1/referrals/",
        "GET /api/v1/referrals/{reference}/",
        "GET /api/v1/directory/services/",
    ):
        expect(page.get_by_role("heading", name=operation, exact=False)).to_be_visible()
    assert_accessible(page)
    schema = page.request.get("/api/v1/schema/?format=json")
    assert schema.ok and schema.json()["openapi"].startswith("3.")
