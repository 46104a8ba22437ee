"""Support stops when a case leaves support (the panel's exit, or consent withdrawn): its open
interventions end inside the same transaction as that move, so no provider goes on working a
case Channel no longer holds and a finished plan never shows as overdue. The move's own audit
event lists the interventions ended."""

from __future__ import annotations

from django.utils import timezone

from cornerstone.referrals.models import Referral
from cornerstone.support.models import Intervention


def end_open_interventions(referral: Referral) -> list[int]:
    """End the case's interventions still running; returns their ids. Call under the referral's lock."""
    running = list(
        Intervention.objects.select_for_update()
        .filter(case__referral=referral, ended_at__isnull=True)
        .values_list("pk", flat=True)
    )
    if running:
        Intervention.objects.filter(pk__in=running).update(ended_at=timezone.now())
    return running
