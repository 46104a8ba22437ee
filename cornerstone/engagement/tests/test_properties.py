"""Property tests: whatever numbers are typed, the service and the database agree, and a
record is either saved whole with its counts within the headcount, or not saved at all."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cornerstone.accounts.actor import Actor
from cornerstone.audit.models import AuditEvent
from cornerstone.engagement import services
from cornerstone.engagement.models import AGE_BANDS, SEX_COUNTS, ActionStatus, Engagement, Theme

from .conftest import TODAY, details_for

pytestmark = pytest.mark.django_db

count = st.one_of(st.none(), st.integers(min_value=-3, max_value=60))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    headcount=st.integers(min_value=-2, max_value=60),
    ages=st.tuples(*(count for _ in AGE_BANDS)),
    sexes=st.tuples(*(count for _ in SEX_COUNTS)),
)
def test_counts_never_exceed_the_headcount(
    officer: Actor,
    themes: dict[str, Theme],
    headcount: int,
    ages: tuple[int | None, ...],
    sexes: tuple[int | None, ...],
) -> None:
    demographics = dict(zip([n for n, _ in AGE_BANDS + SEX_COUNTS], ages + sexes, strict=True))
    before = (Engagement.objects.count(), AuditEvent.objects.count())
    typed = [v for v in demographics.values() if v is not None]
    valid = (
        headcount >= 0
        and all(v >= 0 for v in typed)
        and sum(v or 0 for v in ages) <= headcount
        and sum(v or 0 for v in sexes) <= headcount
    )
    try:
        engagement = services.engagement_record(
            actor=officer, details=details_for(headcount=headcount, demographics=demographics)
        )
    except ValidationError:
        assert not valid
        assert (Engagement.objects.count(), AuditEvent.objects.count()) == before
        return
    assert valid
    engagement.refresh_from_db()
    assert sum(getattr(engagement, n) or 0 for n, _ in AGE_BANDS) <= engagement.headcount
    assert sum(getattr(engagement, n) or 0 for n, _ in SEX_COUNTS) <= engagement.headcount
    assert (Engagement.objects.count(), AuditEvent.objects.count()) == (before[0] + 1, before[1] + 1)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    we_did=st.text(alphabet=st.sampled_from(" \t\nab."), max_size=6),
    days=st.one_of(st.none(), st.integers(min_value=-30, max_value=30)),
)
def test_an_action_is_done_only_with_words_and_a_date(
    officer: Actor, themes: dict[str, Theme], we_did: str, days: int | None
) -> None:
    engagement = services.engagement_record(
        actor=officer, details=details_for(date=TODAY - dt.timedelta(days=10))
    )
    action = services.action_add(
        actor=officer,
        engagement=engagement,
        details=services.ActionDetails(you_said="a", agreed_action="b", owner_name="Team", due_on=TODAY),
    )
    done_on = None if days is None else TODAY + dt.timedelta(days=days)
    with contextlib.suppress(ValidationError):
        services.action_complete(actor=officer, action=action, we_did=we_did, done_on=done_on)
    action.refresh_from_db()
    if action.status == ActionStatus.DONE:
        assert action.we_did.strip() and action.done_on is not None
        assert engagement.date <= action.done_on <= TODAY
    else:
        assert not we_did.strip() or done_on is None or not engagement.date <= done_on <= TODAY
