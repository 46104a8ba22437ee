"""What Channel adds to the home pages' "waiting for you" lists (``cornerstone.accounts.home``
calls these). Each returns (text, url) pairs, nothing when there is nothing waiting. Counts
only: no names."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.channel import selectors
from cornerstone.channel.models import InformationRequest
from cornerstone.referrals.workflow import Status


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def cases_waiting_for_pick_up(actor: Actor) -> list[tuple[str, str]]:
    """Coordinator and chair: cases progressed to Channel that nobody has picked up yet."""
    count = selectors.channel_cases_visible_to(actor).filter(referral__status=Status.WITH_CHANNEL).count()
    if not count:
        return []
    text = _plural(count, "case is waiting to be picked up", "cases are waiting to be picked up")
    return [(text, f"{reverse('channel:cases')}?state={Status.WITH_CHANNEL}")]


def information_requests_overdue_for_coordinator(actor: Actor) -> list[tuple[str, str]]:
    """Coordinator: requests they sent that are past their date without an answer."""
    if actor.user is None or actor.role != Role.CHANNEL_COORDINATOR:
        return []
    count = InformationRequest.objects.filter(
        case__in=selectors.channel_cases_visible_to(actor),
        sent_by=actor.user,
        answered_at__isnull=True,
        withdrawn_at__isnull=True,
        due_on__lt=timezone.localdate(),
    ).count()
    if not count:
        return []
    text = _plural(
        count, "information request you sent is overdue", "information requests you sent are overdue"
    )
    return [(text, f"{reverse('channel:cases')}?state={Status.INFORMATION_GATHERING}")]


def consent_waiting(actor: Actor) -> list[tuple[str, str]]:
    """Coordinator: adopted cases waiting for the consent decision to be recorded."""
    if actor.role != Role.CHANNEL_COORDINATOR:
        return []
    count = selectors.channel_cases_visible_to(actor).filter(referral__status=Status.AWAITING_CONSENT).count()
    if not count:
        return []
    text = _plural(count, "adopted case is waiting for consent", "adopted cases are waiting for consent")
    return [(text, f"{reverse('channel:cases')}?state={Status.AWAITING_CONSENT}")]


def information_requests_waiting(actor: Actor) -> list[tuple[str, str]]:
    """Safeguarding lead and panel member: requests to their organisation waiting for an answer,
    and how many of those are overdue."""
    open_requests = selectors.information_requests_for_partner(actor).filter(answered_at__isnull=True)
    waiting = open_requests.count()
    if not waiting:
        return []
    url = reverse("channel:inbox")
    items = [
        (
            _plural(
                waiting,
                "information request is waiting for an answer",
                "information requests are waiting for an answer",
            ),
            url,
        )
    ]
    overdue = open_requests.filter(due_on__lt=timezone.localdate()).count()
    if overdue:
        items.append(
            (_plural(overdue, "information request is overdue", "information requests are overdue"), url)
        )
    return items


COORDINATOR_WAITING = (
    cases_waiting_for_pick_up,
    information_requests_overdue_for_coordinator,
    consent_waiting,
)
CHAIR_WAITING = (cases_waiting_for_pick_up,)
PARTNER_WAITING = (information_requests_waiting,)
