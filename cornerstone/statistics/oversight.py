"""Oversight dashboards: how the Prevent journey is running in an area, for the Force Prevent
Lead, the Regional Prevent Coordinator and the local authority's Channel coordinator and panel
chair. Counts and rates only, never a person, a name or a reference.

Every measure is a function of a *period* (a financial year, ``FinancialYear``) and a *scope*
(the local authorities the viewer may see, ``OversightScope``); the "overdue" measures are a
snapshot on ``today`` whatever the period. docs/statistics.md ("Oversight dashboards") defines
each measure in words; the docstrings below say the same thing precisely.

Common rules:

- **Area**: where the person lives, the referral's local authority (as in the national
  return). Channel, panel and support records count in the area of their referral.
- **Period**: a referral belongs to the period of its ``submitted_at`` (drafts never count);
  other facts say which date they are counted by.
- **Disclosure control**: every count on the page goes through the configured rule
  (``disclosure.py``: counts from 1 to ``suppress_below - 1`` withheld, others rounded), with
  secondary suppression wherever a table adds up to a total. A rate is shown only when its
  numerator and denominator are both published; it is worked out from the true counts. A
  median or 90th percentile is shown only when at least ``suppress_below`` durations go into it.

Each function costs a fixed number of queries however many referrals there are: the rows are
fetched once and counted in Python.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.models import Organisation
from cornerstone.accounts.roles import Role
from cornerstone.channel.models import InformationRequest, PostClosureReview
from cornerstone.geography.selectors import local_authorities_covered
from cornerstone.panels.models import AgendaItem, PanelAction
from cornerstone.referrals.models import Referral, ReferralSector, TimelineEntry
from cornerstone.referrals.workflow import Status
from cornerstone.screening.models import DecisionState, ScreeningDecision, ScreeningOutcome
from cornerstone.statistics.disclosure import DisclosureRule, Equation, Key, protect
from cornerstone.statistics.national_return import SUPPRESSED, FinancialYear, configured_rule
from cornerstone.support.models import Intervention, InterventionType, SessionStatus
from cornerstone.support.selectors import drifting_interventions

# The people who oversee an area: the police and regional Prevent leads, and the local
# authority's Channel coordinator and panel chair (panel members are partners, not the authority).
OVERSIGHT_READERS = frozenset(
    {
        Role.FORCE_PREVENT_LEAD,
        Role.REGIONAL_PREVENT_COORDINATOR,
        Role.CHANNEL_COORDINATOR,
        Role.PANEL_CHAIR,
    }
)

ALL = "all"
OTHER_ORGANISATIONS = "Other organisations"


def screening_target_days() -> int:
    # No national standard says how long screening may take: a local setting (default 28 days).
    return int(settings.CORNERSTONE_SCREENING_TARGET_DAYS)


# The area -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OversightScope:
    """The local authorities one dashboard covers: ``param`` is ``all`` (everywhere the viewer's
    organisation covers) or ``la:<code>``; ``name`` says it in words."""

    param: str
    name: str
    codes: frozenset[str]


@dataclass(frozen=True)
class OversightAreas:
    """The scopes one viewer may choose: everything their organisation covers, then each of its
    local authorities."""

    organisation_name: str
    authorities: tuple[tuple[str, str], ...]  # (code, name), by name

    def choices(self) -> list[OversightScope]:
        if not self.authorities:
            return []
        every = frozenset(code for code, _ in self.authorities)
        scopes = [OversightScope(ALL, f"Everywhere {self.organisation_name} covers", every)]
        if len(self.authorities) > 1:
            scopes += [
                OversightScope(f"la:{code}", f"{name} (local authority)", frozenset({code}))
                for code, name in self.authorities
            ]
        return scopes

    def scope(self, param: str) -> OversightScope | None:
        """The scope with that ``param``, or None if this viewer may not see it."""
        return next((scope for scope in self.choices() if scope.param == param.strip()), None)


def oversight_areas_for(actor: Actor) -> OversightAreas:
    """The local authorities ``actor`` may oversee: those their organisation covers (its
    authorities, police force areas and Prevent regions, as ``statistics.selectors`` does for
    national returns), for the oversight roles only, with an active membership."""
    membership = actor.membership
    if membership is None or actor.role not in OVERSIGHT_READERS:
        return OversightAreas("", ())
    organisation: Organisation = membership.organisation
    if not organisation.is_active or not membership.is_active:
        return OversightAreas(organisation.name, ())
    covered = local_authorities_covered(
        prevent_regions=organisation.prevent_regions.all(),
        police_force_areas=organisation.police_force_areas.all(),
        local_authorities=organisation.local_authorities.all(),
    ).order_by("name")
    return OversightAreas(organisation.name, tuple(covered.values_list("code", "name")))


def scope_for_authorities(codes: Iterable[str], name: str = "") -> OversightScope:
    """A scope over the given register codes (for tests and the command line)."""
    code_set = frozenset(code.upper() for code in codes)
    return OversightScope(ALL, name or ", ".join(sorted(code_set)), code_set)


# Figures --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One figure as shown: a count, a rate (0 to 1) or a number of days. ``value`` is None when
    withheld; ``reason`` then says why in a few words ("[c]" for a suppressed count)."""

    value: float | None
    kind: str = "count"  # count | rate | days
    reason: str = SUPPRESSED

    @property
    def suppressed(self) -> bool:
        return self.value is None

    @property
    def display(self) -> str:
        if self.value is None:
            return self.reason
        if self.kind == "rate":
            return f"{self.value * 100:.1f}%"
        if self.kind == "days":
            return f"{self.value:.1f}"
        return f"{int(self.value):,}"


