"""Sending notification emails through Django's configured email backend (the console in the
demo; SMTP or GOV.UK Notify, ``backends.NotifyEmailBackend``, in production).

What an email says is built here, and only from a notification's kind, reference and path: an
email never carries a person's name or anything from a case."""

from __future__ import annotations

from itertools import groupby

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from cornerstone.notifications.models import Notification, NotificationPreference


def _link(path: str) -> str:
    return f"{settings.CORNERSTONE_BASE_URL}{path}"


def _sentence(notification: Notification) -> str:
    from cornerstone.notifications.services import KINDS

    return KINDS.get(notification.kind, "Something is waiting for you")


def single_email(notification: Notification) -> tuple[str, str]:
    """The subject and body of the email for one notification."""
    sentence = _sentence(notification)
    subject = f"{sentence}: {notification.reference}"
    body = (
        f"{sentence}.\n\nReference: {notification.reference}\n\n"
        f"Sign in to {settings.CORNERSTONE_SERVICE_NAME} to see it: {_link(notification.path)}\n"
    )
    return subject, body


def digest_email(notifications: list[Notification]) -> tuple[str, str]:
    """The subject and body of one daily digest."""
    count = len(notifications)
    subject = f"{settings.CORNERSTONE_SERVICE_NAME}: {count} notification{'s' if count != 1 else ''} today"
    lines = [
        f"Your daily summary from {settings.CORNERSTONE_SERVICE_NAME}: {count} thing{'s' if count != 1 else ''} "
        "waiting for you.",
        "",
    ]
    for notification in notifications:
        lines += [
            f"- {_sentence(notification)}.",
            f"  Reference: {notification.reference}",
            f"  {_link(notification.path)}",
            "",
        ]
    lines.append(f"Sign in to {settings.CORNERSTONE_SERVICE_NAME} to see them.")
    return subject, "\n".join(lines) + "\n"


def send_now(ids: list[int]) -> int:
    """Email the given notifications one by one, skipping those already sent and those whose
    recipient takes a daily digest. Returns how many were sent."""
    digest_users = set(
        NotificationPreference.objects.filter(daily_digest=True).values_list("user_id", flat=True)
    )
    sent = 0
    for notification in Notification.objects.filter(pk__in=ids, sent_at__isnull=True).select_related(
        "recipient"
    ):
        if notification.recipient_id in digest_users:
            continue
        subject, body = single_email(notification)
        send_mail(subject, body, None, [notification.recipient.email])
        Notification.objects.filter(pk=notification.pk).update(sent_at=timezone.now())
        sent += 1
    return sent


def send_digests() -> int:
    """Send each user who asked for a daily digest one email listing their unsent
    notifications, and mark them sent. Returns how many emails were sent."""
    waiting = (
        Notification.objects.filter(
            sent_at__isnull=True,
            recipient__is_active=True,
            recipient__notification_preference__daily_digest=True,
        )
        .select_related("recipient")
        .order_by("recipient_id", "created_at", "id")
    )
    sent = 0
    for _, group in groupby(waiting, key=lambda notification: notification.recipient_id):
        notifications = list(group)
        subject, body = digest_email(notifications)
        with transaction.atomic():
            # Marked first and in the same transaction: if sending fails, they stay unsent.
            Notification.objects.filter(pk__in=[n.pk for n in notifications], sent_at__isnull=True).update(
                sent_at=timezone.now()
            )
            send_mail(subject, body, None, [notifications[0].recipient.email])
        sent += 1
    return sent
