"""Channel panels: set-up, meetings and agendas, attendance, decisions per case and actions.

Each public function is one transaction and leaves exactly one audit event. A panel decision
changes the case's state only through ``referral_transition`` (which writes that event).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.models import Membership, Organisation, User
from cornerstone.accounts.roles import OrganisationType, Role
from cornerstone.audit.services import audit_event_record
from cornerstone.channel.handover import channel_coordinators_for
from cornerstone.channel.models import ChannelCase, ExitReason, PostClosureReview
from cornerstone.notifications.services import notify
from cornerstone.panels import rules
from cornerstone.panels.models import (
    AgendaItem,
    Attendance,
    AttendanceRole,
    Meeting,
    MeetingState,
    Panel,
    PanelAction,
    PanelMember,
    PanelRole,
)
from cornerstone.referrals.models import Referral
from cornerstone.referrals.transitions import referral_transition
from cornerstone.referrals.workflow import PANEL_RECORDERS, Guard, transition_named
from cornerstone.support.closing import end_open_interventions

NOT_ADOPT_DETAILS = {"nfa": "No further action", "signpost": "Signpost to another service"}
REOPENED = "Reopened"


def _is_coordinator(actor: Actor, panel: Panel) -> bool:
    return (
        actor.user is not None
        and actor.role == Role.CHANNEL_COORDINATOR
        and actor.organisation is not None
        and actor.organisation.pk == panel.organisation_id
    )


def _require_coordinator(actor: Actor, panel: Panel) -> None:
    if not _is_coordinator(actor, panel):
        raise PermissionDenied


def _require_recorder(actor: Actor, panel: Panel) -> None:
    if (
        actor.user is None
        or actor.role not in PANEL_RECORDERS
        or actor.organisation is None
        or actor.organisation.pk != panel.organisation_id
    ):
        raise PermissionDenied


def _locked_meeting(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().select_related("panel").get(pk=meeting.pk)


def _require_planned(meeting: Meeting) -> None:
    if meeting.state != MeetingState.PLANNED:
        raise ValidationError("The agenda has been published, so it can no longer be changed")


def _require_not_closed(meeting: Meeting) -> None:
    if meeting.state == MeetingState.CLOSED:
        raise ValidationError("The minutes of this meeting are finalised, so nothing more can be recorded")


def _panel_recipients(panel: Panel) -> list[User]:
    seats = PanelMember.objects.filter(panel=panel, is_active=True, membership__is_active=True)
    return list(User.objects.filter(is_active=True, memberships__in=seats.values("membership")).distinct())


# Panel set-up --------------------------------------------------------------------------------


def panel_create(*, actor: Actor, name: str) -> Panel:
    """The local authority's Channel panel, made by its Channel coordinator."""
    organisation = actor.organisation
    if (
        actor.user is None
        or actor.role != Role.CHANNEL_COORDINATOR
        or organisation is None
        or organisation.type != OrganisationType.LOCAL_AUTHORITY
    ):
        raise PermissionDenied
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Enter a name for the panel"})
    with transaction.atomic():
        panel = Panel.objects.create(organisation=organisation, name=name[:200])
        audit_event_record(actor=actor, action="panel.create", target=panel, changes={"name": panel.name})
    return panel


def panel_member_add(*, actor: Actor, panel: Panel, membership: Membership) -> PanelMember:
    """Add someone, in one of their active roles in any partner organisation, as a panel member."""
    _require_coordinator(actor, panel)
    if not (membership.is_active and membership.user.is_active and membership.organisation.is_active):
        raise ValidationError({"membership": "Select someone whose account and role are active"})
    with transaction.atomic():
        member = PanelMember.objects.select_for_update().filter(panel=panel, membership=membership).first()
        if member is not None and member.is_active:
            raise ValidationError({"membership": "This person is already on the panel"})
        if member is None:
            member = PanelMember.objects.create(panel=panel, membership=membership, role=PanelRole.MEMBER)
        else:
            member.is_active, member.role = True, PanelRole.MEMBER
            member.save(update_fields=["is_active", "role"])
        audit_event_record(
            actor=actor,
            action="panel.member_add",
            target=panel,
            changes={"membership": membership.pk, "user": membership.user.email},
        )
    return member