@dataclass(frozen=True)
class Row:
    label: str
    cells: tuple[Cell, ...]
    is_total: bool = False


@dataclass(frozen=True)
class OversightTable:
    slug: str
    title: str
    row_heading: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    notes: tuple[str, ...] = ()
    chart_column: int = 0  # which column the chart draws

    def cell(self, label: str, column: str) -> Cell:
        """The figure at row ``label`` and column ``column`` (for tests and exports)."""
        index = self.columns.index(column)
        for row in self.rows:
            if row.label == label:
                return row.cells[index]
        raise KeyError(label)

    @property
    def has_suppressed(self) -> bool:
        return any(cell.suppressed for row in self.rows for cell in row.cells)


def _published(protected: dict[Key, int | None], key: Key) -> Cell:
    return Cell(None if protected[key] is None else float(protected[key]))  # type: ignore[arg-type]


def _rate(numerator: int, denominator: int, protected: dict[Key, int | None], keys: tuple[Key, Key]) -> Cell:
    """A rate from the true counts, shown only when both counts are published."""
    if denominator == 0:
        return Cell(None, "rate", "no cases")
    if protected[keys[0]] is None or protected[keys[1]] is None:
        return Cell(None, "rate", SUPPRESSED)
    return Cell(numerator / denominator, "rate")


def _notes(rule: DisclosureRule, table_has_suppressed: bool) -> tuple[str, ...]:
    notes = []
    if table_has_suppressed:
        notes.append(
            f"{SUPPRESSED}: suppressed, because the count is small or could be worked out from other "
            "figures; a rate is not shown when either of its counts is suppressed."
        )
    if rule.round_to > 1:
        notes.append(
            f"Counts are rounded to the nearest {rule.round_to}; rates are worked out from the true counts."
        )
    return tuple(notes)


def _referrals(period: FinancialYear, scope: OversightScope) -> QuerySet[Referral]:
    start, end = period.bounds()
    return Referral.objects.exclude(status=Status.DRAFT).filter(
        submitted_at__gte=start, submitted_at__lt=end, local_authority__code__in=scope.codes
    )


# 1. The journey funnel ------------------------------------------------------------------------

FUNNEL: tuple[tuple[str, str], ...] = (
    ("referrals", "Referrals made"),
    ("received", "Receipt recorded by police"),
    ("decided", "Screening decision made"),
    ("progressed", "Progressed to Channel"),
    ("accepted", "Picked up by the Channel coordinator"),
    ("discussed", "Discussed at a Channel panel"),
    ("adopted", "Adopted as a Channel case"),
    ("supported", "Consent given and support started"),
    ("exited", "Left Channel support (exit recorded)"),
)


