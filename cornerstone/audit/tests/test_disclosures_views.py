"""The onward-disclosure pages: recording from the case pages, the register's scoping, filters
and CSV export (each logged), and keeping agreements."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cornerstone.accounts.models import Membership
from cornerstone.accounts.roles import Role
from cornerstone.accounts.tests.helpers import sign_in
from cornerstone.audit.disclosures.views import EXPORT_HEADERS
from cornerstone.audit.models import AccessKind, AccessLogEntry, InformationSharingAgreement, OnwardDisclosure
from cornerstone.audit.tests import disclosure_fixtures as fx
from cornerstone.demo.generator import DemoWorld
from cornerstone.referrals.workflow import Status

pytestmark = pytest.mark.django_db

LINK = "Record information shared outside the partnership"


def _client(world: DemoWorld, role: str) -> Client:
    membership = world.memberships_by_role[role]
    return sign_in(Client(), membership.user, membership)


def _dpo_at(world: DemoWorld, key: str) -> Client:
    membership = Membership.objects.create(
        user=world.users_by_role[Role.ANALYST],
        organisation=world.organisations[key],
        role=Role.DATA_PROTECTION_OFFICER,
    )
    return sign_in(Client(), membership.user, membership)


def _form(agreement_id: int | str = "", **overrides: str) -> dict[str, str]:
    today = timezone.localdate()
    data = {
        "recipient_organisation": "Department for Work and Pensions",
        "recipient_contact": "Jo Bloggs, 01632 960 123",
        "lawful_basis": "uk_gdpr_6_1_e",
        "agreement": str(agreement_id),
        "no_agreement_reason": "",
        "shared_description": "Name and the housing concern",
        "shared_records": "The referral form",
        "disclosed_on_day": str(today.day),
        "disclosed_on_month": str(today.month),
        "disclosed_on_year": str(today.year),
        "decided_by": "Casey Coordinator",
        "reason": "Emergency housing",
    }
    data.update(overrides)
    return data


def test_the_coordinator_records_from_the_channel_case_page(world: DemoWorld) -> None:
    referral = fx.case(world)
    agreement = fx.agreement(world)
    client = _client(world, Role.CHANNEL_COORDINATOR)
    page = client.get(f"/channel/{referral.pk}/").content.decode()
    assert LINK in page

    response = client.post(f"/disclosures/record/{referral.pk}/", _form(agreement.pk))
    assert response.status_code == 302 and response["Location"] == f"/channel/{referral.pk}/"
    disclosure = OnwardDisclosure.objects.get()
    assert disclosure.referral == referral and disclosure.agreement == agreement

    page = client.get(f"/channel/{referral.pk}/").content.decode()
    assert "Information shared outside the partnership" in page
    assert "Department for Work and Pensions" in page
    assert "housing concern" not in page  # the content stays off the timeline


def test_the_police_record_from_the_screening_case_page(world: DemoWorld) -> None:
    referral = fx.case(world, Status.IN_SCREENING)
    client = _client(world, Role.POLICE_PREVENT_OFFICER)
    assert LINK in client.get(f"/referrals/{referral.pk}/").content.decode()
    response = client.post(
        f"/disclosures/record/{referral.pk}/",
        _form(lawful_basis="court_order", no_agreement_reason="Order of Warrington Crown Court, 3 March"),
    )
    assert response.status_code == 302 and response["Location"] == f"/referrals/{referral.pk}/"
    assert OnwardDisclosure.objects.get().agreement is None


def test_the_panel_chair_sees_the_case_but_not_the_action(world: DemoWorld) -> None:
    referral = fx.case(world)
    page = _client(world, Role.PANEL_CHAIR).get(f"/channel/{referral.pk}/").content.decode()
    assert LINK not in page


def test_a_refused_disclosure_shows_plain_errors_and_saves_nothing(world: DemoWorld) -> None:
    referral = fx.case(world)
    response = _client(world, Role.CHANNEL_COORDINATOR).post(
        f"/disclosures/record/{referral.pk}/", _form(recipient_organisation="", reason="")
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page
    assert "Enter the organisation the information was shared with" in page
    # The service's own rules come back on the same page once the form itself is complete.
    response = _client(world, Role.CHANNEL_COORDINATOR).post(f"/disclosures/record/{referral.pk}/", _form())
    assert response.status_code == 400
    assert "Select the information sharing agreement" in response.content.decode()
    assert not OnwardDisclosure.objects.exists()


def test_the_register_shows_only_the_officers_own_organisations_disclosures(world: DemoWorld) -> None:
    fx.record(world, recipient_organisation="Warrington Housing Association")
    fx.record(world, role=Role.POLICE_PREVENT_OFFICER, recipient_organisation="HM Revenue and Customs")
    ctp_page = _dpo_at(world, "ctp").get("/disclosures/").content.decode()
    assert "HM Revenue and Customs" in ctp_page and "Warrington Housing Association" not in ctp_page
    warrington_page = _dpo_at(world, "warrington").get("/disclosures/").content.decode()
    assert (
        "Warrington Housing Association" in warrington_page
        and "HM Revenue and Customs" not in warrington_page
    )
    force_page = _client(world, Role.DATA_PROTECTION_OFFICER).get("/disclosures/").content.decode()
    assert "0 disclosures" in force_page
    # Each look at the register is in the access log.
    assert AccessLogEntry.objects.filter(kind=AccessKind.SEARCH, path="/disclosures/").count() == 3


def test_the_register_filters_by_date_and_recipient(world: DemoWorld) -> None:
    today = timezone.localdate()
    fx.record(
        world,
        recipient_organisation="Warrington Housing Association",
        disclosed_on=today - dt.timedelta(days=40),
    )
    fx.record(
        world, recipient_organisation="HM Revenue and Customs", disclosed_on=today - dt.timedelta(days=2)
    )
    client = _dpo_at(world, "warrington")
    week_ago = today - dt.timedelta(days=7)
    page = client.get(
        "/disclosures/",
        {"date_from_day": week_ago.day, "date_from_month": week_ago.month, "date_from_year": week_ago.year},
    ).content.decode()
    assert "HM Revenue" in page and "Warrington Housing" not in page
    page = client.get("/disclosures/", {"recipient": "housing"}).content.decode()
    assert "Warrington Housing" in page and "HM Revenue" not in page
    entry = AccessLogEntry.objects.filter(kind=AccessKind.SEARCH).latest("id")
    assert entry.description == "Viewed the onward-disclosure register, recipient matching 'housing'"

    bad = client.get(
        "/disclosures/", {"date_from_day": "40", "date_from_month": "1", "date_from_year": "2026"}
    )
    assert bad.status_code == 400 and "must be a real date" in bad.content.decode()


def test_the_csv_export_is_classified_safe_and_logged(world: DemoWorld) -> None:
    fx.record(world, recipient_organisation='=HYPERLINK("http://example.org")')
    fx.record(world, recipient_organisation="Warrington Housing Association")
    response = _dpo_at(world, "warrington").get("/disclosures/export.csv", {"recipient": "hyperlink"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["OFFICIAL-SENSITIVE"]
    assert rows[1] == list(EXPORT_HEADERS)
    assert len(rows) == 3
    assert rows[2][3].startswith("'=HYPERLINK")  # never run as a formula
    assert rows[2][6] == fx.AGREEMENT_REFERENCE
    entry = AccessLogEntry.objects.get(kind=AccessKind.EXPORT)
    assert entry.description == "Exported the onward-disclosure register, recipient matching 'hyperlink'"


def test_a_data_protection_officer_adds_and_changes_an_agreement(world: DemoWorld) -> None:
    client = _client(world, Role.DATA_PROTECTION_OFFICER)
    force = world.organisations["force"]
    data = {
        "reference": "ISA-2026-020",
        "title": "Force and DWP",
        "organisations": [str(force.pk)],
        "external_parties": "Department for Work and Pensions",
        "purpose": "Safeguarding",
        "lawful_basis": "dpa_2018_s35",
        "starts_on_day": "1",
        "starts_on_month": "4",
        "starts_on_year": "2026",
        "review_on_day": "31",
        "review_on_month": "3",
        "review_on_year": "2026",
        "is_active": "on",
    }
    refused = client.post("/disclosures/agreements/new/", data)
    assert refused.status_code == 400
    assert "The review date must be the same as or after the start date" in refused.content.decode()

    data["review_on_year"] = "2027"
    assert client.post("/disclosures/agreements/new/", data).status_code == 302
    agreement = InformationSharingAgreement.objects.get(reference="ISA-2026-020")
    assert list(agreement.organisations.all()) == [force]

    data["title"] = "Force and the Department for Work and Pensions"
    del data["is_active"]
    assert client.post(f"/disclosures/agreements/{agreement.pk}/", data).status_code == 302
    agreement.refresh_from_db()
    assert agreement.title == "Force and the Department for Work and Pensions" and not agreement.is_active
    listing = client.get("/disclosures/agreements/").content.decode()
    assert "ISA-2026-020" in listing and "Not in force" in listing


def test_an_agreement_of_other_organisations_cannot_be_changed_by_a_data_protection_officer(
    world: DemoWorld,
) -> None:
    theirs = fx.agreement(world, "ISA-THEIRS")
    theirs.organisations.set([world.organisations["warrington"]])
    client = _client(world, Role.DATA_PROTECTION_OFFICER)
    assert client.get(f"/disclosures/agreements/{theirs.pk}/").status_code == 403
    assert (
        _client(world, Role.SYSTEM_ADMINISTRATOR).get(f"/disclosures/agreements/{theirs.pk}/").status_code
        == 200
    )


def test_the_register_query_count_does_not_grow_with_its_rows(world: DemoWorld) -> None:
    client = _dpo_at(world, "warrington")
    fx.record(world)
    with CaptureQueriesContext(connection) as one:
        assert client.get("/disclosures/").status_code == 200
    for number in range(5):
        fx.record(world, recipient_organisation=f"Outside body {number}")
    with CaptureQueriesContext(connection) as six:
        assert client.get("/disclosures/").status_code == 200
    assert len(six) == len(one)
