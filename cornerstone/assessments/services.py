"""Writing assessment frameworks and assessments. Each public function is one transaction and
leaves exactly one audit event.

Ratings are a practitioner's judgement, recorded in words per factor. Nothing here adds them up,
ranks them or turns them into a decision.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cornerstone.accounts.actor import Actor
from cornerstone.assessments import permissions
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
from cornerstone.assessments.selectors import completion_problems, published_version, version_specs
from cornerstone.assessments.structure import (
    DimensionSpec,
    format_scale,
    format_structure,
    parse_scale,
    parse_structure,
)
from cornerstone.audit.services import audit_event_record
from cornerstone.referrals.models import Referral
from cornerstone.referrals.transitions import timeline_add

NARRATIVE_MAX = 10_000
TEXT_MAX = 20_000

# Frameworks -------------------------------------------------------------------------------


def _require_admin(actor: Actor) -> None:
    if not permissions.can_administer_frameworks(actor):
        raise PermissionDenied


def _write_structure(version: FrameworkVersion, dimensions: Sequence[DimensionSpec]) -> None:
    Dimension.objects.filter(version=version).delete()
    for order, spec in enumerate(dimensions, start=1):
        dimension = Dimension.objects.create(
            version=version, order=order, name=spec.name, description=spec.description
        )
        Factor.objects.bulk_create(
            Factor(dimension=dimension, order=index, name=factor.name, guidance=factor.guidance)
            for index, factor in enumerate(spec.factors, start=1)
        )


def framework_version_draft_start(*, actor: Actor, framework_id: int) -> FrameworkVersion:
    """Start the next version of a framework as a draft, copied from the version in use."""
    _require_admin(actor)
    with transaction.atomic():
        framework = Framework.objects.select_for_update().filter(pk=framework_id).first()
        if framework is None:
            raise PermissionDenied
        if (draft := framework.versions.filter(status=VersionStatus.DRAFT).first()) is not None:
            raise ValidationError(
                f"Version {draft.number} is already a draft. Edit or publish it before starting another."
            )
        source = (
            framework.versions.filter(status=VersionStatus.PUBLISHED).first()
            or framework.versions.order_by("-number").first()
        )
        latest = framework.versions.order_by("-number").first()
        version = FrameworkVersion.objects.create(
            framework=framework,
            number=(latest.number if latest else 0) + 1,
            status=VersionStatus.DRAFT,
            rating_scale=list(source.rating_scale) if source else [],
            created_by=actor.user,
        )
        if source is not None:
            _write_structure(version, version_specs(source))
        audit_event_record(
            actor=actor,
            action="assessment_framework.draft_start",
            target=version,
            changes={"copied_from_version": source.number if source else None},
        )
    return version


def framework_version_draft_save(
    *, actor: Actor, version_id: int, rating_scale: Sequence[str], dimensions: Sequence[DimensionSpec]
) -> FrameworkVersion:
    """Replace a draft version's rating scale, dimensions and factors."""
    _require_admin(actor)
    # The same rules as the text box: parsing what we would write back checks every one of them.
    try:
        scale = parse_scale(format_scale(list(rating_scale)))
    except ValidationError as error:
        raise ValidationError({"rating_scale": error.messages}) from error
    try:
        structure = parse_structure(format_structure(list(dimensions)))
    except ValidationError as error:
        raise ValidationError({"structure": error.messages}) from error
    if structure != tuple(dimensions):
        raise ValidationError({"structure": ["Names must not contain a colon or start or end with spaces"]})
    with transaction.atomic():
        version = FrameworkVersion.objects.select_for_update().filter(pk=version_id).first()
        if version is None:
            raise PermissionDenied
        if version.status != VersionStatus.DRAFT:
            raise ValidationError("Only a draft version can be changed. Start a new version to make changes.")
        version.rating_scale = list(scale)
        version.save(update_fields=["rating_scale"])
        _write_structure(version, structure)
        audit_event_record(
            actor=actor,
            action="assessment_framework.draft_save",
            target=version,
            changes={
                "ratings": len(scale),
                "dimensions": len(structure),
                "factors_per_dimension": [len(dimension.factors) for dimension in structure],
            },
        )
    return version


