"""Erasure: after it, no table holds the person's names, date of birth or identifiers; the
national return for the referral's year is unchanged; the sealed logs still verify."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.apps import apps
from django.core.files.storage import default_storage
from django.db import connection, models

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.audit.chain import CHAINED_MODELS, seal_all, verify
from cornerstone.audit.models import AuditEvent
from cornerstone.demo.generator import DemoWorld
from cornerstone.people.models import Person
from cornerstone.records import services
from cornerstone.records.models import DeletionCertificate, ErasedReferral, ReviewState
from cornerstone.records.tests.builders import NEEDLES, pending_review, subject_with_everything
from cornerstone.referrals.models import Referral
from cornerstone.statistics.exports import to_csv
from cornerstone.statistics.national_return import FinancialYear, ReturnArea, national_return


def _dpo(world: DemoWorld) -> Actor:
    return Actor.for_membership(world.memberships_by_role[Role.DATA_PROTECTION_OFFICER])


def _text_columns(model: type[models.Model]) -> list[str]:
    return [
        f.attname
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField | models.JSONField | models.FileField)
    ]


def leaks(needles: tuple[str, ...]) -> list[tuple[str, str, Any]]:
    """Every (table, column, row id) whose text holds any needle, case-insensitively."""
    wanted = [n.casefold() for n in needles]
    found = []
    # A model another engineer is still adding may have no migration (and no table) yet.
    tables = set(connection.introspection.table_names())
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed or model._meta.db_table not in tables:
            continue
        columns = _text_columns(model)
        if not columns:
            continue
        for row in model._default_manager.values_list("pk", *columns).iterator():
            for column, value in zip(columns, row[1:], strict=True):
                text = str(value).casefold() if value is not None else ""
                if any(n in text for n in wanted):
                    found.append((model._meta.label, column, row[0]))
    return found


def _csv(referral: Referral) -> bytes:
    year = FinancialYear.containing(referral.submitted_at.date())  # type: ignore[union-attr]
    return to_csv(national_return(year=year, area=ReturnArea.national()))


def _equality(referral: Referral) -> Any:
    model = apps.get_model("equality", "EqualityRecord")
    return model.objects.create(
        referral=referral,
        ethnicity="white_british",
        religion="christian",
        sex="female",
        recorded_by=referral.created_by,
    )


@pytest.mark.django_db
def test_after_erasure_no_table_holds_the_persons_details(world: DemoWorld) -> None:
    subject = subject_with_everything(world)
    _equality(subject.referral)
    assert {table for table, _, _ in leaks(NEEDLES)} >= {"people.PersonName", "referrals.Referral"}
    review = pending_review(subject)

    certificate = services.retention_review_confirm(actor=_dpo(world), review_id=review.pk)

    assert leaks(NEEDLES) == []
    review.refresh_from_db()
    assert review.state == ReviewState.DELETED and review.certificate == certificate and review.person is None
    assert certificate.stubs_kept == 1 and certificate.files_removed == 1
    assert certificate.removed["Persons"] == 2 and certificate.removed["Person names"] >= 2, (
        certificate.removed
    )
    assert certificate.removed["Log rows holding the person's details"] == 0
    assert not Person.objects.filter(reference__in=[subject.person.reference, "PER-EARLIER"]).exists()
    stub = Referral.objects.get(pk=subject.referral.pk)
    assert stub.answers == {} and stub.person is not None and stub.person.reference is None
    assert ErasedReferral.objects.filter(referral=stub).exists()


@pytest.mark.django_db(transaction=True)
def test_attachment_file_removed_after_commit(world: DemoWorld) -> None:
    subject = subject_with_everything(world)
    review = pending_review(subject)
    assert default_storage.exists(subject.attachment_name)
    services.retention_review_confirm(actor=_dpo(world), review_id=review.pk)
    assert not default_storage.exists(subject.attachment_name)


@pytest.mark.django_db
def test_national_return_is_byte_identical(world: DemoWorld) -> None:
    subject = subject_with_everything(world)
    _equality(subject.referral)
    review = pending_review(subject)
    before = _csv(subject.referral)
    services.retention_review_confirm(actor=_dpo(world), review_id=review.pk)
    after = _csv(Referral.objects.get(pk=subject.referral.pk))
    assert after.decode().splitlines() == before.decode().splitlines()
    assert after == before


@pytest.mark.django_db
def test_sealed_logs_still_verify(world: DemoWorld, client: Any) -> None:
    subject = subject_with_everything(world)
    review = pending_review(subject)
    seal_all()
    services.retention_review_confirm(actor=_dpo(world), review_id=review.pk)
    seal_all()
    for model in CHAINED_MODELS:
        assert list(verify(model)) == []
    event = AuditEvent.objects.get(action="retention_review.confirm_deletion")
    assert event.person_ref == subject.person.reference


@pytest.mark.django_db
def test_erasure_is_all_or_nothing(world: DemoWorld, monkeypatch: pytest.MonkeyPatch) -> None:
    subject = subject_with_everything(world)
    review = pending_review(subject)

    def fail(**kwargs: Any) -> None:
        raise RuntimeError("audit unavailable")

    monkeypatch.setattr(services, "audit_event_record", fail)
    with pytest.raises(RuntimeError):
        services.retention_review_confirm(actor=_dpo(world), review_id=review.pk)
    assert Person.objects.filter(pk=subject.person.pk).exists()
    assert not DeletionCertificate.objects.exists()
    assert leaks(NEEDLES)


@pytest.mark.django_db
def test_deciding_twice_is_refused(world: DemoWorld) -> None:
    subject = subject_with_everything(world)
    review = pending_review(subject)
    services.retention_review_confirm(actor=_dpo(world), review_id=review.pk)
    with pytest.raises(Exception, match="already been decided"):
        services.retention_review_keep(
            actor=_dpo(world), review_id=review.pk, reason="x", review_again_on=dt.date(2099, 1, 1)
        )
