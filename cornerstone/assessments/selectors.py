"""Every scoped read of assessments and assessment frameworks.

An assessment is part of the case: whoever may open the case (``case_referrals_visible_to``)
may read its assessments. Who may *write* one is in ``permissions``.
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from cornerstone.accounts.actor import Actor
from cornerstone.assessments.models import (
    Assessment,
    AssessmentKind,
    AssessmentState,
    Dimension,
    Factor,
    FactorRating,
    Framework,
    FrameworkVersion,
    VersionStatus,
)
from cornerstone.assessments.reference_data import DEFAULT_FRAMEWORK_CODE
from cornerstone.assessments.structure import DimensionSpec, FactorSpec
from cornerstone.channel.selectors import case_referrals_visible_to
from cornerstone.referrals.models import Referral


def assessments_visible_to(actor: Actor) -> QuerySet[Assessment]:
    """Assessments of the referrals whose case the actor may open."""
    return Assessment.objects.filter(referral__in=case_referrals_visible_to(actor))


def latest_completed(referral: Referral, kind: str) -> Assessment | None:
    """The most recently completed assessment of this kind on this referral."""
    return (
        Assessment.objects.filter(referral=referral, kind=kind, state=AssessmentState.COMPLETED)
        .order_by("-completed_at", "-id")
        .first()
    )


def draft_for(referral: Referral, kind: str) -> Assessment | None:
    """The assessment of this kind in progress on this referral, if there is one."""
    return Assessment.objects.filter(referral=referral, kind=kind, state=AssessmentState.DRAFT).first()


def latest_for(referral: Referral, kind: str) -> Assessment | None:
    """The assessment in progress of this kind, or else the latest completed one."""
    return draft_for(referral, kind) or latest_completed(referral, kind)


def previous_completed_for_person(
    referral: Referral, *, actor: Actor | None = None, exclude: Assessment | None = None
) -> Assessment | None:
    """The last completed assessment (of any kind, on any referral) about the same person, for
    "what changed since the last assessment". With ``actor``, only one the actor may read."""
    if referral.person_id is None:
        found = Assessment.objects.filter(referral=referral)
    else:
        found = Assessment.objects.filter(referral__person_id=referral.person_id)
    found = found.filter(state=AssessmentState.COMPLETED)
    if actor is not None:
        found = found.filter(referral__in=case_referrals_visible_to(actor))
    if exclude is not None:
        found = found.exclude(pk=exclude.pk)
        if exclude.completed_at is not None:
            found = found.filter(completed_at__lte=exclude.completed_at)
    return found.select_related("version__framework", "completed_by").order_by("-completed_at", "-id").first()


def gateway_assessment_completed(referral: Referral) -> bool:
    """For the SCREENING_COMPLETE guard: a gateway assessment of this referral is completed."""
    return Assessment.objects.filter(
        referral=referral, kind=AssessmentKind.GATEWAY, state=AssessmentState.COMPLETED
    ).exists()


def preliminary_assessment_completed(referral: Referral) -> bool:
    """For the PRELIMINARY_ASSESSMENT guard: a Channel preliminary assessment is completed."""
    return Assessment.objects.filter(
        referral=referral, kind=AssessmentKind.PRELIMINARY, state=AssessmentState.COMPLETED
    ).exists()


def published_version(code: str = DEFAULT_FRAMEWORK_CODE) -> FrameworkVersion | None:
    """The version of the framework in use now (new assessments use it)."""
    return (
        FrameworkVersion.objects.filter(framework__code=code, status=VersionStatus.PUBLISHED)
        .select_related("framework")
        .first()
    )


def version_structure(version: FrameworkVersion) -> list[Dimension]:
    """The version's dimensions with their factors, in order, in two queries."""
    return list(
        Dimension.objects.filter(version=version)
        .order_by("order", "id")
        .prefetch_related(Prefetch("factors", queryset=Factor.objects.order_by("order", "id")))
    )


def ratings_by_factor(assessment: Assessment) -> dict[int, FactorRating]:
    return {rating.factor_id: rating for rating in FactorRating.objects.filter(assessment=assessment)}


def frameworks_with_versions() -> list[Framework]:
    return list(
        Framework.objects.order_by("name").prefetch_related(
            Prefetch(
                "versions",
                queryset=FrameworkVersion.objects.order_by("-number").select_related(
                    "published_by", "created_by"
                ),
            )
        )
    )


def version_specs(version: FrameworkVersion) -> tuple[DimensionSpec, ...]:
    """The version's dimensions and factors as plain values (for editing and copying)."""
    return tuple(
        DimensionSpec(
            dimension.name,
            dimension.description,
            tuple(FactorSpec(factor.name, factor.guidance) for factor in dimension.factors.all()),
        )
        for dimension in version_structure(version)
    )


def completion_problems(assessment: Assessment) -> dict[str, list[str]]:
    """What is missing before the assessment can be completed, by form field."""
    rated = set(
        FactorRating.objects.filter(assessment=assessment)
        .exclude(rating="")
        .values_list("factor_id", flat=True)
    )
    problems: dict[str, list[str]] = {}
    for dimension in version_structure(assessment.version):
        for factor in dimension.factors.all():
            if factor.pk not in rated:
                problems[f"factor_{factor.pk}"] = [
                    f"Choose a rating for \u2018{factor.name}\u2019 ({dimension.name}), or \u2018Not known\u2019"
                    if "Not known" in assessment.version.rating_scale
                    else f"Choose a rating for \u2018{factor.name}\u2019 ({dimension.name})"
                ]
    if not assessment.summary.strip():
        problems["summary"] = ["Enter a summary of the assessment"]
    return problems


def drafts_waiting_for(actor: Actor) -> QuerySet[Assessment]:
    """For the home page: assessments in progress that this actor may finish now (gateway
    assessments for police screening, preliminary and review ones for the coordinator), oldest
    first. One query."""
    from cornerstone.assessments.permissions import WORKING_STATES
    from cornerstone.referrals.workflow import COORDINATORS, SCREENERS

    if actor.role in SCREENERS:
        kinds = [AssessmentKind.GATEWAY]
    elif actor.role in COORDINATORS:
        kinds = [AssessmentKind.PRELIMINARY, AssessmentKind.REVIEW]
    else:
        return Assessment.objects.none()
    found = Assessment.objects.none()
    for kind in kinds:
        found = found | assessments_visible_to(actor).filter(
            kind=kind, state=AssessmentState.DRAFT, referral__status__in=WORKING_STATES[kind]
        )
    return found.select_related("referral").order_by("started_at", "id")
