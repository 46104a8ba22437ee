"""A small, hand-counted world for the oversight dashboard tests.

Rows are made directly, as ``fixtures.py`` does for the national return (the referrals,
screening, Channel, panel and support apps test their own services). Timeline entries carry the
step names the services write (``submit``, ``record_receipt``, the transition actions), in UTC so
that the hand-counted durations are whole days whatever the clocks do.

The expected figures are in ``test_oversight.py``, counted by hand from what ``build`` makes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from cornerstone.accounts.models import Organisation
from cornerstone.accounts.roles import Role
from cornerstone.channel.models import ChannelCase, InformationRequest, PostClosureReview
from cornerstone.demo.generator import DemoWorld
from cornerstone.geography.models import LocalAuthority
from cornerstone.panels.models import AgendaItem, AgendaSection, Meeting, Panel, PanelAction
from cornerstone.people.models import Person
from cornerstone.referrals.models import ConcernTaxonomy, Referral, ReferralSector, TimelineEntry
from cornerstone.referrals.workflow import Status
from cornerstone.screening.models import DecisionState, ScreeningDecision
from cornerstone.support.models import Intervention, InterventionSession, SessionStatus

UTC = dt.UTC
TODAY = dt.date(2026, 3, 1)


def at(year: int, month: int, day: int, hour: int = 9) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=UTC)


@dataclass
class Builder:
    world: DemoWorld
    made: dict[str, Referral] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)

    def person(self, key: str) -> Person:
        if key not in self.people:
            self.people[key] = Person.objects.create(reference=f"OVS-{key}")
        return self.people[key]

    def referral(
        self,
        key: str,
        submitted: dt.datetime | None,
        *,
        la: str = "WRT",
        person: str = "",
        status: str = Status.SUBMITTED,
        organisation: str = "secondary",
        sector: str | None = "education",
        received: dt.datetime | None = None,
        outcome: str = "",
    ) -> Referral:
        membership = self.world.memberships_by_role[Role.REFERRER]
        draft = submitted is None
        referral = Referral.objects.create(
            reference=None if draft else f"OVS-R{key}",
            status=Status.DRAFT if draft else status,
            created_by=membership.user,
            created_by_membership=membership,
            organisation=self.world.organisations[organisation],
            taxonomy=ConcernTaxonomy.objects.get(is_current=True),
            sector=ReferralSector.objects.get(code=sector) if sector else None,
            local_authority=LocalAuthority.objects.get(code=la),
            person=None if draft else self.person(person or key),
            submitted_at=submitted,
            receipt_recorded_at=received,
            created_at=submitted or at(2025, 9, 1),
        )
        if outcome:
            ScreeningDecision.objects.create(
                referral=referral,
                outcome=outcome,
                state=DecisionState.MADE,
                rationale="Test rationale",
                signposted_to="Early help" if outcome == "signposted" else "",
                decided_by=self.world.users_by_role[Role.POLICE_PREVENT_OFFICER],
            )
        self.made[key] = referral
        return referral

    def steps(self, key: str, *steps: tuple[str, dt.datetime]) -> None:
        for kind, when in steps:
            TimelineEntry.objects.create(
                referral=self.made[key], kind=kind, title=kind, occurred_at=when, actor_label="Test"
            )

    def case(self, key: str, **dates: dt.datetime | None) -> ChannelCase:
        referral = self.made[key]
        return ChannelCase.objects.create(
            referral=referral,
            local_authority=referral.local_authority,
            progressed_at=dates.pop("progressed_at", None) or referral.submitted_at or at(2025, 1, 1),
            **dates,
        )


def organisation(world: DemoWorld, key: str) -> Organisation:
    return world.organisations[key]


def build(world: DemoWorld) -> Builder:
    """The world ``test_oversight`` counts: Warrington (WRT) referrals in 2025-26 and around it,
    with a Halton (HAL) referral or two that must never count in a Warrington scope."""
    b = Builder(world)
    coordinator = world.users_by_role[Role.CHANNEL_COORDINATOR]
    # R1: screened out (no further action): 1 day to receipt, 3 days to the decision.
    b.referral(
        "1", at(2025, 5, 1), status=Status.CLOSED, received=at(2025, 5, 2), outcome="no_further_action"
    )
    b.steps(
        "1",
        ("submit", at(2025, 5, 1)),
        ("record_receipt", at(2025, 5, 2)),
        ("no_further_action", at(2025, 5, 5)),
    )
    # R2: the whole journey, to exit.
    b.referral("2", at(2025, 6, 1), status=Status.POST_CLOSURE, received=at(2025, 6, 3), outcome="progressed")
    b.steps(
        "2",
        ("submit", at(2025, 6, 1)),
        ("record_receipt", at(2025, 6, 3)),
        ("progress_to_channel", at(2025, 6, 13)),
        ("accept_case", at(2025, 6, 14)),
        ("list_for_panel", at(2025, 6, 24)),
        ("defer", at(2025, 6, 30)),
        ("adopt", at(2025, 7, 4)),
        ("consent_given", at(2025, 7, 11)),
        ("exit", at(2025, 12, 11)),
    )
    case2 = b.case(
        "2",
        progressed_at=at(2025, 6, 13),
        accepted_at=at(2025, 6, 14),
        adopted_at=at(2025, 7, 4),
        exited_at=at(2025, 12, 11),
    )
    panel = Panel.objects.create(organisation=world.organisations["warrington"], name="Oversight test panel")
    meeting = Meeting.objects.create(panel=panel, starts_at=at(2025, 7, 4), created_by=coordinator)
    item = AgendaItem.objects.create(
        meeting=meeting, referral=b.made["2"], section=AgendaSection.NEW, decision="adopt", reasons="Reasons"
    )
    # R3: never received: overdue for screening on TODAY.
    b.referral("3", at(2025, 7, 1))
    # R4: Halton, never counts for Warrington.
    b.referral("4", at(2025, 7, 1), la="HAL", outcome="no_further_action", status=Status.CLOSED)
    # R5 (Halton, 2024) and R6 (Warrington, 2025): the same person, less than 12 months apart.
    b.referral("5", at(2024, 6, 1), la="HAL", person="P5", status=Status.CLOSED)
    b.referral(
        "6",
        at(2025, 5, 20),
        person="P5",
        status=Status.CLOSED,
        received=at(2025, 5, 21),
        outcome="no_further_action",
    )
    # R8 (2024) and R7 (2025): the same person, a day more than 12 months apart.
    b.referral("8", at(2024, 7, 31), person="P7", status=Status.CLOSED)
    b.referral(
        "7",
        at(2025, 8, 1),
        person="P7",
        status=Status.CLOSED,
        organisation="health",
        sector="health",
        received=at(2025, 8, 2),
        outcome="signposted",
    )
    # R9: a draft never counts.
    b.referral("9", None)
    # R10 and R11: two records merged into one person (merging moves the referrals' person).
    b.referral("10", at(2025, 9, 1), person="P10")
    b.referral("11", at(2025, 10, 1), person="P10")
    # R12: submitted in 2024-25, received in 2025-26 after 4 days: its wait counts in 2025-26.
    b.referral("12", at(2025, 3, 30), status=Status.CLOSED, received=at(2025, 4, 3))
    b.steps("12", ("submit", at(2025, 3, 30)), ("record_receipt", at(2025, 4, 3)))
    # R13: being screened, but within the 28 days on TODAY.
    b.referral("13", at(2026, 2, 20), status=Status.IN_SCREENING)
    # R14 (post-closure) and R15 (closed): Channel cases from earlier years with reviews.
    b.referral("14", at(2024, 1, 10), status=Status.POST_CLOSURE)
    case14 = b.case("14", exited_at=at(2025, 1, 15))
    b.referral("15", at(2024, 2, 10), status=Status.CLOSED)
    case15 = b.case("15", exited_at=at(2025, 3, 1))
    # R16: in support now (from 2025-01).
    b.referral("16", at(2025, 1, 10), status=Status.SUPPORT)
    case16 = b.case("16")
    # R17: Halton, in support: its intervention never counts for Warrington.
    b.referral("17", at(2025, 1, 10), la="HAL", status=Status.SUPPORT)
    case17 = b.case("17")

    # Information requests on R2's case: one overdue; answered, not yet due and withdrawn are not.
    health = world.organisations["health"]
    for due, answered, withdrawn in (
        (dt.date(2026, 2, 1), None, None),
        (dt.date(2026, 2, 1), at(2026, 1, 20), None),
        (dt.date(2026, 3, 5), None, None),
        (dt.date(2026, 1, 1), None, at(2025, 12, 20)),
    ):
        InformationRequest.objects.create(
            case=case2,
            organisation=health,
            question="Anything known?",
            due_on=due,
            sent_by=coordinator,
            answer="Nothing known" if answered else "",
            answered_at=answered,
            withdrawn_at=withdrawn,
        )
    # Panel actions on R2's item: one overdue; done and not yet due are not.
    for due, completed in (
        (dt.date(2026, 2, 1), None),
        (dt.date(2026, 2, 1), at(2026, 2, 2)),
        (dt.date(2026, 4, 1), None),
    ):
        PanelAction.objects.create(
            item=item, description="Do it", owner=coordinator, due_on=due, completed_at=completed
        )
    # Post-closure reviews: R14 on time, then overdue; R15 late, then not done (case closed, so
    # not "overdue" today, but not compliant either); one not yet due; one in Halton.
    PostClosureReview.objects.create(
        case=case14, months=6, due_on=dt.date(2025, 7, 15), completed_at=at(2025, 7, 10)
    )
    PostClosureReview.objects.create(case=case14, months=12, due_on=dt.date(2026, 1, 15))
    PostClosureReview.objects.create(
        case=case15, months=6, due_on=dt.date(2025, 9, 1), completed_at=at(2025, 9, 20)
    )
    PostClosureReview.objects.create(case=case15, months=12, due_on=dt.date(2026, 2, 10))
    PostClosureReview.objects.create(case=case2, months=6, due_on=dt.date(2026, 6, 11))
    PostClosureReview.objects.create(case=case17, months=6, due_on=dt.date(2025, 10, 1))

    # Interventions.
    provider = world.organisations["mentoring"]
    owner = world.users_by_role[Role.INTERVENTION_PROVIDER]

    def intervention(
        case: ChannelCase, kind: str, every: int, starts: dt.date, **extra: object
    ) -> Intervention:
        return Intervention.objects.create(
            case=case,
            type=kind,
            provider=provider,
            owner=owner,
            frequency_days=every,
            starts_on=starts,
            created_by=coordinator,
            **extra,
        )

    def sessions(target: Intervention, *held: tuple[dt.date, str]) -> None:
        for day, status in held:
            InterventionSession.objects.create(
                intervention=target, held_on=day, status=status, logged_by=owner
            )

    delivered, missed = SessionStatus.DELIVERED, SessionStatus.MISSED
    # Weekly mentoring since 1 April 2025, last delivered 1 January 2026: drifting on TODAY.
    # 1 April 2025 to 1 March 2026 is 335 days: 47 weeks planned; 3 delivered, 1 missed.
    weekly = intervention(case16, "mentoring", 7, dt.date(2025, 4, 1), last_delivered_on=dt.date(2026, 1, 1))
    sessions(
        weekly,
        (dt.date(2025, 4, 8), delivered),
        (dt.date(2025, 4, 15), delivered),
        (dt.date(2025, 4, 22), missed),
        (dt.date(2026, 1, 1), delivered),
    )
    # Fortnightly education from 20 February 2026: 10 days to TODAY, none planned yet; not drifting.
    intervention(case16, "education", 14, dt.date(2026, 2, 20))
    # Monthly mentoring from January 2025, ended 30 June 2025: 1 April to 30 June is 91 days,
    # 3 planned in the year; 2 delivered in it (the February one was in 2024-25).
    monthly = intervention(
        case14,
        "mentoring",
        30,
        dt.date(2025, 1, 1),
        ended_at=at(2025, 6, 30),
        last_delivered_on=dt.date(2025, 5, 15),
    )
    sessions(
        monthly,
        (dt.date(2025, 2, 1), delivered),
        (dt.date(2025, 4, 15), delivered),
        (dt.date(2025, 5, 15), delivered),
    )
    # Halton: never counts for Warrington (and drifting there).
    halton = intervention(case17, "mentoring", 7, dt.date(2025, 4, 1))
    sessions(halton, (dt.date(2025, 5, 1), delivered))
    return b
