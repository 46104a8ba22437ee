"""Assessment frameworks and assessments: versions, drafts, completion, audit and guards."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cornerstone.accounts.roles import Role
from cornerstone.assessments import selectors, services
from cornerstone.assessments.demo import seed_demo_assessment
from cornerstone.assessments.models import (
    Assessment,
    AssessmentKind,
    AssessmentState,
    Factor,
    FactorRating,
    Framework,
    FrameworkVersion,
    VersionStatus,
)
from cornerstone.assessments.reference_data import (
    DEFAULT_FRAMEWORK_CODE,
    RATING_SCALE,
    load_default_framework,
)
from cornerstone.assessments.structure import DimensionSpec, FactorSpec
from cornerstone.assessments.tests.shared_matrices import actor_for, rate_everything
from cornerstone.audit.models import AuditEvent
from cornerstone.demo.generator import DemoWorld
from cornerstone.referrals.models import Referral, TimelineEntry
from cornerstone.referrals.tests.stages import referral_at
from cornerstone.referrals.workflow import Status

GATEWAY, PRELIMINARY, REVIEW = AssessmentKind.GATEWAY, AssessmentKind.PRELIMINARY, AssessmentKind.REVIEW


def _framework() -> Framework:
    return Framework.objects.get(code=DEFAULT_FRAMEWORK_CODE)


def _officer(world: DemoWorld):  # type: ignore[no-untyped-def]
    return actor_for(world, Role.POLICE_PREVENT_OFFICER)


def _coordinator(world: DemoWorld):  # type: ignore[no-untyped-def]
    return actor_for(world, Role.CHANNEL_COORDINATOR)


def _admin(world: DemoWorld):  # type: ignore[no-untyped-def]
    return actor_for(world, Role.SYSTEM_ADMINISTRATOR)


# The default framework -----------------------------------------------------------------------


def test_default_framework_ships_published_with_three_dimensions(db: None) -> None:
    version = selectors.published_version()
    assert version is not None and version.number == 1
    assert version.rating_scale == RATING_SCALE
    dimensions = selectors.version_structure(version)
    assert [d.name for d in dimensions] == [
        "Engagement with a group, cause or ideology",
        "Intent to cause harm",
        "Capability to cause harm",
    ]
    assert [len(d.factors.all()) for d in dimensions] == [13, 6, 3]
    assert all(f.guidance for d in dimensions for f in d.factors.all())
    load_default_framework()  # idempotent
    assert FrameworkVersion.objects.count() == 1 and Factor.objects.count() == 22


# Framework versions -----------------------------------------------------------------------------


def test_only_a_system_administrator_manages_frameworks(world: DemoWorld) -> None:
    for role in (Role.ORGANISATION_ADMINISTRATOR, Role.POLICE_PREVENT_SUPERVISOR, Role.CHANNEL_COORDINATOR):
        with pytest.raises(PermissionDenied):
            services.framework_version_draft_start(actor=actor_for(world, role), framework_id=_framework().pk)


def test_a_new_version_is_copied_edited_and_published_retiring_the_old(world: DemoWorld) -> None:
    admin = _admin(world)
    first = selectors.published_version()
    assert first is not None
    draft = services.framework_version_draft_start(actor=admin, framework_id=_framework().pk)
    assert (draft.number, draft.status) == (2, VersionStatus.DRAFT)
    assert selectors.version_specs(draft) == selectors.version_specs(first)
    with pytest.raises(ValidationError, match="already a draft"):
        services.framework_version_draft_start(actor=admin, framework_id=_framework().pk)

    structure = (
        DimensionSpec("Engagement", "", (FactorSpec("Grievance", "Anger at a wrong"),)),
        DimensionSpec("Intent", "Thinking", (FactorSpec("Us and them"), FactorSpec("Harmful ends"))),
    )
    services.framework_version_draft_save(
        actor=admin,
        version_id=draft.pk,
        rating_scale=["No concern", "Concern", "Not known"],
        dimensions=structure,
    )
    draft.refresh_from_db()
    assert selectors.version_specs(draft) == structure
    assert selectors.published_version() == first  # a draft is not used

    with pytest.raises(ValidationError):
        services.framework_version_publish(actor=admin, version_id=draft.pk, change_note="  ")
    services.framework_version_publish(actor=admin, version_id=draft.pk, change_note="Shorter")
    first.refresh_from_db()
    draft.refresh_from_db()
    assert first.status == VersionStatus.RETIRED
    assert draft.status == VersionStatus.PUBLISHED and draft.published_by == admin.user
    assert selectors.published_version() == draft
    assert FrameworkVersion.objects.filter(status=VersionStatus.PUBLISHED).count() == 1
    assert list(
        AuditEvent.objects.filter(action__startswith="assessment_framework.")
        .order_by("id")
        .values_list("action", flat=True)
    ) == [
        "assessment_framework.draft_start",
        "assessment_framework.draft_save",
        "assessment_framework.publish",
    ]

    # Published versions never change; changes need a new version.
    with pytest.raises(ValidationError, match="Only a draft"):
        services.framework_version_draft_save(
            actor=admin, version_id=draft.pk, rating_scale=["A", "B"], dimensions=structure
        )
    with pytest.raises(ValidationError, match="not a draft"):
        services.framework_version_publish(actor=admin, version_id=draft.pk, change_note="Again")


def test_draft_save_checks_the_rules_again(world: DemoWorld) -> None:
    admin = _admin(world)
    draft = services.framework_version_draft_start(actor=admin, framework_id=_framework().pk)
    good = (DimensionSpec("Engagement", "", (FactorSpec("Grievance"),)),)
    with pytest.raises(ValidationError) as raised:
        services.framework_version_draft_save(
            actor=admin, version_id=draft.pk, rating_scale=["1", "2"], dimensions=good
        )
    assert "rating_scale" in raised.value.error_dict
    with pytest.raises(ValidationError) as raised:
        services.framework_version_draft_save(
            actor=admin,
            version_id=draft.pk,
            rating_scale=["Yes", "No"],
            dimensions=(DimensionSpec("Engagement: a", "", (FactorSpec("Grievance"),)),),
        )
    assert "structure" in raised.value.error_dict


def test_existing_assessments_keep_their_version(world: DemoWorld) -> None:
    referral = referral_at(world, Status.IN_SCREENING)
    old = services.assessment_start(actor=_officer(world), referral_id=referral.pk, kind=GATEWAY)
    admin = _admin(world)
    draft = services.framework_version_draft_start(actor=admin, framework_id=_framework().pk)
    services.framework_version_publish(actor=admin, version_id=draft.pk, change_note="New")
    old.refresh_from_db()
    assert old.version.number == 1
    # The draft goes on with its own version's factors.
    services.assessment_save(
        actor=_officer(world),
        assessment_id=old.pk,
        ratings=rate_everything(old),
        summary="S",
        management_plan="",
        what_changed="",
    )
    services.assessment_complete(actor=_officer(world), assessment_id=old.pk)
    other = referral_at(world, Status.IN_SCREENING)
    new = services.assessment_start(actor=_officer(world), referral_id=other.pk, kind=GATEWAY)
    assert new.version.number == 2


# Assessments -----------------------------------------------------------------------------------


def test_gateway_assessment_start_save_complete(world: DemoWorld) -> None:
    officer = _officer(world)
    referral = referral_at(world, Status.IN_SCREENING)
    assessment = services.assessment_start(actor=officer, referral_id=referral.pk, kind=GATEWAY)
    assert assessment.version == selectors.published_version()
    assert assessment.state == AssessmentState.DRAFT
    assert not selectors.gateway_assessment_completed(referral)
    with pytest.raises(ValidationError, match="already in progress"):
        services.assessment_start(actor=officer, referral_id=referral.pk, kind=GATEWAY)

    ratings = rate_everything(assessment, "Some concern")
    first_factor = next(iter(ratings))
    ratings[first_factor] = ("", "Still finding out")
    services.assessment_save(
        actor=officer,
        assessment_id=assessment.pk,
        ratings=ratings,
        summary="",
        management_plan="Plan",
        what_changed="",
    )
    with pytest.raises(ValidationError) as raised:
        services.assessment_complete(actor=officer, assessment_id=assessment.pk)
    factor = Factor.objects.get(pk=first_factor)
    assert raised.value.message_dict == {
        f"factor_{first_factor}": [
            f"Choose a rating for \u2018{factor.name}\u2019 ({factor.dimension.name}), or \u2018Not known\u2019"
        ],
        "summary": ["Enter a summary of the assessment"],
    }
    assert (
        FactorRating.objects.get(assessment=assessment, factor_id=first_factor).narrative
        == "Still finding out"
    )

    services.assessment_save(
        actor=officer,
        assessment_id=assessment.pk,
        ratings={first_factor: ("Not known", "Still finding out")},
        summary="Grievance, no intent",
        management_plan="Plan",
        what_changed="",
    )
    before = TimelineEntry.objects.filter(referral=referral).count()
    done = services.assessment_complete(actor=officer, assessment_id=assessment.pk)
    assert done.state == AssessmentState.COMPLETED and done.completed_by == officer.user
    assert selectors.gateway_assessment_completed(referral)
    assert not selectors.preliminary_assessment_completed(referral)
    assert selectors.latest_completed(referral, GATEWAY) == done
    entry = TimelineEntry.objects.filter(referral=referral).order_by("-id").first()
    assert TimelineEntry.objects.filter(referral=referral).count() == before + 1
    assert entry is not None and entry.title == "Gateway assessment completed" and entry.detail == ""
    assert list(
        AuditEvent.objects.filter(object_type="assessments.assessment")
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["assessment.start", "assessment.save", "assessment.save", "assessment.complete"]
    # The audit trail says what changed, never the words written.
    assert "Grievance" not in str(list(AuditEvent.objects.values_list("changes", flat=True)))

    # Completed assessments never change.
    with pytest.raises(ValidationError, match="completed"):
        services.assessment_save(
            actor=officer,
            assessment_id=assessment.pk,
            ratings={},
            summary="x",
            management_plan="",
            what_changed="",
        )
    with pytest.raises(ValidationError, match="completed"):
        services.assessment_complete(actor=officer, assessment_id=assessment.pk)
    # A second gateway assessment may be started after one is completed.
    again = services.assessment_start(actor=officer, referral_id=referral.pk, kind=GATEWAY)
    assert selectors.previous_completed_for_person(referral, exclude=again) == done


def test_ratings_must_come_from_the_versions_scale(world: DemoWorld) -> None:
    officer = _officer(world)
    referral = referral_at(world, Status.IN_SCREENING)
    assessment = services.assessment_start(actor=officer, referral_id=referral.pk, kind=GATEWAY)
    factor_id = next(iter(rate_everything(assessment)))
    with pytest.raises(ValidationError) as raised:
        services.assessment_save(
            actor=officer,
            assessment_id=assessment.pk,
            ratings={factor_id: ("3", "")},
            summary="",
            management_plan="",
            what_changed="",
        )
    assert f"factor_{factor_id}" in raised.value.message_dict
    with pytest.raises(ValidationError, match="Reload"):
        services.assessment_save(
            actor=officer,
            assessment_id=assessment.pk,
            ratings={-1: ("Not known", "")},
            summary="",
            management_plan="",
            what_changed="",
        )
    assert not FactorRating.objects.filter(assessment=assessment).exists()


def test_gateway_assessment_only_by_police_of_the_unit_while_screening(world: DemoWorld) -> None:
    referral = referral_at(world, Status.IN_SCREENING)
    for role in (Role.CHANNEL_COORDINATOR, Role.PANEL_CHAIR, Role.REFERRER, Role.SYSTEM_ADMINISTRATOR):
        with pytest.raises(PermissionDenied):
            services.assessment_start(actor=actor_for(world, role), referral_id=referral.pk, kind=GATEWAY)
    # Another unit's officer may not either.
    Referral.objects.filter(pk=referral.pk).update(routed_to=world.organisations["warrington"])
    with pytest.raises(PermissionDenied):
        services.assessment_start(actor=_officer(world), referral_id=referral.pk, kind=GATEWAY)
    submitted = referral_at(world, Status.SUBMITTED)
    with pytest.raises(ValidationError, match="only be made while the referral is being screened"):
        services.assessment_start(actor=_officer(world), referral_id=submitted.pk, kind=GATEWAY)
    supervisor = actor_for(world, Role.POLICE_PREVENT_SUPERVISOR)
    screening = referral_at(world, Status.IN_SCREENING)
    assert services.assessment_start(actor=supervisor, referral_id=screening.pk, kind=GATEWAY).pk


def test_draft_stops_being_editable_once_the_case_moves_on(world: DemoWorld) -> None:
    referral = referral_at(world, Status.IN_SCREENING)
    assessment = services.assessment_start(actor=_officer(world), referral_id=referral.pk, kind=GATEWAY)
    Referral.objects.filter(pk=referral.pk).update(status=Status.CLOSED)
    with pytest.raises(ValidationError, match="This case is now \u2018Closed\u2019"):
        services.assessment_save(
            actor=_officer(world),
            assessment_id=assessment.pk,
            ratings={},
            summary="",
            management_plan="",
            what_changed="",
        )


def test_preliminary_and_review_assessments_are_the_coordinators(world: DemoWorld) -> None:
    coordinator = _coordinator(world)
    gathering = referral_at(world, Status.INFORMATION_GATHERING)
    with pytest.raises(PermissionDenied):
        services.assessment_start(actor=_officer(world), referral_id=gathering.pk, kind=PRELIMINARY)
    with pytest.raises(PermissionDenied):
        services.assessment_start(
            actor=actor_for(world, Role.PANEL_CHAIR), referral_id=gathering.pk, kind=PRELIMINARY
        )
    with pytest.raises(ValidationError, match="listed for a panel or support"):
        services.assessment_start(actor=coordinator, referral_id=gathering.pk, kind=REVIEW)
    preliminary = seed_demo_assessment(actor=coordinator, referral=gathering, kind=PRELIMINARY)
    assert preliminary.state == AssessmentState.COMPLETED
    assert selectors.preliminary_assessment_completed(gathering)
    entry = TimelineEntry.objects.filter(referral=gathering).order_by("-id").first()
    assert entry is not None and entry.title == "Channel preliminary assessment completed"

    Referral.objects.filter(pk=gathering.pk).update(status=Status.SUPPORT)
    gathering.refresh_from_db()
    with pytest.raises(ValidationError, match="gathering information"):
        services.assessment_start(actor=coordinator, referral_id=gathering.pk, kind=PRELIMINARY)
    review = services.assessment_start(actor=coordinator, referral_id=gathering.pk, kind=REVIEW)
    assert selectors.previous_completed_for_person(gathering, exclude=review) == preliminary
    # A referral without a Channel case in the coordinator's area is not theirs.
    screening = referral_at(world, Status.IN_SCREENING)
    with pytest.raises(PermissionDenied):
        services.assessment_start(actor=coordinator, referral_id=screening.pk, kind=PRELIMINARY)


def test_previous_assessment_is_found_across_referrals_of_the_person(world: DemoWorld) -> None:
    first = referral_at(world, Status.IN_SCREENING)
    done = seed_demo_assessment(actor=_officer(world), referral=first, kind=GATEWAY)
    second = referral_at(world, Status.IN_SCREENING)
    # The same person, referred again (the person index links them).
    Referral.objects.filter(pk=second.pk).update(person_id=first.person_id)
    second.refresh_from_db()
    draft = services.assessment_start(actor=_officer(world), referral_id=second.pk, kind=GATEWAY)
    assert selectors.previous_completed_for_person(second, actor=_officer(world), exclude=draft) == done
    # Someone who may not read the earlier case is not shown it.
    assert selectors.previous_completed_for_person(second, actor=_coordinator(world), exclude=draft) is None


def test_visibility_follows_the_case(world: DemoWorld) -> None:
    screening = referral_at(world, Status.IN_SCREENING)
    gateway = seed_demo_assessment(actor=_officer(world), referral=screening, kind=GATEWAY, complete=False)
    gathering = referral_at(world, Status.INFORMATION_GATHERING)
    preliminary = seed_demo_assessment(actor=_coordinator(world), referral=gathering, kind=PRELIMINARY)
    seen = {role: set(selectors.assessments_visible_to(actor_for(world, role))) for role in Role.values}
    assert seen[Role.POLICE_PREVENT_OFFICER] == {gateway, preliminary}
    assert seen[Role.CHANNEL_COORDINATOR] == {preliminary}
    assert seen[Role.PANEL_CHAIR] == {preliminary}
    for role in set(Role.values) - {
        Role.POLICE_PREVENT_OFFICER,
        Role.POLICE_PREVENT_SUPERVISOR,
        Role.CHANNEL_COORDINATOR,
        Role.PANEL_CHAIR,
    }:
        assert seen[role] == set(), role
    assert Assessment.objects.count() == 2


def test_drafts_waiting_for_the_people_who_can_finish_them(world: DemoWorld) -> None:
    screening = referral_at(world, Status.IN_SCREENING)
    gateway = seed_demo_assessment(actor=_officer(world), referral=screening, kind=GATEWAY, complete=False)
    gathering = referral_at(world, Status.INFORMATION_GATHERING)
    preliminary = seed_demo_assessment(
        actor=_coordinator(world), referral=gathering, kind=PRELIMINARY, complete=False
    )
    assert list(selectors.drafts_waiting_for(_officer(world))) == [gateway]
    assert list(selectors.drafts_waiting_for(actor_for(world, Role.POLICE_PREVENT_SUPERVISOR))) == [gateway]
    assert list(selectors.drafts_waiting_for(_coordinator(world))) == [preliminary]
    assert list(selectors.drafts_waiting_for(actor_for(world, Role.PANEL_CHAIR))) == []
    Referral.objects.filter(pk=screening.pk).update(status=Status.CLOSED)
    assert list(selectors.drafts_waiting_for(_officer(world))) == []
