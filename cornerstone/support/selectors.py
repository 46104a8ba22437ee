"""Every read of support plans. Channel coordinators and panel chairs see the interventions of
their area's cases; an intervention provider sees only the interventions assigned to their
organisation (or to them), with the minimum detail needed to meet the person.

Drift is worked out in the database from each intervention's own row (its stored last delivered
session, or its start, plus its planned frequency and the grace days), so the overdue list and
its counts cost one query however many interventions and sessions there are.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, DateField, F, Func, Q, QuerySet, Value
from django.db.models.functions import Coalesce

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.models import Organisation, User
from cornerstone.accounts.roles import Role
from cornerstone.channel.handover import channel_coordinators_for
from cornerstone.channel.selectors import CASE_HOLDERS, channel_cases_visible_to
from cornerstone.partners.selectors import approved_providers_visible_to
from cornerstone.people.models import NameKind
from cornerstone.referrals.models import Referral
from cornerstone.referrals.workflow import Status
from cornerstone.support.models import Intervention, InterventionType


def drift_grace_days() -> int:
    """Days allowed beyond an intervention's planned frequency before it shows as overdue."""
    return int(getattr(settings, "CORNERSTONE_DRIFT_GRACE_DAYS", 7))


class AddDays(Func):
    """``date + days`` for a date expression and an integer expression, in SQL."""

    output_field = DateField()
    arity = 2

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> Any:  # type: ignore[override]  # PostgreSQL and others
        date_sql, date_params = compiler.compile(self.source_expressions[0])
        days_sql, days_params = compiler.compile(self.source_expressions[1])
        return f"({date_sql} + CAST({days_sql} AS integer))", [*date_params, *days_params]

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        date_sql, date_params = compiler.compile(self.source_expressions[0])
        days_sql, days_params = compiler.compile(self.source_expressions[1])
        return f"date({date_sql}, '+' || ({days_sql}) || ' days')", [*date_params, *days_params]


def _with_due_by(interventions: QuerySet[Intervention], grace_days: int | None) -> QuerySet[Intervention]:
    """Annotate ``last_delivered`` (date of the last delivered session, or None) and ``due_by``:
    the last day a delivered session could fall before the intervention drifts (the last
    delivered session, or the start, plus the planned frequency and the grace)."""
    grace = drift_grace_days() if grace_days is None else grace_days
    return interventions.annotate(
        last_delivered=F("last_delivered_on"),
        due_by=AddDays(
            Coalesce(F("last_delivered_on"), F("starts_on"), output_field=DateField()),
            F("frequency_days") + Value(grace),
        ),
    )


def with_drift(
    interventions: QuerySet[Intervention], *, grace_days: int | None = None
) -> QuerySet[Intervention]:
    """For lists: ``last_delivered``, ``due_by`` and ``sessions_count``."""
    return _with_due_by(interventions, grace_days).annotate(sessions_count=Count("sessions", distinct=True))


def drifting_interventions(
    interventions: QuerySet[Intervention], today: dt.date, *, grace_days: int | None = None
) -> QuerySet[Intervention]:
    """Active interventions of cases in support whose last delivered session (or start, if none)
    is more than the planned frequency plus the grace days before ``today``."""
    active = interventions.filter(ended_at__isnull=True, case__referral__status=Status.SUPPORT)
    return _with_due_by(active, grace_days).filter(due_by__lt=today)  # type: ignore[misc]


def is_coordinator_of(actor: Actor, referral: Referral) -> bool:
    return (
        actor.user is not None
        and actor.role == Role.CHANNEL_COORDINATOR
        and channel_cases_visible_to(actor).filter(referral=referral).exists()
    )


def interventions_visible_to(actor: Actor) -> QuerySet[Intervention]:
    """Coordinators and chairs: their area's interventions. Anyone else: the interventions
    assigned to their organisation (intervention providers) or to them as owner."""
    base = Intervention.objects.select_related("case__referral", "provider", "owner", "provider_service")
    if actor.user is None or actor.membership is None:
        return base.none()
    if actor.role in CASE_HOLDERS:
        return base.filter(case__in=channel_cases_visible_to(actor))
    return provider_interventions(actor)


