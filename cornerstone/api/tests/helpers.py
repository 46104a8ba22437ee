"""Building API clients and referral bodies for the API's tests."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.utils import timezone
from rest_framework.test import APIClient

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.models import Organisation
from cornerstone.accounts.roles import Role
from cornerstone.api.models import Scope
from cornerstone.api.services import IssuedClient, api_client_create
from cornerstone.demo.generator import DemoWorld

EVERY_SCOPE = list(Scope.values)


def administrator_of(world: DemoWorld, organisation: Organisation | None = None) -> Actor:
    membership = world.memberships_by_role[Role.ORGANISATION_ADMINISTRATOR]
    if organisation is not None and membership.organisation_id != organisation.pk:
        from cornerstone.accounts.models import Membership, User

        user = User.objects.create_user(
            email=f"admin-{uuid.uuid4().hex[:8]}@example.test", full_name="Other admin"
        )
        membership = Membership.objects.create(
            user=user, organisation=organisation, role=Role.ORGANISATION_ADMINISTRATOR
        )
    return Actor.for_membership(membership)


def issue(
    world: DemoWorld,
    *,
    scopes: list[str] | None = None,
    organisation: Organisation | None = None,
    name: str | None = None,
    days: int = 30,
) -> IssuedClient:
    actor = administrator_of(world, organisation)
    assert actor.organisation is not None
    return api_client_create(
        actor=actor,
        organisation=actor.organisation,
        name=name or f"Records system {uuid.uuid4().hex[:6]}",
        scopes=EVERY_SCOPE if scopes is None else scopes,
        expires_on=timezone.localdate() + dt.timedelta(days=days),
    )


def http(issued: IssuedClient | None = None, token: str | None = None) -> APIClient:
    client = APIClient()
    if issued is not None or token is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token or issued.token}")  # type: ignore[union-attr]
    return client


def referral_body(
    *, given: str = "Sam", family: str = "Taylor", born: str = "2010-04-03", la: str = "WRT"
) -> dict[str, Any]:
    """A whole referral as a partner's system sends it."""
    return {
        "answers": {
            "name": {"given_names": given, "family_name": family},
            "other-names": {"has_other_names": "no"},
            "date-of-birth": {"dob_known": "yes", "date_of_birth": born},
            "gender": {"gender": "male"},
            "address": {
                "address_lines": "1 Bridge Street\nWarrington",
                "postcode": "WA1 2AB",
                "local_authority": la,
            },
            "school-or-employer": {"school_or_employer": "Riverside Academy"},
            "family-contacts": {"family_contacts": "Mother, Alex Taylor, 01632 960 001"},
            "first-language": {"first_language": "English"},
            "additional-needs": {"needs": ["sen"], "needs_details": "Dyslexia"},
            "identifiers": {},
            "concern": {
                "what_noticed": "Shared extreme right wing images with classmates",
                "when_noticed": "Over the last 2 weeks",
            },
            "online-behaviour": {
                "online": "yes",
                "online_details": "Watching violent videos",
                "online_how_found": "Told by a classmate",
            },
            "group-contacts": {"group_contacts": "not_known"},
            "wish-to-harm": {"wish_to_harm": "no"},
            "other-agencies": {},
            "safeguarding-concerns": {},
            "concern-type": {"concern_type": "extreme_right_wing"},
            "about-you": {
                "sector": "education",
                "organisation_name": "Riverside Academy (demo)",
                "job_role": "Class teacher",
                "phone": "01632 960 002",
                "relationship": "Form tutor",
            },
            "safeguarding-lead": {"lead_consulted": "yes", "lead_name": "Pat Jones"},
            "awareness": {
                "person_knows": "yes",
                "parents_know": "no",
                "parents_not_told_reason": "Risk at home",
            },
            "mash": {"has_mash_reference": "no"},
        }
    }


def submit(client: APIClient, body: dict[str, Any] | None = None, key: str | None = None) -> Any:
    return client.post(
        "/api/v1/referrals/",
        body if body is not None else referral_body(),
        format="json",
        HTTP_IDEMPOTENCY_KEY=key or str(uuid.uuid4()),
    )
