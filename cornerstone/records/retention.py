"""When a referral and a person fall due for a retention review: the rules as plain arithmetic.

- No further action or signposted at screening: the rule's years after the screening decision.
- Managed by police outside Channel: the rule's years after the screening decision.
- Progressed to Channel: the rule's years after the Channel case exited; never due while open
  (or if it never exited: someone must close it first).
- A child is someone under 18 on the day of the decision (or exit); a person whose age is not
  known is treated as an adult, which keeps the record longer, not shorter.
- A referral with no screening decision yet is never due.
A person is due when every one of their referrals is due; the person's due date is the latest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils import timezone

from cornerstone.records.models import AgeGroup, OutcomeGroup
from cornerstone.screening.models import ScreeningOutcome

CHILD_UNDER = 18

# Defaults, loaded by the data migration; the data protection officer may change them.
DEFAULT_YEARS: dict[tuple[str, str], int] = {
    (OutcomeGroup.CLOSED_AT_SCREENING, AgeGroup.ADULT): 3,
    (OutcomeGroup.CLOSED_AT_SCREENING, AgeGroup.CHILD): 2,
    (OutcomeGroup.POLICE_MANAGED, AgeGroup.ADULT): 6,
    (OutcomeGroup.POLICE_MANAGED, AgeGroup.CHILD): 6,
    (OutcomeGroup.CHANNEL, AgeGroup.ADULT): 6,
    (OutcomeGroup.CHANNEL, AgeGroup.CHILD): 6,
}

OUTCOME_GROUP: dict[str, str] = {
    ScreeningOutcome.NO_FURTHER_ACTION: OutcomeGroup.CLOSED_AT_SCREENING,
    ScreeningOutcome.SIGNPOSTED: OutcomeGroup.CLOSED_AT_SCREENING,
    ScreeningOutcome.POLICE_MANAGED: OutcomeGroup.POLICE_MANAGED,
    ScreeningOutcome.PROGRESSED: OutcomeGroup.CHANNEL,
}


@dataclass(frozen=True)
class ReferralFacts:
    """What retention needs to know about one referral."""

    outcome: str  # the screening outcome made, "" if none yet
    decided_on: dt.date | None
    exited_on: dt.date | None  # the Channel case's exit, if any
    age_at_anchor: int | None


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def anchor(facts: ReferralFacts) -> dt.date | None:
    group = OUTCOME_GROUP.get(facts.outcome)
    if group is None:
        return None
    return facts.exited_on if group == OutcomeGroup.CHANNEL else facts.decided_on


def referral_due_on(facts: ReferralFacts, rules: Mapping[tuple[str, str], int]) -> dt.date | None:
    """The day the referral may be reviewed for deletion, or None if it is not yet reckonable."""
    group = OUTCOME_GROUP.get(facts.outcome)
    start = anchor(facts)
    if group is None or start is None:
        return None
    age_group = (
        AgeGroup.CHILD
        if facts.age_at_anchor is not None and facts.age_at_anchor < CHILD_UNDER
        else AgeGroup.ADULT
    )
    return add_years(start, rules[(group, age_group)])


def person_due_on(referrals: Iterable[ReferralFacts], rules: Mapping[tuple[str, str], int]) -> dt.date | None:
    """The latest due date of the person's referrals; None if any is not reckonable (or none)."""
    dates = [referral_due_on(facts, rules) for facts in referrals]
    if not dates or any(day is None for day in dates):
        return None
    return max(day for day in dates if day is not None)


def local_date(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localtime(moment).date() if moment is not None else None


def load_default_rules() -> None:
    """The defaults, for tests whose database was flushed (the migration loads them)."""
    from cornerstone.records.models import RetentionRule

    for (outcome_group, age_group), years in DEFAULT_YEARS.items():
        RetentionRule.objects.get_or_create(
            outcome_group=outcome_group, age_group=age_group, defaults={"years": years}
        )
