"""Drafts abandoned for 30 days are deleted with their attachments, by the system, audited."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.audit.models import AuditEvent
from cornerstone.referrals import services
from cornerstone.referrals.models import Referral, ReferralAttachment
from cornerstone.referrals.tests.helpers import draft, submitted

pytestmark = pytest.mark.django_db


def _age(referral: Referral, days: int) -> None:
    Referral.objects.filter(pk=referral.pk).update(updated_at=timezone.now() - dt.timedelta(days=days))


def test_abandoned_drafts_are_deleted_with_their_files(world, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    membership = world.memberships_by_role[Role.REFERRER]
    old = draft(membership, complete=False)
    attachment = services.referral_attachment_add(
        actor=Actor.for_membership(membership), referral_id=old.pk, upload=SimpleUploadedFile("a.txt", b"x")
    )
    path = Path(attachment.file.path)
    recent = draft(membership, complete=False)
    done = submitted(membership)
    _age(old, 31)
    _age(recent, 29)
    Referral.objects.filter(pk=done.pk).update(updated_at=timezone.now() - dt.timedelta(days=400))

    with django_capture_on_commit_callbacks(execute=True):
        assert services.drafts_abandoned_delete() == 1
    assert set(Referral.objects.values_list("pk", flat=True)) == {recent.pk, done.pk}
    assert not ReferralAttachment.objects.exists()
    assert not path.exists()
    event = AuditEvent.objects.get(action="referral.draft_deleted")
    assert event.actor is None and event.actor_label == "system: delete_abandoned_drafts"
    assert event.object_id == str(old.pk)


def test_command_and_task(world) -> None:  # type: ignore[no-untyped-def]
    from cornerstone.referrals.tasks import delete_abandoned_drafts

    membership = world.memberships_by_role[Role.REFERRER]
    _age(draft(membership, complete=False), 45)
    out = StringIO()
    call_command("delete_abandoned_drafts", stdout=out)
    assert "Deleted 1 abandoned draft." in out.getvalue()
    _age(draft(membership, complete=False), 45)
    result = delete_abandoned_drafts.enqueue()
    assert result.return_value == 1


DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _queued_cleanups() -> list[dt.datetime]:
    from django_tasks_db.models import DBTaskResult

    from cornerstone.referrals.tasks import delete_abandoned_drafts

    return list(
        DBTaskResult.objects.filter(
            status="READY", task_path=delete_abandoned_drafts.module_path
        ).values_list("run_after", flat=True)
    )


def test_starting_a_draft_keeps_one_cleanup_queued_a_day_ahead(  # type: ignore[no-untyped-def]
    world, settings, django_capture_on_commit_callbacks
) -> None:
    settings.TASKS = DATABASE_QUEUE
    membership = world.memberships_by_role[Role.REFERRER]
    with django_capture_on_commit_callbacks(execute=True):
        services.referral_start(actor=Actor.for_membership(membership))
    with django_capture_on_commit_callbacks(execute=True):
        services.referral_start(actor=Actor.for_membership(membership))
    (run_after,) = _queued_cleanups()
    assert timezone.now() + dt.timedelta(hours=23) < run_after <= timezone.now() + dt.timedelta(days=1)


def test_a_cleanup_deletes_then_queues_the_next_one(world, settings) -> None:  # type: ignore[no-untyped-def]
    from cornerstone.referrals.tasks import delete_abandoned_drafts

    settings.TASKS = DATABASE_QUEUE
    old = draft(world.memberships_by_role[Role.REFERRER], complete=False)
    _age(old, 31)
    assert delete_abandoned_drafts.call() == 1
    assert not Referral.objects.filter(pk=old.pk).exists()
    assert len(_queued_cleanups()) == 1
