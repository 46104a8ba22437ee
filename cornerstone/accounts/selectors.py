"""Every scoped read of users, memberships and organisations."""

from __future__ import annotations

from django.db.models import QuerySet

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.models import Membership, Organisation, User
from cornerstone.accounts.roles import Role


def active_memberships_of(user: User) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user, is_active=True, organisation__is_active=True)
        .select_related("organisation")
        .order_by("organisation__name", "role")
    )


def organisations_administered_by(actor: Actor) -> QuerySet[Organisation]:
    if actor.role == Role.SYSTEM_ADMINISTRATOR:
        return Organisation.objects.all()
    if actor.role == Role.ORGANISATION_ADMINISTRATOR and actor.organisation is not None:
        return Organisation.objects.filter(pk=actor.organisation.pk)
    return Organisation.objects.none()


def memberships_visible_to(actor: Actor) -> QuerySet[Membership]:
    """Memberships an administrator may see: those of the organisations they administer (not
    the service accounts of API clients, which are managed as clients)."""
    return (
        Membership.objects.filter(organisation__in=organisations_administered_by(actor))
        .filter(api_client__isnull=True)
        .select_related("user", "organisation")
    )


def users_visible_to(actor: Actor) -> QuerySet[User]:
    return (
        User.objects.filter(memberships__organisation__in=organisations_administered_by(actor))
        .exclude(memberships__api_client__isnull=False)
        .distinct()
    )
