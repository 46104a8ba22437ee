"""Telling whoever must act next. Services call ``notify`` inside their own transaction; the
emails go after it commits (or wait for the recipient's daily digest). An email carries no
personal data: what is waiting, a reference and a link."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.models import User
from cornerstone.audit.services import audit_event_record
from cornerstone.notifications.models import Notification, NotificationPreference

# What each kind of notification says: the subject line and first sentence of the email.
KINDS: dict[str, str] = {
    "referral_arrived": "A new referral is waiting in your screening queue",
    "approval_needed": "A screening decision is waiting for your approval",
    "decision_returned": "A screening decision you proposed has been returned",
    "case_progressed": "A case has been progressed to Channel",
    "information_request": "An information request is waiting for your answer",
    "information_answered": "A partner has answered an information request",
    "agenda_published": "A Channel panel agenda has been published",
    "consent_needed": "A case adopted by the Channel panel needs consent recorded",
    "intervention_assigned": "An intervention has been assigned to you",
    "action_due": "A panel action is due",
    "action_overdue": "A panel action is overdue",
    "session_overdue": "An intervention has no delivered session within its planned frequency",
}


def notify(*, recipients: Iterable[User], kind: str, reference: str, path: str) -> list[Notification]:
    """Record a notification for each recipient; each is emailed once the transaction commits."""
    if kind not in KINDS:
        raise ValueError(f"unknown notification kind {kind!r}")
    made = [
        Notification.objects.create(recipient=user, kind=kind, reference=reference[:60], path=path[:300])
        for user in {user.pk: user for user in recipients if user.is_active}.values()
    ]
    if made:
        ids = [notification.pk for notification in made]
        transaction.on_commit(lambda: _send_soon(ids), robust=True)
    return made


def _send_soon(ids: list[int]) -> None:
    from cornerstone.notifications.tasks import schedule_daily_work, send_notifications

    send_notifications.enqueue(ids)
    schedule_daily_work()


def notification_preference_set(*, actor: Actor, daily_digest: bool) -> NotificationPreference:
    """Choose each notification by email as it happens, or one daily digest."""
    if actor.user is None:
        raise PermissionDenied
    with transaction.atomic():
        preference, _ = NotificationPreference.objects.select_for_update().get_or_create(user=actor.user)
        before = preference.daily_digest
        preference.daily_digest = bool(daily_digest)
        preference.save(update_fields=["daily_digest"])
        audit_event_record(
            actor=actor,
            action="notification_preference.set",
            target=preference,
            changes={"daily_digest": [before, preference.daily_digest]},
        )
    return preference
