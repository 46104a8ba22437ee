"""The workflow table, walked by Hypothesis; the wording a referrer sees for each state."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cornerstone.referrals.workflow import (
    FINAL,
    INITIAL,
    TRANSITIONS,
    Status,
    TransitionNotAllowed,
    next_status,
    referrer_status_label,
    transitions_from,
)

ACTIONS = sorted({transition.action for transition in TRANSITIONS})


@given(st.lists(st.sampled_from(ACTIONS), max_size=20))
def test_any_walk_follows_the_table(actions: list[str]) -> None:
    status = str(INITIAL)
    for action in actions:
        allowed = {transition.action: transition.target for transition in transitions_from(status)}
        if action in allowed:
            status = next_status(status, action)
            assert status == allowed[action]
        else:
            with pytest.raises(TransitionNotAllowed):
                next_status(status, action)
    assert status in Status.values


def test_every_state_is_reachable_and_only_final_states_are_dead_ends() -> None:
    reachable, frontier = {str(INITIAL)}, [str(INITIAL)]
    while frontier:
        for transition in transitions_from(frontier.pop()):
            if transition.target not in reachable:
                reachable.add(transition.target)
                frontier.append(transition.target)
    assert reachable == set(Status.values)
    for status in Status.values:
        assert (not transitions_from(status)) == (status in FINAL)


def test_nothing_goes_back_to_draft() -> None:
    assert all(transition.target != Status.DRAFT for transition in TRANSITIONS)


@pytest.mark.parametrize(
    ("status", "label"),
    [
        (Status.SUBMITTED, "Received"),
        (Status.IN_SCREENING, "Being looked at"),
        (Status.CLOSED, "Closed"),
        ("a_later_screening_state", "Being looked at"),
    ],
)
def test_referrer_wording(status: str, label: str) -> None:
    assert referrer_status_label(status) == label


ACTION_SERVICES = ("submit", "record_receipt", "close")


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(walk=st.lists(st.sampled_from(ACTION_SERVICES), min_size=1, max_size=6))
def test_services_follow_the_table(world, walk: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Drive a real referral through the services in any order: each move the table allows
    happens, each it does not is refused and changes nothing."""
    from django.core.exceptions import ValidationError
    from django.db import transaction

    from cornerstone.accounts.actor import Actor
    from cornerstone.accounts.roles import Role
    from cornerstone.referrals import services
    from cornerstone.referrals.tests.helpers import draft

    referrer = world.memberships_by_role[Role.REFERRER]
    officer = Actor.for_membership(world.memberships_by_role[Role.POLICE_PREVENT_OFFICER])
    with transaction.atomic():
        referral = draft(referrer)
        run = {
            "submit": lambda: services.referral_submit(
                actor=Actor.for_membership(referrer), referral_id=referral.pk
            ),
            "record_receipt": lambda: services.referral_receipt_record(
                actor=officer, referral_id=referral.pk
            ),
            "close": lambda: services.referral_close(actor=officer, referral_id=referral.pk, reason="Test"),
        }
        status = str(INITIAL)
        for action in walk:
            allowed = {transition.action: transition.target for transition in transitions_from(status)}
            if action == "submit" and status != Status.DRAFT:
                run[action]()  # idempotent: a repeat submission changes nothing
            elif action in allowed:
                run[action]()
                status = allowed[action]
            else:
                with pytest.raises((ValidationError, PermissionDenied)):
                    run[action]()
            referral.refresh_from_db()
            assert referral.status == status
        transaction.set_rollback(True)
