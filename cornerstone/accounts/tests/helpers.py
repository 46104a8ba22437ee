"""Test helpers other apps' tests use too."""

from __future__ import annotations

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from cornerstone.accounts.middleware import ACTING_MEMBERSHIP_SESSION_KEY
from cornerstone.accounts.models import Membership, User


def sign_in(client: Client, user: User, membership: Membership | None = None) -> Client:
    """Sign a test client in as if the user had passed both factors and chosen a role."""
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="test", confirmed=True
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    if membership is not None:
        session[ACTING_MEMBERSHIP_SESSION_KEY] = membership.pk
    session.save()
    return client
