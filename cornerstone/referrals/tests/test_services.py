"""Submission, routing, references, receipt and the audit trail of every write."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.models import Organisation
from cornerstone.accounts.roles import OrganisationType, Role
from cornerstone.audit.models import AuditEvent
from cornerstone.geography.models import LocalAuthority
from cornerstone.referrals import services
from cornerstone.referrals.models import ConcernTaxonomy, Referral
from cornerstone.referrals.routing import route_for
from cornerstone.referrals.tests.helpers import complete_answers, draft, submitted
from cornerstone.referrals.transitions import CaseMovedOn
from cornerstone.referrals.workflow import Status

pytestmark = pytest.mark.django_db


def _actor(world, role: str = Role.REFERRER) -> Actor:  # type: ignore[no-untyped-def]
    return Actor.for_membership(world.memberships_by_role[role])


def test_submission_is_idempotent(world) -> None:  # type: ignore[no-untyped-def]
    referral = draft(world.memberships_by_role[Role.REFERRER])
    first = services.referral_submit(actor=_actor(world), referral_id=referral.pk)
    again = services.referral_submit(actor=_actor(world), referral_id=referral.pk)
    assert first.newly_submitted and not again.newly_submitted
    assert first.referral.reference == again.referral.reference
    assert Referral.objects.filter(status=Status.SUBMITTED).count() == 1
    assert AuditEvent.objects.filter(action="referral.submitted").count() == 1
    assert first.referral.person is not None
    from cornerstone.people.models import Person

    assert Person.objects.count() == 1


def test_submission_records_reference_time_person_and_route(world) -> None:  # type: ignore[no-untyped-def]
    before = timezone.now()
    referral = submitted(world.memberships_by_role[Role.REFERRER])
    assert referral.reference == f"PRV-{timezone.localtime(referral.submitted_at).year}-000001"
    assert referral.submitted_at >= before and referral.arrived_at == referral.submitted_at
    assert referral.routed_to == world.organisations["ctp"]
    assert referral.taxonomy.version == "2024-05"
    assert referral.concern_type is not None and referral.concern_type.label == "Extreme Right Wing"
    assert referral.sector is not None and referral.sector.label == "Education"
    assert str(referral) == referral.reference
    assert referral.get_absolute_url() == f"/referrals/{referral.pk}/"
    second = submitted(world.memberships_by_role[Role.REFERRER])
    assert second.reference.endswith("-000002")


def test_reference_numbers_restart_each_year(world) -> None:  # type: ignore[no-untyped-def]
    membership = world.memberships_by_role[Role.REFERRER]
    when = dt.datetime(2027, 6, 1, 12, tzinfo=dt.UTC)
    referral = draft(membership)
    result = services.referral_submit(actor=_actor(world), referral_id=referral.pk, now=when)
    assert result.referral.reference == "PRV-2027-000001"


def test_incomplete_draft_cannot_be_submitted(world) -> None:  # type: ignore[no-untyped-def]
    referral = draft(world.memberships_by_role[Role.REFERRER], complete=False)
    with pytest.raises(services.IncompleteReferral):
        services.referral_submit(actor=_actor(world), referral_id=referral.pk)
    referral.refresh_from_db()
    assert referral.status == Status.DRAFT and referral.reference is None


def test_only_the_writer_can_change_or_submit_a_draft(world) -> None:  # type: ignore[no-untyped-def]
    referral = draft(world.memberships_by_role[Role.REFERRER], complete=False)
    lead = _actor(world, Role.SAFEGUARDING_LEAD)
    with pytest.raises(PermissionDenied):
        services.referral_submit(actor=lead, referral_id=referral.pk)
    with pytest.raises(PermissionDenied):
        services.referral_answer_save(
            actor=lead, referral_id=referral.pk, slug="name", raw={"given_names": ["A"], "family_name": ["B"]}
        )


def test_routing_prefers_the_ct_unit_for_the_force_then_region_then_the_force(world) -> None:  # type: ignore[no-untyped-def]
    warrington = LocalAuthority.objects.select_related("police_force_area").get(code="WRT")
    ctp = world.organisations["ctp"]
    assert route_for(warrington) == ctp
    ctp.police_force_areas.clear()
    assert route_for(warrington) == ctp  # still covers the North West region
    ctp.is_active = False
    ctp.save()
    assert route_for(warrington) == world.organisations["force"]
    Organisation.objects.filter(type=OrganisationType.POLICE_FORCE).update(is_active=False)
    assert route_for(warrington) is None


def test_no_route_keeps_the_draft_and_says_who_to_call(world, client) -> None:  # type: ignore[no-untyped-def]
    from django.urls import reverse

    from cornerstone.accounts.tests.helpers import sign_in

    referral = draft(world.memberships_by_role[Role.REFERRER])
    Organisation.objects.filter(
        type__in=[OrganisationType.CT_POLICING_UNIT, OrganisationType.POLICE_FORCE]
    ).update(is_active=False)
    with pytest.raises(services.NoRoute):
        services.referral_submit(actor=_actor(world), referral_id=referral.pk)
    referral.refresh_from_db()
    assert referral.status == Status.DRAFT and referral.reference is None
    membership = world.memberships_by_role[Role.REFERRER]
    sign_in(client, membership.user, membership)
    response = client.post(reverse("referrals:check", args=[referral.pk]))
    assert response.status_code == 400
    assert "Call 101 and ask for the Prevent team" in response.content.decode()


def test_routing_to_another_area(world) -> None:  # type: ignore[no-untyped-def]
    elsewhere = LocalAuthority.objects.exclude(
        police_force_area__prevent_region=world.organisations["ctp"].prevent_regions.first()
    ).first()
    other_unit = Organisation.objects.create(
        name="Counter Terrorism Policing Elsewhere", type=OrganisationType.CT_POLICING_UNIT
    )
    other_unit.police_force_areas.add(elsewhere.police_force_area)
    referral = submitted(world.memberships_by_role[Role.REFERRER], local_authority=elsewhere.code)
    assert referral.routed_to == other_unit


def test_record_receipt_moves_to_screening_once(world) -> None:  # type: ignore[no-untyped-def]
    referral = submitted(world.memberships_by_role[Role.REFERRER])
    officer = _actor(world, Role.POLICE_PREVENT_OFFICER)
    updated = services.referral_receipt_record(actor=officer, referral_id=referral.pk)
    assert updated.status == Status.IN_SCREENING and updated.receipt_recorded_at is not None
    # A second receipt (another officer, a double click) is told the case has moved on.
    with pytest.raises(CaseMovedOn, match="Nothing was changed"):
        services.referral_receipt_record(actor=officer, referral_id=referral.pk)
    event = AuditEvent.objects.get(action="referral.record_receipt")
    assert event.person_ref == str(referral.person)
    with pytest.raises(PermissionDenied):
        services.referral_receipt_record(actor=_actor(world), referral_id=referral.pk)


def test_every_service_write_records_exactly_one_audit_event(world) -> None:  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    actor = _actor(world)

    def events() -> int:
        return AuditEvent.objects.filter(action__startswith="referral.").count()

    start = events()
    referral = services.referral_start(actor=actor)
    assert events() == start + 1
    raw = complete_answers()
    services.referral_answer_save(actor=actor, referral_id=referral.pk, slug="name", raw=raw["name"])
    assert events() == start + 2
    with pytest.raises(ValidationError):
        services.referral_answer_save(actor=actor, referral_id=referral.pk, slug="name", raw={})
    assert events() == start + 2
    attachment = services.referral_attachment_add(
        actor=actor, referral_id=referral.pk, upload=SimpleUploadedFile("note.txt", b"hello")
    )
    assert events() == start + 3
    services.referral_attachment_remove(actor=actor, attachment_id=attachment.pk)
    assert events() == start + 4
    services.referral_draft_delete(actor=actor, referral_id=referral.pk)
    assert events() == start + 5
    event = AuditEvent.objects.filter(action="referral.draft_deleted").get()
    assert event.actor == actor.user


def test_a_referral_keeps_the_taxonomy_it_was_made_under(world) -> None:  # type: ignore[no-untyped-def]
    referral = draft(world.memberships_by_role[Role.REFERRER], complete=False)
    old = ConcernTaxonomy.objects.get(version="2019-04")
    current = ConcernTaxonomy.objects.get(is_current=True)
    assert current.version == "2024-05"
    assert current.types.count() == 12 and old.types.count() == 7
    current.is_current = False
    current.save()
    old.is_current = True
    old.save()
    referral.refresh_from_db()
    assert referral.taxonomy == current


def test_close_is_only_for_police_managed_cases(world) -> None:  # type: ignore[no-untyped-def]
    from cornerstone.referrals.tests.stages import referral_at

    officer = _actor(world, Role.POLICE_PREVENT_OFFICER)
    screening = referral_at(world, Status.IN_SCREENING)
    with pytest.raises(CaseMovedOn):
        services.referral_close(actor=officer, referral_id=screening.pk, reason="Test")
    managed = referral_at(world, Status.POLICE_MANAGED)
    with pytest.raises(ValidationError):
        services.referral_close(actor=officer, referral_id=managed.pk, reason=" ")
    with pytest.raises(PermissionDenied):
        services.referral_close(actor=_actor(world), referral_id=managed.pk, reason="Test")
    closed = services.referral_close(actor=officer, referral_id=managed.pk, reason="Managed and resolved")
    assert closed.status == Status.CLOSED
    assert AuditEvent.objects.get(action="referral.close").reason == "Managed and resolved"
