"""Every read of the directory goes through these, so that scoping is decided in one place."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from cornerstone.accounts.actor import Actor
from cornerstone.geography.models import LocalAuthority
from cornerstone.geography.selectors import local_authorities_covered
from cornerstone.partners.models import InterventionProvider, PartnerService, ServiceType
from cornerstone.partners.permissions import can_edit_directory, can_view_directory


def stale_before(now: dt.datetime | None = None) -> dt.datetime:
    """Entries last confirmed before this moment need checking."""
    return (now or timezone.now()) - dt.timedelta(days=settings.CORNERSTONE_DIRECTORY_STALE_AFTER_DAYS)


def is_stale(service: PartnerService, now: dt.datetime | None = None) -> bool:
    return service.withdrawn_at is None and service.last_confirmed_at < stale_before(now)


def services_visible_to(actor: Actor) -> QuerySet[PartnerService]:
    """The services this actor may see: current ones for readers; withdrawn ones too for editors."""
    services = PartnerService.objects.select_related("service_type")
    if not can_view_directory(actor):
        return services.none()
    if can_edit_directory(actor):
        return services
    return services.filter(withdrawn_at__isnull=True)


def current_services_visible_to(actor: Actor) -> QuerySet[PartnerService]:
    return services_visible_to(actor).filter(withdrawn_at__isnull=True)


@dataclass(frozen=True)
class ServiceSearch:
    text: str = ""
    type_codes: tuple[str, ...] = ()
    local_authority: LocalAuthority | None = None
    age: int | None = None
    stale_only: bool = False


def services_matching(
    services: QuerySet[PartnerService], search: ServiceSearch, *, now: dt.datetime | None = None
) -> QuerySet[PartnerService]:
    """Filter services by free text, type, area served and a person's age.

    An entry with no minimum (or maximum) age has no limit that way, so it matches every age.
    """
    for word in search.text.split()[:10]:
        services = services.filter(
            Q(name__icontains=word)
            | Q(organisation_name__icontains=word)
            | Q(description__icontains=word)
            | Q(eligibility__icontains=word)
        )
    if search.type_codes:
        services = services.filter(service_type__code__in=search.type_codes)
    if search.local_authority is not None:
        services = services.filter(local_authorities=search.local_authority)
    if search.age is not None:
        services = services.filter(Q(min_age__isnull=True) | Q(min_age__lte=search.age)).filter(
            Q(max_age__isnull=True) | Q(max_age__gte=search.age)
        )
    if search.stale_only:
        services = services.filter(last_confirmed_at__lt=stale_before(now))
    return services.distinct()


def service_types() -> QuerySet[ServiceType]:
    return ServiceType.objects.all()


def directory_areas_for(actor: Actor) -> QuerySet[LocalAuthority]:
    """The local authorities that any service this actor can see serves (for the area filter)."""
    ids = current_services_visible_to(actor).values("local_authorities")
    return LocalAuthority.objects.filter(pk__in=ids).order_by("name")


def actor_local_authorities(actor: Actor) -> QuerySet[LocalAuthority]:
    """The area the actor's organisation covers, as local authorities."""
    organisation = actor.organisation
    if organisation is None:
        return LocalAuthority.objects.none()
    return local_authorities_covered(
        prevent_regions=organisation.prevent_regions.all(),
        police_force_areas=organisation.police_force_areas.all(),
        local_authorities=organisation.local_authorities.all(),
    )


def stale_services_for(actor: Actor, *, now: dt.datetime | None = None) -> QuerySet[PartnerService]:
    """Current entries that need checking and that the actor keeps: for a coordinator, those
    serving their organisation's area; for a system administrator, all of them."""
    if not can_edit_directory(actor):
        return PartnerService.objects.none()
    stale = current_services_visible_to(actor).filter(last_confirmed_at__lt=stale_before(now))
    if actor.role == "system_administrator":
        return stale
    area = actor_local_authorities(actor).values("pk")
    return stale.filter(local_authorities__in=area).distinct()


def providers_visible_to(actor: Actor) -> QuerySet[InterventionProvider]:
    if not can_view_directory(actor):
        return InterventionProvider.objects.none()
    return InterventionProvider.objects.select_related("organisation")


def approved_providers_visible_to(
    actor: Actor, *, today: dt.date | None = None
) -> QuerySet[InterventionProvider]:
    """Providers a support plan may choose: approved, and not past their review date."""
    today = today or timezone.localdate()
    return (
        providers_visible_to(actor)
        .filter(approval_status="approved")
        .filter(Q(review_due_on__isnull=True) | Q(review_due_on__gte=today))
    )
