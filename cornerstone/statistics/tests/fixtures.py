"""A small, hand-counted set of referrals for the national return tests.

Rows are made directly (the referrals, screening, Channel and panel apps test their own
services; ``test_national_return`` also checks the counts on the demo journeys, which are made
through the services). The expected tables below were counted by hand from ``SPECS``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from cornerstone.accounts.roles import Role
from cornerstone.channel.models import ChannelCase
from cornerstone.demo.generator import DemoWorld
from cornerstone.geography.models import LocalAuthority
from cornerstone.panels.models import AgendaItem, AgendaSection, Meeting, Panel
from cornerstone.people.models import Person
from cornerstone.referrals.models import ConcernType, Referral, ReferralSector
from cornerstone.referrals.workflow import Status
from cornerstone.screening.models import DecisionState, ScreeningDecision

LONDON = ZoneInfo("Europe/London")


@dataclass(frozen=True)
class Spec:
    number: int
    submitted: dt.datetime | None
    la: str | None
    sector: str | None
    taxonomy: str
    concern: str
    born: dt.date | None = None
    approximate: tuple[int, dt.date] | None = None
    gender: str = ""
    outcome: str = ""
    returned_outcome: str = ""
    discussed: bool = False
    adopted: bool = False
    removed_from_agenda: bool = False
    draft: bool = False


def at(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=LONDON)


CURRENT, EARLIER = "2024-05", "2019-04"
SPECS: tuple[Spec, ...] = (
    Spec(1, at(2025, 4, 10), "WRT", "education", CURRENT, "extreme_right_wing", born=dt.date(2012, 1, 1),
         gender="male", outcome="no_further_action", removed_from_agenda=True),
    Spec(2, at(2025, 5, 20), "WRT", "education", CURRENT, "islamist", born=dt.date(2009, 6, 1),
         gender="female", outcome="signposted"),
    Spec(3, at(2025, 7, 1), "HAL", "police", CURRENT, "extreme_right_wing", approximate=(30, dt.date(2020, 7, 1)),
         gender="male", outcome="progressed", discussed=True, adopted=True),
    # The day before a 17th birthday: still 16.
    Spec(4, at(2025, 10, 15), "HAL", "health", CURRENT, "incel", born=dt.date(2008, 10, 16),
         gender="male", outcome="progressed", discussed=True),
    Spec(5, at(2026, 1, 5), "BIR", "family", CURRENT, "no_ideology", outcome="police_managed"),
    # Half an hour before the year ends (UK time), no area, no sector, the earlier taxonomy, and
    # only a decision the supervisor returned: no screening outcome yet.
    Spec(6, at(2026, 3, 31, 23, 30), None, None, EARLIER, "islamist", born=dt.date(1970, 1, 1),
         gender="female", returned_outcome="no_further_action"),
    # Outside the year: the last minutes of 2024-25, and the first minutes of 2026-27 (which are
    # still 31 March in UTC).
    Spec(7, at(2025, 3, 31, 23, 30), "WRT", "education", CURRENT, "islamist", gender="male"),
    Spec(8, at(2026, 4, 1, 0, 30), "WRT", "education", CURRENT, "islamist", gender="male"),
    # A draft never counts.
    Spec(9, None, "WRT", "education", CURRENT, "islamist", gender="male", draft=True),
    # Exactly 20 on the day.
    Spec(10, at(2025, 6, 15), "WRT", "education", CURRENT, "extreme_right_wing", born=dt.date(2005, 6, 15),
         gender="non_binary", outcome="progressed", discussed=True, adopted=True),
)  # fmt: skip

# Counted by hand from SPECS (national, 2025-26, no suppression or rounding).
EXPECTED_NATIONAL: dict[str, dict[str, int]] = {
    "referrals-by-sector": {
        "Education": 3, "Police": 1, "Local Authority": 0, "Health": 1, "Community": 0, "Family": 1,
        "Friend": 0, "Prison": 0, "Probation": 0, "Other": 0, "Unknown": 1, "Total": 7,
    },
    "referrals-by-age": {
        "10 or under": 0, "11 to 15": 2, "16 to 17": 1, "18 to 20": 1, "21 to 30": 0, "31 to 40": 1,
        "41 to 50": 0, "51 and over": 1, "Unknown": 1, "Total": 7,
    },
    "referrals-by-gender": {"Female": 2, "Male": 3, "Non-binary": 1, "Other": 0, "Not known": 1, "Total": 7},
    "referrals-by-ethnicity": {
        "Asian, Asian British or Asian Welsh": 0, "Black, Black British, Black Welsh, Caribbean or African": 0,
        "Mixed or Multiple ethnic groups": 0, "White": 0, "Other ethnic group": 0, "Not known": 7, "Total": 7,
    },
    "referrals-by-quarter": {
        "Q1 (April to June)": 3, "Q2 (July to September)": 1, "Q3 (October to December)": 1,
        "Q4 (January to March)": 2, "Total": 7,
    },
    "journey": {
        "Referrals": 7,
        "Screening: no further action": 1,
        "Screening: signposted to another service": 1,
        "Screening: managed by police outside Channel": 1,
        "Screening: progressed to Channel": 3,
        "Screening decision not yet made": 1,
        "Discussed at a Channel panel": 3,
        "Adopted as a Channel case": 2,
    },
    "channel-by-age": {
        "10 or under": 0, "11 to 15": 0, "16 to 17": 0, "18 to 20": 1, "21 to 30": 0, "31 to 40": 1,
        "41 to 50": 0, "51 and over": 0, "Unknown": 0, "Total": 2,
    },
    "channel-by-gender": {"Female": 0, "Male": 1, "Non-binary": 1, "Other": 0, "Not known": 0, "Total": 2},
}  # fmt: skip


def make_referrals(world: DemoWorld, specs: tuple[Spec, ...] = SPECS) -> list[Referral]:
    membership = world.memberships_by_role[Role.REFERRER]
    officer = world.users_by_role[Role.POLICE_PREVENT_OFFICER]
    coordinator = world.memberships_by_role[Role.CHANNEL_COORDINATOR]
    panel = Panel.objects.create(organisation=coordinator.organisation, name="Statistics test panel")
    meeting = Meeting.objects.create(panel=panel, starts_at=at(2025, 11, 1), created_by=coordinator.user)
    made = []
    for spec in specs:
        person = Person.objects.create(
            reference=f"STATS-P{spec.number}",
            date_of_birth=spec.born,
            approximate_age=spec.approximate[0] if spec.approximate else None,
            approximate_age_on=spec.approximate[1] if spec.approximate else None,
            gender=spec.gender,
        )
        referral = Referral.objects.create(
            reference=None if spec.draft else f"STATS-{spec.number}",
            status=Status.DRAFT if spec.draft else Status.SUBMITTED,
            created_by=membership.user,
            created_by_membership=membership,
            organisation=membership.organisation,
            taxonomy_id=ConcernType.objects.get(
                taxonomy__version=spec.taxonomy, code=spec.concern
            ).taxonomy_id,
            concern_type=ConcernType.objects.get(taxonomy__version=spec.taxonomy, code=spec.concern),
            sector=ReferralSector.objects.get(code=spec.sector) if spec.sector else None,
            local_authority=LocalAuthority.objects.get(code=spec.la) if spec.la else None,
            person=None if spec.draft else person,
            submitted_at=spec.submitted if not spec.draft else None,
            created_at=spec.submitted or at(2025, 9, 1),
        )
        for outcome, state in (
            (spec.returned_outcome, DecisionState.RETURNED),
            (spec.outcome, DecisionState.MADE),
        ):
            if outcome:
                ScreeningDecision.objects.create(
                    referral=referral,
                    outcome=outcome,
                    state=state,
                    rationale="Test rationale",
                    signposted_to="Early help" if outcome == "signposted" else "",
                    decided_by=officer,
                )
        if spec.outcome == "progressed":
            ChannelCase.objects.create(
                referral=referral,
                local_authority=referral.local_authority,
                adopted_at=at(2025, 11, 1) if spec.adopted else None,
            )
        if spec.discussed or spec.removed_from_agenda:
            AgendaItem.objects.create(
                meeting=meeting,
                referral=referral,
                section=AgendaSection.NEW,
                removed=spec.removed_from_agenda,
                decision="adopt" if spec.discussed else "",
                reasons="Test reasons" if spec.discussed else "",
            )
        made.append(referral)
    return made
