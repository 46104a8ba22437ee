"""The declared journey table itself: its documented form, and the rules it must always keep."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from cornerstone.accounts.roles import Role
from cornerstone.referrals.lifecycle_doc import markdown
from cornerstone.referrals.workflow import (
    CHANNEL_STATES,
    INITIAL,
    TRANSITIONS,
    Guard,
    Status,
    Transition,
    transitions_from,
)


def _reachable(transitions: tuple[Transition, ...] | list[Transition]) -> set[str]:
    reachable, frontier = {str(INITIAL)}, [str(INITIAL)]
    while frontier:
        current = frontier.pop()
        for transition in transitions:
            if current in transition.sources and transition.target not in reachable:
                reachable.add(transition.target)
                frontier.append(transition.target)
    return reachable


def test_the_docs_show_the_table_as_it_is() -> None:
    doc = Path(settings.BASE_DIR) / "docs" / "lifecycle.md"
    assert doc.read_text(encoding="utf-8") == markdown(), "run: manage.py lifecycle_diagram --write"


def test_support_can_only_be_reached_through_consent_given() -> None:
    without_consent = [t for t in TRANSITIONS if t.action != "consent_given"]
    assert Status.SUPPORT in _reachable(TRANSITIONS)
    assert Status.SUPPORT not in _reachable(without_consent)
    assert {
        t.action for t in TRANSITIONS if t.target == Status.SUPPORT and Status.SUPPORT not in t.sources
    } == {"consent_given"}


def test_consent_given_needs_its_guard_and_declining_goes_back_to_the_panel() -> None:
    given = next(t for t in TRANSITIONS if t.action == "consent_given")
    assert Guard.CONSENT_GIVEN in given.guards
    for action in ("consent_declined", "consent_withdrawn"):
        transition = next(t for t in TRANSITIONS if t.action == action)
        assert transition.target == Status.CONSENT_DECLINED
    # From there only a panel decision moves the case on.
    assert all(Guard.QUORUM in t.guards for t in transitions_from(Status.CONSENT_DECLINED))


def test_every_panel_decision_needs_a_quorate_panel_and_reasons() -> None:
    for transition in TRANSITIONS:
        if transition.sources & {Status.LISTED, Status.POST_CLOSURE}:
            assert {Guard.QUORUM, Guard.RATIONALE} <= set(transition.guards), transition.action


def test_every_screening_outcome_needs_deconfliction_assessment_rationale_and_approval_rule() -> None:
    for action in ("no_further_action", "signpost", "police_manage", "progress_to_channel"):
        transition = next(t for t in TRANSITIONS if t.action == action)
        assert set(transition.guards) >= {Guard.SCREENING_COMPLETE, Guard.RATIONALE, Guard.APPROVAL}
        assert transition.roles == {Role.POLICE_PREVENT_OFFICER, Role.POLICE_PREVENT_SUPERVISOR}


def test_only_the_local_authority_moves_channel_cases() -> None:
    police = {Role.POLICE_PREVENT_OFFICER, Role.POLICE_PREVENT_SUPERVISOR}
    for transition in TRANSITIONS:
        if transition.sources <= CHANNEL_STATES:
            assert not transition.roles & police, transition.action
            assert Guard.SAME_AREA in transition.guards, transition.action


def test_actions_are_unique_and_every_state_is_reachable() -> None:
    actions = [t.action for t in TRANSITIONS]
    assert len(actions) == len(set(actions))
    assert _reachable(TRANSITIONS) == set(Status.values)
