"""Panel pages: set-up, scheduling, attendance and decisions through the forms; what panel
members may see; the minutes PDF; and the access log."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cornerstone.accounts.models import Membership
from cornerstone.accounts.roles import Role
from cornerstone.accounts.tests.helpers import sign_in
from cornerstone.audit.models import AccessKind, AccessLogEntry
from cornerstone.channel.models import PostClosureReview
from cornerstone.demo.generator import DemoWorld
from cornerstone.govuk.pdf import rendered
from cornerstone.panels import services
from cornerstone.panels.models import AgendaItem, Meeting, Panel, PanelMember
from cornerstone.panels.tests import helpers as h
from cornerstone.panels.views import minutes_context
from cornerstone.referrals.tests.stages import referral_at
from cornerstone.referrals.workflow import Status

pytestmark = pytest.mark.django_db


def _client(world: DemoWorld, role: str) -> Client:
    membership = world.memberships_by_role[role]
    return sign_in(Client(), membership.user, membership)


def test_the_coordinator_sets_up_a_panel_and_schedules_a_meeting(world: DemoWorld) -> None:
    referral = referral_at(world, Status.LISTED)
    client = _client(world, Role.CHANNEL_COORDINATOR)
    response = client.post("/panels/new/", {"name": "Warrington Channel panel"})
    panel = Panel.objects.get(name="Warrington Channel panel")
    assert response.status_code == 302 and panel.organisation == world.organisations["warrington"]
    member = world.memberships_by_role[Role.PANEL_MEMBER]
    page = client.get(f"/panels/{panel.pk}/members/new/")
    assert member.user.full_name in page.content.decode()
    client.post(f"/panels/{panel.pk}/members/new/", {"membership": member.pk})
    client.post(f"/panels/{panel.pk}/chair/", {"membership": world.memberships_by_role[Role.PANEL_CHAIR].pk})
    assert PanelMember.objects.filter(panel=panel, is_active=True).count() == 2
    day = timezone.localdate()
    response = client.post(
        f"/panels/{panel.pk}/meetings/new/",
        {
            "day_day": day.day,
            "day_month": day.month,
            "day_year": day.year,
            "time": "00:01",
            "location": "Town Hall",
        },
    )
    meeting = Meeting.objects.get(panel=panel)
    assert response["Location"] == f"/panels/meetings/{meeting.pk}/"
    page = client.get(f"/panels/meetings/{meeting.pk}/").content.decode()
    assert referral.reference in page and "New cases" in page
    assert "OFFICIAL-SENSITIVE" in page


def test_the_meeting_form_explains_a_bad_time(world: DemoWorld) -> None:
    panel = h.panel(world)
    client = _client(world, Role.CHANNEL_COORDINATOR)
    response = client.post(
        f"/panels/{panel.pk}/meetings/new/",
        {"day_day": "1", "day_month": "2", "day_year": "2027", "time": "25:00"},
    )
    assert response.status_code == 200
    assert "Enter the start time as hours and minutes" in response.content.decode()
    assert not Meeting.objects.exists()


def test_the_chair_records_attendance_and_adopts(world: DemoWorld) -> None:
    referral = referral_at(world, Status.LISTED)
    meeting = h.meeting(world)
    services.meeting_publish_agenda(actor=h.coordinator(world), meeting=meeting)
    item = AgendaItem.objects.get(meeting=meeting, referral=referral)
    client = _client(world, Role.PANEL_CHAIR)
    # Without attendance the decision is refused, in plain English, and nothing changes.
    response = client.post(
        f"/panels/items/{item.pk}/",
        {"form": "decision", "decision-action": "adopt", "decision-reasons": "Needs support."},
    )
    assert response.status_code == 200
    assert "needs the chair and a police representative for Warrington" in response.content.decode()
    chair_seat = Membership.objects.get(pk=world.memberships_by_role[Role.PANEL_CHAIR].pk)
    client.post(
        f"/panels/meetings/{meeting.pk}/attendance/",
        {"member": chair_seat.pk, "role": "chair", "present": "yes"},
    )
    client.post(
        f"/panels/meetings/{meeting.pk}/attendance/",
        {
            "name": "DS Jones",
            "organisation": world.organisations["ctp"].pk,
            "role": "police",
            "present": "yes",
        },
    )
    assert meeting.attendance.count() == 2
    client.post(f"/panels/items/{item.pk}/", {"form": "notes", "notes": "Discussed the school's concerns."})
    response = client.post(
        f"/panels/items/{item.pk}/",
        {"form": "decision", "decision-action": "adopt", "decision-reasons": "Needs support."},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    item.refresh_from_db()
    assert referral.status == Status.AWAITING_CONSENT and item.notes.startswith("Discussed")
    page = client.get(f"/panels/meetings/{meeting.pk}/").content.decode()
    assert "Adopt as a Channel case" in page and "Needs support." in page


def _member_on_panel(world: DemoWorld):  # type: ignore[no-untyped-def]
    referral = referral_at(world, Status.LISTED)
    meeting = h.quorate_published(world)
    services.agenda_item_notes_save(
        actor=h.chair(world), item=meeting.items.get(referral=referral), notes="Seen"
    )
    return referral, meeting


def test_a_panel_member_sees_cases_on_their_panels_agenda_while_the_meeting_is_open(world: DemoWorld) -> None:
    referral, meeting = _member_on_panel(world)
    client = _client(world, Role.PANEL_MEMBER)
    page = client.get(f"/panels/meetings/{meeting.pk}/")
    assert page.status_code == 200 and referral.reference in page.content.decode()
    case = client.get(f"/panels/cases/{referral.pk}/")
    assert case.status_code == 200
    body = case.content.decode()
    assert referral.reference in body and "Warrington" in body and "Seen" in body
    # Nothing beyond the minimum: no referral answers, nothing of the referrer.
    assert "Shared extreme right wing images" not in body and "Riverside Academy" not in body
    assert AccessLogEntry.objects.filter(
        user=world.users_by_role[Role.PANEL_MEMBER], object_id=str(referral.pk), kind=AccessKind.VIEW
    ).exists()
    services.meeting_close(actor=h.chair(world), meeting=meeting)
    assert client.get(f"/panels/cases/{referral.pk}/").status_code == 403
    assert client.get(f"/panels/meetings/{meeting.pk}/").status_code == 403


def test_a_panel_member_not_on_the_panel_sees_nothing(world: DemoWorld) -> None:
    referral, meeting = _member_on_panel(world)
    seat = PanelMember.objects.get(membership=world.memberships_by_role[Role.PANEL_MEMBER])
    services.panel_member_remove(actor=h.coordinator(world), member=seat)
    client = _client(world, Role.PANEL_MEMBER)
    assert client.get(f"/panels/cases/{referral.pk}/").status_code == 403
    assert client.get(f"/panels/meetings/{meeting.pk}/").status_code == 403
    assert client.get(f"/panels/{meeting.panel_id}/").status_code == 403


def test_a_panel_member_never_sees_a_case_not_on_an_agenda(world: DemoWorld) -> None:
    _member_on_panel(world)
    other = referral_at(world, Status.INFORMATION_GATHERING)
    client = _client(world, Role.PANEL_MEMBER)
    assert client.get(f"/panels/cases/{other.pk}/").status_code == 403


def test_a_panel_member_does_not_see_an_agenda_being_prepared(world: DemoWorld) -> None:
    referral_at(world, Status.LISTED)
    meeting = h.meeting(world)
    item = meeting.items.get()
    client = _client(world, Role.PANEL_MEMBER)
    assert client.get(f"/panels/meetings/{meeting.pk}/").status_code == 403
    assert client.get(f"/panels/cases/{item.referral_id}/").status_code == 403


def test_the_minutes_pdf_is_marked_official_sensitive_and_logged(world: DemoWorld) -> None:
    referral, meeting = _member_on_panel(world)
    client = _client(world, Role.PANEL_CHAIR)
    response = client.get(f"/panels/meetings/{meeting.pk}/minutes.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AccessLogEntry.objects.filter(
        user=world.users_by_role[Role.PANEL_CHAIR], kind=AccessKind.EXPORT, object_id=str(meeting.pk)
    ).exists()
    html = render_to_string(
        "panels/minutes_pdf.html",
        {**minutes_context(meeting), "classification": "OFFICIAL-SENSITIVE", "pdf_title": "Minutes"},
    )
    assert "OFFICIAL-SENSITIVE" in html and referral.reference in html
    document = rendered(html, classification="OFFICIAL-SENSITIVE")
    for page in document.pages:
        margins = " ".join(
            child.text
            for box in page._page_box.descendants()
            if type(box).__name__ == "MarginBox"
            for child in box.descendants()
            if hasattr(child, "text")
        )
        assert margins.count("OFFICIAL-SENSITIVE") == 2


def test_owners_see_and_complete_their_actions(world: DemoWorld) -> None:
    referral, meeting = _member_on_panel(world)
    services.panel_action_add(
        actor=h.chair(world),
        item=meeting.items.get(referral=referral),
        description="Share school attendance",
        owner=world.users_by_role[Role.PANEL_MEMBER],
        due_on=timezone.localdate(),
    )
    client = _client(world, Role.PANEL_MEMBER)
    page = client.get("/panels/actions/").content.decode()
    assert "Share school attendance" in page
    action = meeting.items.get(referral=referral).actions.get()
    assert _client(world, Role.REFERRER).post(f"/panels/actions/{action.pk}/complete/").status_code == 403
    client.post(f"/panels/actions/{action.pk}/complete/")
    action.refresh_from_db()
    assert action.completed_at is not None


def test_home_functions(world: DemoWorld) -> None:
    from cornerstone.panels.home import panel_actions_waiting, panel_home_items, panel_waiting_for_members

    referral, meeting = _member_on_panel(world)
    referral_at(world, Status.LISTED)
    texts = [text for text, _ in panel_home_items(h.coordinator(world))]
    assert any(text.startswith("Next Channel panel") for text in texts)
    assert any("no meeting scheduled" in text for text in texts)
    assert panel_waiting_for_members(h.member(world))[0][1] == f"/panels/meetings/{meeting.pk}/"
    services.panel_action_add(
        actor=h.chair(world),
        item=meeting.items.get(referral=referral),
        description="Call the school",
        owner=world.users_by_role[Role.PANEL_MEMBER],
        due_on=timezone.localdate() - dt.timedelta(days=1),
    )
    assert "overdue" in panel_actions_waiting(h.member(world))[0][0]


def _post_closure_case(world: DemoWorld) -> None:
    """A case exited a year ago with its 6-month review due (straight in the database)."""
    referral = referral_at(world, Status.POST_CLOSURE)
    PostClosureReview.objects.create(
        case=referral.channel_case, months=6, due_on=timezone.localdate() - dt.timedelta(days=1)
    )


def _agenda_queries(world: DemoWorld) -> int:
    meeting = h.meeting(world, timezone.now() + dt.timedelta(days=7))
    client = _client(world, Role.CHANNEL_COORDINATOR)
    client.get(f"/panels/meetings/{meeting.pk}/")
    with CaptureQueriesContext(connection) as captured:
        assert client.get(f"/panels/meetings/{meeting.pk}/").status_code == 200
    return len(captured)


def test_the_agenda_page_query_count_does_not_grow_with_its_items(world: DemoWorld) -> None:
    referral_at(world, Status.LISTED)
    referral_at(world, Status.SUPPORT)
    _post_closure_case(world)
    few = _agenda_queries(world)
    for _ in range(3):
        referral_at(world, Status.LISTED)
        referral_at(world, Status.SUPPORT)
        _post_closure_case(world)
    Meeting.objects.all().delete()
    assert _agenda_queries(world) == few


def test_overdue_post_closure_reviews_with_no_meeting_are_on_the_home_page(world: DemoWorld) -> None:
    from cornerstone.panels.home import panel_waiting_for_recorders

    _post_closure_case(world)
    texts = [text for text, _ in panel_waiting_for_recorders(h.chair(world))]
    assert "1 post-closure review is overdue with no meeting scheduled" in texts
    # Once a meeting is scheduled, the review is on its agenda and no longer waiting for one.
    h.meeting(world, timezone.now() + dt.timedelta(days=7))
    texts = [text for text, _ in panel_waiting_for_recorders(h.chair(world))]
    assert not any("post-closure" in text for text in texts)
