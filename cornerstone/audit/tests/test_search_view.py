"""The auditor's search screen at /audit/."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.models import Membership, Organisation
from cornerstone.accounts.roles import Role
from cornerstone.audit import selectors
from cornerstone.audit.chain import seal_all
from cornerstone.audit.models import AccessKind, AccessLogEntry, AuditEvent
from cornerstone.audit.tests.conftest import days_ago, sign_in

URL = "/audit/"
MakeEvent = Callable[..., AuditEvent]
MakeMembership = Callable[..., Membership]


def _actions(response: Any) -> list[str]:
    return [row.action for row in response.context["rows"]]


@pytest.fixture
def colleague(organisation: Organisation, make_membership: MakeMembership) -> Membership:
    return make_membership(
        organisation, Role.CHANNEL_COORDINATOR, name="Alice Smith", email="alice.smith@northshire.example"
    )


@pytest.fixture
def outsider(other_organisation: Organisation, make_membership: MakeMembership) -> Membership:
    return make_membership(other_organisation, Role.POLICE_PREVENT_OFFICER, name="Bob Jones")


def test_the_url_name_is_audit_search() -> None:
    assert reverse("audit:search") == URL


@pytest.mark.django_db
def test_a_dpo_sees_their_own_organisations_changes_and_not_anothers(
    dpo_client: Client, colleague: Membership, outsider: Membership, make_event: MakeEvent
) -> None:
    make_event(colleague, action="referral.create", reason="New concern")
    make_event(outsider, action="referral.secret")
    make_event(None, action="system.job")  # done by the system, for no organisation
    response = dpo_client.get(URL, {"log": "changes"})
    assert response.status_code == 200
    assert _actions(response) == ["referral.create"]
    content = response.content.decode()
    assert "referral.create" in content and "New concern" in content
    assert "Alice Smith &lt;alice.smith@northshire.example&gt;" in content
    assert "Channel coordinator" in content and "Northshire County Council" in content
    assert "referral.secret" not in content and "Bob Jones" not in content
    assert "OFFICIAL-SENSITIVE" in content


@pytest.mark.django_db
def test_a_dpo_sees_their_own_organisations_access_log_and_not_anothers(
    dpo_client: Client,
    colleague: Membership,
    outsider: Membership,
    make_access: Callable[..., AccessLogEntry],
) -> None:
    make_access(colleague, kind=AccessKind.EXPORT, description="Exported the case list")
    make_access(outsider, description="Looked at something else")
    response = dpo_client.get(URL, {"log": "access"})
    assert response.status_code == 200
    assert _actions(response) == ["Searched", "Exported"]  # this search is recorded first
    content = response.content.decode()
    assert "Exported the case list" in content
    assert "Looked at something else" not in content


@pytest.mark.django_db
def test_the_other_organisations_dpo_sees_only_theirs(
    client: Client, other_dpo: Membership, colleague: Membership, outsider: Membership, make_event: MakeEvent
) -> None:
    make_event(colleague, action="referral.create")
    make_event(outsider, action="referral.screen")
    response = sign_in(client, other_dpo).get(URL, {"log": "changes"})
    assert _actions(response) == ["referral.screen"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", [role for role in Role.values if role != Role.DATA_PROTECTION_OFFICER])
def test_every_other_role_is_refused(
    client: Client, organisation: Organisation, make_membership: MakeMembership, role: str
) -> None:
    membership = make_membership(organisation, role)
    assert sign_in(client, membership).get(URL, {"log": "changes"}).status_code == 403
    assert not AccessLogEntry.objects.filter(kind=AccessKind.SEARCH).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", Role.values)
def test_only_the_auditor_role_sees_any_rows_through_the_selectors(
    organisation: Organisation, make_membership: MakeMembership, make_event: MakeEvent, role: str
) -> None:
    membership = make_membership(organisation, role)
    make_event(membership)
    actor = Actor.for_membership(membership)
    expected = 1 if role == Role.DATA_PROTECTION_OFFICER else 0
    assert selectors.audit_events_visible_to(actor).count() == expected
    assert selectors.audit_organisations_visible_to(actor).count() == expected
    assert selectors.access_log_visible_to(actor).count() == 0
    assert selectors.audit_events_visible_to(Actor.system("tests")).count() == 0


@pytest.mark.django_db
def test_an_anonymous_visitor_is_sent_to_sign_in(client: Client) -> None:
    response = client.get(URL, {"log": "changes"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))


@pytest.mark.django_db
def test_a_dpo_without_the_second_factor_is_sent_to_it(client: Client, dpo: Membership) -> None:
    client.force_login(dpo.user)
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:second-factor")


@pytest.mark.django_db
def test_someone_with_several_roles_searches_when_acting_as_dpo(
    client: Client, dpo: Membership, organisation: Organisation, colleague: Membership, make_event: MakeEvent
) -> None:
    second = Membership.objects.create(user=dpo.user, organisation=organisation, role=Role.REFERRER)
    make_event(colleague, action="referral.create")
    assert sign_in(client, second).get(URL).status_code == 403
    response = sign_in(client, dpo).get(URL, {"log": "changes"})
    assert _actions(response) == ["referral.create"]


@pytest.mark.django_db
def test_the_first_visit_shows_the_form_and_the_chain_status_but_searches_nothing(
    dpo_client: Client, colleague: Membership, make_event: MakeEvent
) -> None:
    make_event(colleague)
    make_event(colleague)
    seal_all()
    make_event(colleague)
    response = dpo_client.get(URL)
    assert response.status_code == 200
    assert "rows" not in response.context
    assert not AccessLogEntry.objects.exists()
    content = response.content.decode()
    assert "Audit trail (changes)" in content
    assert "2 rows sealed" in content and "1 waiting to be sealed" in content


@pytest.mark.django_db
def test_a_search_is_itself_recorded_in_the_access_log(
    dpo_client: Client, dpo: Membership, colleague: Membership, make_event: MakeEvent
) -> None:
    make_event(colleague, person_ref="P-123")
    dpo_client.get(URL, {"log": "changes", "person_ref": "P-123", "user": "alice"})
    entry = AccessLogEntry.objects.get(kind=AccessKind.SEARCH)
    assert entry.user == dpo.user
    assert entry.organisation == dpo.organisation
    assert entry.role == Role.DATA_PROTECTION_OFFICER
    assert entry.person_ref == "P-123"
    assert entry.description == "Searched the changes log, person reference P-123, user matching 'alice'"
    assert entry.path.startswith("/audit/?")


@pytest.mark.django_db
def test_the_searches_show_up_in_the_access_log(dpo_client: Client) -> None:
    dpo_client.get(URL, {"log": "changes"})
    response = dpo_client.get(URL, {"log": "access"})
    # This search (recorded before the results are read), and the first.
    assert _actions(response) == ["Searched", "Searched"]
    assert "Searched the changes log, no filters" in response.content.decode()


@pytest.mark.django_db
def test_filter_by_person_reference(dpo_client: Client, colleague: Membership, make_event: MakeEvent) -> None:
    make_event(colleague, action="about.p1", person_ref="P-1")
    make_event(colleague, action="about.p2", person_ref="P-2")
    assert _actions(dpo_client.get(URL, {"log": "changes", "person_ref": " P-2 "})) == ["about.p2"]


@pytest.mark.django_db
def test_filter_by_user_name_or_email(
    dpo_client: Client,
    organisation: Organisation,
    colleague: Membership,
    make_membership: MakeMembership,
    make_event: MakeEvent,
) -> None:
    other = make_membership(organisation, Role.REFERRER, name="Carol Brown", email="carol@northshire.example")
    make_event(colleague, action="by.alice")
    make_event(other, action="by.carol")
    assert _actions(dpo_client.get(URL, {"log": "changes", "user": "SMITH"})) == ["by.alice"]
    assert _actions(dpo_client.get(URL, {"log": "changes", "user": "carol@north"})) == ["by.carol"]
    assert sorted(_actions(dpo_client.get(URL, {"log": "changes", "user": "northshire"}))) == [
        "by.alice",
        "by.carol",
    ]


@pytest.mark.django_db
def test_filter_by_user_finds_someone_renamed_since(
    dpo_client: Client, colleague: Membership, make_event: MakeEvent
) -> None:
    make_event(colleague, action="by.alice")
    colleague.user.full_name = "Alice Jones"
    colleague.user.save()
    assert _actions(dpo_client.get(URL, {"log": "changes", "user": "Smith"})) == ["by.alice"]
    assert _actions(dpo_client.get(URL, {"log": "changes", "user": "Jones"})) == ["by.alice"]


@pytest.mark.django_db
def test_filter_by_dates_includes_both_whole_days(
    dpo_client: Client, colleague: Membership, make_event: MakeEvent
) -> None:
    make_event(colleague, action="ten.days.ago", occurred_at=days_ago(10))
    make_event(colleague, action="five.days.ago.early", occurred_at=days_ago(5, hour=0))
    make_event(colleague, action="three.days.ago.late", occurred_at=days_ago(3, hour=23))
    make_event(colleague, action="today", occurred_at=timezone.now())
    day = timezone.localdate()
    criteria = {
        "log": "changes",
        **_date_boxes("date_from", day - dt.timedelta(days=5)),
        **_date_boxes("date_to", day - dt.timedelta(days=3)),
    }
    assert _actions(dpo_client.get(URL, criteria)) == ["three.days.ago.late", "five.days.ago.early"]
    assert _actions(dpo_client.get(URL, {"log": "changes", **_date_boxes("date_from", day)})) == ["today"]
    assert _actions(
        dpo_client.get(URL, {"log": "changes", **_date_boxes("date_to", day - dt.timedelta(days=6))})
    ) == ["ten.days.ago"]


def _date_boxes(name: str, day: dt.date) -> dict[str, str]:
    """A date as a person types it into the day, month and year boxes."""
    return {f"{name}_day": str(day.day), f"{name}_month": str(day.month), f"{name}_year": str(day.year)}


@pytest.mark.django_db
def test_filter_by_organisation_offers_only_your_own(
    dpo_client: Client,
    organisation: Organisation,
    other_organisation: Organisation,
    colleague: Membership,
    make_event: MakeEvent,
) -> None:
    make_event(colleague, action="referral.create")
    response = dpo_client.get(URL, {"log": "changes", "organisation": organisation.pk})
    assert _actions(response) == ["referral.create"]
    assert list(response.context["form"].fields["organisation"].queryset) == [organisation]

    response = dpo_client.get(URL, {"log": "changes", "organisation": other_organisation.pk})
    assert "rows" not in response.context
    assert "Select an organisation from the list" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "criteria, field, message",
    [
        (
            {"date_from": "3/3/2024", "date_to": "2/3/2024"},
            "date_to",
            "Date to must be the same as or after date from",
        ),
        ({"date_from": "31/2/2024"}, "date_from", "Date from must be a real date"),
        ({"date_to": "yesterday/3/2024"}, "date_to", "Date to must be a real date"),
        ({"date_to": "3//2024"}, "date_to", "Date to must include a month"),
        ({"date_from": "FUTURE"}, "date_from", "Date from must be today or in the past"),
        ({"date_to": "FUTURE"}, "date_to", "Date to must be today or in the past"),
        ({"log": "everything"}, "log", "Select which log to search"),
    ],
)
def test_bad_criteria_give_a_plain_english_error_and_no_results(
    dpo_client: Client,
    colleague: Membership,
    make_event: MakeEvent,
    criteria: dict[str, str],
    field: str,
    message: str,
) -> None:
    make_event(colleague)
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).strftime("%d/%m/%Y")
    params = {"log": "changes"}
    for key, value in criteria.items():
        if key == "log":
            params[key] = value
            continue
        # "d/m/y" stands for what is typed in the day, month and year boxes.
        typed = tomorrow if value == "FUTURE" else value
        params.update(zip((f"{key}_day", f"{key}_month", f"{key}_year"), typed.split("/"), strict=True))
    response = dpo_client.get(URL, params)
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    content = response.content.decode()
    assert "<title>Error: Search the audit trail" in content
    assert message in content
    assert "rows" not in response.context
    assert not AccessLogEntry.objects.exists()  # nothing was searched


@pytest.mark.django_db
def test_results_are_newest_first_and_paginated_50_a_page(
    dpo_client: Client, colleague: Membership, make_event: MakeEvent
) -> None:
    start = timezone.now() - dt.timedelta(hours=2)
    for n in range(60):
        make_event(colleague, action=f"step.{n:02d}", occurred_at=start + dt.timedelta(minutes=n))
    response = dpo_client.get(URL, {"log": "changes", "user": "alice"})
    assert _actions(response)[:2] == ["step.59", "step.58"]
    assert len(response.context["rows"]) == 50
    content = response.content.decode()
    assert "60 results" in content and "Showing 1 to 50 of 60" in content
    assert 'class="govuk-pagination"' in content
    assert 'href="?log=changes&amp;user=alice&amp;page=2" rel="next"' in content

    page_2 = dpo_client.get(URL, {"log": "changes", "user": "alice", "page": 2})
    assert _actions(page_2) == [f"step.{n:02d}" for n in range(9, -1, -1)]
    assert 'rel="prev"' in page_2.content.decode()
    assert AccessLogEntry.objects.filter(description__endswith="user matching 'alice', page 2").exists()


@pytest.mark.django_db
def test_no_results_says_so(dpo_client: Client) -> None:
    response = dpo_client.get(URL, {"log": "changes", "person_ref": "nobody"})
    assert "0 results" in response.content.decode()
    assert "No rows match your search" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("log", ["changes", "access"])
def test_the_number_of_queries_does_not_grow_with_the_rows_shown(
    dpo_client: Client,
    colleague: Membership,
    outsider: Membership,
    make_event: MakeEvent,
    make_access: Callable[..., AccessLogEntry],
    django_assert_max_num_queries: Callable[..., Any],
    log: str,
) -> None:
    def add(count: int) -> None:
        for _ in range(count):
            make_event(colleague, changes={"status": "open"})
            make_access(colleague)

    add(5)
    with CaptureQueriesContext(connection) as five_rows:
        response = dpo_client.get(URL, {"log": log})
    assert len(response.context["rows"]) >= 5

    add(55)
    with django_assert_max_num_queries(len(five_rows.captured_queries)):
        response = dpo_client.get(URL, {"log": log})
    assert len(response.context["rows"]) == 50
