"""The panel's rules that are not writes: what is due on an agenda, who makes a meeting quorate
for a case, which decisions the panel can take on a case, and month arithmetic for reviews.

The services (``panels.services``) act on these; the views use them to show what is possible.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from cornerstone.accounts.models import Organisation
from cornerstone.accounts.roles import OrganisationType
from cornerstone.channel.models import PostClosureReview
from cornerstone.geography.models import LocalAuthority
from cornerstone.panels.models import AgendaItem, AgendaSection, AttendanceRole, Meeting, MeetingState
from cornerstone.referrals.models import Referral
from cornerstone.referrals.workflow import PANEL_RECORDERS, Status, transitions_from

POLICE_TYPES = (OrganisationType.POLICE_FORCE, OrganisationType.CT_POLICING_UNIT)
POST_CLOSURE_MONTHS = (6, 12)
EXTENDED_MONTHS = 24

# Which cases each section of an agenda holds, by the state of the case.
SECTION_STATES: dict[str, frozenset[str]] = {
    AgendaSection.NEW: frozenset({Status.LISTED}),
    AgendaSection.OPEN_REVIEW: frozenset({Status.SUPPORT, Status.CONSENT_DECLINED}),
    AgendaSection.POST_CLOSURE: frozenset({Status.POST_CLOSURE}),
}
SECTION_ORDER = [AgendaSection.NEW, AgendaSection.OPEN_REVIEW, AgendaSection.POST_CLOSURE]


def case_path(referral: Referral) -> str:
    """The Channel case page of the coordinator and chair (built by the channel app)."""
    try:
        return reverse("channel:case", args=[referral.pk])
    except NoReverseMatch:
        return f"/channel/{referral.pk}/"


def section_for(status: str) -> str | None:
    for section, states in SECTION_STATES.items():
        if status in states:
            return section
    return None


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day when it is shorter)."""
    years, month_index = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month_index + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def meeting_date(meeting: Meeting) -> dt.date:
    return timezone.localtime(meeting.starts_at).date()


def panel_areas(meeting: Meeting) -> QuerySet[LocalAuthority]:
    return meeting.panel.organisation.local_authorities.all()


def _taken_elsewhere(meeting: Meeting) -> QuerySet[AgendaItem]:
    """Undecided items of the panel's other meetings still open: a case waiting there is not due here."""
    return (
        AgendaItem.objects.filter(removed=False, decision="")
        .exclude(meeting=meeting)
        .exclude(meeting__state=MeetingState.CLOSED)
    )


@dataclass(frozen=True)
class DueItem:
    referral_id: int
    section: str
    review_id: int | None = None


def agenda_due(meeting: Meeting) -> list[DueItem]:
    """What the meeting's agenda should hold, built from what is due, each case once: new cases
    listed for the panel, open cases for review, and post-closure reviews due by the meeting date."""
    areas = panel_areas(meeting)
    elsewhere = _taken_elsewhere(meeting).values("referral_id")
    cases = Referral.objects.filter(channel_case__local_authority__in=areas).exclude(pk__in=elsewhere)
    due: list[DueItem] = []
    for section in (AgendaSection.NEW, AgendaSection.OPEN_REVIEW):
        for pk in (
            cases.filter(status__in=SECTION_STATES[section])
            .order_by("channel_case__progressed_at", "pk")
            .values_list("pk", flat=True)
        ):
            due.append(DueItem(pk, section))
    reviews = (
        PostClosureReview.objects.filter(
            completed_at__isnull=True,
            due_on__lte=meeting_date(meeting),
            case__referral__in=cases.filter(status=Status.POST_CLOSURE),
        )
        .select_related("case")
        .order_by("due_on", "pk")
    )
    seen: set[int] = set()
    for review in reviews:
        if review.case.referral_id not in seen:
            seen.add(review.case.referral_id)
            due.append(DueItem(review.case.referral_id, AgendaSection.POST_CLOSURE, review.pk))
    return due


def agenda_changes(meeting: Meeting) -> tuple[list[DueItem], list[AgendaItem]]:
    """What building the agenda would add, and the undecided items it would take off because the
    case has moved on (for example, decided elsewhere). Nothing while the agenda is not planned."""
    if meeting.state != MeetingState.PLANNED:
        return [], []
    present = {
        item.referral_id: item
        for item in meeting.items.select_related("referral").only(
            "referral_id", "section", "removed", "decision", "meeting_id", "referral__status"
        )
    }
    additions = [entry for entry in agenda_due(meeting) if entry.referral_id not in present]
    stale = [
        item
        for item in present.values()
        if not item.removed
        and not item.decision
        and item.referral.status not in SECTION_STATES.get(item.section, frozenset())
    ]
    return additions, stale


def police_covers(organisation: Organisation, area: LocalAuthority) -> bool:
    """A police force or counter-terrorism policing unit covering the area's police force area,
    or its Prevent region."""
    if organisation.type not in POLICE_TYPES:
        return False
    return (
        organisation.police_force_areas.filter(pk=area.police_force_area_id).exists()
        or organisation.prevent_regions.filter(pk=area.prevent_region_id).exists()
    )


def quorum_problem(meeting: Meeting, referral: Referral) -> str | None:
    """None when the chair and a police representative for the person's area are recorded as
    present at the meeting; otherwise what is missing, in plain English."""
    present = meeting.attendance.filter(present=True).select_related("organisation")
    missing = []
    if not present.filter(role=AttendanceRole.CHAIR).exists():
        missing.append("the chair")
    area = referral.local_authority
    police = present.filter(role=AttendanceRole.POLICE, organisation__type__in=POLICE_TYPES)
    if (
        area is None
        or not police.filter(
            Q(organisation__police_force_areas=area.police_force_area_id)
            | Q(organisation__prevent_regions=area.prevent_region_id)
        ).exists()
    ):
        place = area.name if area is not None else "the person's area"
        missing.append(f"a police representative for {place}")
    if missing:
        return "A decision needs " + " and ".join(missing) + " recorded as present at this meeting"
    return None


def panel_actions_for(status: str) -> list[tuple[str, str]]:
    """The decisions the panel can record on a case in this state: (action, label)."""
    return [(t.action, t.label) for t in transitions_from(status) if t.roles == PANEL_RECORDERS]


def open_reviews(referral: Referral) -> QuerySet[PostClosureReview]:
    return PostClosureReview.objects.filter(case__referral=referral, completed_at__isnull=True).order_by(
        "due_on", "pk"
    )
