"""Demo cases at every stage of the journey, made through the services as the people would.

On top of ``seed_demo_referrals`` (new referrals in the queue, one person referred twice) this
adds: one referral at each screening outcome, one being screened, a case waiting for the
Channel coordinator, one gathering information, two listed for next week's panel, adopted cases
with support plans and sessions (one drifting), a declined consent, closed cases due their 6- and
12-month reviews, and the person referred three times.

Every decision is taken at one of today's panel meetings (adoptions this morning, exits this
afternoon), so the services' guards (quorum, consent, assessments) all apply. Only the dates of
exits meant to have happened months ago are moved back afterwards, with the reviews they
schedule: the services stamp "now", and a demo needs history.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from faker import Faker

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.assessments.demo import seed_demo_assessment
from cornerstone.assessments.models import AssessmentKind
from cornerstone.channel import services as channel
from cornerstone.channel.demo import seed_demo_channel
from cornerstone.channel.models import (
    ChannelCase,
    ConsentDecision,
    ConsentMethod,
    ExitReason,
    PostClosureReview,
)
from cornerstone.demo.generator import DemoWorld
from cornerstone.panels import services as panels
from cornerstone.panels.models import AgendaItem, AttendanceRole, Meeting, Panel
from cornerstone.people.services import person_merge
from cornerstone.referrals import services as referrals
from cornerstone.referrals.demo import CONCERNS, write_referral
from cornerstone.referrals.models import Referral
from cornerstone.referrals.synthetic import synthetic_answers
from cornerstone.screening import services as screening
from cornerstone.screening.models import DeconflictionOutcome, ScreeningOutcome
from cornerstone.support.demo import seed_demo_support

PANEL_NAME = "Warrington Channel panel (demo)"


class Demo:
    def __init__(self, world: DemoWorld, seed: int) -> None:
        self.world = world
        self.fake = Faker("en_GB")
        self.fake.seed_instance(seed + 4)
        self.now = timezone.now()
        self.today = timezone.localdate()

    def actor(self, role: str) -> Actor:
        return Actor.for_membership(self.world.memberships_by_role[role])

    @property
    def officer(self) -> Actor:
        return self.actor(Role.POLICE_PREVENT_OFFICER)

    @property
    def coordinator(self) -> Actor:
        return self.actor(Role.CHANNEL_COORDINATOR)

    @property
    def chair(self) -> Actor:
        return self.actor(Role.PANEL_CHAIR)

    def refer(
        self, *, concern: tuple[str, str], days_ago: float, age: int, la: str = "WRT", **names: str
    ) -> Referral:
        born = dt.date(self.today.year - age, self.fake.random_int(1, 12), self.fake.random_int(1, 28))
        answers = synthetic_answers(
            self.fake,
            given=names.get("given") or self.fake.first_name(),
            family=names.get("family") or self.fake.last_name(),
            born=names.get("born") or born,  # type: ignore[arg-type]
            concern=concern,
            la=la,
        )
        referrer = self.world.memberships_by_role[Role.REFERRER]
        draft = write_referral(referrer, answers)
        return referrals.referral_submit(
            actor=Actor.for_membership(referrer),
            referral_id=draft.pk,
            now=self.now - dt.timedelta(days=days_ago),
        ).referral

    def screen(
        self, referral: Referral, outcome: str, signposted_to: str = "", passed_on: str = ""
    ) -> Referral:
        referrals.referral_receipt_record(actor=self.officer, referral_id=referral.pk)
        screening.deconfliction_record(
            actor=self.officer, referral_id=referral.pk, outcome=DeconflictionOutcome.NO_INTEREST
        )
        seed_demo_assessment(actor=self.officer, referral=referral, kind=AssessmentKind.GATEWAY)
        rationale: str = {
            ScreeningOutcome.NO_FURTHER_ACTION: "No indication of radicalisation; the school's pastoral support is enough.",
            ScreeningOutcome.SIGNPOSTED: "Needs are around wellbeing, not radicalisation: early help is the right service.",
            ScreeningOutcome.POLICE_MANAGED: "Linked to an existing police matter: police will manage outside Channel.",
            ScreeningOutcome.PROGRESSED: "Susceptible to radicalisation and would benefit from multi-agency support.",
        }[ScreeningOutcome(outcome)]
        screening.screening_decide(
            actor=self.officer,
            referral_id=referral.pk,
            outcome=outcome,
            rationale=rationale,
            signposted_to=signposted_to,
            passed_on=passed_on,
        )
        referral.refresh_from_db()
        return referral

    def to_channel(self, referral: Referral, *, listed: bool = True) -> Referral:
        self.screen(referral, ScreeningOutcome.PROGRESSED)
        channel.channel_case_accept(actor=self.coordinator, referral_id=referral.pk)
        if listed:
            seed_demo_assessment(actor=self.coordinator, referral=referral, kind=AssessmentKind.PRELIMINARY)
            channel.channel_case_list_for_panel(
                actor=self.coordinator,
                referral_id=referral.pk,
                reason="Information gathered; ready for the panel.",
            )
        referral.refresh_from_db()
        return referral

    def panel(self) -> Panel:
        existing = Panel.objects.filter(name=PANEL_NAME).first()
        if existing is not None:
            return existing
        panel = panels.panel_create(actor=self.coordinator, name=PANEL_NAME)
        panels.panel_chair_set(
            actor=self.coordinator, panel=panel, membership=self.world.memberships_by_role[Role.PANEL_CHAIR]
        )
        for role in (Role.PANEL_MEMBER, Role.POLICE_PREVENT_OFFICER, Role.CHANNEL_COORDINATOR):
            panels.panel_member_add(
                actor=self.coordinator, panel=panel, membership=self.world.memberships_by_role[role]
            )
        return panel

    def meeting(
        self, panel: Panel, starts_at: dt.datetime, *, publish: bool, attended: bool = False
    ) -> Meeting:
        meeting = panels.meeting_schedule(
            actor=self.coordinator, panel=panel, starts_at=starts_at, location="Town Hall, Committee Room 2"
        )
        if publish:
            panels.meeting_publish_agenda(actor=self.coordinator, meeting=meeting)
        if attended:
            for role, capacity in (
                (Role.PANEL_CHAIR, AttendanceRole.CHAIR),
                (Role.POLICE_PREVENT_OFFICER, AttendanceRole.POLICE),
                (Role.CHANNEL_COORDINATOR, AttendanceRole.COORDINATOR),
                (Role.PANEL_MEMBER, AttendanceRole.MEMBER),
            ):
                membership = self.world.memberships_by_role[role]
                panels.attendance_record(
                    actor=self.coordinator,
                    meeting=meeting,
                    organisation=membership.organisation,
                    name=membership.user.full_name,
                    role=capacity,
                    present=True,
                    user=membership.user,
                )
        meeting.refresh_from_db()
        return meeting

    def decide(self, meeting: Meeting, referral: Referral, action: str, reasons: str, **extra: Any) -> None:
        item = AgendaItem.objects.get(meeting=meeting, referral=referral, removed=False)
        panels.agenda_item_decide(actor=self.chair, item=item, action=action, reasons=reasons, **extra)

    def consent(self, referral: Referral, decision: str) -> None:
        channel.consent_record(
            actor=self.coordinator,
            referral_id=referral.pk,
            decision=decision,
            decided_on=self.today,
            method=ConsentMethod.IN_PERSON,
            method_detail="Home visit with the coordinator",
            parent_name="Parent (demo)",
            parent_relationship="Mother",
            child_view="Said they would give mentoring a try"
            if decision == ConsentDecision.GIVEN
            else "Does not want support",
            capacity_considered="Understood what Channel is and that it is voluntary",
        )


def _exited_months_ago(referral: Referral, months: int, *, now: dt.datetime) -> None:
    """Move a demo exit back in time, with the reviews it scheduled (demo data only)."""
    case = ChannelCase.objects.get(referral=referral)
    shift = dt.timedelta(days=round(30.5 * months) - 5)
    ChannelCase.objects.filter(pk=case.pk).update(exited_at=now - shift)
    for review in PostClosureReview.objects.filter(case=case):
        PostClosureReview.objects.filter(pk=review.pk).update(due_on=review.due_on - shift)
    due = PostClosureReview.objects.filter(case=case, due_on__lt=timezone.localdate())
    due.update(
        completed_at=now - dt.timedelta(days=30), outcome="No further concerns; next review as planned"
    )


def seed_demo_journeys(world: DemoWorld, *, seed: int) -> list[Referral]:
    """Add the demo cases (see the module's docstring). Does nothing if the panel exists."""
    if Panel.objects.filter(name=PANEL_NAME).exists():
        return []
    demo = Demo(world, seed)
    made: list[Referral] = []
    with transaction.atomic():
        # The person referred twice by seed_demo_referrals: the first referral (a year ago) ended
        # with no further action; a third, two years ago, was signposted.
        first = (
            Referral.objects.filter(created_by=world.users_by_role[Role.REFERRER])
            .exclude(status="draft")
            .order_by("submitted_at")
            .first()
        )
        if first is not None and first.status == "submitted":
            demo.screen(first, ScreeningOutcome.NO_FURTHER_ACTION)
            names = first.person.names.first() if first.person else None
            oldest = demo.refer(
                concern=CONCERNS[3],
                days_ago=730,
                age=17,
                given=names.given_names if names else "",
                family=names.family_name if names else "",
                born=first.person.date_of_birth if first.person else None,  # type: ignore[arg-type]
            )
            demo.screen(
                oldest,
                ScreeningOutcome.SIGNPOSTED,
                signposted_to="Warrington Early Help (demo)",
                passed_on="The referral summary and the school's contact details",
            )
            if first.person and oldest.person and oldest.person_id != first.person_id:
                person_merge(
                    actor=demo.officer,
                    source=oldest.person,
                    target=first.person,
                    reason="Demo: the same person referred again",
                )
            made += [first, oldest]
        # One being screened, and one at each remaining outcome.
        being_screened = demo.refer(concern=CONCERNS[1], days_ago=6, age=16)
        referrals.referral_receipt_record(actor=demo.officer, referral_id=being_screened.pk)
        police = demo.screen(
            demo.refer(concern=CONCERNS[0], days_ago=40, age=24), ScreeningOutcome.POLICE_MANAGED
        )
        made += [being_screened, police]
        # Channel: waiting for the coordinator, gathering information, listed for next week.
        made.append(
            demo.screen(demo.refer(concern=CONCERNS[2], days_ago=9, age=15), ScreeningOutcome.PROGRESSED)
        )
        made.append(demo.to_channel(demo.refer(concern=CONCERNS[0], days_ago=20, age=14), listed=False))
        panel = demo.panel()
        # Today's meeting decides the cases that are further along.
        deciding = [
            demo.to_channel(demo.refer(concern=concern, days_ago=days, age=age))
            for concern, days, age in (
                (CONCERNS[0], 120, 15),
                (CONCERNS[1], 110, 16),
                (CONCERNS[2], 100, 14),
                (CONCERNS[0], 400, 17),
                (CONCERNS[1], 500, 16),
            )
        ]
        today = demo.meeting(
            panel, demo.now.replace(hour=9, minute=30, second=0, microsecond=0), publish=True, attended=True
        )
        supported, also_supported, declined, six_months, twelve_months = deciding
        for referral in deciding:
            demo.decide(
                today,
                referral,
                "adopt",
                "The panel agreed Channel support is right: the person is susceptible and willing to talk.",
            )
        for referral in (supported, also_supported, six_months, twelve_months):
            demo.consent(referral, ConsentDecision.GIVEN)
        demo.consent(declined, ConsentDecision.DECLINED)
        panels.meeting_close(actor=demo.chair, meeting=today)
        # This afternoon's review meeting exits two of them; their exits are then moved back in time.
        afternoon = demo.meeting(
            panel, demo.now.replace(hour=14, minute=0, second=0, microsecond=0), publish=True, attended=True
        )
        for referral in (six_months, twelve_months):
            demo.decide(
                afternoon,
                referral,
                "exit",
                "Mentoring complete; the risk has significantly reduced.",
                exit_reason=ExitReason.RISK_REDUCED,
            )
        panels.meeting_close(actor=demo.chair, meeting=afternoon)
        _exited_months_ago(six_months, 6, now=demo.now)
        _exited_months_ago(twelve_months, 12, now=demo.now)
        # Support plans with sessions for the two in support (one plan drifting).
        seed_demo_support(world)
        made += deciding
        # Listed for next week's panel (with the reviews now due on its agenda).
        made += [
            demo.to_channel(demo.refer(concern=CONCERNS[c], days_ago=d, age=a))
            for c, d, a in ((1, 30, 15), (3, 25, 19))
        ]
        next_week = (demo.now + dt.timedelta(days=7)).replace(hour=9, minute=30, second=0, microsecond=0)
        demo.meeting(panel, next_week, publish=False)
        # Information requests on the cases gathering information or listed (one overdue).
        seed_demo_channel(world)
    return made