def framework_version_publish(*, actor: Actor, version_id: int, change_note: str) -> FrameworkVersion:
    """Put a draft version into use. The version in use until now is replaced (new assessments
    use the new one; assessments already made keep the version they were made with)."""
    _require_admin(actor)
    note = change_note.strip()
    if not note:
        raise ValidationError({"change_note": ["Enter what changed in this version"]})
    with transaction.atomic():
        version = FrameworkVersion.objects.filter(pk=version_id).select_related("framework").first()
        if version is None:
            raise PermissionDenied
        Framework.objects.select_for_update().get(pk=version.framework_id)
        version = FrameworkVersion.objects.select_for_update().get(pk=version_id)
        if version.status != VersionStatus.DRAFT:
            raise ValidationError(
                f"Version {version.number} is not a draft, so it cannot be published again."
            )
        problems = [] if version.rating_scale else ["Add a rating scale before publishing"]
        if not Factor.objects.filter(dimension__version=version).exists():
            problems.append("Add at least one dimension with its factors before publishing")
        if problems:
            raise ValidationError(problems)
        previous = FrameworkVersion.objects.filter(
            framework_id=version.framework_id, status=VersionStatus.PUBLISHED
        ).first()
        if previous is not None:
            previous.status = VersionStatus.RETIRED
            previous.save(update_fields=["status"])
        version.status = VersionStatus.PUBLISHED
        version.change_note = note
        version.published_by = actor.user
        version.published_at = timezone.now()
        version.save(update_fields=["status", "change_note", "published_by", "published_at"])
        audit_event_record(
            actor=actor,
            action="assessment_framework.publish",
            target=version,
            reason=note,
            changes={"replaced_version": previous.number if previous else None},
        )
    return version


# Assessments ------------------------------------------------------------------------------


def _locked_referral(referral_id: int) -> Referral:
    referral = Referral.objects.select_for_update().filter(pk=referral_id).first()
    if referral is None:
        raise PermissionDenied
    return referral


def _locked_assessment(actor: Actor, assessment_id: int) -> Assessment:
    """The assessment and its referral, both locked (referral first, as transitions lock it),
    refused unless the actor may write it now; ValidationError once it is completed."""
    found = Assessment.objects.filter(pk=assessment_id).values_list("referral_id", flat=True).first()
    if found is None:
        raise PermissionDenied
    referral = _locked_referral(found)
    assessment = Assessment.objects.select_for_update().get(pk=assessment_id)
    if not permissions.may_assess(actor, referral, assessment.kind):
        raise PermissionDenied
    if assessment.state != AssessmentState.DRAFT:
        raise ValidationError("This assessment has been completed, so it cannot be changed.")
    if (problem := permissions.stage_problem(referral, assessment.kind)) is not None:
        raise ValidationError(problem)
    assessment.referral = referral
    return assessment


def assessment_start(*, actor: Actor, referral_id: int, kind: str) -> Assessment:
    """Start an assessment of this kind on the referral, with the framework version in use now."""
    if kind not in AssessmentKind.values:
        raise ValidationError("Choose a kind of assessment")
    with transaction.atomic():
        referral = _locked_referral(referral_id)
        permissions.check_may_work(actor, referral, kind)
        if Assessment.objects.filter(referral=referral, kind=kind, state=AssessmentState.DRAFT).exists():
            raise ValidationError(f"{permissions.A_KIND[kind]} of this case is already in progress.")
        version = published_version()
        if version is None:
            raise ValidationError(
                "No assessment framework is in use. Ask a system administrator to publish one."
            )
        if actor.user is None:  # may_assess refuses the system already; this is for the type checker
            raise PermissionDenied
        try:
            with transaction.atomic():
                assessment = Assessment.objects.create(
                    referral=referral, kind=kind, version=version, started_by=actor.user
                )
        except IntegrityError as error:
            raise ValidationError(
                f"{permissions.A_KIND[kind]} of this case is already in progress."
            ) from error
        audit_event_record(
            actor=actor,
            action="assessment.start",
            target=assessment,
            person_ref=referral.person_ref,
            changes={"kind": kind, "framework_version": version.number, "framework": version.framework.code},
        )
    return assessment


