"""Support pages: who sees what, the minimum a provider sees, and the access log."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.utils import timezone

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.models import Membership, User
from cornerstone.accounts.roles import Role
from cornerstone.accounts.tests.helpers import sign_in
from cornerstone.audit.models import AccessLogEntry
from cornerstone.demo.generator import DemoWorld
from cornerstone.referrals.tests.stages import referral_at
from cornerstone.support.models import Intervention
from cornerstone.support.selectors import case_support
from cornerstone.support.tests.factories import coordinator, in_support, mentoring

pytestmark = pytest.mark.django_db

# What the referral says about the concern, and identifying detail beyond name, age and area
# (from cornerstone.referrals.tests.helpers.complete_answers).
NEVER_SHOWN_TO_PROVIDERS = (
    "extreme right wing",
    "Shared extreme",
    "classmates",
    "violent videos",
    "Bridge Street",
    "WA1 2AB",
    "Riverside Academy",
    "Alex Taylor",
    "Dyslexia",
    "2010",
)


def _client(world: DemoWorld, role: str) -> Client:
    membership = world.memberships_by_role[role]
    return sign_in(Client(), membership.user, membership)


def test_provider_sees_their_cases_with_the_minimum(world: DemoWorld) -> None:
    referral = in_support(world, given="Zebedee", family="Quixotic")
    intervention = mentoring(world, referral)
    client = _client(world, Role.INTERVENTION_PROVIDER)
    before = AccessLogEntry.objects.count()
    for path in ("/support/", f"/support/interventions/{intervention.pk}/"):
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert "Zebedee Quixotic" in html
        assert referral.reference in html
        assert "Warrington" in html
        for text in NEVER_SHOWN_TO_PROVIDERS:
            assert text not in html, (path, text)
    assert AccessLogEntry.objects.count() == before + 2


def test_provider_at_another_organisation_sees_nothing(world: DemoWorld) -> None:
    intervention = mentoring(world, in_support(world, given="Zebedee", family="Quixotic"))
    other = User.objects.create_user(email="mentor@elsewhere.example", full_name="Other Mentor")
    membership = Membership.objects.create(
        user=other, organisation=world.organisations["education-support"], role=Role.INTERVENTION_PROVIDER
    )
    client = sign_in(Client(), other, membership)
    listing = client.get("/support/")
    assert listing.status_code == 200
    assert "Zebedee" not in listing.content.decode()
    for suffix in ("", "change/", "end/"):
        assert client.get(f"/support/interventions/{intervention.pk}/{suffix}").status_code == 403
    response = client.post(
        f"/support/interventions/{intervention.pk}/",
        {"held_on_day": "1", "held_on_month": "1", "held_on_year": "2026", "status": "delivered"},
    )
    assert response.status_code == 403
    assert not intervention.sessions.exists()


def test_owner_in_another_role_sees_only_what_they_own(world: DemoWorld) -> None:
    # A health worker owns a mental health intervention: they open it, but have no case list.
    referral = in_support(world)
    health_member = world.memberships_by_role[Role.PANEL_MEMBER]
    from cornerstone.support import services

    intervention = services.intervention_add(
        actor=coordinator(world),
        referral_id=referral.pk,
        type="mental_health",
        description="",
        provider_id=health_member.organisation_id,
        owner_id=health_member.user_id,
        frequency_days=14,
        starts_on=timezone.localdate(),
    )
    client = _client(world, Role.PANEL_MEMBER)
    assert client.get(f"/support/interventions/{intervention.pk}/").status_code == 200
    assert client.get("/support/").status_code == 403


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.CHANNEL_COORDINATOR, 200),
        (Role.PANEL_CHAIR, 200),
        (Role.INTERVENTION_PROVIDER, 200),
        (Role.POLICE_PREVENT_OFFICER, 403),
        (Role.REFERRER, 403),
        (Role.PANEL_MEMBER, 403),
        (Role.ANALYST, 403),
    ],
)
def test_intervention_page_by_role(world: DemoWorld, role: str, status: int) -> None:
    intervention = mentoring(world)
    assert _client(world, role).get(f"/support/interventions/{intervention.pk}/").status_code == status


def test_coordinator_adds_through_the_pages(world: DemoWorld) -> None:
    referral = in_support(world)
    mentoring(world, referral)  # approves the demo provider
    client = _client(world, Role.CHANNEL_COORDINATOR)
    path = f"/support/case/{referral.pk}/interventions/new/"
    first = client.get(path)
    assert first.status_code == 200 and "Type of intervention" in first.content.decode()
    query = f"?type=mentoring&provider={world.organisations['mentoring'].pk}&provider_service="
    second = client.get(path + query)
    assert "Owner" in second.content.decode()
    invalid = client.post(path + query, {"frequency_days": "0"})
    assert "There is a problem" in invalid.content.decode()
    owner = world.users_by_role[Role.INTERVENTION_PROVIDER]
    today = timezone.localdate()
    response = client.post(
        path + query,
        {
            "owner": owner.pk,
            "frequency_days": "10",
            "starts_on_day": str(today.day),
            "starts_on_month": str(today.month),
            "starts_on_year": str(today.year),
        },
    )
    assert response.status_code == 302
    assert Intervention.objects.filter(case__referral=referral, frequency_days=10).exists()


def test_add_page_refuses_before_consent(world: DemoWorld) -> None:
    referral = referral_at(world, "awaiting_consent")
    response = _client(world, Role.CHANNEL_COORDINATOR).get(f"/support/case/{referral.pk}/interventions/new/")
    assert response.status_code == 200
    assert "consent must be given first" in response.content.decode()
    assert "Type of intervention" not in response.content.decode()


def test_overdue_page_and_case_include(world: DemoWorld) -> None:
    referral = in_support(world)
    intervention = mentoring(world, referral, starts_on=timezone.localdate() - dt.timedelta(days=60))
    html = _client(world, Role.PANEL_CHAIR).get("/support/overdue/").content.decode()
    assert "govuk-tag--red" in html and "Overdue: no session delivered since the start on" in html
    assert f"/support/interventions/{intervention.pk}/" in html
    context = case_support(coordinator(world), referral, timezone.localdate())
    include = render_to_string("support/_case_support.html", context)
    assert "Overdue: no session delivered since" in include
    assert f"/support/case/{referral.pk}/interventions/new/" in include
    chair = Actor.for_membership(world.memberships_by_role[Role.PANEL_CHAIR])
    assert "Add an intervention" not in render_to_string(
        "support/_case_support.html", case_support(chair, referral, timezone.localdate())
    )


def test_log_session_page(world: DemoWorld) -> None:
    intervention = mentoring(world)
    client = _client(world, Role.INTERVENTION_PROVIDER)
    today = timezone.localdate()
    response = client.post(
        f"/support/interventions/{intervention.pk}/",
        {
            "held_on_day": str(today.day),
            "held_on_month": str(today.month),
            "held_on_year": str(today.year),
            "status": "delivered",
            "note": "Good session",
        },
    )
    assert response.status_code == 302
    assert intervention.sessions.get().note == "Good session"
    future = today + dt.timedelta(days=3)
    page = client.post(
        f"/support/interventions/{intervention.pk}/",
        {
            "held_on_day": str(future.day),
            "held_on_month": str(future.month),
            "held_on_year": str(future.year),
            "status": "missed",
        },
    )
    assert "must be today or in the past" in page.content.decode()


def test_home_items(world: DemoWorld) -> None:
    from cornerstone.support.home import overdue_interventions, provider_work

    mentoring(world, starts_on=timezone.localdate() - dt.timedelta(days=60))
    assert overdue_interventions(coordinator(world)) == [("1 intervention overdue", "/support/overdue/")]
    provider = Actor.for_membership(world.memberships_by_role[Role.INTERVENTION_PROVIDER])
    assert provider_work(provider) == [
        ("1 intervention to deliver", "/support/"),
        ("1 intervention has sessions overdue", "/support/"),
    ]
    assert overdue_interventions(provider) == []


def test_demo_support(world: DemoWorld) -> None:
    from cornerstone.support.demo import seed_demo_support
    from cornerstone.support.selectors import drifting_interventions
    from cornerstone.support.tests.factories import approved_mentoring

    approved_mentoring(world)
    in_support(world)
    made = seed_demo_support(world)
    assert len(made) == 2
    assert seed_demo_support(world) == []
    drifting = drifting_interventions(Intervention.objects.all(), timezone.localdate())
    assert [i.type for i in drifting] == ["careers"]
