from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cornerstone.accounts.roles import Role
from cornerstone.accounts.tests.helpers import sign_in
from cornerstone.audit.models import AccessLogEntry, AuditEvent
from cornerstone.demo.generator import DemoWorld
from cornerstone.engagement import services
from cornerstone.engagement.models import Action, ActionStatus, Engagement, EngagementType, Theme
from cornerstone.engagement.roles import ENGAGEMENT_PUBLISHERS, ENGAGEMENT_READERS, ENGAGEMENT_RECORDERS
from cornerstone.geography.models import LocalAuthority
from cornerstone.govuk.exports import read_ods

from .conftest import TODAY, actor_for

pytestmark = pytest.mark.django_db


def _client(world: DemoWorld, role: str) -> Client:
    return sign_in(Client(), world.users_by_role[role], world.memberships_by_role[role])


def test_the_role_sets() -> None:
    assert {
        Role.COMMUNITY_ENGAGEMENT_OFFICER,
        Role.POLICE_PREVENT_OFFICER,
        Role.POLICE_PREVENT_SUPERVISOR,
        Role.FORCE_PREVENT_LEAD,
        Role.REGIONAL_PREVENT_COORDINATOR,
        Role.CHANNEL_COORDINATOR,
    } == ENGAGEMENT_RECORDERS
    assert ENGAGEMENT_READERS == ENGAGEMENT_RECORDERS
    assert ENGAGEMENT_PUBLISHERS < ENGAGEMENT_RECORDERS
    assert Role.POLICE_PREVENT_OFFICER not in ENGAGEMENT_PUBLISHERS


@pytest.mark.parametrize("role", sorted(Role.values))
def test_pages_by_role(world: DemoWorld, record: Callable[..., Engagement], role: str) -> None:
    engagement = record()
    action = services.action_add(
        actor=actor_for(world, Role.COMMUNITY_ENGAGEMENT_OFFICER),
        engagement=engagement,
        details=services.ActionDetails(you_said="a", agreed_action="b", owner_name="c", due_on=TODAY),
    )
    client = _client(world, role)
    pages = {
        "/engagement/": ENGAGEMENT_READERS,
        "/engagement/export.csv": ENGAGEMENT_READERS,
        "/engagement/export.ods": ENGAGEMENT_READERS,
        "/engagement/dashboard/": ENGAGEMENT_READERS,
        "/engagement/new/": ENGAGEMENT_RECORDERS,
        f"/engagement/{engagement.pk}/": ENGAGEMENT_READERS,
        f"/engagement/{engagement.pk}/change/": ENGAGEMENT_RECORDERS,
        f"/engagement/{engagement.pk}/actions/new/": ENGAGEMENT_RECORDERS,
        f"/engagement/{engagement.pk}/actions/{action.pk}/done/": ENGAGEMENT_RECORDERS,
        f"/engagement/{engagement.pk}/publish/": ENGAGEMENT_PUBLISHERS,
        "/engagement/you-said-we-did/": set(Role.values),
    }
    for path, allowed in pages.items():
        expected = 200 if role in allowed else 403
        assert client.get(path).status_code == expected, path


def test_another_areas_engagement_is_refused(world: DemoWorld, record: Callable[..., Engagement]) -> None:
    halton = record("HAL")
    client = _client(world, Role.CHANNEL_COORDINATOR)  # Warrington only
    for path in (
        f"/engagement/{halton.pk}/",
        f"/engagement/{halton.pk}/change/",
        f"/engagement/{halton.pk}/actions/new/",
    ):
        assert client.get(path).status_code == 403, path
    assert client.post(f"/engagement/{halton.pk}/change/", {"title": "x"}).status_code == 403


