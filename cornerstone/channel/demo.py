"""Synthetic Channel work for the demo: information requests on the demo Channel cases that are
gathering information or listed, so each demo role sees something waiting: the school's
safeguarding lead has one answered and one waiting (overdue) request, the health trust's panel
member one waiting, and the coordinator an answer to read and an overdue request.

Runs after the cases are seeded (at their stages). Consent is recorded by the journey seeding
through ``services.consent_record`` (which moves the case), not here. Running it again changes
nothing: a case that already has requests is left alone.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.channel import services
from cornerstone.channel.models import InformationRequest
from cornerstone.referrals.models import Referral
from cornerstone.referrals.workflow import Status

QUESTIONS = {
    "secondary": "Is the young person attending school regularly, and have staff noticed any change in "
    "behaviour, friendships or online activity this term?",
    "health": "Is the person known to mental health or substance misuse services? Please share only "
    "what the panel needs to plan support.",
}
ANSWER = "Attendance is 94% this term. Pastoral staff have noticed the person spending breaks alone; no incidents recorded."


def seed_demo_channel(world: Any, *, today: dt.date | None = None) -> list[InformationRequest]:
    today = today or timezone.localdate()
    coordinator = Actor.for_membership(world.memberships_by_role[Role.CHANNEL_COORDINATOR])
    lead = Actor.for_membership(world.memberships_by_role[Role.SAFEGUARDING_LEAD])
    made: list[InformationRequest] = []
    cases = Referral.objects.filter(
        status__in=(Status.INFORMATION_GATHERING, Status.LISTED),
        channel_case__local_authority__organisations=coordinator.organisation,
    ).order_by("pk")
    for index, referral in enumerate(cases[:3]):
        if InformationRequest.objects.filter(case__referral=referral).exists():
            continue
        for org_key in ("secondary", "health"):
            made.append(
                services.information_request_send(
                    actor=coordinator,
                    referral_id=referral.pk,
                    organisation_id=world.organisations[org_key].pk,
                    question=QUESTIONS[org_key],
                    due_on=today + dt.timedelta(days=10),
                )
            )
        school_request = made[-2]
        if index == 0:
            services.information_request_answer(actor=lead, request_id=school_request.pk, answer=ANSWER)
        elif index == 1:
            # Sent a fortnight ago and not answered by its date (the service refuses a past
            # date, so the demo moves the dates back after sending).
            InformationRequest.objects.filter(pk=school_request.pk).update(
                sent_at=timezone.now() - dt.timedelta(days=14), due_on=today - dt.timedelta(days=4)
            )
    return made
