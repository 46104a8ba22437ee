"""The staff referral page shows the person's earlier referrals first, found by person, so
records merged by the person index bring their referrals with them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.accounts.tests.helpers import sign_in
from cornerstone.people.services import person_merge
from cornerstone.referrals import services
from cornerstone.referrals.tests.helpers import draft

pytestmark = pytest.mark.django_db


def test_history_after_a_merge(world, client: Client) -> None:  # type: ignore[no-untyped-def]
    referrer = world.memberships_by_role[Role.REFERRER]
    actor = Actor.for_membership(referrer)
    officer = world.memberships_by_role[Role.POLICE_PREVENT_OFFICER]
    now = timezone.now()
    first = services.referral_submit(
        actor=actor, referral_id=draft(referrer).pk, now=now - dt.timedelta(days=400)
    ).referral
    second = services.referral_submit(
        actor=actor, referral_id=draft(referrer).pk, now=now - dt.timedelta(days=30)
    ).referral
    third = services.referral_submit(actor=actor, referral_id=draft(referrer).pk).referral
    assert len({first.person_id, second.person_id, third.person_id}) == 3  # never merged automatically

    sign_in(client, officer.user, officer)
    html = client.get(reverse("referrals:detail", args=[third.pk])).content.decode()
    assert "There are no earlier referrals about this person" in html

    for earlier in (second, first):
        person_merge(
            actor=Actor.for_membership(officer),
            source=earlier.person,
            target=third.person,
            reason="Same person",
        )
    html = client.get(reverse("referrals:detail", args=[third.pk])).content.decode()
    history = html[html.index("Earlier referrals about this person") : html.index("govuk-summary-list")]
    assert first.reference in history and second.reference in history
    assert history.index(first.reference) < history.index(second.reference)  # oldest first
    assert html.index("Earlier referrals") < html.index("What have you noticed?")  # history first
    # The earliest referral has no earlier ones.
    html = client.get(reverse("referrals:detail", args=[first.pk])).content.decode()
    assert "There are no earlier referrals about this person" in html
