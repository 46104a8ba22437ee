"""Sending notification emails through Django's configured email backend."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from cornerstone.notifications.models import Notification, NotificationPreference


def _link(path: str) -> str:
    return f"{settings.CORNERSTONE_BASE_URL}{path}"


def send_now(ids: list[int]) -> int:
    """Email the given notifications one by one, skipping those already sent and those whose
    recipient takes a daily digest. Returns how many were sent."""
    digest_users = set(
        NotificationPreference.objects.filter(daily_digest=True).values_list("user_id", flat=True)
    )
    sent = 0
    for notification in Notification.objects.filter(pk__in=ids, sent_at__isnull=True).select_related("recipient"):
        if notification.recipient_id in digest_users:
            continue
        from cornerstone.notifications.services import KINDS

        subject = f"{KINDS[notification.kind]}: {notification.reference}"
        body = (
            f"{KINDS[notification.kind]}.\n\nReference: {notification.reference}\n\n"
            f"Sign in to {settings.CORNERSTONE_SERVICE_NAME} to see it: {_link(notification.path)}\n"
        )
        send_mail(subject, body, None, [notification.recipient.email])
        Notification.objects.filter(pk=notification.pk).update(sent_at=timezone.now())
        sent += 1
    return sent
