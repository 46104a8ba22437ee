"""Notifications: who must act next, by email. An email carries no personal data: only what
is waiting, a reference and a link."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class NotificationPreference(models.Model):
    user = models.OneToOneField(
        "accounts.User", on_delete=models.CASCADE, related_name="notification_preference"
    )
    daily_digest = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"Notification preference of {self.user}"


class Notification(models.Model):
    recipient = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=40)
    # The reference (a PRV number, a meeting date) and the path of the page to act on: never
    # names or details of a person.
    reference = models.CharField(max_length=60)
    path = models.CharField(max_length=300)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["recipient", "sent_at"], name="notification_unsent")]

    def __str__(self) -> str:
        return f"{self.kind} {self.reference} for {self.recipient}"
