"""Synthetic case history for the casework benchmark: referrals at every stage of the journey,
Channel cases with information requests, panels and meetings with agendas, interventions with
sessions, post-closure reviews, and each referral's timeline. Bulk-inserted in batches, with
primary keys given, so a million referrals take minutes, not hours.

Everything is fictional (names from Faker en_GB, seeded) and every referral is marked with a
``PRV-B`` reference so it can never be mistaken for a real one.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from faker import Faker

from cornerstone.accounts.models import Organisation, User
from cornerstone.accounts.roles import OrganisationType, Role
from cornerstone.channel.models import ChannelCase, ExitReason, InformationRequest, PostClosureReview
from cornerstone.demo.generator import DemoWorld
from cornerstone.geography.models import LocalAuthority
from cornerstone.panels.models import AgendaItem, AgendaSection, Meeting, MeetingState, Panel
from cornerstone.people.models import NameKind, Person, PersonName
from cornerstone.referrals.models import ConcernTaxonomy, ConcernType, Referral, ReferralSector, TimelineEntry
from cornerstone.referrals.workflow import Status
from cornerstone.screening.models import DecisionState, ScreeningDecision, ScreeningOutcome
from cornerstone.support.models import Intervention, InterventionSession, InterventionType, SessionStatus

BATCH = 10_000
YEARS_OF_HISTORY = 6

# How referrals that never reach Channel end up (fractions of those referrals).
SCREENING_SPREAD: tuple[tuple[str, float], ...] = (
    (Status.SUBMITTED, 0.004),
    (Status.IN_SCREENING, 0.004),
    (Status.AWAITING_APPROVAL, 0.001),
    (Status.POLICE_MANAGED, 0.03),
    (Status.CLOSED, 0.961),
)
# Where Channel cases are now. Six years of history is mostly long closed: a few percent are
# open at any time (nationally some 1,000 to 1,500 people are supported through Channel at once).
CHANNEL_SPREAD: tuple[tuple[str, float], ...] = (
    (Status.WITH_CHANNEL, 0.005),
    (Status.INFORMATION_GATHERING, 0.01),
    (Status.LISTED, 0.01),
    (Status.AWAITING_CONSENT, 0.005),
    (Status.CONSENT_DECLINED, 0.005),
    (Status.SUPPORT, 0.04),
    (Status.POST_CLOSURE, 0.06),
    (Status.CLOSED, 0.865),
)
# The share of referrals made in the demo council's own areas, so the demo's coordinator, chair,
# panel and intervention provider have a history of their own: 1% is about three times an
# average authority's share (there are 318), a busy area. The rest spread over every area.
HOME_SHARE = 0.01
ADOPTED = {Status.AWAITING_CONSENT, Status.CONSENT_DECLINED, Status.SUPPORT, Status.POST_CLOSURE}


@dataclass
class Context:
    rng: random.Random
    now: dt.datetime
    world: DemoWorld
    areas: list[LocalAuthority]
    home_areas: list[LocalAuthority]
    home_share: float
    unit_for_area: dict[int, int]
    council_for_area: dict[int, int]
    panel_for_council: dict[int, int]
    referrer: User
    coordinator: User
    provider: Organisation
    provider_owner: User
    partner: Organisation
    concern_ids: list[int]
    sector_ids: list[int]
    taxonomy_id: int
    given_names: list[str]
    family_names: list[str]


def _pick(rng: random.Random, spread: tuple[tuple[str, float], ...]) -> str:
    roll, total = rng.random(), 0.0
    for value, share in spread:
        total += share
        if roll < total:
            return value
    return spread[-1][0]


def _organisations(world: DemoWorld) -> tuple[dict[int, int], dict[int, int]]:
    """One CT policing unit per Prevent region and one council per local authority (the demo
    organisations where they exist), so every area's work reaches its own people."""
    areas = list(LocalAuthority.objects.select_related("police_force_area__prevent_region"))
    demo_unit = world.organisations["ctp"]
    region_units: dict[int, int] = {}
    for region_id in demo_unit.prevent_regions.values_list("pk", flat=True):
        region_units[region_id] = demo_unit.pk
    council_for_area: dict[int, int] = {}
    for key in ("warrington", "halton"):
        for area_id in world.organisations[key].local_authorities.values_list("pk", flat=True):
            council_for_area[area_id] = world.organisations[key].pk
    for area in areas:
        region = area.police_force_area.prevent_region
        if region.pk not in region_units:
            unit, _ = Organisation.objects.get_or_create(
                name=f"Counter Terrorism Policing {region.name} (bench)",
                defaults={"type": OrganisationType.CT_POLICING_UNIT},
            )
            unit.prevent_regions.add(region)
            region_units[region.pk] = unit.pk
        if area.pk not in council_for_area:
            council, _ = Organisation.objects.get_or_create(
                name=f"{area.name} Council ({area.code}, bench)",
                defaults={"type": OrganisationType.LOCAL_AUTHORITY},
            )
            council.local_authorities.add(area)
            council_for_area[area.pk] = council.pk
    unit_for_area = {area.pk: region_units[area.police_force_area.prevent_region_id] for area in areas}
    return unit_for_area, council_for_area