def panel_member_remove(*, actor: Actor, member: PanelMember) -> PanelMember:
    """Take someone off the panel (they keep the record of what they attended)."""
    _require_coordinator(actor, member.panel)
    with transaction.atomic():
        member = PanelMember.objects.select_for_update().get(pk=member.pk)
        if not member.is_active:
            raise ValidationError("This person is not on the panel")
        member.is_active = False
        member.save(update_fields=["is_active"])
        audit_event_record(
            actor=actor,
            action="panel.member_remove",
            target=member.panel,
            changes={"membership": member.membership_id, "role": member.role},
        )
    return member


def panel_chair_set(*, actor: Actor, panel: Panel, membership: Membership) -> PanelMember:
    """Make a panel chair of the local authority the panel's chair, in place of any other."""
    _require_coordinator(actor, panel)
    if (
        membership.role != Role.PANEL_CHAIR
        or membership.organisation_id != panel.organisation_id
        or not membership.is_active
        or not membership.user.is_active
    ):
        raise ValidationError({"membership": "Select a Channel panel chair of your local authority"})
    with transaction.atomic():
        previous = PanelMember.objects.select_for_update().filter(
            panel=panel, role=PanelRole.CHAIR, is_active=True
        )
        before = [chair.membership_id for chair in previous]
        previous.exclude(membership=membership).update(is_active=False)
        chair, _ = PanelMember.objects.update_or_create(
            panel=panel, membership=membership, defaults={"role": PanelRole.CHAIR, "is_active": True}
        )
        audit_event_record(
            actor=actor,
            action="panel.chair_set",
            target=panel,
            changes={"chair": [before[0] if before else None, membership.pk]},
        )
    return chair


# Meetings and agendas ------------------------------------------------------------------------


def _build(meeting: Meeting) -> dict[str, Any]:
    """Bring the planned agenda up to date with what is due; returns what changed."""
    additions, stale = rules.agenda_changes(meeting)
    for item in stale:
        item.delete()
    orders: dict[str, int] = {
        row["section"]: row["top"] or 0 for row in meeting.items.values("section").annotate(top=Max("order"))
    }
    for entry in additions:
        orders[entry.section] = orders.get(entry.section, 0) + 1
        AgendaItem.objects.create(
            meeting=meeting,
            referral_id=entry.referral_id,
            section=entry.section,
            order=orders[entry.section],
            post_closure_review_id=entry.review_id,
        )
    return {
        "added": [entry.referral_id for entry in additions],
        "taken_off": [item.referral_id for item in stale],
    }


def meeting_schedule(*, actor: Actor, panel: Panel, starts_at: dt.datetime, location: str) -> Meeting:
    """A meeting of the panel, with its agenda built from what is due by its date."""
    _require_coordinator(actor, panel)
    assert actor.user is not None  # a coordinator is a person  # noqa: S101
    if not panel.is_active:
        raise ValidationError("This panel is no longer active")
    with transaction.atomic():
        meeting = Meeting.objects.create(
            panel=panel, starts_at=starts_at, location=location.strip()[:200], created_by=actor.user
        )
        built = _build(meeting)
        audit_event_record(
            actor=actor,
            action="panel.meeting_schedule",
            target=meeting,
            changes={"starts_at": starts_at.isoformat(), "location": meeting.location, **built},
        )
    return meeting


def agenda_build(*, actor: Actor, meeting: Meeting) -> dict[str, Any]:
    """Add to the planned agenda what has become due, and take off cases that have moved on."""
    _require_recorder(actor, meeting.panel)
    with transaction.atomic():
        meeting = _locked_meeting(meeting)
        _require_planned(meeting)
        built = _build(meeting)
        audit_event_record(actor=actor, action="panel.agenda_build", target=meeting, changes=built)
    return built


