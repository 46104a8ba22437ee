"""Daily reminders of what falls due: panel actions due today or overdue, and interventions
with no delivered session within their planned frequency (``support.selectors``).

System work, not a person's: no audit event (as with the other scheduled jobs). Each reminder
goes at most once a day to each person (an existing notification of that kind and reference
made today is not repeated), so running the job twice in a day sends nothing new.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from cornerstone.accounts.models import User
from cornerstone.notifications.models import Notification
from cornerstone.notifications.services import notify


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _path(name: str, *args: object, fallback: str) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return fallback


def _remind(recipients: Iterable[User], *, kind: str, reference: str, path: str, today: dt.date) -> int:
    """Notify those not yet reminded of this today."""
    users = {user.pk: user for user in recipients if user.is_active}
    already = set(
        Notification.objects.filter(
            recipient_id__in=users,
            kind=kind,
            reference=reference[:60],
            created_at__gte=_start_of(today),
            created_at__lt=_start_of(today + dt.timedelta(days=1)),
        ).values_list("recipient_id", flat=True)
    )
    fresh = [user for pk, user in users.items() if pk not in already]
    if not fresh:
        return 0
    return len(notify(recipients=fresh, kind=kind, reference=reference, path=path))


def panel_action_reminders(today: dt.date) -> int:
    from cornerstone.panels.models import PanelAction

    made = 0
    actions = PanelAction.objects.filter(completed_at__isnull=True, due_on__lte=today).select_related(
        "owner", "item__referral"
    )
    for action in actions:
        kind = "action_due" if action.due_on == today else "action_overdue"
        reference = f"{action.item.referral.reference or ''}, action {action.pk}".lstrip(", ")
        path = _path("panels:actions", fallback="/panels/actions/")
        made += _remind([action.owner], kind=kind, reference=reference, path=path, today=today)
    return made


def session_overdue_reminders(today: dt.date) -> int:
    from cornerstone.channel.handover import channel_coordinators_for
    from cornerstone.support.models import Intervention
    from cornerstone.support.selectors import drifting_interventions

    made = 0
    drifting = drifting_interventions(Intervention.objects.all(), today).select_related(
        "owner", "case__referral", "case__local_authority"
    )
    coordinators: dict[int, list[User]] = {}
    for intervention in drifting:
        area = intervention.case.local_authority
        if area.pk not in coordinators:
            coordinators[area.pk] = channel_coordinators_for(area)
        made += _remind(
            [intervention.owner, *coordinators[area.pk]],
            kind="session_overdue",
            reference=intervention.case.referral.reference or "",
            path=reverse("support:intervention", args=[intervention.pk]),
            today=today,
        )
    return made


def due_reminders_send(today: dt.date | None = None) -> int:
    """Make today's reminders (each is emailed as it happens, or waits for the digest).
    Returns how many notifications were made."""
    today = today or timezone.localdate()
    with transaction.atomic():
        return panel_action_reminders(today) + session_overdue_reminders(today)
