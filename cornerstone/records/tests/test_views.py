"""The review page: keep longer needs a reason and a date; deleting leads to the certificate."""

from __future__ import annotations

import pytest
from django.test import Client

from cornerstone.accounts.roles import Role
from cornerstone.accounts.tests.helpers import sign_in
from cornerstone.audit.models import AccessLogEntry
from cornerstone.demo.generator import DemoWorld
from cornerstone.records.models import ReviewState
from cornerstone.records.tests.builders import GIVEN, pending_review, subject_with_everything


def _dpo_client(world: DemoWorld) -> Client:
    membership = world.memberships_by_role[Role.DATA_PROTECTION_OFFICER]
    return sign_in(Client(), membership.user, membership)


@pytest.mark.django_db
def test_review_page_shows_reference_only_and_logs_the_read(world: DemoWorld) -> None:
    review = pending_review(subject_with_everything(world))
    client = _dpo_client(world)
    page = client.get(f"/records/reviews/{review.pk}/").content.decode()
    assert review.person_reference in page and GIVEN not in page
    assert AccessLogEntry.objects.filter(
        person_ref=review.person_reference, object_type="records.retentionreview"
    ).exists()
    listing = client.get("/records/").content.decode()
    assert review.person_reference in listing and GIVEN not in listing


@pytest.mark.django_db
def test_keep_longer_needs_a_reason_and_a_date(world: DemoWorld) -> None:
    review = pending_review(subject_with_everything(world))
    client = _dpo_client(world)
    response = client.post(f"/records/reviews/{review.pk}/", {"decision": "keep"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter why the records must be kept longer" in page and "Enter the date to review again" in page
    review.refresh_from_db()
    assert review.state == ReviewState.PENDING
    response = client.post(
        f"/records/reviews/{review.pk}/",
        {
            "decision": "keep",
            "reason": "Open investigation",
            "review_again_on_day": "1",
            "review_again_on_month": "6",
            "review_again_on_year": "2099",
        },
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.state == ReviewState.KEPT and review.keep_reason == "Open investigation"


@pytest.mark.django_db
def test_confirm_deletion_shows_the_certificate(world: DemoWorld) -> None:
    review = pending_review(subject_with_everything(world))
    client = _dpo_client(world)
    response = client.post(f"/records/reviews/{review.pk}/", {"decision": "delete"}, follow=True)
    page = response.content.decode()
    review.refresh_from_db()
    assert review.state == ReviewState.DELETED
    assert review.certificate is not None and review.certificate.number in page
    assert "What was removed" in page and GIVEN not in page


@pytest.mark.django_db
def test_rule_edit_page(world: DemoWorld) -> None:
    client = _dpo_client(world)
    from cornerstone.records.models import RetentionRule

    rule = RetentionRule.objects.get(outcome_group="channel", age_group="adult")
    assert client.post(f"/records/rules/{rule.pk}/", {"years": "0"}).status_code == 200
    assert client.post(f"/records/rules/{rule.pk}/", {"years": "7"}).status_code == 302
    assert RetentionRule.objects.get(pk=rule.pk).years == 7