def _panels(council_ids: set[int], world: DemoWorld) -> dict[int, int]:
    panels = {}
    for council_id in council_ids:
        panel, _ = Panel.objects.get_or_create(
            organisation_id=council_id, defaults={"name": f"Channel panel {council_id}"}
        )
        panels[council_id] = panel.pk
    return panels


def _meeting_for(ctx: Context, council_id: int, when: dt.datetime, cache: dict[tuple[int, str], int]) -> int:
    """The panel's meeting in the month of ``when`` (first Tuesday-ish), made once."""
    key = (council_id, when.strftime("%Y-%m"))
    if key not in cache:
        starts = when.replace(day=5, hour=10, minute=0, second=0, microsecond=0)
        meeting = Meeting.objects.create(
            panel_id=ctx.panel_for_council[council_id],
            starts_at=starts,
            state=MeetingState.CLOSED if starts < ctx.now else MeetingState.PLANNED,
            created_by=ctx.coordinator,
            agenda_published_at=starts - dt.timedelta(days=7) if starts < ctx.now else None,
            closed_at=starts + dt.timedelta(days=2) if starts < ctx.now else None,
        )
        cache[key] = meeting.pk
    return cache[key]


def _timeline(referral_id: int, at: dt.datetime, kind: str, title: str, who: str) -> TimelineEntry:
    return TimelineEntry(referral_id=referral_id, occurred_at=at, kind=kind, title=title, actor_label=who)