def agenda_item_add(*, actor: Actor, meeting: Meeting, referral: Referral) -> AgendaItem:
    """Put a case of the panel's area on the planned agenda by hand (or back on it)."""
    _require_coordinator(actor, meeting.panel)
    with transaction.atomic():
        meeting = _locked_meeting(meeting)
        _require_planned(meeting)
        case = ChannelCase.objects.filter(
            referral=referral, local_authority__in=rules.panel_areas(meeting)
        ).first()
        if case is None:
            raise PermissionDenied
        section = rules.section_for(referral.status)
        if section is None:
            raise ValidationError({"referral": "This case is not at a stage a panel discusses"})
        review = rules.open_reviews(referral).first() if section == rules.AgendaSection.POST_CLOSURE else None
        top = meeting.items.filter(section=section).aggregate(top=Max("order"))["top"] or 0
        item, created = AgendaItem.objects.get_or_create(
            meeting=meeting,
            referral=referral,
            defaults={"section": section, "order": top + 1, "post_closure_review": review},
        )
        if not created:
            if not item.removed:
                raise ValidationError({"referral": "This case is already on the agenda"})
            item.removed, item.section, item.order = False, section, top + 1
            item.post_closure_review = review
            item.save(update_fields=["removed", "section", "order", "post_closure_review"])
        audit_event_record(
            actor=actor,
            action="panel.agenda_item_add",
            target=meeting,
            person_ref=referral.person_ref,
            changes={"referral": referral.pk, "section": section},
        )
    return item


def agenda_item_remove(*, actor: Actor, item: AgendaItem) -> AgendaItem:
    """Take a case off the planned agenda; rebuilding the agenda will not bring it back."""
    _require_coordinator(actor, item.meeting.panel)
    with transaction.atomic():
        meeting = _locked_meeting(item.meeting)
        _require_planned(meeting)
        item = AgendaItem.objects.select_for_update().get(pk=item.pk)
        if item.removed:
            raise ValidationError("This case is already off the agenda")
        item.removed = True
        item.save(update_fields=["removed"])
        audit_event_record(
            actor=actor,
            action="panel.agenda_item_remove",
            target=meeting,
            changes={"referral": item.referral_id},
        )
    return item


def agenda_item_move(*, actor: Actor, item: AgendaItem, up: bool) -> AgendaItem:
    """Move a case one place up or down within its section of the planned agenda."""
    _require_coordinator(actor, item.meeting.panel)
    with transaction.atomic():
        meeting = _locked_meeting(item.meeting)
        _require_planned(meeting)
        items = list(meeting.items.filter(section=item.section, removed=False).order_by("order", "pk"))
        index = next(i for i, other in enumerate(items) if other.pk == item.pk)
        target = index - 1 if up else index + 1
        if 0 <= target < len(items):
            items[index], items[target] = items[target], items[index]
        for number, other in enumerate(items, start=1):
            if other.order != number:
                other.order = number
                other.save(update_fields=["order"])
        audit_event_record(
            actor=actor,
            action="panel.agenda_item_move",
            target=meeting,
            changes={
                "referral": item.referral_id,
                "order": [index + 1, max(0, min(target, len(items) - 1)) + 1],
            },
        )
    return AgendaItem.objects.get(pk=item.pk)


def meeting_publish_agenda(*, actor: Actor, meeting: Meeting) -> Meeting:
    """Publish the agenda: it is fixed, and the chair and panel members are told."""
    _require_coordinator(actor, meeting.panel)
    with transaction.atomic():
        meeting = _locked_meeting(meeting)
        _require_planned(meeting)
        meeting.state = MeetingState.PUBLISHED
        meeting.agenda_published_at = timezone.now()
        meeting.save(update_fields=["state", "agenda_published_at"])
        notify(
            recipients=_panel_recipients(meeting.panel),
            kind="agenda_published",
            reference=f"{timezone.localtime(meeting.starts_at):%-d %B %Y}",
            path=reverse("panels:meeting", args=[meeting.pk]),
        )
        audit_event_record(
            actor=actor,
            action="panel.agenda_publish",
            target=meeting,
            changes={"items": meeting.items.filter(removed=False).count()},
        )
    return meeting


