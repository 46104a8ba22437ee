"""The workflow table, walked by Hypothesis; the wording a referrer sees for each state."""

from __future__ import annotations

import functools
from collections.abc import Callable

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


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])  # slow only on a loaded machine
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


# Actions driven through the real services. "propose" proposes police management where the unit
# requires approval; "approve" and "return" are a second supervisor's answer to it.
ACTION_SERVICES = (
    "submit",
    "record_receipt",
    "no_further_action",
    "signpost",
    "police_manage",
    "progress_to_channel",
    "propose",
    "approve",
    "return",
    "refer_to_channel",
    "close",
)
# Which row of the table each service action takes.
TABLE_ACTION = {"propose": "propose_decision", "approve": "police_manage", "return": "return_decision"}
DECISIONS = {
    "no_further_action": "no_further_action",
    "signpost": "signposted",
    "police_manage": "police_managed",
    "progress_to_channel": "progressed",
}


def _expected(status: str, action: str) -> str | None:
    """The state the table says the action leads to, or None where it is refused."""
    if action == "approve" and status != Status.AWAITING_APPROVAL:
        return None  # approving needs a proposal
    if action in DECISIONS and status == Status.AWAITING_APPROVAL:
        return None  # with a proposal waiting, only a supervisor's approval decides
    allowed = {transition.action: transition.target for transition in transitions_from(status)}
    return allowed.get(TABLE_ACTION.get(action, action))


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(walk=st.lists(st.sampled_from(ACTION_SERVICES), min_size=1, max_size=8))
def test_services_follow_the_table(world, walk: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Drive a real referral through the services in any order: each move the table allows
    happens, each it does not is refused and changes nothing. (The whole journey, with Channel,
    is walked by the lead's stateful test.)"""
    from django.core.exceptions import ValidationError
    from django.db import transaction

    from cornerstone.accounts.actor import Actor
    from cornerstone.accounts.models import Membership, User
    from cornerstone.accounts.roles import Role
    from cornerstone.referrals import services
    from cornerstone.referrals.tests.helpers import draft
    from cornerstone.screening import services as screening
    from cornerstone.screening.models import Deconfliction, ScreeningPolicy
    from cornerstone.screening.tests.helpers import complete_gateway

    referrer = world.memberships_by_role[Role.REFERRER]
    officer = Actor.for_membership(world.memberships_by_role[Role.POLICE_PREVENT_OFFICER])
    with transaction.atomic():
        user = User.objects.create(email="second-supervisor@example.test", full_name="Second Supervisor")
        supervisor = Actor.for_membership(
            Membership.objects.create(
                user=user, organisation=world.organisations["ctp"], role=Role.POLICE_PREVENT_SUPERVISOR
            )
        )
        referral = draft(referrer)

        def prepared() -> None:
            # Deconfliction and the gateway assessment, once the referral is being screened.
            referral.refresh_from_db()
            if (
                referral.status == Status.IN_SCREENING
                and not Deconfliction.objects.filter(referral=referral).exists()
            ):
                screening.deconfliction_record(actor=officer, referral_id=referral.pk, outcome="no_interest")
                complete_gateway(referral, world.users_by_role[Role.POLICE_PREVENT_OFFICER])

        def decide(action: str) -> object:
            prepared()
            signpost = action == "signpost"
            return screening.screening_decide(
                actor=officer,
                referral_id=referral.pk,
                outcome=DECISIONS[action],
                rationale="Test",
                signposted_to="Early Help" if signpost else "",
                passed_on="Concern" if signpost else "",
            )

        def propose() -> object:
            prepared()
            ScreeningPolicy.objects.update_or_create(
                organisation=world.organisations["ctp"], defaults={"supervisor_approval_required": True}
            )
            try:
                return decide("police_manage")
            finally:
                ScreeningPolicy.objects.filter(organisation=world.organisations["ctp"]).update(
                    supervisor_approval_required=False
                )

        run: dict[str, Callable[[], object]] = {
            "submit": lambda: services.referral_submit(
                actor=Actor.for_membership(referrer), referral_id=referral.pk
            ),
            "record_receipt": lambda: services.referral_receipt_record(
                actor=officer, referral_id=referral.pk
            ),
            **{action: functools.partial(decide, action) for action in DECISIONS},
            "propose": propose,
            "approve": lambda: screening.screening_decision_approve(
                actor=supervisor, referral_id=referral.pk
            ),
            "return": lambda: screening.screening_decision_return(
                actor=supervisor, referral_id=referral.pk, reason="Test"
            ),
            "refer_to_channel": lambda: screening.police_managed_refer_to_channel(
                actor=officer, referral_id=referral.pk, rationale="Test"
            ),
            "close": lambda: services.referral_close(actor=officer, referral_id=referral.pk, reason="Test"),
        }
        status = str(INITIAL)
        for action in walk:
            target = _expected(status, action)
            if action == "submit" and status != Status.DRAFT:
                run[action]()  # idempotent: a repeat submission changes nothing
            elif target is not None:
                run[action]()
                status = target
            else:
                with (
                    pytest.raises((ValidationError, PermissionDenied, TransitionNotAllowed)),
                    transaction.atomic(),
                ):
                    run[action]()
            referral.refresh_from_db()
            assert referral.status == status
        transaction.set_rollback(True)