def journey_funnel(
    *, period: FinancialYear, scope: OversightScope, rule: DisclosureRule | None = None
) -> OversightTable:
    """How far the referrals made in the period have gone, one count per stage, each with its
    share of the referrals made. A referral counts at every stage it has reached:

    - *Receipt recorded*: ``receipt_recorded_at`` is set.
    - *Screening decision made*: a screening decision in state "made" (not proposed or returned).
    - *Progressed to Channel*: it has a Channel case (made when screening, or police management,
      passes it to Channel).
    - *Picked up*: the Channel case's ``accepted_at`` is set.
    - *Discussed at a panel*: on a panel agenda, not taken off it, with the decision recorded.
    - *Adopted*: the Channel case's ``adopted_at`` is set.
    - *Support started*: the timeline records consent given.
    - *Exit recorded*: the Channel case's ``exited_at`` is set.

    The stages are not a sum (each is part of the one before), so only primary suppression and
    rounding apply; no figure can be solved from the others."""
    rule = rule or configured_rule()
    made = ScreeningDecision.objects.filter(referral=OuterRef("pk"), state=DecisionState.MADE)
    discussed = AgendaItem.objects.filter(referral=OuterRef("pk"), removed=False).exclude(decision="")
    supported = TimelineEntry.objects.filter(referral=OuterRef("pk"), kind="consent_given")
    rows = (
        _referrals(period, scope)
        .annotate(decided=Exists(made), discussed=Exists(discussed), supported=Exists(supported))
        .order_by()
        .values_list(
            "receipt_recorded_at",
            "decided",
            "channel_case__pk",
            "channel_case__accepted_at",
            "discussed",
            "channel_case__adopted_at",
            "supported",
            "channel_case__exited_at",
        )
    )
    counts: Counter[str] = Counter()
    for received, decided, case, accepted, was_discussed, adopted, was_supported, exited in rows:
        counts["referrals"] += 1
        counts["received"] += received is not None
        counts["decided"] += bool(decided)
        counts["progressed"] += case is not None
        counts["accepted"] += accepted is not None
        counts["discussed"] += bool(was_discussed)
        counts["adopted"] += adopted is not None
        counts["supported"] += bool(was_supported)
        counts["exited"] += exited is not None
    values: dict[Key, int] = {key: counts[key] for key, _ in FUNNEL}
    published = protect(values, [], rule).published
    total = counts["referrals"]
    table_rows = tuple(
        Row(
            label,
            (
                _published(published, key),
                _rate(counts[key], total, published, (key, "referrals")),
            ),
        )
        for key, label in FUNNEL
    )
    suppressed = any(cell.suppressed for row in table_rows for cell in row.cells)
    return OversightTable(
        "journey-funnel",
        "The journey of the referrals made in the year",
        "Stage reached",
        ("Referrals", "Share of referrals made"),
        table_rows,
        (
            *_notes(rule, suppressed),
            "Each stage counts the referrals that reached it, so each is part of the one above.",
        ),
    )


# 2. Time in each stage ------------------------------------------------------------------------

STAGES: tuple[tuple[str, str, frozenset[str], frozenset[str]], ...] = (
    ("receipt", "Submitted, waiting for receipt", frozenset({"submit"}), frozenset({"record_receipt"})),
    (
        "screening",
        "Police screening (receipt to decision)",
        frozenset({"record_receipt"}),
        frozenset({"no_further_action", "signpost", "police_manage", "progress_to_channel"}),
    ),
    (
        "with_channel",
        "Progressed, waiting for the Channel coordinator",
        frozenset({"progress_to_channel", "refer_to_channel"}),
        frozenset({"accept_case"}),
    ),
    ("information", "Information gathering", frozenset({"accept_case"}), frozenset({"list_for_panel"})),
    (
        "listed",
        "Listed, until the panel decides",
        frozenset({"list_for_panel"}),
        frozenset({"adopt", "not_adopt", "back_to_police"}),
    ),
    (
        "consent",
        "Adopted, waiting for consent",
        frozenset({"adopt"}),
        frozenset({"consent_given", "consent_declined"}),
    ),
    ("support", "Support", frozenset({"consent_given"}), frozenset({"exit", "consent_withdrawn"})),
)
_STAGE_KINDS = frozenset().union(*(starts | ends for _, _, starts, ends in STAGES))
_END_KINDS = frozenset().union(*(ends for _, _, _, ends in STAGES))


def percentile_90(values: Sequence[float]) -> float:
    """The 90th percentile by the nearest-rank method: the smallest value with at least 90% of
    the values at or below it (``ceil(0.9 n)``-th smallest). It is always one of the values."""
    ordered = sorted(values)
    return ordered[math.ceil(0.9 * len(ordered)) - 1]


