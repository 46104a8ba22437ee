"""Drift: an active intervention is overdue exactly when no session was delivered within its
planned frequency plus the grace days. The SQL selector is checked against a plain Python
oracle over random session histories."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Max
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cornerstone.accounts.roles import Role
from cornerstone.demo.generator import DemoWorld
from cornerstone.referrals.models import Referral
from cornerstone.support.models import Intervention, InterventionSession, SessionStatus
from cornerstone.support.selectors import case_support, drifting_interventions, with_drift
from cornerstone.support.tests.factories import approved_mentoring, coordinator, in_support

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 15)


def _store_last_delivered(intervention: Intervention) -> None:
    """What ``session_log`` keeps as sessions are logged, for sessions written directly here."""
    latest = intervention.sessions.filter(status="delivered").aggregate(latest=Max("held_on"))["latest"]
    Intervention.objects.filter(pk=intervention.pk).update(last_delivered_on=latest)


def overdue_oracle(
    *, starts_on: dt.date, frequency_days: int, sessions: list[tuple[int, str]], today: dt.date, grace: int
) -> bool:
    delivered = [
        starts_on + dt.timedelta(days=offset) for offset, status in sessions if status == "delivered"
    ]
    since = max(delivered) if delivered else starts_on
    return (today - since).days > frequency_days + grace


history = st.lists(
    st.tuples(st.integers(min_value=0, max_value=200), st.sampled_from(SessionStatus.values)), max_size=8
)
plan = st.tuples(
    st.integers(min_value=-60, max_value=200),  # days before TODAY the intervention started
    st.integers(min_value=1, max_value=60),  # planned frequency
    history,
    st.booleans(),  # ended
)


@pytest.fixture
def referral(world: DemoWorld) -> Referral:
    approved_mentoring(world)
    return in_support(world)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plans=st.lists(plan, min_size=1, max_size=5), grace=st.integers(min_value=0, max_value=14))
def test_drift_selector_matches_the_oracle(
    world: DemoWorld,
    referral: Referral,
    plans: list[tuple[int, int, list[tuple[int, str]], bool]],
    grace: int,
) -> None:
    Intervention.objects.all().delete()
    owner = world.users_by_role[Role.INTERVENTION_PROVIDER]
    expected = set()
    for started_ago, frequency, sessions, ended in plans:
        starts_on = TODAY - dt.timedelta(days=started_ago)
        intervention = Intervention.objects.create(
            case=referral.channel_case,
            type="mentoring",
            provider=world.organisations["mentoring"],
            owner=owner,
            frequency_days=frequency,
            starts_on=starts_on,
            created_by=owner,
            ended_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC) if ended else None,
        )
        InterventionSession.objects.bulk_create(
            InterventionSession(
                intervention=intervention,
                held_on=starts_on + dt.timedelta(days=offset),
                status=status,
                logged_by=owner,
            )
            for offset, status in sessions
        )
        _store_last_delivered(intervention)
        if not ended and overdue_oracle(
            starts_on=starts_on, frequency_days=frequency, sessions=sessions, today=TODAY, grace=grace
        ):
            expected.add(intervention.pk)
    found = set(
        drifting_interventions(Intervention.objects.all(), TODAY, grace_days=grace).values_list(
            "pk", flat=True
        )
    )
    assert found == expected


def test_boundary_and_configured_grace(world: DemoWorld, referral: Referral) -> None:
    owner = world.users_by_role[Role.INTERVENTION_PROVIDER]
    intervention = Intervention.objects.create(
        case=referral.channel_case,
        type="mentoring",
        provider=world.organisations["mentoring"],
        owner=owner,
        frequency_days=7,
        starts_on=TODAY - dt.timedelta(days=60),
        created_by=owner,
    )
    InterventionSession.objects.create(
        intervention=intervention, held_on=TODAY - dt.timedelta(days=14), status="delivered", logged_by=owner
    )
    # A missed session is not a delivered one.
    InterventionSession.objects.create(
        intervention=intervention, held_on=TODAY - dt.timedelta(days=1), status="missed", logged_by=owner
    )
    _store_last_delivered(intervention)
    qs = Intervention.objects.all()
    with override_settings(CORNERSTONE_DRIFT_GRACE_DAYS=7):
        assert not drifting_interventions(qs, TODAY).exists()  # 14 days = 7 + 7: not yet
        assert drifting_interventions(qs, TODAY + dt.timedelta(days=1)).exists()
    with override_settings(CORNERSTONE_DRIFT_GRACE_DAYS=3):
        assert drifting_interventions(qs, TODAY).exists()
    annotated = with_drift(qs, grace_days=7).get()
    assert annotated.last_delivered == TODAY - dt.timedelta(days=14)  # type: ignore[attr-defined]
    assert annotated.sessions_count == 2  # type: ignore[attr-defined]


def test_a_case_out_of_support_does_not_drift(world: DemoWorld, referral: Referral) -> None:
    owner = world.users_by_role[Role.INTERVENTION_PROVIDER]
    Intervention.objects.create(
        case=referral.channel_case,
        type="mentoring",
        provider=world.organisations["mentoring"],
        owner=owner,
        frequency_days=7,
        starts_on=TODAY - dt.timedelta(days=60),
        created_by=owner,
    )
    assert drifting_interventions(Intervention.objects.all(), TODAY).exists()
    Referral.objects.filter(pk=referral.pk).update(status="post_closure")
    assert not drifting_interventions(Intervention.objects.all(), TODAY).exists()


def test_case_support_flags_overdue(world: DemoWorld, referral: Referral) -> None:
    owner = world.users_by_role[Role.INTERVENTION_PROVIDER]
    Intervention.objects.create(
        case=referral.channel_case,
        type="mentoring",
        provider=world.organisations["mentoring"],
        owner=owner,
        frequency_days=7,
        starts_on=TODAY - dt.timedelta(days=60),
        created_by=owner,
    )
    context = case_support(coordinator(world), referral, TODAY)
    assert context["can_manage"] is True
    assert [i.overdue for i in context["interventions"]] == [True]
    assert context["interventions"][0].due_by == TODAY - dt.timedelta(days=46)