def meeting_close(*, actor: Actor, meeting: Meeting) -> Meeting:
    """Finalise the minutes. Panel members no longer see the meeting's cases."""
    _require_recorder(actor, meeting.panel)
    with transaction.atomic():
        meeting = _locked_meeting(meeting)
        if meeting.state != MeetingState.PUBLISHED:
            raise ValidationError(
                "The minutes are already finalised"
                if meeting.state == MeetingState.CLOSED
                else "Publish the agenda before finalising the minutes"
            )
        meeting.state = MeetingState.CLOSED
        meeting.closed_at = timezone.now()
        meeting.save(update_fields=["state", "closed_at"])
        undecided = meeting.items.filter(removed=False, decision="").count()
        audit_event_record(
            actor=actor, action="panel.meeting_close", target=meeting, changes={"undecided_items": undecided}
        )
    return meeting


# Attendance ----------------------------------------------------------------------------------


def attendance_record(
    *,
    actor: Actor,
    meeting: Meeting,
    organisation: Organisation,
    name: str,
    role: str,
    present: bool,
    user: User | None = None,
) -> Attendance:
    """Who attended (or sent apologies), by organisation and in which capacity."""
    _require_recorder(actor, meeting.panel)
    name = name.strip() or (user.full_name if user is not None else "")
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = "Enter the name of the person attending"
    if role not in AttendanceRole.values:
        errors["role"] = "Select the role they attend in"
    elif role == AttendanceRole.POLICE and organisation.type not in rules.POLICE_TYPES:
        errors["role"] = (
            "A police representative must be from a police force or counter-terrorism policing unit"
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        meeting = _locked_meeting(meeting)
        _require_not_closed(meeting)
        if user is not None and meeting.attendance.filter(user=user).exists():
            raise ValidationError({"name": f"{user.full_name} is already recorded for this meeting"})
        attendance = Attendance.objects.create(
            meeting=meeting, organisation=organisation, name=name[:200], user=user, role=role, present=present
        )
        audit_event_record(
            actor=actor,
            action="panel.attendance_record",
            target=meeting,
            changes={
                "name": attendance.name,
                "organisation": organisation.name,
                "role": role,
                "present": present,
            },
        )
    return attendance


def attendance_remove(*, actor: Actor, attendance: Attendance) -> None:
    """Correct the attendance list: take off a line recorded by mistake."""
    _require_recorder(actor, attendance.meeting.panel)
    with transaction.atomic():
        meeting = _locked_meeting(attendance.meeting)
        _require_not_closed(meeting)
        changes = {"name": attendance.name, "role": attendance.role, "present": attendance.present}
        Attendance.objects.filter(pk=attendance.pk).delete()
        audit_event_record(actor=actor, action="panel.attendance_remove", target=meeting, changes=changes)


# Per case: notes, decisions, actions -----------------------------------------------------------


def _require_recordable(meeting: Meeting) -> None:
    if meeting.state == MeetingState.PLANNED:
        raise ValidationError("Publish the agenda before recording what the panel discussed")
    _require_not_closed(meeting)
    if timezone.localdate() < rules.meeting_date(meeting):
        raise ValidationError("Notes and decisions can be recorded on the day of the meeting or later")


def agenda_item_notes_save(*, actor: Actor, item: AgendaItem, notes: str) -> AgendaItem:
    """The notes of the panel's discussion of one case."""
    _require_recorder(actor, item.meeting.panel)
    with transaction.atomic():
        meeting = _locked_meeting(item.meeting)
        _require_recordable(meeting)
        item = AgendaItem.objects.select_for_update().get(pk=item.pk)
        if item.removed:
            raise PermissionDenied
        item.notes = notes.strip()
        item.save(update_fields=["notes"])
        audit_event_record(
            actor=actor,
            action="panel.notes_save",
            target=item,
            person_ref=str(item.referral.person) if item.referral.person_id else "",
            changes={"length": len(item.notes)},
        )
    return item


def _schedule_reviews(case: ChannelCase, months: tuple[int, ...]) -> list[PostClosureReview]:
    assert case.exited_at is not None  # noqa: S101
    exited_on = timezone.localtime(case.exited_at).date()
    made = []
    for number in months:
        if not PostClosureReview.objects.filter(case=case, months=number, completed_at__isnull=True).exists():
            made.append(
                PostClosureReview.objects.create(
                    case=case, months=number, due_on=rules.add_months(exited_on, number)
                )
            )
    return made


def _the_review(item: AgendaItem, referral: Referral) -> PostClosureReview:
    review = None
    if item.post_closure_review_id is not None:
        review = PostClosureReview.objects.filter(
            pk=item.post_closure_review_id, completed_at__isnull=True
        ).first()
    review = review or rules.open_reviews(referral).first()
    if review is None:
        raise ValidationError("There is no post-closure review waiting for this case")
    return review


def agenda_item_decide(
    *,
    actor: Actor,
    item: AgendaItem,
    action: str,
    reasons: str,
    detail: str = "",
    exit_reason: str = "",
    exit_note: str = "",
    outcome: str = "",
    extend: bool = False,
    seen_status: str = "",
) -> Referral:
    """Record the panel's decision on one case of the agenda, with its reasons: the case moves
    on through the lifecycle (``referrals.workflow``), guarded by the meeting's quorum."""
    meeting = item.meeting
    _require_recorder(actor, meeting.panel)
    transition = transition_named(action)
    if transition.roles != PANEL_RECORDERS:
        raise ValidationError({"action": "Select a decision the panel can make"})
    now = timezone.now()
    outcome = outcome.strip()[:200]

    def exit_check(referral: Referral) -> str | None:
        return None if exit_reason in ExitReason.values else "Select the reason for exit"

    def last_review_check(referral: Referral) -> str | None:
        review = _the_review(item, referral)
        if rules.open_reviews(referral).exclude(pk=review.pk).exists():
            return "Another post-closure review is still due, so the case cannot be closed yet"
        return None

    def record(referral: Referral) -> dict[str, Any]:
        case = ChannelCase.objects.select_for_update().get(referral=referral)
        extra: dict[str, Any] = {"meeting": meeting.pk, "agenda_item": item.pk}
        recorded_detail = ""
        if action == "not_adopt":
            if detail not in NOT_ADOPT_DETAILS:
                raise ValidationError({"detail": "Select no further action or signpost"})
            recorded_detail = str(NOT_ADOPT_DETAILS[detail])
        elif action == "adopt":
            case.adopted_at = now
            case.save(update_fields=["adopted_at"])
            notify(
                recipients=channel_coordinators_for(case.local_authority),
                kind="consent_needed",
                reference=referral.reference or "",
                path=rules.case_path(referral),
            )
        elif action == "seek_consent_again":
            notify(
                recipients=channel_coordinators_for(case.local_authority),
                kind="consent_needed",
                reference=referral.reference or "",
                path=rules.case_path(referral),
            )
        elif action == "exit":
            case.exit_reason, case.exit_note, case.exited_at = exit_reason, exit_note.strip(), now
            case.save(update_fields=["exit_reason", "exit_note", "exited_at"])
            made = _schedule_reviews(case, rules.POST_CLOSURE_MONTHS)
            recorded_detail = str(ExitReason(exit_reason).label)
            extra["reviews_due"] = [review.due_on.isoformat() for review in made]
            extra["interventions_ended"] = end_open_interventions(referral)
        elif action in ("post_closure_review", "finish_post_closure"):
            review = _the_review(item, referral)
            if action == "post_closure_review" and extend and case.exited_at is not None:
                made = _schedule_reviews(case, (rules.EXTENDED_MONTHS,))
                extra["reviews_due"] = [r.due_on.isoformat() for r in made]
            review.completed_at, review.outcome = now, outcome or "Reviewed"
            review.save(update_fields=["completed_at", "outcome"])
            if action == "post_closure_review" and not rules.open_reviews(referral).exists():
                raise ValidationError(
                    {"action": "This is the last review due: close the case, or extend reviews to 24 months"}
                )
            recorded_detail = f"{review.months}-month review: {review.outcome}"
            if extend and action == "post_closure_review":
                recorded_detail += " (extended to 24 months)"
            extra["review"] = review.pk
        elif action == "reopen":
            extra["reviews_closed"] = list(rules.open_reviews(referral).values_list("pk", flat=True))
            rules.open_reviews(referral).update(completed_at=now, outcome=REOPENED)
            extra["exit"] = {
                "reason": case.exit_reason,
                "at": case.exited_at.isoformat() if case.exited_at else "",
            }
            case.exit_reason, case.exit_note, case.exited_at = "", "", None
            case.save(update_fields=["exit_reason", "exit_note", "exited_at"])
            notify(
                recipients=channel_coordinators_for(case.local_authority),
                kind="consent_needed",
                reference=referral.reference or "",
                path=rules.case_path(referral),
            )
        locked.decision, locked.decision_detail = action, recorded_detail[:200]
        locked.reasons, locked.decided_by, locked.decided_at = reasons.strip(), actor.user, now
        locked.save(update_fields=["decision", "decision_detail", "reasons", "decided_by", "decided_at"])
        if recorded_detail:
            extra["detail"] = recorded_detail
        return extra

    with transaction.atomic():
        locked_meeting = _locked_meeting(meeting)
        _require_recordable(locked_meeting)
        locked = AgendaItem.objects.select_for_update().get(pk=item.pk)
        if locked.removed:
            raise PermissionDenied
        if locked.decision:
            raise ValidationError("The panel's decision on this case is already recorded")
        guards = {
            Guard.QUORUM: lambda referral: rules.quorum_problem(locked_meeting, referral),
            Guard.EXIT_REASON: exit_check,
            Guard.LAST_REVIEW: last_review_check,
        }
        return referral_transition(
            actor=actor,
            seen_status=seen_status,
            referral_id=locked.referral_id,
            action=action,
            guards={guard: check for guard, check in guards.items() if guard in transition.guards},
            reason=reasons,
            record=record,
            timeline_title=f"Channel panel: {transition.label}",
            timeline_detail=f"Panel meeting on {timezone.localtime(locked_meeting.starts_at):%-d %B %Y}",
        )


def panel_action_add(
    *, actor: Actor, item: AgendaItem, description: str, owner: User, due_on: dt.date
) -> PanelAction:
    """An action the panel agreed on a case, with its owner and due date."""
    _require_recorder(actor, item.meeting.panel)
    errors: dict[str, str] = {}
    if not description.strip():
        errors["description"] = "Enter what needs to be done"
    if not owner.is_active:
        errors["owner"] = "Select someone whose account is active"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        meeting = _locked_meeting(item.meeting)
        _require_recordable(meeting)
        action = PanelAction.objects.create(
            item=item, description=description.strip(), owner=owner, due_on=due_on
        )
        audit_event_record(
            actor=actor,
            action="panel.action_add",
            target=action,
            person_ref=str(item.referral.person) if item.referral.person_id else "",
            changes={"owner": owner.email, "due_on": due_on.isoformat(), "referral": item.referral_id},
        )
    return action


def panel_action_complete(*, actor: Actor, action: PanelAction) -> PanelAction:
    """Mark an action done: by its owner, or by the panel's chair or coordinator."""
    panel = action.item.meeting.panel
    is_owner = actor.user is not None and actor.user.pk == action.owner_id
    if not is_owner:
        _require_recorder(actor, panel)
    with transaction.atomic():
        action = PanelAction.objects.select_for_update().get(pk=action.pk)
        if action.completed_at is not None:
            raise ValidationError("This action is already done")
        action.completed_at, action.completed_by = timezone.now(), actor.user
        action.save(update_fields=["completed_at", "completed_by"])
        audit_event_record(actor=actor, action="panel.action_complete", target=action)
    return action