def stage_durations(*, period: FinancialYear, scope: OversightScope) -> dict[str, list[float]]:
    """Per stage, the days each referral in the scope spent in it, for stages that *ended* in the
    period. A stage starts at the first timeline entry of one of its start steps and ends at the
    first entry of one of its end steps at or after that start (the first time through: a case
    reopened later is not measured twice). Days are exact (hours / 24). Only durations, never
    whose; the order of the list is not the order of any referral."""
    start, end = period.bounds()
    ended_in_period = TimelineEntry.objects.filter(
        referral__local_authority__code__in=scope.codes,
        kind__in=_END_KINDS,
        occurred_at__gte=start,
        occurred_at__lt=end,
    ).values("referral_id")
    entries = (
        TimelineEntry.objects.filter(
            referral__local_authority__code__in=scope.codes,
            kind__in=_STAGE_KINDS,
            occurred_at__lt=end,
            referral_id__in=Subquery(ended_in_period),
        )
        .exclude(referral__status=Status.DRAFT)
        .order_by("referral_id", "occurred_at", "pk")
        .values_list("referral_id", "kind", "occurred_at")
    )
    by_referral: dict[int, list[tuple[str, dt.datetime]]] = defaultdict(list)
    for referral_id, kind, occurred_at in entries.iterator(chunk_size=2000):
        by_referral[referral_id].append((kind, occurred_at))
    durations: dict[str, list[float]] = {slug: [] for slug, _, _, _ in STAGES}
    for steps in by_referral.values():
        for slug, _, starts, ends in STAGES:
            began = next((when for kind, when in steps if kind in starts), None)
            if began is None:
                continue
            finished = next((when for kind, when in steps if kind in ends and when >= began), None)
            if finished is not None and start <= finished < end:
                durations[slug].append((finished - began).total_seconds() / 86400)
    # Sorted, so nothing of the order in which referrals were read survives.
    return {slug: sorted(values) for slug, values in durations.items()}


def time_in_stage(
    *, period: FinancialYear, scope: OversightScope, rule: DisclosureRule | None = None
) -> OversightTable:
    """Median and 90th percentile (nearest rank) of the days spent in each stage, over the stages
    that ended in the period (``stage_durations``). A row's median and percentile are shown only
    when at least ``suppress_below`` durations go into them, so no one case's time is shown."""
    rule = rule or configured_rule()
    durations = stage_durations(period=period, scope=scope)
    published = protect({slug: len(values) for slug, values in durations.items()}, [], rule).published
    rows = []
    for slug, label, _, _ in STAGES:
        values = durations[slug]
        enough = len(values) >= max(rule.suppress_below, 1) and values
        rows.append(
            Row(
                label,
                (
                    _published(published, slug),
                    Cell(statistics.median(values), "days")
                    if enough
                    else Cell(None, "days", "too few" if values else "none"),
                    Cell(percentile_90(values), "days")
                    if enough
                    else Cell(None, "days", "too few" if values else "none"),
                ),
            )
        )
    notes = (
        *_notes(rule, any(published[slug] is None for slug, *_ in STAGES)),
        f"Days from the step that starts the stage to the step that ends it, for stages that ended in the year. "
        f"'too few': fewer than {rule.suppress_below} cases finished the stage, so no figure is shown.",
    )
    return OversightTable(
        "time-in-stage",
        "Time in each stage (days)",
        "Stage",
        ("Stages ended in the year", "Median days", "90th percentile days"),
        tuple(rows),
        notes,
        chart_column=1,
    )


# 3. Overdue now -------------------------------------------------------------------------------


def overdue_counts(*, scope: OversightScope, today: dt.date | None = None) -> dict[str, int]:
    """What is overdue on ``today`` in the scope (true counts, before disclosure control):

    - ``screenings``: referrals waiting for receipt, being screened or with a decision waiting
      for approval, submitted more than ``screening_target_days()`` days before today.
    - ``information_requests``: sent to a partner, neither answered nor withdrawn, due before today.
    - ``post_closure_reviews``: not completed, due before today, the case still in post-closure.
    - ``panel_actions``: not completed, due before today.
    - ``interventions_drifting``: active interventions of cases in support with no delivered
      session within their planned frequency plus the grace days (``support.selectors``)."""
    today = today or timezone.localdate()
    zone = timezone.get_default_timezone()
    screening_cutoff = dt.datetime.combine(
        today - dt.timedelta(days=screening_target_days()), dt.time.min, tzinfo=zone
    )
    in_scope = Q(local_authority__code__in=scope.codes)
    screenings = (
        Referral.objects.filter(in_scope)
        .filter(
            status__in=(Status.SUBMITTED, Status.IN_SCREENING, Status.AWAITING_APPROVAL),
            submitted_at__lt=screening_cutoff,
        )
        .count()
    )
    requests = InformationRequest.objects.filter(
        case__referral__local_authority__code__in=scope.codes,
        answered_at__isnull=True,
        withdrawn_at__isnull=True,
        due_on__lt=today,
    ).count()
    reviews = PostClosureReview.objects.filter(
        case__referral__local_authority__code__in=scope.codes,
        case__referral__status=Status.POST_CLOSURE,
        completed_at__isnull=True,
        due_on__lt=today,
    ).count()
    actions = PanelAction.objects.filter(
        item__referral__local_authority__code__in=scope.codes, completed_at__isnull=True, due_on__lt=today
    ).count()
    drifting = drifting_interventions(
        Intervention.objects.filter(case__referral__local_authority__code__in=scope.codes), today
    ).count()
    return {
        "screenings": screenings,
        "information_requests": requests,
        "post_closure_reviews": reviews,
        "panel_actions": actions,
        "interventions_drifting": drifting,
    }


