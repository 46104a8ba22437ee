"""Every scoped read for the API and its client pages."""

from __future__ import annotations

from django.db.models import QuerySet

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.api.models import ApiCall, ApiClient
from cornerstone.referrals.models import Referral
from cornerstone.referrals.workflow import Status


def api_clients_visible_to(actor: Actor) -> QuerySet[ApiClient]:
    """An organisation administrator sees their own organisation's clients."""
    if actor.user is None or actor.role != Role.ORGANISATION_ADMINISTRATOR or actor.organisation is None:
        return ApiClient.objects.none()
    return ApiClient.objects.filter(organisation=actor.organisation).select_related(
        "created_by", "revoked_by"
    )


def recent_calls_of(client: ApiClient, limit: int = 50) -> QuerySet[ApiCall]:
    return ApiCall.objects.filter(client=client).order_by("-occurred_at", "-id")[:limit]


def referral_statuses_visible_to(client: ApiClient) -> QuerySet[Referral]:
    """The submitted referrals of the client's own organisation (made on screen or through the
    API), with only what a referrer is told: reference, when, and the plain status."""
    return (
        Referral.objects.filter(organisation_id=client.organisation_id)
        .exclude(status=Status.DRAFT)
        .only("reference", "submitted_at", "status", "person_id")
    )
