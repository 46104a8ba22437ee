"""Fixtures for the audit tests: organisations, people and rows made directly with the ORM."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.middleware import ACTING_MEMBERSHIP_SESSION_KEY
from cornerstone.accounts.models import Membership, Organisation, User
from cornerstone.accounts.roles import OrganisationType, Role
from cornerstone.audit.models import AccessKind, AccessLogEntry, AuditEvent

_numbers = itertools.count(1)


@pytest.fixture
def organisation(db: None) -> Organisation:
    return Organisation.objects.create(
        name="Northshire County Council", type=OrganisationType.LOCAL_AUTHORITY
    )


@pytest.fixture
def other_organisation(db: None) -> Organisation:
    return Organisation.objects.create(name="Southshire Police", type=OrganisationType.POLICE_FORCE)


@pytest.fixture
def make_membership(db: None) -> Callable[..., Membership]:
    def make(organisation: Organisation, role: str, *, name: str = "", email: str = "") -> Membership:
        number = next(_numbers)
        user = User.objects.create_user(
            email=email or f"person-{number}@example.org",
            full_name=name or f"Person {number}",
            password="a-long-test-password",
        )
        return Membership.objects.create(user=user, organisation=organisation, role=role)

    return make


@pytest.fixture
def dpo(organisation: Organisation, make_membership: Callable[..., Membership]) -> Membership:
    return make_membership(organisation, Role.DATA_PROTECTION_OFFICER, name="Dana Auditor")


@pytest.fixture
def other_dpo(other_organisation: Organisation, make_membership: Callable[..., Membership]) -> Membership:
    return make_membership(other_organisation, Role.DATA_PROTECTION_OFFICER, name="Olu Auditor")


def sign_in(client: Client, membership: Membership) -> Client:
    """Past sign-in and the second factor, acting in this membership."""
    user = membership.user
    client.force_login(user)
    device = StaticDevice.objects.create(user=user, name="backup codes")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[ACTING_MEMBERSHIP_SESSION_KEY] = membership.pk
    session.save()
    return client


@pytest.fixture
def dpo_client(client: Client, dpo: Membership) -> Client:
    return sign_in(client, dpo)


@pytest.fixture
def make_event() -> Callable[..., AuditEvent]:
    """An audit event as ``audit_event_record`` would write it, with any field overridden."""

    def make(membership: Membership | None = None, **fields: Any) -> AuditEvent:
        actor = Actor.for_membership(membership) if membership else Actor.system("tests")
        values: dict[str, Any] = {
            "actor": actor.user,
            "actor_label": actor.label,
            "organisation": actor.organisation,
            "role": actor.role,
            "action": "referral.update",
            "object_type": "referrals.referral",
            "object_id": str(next(_numbers)),
            "object_repr": "Referral",
        }
        values.update(fields)
        return AuditEvent.objects.create(**values)

    return make


@pytest.fixture
def make_access() -> Callable[..., AccessLogEntry]:
    def make(membership: Membership | None = None, **fields: Any) -> AccessLogEntry:
        actor = Actor.for_membership(membership) if membership else Actor.system("tests")
        values: dict[str, Any] = {
            "user": actor.user,
            "user_label": actor.label,
            "organisation": actor.organisation,
            "role": actor.role,
            "kind": AccessKind.VIEW,
            "object_type": "people.person",
            "object_id": str(next(_numbers)),
            "object_repr": "Person",
        }
        values.update(fields)
        return AccessLogEntry.objects.create(**values)

    return make


def days_ago(days: int, hour: int = 12) -> dt.datetime:
    """A moment ``days`` days before today, UK time."""
    day = timezone.localdate() - dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))