def overdue(
    *, scope: OversightScope, today: dt.date | None = None, rule: DisclosureRule | None = None
) -> OversightTable:
    """``overdue_counts`` as a table (no total: the rows count different things)."""
    rule = rule or configured_rule()
    counts = overdue_counts(scope=scope, today=today)
    labels = {
        "screenings": f"Screenings not decided within {screening_target_days()} days of the referral",
        "information_requests": "Information requests to partners past their due date",
        "post_closure_reviews": "Post-closure reviews past their due date",
        "panel_actions": "Panel actions past their due date",
        "interventions_drifting": "Interventions with no session delivered within their planned frequency",
    }
    values: dict[Key, int] = {}
    values.update(counts)
    published = protect(values, [], rule).published
    rows = tuple(Row(labels[key], (_published(published, key),)) for key in counts)
    return OversightTable(
        "overdue",
        "Overdue today",
        "What is overdue",
        ("Number",),
        rows,
        (
            *_notes(rule, any(row.cells[0].suppressed for row in rows)),
            "A snapshot today, whichever year is chosen.",
        ),
    )


# 4. Sessions delivered against planned ---------------------------------------------------------


def _planned_sessions(
    *,
    starts_on: dt.date,
    ends_on: dt.date | None,
    ended_at: dt.datetime | None,
    frequency_days: int,
    first: dt.date,
    last: dt.date,
) -> int:
    """Whole planned intervals within the days the intervention ran inside ``first``..``last``:
    from its start (or ``first``) to its planned end, the day it was ended, or ``last``."""
    stops = [last]
    if ends_on is not None:
        stops.append(ends_on)
    if ended_at is not None:
        stops.append(timezone.localtime(ended_at).date())
    span_start, span_end = max(starts_on, first), min(stops)
    if span_end < span_start or frequency_days <= 0:
        return 0
    return ((span_end - span_start).days + 1) // frequency_days


def sessions_delivered(
    *,
    period: FinancialYear,
    scope: OversightScope,
    today: dt.date | None = None,
    rule: DisclosureRule | None = None,
) -> OversightTable:
    """Intervention sessions delivered against planned, by type of intervention, over the part of
    the period up to ``today``.

    - *Planned*: for each intervention of a case in the scope, the whole number of its planned
      intervals (``frequency_days``) in the days it ran within the period: from its start (or the
      period's first day) to the earliest of its planned end, the day it was ended, the period's
      last day and today, both days included. A weekly intervention running a whole year plans 52.
    - *Delivered*: its sessions recorded as delivered, held within the period and up to today.
    - *Rate*: delivered / planned (may exceed 100% when sessions are more frequent than planned).
    """
    rule = rule or configured_rule()
    today = today or timezone.localdate()
    first, last = period.first_day, min(period.last_day, today)
    delivered_in_period = Q(
        sessions__status=SessionStatus.DELIVERED,
        sessions__held_on__gte=first,
        sessions__held_on__lte=last,
    )
    rows_in = (
        Intervention.objects.filter(
            case__referral__local_authority__code__in=scope.codes, starts_on__lte=last
        )
        .annotate(delivered=Count("sessions", filter=delivered_in_period))
        .order_by()
        .values_list("type", "starts_on", "ends_on", "ended_at", "frequency_days", "delivered")
    )
    planned: Counter[str] = Counter()
    delivered: Counter[str] = Counter()
    for kind, starts_on, ends_on, ended_at, frequency, done in rows_in:
        planned[kind] += _planned_sessions(
            starts_on=starts_on,
            ends_on=ends_on,
            ended_at=ended_at,
            frequency_days=frequency,
            first=first,
            last=last,
        )
        delivered[kind] += done
    kinds = [(value, str(label)) for value, label in InterventionType.choices]
    values: dict[Key, int] = {}
    for kind, _ in kinds:
        values[(kind, "planned")] = planned[kind]
        values[(kind, "delivered")] = delivered[kind]
    values[("total", "planned")] = sum(planned.values())
    values[("total", "delivered")] = sum(delivered.values())
    equations = [
        Equation(("total", column), tuple((kind, column) for kind, _ in kinds))
        for column in ("planned", "delivered")
    ]
    published = protect(values, equations, rule).published

    def row(key: str, label: str, is_total: bool = False) -> Row:
        return Row(
            label,
            (
                _published(published, (key, "planned")),
                _published(published, (key, "delivered")),
                _rate(
                    values[(key, "delivered")],
                    values[(key, "planned")],
                    published,
                    ((key, "delivered"), (key, "planned")),
                ),
            ),
            is_total,
        )

    table_rows = (*tuple(row(kind, label) for kind, label in kinds), row("total", "Total", True))
    return OversightTable(
        "sessions",
        "Intervention sessions delivered against planned",
        "Type of intervention",
        ("Sessions planned", "Sessions delivered", "Delivered as a share of planned"),
        table_rows,
        (
            *_notes(rule, any(cell.suppressed for r in table_rows for cell in r.cells[:2])),
            "Planned: whole intervals of each intervention's planned frequency while it ran in the year.",
        ),
        chart_column=2,
    )


