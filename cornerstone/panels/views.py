"""Channel panel pages: the panel and its members, meetings with their agenda, attendance and
minutes, the panel's decision on each case, actions, and the panel member's view of a case."""

from __future__ import annotations

import contextlib
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from cornerstone.accounts.access import get_visible_or_403
from cornerstone.accounts.actor import Actor, request_actor
from cornerstone.accounts.decorators import acting
from cornerstone.accounts.models import Membership, User
from cornerstone.accounts.roles import Role
from cornerstone.audit.models import AccessKind
from cornerstone.audit.services import access_log_record
from cornerstone.govuk.form_errors import add_service_errors
from cornerstone.govuk.pdf import render_pdf
from cornerstone.panels import forms, rules, selectors, services
from cornerstone.panels.home import panel_waiting_for_recorders
from cornerstone.panels.models import AgendaItem, AgendaSection, Meeting, MeetingState, Panel, PanelMember
from cornerstone.referrals.models import Referral
from cornerstone.referrals.transitions import refusal_message
from cornerstone.referrals.workflow import TransitionNotAllowed, transition_named

COORDINATOR = frozenset({Role.CHANNEL_COORDINATOR})
RECORDERS = selectors.RECORDERS
PANEL_ROLES = selectors.PANEL_ROLES


def _is_coordinator(actor: Actor) -> bool:
    return actor.role == Role.CHANNEL_COORDINATOR


def _log(
    request: HttpRequest,
    actor: Actor,
    target: Any,
    description: str,
    *,
    kind: str = AccessKind.VIEW,
    person_ref: str = "",
) -> None:
    access_log_record(
        actor=actor,
        kind=kind,
        target=target,
        person_ref=person_ref,
        description=description,
        path=request.path,
    )


# Panels ------------------------------------------------------------------------------------


