"""What each role's home page shows: what the role is for, what they can do, what is waiting.

Each part of the domain adds its own actions and waiting items here as it is built, so the
home page grows with the service rather than linking to pages that do not exist yet.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role


@dataclass(frozen=True)
class HomeAction:
    label: str
    url_name: str
    description: str

    def url(self) -> str:
        return reverse(self.url_name)


@dataclass(frozen=True)
class WaitingItem:
    text: str
    url: str = ""


@dataclass(frozen=True)
class RoleHome:
    purpose: str
    actions: tuple[HomeAction, ...] = ()
    waiting: tuple[Callable[[Actor], list[WaitingItem]], ...] = field(default=())


def _pending_invitations(actor: Actor) -> list[WaitingItem]:
    from cornerstone.accounts.selectors import users_visible_to

    pending = users_visible_to(actor).filter(is_active=True, last_login__isnull=True).count()
    if not pending:
        return []
    noun = "person has" if pending == 1 else "people have"
    return [WaitingItem(f"{pending} invited {noun} not signed in yet", reverse("accounts:users"))]


def _unsealed_audit_rows(actor: Actor) -> list[WaitingItem]:
    from cornerstone.audit.models import AuditEvent

    stale = AuditEvent.objects.filter(
        sequence__isnull=True, occurred_at__lt=timezone.now() - timedelta(minutes=10)
    ).count()
    if not stale:
        return []
    return [WaitingItem(f"{stale} audit events are waiting to be sealed: check the task worker")]


def _possible_matches(actor: Actor) -> list[WaitingItem]:
    from cornerstone.people.selectors import proposals_to_review_for

    waiting = proposals_to_review_for(actor).count()
    if not waiting:
        return []
    noun = "possible match" if waiting == 1 else "possible matches"
    return [WaitingItem(f"{waiting} {noun} in the person index to decide", reverse("people:reviews"))]


def _referral_drafts(actor: Actor) -> list[WaitingItem]:
    from cornerstone.referrals.selectors import drafts_for

    drafts = drafts_for(actor).count()
    if not drafts:
        return []
    noun = "draft referral" if drafts == 1 else "draft referrals"
    return [WaitingItem(f"You have {drafts} {noun} to finish", reverse("referrals:drafts"))]


def _screening_queue(actor: Actor) -> list[WaitingItem]:
    from cornerstone.referrals.selectors import screening_queue_for

    waiting = screening_queue_for(actor).count()
    if not waiting:
        return []
    noun = "new referral is" if waiting == 1 else "new referrals are"
    return [WaitingItem(f"{waiting} {noun} waiting for receipt", reverse("referrals:queue"))]


def _stale_directory_entries(actor: Actor) -> list[WaitingItem]:
    from cornerstone.partners.home import stale_directory_entries

    return [WaitingItem(text, url) for text, url in stale_directory_entries(actor)]


def _screening_work(actor: Actor) -> list[WaitingItem]:
    from cornerstone.screening import home

    return [
        WaitingItem(text, url)
        for source in (
            home.decisions_waiting_for_approval,
            home.referrals_being_screened,
            home.police_managed_cases,
        )
        for text, url in source(actor)
    ]


def _channel_work(actor: Actor) -> list[WaitingItem]:
    from cornerstone.channel import home

    return [
        WaitingItem(text, url)
        for source in (
            home.cases_waiting_for_pick_up,
            home.information_requests_overdue_for_coordinator,
            home.consent_waiting,
        )
        for text, url in source(actor)
    ]


def _information_requests(actor: Actor) -> list[WaitingItem]:
    from cornerstone.channel.home import information_requests_waiting

    return [WaitingItem(text, url) for text, url in information_requests_waiting(actor)]


def _panel_work(actor: Actor) -> list[WaitingItem]:
    from cornerstone.panels.home import panel_home_items

    return [WaitingItem(text, url) for text, url in panel_home_items(actor)]


def _panel_actions(actor: Actor) -> list[WaitingItem]:
    from cornerstone.panels.home import panel_actions_waiting

    return [WaitingItem(text, url) for text, url in panel_actions_waiting(actor)]


def _support_overdue(actor: Actor) -> list[WaitingItem]:
    from cornerstone.support.home import overdue_interventions

    return [WaitingItem(text, url) for text, url in overdue_interventions(actor)]


def _provider_work(actor: Actor) -> list[WaitingItem]:
    from cornerstone.support.home import provider_work

    return [WaitingItem(text, url) for text, url in provider_work(actor)]


_PARTNERS_DIRECTORY = HomeAction(
    "Partners and services",
    "partners:services",
    "Find services that can support someone, and keep the directory's entries current.",
)

_RECORD_ENGAGEMENT = HomeAction(
    "Record an engagement",
    "engagement:new",
    "A community meeting, forum, school session or training: who came, what was raised and what was agreed.",
)
_ENGAGEMENT_LOG = HomeAction(
    "Engagement log",
    "engagement:list",
    "Engagements in your area, the actions agreed and what was done about them, with a dashboard.",
)
_TABLETOP_EXERCISES = HomeAction(
    "Tabletop exercises",
    "exercises:index",
    "Write scenarios and run a session in which the room answers anonymously from their phones.",
)

_CHANNEL_CASES = HomeAction(
    "Channel cases",
    "channel:cases",
    "Cases progressed to Channel in your area, from pick-up through panel, consent, support and reviews.",
)
_CHANNEL_PANELS = HomeAction(
    "Channel panels", "panels:index", "Panel meetings, their agendas, attendance, decisions and minutes."
)
_SUPPORT_OVERDUE = HomeAction(
    "Support overdue",
    "support:overdue",
    "Interventions with no session delivered for longer than their planned frequency allows.",
)
_PANEL_ACTIONS = HomeAction(
    "Your panel actions", "panels:actions", "Actions the panel gave you, with due dates."
)
_INFORMATION_REQUESTS = HomeAction(
    "Information requests",
    "channel:inbox",
    "Questions the Channel coordinator has put to your organisation, to answer by their due date.",
)

_MAKE_REFERRAL = HomeAction(
    "Make a referral",
    "referrals:start",
    "Share a concern that someone may be being drawn into terrorism. If anyone is in immediate danger, call 999.",
)
_YOUR_REFERRALS = HomeAction(
    "Your referrals", "referrals:mine", "See whether the referrals you made have been received."
)
_SCREENING_QUEUE = HomeAction(
    "Screening queue", "referrals:queue", "New referrals for your unit, oldest first."
)
_RECORD_REFERRAL = HomeAction(
    "Record a referral",
    "referrals:start",
    "Record a referral made to you by phone, email, letter or in person.",
)
_PERSON_INDEX = HomeAction(
    "Search the person index",
    "people:search",
    "Find whether a person is already known, and decide the possible matches the index suggests.",
)
_MANAGE_USERS = HomeAction(
    "Manage users", "accounts:users", "Invite people, change their roles and deactivate accounts."
)
_AUDIT = HomeAction(
    "Search the audit trail", "audit:search", "Who did what, and who looked at which record, and when."
)

ROLE_HOMES: dict[str, RoleHome] = {
    Role.REFERRER: RoleHome(
        "Share a concern that someone may be being drawn into terrorism, and follow what happens to your referrals.",
        actions=(_MAKE_REFERRAL, _YOUR_REFERRALS),
        waiting=(_referral_drafts,),
    ),
    Role.SAFEGUARDING_LEAD: RoleHome(
        "Check concerns raised in your organisation before they are shared, and see your organisation's referrals.",
        actions=(
            _MAKE_REFERRAL,
            HomeAction(
                "Your organisation's referrals",
                "referrals:organisation",
                "Referrals made by anyone in your organisation, and whether they have been received.",
            ),
            _YOUR_REFERRALS,
            _INFORMATION_REQUESTS,
        ),
        waiting=(_referral_drafts, _information_requests, _panel_actions),
    ),
    Role.POLICE_PREVENT_OFFICER: RoleHome(
        "Screen new referrals: record receipt, deconfliction and the gateway assessment, and decide the next step.",
        actions=(_SCREENING_QUEUE, _RECORD_REFERRAL, _PERSON_INDEX, _ENGAGEMENT_LOG, _TABLETOP_EXERCISES),
        waiting=(_screening_queue, _screening_work, _possible_matches, _referral_drafts, _panel_actions),
    ),
    Role.POLICE_PREVENT_SUPERVISOR: RoleHome(
        "Oversee screening and approve decisions where your force requires a supervisor's approval.",
        actions=(_SCREENING_QUEUE, _RECORD_REFERRAL, _PERSON_INDEX, _ENGAGEMENT_LOG, _TABLETOP_EXERCISES),
        waiting=(_screening_work, _screening_queue, _possible_matches, _referral_drafts, _panel_actions),
    ),
    Role.CHANNEL_COORDINATOR: RoleHome(
        "Gather information from partners, list cases for the Channel panel, and keep support plans and reviews on track.",
        actions=(_CHANNEL_CASES, _CHANNEL_PANELS, _SUPPORT_OVERDUE, _PARTNERS_DIRECTORY, _ENGAGEMENT_LOG),
        waiting=(_channel_work, _panel_work, _support_overdue, _stale_directory_entries),
    ),
    Role.PANEL_CHAIR: RoleHome(
        "Run Channel panels and record the panel's decisions and reasons.",
        actions=(_CHANNEL_PANELS, _CHANNEL_CASES, _SUPPORT_OVERDUE),
        waiting=(_channel_work, _panel_work, _support_overdue),
    ),
    Role.PANEL_MEMBER: RoleHome(
        "Prepare for the Channel panels you attend and contribute your agency's part.",
        actions=(_CHANNEL_PANELS, _INFORMATION_REQUESTS, _PANEL_ACTIONS),
        waiting=(_panel_work, _information_requests),
    ),
    Role.INTERVENTION_PROVIDER: RoleHome(
        "See the cases assigned to you and log the sessions you deliver.",
        actions=(
            HomeAction("Your cases", "support:cases", "The interventions you deliver, and their sessions."),
            _PANEL_ACTIONS,
        ),
        waiting=(_provider_work, _panel_actions),
    ),
    Role.FORCE_PREVENT_LEAD: RoleHome(
        "Oversee Prevent across your force area through dashboards and aggregate figures.",
        actions=(_ENGAGEMENT_LOG, _TABLETOP_EXERCISES),
    ),
    Role.REGIONAL_PREVENT_COORDINATOR: RoleHome(
        "Oversee Prevent across your region through dashboards and aggregate figures.",
        actions=(_ENGAGEMENT_LOG, _TABLETOP_EXERCISES),
    ),
    Role.COMMUNITY_ENGAGEMENT_OFFICER: RoleHome(
        "Record community engagement and run tabletop exercises. You have no access to case records.",
        actions=(_RECORD_ENGAGEMENT, _ENGAGEMENT_LOG, _TABLETOP_EXERCISES),
    ),
    Role.DATA_PROTECTION_OFFICER: RoleHome(
        "Check who did what and who looked at which record, handle subject access, and oversee retention.",
        actions=(_AUDIT,),
        waiting=(_unsealed_audit_rows,),
    ),
    Role.ANALYST: RoleHome(
        "Produce statistics with disclosure control applied. You see no individual records.",
        actions=(
            HomeAction(
                "Tabletop exercise outcomes",
                "exercises:outcomes",
                "Change in trust and understanding after exercises, by area and scenario.",
            ),
        ),
    ),
    Role.ORGANISATION_ADMINISTRATOR: RoleHome(
        "Manage the people in your organisation and the roles they hold. You do not see case content.",
        actions=(_MANAGE_USERS,),
        waiting=(_pending_invitations,),
    ),
    Role.SYSTEM_ADMINISTRATOR: RoleHome(
        "Manage organisations, their administrators and the service's configuration. You do not see case content.",
        actions=(
            HomeAction(
                "Manage organisations",
                "accounts:organisations",
                "Add organisations and the areas they cover.",
            ),
            _MANAGE_USERS,
            HomeAction(
                "Assessment frameworks",
                "assessments:frameworks",
                "Publish a new version of the framework officers and coordinators assess with.",
            ),
        ),
        waiting=(_pending_invitations,),
    ),
}


def home_for(actor: Actor) -> tuple[RoleHome, list[WaitingItem]]:
    home = ROLE_HOMES[actor.role]
    waiting = [item for source in home.waiting for item in source(actor)]
    return home, waiting
