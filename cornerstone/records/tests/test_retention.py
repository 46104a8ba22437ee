"""Retention rules per outcome and age, worked by hand, and the nightly list of who is due."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from hypothesis import given
from hypothesis import strategies as st

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.channel.models import ChannelCase
from cornerstone.demo.generator import DemoWorld
from cornerstone.geography.models import LocalAuthority
from cornerstone.people.models import Person
from cornerstone.records import services
from cornerstone.records.models import RetentionReview, RetentionRule, ReviewState
from cornerstone.records.retention import (
    DEFAULT_YEARS,
    ReferralFacts,
    add_years,
    person_due_on,
    referral_due_on,
)
from cornerstone.referrals.models import ConcernTaxonomy, Referral
from cornerstone.referrals.workflow import Status
from cornerstone.screening.models import DecisionState, ScreeningDecision

RULES = DEFAULT_YEARS


def facts(
    outcome: str, decided: dt.date | None, age: int | None, exited: dt.date | None = None
) -> ReferralFacts:
    return ReferralFacts(outcome=outcome, decided_on=decided, exited_on=exited, age_at_anchor=age)


@pytest.mark.parametrize(
    ("item", "due"),
    [
        # An adult's NFA: 3 years from the decision.
        (facts("no_further_action", dt.date(2021, 3, 15), 34), dt.date(2024, 3, 15)),
        # Signposted, 17 on the day of the decision: a child's, 2 years.
        (facts("signposted", dt.date(2021, 3, 15), 17), dt.date(2023, 3, 15)),
        # 18 on the day: an adult's.
        (facts("signposted", dt.date(2021, 3, 15), 18), dt.date(2024, 3, 15)),
        # Age not known: the adult's (longer) period.
        (facts("no_further_action", dt.date(2021, 3, 15), None), dt.date(2024, 3, 15)),
        # Managed by police: 6 years.
        (facts("police_managed", dt.date(2020, 1, 31), 40), dt.date(2026, 1, 31)),
        # Channel: 6 years from exit, not from the decision.
        (facts("progressed", dt.date(2019, 1, 1), 15, exited=dt.date(2021, 7, 9)), dt.date(2027, 7, 9)),
        # Channel, still open: never due.
        (facts("progressed", dt.date(2019, 1, 1), 15), None),
        # No decision yet: never due.
        (facts("", None, 30), None),
        # 29 February: 28 February in the common year.
        (facts("no_further_action", dt.date(2024, 2, 29), 30), dt.date(2027, 2, 28)),
    ],
)
def test_referral_due_on(item: ReferralFacts, due: dt.date | None) -> None:
    assert referral_due_on(item, RULES) == due


def test_person_due_when_every_referral_is() -> None:
    early = facts("no_further_action", dt.date(2019, 1, 1), 30)
    late = facts("police_managed", dt.date(2020, 6, 1), 30)
    assert person_due_on([early, late], RULES) == dt.date(2026, 6, 1)
    assert person_due_on([early, facts("", None, 30)], RULES) is None
    assert person_due_on([], RULES) is None


outcomes = st.sampled_from(["no_further_action", "signposted", "police_managed", "progressed"])
days = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2060, 12, 31))
ages = st.one_of(st.none(), st.integers(min_value=0, max_value=99))


@given(outcome=outcomes, first=days, later_by=st.integers(min_value=0, max_value=4000), age=ages)
def test_a_later_decision_is_never_due_earlier(
    outcome: str, first: dt.date, later_by: int, age: int | None
) -> None:
    later = first + dt.timedelta(days=later_by)
    earlier_due = referral_due_on(facts(outcome, first, age, exited=first), RULES)
    later_due = referral_due_on(facts(outcome, later, age, exited=later), RULES)
    assert earlier_due is not None and later_due is not None
    assert later_due >= earlier_due


@given(
    first=days, later_by=st.integers(min_value=0, max_value=800), years=st.integers(min_value=1, max_value=50)
)
def test_add_years_keeps_order(first: dt.date, later_by: int, years: int) -> None:
    assert add_years(first + dt.timedelta(days=later_by), years) >= add_years(first, years)


def _referral(world: DemoWorld, person: Person, outcome: str, decided_at: dt.datetime) -> Referral:
    membership = world.memberships_by_role[Role.REFERRER]
    referral = Referral.objects.create(
        reference=f"RET-{Referral.objects.count() + 1}",
        status=Status.SUBMITTED,
        created_by=membership.user,
        created_by_membership=membership,
        organisation=membership.organisation,
        taxonomy=ConcernTaxonomy.objects.get(is_current=True),
        person=person,
        submitted_at=decided_at,
    )
    ScreeningDecision.objects.create(
        referral=referral,
        outcome=outcome,
        state=DecisionState.MADE,
        rationale="Test",
        signposted_to="Early help" if outcome == "signposted" else "",
        decided_by=world.users_by_role[Role.POLICE_PREVENT_OFFICER],
        decided_at=decided_at,
    )
    return referral


def at(year: int, month: int, day: int) -> dt.datetime:
    return dt.datetime(year, month, day, 12, tzinfo=dt.UTC)


@pytest.mark.django_db
def test_nightly_list_opens_one_review_per_due_person(world: DemoWorld) -> None:
    adult = Person.objects.create(reference="PER-ADULT", date_of_birth=dt.date(1980, 1, 1))
    _referral(world, adult, "no_further_action", at(2020, 1, 10))
    _referral(world, adult, "police_managed", at(2021, 1, 10))  # due 2027
    child = Person.objects.create(reference="PER-CHILD", date_of_birth=dt.date(2010, 1, 1))
    _referral(world, child, "signposted", at(2022, 5, 1))  # child: due 1 May 2024
    channel = Person.objects.create(reference="PER-CHANNEL", date_of_birth=dt.date(1990, 1, 1))
    progressed = _referral(world, channel, "progressed", at(2015, 5, 1))
    ChannelCase.objects.create(
        referral=progressed,
        local_authority=LocalAuthority.objects.order_by("pk").first(),
        exited_at=at(2018, 5, 1),
    )
    system = Actor.system("test")

    opened = services.retention_reviews_list_due(actor=system, today=dt.date(2024, 5, 1))
    assert {(r.person_reference, r.due_on) for r in opened} == {
        ("PER-CHILD", dt.date(2024, 5, 1)),
        ("PER-CHANNEL", dt.date(2024, 5, 1)),
    }
    # Listed once: a second run opens nothing new.
    assert services.retention_reviews_list_due(actor=system, today=dt.date(2024, 6, 1)) == []
    opened = services.retention_reviews_list_due(actor=system, today=dt.date(2027, 1, 10))
    assert [(r.person_reference, r.referral_count) for r in opened] == [("PER-ADULT", 2)]


@pytest.mark.django_db
def test_kept_longer_comes_back_on_the_new_date(world: DemoWorld) -> None:
    person = Person.objects.create(reference="PER-KEEP", date_of_birth=dt.date(1980, 1, 1))
    _referral(world, person, "no_further_action", at(2018, 1, 10))
    system = Actor.system("test")
    dpo = Actor.for_membership(world.memberships_by_role[Role.DATA_PROTECTION_OFFICER])
    [review] = services.retention_reviews_list_due(actor=system, today=dt.date(2024, 1, 1))
    with pytest.raises(ValidationError, match="why"):
        services.retention_review_keep(
            actor=dpo, review_id=review.pk, reason="  ", review_again_on=dt.date(2099, 1, 1)
        )
    with pytest.raises(ValidationError, match="future"):
        services.retention_review_keep(
            actor=dpo, review_id=review.pk, reason="Hold", review_again_on=dt.date(2001, 1, 1)
        )
    services.retention_review_keep(
        actor=dpo, review_id=review.pk, reason="Legal hold", review_again_on=dt.date(2099, 1, 1)
    )
    review.refresh_from_db()
    assert review.state == ReviewState.KEPT and review.keep_reason == "Legal hold"
    assert services.retention_reviews_list_due(actor=system, today=dt.date(2098, 12, 31)) == []
    [again] = services.retention_reviews_list_due(actor=system, today=dt.date(2099, 1, 1))
    assert again.person_reference == "PER-KEEP"


@pytest.mark.django_db
def test_rules_are_configurable_and_guarded(world: DemoWorld) -> None:
    rule = RetentionRule.objects.get(outcome_group="closed_at_screening", age_group="adult")
    dpo = Actor.for_membership(world.memberships_by_role[Role.DATA_PROTECTION_OFFICER])
    services.retention_rule_update(actor=dpo, rule_id=rule.pk, years=5)
    assert RetentionRule.objects.get(pk=rule.pk).years == 5
    with pytest.raises(ValidationError):
        services.retention_rule_update(actor=dpo, rule_id=rule.pk, years=0)
    analyst = Actor.for_membership(world.memberships_by_role[Role.ANALYST])
    with pytest.raises(PermissionDenied, match="data protection officer"):
        services.retention_rule_update(actor=analyst, rule_id=rule.pk, years=1)


@pytest.mark.django_db
def test_command_lists_references_only(world: DemoWorld) -> None:
    person = Person.objects.create(reference="PER-CMD", date_of_birth=dt.date(1980, 1, 1))
    _referral(world, person, "no_further_action", at(2000, 1, 10))
    out = StringIO()
    call_command("list_retention_due", stdout=out)
    assert "PER-CMD" in out.getvalue() and "1 people due" in out.getvalue()
    assert RetentionReview.objects.filter(person_reference="PER-CMD", state=ReviewState.PENDING).exists()


@pytest.mark.django_db
def test_nightly_task_opens_reviews(world: DemoWorld) -> None:
    from cornerstone.records.tasks import list_retention_due

    person = Person.objects.create(reference="PER-TASK", date_of_birth=dt.date(1980, 1, 1))
    _referral(world, person, "no_further_action", at(2000, 1, 10))
    assert list_retention_due.call() == 1
    assert RetentionReview.objects.filter(person_reference="PER-TASK").count() == 1
