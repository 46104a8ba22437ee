"""What is waiting on the home page, for the lead to wire in: each function takes the actor and
returns (text, link) pairs; an empty list means nothing is waiting."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from cornerstone.accounts.actor import Actor
from cornerstone.channel.models import ChannelCase, PostClosureReview
from cornerstone.panels import selectors
from cornerstone.panels.models import AgendaItem, MeetingState, PanelAction
from cornerstone.referrals.workflow import Status


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def panel_waiting_for_recorders(actor: Actor) -> list[tuple[str, str]]:
    """Coordinator and chair: the next meeting, and what is due with no meeting to take it (cases
    listed, post-closure reviews overdue), and overdue panel actions."""
    if actor.role not in selectors.RECORDERS or actor.organisation is None:
        return []
    found: list[tuple[str, str]] = []
    meeting = selectors.next_meeting(actor)
    if meeting is not None:
        items = meeting.agenda_size  # type: ignore[attr-defined]
        when = f"{timezone.localtime(meeting.starts_at):%-d %B %Y}"
        found.append(
            (
                f"Next Channel panel: {when}, {_plural(items, 'case', 'cases')} on the agenda",
                reverse("panels:meeting", args=[meeting.pk]),
            )
        )
    on_open_agenda = (
        AgendaItem.objects.filter(removed=False, decision="")
        .exclude(meeting__state=MeetingState.CLOSED)
        .values("referral")
    )
    listed = ChannelCase.objects.filter(
        local_authority__organisations=actor.organisation, referral__status=Status.LISTED
    ).exclude(referral__in=on_open_agenda)
    count = listed.count()
    if count:
        found.append(
            (
                f"{_plural(count, 'case is', 'cases are')} listed for a panel with no meeting scheduled",
                reverse("panels:index"),
            )
        )
    reviews = (
        PostClosureReview.objects.filter(
            case__local_authority__organisations=actor.organisation,
            case__referral__status=Status.POST_CLOSURE,
            completed_at__isnull=True,
            due_on__lt=timezone.localdate(),
        )
        .exclude(case__referral__in=on_open_agenda)
        .count()
    )
    if reviews:
        found.append(
            (
                f"{_plural(reviews, 'post-closure review is', 'post-closure reviews are')} overdue "
                "with no meeting scheduled",
                reverse("panels:index"),
            )
        )
    overdue = (
        PanelAction.objects.filter(
            item__meeting__panel__in=selectors.panels_visible_to(actor),
            completed_at__isnull=True,
            due_on__lt=timezone.localdate(),
        )
        .distinct()
        .count()
    )
    if overdue:
        found.append(
            (f"{_plural(overdue, 'panel action is', 'panel actions are')} overdue", reverse("panels:index"))
        )
    return found


def panel_waiting_for_members(actor: Actor) -> list[tuple[str, str]]:
    """Panel member: the published agendas of the meetings of their panels."""
    if actor.role not in selectors.MEMBERS:
        return []
    return [
        (
            f"Agenda published: {meeting.panel.name}, {timezone.localtime(meeting.starts_at):%-d %B %Y}",
            reverse("panels:meeting", args=[meeting.pk]),
        )
        for meeting in selectors.meetings_visible_to(actor).order_by("starts_at")
    ]


def panel_actions_waiting(actor: Actor) -> list[tuple[str, str]]:
    """Everyone: their own panel actions not done, due within a week or overdue."""
    today = timezone.localdate()
    mine = selectors.actions_owned_by(actor).filter(completed_at__isnull=True)
    overdue = mine.filter(due_on__lt=today).count()
    due = mine.filter(due_on__gte=today, due_on__lte=today + dt.timedelta(days=7)).count()
    found = []
    if overdue:
        found.append(
            (
                f"{_plural(overdue, 'panel action of yours is', 'panel actions of yours are')} overdue",
                reverse("panels:actions"),
            )
        )
    if due:
        found.append(
            (
                f"{_plural(due, 'panel action of yours is', 'panel actions of yours are')} due this week",
                reverse("panels:actions"),
            )
        )
    return found


def panel_home_items(actor: Actor) -> list[tuple[str, str]]:
    """All of the above, for one call from the home page."""
    return (
        panel_waiting_for_recorders(actor) + panel_waiting_for_members(actor) + panel_actions_waiting(actor)
    )
