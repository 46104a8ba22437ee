from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.audit.models import AuditEvent
from cornerstone.demo.generator import DemoWorld
from cornerstone.engagement import services
from cornerstone.engagement.models import Action, ActionStatus, Engagement, Theme

from .conftest import TODAY, actor_for, details_for

pytestmark = pytest.mark.django_db


def _messages(error: ValidationError) -> dict[str, list[str]]:
    return {name: [str(m) for m in messages] for name, messages in error.message_dict.items()}


def test_recording_saves_everything_and_writes_one_audit_event(
    officer: Actor, themes: dict[str, Theme]
) -> None:
    before = AuditEvent.objects.count()
    engagement = services.engagement_record(actor=officer, details=details_for())
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("pk")
    assert event.action == "engagement.record"
    assert event.object_id == str(engagement.pk)
    assert event.role == Role.COMMUNITY_ENGAGEMENT_OFFICER
    assert event.changes["themes"] == ["2026:hate-crime", "2026:trust-in-police"]
    assert event.changes["local_authority"] == "WRT"
    assert engagement.recorded_by == officer.user
    assert engagement.recorded_by_organisation == officer.organisation
    assert engagement.other_organisation_list == ["Orford Residents' Association"]
    assert engagement.age_under_18 == 5 and engagement.age_65_and_over is None
    assert engagement.has_demographics


def test_every_missing_answer_gets_a_plain_english_message(officer: Actor, themes: dict[str, Theme]) -> None:
    details = details_for(
        title=" ", type="", date=None, venue="", local_authority=None, headcount=None, themes=[]
    )
    with pytest.raises(ValidationError) as caught:
        services.engagement_record(actor=officer, details=details)
    assert _messages(caught.value) == {
        "title": ["Enter a name for the engagement"],
        "type": ["Select the type of engagement"],
        "date": ["Enter the date of the engagement"],
        "venue": ["Enter where the engagement took place"],
        "local_authority": ["Select the area the engagement took place in"],
        "headcount": ["Enter how many people came"],
        "themes": ["Select at least one theme that was raised"],
    }
    assert not Engagement.objects.exists()


def test_a_future_date_is_refused(officer: Actor, themes: dict[str, Theme]) -> None:
    with pytest.raises(ValidationError) as caught:
        services.engagement_record(actor=officer, details=details_for(date=TODAY + dt.timedelta(days=1)))
    assert _messages(caught.value) == {"date": ["The date of the engagement must be today or in the past"]}


def test_counts_may_not_add_up_to_more_than_the_headcount(officer: Actor, themes: dict[str, Theme]) -> None:
    demographics = {"age_under_18": 8, "age_65_and_over": 3, "count_women": 10, "count_men": 1}
    with pytest.raises(ValidationError) as caught:
        services.engagement_record(
            actor=officer, details=details_for(headcount=10, demographics=demographics)
        )
    assert _messages(caught.value) == {
        "age_under_18": ["The age bands add up to 11, which is more than the 10 people who came"],
        "count_women": [
            "The numbers of women and men add up to 11, which is more than the 10 people who came"
        ],
    }
    with pytest.raises(ValidationError) as caught:
        services.engagement_record(
            actor=officer, details=details_for(headcount=-1, demographics={"count_men": -2})
        )
    assert _messages(caught.value) == {
        "headcount": ["Number of people must be 0 or more"],
        "count_men": ["Men and boys must be 0 or more"],
    }


def test_an_area_outside_the_organisation_is_refused(coordinator: Actor, themes: dict[str, Theme]) -> None:
    with pytest.raises(ValidationError) as caught:
        services.engagement_record(actor=coordinator, details=details_for("HAL"))
    assert _messages(caught.value) == {"local_authority": ["Select an area your organisation covers"]}


@pytest.mark.parametrize("role", [Role.REFERRER, Role.PANEL_MEMBER, Role.ANALYST, Role.SYSTEM_ADMINISTRATOR])
def test_other_roles_cannot_record(world: DemoWorld, themes: dict[str, Theme], role: str) -> None:
    with pytest.raises(PermissionDenied):
        services.engagement_record(actor=actor_for(world, role), details=details_for())


def test_nothing_is_half_saved_when_the_audit_write_fails(officer: Actor, themes: dict[str, Theme]) -> None:
    with (
        mock.patch.object(services, "audit_event_record", side_effect=RuntimeError("audit down")),
        pytest.raises(RuntimeError),
    ):
        services.engagement_record(actor=officer, details=details_for())
    assert not Engagement.objects.exists()
    assert not Engagement.themes.through.objects.exists()


def test_update_records_only_what_changed(officer: Actor, record: Callable[..., Engagement]) -> None:
    engagement = record()
    before = AuditEvent.objects.count()
    services.engagement_update(
        actor=officer, engagement=engagement, details=details_for(headcount=35, title="Orford meeting")
    )
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("pk")
    assert event.action == "engagement.update"
    assert event.changes == {
        "headcount": {"from": 30, "to": 35},
        "title": {"from": "Orford residents' meeting", "to": "Orford meeting"},
    }


def test_a_coordinator_cannot_change_another_areas_engagement(
    coordinator: Actor, record: Callable[..., Engagement]
) -> None:
    halton = record("HAL")
    with pytest.raises(PermissionDenied):
        services.engagement_update(actor=coordinator, engagement=halton, details=details_for("WRT"))