# 5. Re-referrals ------------------------------------------------------------------------------


def _year_before(moment: dt.datetime) -> dt.datetime:
    """The same moment a calendar year earlier (29 February goes to 28 February)."""
    try:
        return moment.replace(year=moment.year - 1)
    except ValueError:
        return moment.replace(year=moment.year - 1, day=28)


def re_referral_counts(*, period: FinancialYear, scope: OversightScope) -> tuple[int, int]:
    """(referrals made in the period in the scope, of which re-referrals). A re-referral is a
    referral whose person had another (non-draft) referral submitted in the twelve months before
    it, anywhere: at or after the same moment a year earlier, and before it. People merged in the
    index count as one, because merging moves their referrals to one ``person``."""
    current = list(_referrals(period, scope).order_by().values_list("pk", "person_id", "submitted_at"))
    people = {person for _, person, _ in current}
    history: dict[int, list[tuple[dt.datetime, int]]] = defaultdict(list)
    start, end = period.bounds()
    earlier = (
        Referral.objects.exclude(status=Status.DRAFT)
        .filter(
            person_id__in=Subquery(_referrals(period, scope).values("person_id")),
            submitted_at__gte=_year_before(start),
            submitted_at__lt=end,
        )
        .order_by()
        .values_list("pk", "person_id", "submitted_at")
    )
    for pk, person, submitted in earlier.iterator(chunk_size=2000):
        if person in people and submitted is not None:
            history[person].append((submitted, pk))
    again = 0
    for pk, person, submitted in current:
        if submitted is None:  # pragma: no cover - a submitted referral has its time
            continue
        window = _year_before(submitted)
        if any(
            window <= other_at < submitted or (other_at == submitted and other_pk < pk)
            for other_at, other_pk in history[person]
            if other_pk != pk
        ):
            again += 1
    return len(current), again


def re_referrals(
    *, period: FinancialYear, scope: OversightScope, rule: DisclosureRule | None = None
) -> OversightTable:
    """``re_referral_counts`` with the rate: re-referrals / referrals made."""
    rule = rule or configured_rule()
    total, again = re_referral_counts(period=period, scope=scope)
    # Those referred for the first time are not shown, so no equation links the two.
    values: dict[Key, int] = {"total": total, "again": again}
    published = protect(values, [], rule).published
    rows = (
        Row("Referrals made", (_published(published, "total"),)),
        Row("Referred again within 12 months of an earlier referral", (_published(published, "again"),)),
        Row("Re-referral rate", (_rate(again, total, published, ("again", "total")),)),
    )
    return OversightTable(
        "re-referrals",
        "Re-referrals",
        "Measure",
        ("Figure",),
        rows,
        (
            *_notes(rule, any(row.cells[0].suppressed for row in rows)),
            "A re-referral: the person had another referral in the 12 months before this one, in any area. "
            "People merged in the index count as one person.",
        ),
    )


# 6. No further action at screening, by referring organisation and by sector ---------------------


def _screening_outcomes(period: FinancialYear, scope: OversightScope) -> list[tuple[int, str, str, str]]:
    """(organisation id, organisation name, sector code, outcome) of each referral made in the
    period with a screening decision made."""
    made = ScreeningDecision.objects.filter(referral=OuterRef("pk"), state=DecisionState.MADE).order_by(
        "-decided_at", "-pk"
    )
    rows = (
        _referrals(period, scope)
        .annotate(outcome=Subquery(made.values("outcome")[:1]))
        .filter(outcome__isnull=False)
        .order_by()
        .values_list("organisation_id", "organisation__name", "sector__code", "outcome")
    )
    return [(org, name, sector or "unknown", outcome) for org, name, sector, outcome in rows]