def assessment_save(
    *,
    actor: Actor,
    assessment_id: int,
    ratings: Mapping[int, tuple[str, str]],
    summary: str,
    management_plan: str,
    what_changed: str,
) -> Assessment:
    """Save an assessment in progress: a rating (or none yet) and a narrative per factor given,
    and the summary, management plan and what changed since the last assessment."""
    with transaction.atomic():
        assessment = _locked_assessment(actor, assessment_id)
        factors = {
            factor.pk: factor for factor in Factor.objects.filter(dimension__version_id=assessment.version_id)
        }
        scale = list(assessment.version.rating_scale)
        problems: dict[str, list[str]] = {}
        if any(factor_id not in factors for factor_id in ratings):
            raise ValidationError(
                "The framework of this assessment has changed. Reload the page and try again."
            )
        for factor_id, (rating, narrative) in ratings.items():
            if rating and rating not in scale:
                problems.setdefault(f"factor_{factor_id}", []).append(
                    f"Choose one of the ratings shown for \u2018{factors[factor_id].name}\u2019"
                )
            if len(narrative) > NARRATIVE_MAX:
                problems.setdefault(f"narrative_{factor_id}", []).append(
                    f"The narrative for \u2018{factors[factor_id].name}\u2019 must be {NARRATIVE_MAX:,} characters or fewer"
                )
        for name, value in (
            ("summary", summary),
            ("management_plan", management_plan),
            ("what_changed", what_changed),
        ):
            if len(value) > TEXT_MAX:
                problems.setdefault(name, []).append(f"This must be {TEXT_MAX:,} characters or fewer")
        if problems:
            raise ValidationError(problems)
        existing = {rating.factor_id: rating for rating in FactorRating.objects.filter(assessment=assessment)}
        changed_factors = 0
        for factor_id, (rating, narrative) in ratings.items():
            row = existing.get(factor_id)
            if row is None:
                if rating or narrative.strip():
                    FactorRating.objects.create(
                        assessment=assessment, factor_id=factor_id, rating=rating, narrative=narrative.strip()
                    )
                    changed_factors += 1
            elif (row.rating, row.narrative) != (rating, narrative.strip()):
                row.rating, row.narrative = rating, narrative.strip()
                row.save(update_fields=["rating", "narrative"])
                changed_factors += 1
        new_text = {
            "summary": summary.strip(),
            "management_plan": management_plan.strip(),
            "what_changed": what_changed.strip(),
        }
        changed_fields = [name for name, value in new_text.items() if getattr(assessment, name) != value]
        for name, value in new_text.items():
            setattr(assessment, name, value)
        assessment.save(update_fields=list(new_text))
        # What changed, never the words: the assessment itself is the record of those.
        audit_event_record(
            actor=actor,
            action="assessment.save",
            target=assessment,
            person_ref=assessment.referral.person_ref,
            changes={"factors_changed": changed_factors, "fields_changed": changed_fields},
        )
    return assessment


def assessment_complete(*, actor: Actor, assessment_id: int) -> Assessment:
    """Complete an assessment: every factor rated and a summary written. It cannot be changed
    afterwards. The person's timeline says it was completed, never what it found."""
    with transaction.atomic():
        assessment = _locked_assessment(actor, assessment_id)
        if problems := completion_problems(assessment):
            raise ValidationError(problems)
        assessment.state = AssessmentState.COMPLETED
        assessment.completed_by = actor.user
        assessment.completed_at = timezone.now()
        assessment.save(update_fields=["state", "completed_by", "completed_at"])
        audit_event_record(
            actor=actor,
            action="assessment.complete",
            target=assessment,
            person_ref=assessment.referral.person_ref,
            changes={"state": [AssessmentState.DRAFT, AssessmentState.COMPLETED]},
        )
        timeline_add(
            actor=actor,
            referral=assessment.referral,
            kind="assessment_completed",
            title=f"{AssessmentKind(assessment.kind).label} completed",
        )
    return assessment
