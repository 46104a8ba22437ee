"""A demo API client, so the partner API can be tried against the demo at once."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.utils import timezone

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.api import credentials
from cornerstone.api.models import ApiClient, Scope
from cornerstone.api.services import IssuedClient, api_client_create
from cornerstone.demo.generator import DemoWorld

DEMO_CLIENT_NAME = "Demo case system"


def demo_credential(seed: int) -> credentials.NewCredential:
    """Published with the demo, like the demo passwords: derived from the seed, so the same on
    every run. The demo mode cannot pass the deploy checks, so it never reaches production."""
    digest = hashlib.sha256(f"cornerstone-demo-api-{seed}".encode()).hexdigest()
    return credentials.NewCredential(key_id=digest[:16], secret=digest[16:])


def seed_demo_api_client(world: DemoWorld, *, seed: int) -> IssuedClient:
    credential = demo_credential(seed)
    existing = ApiClient.objects.filter(key_id=credential.key_id).first()
    if existing is not None:
        return IssuedClient(client=existing, token=credential.token)
    admin = Actor.for_membership(world.memberships_by_role[Role.ORGANISATION_ADMINISTRATOR])
    assert admin.organisation is not None  # noqa: S101
    return api_client_create(
        actor=admin,
        organisation=admin.organisation,
        name=DEMO_CLIENT_NAME,
        scopes=list(Scope.values),
        expires_on=timezone.localdate() + dt.timedelta(days=365),
        credential=credential,
    )
