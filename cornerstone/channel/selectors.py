"""Every scoped read of Channel cases. The local authority's Channel coordinator and panel chair
see the cases of the areas their authority covers; police Prevent staff see the referrals routed
to their unit (``referrals.selectors``). Panel members and intervention providers see far less,
through their own selectors (``panels.selectors``, ``support.selectors``)."""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.models import Organisation, User
from cornerstone.accounts.roles import Role
from cornerstone.channel.models import ChannelCase, InformationRequest
from cornerstone.people.models import NameKind
from cornerstone.referrals.models import Referral, TimelineEntry
from cornerstone.referrals.selectors import referrals_visible_to
from cornerstone.referrals.workflow import Status

CASE_HOLDERS = frozenset({Role.CHANNEL_COORDINATOR, Role.PANEL_CHAIR})


def channel_cases_visible_to(actor: Actor) -> QuerySet[ChannelCase]:
    """Channel cases of the local authority areas the actor's organisation covers."""
    if actor.user is None or actor.role not in CASE_HOLDERS or actor.organisation is None:
        return ChannelCase.objects.none()
    return ChannelCase.objects.filter(local_authority__organisations=actor.organisation)


def case_referrals_visible_to(actor: Actor) -> QuerySet[Referral]:
    """Referrals whose whole case (with its timeline) the actor may open: police Prevent staff
    those routed to their unit, Channel coordinators and chairs their area's Channel cases."""
    if actor.role in CASE_HOLDERS:
        return Referral.objects.filter(channel_case__in=channel_cases_visible_to(actor))
    return referrals_visible_to(actor)


def timeline_for(actor: Actor, referral: Referral) -> QuerySet[TimelineEntry]:
    """The person's timeline as this actor may see it: every step of every referral about the
    same person that the actor may open, oldest first. One query, whatever its length."""
    visible = case_referrals_visible_to(actor)
    if referral.person_id is None:
        return TimelineEntry.objects.none()
    return (
        TimelineEntry.objects.filter(referral__person_id=referral.person_id, referral__in=visible)
        .select_related("referral")
        .order_by("occurred_at", "id")
    )


# Partner staff who answer their organisation's information requests.
PARTNER_ANSWERERS = frozenset({Role.SAFEGUARDING_LEAD, Role.PANEL_MEMBER})
# States in which the coordinator may ask partners for information.
INFORMATION_REQUEST_STATES = frozenset({Status.INFORMATION_GATHERING, Status.LISTED, Status.SUPPORT})


def information_requests_for_partner(actor: Actor) -> QuerySet[InformationRequest]:
    """The information requests put to the actor's own organisation (open and answered, never
    withdrawn ones), for its safeguarding leads and panel members only. Nothing else of the case
    comes with them: pages show the question and the minimum identifying detail."""
    if actor.user is None or actor.role not in PARTNER_ANSWERERS or actor.organisation is None:
        return InformationRequest.objects.none()
    return (
        InformationRequest.objects.filter(organisation=actor.organisation, withdrawn_at__isnull=True)
        .select_related("case__referral")
        .order_by("answered_at", "due_on", "id")
    )


def information_requests_visible_to(actor: Actor) -> QuerySet[InformationRequest]:
    """Every information request (with its answer) on the Channel cases the actor holds."""
    return InformationRequest.objects.filter(case__in=channel_cases_visible_to(actor)).select_related(
        "organisation", "sent_by", "answered_by", "case__referral"
    )


def partner_organisations() -> QuerySet[Organisation]:
    """Organisations that can be asked for information: active, with at least one active
    safeguarding lead or panel member to answer."""
    return Organisation.objects.filter(
        is_active=True,
        memberships__is_active=True,
        memberships__user__is_active=True,
        memberships__role__in=PARTNER_ANSWERERS,
    ).distinct()


def partner_answerers(organisation: Organisation) -> QuerySet[User]:
    """The people told about a request to their organisation."""
    return User.objects.filter(
        is_active=True,
        memberships__is_active=True,
        memberships__organisation=organisation,
        memberships__role__in=PARTNER_ANSWERERS,
    ).distinct()


@dataclass(frozen=True)
class IdentifyingDetail:
    """The minimum a partner is told to find the person in its own records."""

    full_name: str
    date_of_birth: dt.date | None
    local_authority: str
    postcode: str


def identifying_detail(referral: Referral) -> IdentifyingDetail:
    """Full name, date of birth, area and postcode, from the person index record."""
    person = referral.person
    area = referral.local_authority.name if referral.local_authority_id else ""  # type: ignore[union-attr]
    if person is None:
        return IdentifyingDetail("Not known", None, area, "")
    name = (
        person.names.filter(kind=NameKind.PRIMARY).order_by("pk").first()
        or person.names.order_by("pk").first()
    )
    address = person.addresses.order_by("-date_from", "-pk").first()
    return IdentifyingDetail(
        full_name=name.full_name if name is not None and name.full_name else "Not known",
        date_of_birth=person.date_of_birth,
        local_authority=area,
        postcode=address.postcode if address is not None else "",
    )


def is_overdue(request: InformationRequest, today: dt.date | None = None) -> bool:
    return (
        request.answered_at is None
        and request.withdrawn_at is None
        and request.due_on < (today or timezone.localdate())
    )


def preliminary_assessment_completed(referral: Referral) -> bool:
    """The guard for listing: the assessments app's own check where it has one."""
    try:
        module = importlib.import_module("cornerstone.assessments.selectors")
    except ImportError:
        module = None
    check = getattr(module, "preliminary_assessment_completed", None)
    if check is not None:
        return bool(check(referral))
    from cornerstone.assessments.models import Assessment

    return Assessment.objects.filter(referral=referral, kind="preliminary", state="completed").exists()


ADULT_AGE = 18


def age_on(date_of_birth: dt.date, day: dt.date) -> int:
    return day.year - date_of_birth.year - ((day.month, day.day) < (date_of_birth.month, date_of_birth.day))


def person_is_child(referral: Referral, on: dt.date) -> bool | None:
    """Whether the person was under 18 on the day, from the person index; None if not known."""
    person = referral.person
    if person is None or person.date_of_birth is None:
        return None
    return age_on(person.date_of_birth, on) < ADULT_AGE
