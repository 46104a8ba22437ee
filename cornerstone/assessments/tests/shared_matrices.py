"""This app's pages and services, for the shared role-by-page matrix and the shared
one-audit-event-per-service test in ``cornerstone/accounts/tests``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.assessments import services
from cornerstone.assessments.models import (
    Assessment,
    AssessmentKind,
    AssessmentState,
    Framework,
    FrameworkVersion,
    VersionStatus,
)
from cornerstone.assessments.reference_data import DEFAULT_FRAMEWORK_CODE, load_default_framework
from cornerstone.assessments.structure import DimensionSpec, FactorSpec
from cornerstone.demo.generator import DemoWorld
from cornerstone.referrals.models import Referral
from cornerstone.referrals.reference_data import load_reference_lists
from cornerstone.referrals.tests.stages import referral_at
from cornerstone.referrals.workflow import Status

SCREENING = frozenset({Role.POLICE_PREVENT_OFFICER, Role.POLICE_PREVENT_SUPERVISOR})
COORDINATOR = frozenset({Role.CHANNEL_COORDINATOR})
# The whole case of a Channel-stage referral: police of the unit, the area's coordinator and chair.
CASE_READERS = SCREENING | frozenset({Role.CHANNEL_COORDINATOR, Role.PANEL_CHAIR})
SYSADMIN = frozenset({Role.SYSTEM_ADMINISTRATOR})


def actor_for(world: DemoWorld, role: str) -> Actor:
    return Actor.for_membership(world.memberships_by_role[role])


def _referral(world: DemoWorld, status: str) -> Referral:
    load_reference_lists()
    load_default_framework()
    found = Referral.objects.filter(status=status, created_by=world.users_by_role[Role.REFERRER]).first()
    return found or referral_at(world, status)


def gateway_draft(world: DemoWorld) -> Assessment:
    """A gateway assessment in progress on a referral being screened (made once per database)."""
    referral = _referral(world, Status.IN_SCREENING)
    found = Assessment.objects.filter(referral=referral, kind=AssessmentKind.GATEWAY, state="draft").first()
    return found or services.assessment_start(
        actor=actor_for(world, Role.POLICE_PREVENT_OFFICER),
        referral_id=referral.pk,
        kind=AssessmentKind.GATEWAY,
    )


def preliminary_draft(world: DemoWorld) -> Assessment:
    """A Channel preliminary assessment in progress on a case where information is being gathered."""
    referral = _referral(world, Status.INFORMATION_GATHERING)
    found = Assessment.objects.filter(
        referral=referral, kind=AssessmentKind.PRELIMINARY, state="draft"
    ).first()
    return found or services.assessment_start(
        actor=actor_for(world, Role.CHANNEL_COORDINATOR),
        referral_id=referral.pk,
        kind=AssessmentKind.PRELIMINARY,
    )


def published(world: DemoWorld) -> FrameworkVersion:
    load_default_framework()
    return FrameworkVersion.objects.get(
        framework__code=DEFAULT_FRAMEWORK_CODE, status=VersionStatus.PUBLISHED
    )


def draft_version(world: DemoWorld) -> FrameworkVersion:
    """A draft version of the default framework (made once per database)."""
    load_default_framework()
    framework = Framework.objects.get(code=DEFAULT_FRAMEWORK_CODE)
    found = framework.versions.filter(status=VersionStatus.DRAFT).first()
    return found or services.framework_version_draft_start(
        actor=actor_for(world, Role.SYSTEM_ADMINISTRATOR), framework_id=framework.pk
    )


def rate_everything(assessment: Assessment, rating: str = "Not known") -> dict[int, tuple[str, str]]:
    from cornerstone.assessments.models import Factor

    return {
        factor.pk: (rating, "")
        for factor in Factor.objects.filter(dimension__version_id=assessment.version_id)
    }


def ready_to_complete(world: DemoWorld) -> Assessment:
    assessment = gateway_draft(world)
    services.assessment_save(
        actor=actor_for(world, Role.POLICE_PREVENT_OFFICER),
        assessment_id=assessment.pk,
        ratings=rate_everything(assessment),
        summary="Summary",
        management_plan="",
        what_changed="",
    )
    return assessment


# (url name, path, roles allowed, note) for test_page_access_matrix.py
PAGES: tuple[tuple[str, Callable[[DemoWorld], str], frozenset[str], str], ...] = (
    ("assessments:frameworks", lambda w: "/assessments/frameworks/", SYSADMIN, ""),
    ("assessments:version", lambda w: f"/assessments/frameworks/versions/{published(w).pk}/", SYSADMIN, ""),
    (
        "assessments:version-edit",
        lambda w: f"/assessments/frameworks/versions/{draft_version(w).pk}/edit/",
        SYSADMIN,
        "a draft version",
    ),
    (
        "assessments:version-publish",
        lambda w: f"/assessments/frameworks/versions/{draft_version(w).pk}/publish/",
        SYSADMIN,
        "a draft version",
    ),
    (
        "assessments:assessment",
        lambda w: f"/assessments/{gateway_draft(w).pk}/",
        SCREENING,
        "a gateway assessment of a referral being screened by the demo unit",
    ),
    (
        "assessments:assessment",
        lambda w: f"/assessments/{preliminary_draft(w).pk}/",
        CASE_READERS,
        "a preliminary assessment of a Channel case in the demo area",
    ),
    (
        "assessments:edit",
        lambda w: f"/assessments/{gateway_draft(w).pk}/edit/",
        SCREENING,
        "a gateway assessment is police screening's",
    ),
    (
        "assessments:edit",
        lambda w: f"/assessments/{preliminary_draft(w).pk}/edit/",
        COORDINATOR,
        "a preliminary assessment is the coordinator's",
    ),
)
# Named URLs anyone may open without signing in.
PUBLIC_PAGES: frozenset[str] = frozenset()
# Named URLs that only accept POST (the app's own tests check who may post them).
POST_ONLY: frozenset[str] = frozenset({"assessments:start", "assessments:version-start"})


def _draft_save(world: DemoWorld) -> Callable[[], Any]:
    version = draft_version(world)
    structure = (DimensionSpec("Engagement", "", (FactorSpec("Feeling under threat", "guidance"),)),)
    return lambda: services.framework_version_draft_save(
        actor=actor_for(world, Role.SYSTEM_ADMINISTRATOR),
        version_id=version.pk,
        rating_scale=["Yes", "No", "Not known"],
        dimensions=structure,
    )


def _publish(world: DemoWorld) -> Callable[[], Any]:
    version = draft_version(world)
    return lambda: services.framework_version_publish(
        actor=actor_for(world, Role.SYSTEM_ADMINISTRATOR),
        version_id=version.pk,
        change_note="Clearer guidance",
    )


def _start(world: DemoWorld) -> Callable[[], Any]:
    load_reference_lists()
    load_default_framework()
    referral = referral_at(world, Status.IN_SCREENING)
    return lambda: services.assessment_start(
        actor=actor_for(world, Role.POLICE_PREVENT_OFFICER),
        referral_id=referral.pk,
        kind=AssessmentKind.GATEWAY,
    )


def _save(world: DemoWorld) -> Callable[[], Any]:
    assessment = gateway_draft(world)
    return lambda: services.assessment_save(
        actor=actor_for(world, Role.POLICE_PREVENT_OFFICER),
        assessment_id=assessment.pk,
        ratings=rate_everything(assessment, "Some concern"),
        summary="A summary",
        management_plan="A plan",
        what_changed="",
    )


def _complete(world: DemoWorld) -> Callable[[], Any]:
    assessment = ready_to_complete(world)
    assert assessment.state == AssessmentState.DRAFT
    return lambda: services.assessment_complete(
        actor=actor_for(world, Role.POLICE_PREVENT_OFFICER), assessment_id=assessment.pk
    )


# service path: scenario that returns the call to make, for test_services_audit.py
SCENARIOS: dict[str, Callable[[DemoWorld], Callable[[], Any]]] = {
    "cornerstone.assessments.services.framework_version_draft_start": lambda w: (
        lambda: services.framework_version_draft_start(
            actor=actor_for(w, Role.SYSTEM_ADMINISTRATOR), framework_id=published(w).framework_id
        )
    ),
    "cornerstone.assessments.services.framework_version_draft_save": _draft_save,
    "cornerstone.assessments.services.framework_version_publish": _publish,
    "cornerstone.assessments.services.assessment_start": _start,
    "cornerstone.assessments.services.assessment_save": _save,
    "cornerstone.assessments.services.assessment_complete": _complete,
}
# Services that call other audited services, and how many audit events one call leaves.
EVENTS_PER_CALL: dict[str, int] = {}
