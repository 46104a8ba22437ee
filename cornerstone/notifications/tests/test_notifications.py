"""Notifications: preferences, the daily digest, due reminders, GOV.UK Notify, and that no
email ever carries a person's details."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.accounts.tests.helpers import sign_in
from cornerstone.audit.models import AuditEvent
from cornerstone.demo.generator import DemoWorld
from cornerstone.notifications import delivery, reminders
from cornerstone.notifications.models import Notification, NotificationPreference
from cornerstone.notifications.services import KINDS, notification_preference_set, notify
from cornerstone.panels.models import AgendaItem, Meeting, Panel, PanelAction
from cornerstone.referrals.models import Referral
from cornerstone.support import services as support_services
from cornerstone.support.tests.factories import coordinator, in_support, mentoring, provider_actor

pytestmark = pytest.mark.django_db


def _actor(world: DemoWorld, role: str) -> Actor:
    return Actor.for_membership(world.memberships_by_role[role])


def _action(world: DemoWorld, referral: Referral, due_on: dt.date) -> PanelAction:
    chair = world.users_by_role[Role.PANEL_CHAIR]
    panel, _ = Panel.objects.get_or_create(
        organisation=world.organisations["warrington"], name="Warrington panel"
    )
    meeting = Meeting.objects.create(panel=panel, starts_at=timezone.now(), created_by=chair)
    item = AgendaItem.objects.create(meeting=meeting, referral=referral, section="new")
    return PanelAction.objects.create(
        item=item, description="Zebedee's school to confirm attendance", owner=chair, due_on=due_on
    )


# Preferences ------------------------------------------------------------------------------------


def test_preference_page_for_every_user(world: DemoWorld) -> None:
    membership = world.memberships_by_role[Role.ANALYST]
    client = sign_in(Client(), membership.user, membership)
    notify(recipients=[membership.user], kind="agenda_published", reference="Panel 3 June", path="/panels/")
    page = client.get("/notifications/")
    assert page.status_code == 200
    html = page.content.decode()
    assert KINDS["agenda_published"] in html and "Panel 3 June" in html
    assert "each notification as it happens" in html
    before = AuditEvent.objects.count()
    response = client.post("/notifications/", {"delivery": "digest"})
    assert response.status_code == 302
    assert NotificationPreference.objects.get(user=membership.user).daily_digest is True
    assert AuditEvent.objects.count() == before + 1
    assert AuditEvent.objects.latest("id").action == "notification_preference.set"
    assert "There is a problem" in client.post("/notifications/", {}).content.decode()


def test_preference_service_is_audited_with_the_change(world: DemoWorld) -> None:
    actor = _actor(world, Role.REFERRER)
    notification_preference_set(actor=actor, daily_digest=True)
    notification_preference_set(actor=actor, daily_digest=False)
    assert AuditEvent.objects.latest("id").changes == {"daily_digest": [True, False]}


# Sending ---------------------------------------------------------------------------------------


def test_each_as_it_happens(world: DemoWorld, django_capture_on_commit_callbacks: Any) -> None:
    user = world.users_by_role[Role.POLICE_PREVENT_OFFICER]
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            recipients=[user], kind="referral_arrived", reference="PRV-2026-000001", path="/referrals/queue/"
        )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == f"{KINDS['referral_arrived']}: PRV-2026-000001"
    assert "http://" in mail.outbox[0].body and "/referrals/queue/" in mail.outbox[0].body
    assert Notification.objects.get().sent_at is not None


def test_daily_digest(world: DemoWorld, django_capture_on_commit_callbacks: Any) -> None:
    officer = world.users_by_role[Role.POLICE_PREVENT_OFFICER]
    chair = world.users_by_role[Role.PANEL_CHAIR]
    notification_preference_set(actor=_actor(world, Role.POLICE_PREVENT_OFFICER), daily_digest=True)
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[officer, chair], kind="referral_arrived", reference="PRV-2026-000001", path="/a/")
        notify(recipients=[officer], kind="approval_needed", reference="PRV-2026-000002", path="/b/")
    # The chair was emailed at once; the officer waits for the digest.
    assert [m.to for m in mail.outbox] == [[chair.email]]
    mail.outbox.clear()
    call_command("send_notification_digest", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert digest.to == [officer.email]
    assert "2 notifications" in digest.subject
    for text in ("PRV-2026-000001", "PRV-2026-000002", KINDS["approval_needed"], "/a/", "/b/"):
        assert text in digest.body
    assert not Notification.objects.filter(recipient=officer, sent_at__isnull=True).exists()
    mail.outbox.clear()
    assert delivery.send_digests() == 0
    assert mail.outbox == []


# Reminders -------------------------------------------------------------------------------------


def test_due_reminders_once_a_day(world: DemoWorld) -> None:
    referral = in_support(world)
    today = timezone.localdate()
    due = _action(world, referral, today)
    late = _action(world, referral, today - dt.timedelta(days=3))
    _action(world, referral, today + dt.timedelta(days=3))  # not yet due
    done = _action(world, referral, today - dt.timedelta(days=1))
    PanelAction.objects.filter(pk=done.pk).update(completed_at=timezone.now())
    intervention = mentoring(world, referral, starts_on=today - dt.timedelta(days=60))
    Notification.objects.all().delete()

    made = reminders.due_reminders_send(today)
    chair = world.users_by_role[Role.PANEL_CHAIR]
    kinds = sorted(Notification.objects.filter(recipient=chair).values_list("kind", "reference"))
    assert kinds == [
        ("action_due", f"{referral.reference}, action {due.pk}"),
        ("action_overdue", f"{referral.reference}, action {late.pk}"),
    ]
    overdue = Notification.objects.filter(kind="session_overdue")
    assert {n.recipient for n in overdue} == {
        intervention.owner,
        world.users_by_role[Role.CHANNEL_COORDINATOR],
    }
    assert {n.path for n in overdue} == {f"/support/interventions/{intervention.pk}/"}
    assert made == 4
    # Running again the same day repeats nothing; the next day reminds again.
    assert reminders.due_reminders_send(today) == 0
    call_command("send_due_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Notification.objects.count() == 4
    assert reminders.due_reminders_send(today + dt.timedelta(days=1)) == 4  # both actions now overdue


def test_daily_tasks_keep_themselves_queued(world: DemoWorld) -> None:
    from django_tasks_db.models import DBTaskResult

    from cornerstone.notifications import tasks

    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        tasks.schedule_daily_work()
        tasks.schedule_daily_work()
        paths = sorted(DBTaskResult.objects.values_list("task_path", flat=True))
    assert paths == [
        "cornerstone.notifications.tasks.send_due_reminders",
        "cornerstone.notifications.tasks.send_notification_digest",
    ]


# GOV.UK Notify ---------------------------------------------------------------------------------


@override_settings(
    EMAIL_BACKEND="cornerstone.notifications.backends.NotifyEmailBackend",
    CORNERSTONE_NOTIFY_API_KEY="test-key-" + "0" * 36 + "-" + "1" * 36,
    CORNERSTONE_NOTIFY_TEMPLATE_ID="f33517ff-2a88-4f6e-b855-c550268ce08a",
)
def test_notify_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    from notifications_python_client.notifications import NotificationsAPIClient

    sent: list[dict[str, Any]] = []

    def fake_send(self: Any, **kwargs: Any) -> dict[str, str]:
        sent.append(kwargs)
        return {"id": "fake"}

    monkeypatch.setattr(NotificationsAPIClient, "send_email_notification", fake_send)
    assert mail.send_mail("Subject line", "Body text", None, ["a@example.org", "b@example.org"]) == 1
    assert sent == [
        {
            "email_address": address,
            "template_id": "f33517ff-2a88-4f6e-b855-c550268ce08a",
            "personalisation": {"subject": "Subject line", "body": "Body text"},
        }
        for address in ("a@example.org", "b@example.org")
    ]


@override_settings(EMAIL_BACKEND="cornerstone.notifications.backends.NotifyEmailBackend")
def test_notify_backend_needs_its_settings() -> None:
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        mail.send_mail("Subject", "Body", None, ["a@example.org"])


# No personal data ------------------------------------------------------------------------------

PERSONAL = (
    "Zebedee",
    "Quixotic",
    "2009",
    "17 November",
    "17/11",
    "Bridge Street",
    "WA1 2AB",
    "extreme right wing",
    "classmates",
    "violent videos",
    "Dyslexia",
    "Alex Taylor",
    "Riverside Academy",
    "football",
)


def test_no_email_carries_personal_data(world: DemoWorld, django_capture_on_commit_callbacks: Any) -> None:
    """A whole flow of notifications about one case: every email, sent as it happens or in a
    digest, holds only what is waiting, a reference and a link."""
    with django_capture_on_commit_callbacks(execute=True):
        referral = in_support(world, given="Zebedee", family="Quixotic", born="17 11 2009")
    notification_preference_set(actor=_actor(world, Role.CHANNEL_COORDINATOR), daily_digest=True)
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        intervention = mentoring(world, referral, starts_on=today - dt.timedelta(days=60))
    with django_capture_on_commit_callbacks(execute=True):
        support_services.session_log(
            actor=provider_actor(world),
            intervention_id=intervention.pk,
            held_on=today - dt.timedelta(days=40),
            status="delivered",
            note="Zebedee talked about football",
        )
    with django_capture_on_commit_callbacks(execute=True):
        _action(world, referral, today)
        _action(world, referral, today - dt.timedelta(days=2))
        reminders.due_reminders_send(today)
    with django_capture_on_commit_callbacks(execute=True):
        for kind in KINDS:
            notify(
                recipients=[
                    world.users_by_role[Role.PANEL_CHAIR],
                    world.users_by_role[Role.CHANNEL_COORDINATOR],
                ],
                kind=kind,
                reference=referral.reference or "",
                path=f"/channel/{referral.pk}/",
            )
    delivery.send_digests()
    assert coordinator(world).user is not None
    kinds_sent = set(Notification.objects.exclude(sent_at=None).values_list("kind", flat=True))
    assert {"intervention_assigned", "session_overdue", "action_due", "action_overdue"} <= kinds_sent
    assert len(mail.outbox) >= 5
    for message in mail.outbox:
        text = f"{message.subject}\n{message.body}"
        assert referral.reference in text
        for personal in PERSONAL:
            assert personal not in text, (personal, text)