def _nfa_table(
    slug: str,
    title: str,
    heading: str,
    groups: Sequence[tuple[str, int, int]],
    rule: DisclosureRule,
    notes: tuple[str, ...],
) -> OversightTable:
    """Rows of (label, decided, no further action), with a total; the NFA and other-outcome
    counts form a grid whose margins are the decided counts, protected together."""
    matrix = [[nfa, decided - nfa] for _, decided, nfa in groups]
    keys: list[Key] = []
    values: dict[Key, int] = {}
    for r, (nfa, other) in enumerate(matrix):
        values[(r, "nfa")], values[(r, "other")], values[(r, "total")] = nfa, other, nfa + other
        keys += [(r, "nfa"), (r, "other"), (r, "total")]
    values[("total", "nfa")] = sum(row[0] for row in matrix)
    values[("total", "other")] = sum(row[1] for row in matrix)
    values[("total", "total")] = values[("total", "nfa")] + values[("total", "other")]
    rows_n = range(len(matrix))
    equations = [Equation((r, "total"), ((r, "nfa"), (r, "other"))) for r in rows_n]
    equations += [Equation(("total", c), tuple((r, c) for r in rows_n)) for c in ("nfa", "other")]
    equations.append(Equation(("total", "total"), (("total", "nfa"), ("total", "other"))))
    equations.append(Equation(("total", "total"), tuple((r, "total") for r in rows_n)))
    published = protect(values, equations, rule).published

    def row(r: Any, label: str, is_total: bool = False) -> Row:
        return Row(
            label,
            (
                _published(published, (r, "total")),
                _published(published, (r, "nfa")),
                _rate(values[(r, "nfa")], values[(r, "total")], published, ((r, "nfa"), (r, "total"))),
            ),
            is_total,
        )

    table_rows = (
        *tuple(row(r, label) for r, (label, _, _) in enumerate(groups)),
        row("total", "Total", True),
    )
    return OversightTable(
        slug,
        title,
        heading,
        ("Screening decisions made", "No further action", "No further action rate"),
        table_rows,
        _notes(rule, any(cell.suppressed for r in table_rows for cell in r.cells[:2])) + notes,
        chart_column=2,
    )


def _passes(count: int, rule: DisclosureRule) -> bool:
    return count == 0 or count >= rule.suppress_below


def nfa_by_organisation(
    *, period: FinancialYear, scope: OversightScope, rule: DisclosureRule | None = None
) -> OversightTable:
    """The no-further-action rate at screening by referring organisation (the over-referral
    signal): of the referrals made in the period with a screening decision made, the share whose
    decision is no further action. The referring organisation is ``Referral.organisation``.

    An organisation is named only when it has at least ``suppress_below`` decisions and neither
    its no-further-action count nor its other decisions are from 1 to ``suppress_below - 1``;
    the rest are added together as "Other organisations". Named organisations are in order of
    name (not of rate: this is not a ranking)."""
    rule = rule or configured_rule()
    decided: Counter[int] = Counter()
    nfa: Counter[int] = Counter()
    names: dict[int, str] = {}
    for org, name, _, outcome in _screening_outcomes(period, scope):
        names[org] = name
        decided[org] += 1
        nfa[org] += outcome == ScreeningOutcome.NO_FURTHER_ACTION
    shown = sorted(
        (
            org
            for org in decided
            if decided[org] >= rule.suppress_below
            and _passes(nfa[org], rule)
            and _passes(decided[org] - nfa[org], rule)
        ),
        key=lambda org: (names[org].casefold(), org),
    )
    groups = [(names[org], decided[org], nfa[org]) for org in shown]
    rest = [org for org in decided if org not in shown]
    if rest:
        groups.append((OTHER_ORGANISATIONS, sum(decided[org] for org in rest), sum(nfa[org] for org in rest)))
    return _nfa_table(
        "nfa-by-organisation",
        "No further action at screening, by referring organisation",
        "Referring organisation",
        groups,
        rule,
        (
            f"Organisations with fewer than {rule.suppress_below} decisions, or whose figures would "
            f"otherwise be suppressed, are counted together under '{OTHER_ORGANISATIONS}'. "
            "Organisations are in order of name.",
        ),
    )


