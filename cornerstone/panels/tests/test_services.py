"""Panel services: the quorum guard, each decision's resulting state and rows, agendas built from
what is due (post-closure reviews at 6, 12 and, extended, 24 months), and actions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cornerstone.accounts.roles import Role
from cornerstone.audit.models import AuditEvent
from cornerstone.channel.models import ChannelCase, ExitReason, PostClosureReview
from cornerstone.demo.generator import DemoWorld
from cornerstone.notifications.models import Notification
from cornerstone.panels import rules, services
from cornerstone.panels.models import AgendaItem, AgendaSection, MeetingState
from cornerstone.panels.tests import helpers as h
from cornerstone.referrals.models import Referral, TimelineEntry
from cornerstone.referrals.tests.stages import referral_at
from cornerstone.referrals.transitions import CaseMovedOn
from cornerstone.referrals.workflow import Status

pytestmark = pytest.mark.django_db


def _item(meeting, referral: Referral) -> AgendaItem:  # type: ignore[no-untyped-def]
    return AgendaItem.objects.get(meeting=meeting, referral=referral)


def _decide(world: DemoWorld, item: AgendaItem, action: str, **extra) -> Referral:  # type: ignore[no-untyped-def]
    return services.agenda_item_decide(
        actor=h.chair(world), item=item, action=action, reasons="Discussed by the panel.", **extra
    )


# Quorum ------------------------------------------------------------------------------------------


def _published_without_attendance(world: DemoWorld):  # type: ignore[no-untyped-def]
    meeting = h.meeting(world)
    services.meeting_publish_agenda(actor=h.coordinator(world), meeting=meeting)
    meeting.refresh_from_db()
    return meeting


def test_no_decision_without_the_chair_present(world: DemoWorld) -> None:
    referral = referral_at(world, Status.LISTED)
    meeting = _published_without_attendance(world)
    h.attend(world, meeting, chair_present=False)
    with pytest.raises(ValidationError, match="needs the chair recorded as present"):
        _decide(world, _item(meeting, referral), "adopt")
    referral.refresh_from_db()
    assert referral.status == Status.LISTED and _item(meeting, referral).decision == ""


def test_no_decision_without_a_police_representative(world: DemoWorld) -> None:
    referral = referral_at(world, Status.LISTED)
    meeting = _published_without_attendance(world)
    services.attendance_record(
        actor=h.coordinator(world),
        meeting=meeting,
        organisation=world.organisations["warrington"],
        name="",
        user=world.users_by_role[Role.PANEL_CHAIR],
        role="chair",
        present=True,
    )
    with pytest.raises(ValidationError, match="a police representative for Warrington"):
        _decide(world, _item(meeting, referral), "adopt")


def test_a_police_representative_from_a_force_not_covering_the_area_is_not_enough(world: DemoWorld) -> None:
    referral = referral_at(world, Status.LISTED)
    meeting = _published_without_attendance(world)
    h.attend(world, meeting, police=h.other_force(world))
    with pytest.raises(ValidationError, match="a police representative for Warrington"):
        _decide(world, _item(meeting, referral), "adopt")
    assert "chair" not in rules.quorum_problem(meeting, referral)  # type: ignore[operator]


def test_apologies_do_not_count_towards_the_quorum(world: DemoWorld) -> None:
    referral = referral_at(world, Status.LISTED)
    meeting = _published_without_attendance(world)
    services.attendance_record(
        actor=h.coordinator(world),
        meeting=meeting,
        organisation=world.organisations["warrington"],
        name="",
        user=world.users_by_role[Role.PANEL_CHAIR],
        role="chair",
        present=False,
    )
    assert "the chair" in (rules.quorum_problem(meeting, referral) or "")


def test_a_police_representative_must_be_from_the_police(world: DemoWorld) -> None:
    meeting = h.meeting(world)
    with pytest.raises(ValidationError):
        services.attendance_record(
            actor=h.coordinator(world),
            meeting=meeting,
            organisation=world.organisations["health"],
            name="Dr Who",
            role="police",
            present=True,
        )


# Decisions ---------------------------------------------------------------------------------------


def test_adopt_moves_the_case_to_consent_and_tells_the_coordinator(world: DemoWorld) -> None:
    referral = referral_at(world, Status.LISTED)
    ChannelCase.objects.filter(referral=referral).update(adopted_at=None)
    meeting = h.quorate_published(world)
    item = _item(meeting, referral)
    before = AuditEvent.objects.count()
    _decide(world, item, "adopt")
    referral.refresh_from_db()
    item.refresh_from_db()
    assert referral.status == Status.AWAITING_CONSENT
    assert referral.channel_case.adopted_at is not None
    assert (
        item.decision == "adopt" and item.reasons and item.decided_by == world.users_by_role[Role.PANEL_CHAIR]
    )
    assert item.decided_at is not None
    assert Notification.objects.filter(
        recipient=world.users_by_role[Role.CHANNEL_COORDINATOR], kind="consent_needed"
    ).exists()
    assert AuditEvent.objects.count() == before + 1
    assert TimelineEntry.objects.filter(referral=referral, kind="adopt").exists()


def test_a_decision_needs_reasons(world: DemoWorld) -> None:
    referral = referral_at(world, Status.LISTED)
    meeting = h.quorate_published(world)
    with pytest.raises(ValidationError, match="reasons"):
        services.agenda_item_decide(
            actor=h.chair(world), item=_item(meeting, referral), action="adopt", reasons=" "
        )


@pytest.mark.parametrize(("detail", "label"), [("nfa", "No further action"), ("signpost", "Signpost")])
def test_not_adopt_closes_with_its_detail(world: DemoWorld, detail: str, label: str) -> None:
    referral = referral_at(world, Status.LISTED)
    meeting = h.quorate_published(world)
    _decide(world, _item(meeting, referral), "not_adopt", detail=detail)
    referral.refresh_from_db()
    assert referral.status == Status.CLOSED
    assert _item(meeting, referral).decision_detail.startswith(label)


def test_not_adopt_needs_nfa_or_signpost(world: DemoWorld) -> None:
    referral = referral_at(world, Status.LISTED)
    meeting = h.quorate_published(world)
    with pytest.raises(ValidationError):
        _decide(world, _item(meeting, referral), "not_adopt")
    referral.refresh_from_db()
    assert referral.status == Status.LISTED and _item(meeting, referral).decision == ""


def test_back_to_police(world: DemoWorld) -> None:
    referral = referral_at(world, Status.LISTED)
    meeting = h.quorate_published(world)
    _decide(world, _item(meeting, referral), "back_to_police")
    referral.refresh_from_db()
    assert referral.status == Status.POLICE_MANAGED


def test_defer_keeps_the_case_listed_for_the_next_meeting(world: DemoWorld) -> None:
    referral = referral_at(world, Status.LISTED)
    meeting = h.quorate_published(world)
    _decide(world, _item(meeting, referral), "defer")
    referral.refresh_from_db()
    assert referral.status == Status.LISTED
    later = h.meeting(world, timezone.now() + dt.timedelta(days=28))
    assert _item(later, referral).section == AgendaSection.NEW


def test_seek_consent_again_and_review(world: DemoWorld) -> None:
    declined = referral_at(world, Status.CONSENT_DECLINED)
    open_case = referral_at(world, Status.SUPPORT)
    meeting = h.quorate_published(world)
    assert _item(meeting, declined).section == _item(meeting, open_case).section == AgendaSection.OPEN_REVIEW
    _decide(world, _item(meeting, declined), "seek_consent_again")
    _decide(world, _item(meeting, open_case), "review")
    declined.refresh_from_db()
    open_case.refresh_from_db()
    assert declined.status == Status.AWAITING_CONSENT and open_case.status == Status.SUPPORT


def _exited(world: DemoWorld) -> Referral:
    referral = referral_at(world, Status.SUPPORT)
    meeting = h.quorate_published(world)
    _decide(
        world, _item(meeting, referral), "exit", exit_reason=ExitReason.RISK_REDUCED, exit_note="Doing well"
    )
    referral.refresh_from_db()
    return referral


def test_exit_records_the_reason_and_schedules_reviews_at_6_and_12_months(world: DemoWorld) -> None:
    referral = _exited(world)
    case = referral.channel_case
    assert referral.status == Status.POST_CLOSURE
    assert case.exit_reason == ExitReason.RISK_REDUCED and case.exit_note == "Doing well" and case.exited_at
    exited_on = timezone.localtime(case.exited_at).date()
    assert [(r.months, r.due_on) for r in case.post_closure_reviews.order_by("months")] == [
        (6, rules.add_months(exited_on, 6)),
        (12, rules.add_months(exited_on, 12)),
    ]


def test_exit_needs_a_reason(world: DemoWorld) -> None:
    referral = referral_at(world, Status.SUPPORT)
    meeting = h.quorate_published(world)
    with pytest.raises(ValidationError, match="reason for exit"):
        _decide(world, _item(meeting, referral), "exit")
    assert not PostClosureReview.objects.filter(case__referral=referral).exists()


def _due_now(referral: Referral, months: int) -> None:
    PostClosureReview.objects.filter(case__referral=referral, months=months).update(
        due_on=timezone.localdate() - dt.timedelta(days=1)
    )


def test_post_closure_reviews_to_the_last_then_close(world: DemoWorld) -> None:
    referral = _exited(world)
    _due_now(referral, 6)
    six = h.quorate_published(world)
    item = _item(six, referral)
    assert item.section == AgendaSection.POST_CLOSURE and item.post_closure_review.months == 6  # type: ignore[union-attr]
    # The 12-month review is still due: the case cannot be closed yet.
    with pytest.raises(ValidationError, match="still due"):
        _decide(world, item, "finish_post_closure")
    _decide(world, item, "post_closure_review", outcome="No further concerns")
    review = PostClosureReview.objects.get(case__referral=referral, months=6)
    assert review.completed_at is not None and review.outcome == "No further concerns"
    _due_now(referral, 12)
    twelve = h.quorate_published(world)
    last = _item(twelve, referral)
    assert last.post_closure_review.months == 12  # type: ignore[union-attr]
    with pytest.raises(ValidationError, match="last review"):
        _decide(world, last, "post_closure_review")
    _decide(world, last, "finish_post_closure", outcome="Closed")
    referral.refresh_from_db()
    assert referral.status == Status.CLOSED
    assert not rules.open_reviews(referral).exists()


def test_the_panel_can_extend_reviews_to_24_months(world: DemoWorld) -> None:
    referral = _exited(world)
    _due_now(referral, 6)
    _due_now(referral, 12)
    meeting = h.quorate_published(world)
    item = _item(meeting, referral)
    assert item.post_closure_review.months == 6  # type: ignore[union-attr]
    _decide(world, item, "post_closure_review", extend=True)
    exited_on = timezone.localtime(referral.channel_case.exited_at).date()  # type: ignore[arg-type]
    extended = PostClosureReview.objects.get(case__referral=referral, months=24)
    assert extended.due_on == rules.add_months(exited_on, 24) and extended.completed_at is None
    assert "extended to 24 months" in _item(meeting, referral).decision_detail


def test_any_review_can_reopen_the_case(world: DemoWorld) -> None:
    referral = _exited(world)
    _due_now(referral, 6)
    meeting = h.quorate_published(world)
    _decide(world, _item(meeting, referral), "reopen")
    referral.refresh_from_db()
    assert referral.status == Status.AWAITING_CONSENT
    assert set(
        PostClosureReview.objects.filter(case__referral=referral).values_list("outcome", flat=True)
    ) == {services.REOPENED}
    assert not rules.open_reviews(referral).exists()


def test_a_case_decided_elsewhere_gives_a_plain_message(world: DemoWorld) -> None:
    referral = referral_at(world, Status.LISTED)
    meeting = h.quorate_published(world)
    Referral.objects.filter(pk=referral.pk).update(status=Status.CLOSED)
    with pytest.raises(CaseMovedOn, match="Nothing was changed"):
        _decide(world, _item(meeting, referral), "adopt")


def test_decisions_only_once_and_only_by_the_authoritys_recorders(world: DemoWorld) -> None:
    referral = referral_at(world, Status.LISTED)
    meeting = h.quorate_published(world)
    item = _item(meeting, referral)
    with pytest.raises(PermissionDenied):
        services.agenda_item_decide(actor=h.member(world), item=item, action="defer", reasons="x")
    _decide(world, item, "defer")
    with pytest.raises(ValidationError, match="already recorded"):
        _decide(world, item, "defer")


def test_nothing_is_recorded_before_the_meeting_day_or_after_the_minutes(world: DemoWorld) -> None:
    referral = referral_at(world, Status.LISTED)
    future = h.meeting(world, timezone.now() + dt.timedelta(days=7))
    services.meeting_publish_agenda(actor=h.coordinator(world), meeting=future)
    h.attend(world, future)
    with pytest.raises(ValidationError, match="day of the meeting"):
        _decide(world, _item(future, referral), "adopt")
    services.meeting_close(actor=h.chair(world), meeting=future)
    with pytest.raises(ValidationError, match="finalised"):
        services.agenda_item_notes_save(actor=h.chair(world), item=_item(future, referral), notes="Late")


# Agendas -------------------------------------------------------------------------------------------


def test_the_agenda_is_built_from_what_is_due(world: DemoWorld) -> None:
    listed = referral_at(world, Status.LISTED)
    support = referral_at(world, Status.SUPPORT)
    gathering = referral_at(world, Status.INFORMATION_GATHERING)
    meeting = h.meeting(world)
    sections = dict(meeting.items.values_list("referral_id", "section"))
    assert sections == {listed.pk: AgendaSection.NEW, support.pk: AgendaSection.OPEN_REVIEW}
    assert gathering.pk not in sections


def test_a_case_waiting_on_one_open_meeting_is_not_on_another(world: DemoWorld) -> None:
    listed = referral_at(world, Status.LISTED)
    first = h.meeting(world)
    second = h.meeting(world, timezone.now() + dt.timedelta(days=30))
    assert first.items.filter(referral=listed).exists() and not second.items.filter(referral=listed).exists()
    # Once the first meeting is closed without a decision, the case is due at the next one.
    services.meeting_publish_agenda(actor=h.coordinator(world), meeting=first)
    services.meeting_close(actor=h.chair(world), meeting=first)
    services.agenda_build(actor=h.coordinator(world), meeting=second)
    assert second.items.filter(referral=listed, section=AgendaSection.NEW).exists()


def test_post_closure_reviews_appear_on_the_meeting_after_they_fall_due(world: DemoWorld) -> None:
    referral = _exited(world)
    exited_on = timezone.localtime(referral.channel_case.exited_at).date()  # type: ignore[arg-type]

    def meeting_on(day: dt.date):  # type: ignore[no-untyped-def]
        return h.meeting(world, timezone.make_aware(dt.datetime.combine(day, dt.time(10))))

    early = meeting_on(rules.add_months(exited_on, 6) - dt.timedelta(days=1))
    assert not early.items.filter(referral=referral).exists()
    on_time = meeting_on(rules.add_months(exited_on, 6))
    assert _item(on_time, referral).post_closure_review.months == 6  # type: ignore[union-attr]


def test_the_coordinator_can_change_the_agenda_until_it_is_published(world: DemoWorld) -> None:
    first = referral_at(world, Status.LISTED)
    second = referral_at(world, Status.LISTED)
    meeting = h.meeting(world)
    one, two = _item(meeting, first), _item(meeting, second)
    assert one.order < two.order
    services.agenda_item_move(actor=h.coordinator(world), item=two, up=True)
    one.refresh_from_db()
    two.refresh_from_db()
    assert two.order < one.order
    services.agenda_item_remove(actor=h.coordinator(world), item=one)
    services.agenda_build(actor=h.coordinator(world), meeting=meeting)
    assert AgendaItem.objects.get(pk=one.pk).removed
    services.agenda_item_add(actor=h.coordinator(world), meeting=meeting, referral=first)
    assert not AgendaItem.objects.get(pk=one.pk).removed
    services.meeting_publish_agenda(actor=h.coordinator(world), meeting=meeting)
    with pytest.raises(ValidationError, match="published"):
        services.agenda_item_remove(actor=h.coordinator(world), item=one)


def test_publishing_tells_the_chair_and_members(world: DemoWorld) -> None:
    meeting = h.meeting(world)
    services.meeting_publish_agenda(actor=h.coordinator(world), meeting=meeting)
    told = set(Notification.objects.filter(kind="agenda_published").values_list("recipient", flat=True))
    assert told == {world.users_by_role[Role.PANEL_CHAIR].pk, world.users_by_role[Role.PANEL_MEMBER].pk}
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.PUBLISHED


def test_only_the_local_authoritys_chair_can_chair(world: DemoWorld) -> None:
    panel = h.panel(world)
    with pytest.raises(ValidationError):
        services.panel_chair_set(
            actor=h.coordinator(world), panel=panel, membership=world.memberships_by_role[Role.PANEL_MEMBER]
        )
    with pytest.raises(PermissionDenied):
        services.panel_member_add(
            actor=h.chair(world),
            panel=panel,
            membership=world.memberships_by_role[Role.POLICE_PREVENT_OFFICER],
        )


# Actions -------------------------------------------------------------------------------------------


def test_panel_actions_are_added_and_completed_by_their_owner(world: DemoWorld) -> None:
    referral = referral_at(world, Status.LISTED)
    meeting = h.quorate_published(world)
    owner = world.users_by_role[Role.PANEL_MEMBER]
    action = services.panel_action_add(
        actor=h.chair(world),
        item=_item(meeting, referral),
        description="Share school attendance",
        owner=owner,
        due_on=timezone.localdate() + dt.timedelta(days=14),
    )
    with pytest.raises(PermissionDenied):
        services.panel_action_complete(actor=h.actor(world, Role.REFERRER), action=action)
    services.panel_action_complete(actor=h.member(world), action=action)
    action.refresh_from_db()
    assert action.completed_by == owner and action.completed_at is not None