def _action_details(engagement: Engagement, **changes: object) -> services.ActionDetails:
    values: dict[str, object] = {
        "you_said": "People do not know how to report hate incidents.",
        "agreed_action": "Share the reporting cards.",
        "owner_name": "Warrington neighbourhood team",
        "due_on": engagement.date + dt.timedelta(days=14),
    }
    values.update(changes)
    return services.ActionDetails(**values)  # type: ignore[arg-type]


def test_adding_and_completing_an_action(officer: Actor, record: Callable[..., Engagement]) -> None:
    engagement = record()
    before = AuditEvent.objects.count()
    action = services.action_add(actor=officer, engagement=engagement, details=_action_details(engagement))
    assert AuditEvent.objects.count() == before + 1
    assert action.status == ActionStatus.OPEN and action.owner == "Warrington neighbourhood team"
    services.action_complete(actor=officer, action=action, we_did="Cards given out.", done_on=TODAY)
    assert AuditEvent.objects.count() == before + 2
    action.refresh_from_db()
    assert (action.status, action.we_did, action.done_on) == (ActionStatus.DONE, "Cards given out.", TODAY)
    assert AuditEvent.objects.latest("pk").action == "engagement_action.complete"
    with pytest.raises(ValidationError, match="already been marked as done"):
        services.action_complete(actor=officer, action=action, we_did="Again", done_on=TODAY)


def test_an_action_owner_is_staff_or_words_not_both_nor_neither(
    officer: Actor, world: DemoWorld, record: Callable[..., Engagement]
) -> None:
    engagement = record()
    with pytest.raises(ValidationError) as caught:
        services.action_add(
            actor=officer,
            engagement=engagement,
            details=_action_details(engagement, owner_name="", you_said="", agreed_action="", due_on=None),
        )
    assert _messages(caught.value) == {
        "you_said": ["Enter what people said or asked for"],
        "agreed_action": ["Enter what was agreed"],
        "owner_user": ["Select who owns the action, or enter a role or organisation"],
        "due_on": ["Enter the date the action is due"],
    }
    with pytest.raises(ValidationError) as caught:
        services.action_add(
            actor=officer, engagement=engagement, details=_action_details(engagement, owner_user=officer.user)
        )
    assert _messages(caught.value) == {
        "owner_name": ["Select a member of staff or enter a role or organisation, not both"]
    }
    # Staff of another organisation cannot be given the action.
    outsider = world.users_by_role[Role.CHANNEL_COORDINATOR]
    with pytest.raises(ValidationError) as caught:
        services.action_add(
            actor=officer,
            engagement=engagement,
            details=_action_details(engagement, owner_name="", owner_user=outsider),
        )
    assert _messages(caught.value) == {"owner_user": ["Select a member of staff from the list"]}
    with pytest.raises(ValidationError) as caught:
        services.action_add(
            actor=officer,
            engagement=engagement,
            details=_action_details(engagement, due_on=engagement.date - dt.timedelta(days=1)),
        )
    assert _messages(caught.value) == {
        "due_on": ["The due date must be on or after the date of the engagement"]
    }
    action = services.action_add(
        actor=officer,
        engagement=engagement,
        details=_action_details(engagement, owner_name="", owner_user=officer.user),
    )
    assert action.owner == officer.user.full_name  # type: ignore[union-attr]
    assert Action.objects.count() == 1


def test_an_action_cannot_be_done_without_saying_what_was_done(
    officer: Actor, record: Callable[..., Engagement]
) -> None:
    engagement = record()
    action = services.action_add(actor=officer, engagement=engagement, details=_action_details(engagement))
    with pytest.raises(ValidationError) as caught:
        services.action_complete(actor=officer, action=action, we_did="  ", done_on=None)
    assert _messages(caught.value) == {
        "we_did": ["Enter what was done"],
        "done_on": ["Enter the date it was done"],
    }
    with pytest.raises(ValidationError) as caught:
        services.action_complete(
            actor=officer, action=action, we_did="x", done_on=TODAY + dt.timedelta(days=1)
        )
    assert _messages(caught.value) == {"done_on": ["The date it was done must be today or in the past"]}
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN


def test_publishing_and_removing_a_summary(
    officer: Actor, world: DemoWorld, record: Callable[..., Engagement]
) -> None:
    engagement = record()
    with pytest.raises(ValidationError) as caught:
        services.engagement_publish(actor=officer, engagement=engagement, summary=" ")
    assert _messages(caught.value) == {"summary": ["Enter the summary to publish"]}
    before = AuditEvent.objects.count()
    engagement = services.engagement_publish(actor=officer, engagement=engagement, summary="We listened.")
    assert engagement.is_published and engagement.published_by == officer.user
    assert AuditEvent.objects.count() == before + 1
    # A Prevent officer records engagements but does not publish them.
    with pytest.raises(PermissionDenied):
        services.engagement_publish(
            actor=actor_for(world, Role.POLICE_PREVENT_OFFICER), engagement=engagement, summary="x"
        )
    with pytest.raises(ValidationError) as caught:
        services.engagement_unpublish(actor=officer, engagement=engagement, reason="")
    engagement = services.engagement_unpublish(actor=officer, engagement=engagement, reason="Out of date")
    assert not engagement.is_published and engagement.public_summary == "We listened."
    assert AuditEvent.objects.latest("pk").reason == "Out of date"
    with pytest.raises(ValidationError, match="not published"):
        services.engagement_unpublish(actor=officer, engagement=engagement, reason="Again")
