"""The Channel pages: who may open what (role by record), what a partner is shown (only its own
question and the minimum identifying detail), the case page's actions and the person's timeline."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.models import Membership
from cornerstone.accounts.roles import Role
from cornerstone.accounts.tests.helpers import sign_in
from cornerstone.audit.models import AccessLogEntry
from cornerstone.channel import home, services
from cornerstone.channel.models import ConsentRecord, InformationRequest
from cornerstone.channel.tests.factories import (
    actor,
    complete_preliminary_assessment,
    coordinator,
    membership,
    send_request,
)
from cornerstone.demo.generator import DemoWorld
from cornerstone.referrals.models import Referral, TimelineEntry
from cornerstone.referrals.tests.stages import referral_at
from cornerstone.referrals.transitions import timeline_add
from cornerstone.referrals.workflow import Status

pytestmark = pytest.mark.django_db

CASE_HOLDERS = {Role.CHANNEL_COORDINATOR, Role.PANEL_CHAIR}


def _client(world: DemoWorld, role: str) -> Client:
    member = world.memberships_by_role[role]
    return sign_in(Client(), member.user, member)


def _client_for(member: Membership) -> Client:
    return sign_in(Client(), member.user, member)


# Role by record ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", sorted(Role.values))
def test_case_pages_by_role(world: DemoWorld, role: str) -> None:
    referral = referral_at(world, Status.INFORMATION_GATHERING)
    client = _client(world, role)
    expected = 200 if role in CASE_HOLDERS else 403
    assert client.get("/channel/").status_code == expected
    assert client.get(f"/channel/{referral.pk}/").status_code == expected
    coordinator_only = 200 if role == Role.CHANNEL_COORDINATOR else 403
    for path in (
        f"/channel/{referral.pk}/information-requests/new/",
        f"/channel/{referral.pk}/list-for-panel/",
        f"/channel/{referral.pk}/consent/",
    ):
        assert client.get(path).status_code == coordinator_only, path


def test_another_areas_coordinator_and_chair_are_refused(world: DemoWorld) -> None:
    referral = referral_at(world, Status.WITH_CHANNEL)
    request = send_request(world, referral_at(world, Status.INFORMATION_GATHERING))
    for role in (Role.CHANNEL_COORDINATOR, Role.PANEL_CHAIR):
        client = _client_for(membership(world, "halton", role, f"halton-{role}@example.org"))
        assert client.get("/channel/").status_code == 200
        assert referral.reference not in client.get("/channel/").content.decode()
        assert client.get(f"/channel/{referral.pk}/").status_code == 403
        assert client.post(f"/channel/{referral.pk}/accept/").status_code == 403
        assert client.get(f"/channel/information-requests/{request.pk}/withdraw/").status_code == 403
    referral.refresh_from_db()
    assert referral.status == Status.WITH_CHANNEL


def test_a_referral_not_in_channel_has_no_case_page(world: DemoWorld) -> None:
    referral = referral_at(world, Status.IN_SCREENING)
    assert _client(world, Role.CHANNEL_COORDINATOR).get(f"/channel/{referral.pk}/").status_code == 403


@pytest.mark.parametrize("role", sorted(Role.values))
def test_request_pages_by_role(world: DemoWorld, role: str) -> None:
    # The safeguarding lead is at the school asked; the panel member at the health trust is not.
    request = send_request(world, referral_at(world, Status.INFORMATION_GATHERING))
    client = _client(world, role)
    partner = {Role.SAFEGUARDING_LEAD, Role.PANEL_MEMBER}
    assert client.get("/channel/information-requests/").status_code == (200 if role in partner else 403)
    assert client.get(f"/channel/information-requests/{request.pk}/").status_code == (
        200 if role == Role.SAFEGUARDING_LEAD else 403
    )
    assert client.get(f"/channel/information-requests/{request.pk}/withdraw/").status_code == (
        200 if role == Role.CHANNEL_COORDINATOR else 403
    )


def test_a_withdrawn_request_disappears_from_the_partner(world: DemoWorld) -> None:
    request = send_request(world, referral_at(world, Status.INFORMATION_GATHERING))
    services.information_request_withdraw(
        actor=coordinator(world), request_id=request.pk, reason="Not needed"
    )
    client = _client(world, Role.SAFEGUARDING_LEAD)
    assert client.get(f"/channel/information-requests/{request.pk}/").status_code == 403
    assert (
        "There are no information requests" in client.get("/channel/information-requests/").content.decode()
    )


# What a partner sees ------------------------------------------------------------------------------


def test_the_partner_sees_only_its_question_and_the_minimum_detail(world: DemoWorld) -> None:
    referral = referral_at(world, Status.INFORMATION_GATHERING)
    ours = send_request(world, referral, question="Is Sam attending school regularly?")
    theirs = send_request(world, referral, org_key="health", question="Any health contact (HEALTHQ)?")
    services.information_request_answer(
        actor=actor(world, Role.PANEL_MEMBER), request_id=theirs.pk, answer="Seen in A&E (HEALTHANSWER)"
    )
    other_case = referral_at(world, Status.INFORMATION_GATHERING)
    other = send_request(world, other_case, org_key="health", question="Other case (OTHERQ)")
    client = _client(world, Role.SAFEGUARDING_LEAD)

    inbox = client.get("/channel/information-requests/").content.decode()
    assert referral.reference in inbox and "Waiting for your answer" in inbox
    assert other_case.reference not in inbox

    before = AccessLogEntry.objects.count()
    html = client.get(f"/channel/information-requests/{ours.pk}/").content.decode()
    assert AccessLogEntry.objects.count() == before + 1
    assert "Is Sam attending school regularly?" in html
    assert referral.reference in html
    assert "Sam Taylor" in html and "3 April 2010" in html and "Warrington" in html and "WA1 2AB" in html
    assert "OFFICIAL-SENSITIVE" in html
    for secret in (
        "HEALTHQ",
        "HEALTHANSWER",
        "OTHERQ",
        "extreme right wing",
        "Extreme Right Wing",
        "Class teacher",
    ):
        # Not the other partner's question or answer, nor anything of the referral itself
        # (the concern, who referred it).
        assert secret not in html, secret
    for field in ("Shared extreme right wing images", "Watching violent videos", "Dyslexia", "Alex Taylor"):
        assert field not in html, field
    assert client.get(f"/channel/information-requests/{theirs.pk}/").status_code == 403
    assert client.get(f"/channel/information-requests/{other.pk}/").status_code == 403


def test_the_partner_answers_in_the_system(world: DemoWorld) -> None:
    request = send_request(world, referral_at(world, Status.INFORMATION_GATHERING))
    client = _client(world, Role.SAFEGUARDING_LEAD)
    response = client.post(f"/channel/information-requests/{request.pk}/", {"answer": ""})
    assert "Enter your answer" in response.content.decode()
    response = client.post(f"/channel/information-requests/{request.pk}/", {"answer": "Attends every day"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.answer == "Attends every day"
    page = client.get(f"/channel/information-requests/{request.pk}/").content.decode()
    assert "Attends every day" in page and "Send answer" not in page
    assert "Answered" in client.get("/channel/information-requests/").content.decode()


def test_overdue_requests_are_flagged(world: DemoWorld) -> None:
    request = send_request(world, referral_at(world, Status.INFORMATION_GATHERING))
    InformationRequest.objects.filter(pk=request.pk).update(
        due_on=timezone.localdate() - dt.timedelta(days=2)
    )
    assert (
        "Overdue"
        in _client(world, Role.SAFEGUARDING_LEAD).get("/channel/information-requests/").content.decode()
    )
    assert home.information_requests_waiting(actor(world, Role.SAFEGUARDING_LEAD)) == [
        ("1 information request is waiting for an answer", "/channel/information-requests/"),
        ("1 information request is overdue", "/channel/information-requests/"),
    ]
    assert home.information_requests_overdue_for_coordinator(coordinator(world)) == [
        ("1 information request you sent is overdue", "/channel/?state=information_gathering")
    ]
    assert (
        "Overdue"
        in _client(world, Role.CHANNEL_COORDINATOR)
        .get(f"/channel/{request.case.referral_id}/")
        .content.decode()
    )


# The coordinator's pages ------------------------------------------------------------------------


def test_the_case_list_shows_waiting_cases_oldest_first_with_counts(world: DemoWorld) -> None:
    newer = referral_at(world, Status.WITH_CHANNEL)
    older = referral_at(world, Status.WITH_CHANNEL)
    older.channel_case.progressed_at = timezone.now() - dt.timedelta(days=3)  # type: ignore[attr-defined]
    older.channel_case.save()  # type: ignore[attr-defined]
    referral_at(world, Status.SUPPORT)
    html = _client(world, Role.CHANNEL_COORDINATOR).get("/channel/").content.decode()
    assert html.index(str(older.reference)) < html.index(str(newer.reference))
    assert "Waiting for pick-up (2)" in html and "Support under way (1)" in html
    assert "3 days" in html
    support = _client(world, Role.PANEL_CHAIR).get("/channel/?state=support").content.decode()
    assert newer.reference not in support


def test_the_case_list_query_count_does_not_grow(world: DemoWorld) -> None:
    client = _client(world, Role.CHANNEL_COORDINATOR)
    referral_at(world, Status.WITH_CHANNEL)
    client.get("/channel/")
    with CaptureQueriesContext(connection) as few:
        client.get("/channel/")
    for _ in range(4):
        referral_at(world, Status.WITH_CHANNEL)
    with CaptureQueriesContext(connection) as more:
        client.get("/channel/")
    assert len(more) == len(few)


def test_the_coordinator_works_a_case_through_the_pages(world: DemoWorld) -> None:
    referral = referral_at(world, Status.WITH_CHANNEL)
    client = _client(world, Role.CHANNEL_COORDINATOR)
    before = AccessLogEntry.objects.count()
    page = client.get(f"/channel/{referral.pk}/").content.decode()
    assert AccessLogEntry.objects.count() == before + 1
    assert "Pick up the case" in page and "OFFICIAL-SENSITIVE" in page
    assert client.post(f"/channel/{referral.pk}/accept/").status_code == 302
    # A second pick-up is told plainly what happened.
    client.post(f"/channel/{referral.pk}/accept/")
    page = client.get(f"/channel/{referral.pk}/").content.decode()
    assert "Nothing was changed" in page and "Send an information request" in page

    today = timezone.localdate()
    response = client.post(
        f"/channel/{referral.pk}/information-requests/new/",
        {
            "organisation": world.organisations["secondary"].pk,
            "question": "",
            "due_on_day": "1",
            "due_on_month": "1",
            "due_on_year": "2000",
        },
    )
    text = response.content.decode()
    assert "Enter the question for the partner" in text and "today or in the future" in text
    response = client.post(
        f"/channel/{referral.pk}/information-requests/new/",
        {
            "organisation": world.organisations["secondary"].pk,
            "question": "Attendance?",
            "due_on_day": str(today.day),
            "due_on_month": str(today.month),
            "due_on_year": str(today.year),
        },
    )
    assert response.status_code == 302
    assert InformationRequest.objects.filter(case__referral=referral).count() == 1

    response = client.post(f"/channel/{referral.pk}/list-for-panel/", {"reason": ""})
    assert "Complete the preliminary assessment before listing" in response.content.decode()
    complete_preliminary_assessment(world, referral)
    assert client.post(f"/channel/{referral.pk}/list-for-panel/", {"reason": ""}).status_code == 302
    referral.refresh_from_db()
    assert referral.status == Status.LISTED

    Referral.objects.filter(pk=referral.pk).update(status=Status.AWAITING_CONSENT)
    form = client.get(f"/channel/{referral.pk}/consent/").content.decode()
    assert "The child&#x27;s own view" in form and "capacity" not in form.split("<form")[1]
    response = client.post(
        f"/channel/{referral.pk}/consent/",
        {
            "decision": "given",
            "decided_on_day": str(today.day),
            "decided_on_month": str(today.month),
            "decided_on_year": str(today.year),
            "method": "in_person",
            "parent_name": "Alex Taylor",
            "parent_relationship": "Mother",
            "child_view": "",
        },
    )
    assert "Record the child&#x27;s own view" in response.content.decode()
    assert not ConsentRecord.objects.exists()
    response = client.post(
        f"/channel/{referral.pk}/consent/",
        {
            "decision": "given",
            "decided_on_day": str(today.day),
            "decided_on_month": str(today.month),
            "decided_on_year": str(today.year),
            "method": "in_person",
            "parent_name": "Alex Taylor",
            "parent_relationship": "Mother",
            "child_view": "Happy to meet a mentor",
        },
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == Status.SUPPORT
    page = client.get(f"/channel/{referral.pk}/").content.decode()
    assert "Consent given" in page and "Record consent withdrawn" in page


def test_the_chair_reads_without_actions(world: DemoWorld) -> None:
    referral = referral_at(world, Status.WITH_CHANNEL)
    page = _client(world, Role.PANEL_CHAIR).get(f"/channel/{referral.pk}/").content.decode()
    assert "Pick up the case" not in page
    assert _client(world, Role.PANEL_CHAIR).post(f"/channel/{referral.pk}/accept/").status_code == 403


def test_the_timeline_shows_the_persons_other_visible_referrals_in_order(world: DemoWorld) -> None:
    earlier = referral_at(world, Status.SUPPORT)
    later = referral_at(world, Status.INFORMATION_GATHERING)
    Referral.objects.filter(pk=later.pk).update(person=earlier.person)
    later.refresh_from_db()
    hidden = referral_at(world, Status.IN_SCREENING)  # not a Channel case: not the coordinator's to see
    Referral.objects.filter(pk=hidden.pk).update(person=earlier.person)
    who = coordinator(world)
    timeline_add(actor=who, referral=earlier, kind="note", title="EARLIER-STEP")
    timeline_add(actor=who, referral=hidden, kind="note", title="HIDDEN-STEP")
    timeline_add(actor=who, referral=later, kind="note", title="LATER-STEP")
    page = _client(world, Role.CHANNEL_COORDINATOR).get(f"/channel/{later.pk}/").content.decode()
    assert page.index("EARLIER-STEP") < page.index("LATER-STEP")
    assert f"({earlier.reference})" in page
    assert "HIDDEN-STEP" not in page
    assert TimelineEntry.objects.filter(title="HIDDEN-STEP").exists()


def test_home_functions_for_the_coordinator(world: DemoWorld) -> None:
    referral_at(world, Status.WITH_CHANNEL)
    referral_at(world, Status.AWAITING_CONSENT)
    who = coordinator(world)
    assert home.cases_waiting_for_pick_up(who) == [
        ("1 case is waiting to be picked up", "/channel/?state=with_channel")
    ]
    assert home.consent_waiting(who) == [
        ("1 adopted case is waiting for consent", "/channel/?state=awaiting_consent")
    ]
    assert home.information_requests_overdue_for_coordinator(who) == []
    assert home.information_requests_waiting(actor(world, Role.PANEL_MEMBER)) == []
    assert (
        home.cases_waiting_for_pick_up(Actor.for_membership(world.memberships_by_role[Role.REFERRER])) == []
    )


def test_the_demo_seeding_gives_each_role_something_waiting(world: DemoWorld) -> None:
    from cornerstone.channel.demo import seed_demo_channel

    referral_at(world, Status.INFORMATION_GATHERING)
    referral_at(world, Status.LISTED)
    made = seed_demo_channel(world)
    assert len(made) == 4
    assert seed_demo_channel(world) == []
    lead_items = home.information_requests_waiting(actor(world, Role.SAFEGUARDING_LEAD))
    assert [text for text, _ in lead_items] == [
        "1 information request is waiting for an answer",
        "1 information request is overdue",
    ]
    assert home.information_requests_overdue_for_coordinator(coordinator(world))


def test_the_case_page_query_count_does_not_grow_with_its_history(world: DemoWorld) -> None:
    referral = referral_at(world, Status.INFORMATION_GATHERING)
    client = _client(world, Role.CHANNEL_COORDINATOR)
    send_request(world, referral)
    client.get(f"/channel/{referral.pk}/")
    with CaptureQueriesContext(connection) as few:
        client.get(f"/channel/{referral.pk}/")
    for org_key in ("health", "secondary", "health"):
        send_request(world, referral, org_key=org_key)
    for number in range(5):
        timeline_add(actor=coordinator(world), referral=referral, kind="note", title=f"Step {number}")
    with CaptureQueriesContext(connection) as more:
        client.get(f"/channel/{referral.pk}/")
    assert len(more) == len(few)