def build(
    world: DemoWorld, *, referrals: int, channel_cases: int, seed: int, home_share: float = HOME_SHARE
) -> None:
    """Insert ``referrals`` referrals (``channel_cases`` of them progressed to Channel) with
    their whole history. Referral and person primary keys continue after the existing ones."""
    fake = Faker("en_GB")
    fake.seed_instance(seed)
    rng = random.Random(seed)
    unit_for_area, council_for_area = _organisations(world)
    taxonomy = ConcernTaxonomy.objects.get(is_current=True)
    provider = world.organisations["mentoring"]
    ctx = Context(
        rng=rng,
        now=timezone.now(),
        world=world,
        areas=list(LocalAuthority.objects.all()),
        home_areas=list(world.organisations["warrington"].local_authorities.all()),
        home_share=home_share,
        unit_for_area=unit_for_area,
        council_for_area=council_for_area,
        panel_for_council=_panels(set(council_for_area.values()), world),
        referrer=world.users_by_role[Role.REFERRER],
        coordinator=world.users_by_role[Role.CHANNEL_COORDINATOR],
        provider=provider,
        provider_owner=world.users_by_role[Role.INTERVENTION_PROVIDER],
        partner=world.organisations["health"],
        concern_ids=list(ConcernType.objects.filter(taxonomy=taxonomy).values_list("pk", flat=True)),
        sector_ids=list(ReferralSector.objects.values_list("pk", flat=True)),
        taxonomy_id=taxonomy.pk,
        given_names=sorted({fake.first_name() for _ in range(2000)}),
        family_names=sorted({fake.last_name() for _ in range(2000)}),
    )
    people = max(1, int(referrals * 0.85))
    first_person = (Person.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
    first_referral = (Referral.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
    _people(ctx, first_person, people)
    progressed = set(rng.sample(range(referrals), channel_cases))
    meetings: dict[tuple[int, str], int] = {}
    for start in range(0, referrals, BATCH):
        with transaction.atomic():
            _referral_batch(
                ctx,
                first_referral,
                first_person,
                people,
                start,
                min(referrals, start + BATCH),
                progressed,
                meetings,
            )


def _people(ctx: Context, first: int, count: int) -> None:
    for start in range(0, count, BATCH):
        batch = range(first + start, first + min(count, start + BATCH))
        Person.objects.bulk_create(
            Person(
                pk=pk,
                reference=f"PER-B{pk:08d}",
                date_of_birth=dt.date(1950, 1, 1) + dt.timedelta(days=ctx.rng.randrange(365 * 62)),
            )
            for pk in batch
        )
        PersonName.objects.bulk_create(
            PersonName(
                person_id=pk,
                kind=NameKind.PRIMARY,
                given_names=ctx.rng.choice(ctx.given_names),
                family_name=ctx.rng.choice(ctx.family_names),
            )
            for pk in batch
        )


def _days_ago(ctx: Context, low: int, high: int) -> dt.datetime:
    return ctx.now - dt.timedelta(days=ctx.rng.uniform(low, high))


def _referral_batch(
    ctx: Context,
    first_referral: int,
    first_person: int,
    people: int,
    start: int,
    stop: int,
    progressed: set[int],
    meetings: dict[tuple[int, str], int],
) -> None:
    rng = ctx.rng
    referral_rows, timeline, decisions, cases, requests = [], [], [], [], []
    items, interventions, sessions, reviews = [], [], [], []
    membership = ctx.world.memberships_by_role[Role.REFERRER]
    officer = ctx.world.users_by_role[Role.POLICE_PREVENT_OFFICER]
    for index in range(start, stop):
        pk = first_referral + index
        person = first_person + (index if index < people else rng.randrange(people))
        area = rng.choice(ctx.home_areas if rng.random() < ctx.home_share else ctx.areas)
        in_channel = index in progressed
        status = _pick(rng, CHANNEL_SPREAD if in_channel else SCREENING_SPREAD)
        if status == Status.SUBMITTED:
            submitted = _days_ago(ctx, 0, 5)
        elif status in (Status.IN_SCREENING, Status.AWAITING_APPROVAL, Status.WITH_CHANNEL):
            submitted = _days_ago(ctx, 2, 30)
        elif status in (Status.INFORMATION_GATHERING, Status.LISTED, Status.AWAITING_CONSENT):
            submitted = _days_ago(ctx, 20, 90)
        elif status in (Status.SUPPORT, Status.CONSENT_DECLINED):
            submitted = _days_ago(ctx, 60, 400)
        elif status == Status.POST_CLOSURE:
            submitted = _days_ago(ctx, 250, 700)
        else:
            submitted = _days_ago(ctx, 30, 365 * YEARS_OF_HISTORY)
        receipt = submitted + dt.timedelta(hours=rng.uniform(1, 48)) if status != Status.SUBMITTED else None
        referral_rows.append(
            Referral(
                pk=pk,
                reference=f"PRV-B{pk:08d}",
                status=status,
                created_by=ctx.referrer,
                created_by_membership=membership,
                organisation_id=membership.organisation_id,
                taxonomy_id=ctx.taxonomy_id,
                local_authority_id=area.pk,
                concern_type_id=rng.choice(ctx.concern_ids),
                sector_id=rng.choice(ctx.sector_ids),
                person_id=person,
                routed_to_id=ctx.unit_for_area[area.pk],
                created_at=submitted - dt.timedelta(hours=1),
                updated_at=receipt or submitted,
                submitted_at=submitted,
                arrived_at=submitted,
                receipt_recorded_at=receipt,
            )
        )
        timeline.append(_timeline(pk, submitted, "submit", "Referral submitted", ctx.referrer.full_name))
        if receipt is None:
            continue
        timeline.append(_timeline(pk, receipt, "record_receipt", "Receipt recorded", officer.full_name))
        if status in (Status.IN_SCREENING, Status.AWAITING_APPROVAL):
            continue
        decided = receipt + dt.timedelta(days=rng.uniform(1, 10))
        outcome = (
            ScreeningOutcome.PROGRESSED
            if in_channel
            else ScreeningOutcome.POLICE_MANAGED
            if status == Status.POLICE_MANAGED
            else rng.choice([ScreeningOutcome.NO_FURTHER_ACTION, ScreeningOutcome.SIGNPOSTED])
        )
        decisions.append(
            ScreeningDecision(
                referral_id=pk,
                outcome=outcome,
                state=DecisionState.MADE,
                rationale="Synthetic rationale for the benchmark.",
                signposted_to="Early help (bench)" if outcome == ScreeningOutcome.SIGNPOSTED else "",
                passed_on="Referral summary" if outcome == ScreeningOutcome.SIGNPOSTED else "",
                decided_by=officer,
                decided_at=decided,
            )
        )
        timeline.append(
            _timeline(pk, decided, "decision", ScreeningOutcome(outcome).label, officer.full_name)
        )
        if not in_channel:
            continue
        _channel_history(
            ctx,
            pk,
            area,
            status,
            decided,
            cases,
            requests,
            items,
            interventions,
            sessions,
            reviews,
            timeline,
            meetings,
        )
    Referral.objects.bulk_create(referral_rows)
    ScreeningDecision.objects.bulk_create(decisions)
    ChannelCase.objects.bulk_create(cases)
    case_ids = dict(
        ChannelCase.objects.filter(referral_id__in=[c.referral_id for c in cases]).values_list(
            "referral_id", "pk"
        )
    )
    for row in (*requests, *reviews, *interventions):
        row.case_id = case_ids[row.case_id]  # the referral's pk stood in for the case's
    InformationRequest.objects.bulk_create(requests)
    PostClosureReview.objects.bulk_create(reviews)
    AgendaItem.objects.bulk_create(items, ignore_conflicts=True)
    Intervention.objects.bulk_create(interventions)
    intervention_ids = [row.pk for row in interventions]
    if intervention_ids and intervention_ids[0] is None:  # SQLite before 3.35 gives no ids back
        intervention_ids = list(
            Intervention.objects.order_by("-pk").values_list("pk", flat=True)[: len(interventions)]
        )[::-1]
    for session in sessions:
        session.intervention_id = intervention_ids[session.intervention_id]
    InterventionSession.objects.bulk_create(sessions)
    TimelineEntry.objects.bulk_create(timeline)


def _channel_history(
    ctx: Context,
    pk: int,
    area: LocalAuthority,
    status: str,
    decided: dt.datetime,
    cases: list[ChannelCase],
    requests: list[InformationRequest],
    items: list[AgendaItem],
    interventions: list[Intervention],
    sessions: list[InterventionSession],
    reviews: list[PostClosureReview],
    timeline: list[TimelineEntry],
    meetings: dict[tuple[int, str], int],
) -> None:
    rng, who = ctx.rng, ctx.coordinator.full_name
    accepted = decided + dt.timedelta(days=rng.uniform(1, 5)) if status != Status.WITH_CHANNEL else None
    listed_at = accepted + dt.timedelta(days=rng.uniform(5, 20)) if accepted else None
    reached_panel = status not in (Status.WITH_CHANNEL, Status.INFORMATION_GATHERING, Status.LISTED)
    adopted = status in ADOPTED or (status == Status.CLOSED and rng.random() < 0.6)
    adopted_at = (
        listed_at + dt.timedelta(days=rng.uniform(5, 30))
        if (listed_at and adopted and reached_panel)
        else None
    )
    exited = None
    if status in (Status.POST_CLOSURE, Status.CLOSED) and adopted_at:
        exited = min(ctx.now - dt.timedelta(days=1), adopted_at + dt.timedelta(days=rng.uniform(90, 300)))
    cases.append(
        ChannelCase(
            referral_id=pk,
            local_authority_id=area.pk,
            progressed_at=decided,
            coordinator=ctx.coordinator if accepted else None,
            accepted_at=accepted,
            adopted_at=adopted_at,
            exit_reason=ExitReason.RISK_REDUCED if exited else "",
            exited_at=exited,
        )
    )
    timeline.append(
        _timeline(pk, decided + dt.timedelta(minutes=1), "progress", "Progressed to Channel", who)
    )
    if not accepted:
        return
    timeline.append(_timeline(pk, accepted, "accept_case", "Picked up by the Channel coordinator", who))
    requests.append(
        InformationRequest(
            case_id=pk,  # replaced by the case's pk once the cases are inserted
            organisation=ctx.partner,
            question="What support does the person receive from your service? (bench)",
            due_on=(accepted + dt.timedelta(days=10)).date(),
            sent_by=ctx.coordinator,
            sent_at=accepted,
            answer="Synthetic answer (bench)." if status != Status.INFORMATION_GATHERING else "",
            answered_by=ctx.coordinator if status != Status.INFORMATION_GATHERING else None,
            answered_at=accepted + dt.timedelta(days=5) if status != Status.INFORMATION_GATHERING else None,
        )
    )
    if status == Status.INFORMATION_GATHERING or listed_at is None:
        return
    timeline.append(_timeline(pk, listed_at, "list_for_panel", "Listed for a panel", who))
    council = ctx.council_for_area[area.pk]
    if not reached_panel:
        return
    first_panel = listed_at + dt.timedelta(days=rng.uniform(3, 25))
    items.append(
        AgendaItem(
            meeting_id=_meeting_for(ctx, council, first_panel, meetings),
            referral_id=pk,
            section=AgendaSection.NEW,
            decision="adopt" if adopted_at else "not_adopt",
            reasons="Synthetic reasons (bench).",
            decided_by=ctx.coordinator,
            decided_at=first_panel,
        )
    )
    timeline.append(_timeline(pk, first_panel, "adopt" if adopted_at else "not_adopt", "Panel decision", who))
    if not adopted_at:
        return
    support_from = adopted_at + dt.timedelta(days=7)
    timeline.append(_timeline(pk, support_from, "consent_given", "Consent given", who))
    support_until = exited or ctx.now
    month = support_from + dt.timedelta(days=30)
    while month < support_until and month < ctx.now - dt.timedelta(days=1):
        items.append(
            AgendaItem(
                meeting_id=_meeting_for(ctx, council, month, meetings),
                referral_id=pk,
                section=AgendaSection.OPEN_REVIEW,
                decision="review",
                reasons="Reviewed (bench).",
                decided_by=ctx.coordinator,
                decided_at=month,
            )
        )
        month += dt.timedelta(days=30)
    for kind in rng.sample(
        [InterventionType.MENTORING, InterventionType.EDUCATION, InterventionType.FAMILY_SUPPORT], 2
    ):
        position = len(interventions)
        # The demo provider works in the demo council's areas; elsewhere the council provides.
        home = area in ctx.home_areas
        intervention = Intervention(
            case_id=pk,
            type=kind,
            provider_id=ctx.provider.pk if home else ctx.council_for_area[area.pk],
            owner=ctx.provider_owner if home else ctx.coordinator,
            frequency_days=14,
            starts_on=support_from.date(),
            ended_at=exited,
            created_by=ctx.coordinator,
            created_at=support_from,
        )
        interventions.append(intervention)
        day = support_from
        # Most interventions keep going; one in ten peters out after a few sessions.
        stop_after = rng.randrange(2, 5) if rng.random() < 0.1 else 10_000
        count = 0
        while day < support_until and count < stop_after:
            delivered = rng.random() < 0.85
            sessions.append(
                InterventionSession(
                    intervention_id=position,  # replaced by the intervention's pk once inserted
                    held_on=day.date(),
                    status=SessionStatus.DELIVERED if delivered else SessionStatus.MISSED,
                    logged_by=ctx.provider_owner,
                    logged_at=day,
                )
            )
            if delivered:
                intervention.last_delivered_on = day.date()  # what session_log keeps
            day += dt.timedelta(days=rng.uniform(10, 16))
            count += 1
    if exited:
        timeline.append(_timeline(pk, exited, "exit", "Exited Channel", who))
        for months in (6, 12):
            due = (exited + dt.timedelta(days=30 * months)).date()
            done = status == Status.CLOSED
            reviews.append(
                PostClosureReview(
                    case_id=pk,
                    months=months,
                    due_on=due,
                    completed_at=dt.datetime.combine(due, dt.time(10), tzinfo=dt.UTC) if done else None,
                    outcome="No further concerns (bench)" if done else "",
                )
            )


def sample_ids(status: str, *, area_ids: list[int], limit: int) -> Iterator[int]:
    """Referrals of the benchmark in a state and set of areas, for requesting their pages."""
    yield from (
        Referral.objects.filter(status=status, local_authority_id__in=area_ids, reference__startswith="PRV-B")
        .values_list("pk", flat=True)
        .order_by("?")[:limit]
    )