@acting(roles=PANEL_ROLES)
def index(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    panels = selectors.panels_visible_to(actor).select_related("organisation")
    meetings = selectors.meetings_visible_to(actor).exclude(state=MeetingState.CLOSED).order_by("starts_at")
    waiting = panel_waiting_for_recorders(actor) if actor.role in RECORDERS else []
    return render(
        request,
        "panels/index.html",
        {
            "panels": panels,
            "meetings": meetings,
            "can_create": _is_coordinator(actor),
            "waiting": waiting,
        },
    )


@acting(roles=COORDINATOR)
def panel_new(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    form = forms.PanelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            panel = services.panel_create(actor=actor, name=form.cleaned_data["name"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{panel.name} created. Add its chair and members.")
            return redirect("panels:panel", panel_id=panel.pk)
    return render(request, "panels/panel_form.html", {"form": form})


@acting(roles=PANEL_ROLES)
def panel_detail(request: HttpRequest, panel_id: int) -> HttpResponse:
    actor = request_actor(request)
    panel = get_visible_or_403(selectors.panels_visible_to(actor).select_related("organisation"), pk=panel_id)
    seats = (
        PanelMember.objects.filter(panel=panel, is_active=True)
        .select_related("membership__user", "membership__organisation")
        .order_by("role", "membership__user__full_name")
    )
    meetings = selectors.meetings_visible_to(actor).filter(panel=panel).order_by("-starts_at")
    return render(
        request,
        "panels/panel.html",
        {"panel": panel, "seats": seats, "meetings": meetings, "can_manage": _is_coordinator(actor)},
    )


def _own_panel(actor: Actor, panel_id: int) -> Panel:
    return get_visible_or_403(selectors.panels_visible_to(actor), pk=panel_id)


@acting(roles=COORDINATOR)
def member_add(request: HttpRequest, panel_id: int) -> HttpResponse:
    actor = request_actor(request)
    panel = _own_panel(actor, panel_id)
    form = forms.MemberForm(request.POST or None, memberships=selectors.candidate_members(panel))
    if request.method == "POST" and form.is_valid():
        try:
            services.panel_member_add(actor=actor, panel=panel, membership=form.cleaned_data["membership"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Panel member added.")
            return redirect("panels:panel", panel_id=panel.pk)
    return render(
        request, "panels/member_form.html", {"form": form, "panel": panel, "title": "Add a panel member"}
    )


@require_POST
@acting(roles=COORDINATOR)
def member_remove(request: HttpRequest, panel_id: int, member_id: int) -> HttpResponse:
    actor = request_actor(request)
    panel = _own_panel(actor, panel_id)
    member = get_visible_or_403(PanelMember.objects.filter(panel=panel), pk=member_id)
    try:
        services.panel_member_remove(actor=actor, member=member)
    except ValidationError as error:
        messages.error(request, refusal_message(error))
    else:
        messages.success(request, "Taken off the panel.")
    return redirect("panels:panel", panel_id=panel.pk)


@acting(roles=COORDINATOR)
def chair_set(request: HttpRequest, panel_id: int) -> HttpResponse:
    actor = request_actor(request)
    panel = _own_panel(actor, panel_id)
    form = forms.ChairForm(request.POST or None, memberships=selectors.chair_candidates(panel))
    if request.method == "POST" and form.is_valid():
        try:
            services.panel_chair_set(actor=actor, panel=panel, membership=form.cleaned_data["membership"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Chair set.")
            return redirect("panels:panel", panel_id=panel.pk)
    return render(
        request, "panels/member_form.html", {"form": form, "panel": panel, "title": "Set the chair"}
    )


# Meetings and agendas ------------------------------------------------------------------------


@acting(roles=COORDINATOR)
def meeting_new(request: HttpRequest, panel_id: int) -> HttpResponse:
    actor = request_actor(request)
    panel = _own_panel(actor, panel_id)
    form = forms.MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_schedule(
                actor=actor, panel=panel, starts_at=form.starts_at(), location=form.cleaned_data["location"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Meeting scheduled. The agenda has been built from the cases due.")
            return redirect("panels:meeting", meeting_id=meeting.pk)
    return render(request, "panels/meeting_form.html", {"form": form, "panel": panel})


def _decision_label(action: str) -> str:
    try:
        return transition_named(action).label if action else ""
    except KeyError:
        return action


def _sections(items: list[AgendaItem]) -> list[tuple[str, list[AgendaItem]]]:
    for item in items:
        item.decision_label = _decision_label(item.decision)  # type: ignore[attr-defined]
    return [
        (str(AgendaSection(section).label), [item for item in items if item.section == section])
        for section in rules.SECTION_ORDER
    ]


@acting(roles=PANEL_ROLES)
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    actor = request_actor(request)
    meeting = get_visible_or_403(selectors.meetings_visible_to(actor), pk=meeting_id)
    recorder = actor.role in RECORDERS
    if recorder and meeting.state == MeetingState.PLANNED and any(rules.agenda_changes(meeting)):
        with contextlib.suppress(ValidationError, PermissionDenied):
            services.agenda_build(actor=actor, meeting=meeting)
    items = list(
        selectors.agenda_items_visible_to(actor)
        .filter(meeting=meeting)
        .select_related("decided_by", "post_closure_review", "referral__local_authority")
        .defer("referral__answers")
        .prefetch_related("actions__owner", "referral__person__names")
        .order_by("order", "pk")
    )
    for item in items:
        item.person_name = selectors.person_name(item.referral)  # type: ignore[attr-defined]
        item.case_url = rules.case_path(item.referral) if recorder else ""  # type: ignore[attr-defined]
    _log(
        request,
        actor,
        meeting,
        f"Viewed the panel meeting of {timezone.localtime(meeting.starts_at):%-d %B %Y}",
    )
    attendance = meeting.attendance.select_related("organisation")
    return render(
        request,
        "panels/meeting.html",
        {
            "meeting": meeting,
            "sections": _sections(items),
            "attendance": attendance,
            "recorder": recorder,
            "coordinator": _is_coordinator(actor),
            "planned": meeting.state == MeetingState.PLANNED,
            "published": meeting.state == MeetingState.PUBLISHED,
            "closed": meeting.state == MeetingState.CLOSED,
            "quorum_note": _quorum_note(meeting),
        },
    )


def _quorum_note(meeting: Meeting) -> str:
    present = meeting.attendance.filter(present=True)
    missing = []
    if not present.filter(role="chair").exists():
        missing.append("the chair")
    if not present.filter(role="police").exists():
        missing.append("a police representative")
    return " and ".join(missing)


def _recorder_meeting(actor: Actor, meeting_id: int) -> Meeting:
    if actor.role not in RECORDERS:
        raise PermissionDenied
    return get_visible_or_403(selectors.meetings_visible_to(actor), pk=meeting_id)


def _redirect_refused(
    request: HttpRequest, error: ValidationError | TransitionNotAllowed, meeting: Meeting
) -> HttpResponse:
    messages.error(request, refusal_message(error))
    return redirect("panels:meeting", meeting_id=meeting.pk)


@require_POST
@acting(roles=RECORDERS)
def agenda_refresh(request: HttpRequest, meeting_id: int) -> HttpResponse:
    actor = request_actor(request)
    meeting = _recorder_meeting(actor, meeting_id)
    try:
        built = services.agenda_build(actor=actor, meeting=meeting)
    except ValidationError as error:
        return _redirect_refused(request, error, meeting)
    added = len(built["added"])
    messages.success(request, f"Agenda brought up to date: {added} case{'s' if added != 1 else ''} added.")
    return redirect("panels:meeting", meeting_id=meeting.pk)


@acting(roles=COORDINATOR)
def agenda_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    actor = request_actor(request)
    meeting = _recorder_meeting(actor, meeting_id)
    on_agenda = meeting.items.filter(removed=False).values("referral")
    choices = (
        Referral.objects.filter(
            channel_case__local_authority__in=rules.panel_areas(meeting),
            status__in=[status for states in rules.SECTION_STATES.values() for status in states],
        )
        .exclude(pk__in=on_agenda)
        .order_by("reference")
    )
    form = forms.AgendaAddForm(request.POST or None, referrals=choices)
    _log(request, actor, meeting, "Viewed the cases that can be added to a panel agenda")
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_add(actor=actor, meeting=meeting, referral=form.cleaned_data["referral"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Case added to the agenda.")
            return redirect("panels:meeting", meeting_id=meeting.pk)
    return render(request, "panels/agenda_add.html", {"form": form, "meeting": meeting})


@require_POST
@acting(roles=COORDINATOR)
def agenda_remove(request: HttpRequest, meeting_id: int, item_id: int) -> HttpResponse:
    actor = request_actor(request)
    meeting = _recorder_meeting(actor, meeting_id)
    item = get_visible_or_403(meeting.items.all(), pk=item_id)
    try:
        services.agenda_item_remove(actor=actor, item=item)
    except ValidationError as error:
        return _redirect_refused(request, error, meeting)
    messages.success(request, f"{item.referral.reference} taken off the agenda.")
    return redirect("panels:meeting", meeting_id=meeting.pk)


@require_POST
@acting(roles=COORDINATOR)
def agenda_move(request: HttpRequest, meeting_id: int, item_id: int) -> HttpResponse:
    actor = request_actor(request)
    meeting = _recorder_meeting(actor, meeting_id)
    item = get_visible_or_403(meeting.items.filter(removed=False), pk=item_id)
    try:
        services.agenda_item_move(actor=actor, item=item, up=request.POST.get("direction") == "up")
    except ValidationError as error:
        return _redirect_refused(request, error, meeting)
    return redirect("panels:meeting", meeting_id=meeting.pk)


@acting(roles=COORDINATOR)
def publish(request: HttpRequest, meeting_id: int) -> HttpResponse:
    actor = request_actor(request)
    meeting = _recorder_meeting(actor, meeting_id)
    if request.method == "POST":
        try:
            services.meeting_publish_agenda(actor=actor, meeting=meeting)
        except ValidationError as error:
            return _redirect_refused(request, error, meeting)
        messages.success(request, "Agenda published. The chair and panel members have been told.")
        return redirect("panels:meeting", meeting_id=meeting.pk)
    count = meeting.items.filter(removed=False).count()
    return render(
        request,
        "panels/confirm.html",
        {
            "meeting": meeting,
            "title": "Publish the agenda",
            "body": f"The agenda has {count} case{'s' if count != 1 else ''}. Once published it cannot be changed, "
            "and the chair and panel members are told it is ready.",
            "button": "Publish the agenda",
        },
    )


@acting(roles=RECORDERS)
def close(request: HttpRequest, meeting_id: int) -> HttpResponse:
    actor = request_actor(request)
    meeting = _recorder_meeting(actor, meeting_id)
    if request.method == "POST":
        try:
            services.meeting_close(actor=actor, meeting=meeting)
        except ValidationError as error:
            return _redirect_refused(request, error, meeting)
        messages.success(request, "Minutes finalised.")
        return redirect("panels:meeting", meeting_id=meeting.pk)
    undecided = meeting.items.filter(removed=False, decision="").count()
    body = "Once the minutes are finalised nothing more can be recorded, and panel members no longer see the cases."
    if undecided:
        body = (
            f"{undecided} case{'s have' if undecided != 1 else ' has'} no decision recorded: "
            "they will be due at the next meeting. " + body
        )
    return render(
        request,
        "panels/confirm.html",
        {"meeting": meeting, "title": "Finalise the minutes", "body": body, "button": "Finalise the minutes"},
    )


@acting(roles=RECORDERS)
def attendance(request: HttpRequest, meeting_id: int) -> HttpResponse:
    actor = request_actor(request)
    meeting = _recorder_meeting(actor, meeting_id)
    members = Membership.objects.filter(
        pk__in=PanelMember.objects.filter(panel=meeting.panel, is_active=True).values("membership")
    ).select_related("user", "organisation")
    form = forms.AttendanceForm(request.POST or None, members=members)
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_record(actor=actor, meeting=meeting, **form.details())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Attendance recorded.")
            return redirect("panels:attendance", meeting_id=meeting.pk)
    return render(
        request,
        "panels/attendance.html",
        {
            "form": form,
            "meeting": meeting,
            "attendance": meeting.attendance.select_related("organisation"),
            "closed": meeting.state == MeetingState.CLOSED,
            "not_closed": meeting.state != MeetingState.CLOSED,
        },
    )


@require_POST
@acting(roles=RECORDERS)
def attendance_remove(request: HttpRequest, meeting_id: int, attendance_id: int) -> HttpResponse:
    actor = request_actor(request)
    meeting = _recorder_meeting(actor, meeting_id)
    line = get_visible_or_403(meeting.attendance.all(), pk=attendance_id)
    try:
        services.attendance_remove(actor=actor, attendance=line)
    except ValidationError as error:
        messages.error(request, refusal_message(error))
    else:
        messages.success(request, f"{line.name} taken off the attendance list.")
    return redirect("panels:attendance", meeting_id=meeting.pk)


# One case on the agenda -------------------------------------------------------------------------


def _recorder_item(actor: Actor, item_id: int) -> AgendaItem:
    if actor.role not in RECORDERS:
        raise PermissionDenied
    return get_visible_or_403(selectors.agenda_items_visible_to(actor), pk=item_id)


def _owners(meeting: Meeting) -> QuerySet[User]:
    """Who can own an action: the panel's members and chair, and the authority's coordinators."""
    seats = PanelMember.objects.filter(panel=meeting.panel, is_active=True).values("membership")
    staff = Membership.objects.filter(
        is_active=True, organisation=meeting.panel.organisation, role__in=RECORDERS
    ).values("pk")
    return (
        User.objects.filter(is_active=True)
        .filter(Q(memberships__in=seats) | Q(memberships__in=staff))
        .distinct()
        .order_by("full_name")
    )


@acting(roles=RECORDERS)
def item_detail(request: HttpRequest, item_id: int) -> HttpResponse:
    actor = request_actor(request)
    item = _recorder_item(actor, item_id)
    meeting = item.meeting
    referral = item.referral
    notes_form = forms.NotesForm(
        request.POST if request.POST.get("form") == "notes" else None, initial={"notes": item.notes}
    )
    decision_form = forms.DecisionForm(
        request.POST if request.POST.get("form") == "decision" else None,
        actions=rules.panel_actions_for(referral.status),
        prefix="decision",
    )
    if request.method == "POST":
        try:
            if request.POST.get("form") == "notes" and notes_form.is_valid():
                services.agenda_item_notes_save(
                    actor=actor, item=item, notes=notes_form.cleaned_data["notes"]
                )
                messages.success(request, "Notes saved.")
                return redirect("panels:item", item_id=item.pk)
            if request.POST.get("form") == "decision" and decision_form.is_valid():
                data = decision_form.cleaned_data
                services.agenda_item_decide(
                    actor=actor,
                    item=item,
                    action=data["action"],
                    reasons=data["reasons"],
                    detail=data.get("detail") or "",
                    exit_reason=data.get("exit_reason") or "",
                    exit_note=data.get("exit_note") or "",
                    outcome=data.get("outcome") or "",
                    extend=bool(data.get("extend")),
                    seen_status=request.POST.get("seen_status", ""),
                )
                messages.success(request, "Decision recorded.")
                return redirect("panels:item", item_id=item.pk)
        except ValidationError as error:
            add_service_errors(decision_form if request.POST.get("form") == "decision" else notes_form, error)
        except TransitionNotAllowed as error:
            decision_form.add_error(None, refusal_message(error))
    _log(request, actor, referral, "Viewed the case on a panel agenda", person_ref=referral.person_ref)
    item.refresh_from_db()
    recordable = meeting.state == MeetingState.PUBLISHED and timezone.localdate() >= rules.meeting_date(
        meeting
    )
    return render(
        request,
        "panels/item.html",
        {
            "item": item,
            "meeting": meeting,
            "referral": referral,
            "decision_label": _decision_label(item.decision),
            "person_name": selectors.person_name(referral),
            "case_url": rules.case_path(referral),
            "notes_form": notes_form,
            "decision_form": decision_form,
            "form": decision_form if decision_form.is_bound else notes_form,
            "recordable": recordable,
            "quorum": rules.quorum_problem(meeting, referral),
            "actions": item.actions.select_related("owner"),
            "can_decide": recordable and not item.decision and bool(rules.panel_actions_for(referral.status)),
        },
    )


@acting(roles=RECORDERS)
def action_new(request: HttpRequest, item_id: int) -> HttpResponse:
    actor = request_actor(request)
    item = _recorder_item(actor, item_id)
    form = forms.ActionForm(request.POST or None, owners=_owners(item.meeting))
    if request.method == "POST" and form.is_valid():
        try:
            services.panel_action_add(actor=actor, item=item, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Action added.")
            return redirect("panels:item", item_id=item.pk)
    return render(request, "panels/action_form.html", {"form": form, "item": item})


@acting()
def actions(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    mine = selectors.actions_owned_by(actor).order_by("completed_at", "due_on", "pk")
    if mine.exists():
        _log(request, actor, None, "Viewed their panel actions")
    return render(request, "panels/actions.html", {"actions": mine, "today": timezone.localdate()})


@require_POST
@acting()
def action_complete(request: HttpRequest, action_id: int) -> HttpResponse:
    actor = request_actor(request)
    action = get_visible_or_403(selectors.actions_visible_to(actor), pk=action_id)
    try:
        services.panel_action_complete(actor=actor, action=action)
    except ValidationError as error:
        messages.error(request, refusal_message(error))
    else:
        messages.success(request, "Action marked as done.")
    if request.POST.get("next") == "item" and actor.role in RECORDERS:
        return redirect("panels:item", item_id=action.item_id)
    return redirect("panels:actions")


# Minutes ------------------------------------------------------------------------------------


@acting(roles=RECORDERS)
def minutes_pdf(request: HttpRequest, meeting_id: int) -> HttpResponse:
    actor = request_actor(request)
    meeting = _recorder_meeting(actor, meeting_id)
    context = minutes_context(meeting)
    pdf = render_pdf(
        "panels/minutes_pdf.html",
        context,
        title=f"Minutes: {meeting.panel.name}, {timezone.localtime(meeting.starts_at):%-d %B %Y}",
        classification="OFFICIAL-SENSITIVE",
    )
    _log(request, actor, meeting, "Downloaded the panel minutes (PDF)", kind=AccessKind.EXPORT)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="panel-minutes-{meeting.pk}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


def minutes_context(meeting: Meeting) -> dict[str, Any]:
    items = list(
        meeting.items.filter(removed=False)
        .select_related("referral__person", "referral__local_authority", "decided_by")
        .prefetch_related("actions__owner", "referral__person__names")
        .order_by("order", "pk")
    )
    for item in items:
        item.person_name = selectors.person_name(item.referral)  # type: ignore[attr-defined]
    return {
        "meeting": meeting,
        "sections": _sections(items),
        "attendance": meeting.attendance.select_related("organisation"),
    }


# The panel member's view of a case --------------------------------------------------------------


@acting(roles=selectors.MEMBERS)
def member_case(request: HttpRequest, referral_id: int) -> HttpResponse:
    actor = request_actor(request)
    referral = get_visible_or_403(
        selectors.member_case_referrals(actor).select_related("person", "local_authority", "concern_type"),
        pk=referral_id,
    )
    _log(request, actor, referral, "Viewed the case as a panel member", person_ref=referral.person_ref)
    return render(
        request, "panels/member_case.html", {"case": selectors.member_case_summary(actor, referral)}
    )
