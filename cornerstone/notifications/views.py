"""Each signed-in user's notifications and how they are emailed."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from cornerstone.accounts.actor import request_actor
from cornerstone.notifications.forms import PreferenceForm
from cornerstone.notifications.models import Notification, NotificationPreference
from cornerstone.notifications.services import KINDS, notification_preference_set

RECENT = 30


def preferences(request: HttpRequest) -> HttpResponse:
    """Open to every signed-in user, whatever role they act in (sign-in is enforced by the
    middleware): it shows only their own notifications."""
    actor = request_actor(request)
    user = actor.user
    assert user is not None  # sign-in is required  # noqa: S101
    digest = NotificationPreference.objects.filter(user_id=user.pk, daily_digest=True).exists()
    form = PreferenceForm(
        request.POST if request.method == "POST" else None,
        initial={"delivery": "digest" if digest else "each"},
    )
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["delivery"] == "digest"
        notification_preference_set(actor=actor, daily_digest=chosen)
        messages.success(
            request,
            "You will get one daily digest of your notifications"
            if chosen
            else "You will be emailed each notification as it happens",
        )
        return redirect("notifications:preferences")
    recent = [
        {"notification": notification, "sentence": KINDS.get(notification.kind, notification.kind)}
        for notification in Notification.objects.filter(recipient_id=user.pk).order_by("-created_at", "-id")[
            :RECENT
        ]
    ]
    return render(
        request, "notifications/preferences.html", {"form": form, "recent": recent, "digest": digest}
    )
