"""The whole question flow through the Django test client, as a teacher would fill it in."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from cornerstone.accounts.roles import Role
from cornerstone.accounts.tests.helpers import sign_in
from cornerstone.referrals.models import Referral
from cornerstone.referrals.steps import STEPS_BY_SLUG, steps_for
from cornerstone.referrals.tests.helpers import complete_answers
from cornerstone.referrals.workflow import Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def teacher(client: Client, world):  # type: ignore[no-untyped-def]
    membership = world.memberships_by_role[Role.REFERRER]
    return sign_in(client, membership.user, membership)


def _post(client: Client, referral: Referral, slug: str, data: dict[str, list[str]], query: str = ""):  # type: ignore[no-untyped-def]
    url = reverse("referrals:step", args=[referral.pk, slug]) + query
    return client.post(url, dict(data))


def test_home_page_offers_a_referral_and_the_start_page_says_999_first(teacher: Client) -> None:
    home = teacher.get("/").content.decode()
    assert reverse("referrals:start") in home
    assert 'href="/referrals/"' in home  # the navigation item
    page = teacher.get(reverse("referrals:start")).content.decode()
    main = page[page.index("<main") :]
    assert main.index("999") < main.index("<h1")


def test_complete_flow_from_start_to_confirmation(teacher: Client, world) -> None:  # type: ignore[no-untyped-def]
    response = teacher.post(reverse("referrals:start"))
    referral = Referral.objects.get()
    assert response.url == reverse("referrals:step", args=[referral.pk, "name"])
    answers = complete_answers()
    slug: str | None = "name"
    visited = []
    while slug:
        page = teacher.get(reverse("referrals:step", args=[referral.pk, slug]))
        assert page.status_code == 200, slug
        assert "Continue" in page.content.decode()
        if slug == "attachments":
            response = teacher.post(
                reverse("referrals:step", args=[referral.pk, slug]), {"action": "continue"}
            )
        else:
            response = _post(teacher, referral, slug, answers[slug])
        assert response.status_code == 302, (slug, response.content.decode()[:3000])
        visited.append(slug)
        match = re.search(r"/referrals/\d+/([a-z-]+)/$", response.url)
        slug = match.group(1) if match and match.group(1) != "check" else None
    referral.refresh_from_db()
    assert visited == [step.slug for step in steps_for(referral)]
    assert "how-received" not in visited  # only for police recording on someone's behalf
    assert response.url == reverse("referrals:check", args=[referral.pk])

    check = teacher.get(response.url).content.decode()
    assert "Check your answers" in check
    assert "Sam" in check and "3 April 2010" in check and "Warrington" in check
    assert check.count(">Change<") >= 20
    assert "Extreme Right Wing" in check

    done = teacher.post(reverse("referrals:check", args=[referral.pk]))
    assert done.status_code == 302
    referral.refresh_from_db()
    assert referral.status == Status.SUBMITTED
    assert re.fullmatch(r"PRV-\d{4}-\d{6}", referral.reference or "")
    confirmation = teacher.get(done.url).content.decode()
    assert "govuk-panel--confirmation" in confirmation
    assert referral.reference in confirmation
    assert "What happens next" in confirmation
    assert referral.routed_to == world.organisations["ctp"]


def test_validation_messages(teacher: Client) -> None:
    teacher.post(reverse("referrals:start"))
    referral = Referral.objects.get()
    cases = [
        ("name", {}, ["Enter the person's given names", "Enter the person's family name"]),
        ("date-of-birth", {}, ["Select yes if you know the person's date of birth"]),
        (
            "date-of-birth",
            {
                "dob_known": "yes",
                "date_of_birth_day": "1",
                "date_of_birth_month": "1",
                "date_of_birth_year": "2999",
            },
            ["Date of birth must be in the past"],
        ),
        (
            "date-of-birth",
            {
                "dob_known": "yes",
                "date_of_birth_day": "30",
                "date_of_birth_month": "2",
                "date_of_birth_year": "2010",
            },
            ["Date of birth must be a real date"],
        ),
        ("date-of-birth", {"dob_known": "no"}, ["Enter the person&#x27;s approximate age"]),
        (
            "date-of-birth",
            {"dob_known": "no", "approximate_age": "old"},
            ["Approximate age must be a number"],
        ),
        ("address", {"postcode": "NOT A POSTCODE"}, ["Select the local authority area the person lives in"]),
        ("identifiers", {"nhs": "123"}, ["Enter an NHS number with 10 digits"]),
        ("identifiers", {"nhs": "485 777 3456"}, ["The NHS number is not right"]),
        ("address", {"postcode": "NOT A POSTCODE"}, ["Enter a real postcode"]),
        ("gender", {}, ["Select the person&#x27;s gender"]),
        ("online-behaviour", {"online": "yes"}, ["Enter what the online behaviour was"]),
        (
            "safeguarding-lead",
            {"lead_consulted": "no"},
            ["Enter why you have not talked to your safeguarding lead"],
        ),
        ("about-you", {"phone": "call me"}, ["Enter a phone number"]),
        ("concern-type", {}, ["Select the type of concern, or I am not sure"]),
    ]
    for slug, data, expected in cases:
        response = teacher.post(reverse("referrals:step", args=[referral.pk, slug]), data)
        html = response.content.decode()
        assert response.status_code == 400, slug
        assert "govuk-error-summary" in html, slug
        assert "<title>Error:" in html, slug
        for message in expected:
            assert message.replace("'", "&#x27;") in html or message in html, (slug, message)
    # A postcode in the wrong format is refused with the person index's own message.
    response = teacher.post(
        reverse("referrals:step", args=[referral.pk, "address"]), {"postcode": "NOT A POSTCODE"}
    )
    assert 'id="id_postcode-error"' in response.content.decode()
    referral.refresh_from_db()
    assert referral.answers == {}


def test_draft_resumes_and_change_links_return_to_check_answers(teacher: Client) -> None:
    teacher.post(reverse("referrals:start"))
    referral = Referral.objects.get()
    answers = complete_answers()
    _post(teacher, referral, "name", answers["name"])
    drafts = teacher.get(reverse("referrals:drafts")).content.decode()
    assert "Sam Taylor" in drafts
    # Resuming goes to the first page not answered yet.
    assert reverse("referrals:step", args=[referral.pk, "other-names"]) in drafts
    # The answer is shown again when the page is revisited.
    assert (
        'value="Sam"' in teacher.get(reverse("referrals:step", args=[referral.pk, "name"])).content.decode()
    )

    for step in steps_for(referral):
        if step.slug != "name":
            if step.slug == "attachments":
                teacher.post(reverse("referrals:step", args=[referral.pk, step.slug]), {"action": "continue"})
            else:
                _post(teacher, referral, step.slug, answers[step.slug])
    response = _post(
        teacher, referral, "name", {"given_names": ["Samuel"], "family_name": ["Taylor"]}, "?return=check"
    )
    assert response.url == reverse("referrals:check", args=[referral.pk])
    assert "Samuel" in teacher.get(response.url).content.decode()

    # Changing the date of birth to an adult's drops the question about parents; to a child's
    # brings it back, and the referrer is asked it before returning to check the answers.
    adult = {
        "dob_known": ["yes"],
        "date_of_birth_day": ["1"],
        "date_of_birth_month": ["1"],
        "date_of_birth_year": ["1990"],
    }
    _post(teacher, referral, "date-of-birth", adult, "?return=check")
    _post(teacher, referral, "awareness", {"person_knows": ["yes"]}, "?return=check")
    check = teacher.get(reverse("referrals:check", args=[referral.pk])).content.decode()
    assert "parents or carers know" not in check
    response = _post(teacher, referral, "date-of-birth", answers["date-of-birth"], "?return=check")
    assert response.status_code == 302
    # The stored awareness answers no longer pass (parents now asked), so it is asked again.
    assert "awareness" in response.url and "return=check" in response.url


def test_submitting_an_incomplete_draft_lists_the_pages_to_answer(teacher: Client) -> None:
    teacher.post(reverse("referrals:start"))
    referral = Referral.objects.get()
    response = teacher.post(reverse("referrals:check", args=[referral.pk]))
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert f"/referrals/{referral.pk}/name/?return=check" in html
    referral.refresh_from_db()
    assert referral.status == Status.DRAFT


def test_double_submit_through_the_pages_gives_one_referral(teacher: Client, world) -> None:  # type: ignore[no-untyped-def]
    from cornerstone.referrals.tests.helpers import draft

    referral = draft(world.memberships_by_role[Role.REFERRER])
    first = teacher.post(reverse("referrals:check", args=[referral.pk]))
    second = teacher.post(reverse("referrals:check", args=[referral.pk]))
    assert first.url == second.url == reverse("referrals:confirmation", args=[referral.pk])
    assert Referral.objects.count() == 1
    referral.refresh_from_db()
    assert referral.reference


def test_police_record_on_behalf_of_a_caller(client: Client, world) -> None:  # type: ignore[no-untyped-def]
    membership = world.memberships_by_role[Role.POLICE_PREVENT_OFFICER]
    sign_in(client, membership.user, membership)
    page = client.get(reverse("referrals:start")).content.decode()
    assert "Whose referral are you recording?" in page
    assert client.post(reverse("referrals:start"), {}).status_code == 400
    client.post(reverse("referrals:start"), {"who": "on_behalf"})
    referral = Referral.objects.get()
    assert referral.on_behalf
    slugs = [step.slug for step in steps_for(referral)]
    assert "how-received" in slugs and "about-you" not in slugs and "safeguarding-lead" not in slugs
    response = client.post(
        reverse("referrals:step", args=[referral.pk, "how-received"]), {"received_via": "phone"}
    )
    assert "Enter the name of the person who made the referral" in response.content.decode()
    page = client.get(reverse("referrals:step", args=[referral.pk, "how-received"])).content.decode()
    for method in ("Phone", "Email", "In person", "Letter", "Other"):
        assert method in page


def test_every_page_has_a_back_link_and_the_classification(teacher: Client) -> None:
    teacher.post(reverse("referrals:start"))
    referral = Referral.objects.get()
    for slug in STEPS_BY_SLUG:
        if slug == "how-received":
            continue
        html = teacher.get(reverse("referrals:step", args=[referral.pk, slug])).content.decode()
        assert "govuk-back-link" in html, slug
        assert "OFFICIAL-SENSITIVE" in html, slug


def test_only_the_pages_own_fields_are_kept(teacher: Client) -> None:
    teacher.post(reverse("referrals:start"))
    referral = Referral.objects.get()
    teacher.post(
        reverse("referrals:step", args=[referral.pk, "date-of-birth"]),
        {
            "dob_known": "yes",
            "date_of_birth_day": "3",
            "date_of_birth_month": "4",
            "date_of_birth_year": "2010",
            "something_else": "x" * 1000,
        },
    )
    referral.refresh_from_db()
    assert set(referral.answers["date-of-birth"]) == {
        "dob_known",
        "date_of_birth_day",
        "date_of_birth_month",
        "date_of_birth_year",
    }


def test_back_button_after_sending_shows_the_confirmation(teacher: Client, world) -> None:  # type: ignore[no-untyped-def]
    from cornerstone.referrals.tests.helpers import submitted

    referral = submitted(world.memberships_by_role[Role.REFERRER])
    confirmation = reverse("referrals:confirmation", args=[referral.pk])
    assert teacher.get(reverse("referrals:check", args=[referral.pk])).url == confirmation
    assert teacher.get(reverse("referrals:step", args=[referral.pk, "attachments"])).url == confirmation


def test_waiting_time_in_plain_english() -> None:
    import datetime as dt

    from cornerstone.referrals.views import waiting_time

    now = dt.datetime(2026, 5, 10, 12, tzinfo=dt.UTC)
    assert waiting_time(now - dt.timedelta(days=3, hours=5), now) == "3 days"
    assert waiting_time(now - dt.timedelta(days=1), now) == "1 day"
    assert waiting_time(now - dt.timedelta(hours=5), now) == "5 hours"
    assert waiting_time(now - dt.timedelta(minutes=61), now) == "1 hour"
    assert waiting_time(now - dt.timedelta(minutes=5), now) == "less than an hour"


def test_police_on_behalf_referral_reaches_the_queue(client: Client, world) -> None:  # type: ignore[no-untyped-def]
    from cornerstone.referrals.tests.helpers import draft

    officer = world.memberships_by_role[Role.POLICE_PREVENT_OFFICER]
    referral = draft(officer, on_behalf=True)
    assert referral.sector is not None and referral.sector.label == "Family"
    sign_in(client, officer.user, officer)
    check = client.get(reverse("referrals:check", args=[referral.pk])).content.decode()
    assert "How did the referral reach you?" in check and "Phone" in check and "Alex Taylor" in check
    response = client.post(reverse("referrals:check", args=[referral.pk]))
    assert response.url == reverse("referrals:confirmation", args=[referral.pk])
    queue = client.get(reverse("referrals:queue")).content.decode()
    referral.refresh_from_db()
    assert referral.reference in queue and "Recorded by police" in queue
    home = client.get("/").content.decode()
    assert "1 new referral is waiting for receipt" in home
