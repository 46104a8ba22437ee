"""Every read of contacts and guidance goes through these."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from cornerstone.accounts.actor import Actor
from cornerstone.geography.models import PoliceForceArea, PreventRegion
from cornerstone.guidance.models import ContactRole, GuidanceDocument, GuidanceVersion, PreventContact
from cornerstone.guidance.permissions import can_view_guidance


def contacts_visible_to(actor: Actor) -> QuerySet[PreventContact]:
    if not can_view_guidance(actor):
        return PreventContact.objects.none()
    return PreventContact.objects.filter(is_active=True).select_related("police_force_area", "prevent_region")


def areas_of(actor: Actor) -> tuple[QuerySet[PoliceForceArea], QuerySet[PreventRegion]]:
    """The police force areas and Prevent regions the actor's organisation works in, however its
    area is recorded (local authorities, forces or regions)."""
    organisation = actor.organisation
    if organisation is None:
        return PoliceForceArea.objects.none(), PreventRegion.objects.none()
    forces = PoliceForceArea.objects.filter(
        Q(pk__in=organisation.police_force_areas.values("pk"))
        | Q(pk__in=organisation.local_authorities.values("police_force_area"))
        | Q(prevent_region__in=organisation.prevent_regions.values("pk"))
    ).distinct()
    regions = PreventRegion.objects.filter(
        Q(pk__in=organisation.prevent_regions.values("pk")) | Q(pk__in=forces.values("prevent_region"))
    ).distinct()
    return forces, regions


def contacts_for_area_of(actor: Actor) -> QuerySet[PreventContact]:
    """The Force Prevent Leads and Regional Prevent Coordinators for the actor's organisation's area."""
    forces, regions = areas_of(actor)
    return contacts_visible_to(actor).filter(
        Q(role=ContactRole.FORCE_PREVENT_LEAD, police_force_area__in=forces.values("pk"))
        | Q(role=ContactRole.REGIONAL_PREVENT_COORDINATOR, prevent_region__in=regions.values("pk"))
    )


def documents_visible_to(actor: Actor) -> QuerySet[GuidanceDocument]:
    """Documents with at least one version, each with ``version_list`` newest first (the first
    is the current version)."""
    if not can_view_guidance(actor):
        return GuidanceDocument.objects.none()
    return (
        GuidanceDocument.objects.filter(versions__isnull=False)
        .distinct()
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=GuidanceVersion.objects.order_by("-uploaded_at", "-pk"),
                to_attr="version_list",
            )
        )
    )


def versions_visible_to(actor: Actor) -> QuerySet[GuidanceVersion]:
    if not can_view_guidance(actor):
        return GuidanceVersion.objects.none()
    return GuidanceVersion.objects.select_related("document")


def current_version(document: GuidanceDocument) -> GuidanceVersion | None:
    versions = getattr(document, "version_list", None)
    if versions is None:
        return document.versions.order_by("-uploaded_at", "-pk").first()
    return versions[0] if versions else None


def contacts_managed_by(actor: Actor) -> QuerySet[PreventContact]:
    """The contacts this actor keeps (see ``permissions.can_manage_contact``)."""
    from cornerstone.accounts.roles import Role
    from cornerstone.guidance.permissions import can_keep_contacts

    if not can_keep_contacts(actor) or actor.organisation is None:
        return PreventContact.objects.none()
    contacts = contacts_visible_to(actor)
    if actor.role == Role.SYSTEM_ADMINISTRATOR:
        return contacts
    organisation = actor.organisation
    if actor.role == Role.FORCE_PREVENT_LEAD:
        return contacts.filter(
            role=ContactRole.FORCE_PREVENT_LEAD,
            police_force_area__in=organisation.police_force_areas.values("pk"),
        )
    return contacts.filter(
        role=ContactRole.REGIONAL_PREVENT_COORDINATOR,
        prevent_region__in=organisation.prevent_regions.values("pk"),
    )
