"""The lifecycle of a referral, as data: its states and the transitions allowed between them.

Screening (deconfliction, gateway assessment and decisions) will add states between
``in_screening`` and ``closed``; add them here, and the tests walk the new table.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    IN_SCREENING = "in_screening", "Being screened"
    CLOSED = "closed", "Closed"


@dataclass(frozen=True)
class Transition:
    action: str
    source: str
    target: str
    label: str


TRANSITIONS: tuple[Transition, ...] = (
    Transition("submit", Status.DRAFT, Status.SUBMITTED, "Submit the referral"),
    Transition("record_receipt", Status.SUBMITTED, Status.IN_SCREENING, "Record receipt"),
    Transition("close", Status.IN_SCREENING, Status.CLOSED, "Close"),
)

INITIAL = Status.DRAFT
FINAL: frozenset[str] = frozenset({Status.CLOSED})


class TransitionNotAllowed(Exception):
    """A referral was asked to move in a way the workflow does not allow."""


def transitions_from(status: str) -> list[Transition]:
    return [transition for transition in TRANSITIONS if transition.source == status]


def next_status(status: str, action: str) -> str:
    """The status a referral moves to when ``action`` is taken, or ``TransitionNotAllowed``."""
    for transition in transitions_from(status):
        if transition.action == action:
            return transition.target
    raise TransitionNotAllowed(f"cannot {action} a referral that is {status}")


# What the person who made a referral is told: never the outcome or any decision.
REFERRER_STATUS: dict[str, str] = {
    Status.SUBMITTED: "Received",
    Status.IN_SCREENING: "Being looked at",
    Status.CLOSED: "Closed",
}


def referrer_status_label(status: str) -> str:
    """The plain-English status a referrer sees. Any state after receipt and before closing is
    "Being looked at", so states added by screening never reveal more to the referrer."""
    if status == Status.DRAFT:
        return "Draft"
    return REFERRER_STATUS.get(status, "Being looked at")