def test_unpublish_is_post_only_and_for_publishers(
    world: DemoWorld, record: Callable[..., Engagement]
) -> None:
    engagement = services.engagement_publish(
        actor=actor_for(world, Role.COMMUNITY_ENGAGEMENT_OFFICER), engagement=record(), summary="We met."
    )
    path = f"/engagement/{engagement.pk}/unpublish/"
    before = AuditEvent.objects.count()
    assert _client(world, Role.POLICE_PREVENT_OFFICER).post(path, {"reason": "x"}).status_code == 403
    publisher = _client(world, Role.FORCE_PREVENT_LEAD)
    assert publisher.get(path).status_code == 405
    assert AuditEvent.objects.count() == before
    response = publisher.post(path, {"reason": ""})
    assert response.status_code == 302
    engagement.refresh_from_db()
    assert engagement.is_published
    response = publisher.post(path, {"reason": "Out of date"}, follow=True)
    assert "Summary removed from the public page" in response.content.decode()
    engagement.refresh_from_db()
    assert not engagement.is_published


def _form(themes: dict[str, Theme], **changes: str | list[str]) -> dict[str, str | list[str]]:
    date = TODAY - dt.timedelta(days=2)
    data: dict[str, str | list[str]] = {
        "title": "Bewsey faith forum",
        "type": EngagementType.FAITH_FORUM,
        "date_day": str(date.day),
        "date_month": str(date.month),
        "date_year": str(date.year),
        "venue": "Bewsey Library",
        "local_authority": str(LocalAuthority.objects.get(code="WRT").pk),
        "other_organisations": "Bewsey Interfaith Group\n\nParents' forum",
        "headcount": "25",
        "age_under_18": "",
        "age_18_to_34": "10",
        "count_women": "12",
        "themes": [str(themes["places-of-worship"].pk)],
        "concerns": "Feeling unsafe walking to evening prayers.",
    }
    data.update(changes)
    return data


