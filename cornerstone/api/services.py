"""Every write of the API: issuing and revoking client credentials, and submitting a referral
through a client. Each runs in one transaction and writes exactly one audit event (a referral
submission's event is the referral service's own)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.models import Membership, Organisation, User
from cornerstone.accounts.roles import Role
from cornerstone.api import credentials, permissions
from cornerstone.api.models import ApiClient, IdempotencyRecord, Scope
from cornerstone.audit.services import audit_event_record
from cornerstone.referrals.models import Referral
from cornerstone.referrals.services import referral_submit_complete

MAX_LIFETIME_DAYS = 366


@dataclass(frozen=True)
class IssuedClient:
    client: ApiClient
    # Shown to the administrator once, never stored.
    token: str


def api_client_create(
    *,
    actor: Actor,
    organisation: Organisation,
    name: str,
    scopes: list[str],
    expires_on: dt.date,
    credential: credentials.NewCredential | None = None,
) -> IssuedClient:
    """A new client and its credential. ``credential`` is for the demo only, whose published
    credential is derived from the demo seed like its published passwords."""
    if not permissions.can_manage_api_clients(actor, organisation) or actor.user is None:
        raise PermissionDenied
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Enter a name for the client"})
    unknown = set(scopes) - set(Scope.values)
    if not scopes or unknown:
        raise ValidationError({"scopes": "Select what the client may do"})
    today = timezone.localdate()
    if not today < expires_on <= today + dt.timedelta(days=MAX_LIFETIME_DAYS):
        raise ValidationError({"expires_on": "The expiry date must be after today and within a year"})
    issued = credential or credentials.new_credential()
    with transaction.atomic():
        if ApiClient.objects.filter(organisation=organisation, name=name).exists():
            raise ValidationError({"name": "Your organisation already has a client with this name"})
        # The client's own service account: it can never sign in (no usable password, an address
        # that cannot receive mail) and holds only the referrer role, in this organisation.
        user = User.objects.create_user(
            email=f"api-client-{issued.key_id}@api-clients.cornerstone.invalid",
            full_name=f"API client: {name}",
            job_title="Partner system",
        )
        membership = Membership.objects.create(
            user=user, organisation=organisation, role=Role.REFERRER, granted_by=actor.user
        )
        client = ApiClient.objects.create(
            organisation=organisation,
            name=name,
            key_id=issued.key_id,
            secret_digest=credentials.digest(issued.secret),
            scopes=sorted(set(scopes)),
            membership=membership,
            expires_at=timezone.make_aware(dt.datetime.combine(expires_on, dt.time.max)),
            created_by=actor.user,
        )
        audit_event_record(
            actor=actor,
            action="api_client.created",
            target=client,
            changes={"key_id": client.key_id, "scopes": client.scopes, "expires_on": expires_on.isoformat()},
        )
    return IssuedClient(client=client, token=issued.token)


def api_client_revoke(*, actor: Actor, client_id: int, reason: str) -> ApiClient:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter why you are revoking this credential"})
    with transaction.atomic():
        client = (
            ApiClient.objects.select_for_update()
            .select_related("organisation", "membership")
            .filter(pk=client_id)
            .first()
        )
        if client is None or not permissions.can_manage_api_clients(actor, client.organisation):
            raise PermissionDenied
        if client.revoked_at is not None:
            raise ValidationError("This credential has already been revoked")
        client.revoked_at = timezone.now()
        client.revoked_by = actor.user
        client.save(update_fields=["revoked_at", "revoked_by"])
        User.objects.filter(pk=client.membership.user_id).update(is_active=False)
        Membership.objects.filter(pk=client.membership_id).update(is_active=False)
        audit_event_record(actor=actor, action="api_client.revoked", target=client, reason=reason)
    return client


class IdempotencyKeyReused(ValidationError):
    """The key was used before for a different request body."""


@dataclass(frozen=True)
class ApiSubmission:
    referral: Referral
    # False when this key's referral already existed (a retry): nothing new was made.
    created: bool


def referral_submit_through_api(
    *, client: ApiClient, answers: dict[str, dict[str, list[str]]], idempotency_key: str, fingerprint: str
) -> ApiSubmission:
    """Submit a whole referral for a client, at most once per idempotency key.

    The key's row is written first in the transaction. A concurrent request with the same key
    waits on it (the unique index on PostgreSQL, the write lock on SQLite) until the first
    commits, then fails to insert, and is given the first request's referral. If the first
    fails, its row goes with it and the retry is judged afresh."""
    actor = Actor.for_membership(client.membership)
    try:
        with transaction.atomic():
            existing = _recorded(client, idempotency_key)
            if existing is not None:
                return _replay(existing, fingerprint)
            record = IdempotencyRecord.objects.create(
                client=client, key=idempotency_key, fingerprint=fingerprint
            )
            referral = referral_submit_complete(actor=actor, answers=answers)
            record.referral = referral
            record.save(update_fields=["referral"])
    except IntegrityError:
        existing = _recorded(client, idempotency_key)
        if existing is None:
            raise
        return _replay(existing, fingerprint)
    return ApiSubmission(referral, created=True)


def _recorded(client: ApiClient, key: str) -> IdempotencyRecord | None:
    return IdempotencyRecord.objects.select_related("referral").filter(client=client, key=key).first()


def _replay(record: IdempotencyRecord, fingerprint: str) -> ApiSubmission:
    if record.fingerprint != fingerprint:
        raise IdempotencyKeyReused("This Idempotency-Key was used before with a different referral")
    assert record.referral is not None  # set in the transaction that wrote the row  # noqa: S101
    return ApiSubmission(record.referral, created=False)