def provider_interventions(actor: Actor) -> QuerySet[Intervention]:
    """The interventions a provider works on: those of their organisation when they act as an
    intervention provider, and those they own, whatever their role."""
    base = Intervention.objects.select_related("case__referral", "provider", "owner", "provider_service")
    if actor.user is None or actor.membership is None:
        return base.none()
    condition = Q(owner=actor.user)
    if actor.role == Role.INTERVENTION_PROVIDER and actor.organisation is not None:
        condition |= Q(provider=actor.organisation)
    return base.filter(condition)


def interventions_of_case(actor: Actor, referral: Referral) -> QuerySet[Intervention]:
    return interventions_visible_to(actor).filter(case__referral=referral)


def can_manage_plan(actor: Actor, referral: Referral) -> bool:
    """Only the area's Channel coordinator adds interventions (and only once consent is given)."""
    return is_coordinator_of(actor, referral) and referral.status == Status.SUPPORT


def can_work_on(actor: Actor, intervention: Intervention) -> bool:
    """Log sessions, change or end: the owner, an intervention provider of the provider
    organisation, or the area's Channel coordinator."""
    if actor.user is None or actor.membership is None:
        return False
    if intervention.owner_id == actor.user.pk:
        return True
    organisation = actor.organisation
    if (
        actor.role == Role.INTERVENTION_PROVIDER
        and organisation is not None
        and intervention.provider_id == organisation.pk
    ):
        return True
    return is_coordinator_of(actor, intervention.case.referral)


@dataclass(frozen=True)
class PersonSummary:
    """The minimum needed to meet the person: name, age and area. Nothing else."""

    reference: str
    name: str
    age: int | None
    area: str


def _age(born: dt.date, today: dt.date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def person_summary(referral: Referral, today: dt.date) -> PersonSummary:
    person = referral.person
    name, age = "", None
    if person is not None:
        names = list(person.names.all())
        primary = next((n for n in names if n.kind == NameKind.PRIMARY), names[0] if names else None)
        name = primary.full_name if primary is not None else ""
        if person.date_of_birth is not None:
            age = _age(person.date_of_birth, today)
        elif person.approximate_age is not None:
            since = person.approximate_age_on or today
            age = person.approximate_age + max(0, _age(since, today))
    area = referral.local_authority.name if referral.local_authority is not None else ""
    return PersonSummary(reference=referral.reference or "", name=name, age=age, area=area)


def mark_overdue(interventions: list[Intervention], today: dt.date) -> list[Intervention]:
    """Set ``overdue`` on interventions annotated by ``with_drift`` (the same rule as the SQL)."""
    for intervention in interventions:
        due_by = getattr(intervention, "due_by", None)
        if isinstance(due_by, str):  # some backends give the computed date back as text
            due_by = dt.date.fromisoformat(due_by)
            intervention.due_by = due_by  # type: ignore[attr-defined]
        intervention.overdue = (  # type: ignore[attr-defined]
            intervention.ended_at is None
            and intervention.case.referral.status == Status.SUPPORT
            and due_by is not None
            and due_by < today
        )
    return interventions


def case_support(actor: Actor, referral: Referral, today: dt.date) -> dict[str, Any]:
    """The context of ``support/_case_support.html`` for the Channel case page: the plan, with
    drift worked out, and whether the actor may add to it."""
    interventions = mark_overdue(
        list(
            with_drift(interventions_of_case(actor, referral)).order_by(
                F("ended_at").asc(nulls_first=True), "starts_on", "id"
            )
        ),
        today,
    )
    case = getattr(referral, "channel_case", None)
    return {
        "referral": referral,
        "case": case,
        "interventions": interventions,
        "can_manage": can_manage_plan(actor, referral),
    }


def allowed_providers(actor: Actor, type: str) -> list[Organisation]:
    """Organisations a plan may choose for this type of intervention: approved intervention
    providers for mentoring; any active partner organisation for the rest."""
    if type == InterventionType.MENTORING:
        return [p.organisation for p in approved_providers_visible_to(actor) if p.organisation.is_active]
    return list(Organisation.objects.filter(is_active=True).order_by("name"))


def allowed_owners(referral: Referral, provider: Organisation) -> list[User]:
    """Active members of the provider organisation, and the area's Channel coordinators."""
    members = list(
        User.objects.filter(
            is_active=True,
            memberships__is_active=True,
            memberships__organisation=provider,
            memberships__organisation__is_active=True,
        )
        .distinct()
        .order_by("full_name", "email")
    )
    coordinators = channel_coordinators_for(referral.local_authority) if referral.local_authority else []
    seen = {user.pk for user in members}
    return members + [user for user in coordinators if user.pk not in seen]