def nfa_by_sector(
    *, period: FinancialYear, scope: OversightScope, rule: DisclosureRule | None = None
) -> OversightTable:
    """As ``nfa_by_organisation``, by the referral's sector (the national list, in its order;
    no sector counts as "Unknown"), every sector shown, with the suppression of ``protect``."""
    rule = rule or configured_rule()
    decided: Counter[str] = Counter()
    nfa: Counter[str] = Counter()
    for _, _, sector, outcome in _screening_outcomes(period, scope):
        decided[sector] += 1
        nfa[sector] += outcome == ScreeningOutcome.NO_FURTHER_ACTION
    sectors = list(ReferralSector.objects.order_by("order", "pk").values_list("code", "label"))
    known = {code for code, _ in sectors}
    groups = [(label, decided[code], nfa[code]) for code, label in sectors]
    stray = [code for code in decided if code not in known]
    if stray:
        groups.append(
            ("Other sectors no longer listed", sum(decided[c] for c in stray), sum(nfa[c] for c in stray))
        )
    return _nfa_table(
        "nfa-by-sector",
        "No further action at screening, by sector of referral",
        "Referral sector",
        groups,
        rule,
        (),
    )


# 7. Post-closure review compliance -------------------------------------------------------------


def post_closure_compliance(
    *,
    period: FinancialYear,
    scope: OversightScope,
    today: dt.date | None = None,
    rule: DisclosureRule | None = None,
) -> OversightTable:
    """Post-closure reviews due in the period (``due_on`` within it) and before ``today``, of
    cases in the scope: completed on time (``completed_at``, UK date, on or before ``due_on``),
    completed late, not completed. Compliance = on time / due."""
    rule = rule or configured_rule()
    today = today or timezone.localdate()
    reviews = (
        PostClosureReview.objects.filter(
            case__referral__local_authority__code__in=scope.codes,
            due_on__gte=period.first_day,
            due_on__lte=period.last_day,
            due_on__lt=today,
        )
        .order_by()
        .values_list("due_on", "completed_at")
    )
    counts: Counter[str] = Counter()
    for due_on, completed_at in reviews:
        if completed_at is None:
            counts["missing"] += 1
        elif timezone.localtime(completed_at).date() <= due_on:
            counts["on_time"] += 1
        else:
            counts["late"] += 1
    values: dict[Key, int] = {
        "on_time": counts["on_time"],
        "late": counts["late"],
        "missing": counts["missing"],
        "due": sum(counts.values()),
    }
    published = protect(values, [Equation("due", ("on_time", "late", "missing"))], rule).published
    rows = (
        Row("Completed by the due date", (_published(published, "on_time"),)),
        Row("Completed late", (_published(published, "late"),)),
        Row("Not completed", (_published(published, "missing"),)),
        Row("Reviews due", (_published(published, "due"),), True),
        Row(
            "Completed by the due date, as a share of those due",
            (_rate(values["on_time"], values["due"], published, ("on_time", "due")),),
        ),
    )
    return OversightTable(
        "post-closure",
        "Post-closure reviews due in the year",
        "Reviews",
        ("Figure",),
        rows,
        (
            *_notes(rule, any(row.cells[0].suppressed for row in rows)),
            "Reviews due in the year up to yesterday; 6, 12 or 24 months after exit.",
        ),
    )


# The dashboard --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dashboard:
    period: FinancialYear
    scope: OversightScope
    today: dt.date
    rule: DisclosureRule
    tables: tuple[OversightTable, ...]

    def table(self, slug: str) -> OversightTable:
        return next(table for table in self.tables if table.slug == slug)


def oversight_dashboard(
    *,
    period: FinancialYear,
    scope: OversightScope,
    today: dt.date | None = None,
    rule: DisclosureRule | None = None,
) -> Dashboard:
    """Every oversight table for the period and scope, disclosure-controlled."""
    rule = rule or configured_rule()
    today = today or timezone.localdate()
    return Dashboard(
        period=period,
        scope=scope,
        today=today,
        rule=rule,
        tables=(
            journey_funnel(period=period, scope=scope, rule=rule),
            time_in_stage(period=period, scope=scope, rule=rule),
            overdue(scope=scope, today=today, rule=rule),
            sessions_delivered(period=period, scope=scope, today=today, rule=rule),
            re_referrals(period=period, scope=scope, rule=rule),
            nfa_by_organisation(period=period, scope=scope, rule=rule),
            nfa_by_sector(period=period, scope=scope, rule=rule),
            post_closure_compliance(period=period, scope=scope, today=today, rule=rule),
        ),
    )


__all__ = [
    "OVERSIGHT_READERS",
    "Dashboard",
    "OversightScope",
    "oversight_areas_for",
    "oversight_dashboard",
]