def test_recording_an_engagement_through_the_page(world: DemoWorld, themes: dict[str, Theme]) -> None:
    client = _client(world, Role.COMMUNITY_ENGAGEMENT_OFFICER)
    page = client.get("/engagement/new/").content.decode()
    assert "Record an engagement" in page and 'name="date_day"' in page
    response = client.post("/engagement/new/", _form(themes, headcount="5", date_day="31", date_month="2"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Date of the engagement must be a real date" in page
    assert not Engagement.objects.exists()
    response = client.post("/engagement/new/", _form(themes, headcount="5"))
    page = response.content.decode()
    assert "The age bands add up to 10, which is more than the 5 people who came" in page
    assert "The numbers of women and men add up to 12, which is more than the 5 people who came" in page
    response = client.post("/engagement/new/", _form(themes))
    engagement = Engagement.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/engagement/{engagement.pk}/"
    assert engagement.other_organisation_list == ["Bewsey Interfaith Group", "Parents' forum"]
    assert (engagement.age_under_18, engagement.age_18_to_34, engagement.count_women) == (None, 10, 12)
    page = client.get(response["Location"]).content.decode()
    assert "Bewsey faith forum recorded" in page and "Safety of places of worship" in page
    # And changed.
    response = client.post(f"/engagement/{engagement.pk}/change/", _form(themes, title="Bewsey forum"))
    assert response.status_code == 302
    engagement.refresh_from_db()
    assert engagement.title == "Bewsey forum"


def test_you_said_we_did_through_the_pages(world: DemoWorld, record: Callable[..., Engagement]) -> None:
    engagement = record()
    client = _client(world, Role.COMMUNITY_ENGAGEMENT_OFFICER)
    path = f"/engagement/{engagement.pk}/actions/new/"
    due = TODAY + dt.timedelta(days=20)
    response = client.post(path, {"you_said": "More patrols", "agreed_action": "Patrol the park"})
    page = response.content.decode()
    assert "Select who owns the action, or enter a role or organisation" in page
    assert "Enter the date the action is due" in page
    response = client.post(
        path,
        {
            "you_said": "More patrols near the park",
            "agreed_action": "Patrol the park on Friday nights",
            "owner_user": str(world.users_by_role[Role.COMMUNITY_ENGAGEMENT_OFFICER].pk),
            "due_on_day": str(due.day),
            "due_on_month": str(due.month),
            "due_on_year": str(due.year),
        },
    )
    assert response.status_code == 302
    action = Action.objects.get()
    done = f"/engagement/{engagement.pk}/actions/{action.pk}/done/"
    response = client.post(done, {"we_did": "", "done_on_day": "", "done_on_month": "", "done_on_year": ""})
    assert "Enter what was done" in response.content.decode()
    response = client.post(
        done,
        {
            "we_did": "Patrols every Friday since.",
            "done_on_day": str(TODAY.day),
            "done_on_month": str(TODAY.month),
            "done_on_year": str(TODAY.year),
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE
    # A done action has no "done" page any more.
    assert client.get(done).status_code == 403

    publish = f"/engagement/{engagement.pk}/publish/"
    assert "Enter the summary to publish" in client.post(publish, {"summary": ""}).content.decode()
    assert client.post(publish, {"summary": "We met residents of Orford."}).status_code == 302

    public = Client().get("/engagement/you-said-we-did/")
    page = public.content.decode()
    assert public.status_code == 200
    assert "We met residents of Orford." in page
    assert "More patrols near the park" in page and "Patrols every Friday since." in page
    # Nothing internal reaches the public page.
    assert "Stickers near the park." not in page  # the concerns
    assert world.users_by_role[Role.COMMUNITY_ENGAGEMENT_OFFICER].full_name not in page
    assert Client().get("/engagement/you-said-we-did/?area=HAL").status_code == 200


def test_the_public_page_shows_only_published_summaries(
    world: DemoWorld, record: Callable[..., Engagement], client: Client
) -> None:
    shown = record(title="Shown meeting")
    record("HAL", title="Hidden meeting")
    services.engagement_publish(
        actor=actor_for(world, Role.COMMUNITY_ENGAGEMENT_OFFICER), engagement=shown, summary="Summary here."
    )
    page = client.get("/engagement/you-said-we-did/").content.decode()
    assert "Shown meeting" in page and "Hidden meeting" not in page
    assert "Halton" not in page.split("<main")[1].split("</main>")[0]
    page = client.get("/engagement/you-said-we-did/?area=HAL").content.decode()
    assert "There is nothing published for that area" in page


def _export_setup(world: DemoWorld, record: Callable[..., Engagement]) -> Engagement:
    dangerous = record(title='=HYPERLINK("http://evil.test")', venue="+44 hall", concerns="@SUM(A1)\ttab")
    record("HAL", title="Halton meeting", type=EngagementType.TRAINING)
    return dangerous


def test_csv_export_is_safe_filtered_and_logged(world: DemoWorld, record: Callable[..., Engagement]) -> None:
    _export_setup(world, record)
    client = _client(world, Role.COMMUNITY_ENGAGEMENT_OFFICER)
    response = client.get("/engagement/export.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="engagement-log-')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["OFFICIAL"]
    assert rows[1][:4] == ["Reference", "Name", "Type", "Date"]
    body = {row[1]: row for row in rows[2:]}
    assert set(body) == {'\'=HYPERLINK("http://evil.test")', "Halton meeting"}
    dangerous = body['\'=HYPERLINK("http://evil.test")']
    assert dangerous[4] == "'+44 hall"
    assert "'@SUM(A1)\ttab" in dangerous
    entry = AccessLogEntry.objects.latest("pk")
    assert entry.kind == "export" and entry.description == "Engagement log, 2 records, CSV"
    # Filtered: only what the filter selects, and the filter is in the log.
    response = client.get("/engagement/export.csv?area=HAL")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row[1] for row in rows[2:]] == ["Halton meeting"]
    assert (
        AccessLogEntry.objects.latest("pk").description
        == "Engagement log, 1 record, CSV, filtered by area Halton"
    )
    # Scoped: a Warrington coordinator's export has no Halton rows.
    response = _client(world, Role.CHANNEL_COORDINATOR).get("/engagement/export.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 3


def test_ods_export_opens_and_has_the_rows(world: DemoWorld, record: Callable[..., Engagement]) -> None:
    _export_setup(world, record)
    response = _client(world, Role.FORCE_PREVENT_LEAD).get("/engagement/export.ods?type=training")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.oasis.opendocument.spreadsheet"
    rows = read_ods(response.content)
    assert rows[0] == ["OFFICIAL"]
    assert rows[1][1] == "Name"
    assert [row[1] for row in rows[2:]] == ["Halton meeting"]
    assert rows[2][2] == "Training" and rows[2][5] == "Halton"
    assert AccessLogEntry.objects.latest("pk").description.endswith("ODS, filtered by type Training")


def test_list_filters_and_bad_filters(world: DemoWorld, record: Callable[..., Engagement]) -> None:
    record(title="Warrington one")
    record("HAL", title="Halton one")
    client = _client(world, Role.COMMUNITY_ENGAGEMENT_OFFICER)
    page = client.get("/engagement/").content.decode()
    assert "2 engagements" in page
    page = client.get("/engagement/?area=HAL").content.decode()
    assert "1 engagement<" in page and "Halton one" in page and "Warrington one" not in page
    page = client.get("/engagement/?date_from_day=40&date_from_month=1&date_from_year=2026").content.decode()
    assert "From must be a real date" in page and "Correct the filters" in page


def test_dashboard_page(world: DemoWorld, record: Callable[..., Engagement]) -> None:
    record(date=TODAY - dt.timedelta(days=3))
    record("HAL", date=TODAY - dt.timedelta(days=3))
    client = _client(world, Role.FORCE_PREVENT_LEAD)
    page = client.get("/engagement/dashboard/").content.decode()
    assert "2 engagements in your area" in page
    assert page.count('<svg class="app-chart__svg"') == 4
    assert 'id="table-area"' in page and '<th scope="row" class="govuk-table__header">Halton</th>' in page
    page = client.get("/engagement/dashboard/?by=quarter").content.decode()
    assert "Engagements by quarter" in page
    page = client.get(
        "/engagement/dashboard/?date_from_day=1&date_from_month=6&date_from_year=2026"
        "&date_to_day=1&date_to_month=5&date_to_year=2026"
    ).content.decode()
    assert "The \u2018to\u2019 date must be the same as or after the \u2018from\u2019 date" in page


def test_the_list_page_query_count_does_not_grow_with_rows(
    world: DemoWorld, record: Callable[..., Engagement]
) -> None:
    officer = actor_for(world, Role.COMMUNITY_ENGAGEMENT_OFFICER)

    def add(number: int) -> None:
        for index in range(number):
            engagement = record("WRT" if index % 2 else "HAL", title=f"Meeting {index}")
            engagement.organisations.add(world.organisations["community"])
            services.action_add(
                actor=officer,
                engagement=engagement,
                details=services.ActionDetails(you_said="a", agreed_action="b", owner_name="c", due_on=TODAY),
            )

    client = _client(world, Role.COMMUNITY_ENGAGEMENT_OFFICER)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/engagement/").status_code == 200
        return len(captured)

    add(2)
    few = queries()
    add(15)
    assert queries() == few
    with CaptureQueriesContext(connection) as captured:
        client.get("/engagement/export.csv")
    exported = len(captured)
    add(10)
    with CaptureQueriesContext(connection) as captured:
        client.get("/engagement/export.csv")
    assert len(captured) == exported
    # 27 engagements: two pages of results.
    page = client.get("/engagement/?page=2").content.decode()
    assert 'aria-label="Page 2" aria-current="page"' in page and page.count("govuk-table__row") == 8
