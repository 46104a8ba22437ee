"""Sign-in, second factor, lockout, idle timeout, password reset and role home pages, in a real
browser against a live server."""

from __future__ import annotations

import re
import time
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from cornerstone.accounts.home import ROLE_HOMES
from cornerstone.accounts.roles import Role, role_label
from cornerstone.demo.generator import DEMO_PASSWORD, MULTI_ROLE_EMAIL, DemoWorld, demo_email
from tests.browser.conftest import assert_accessible, sign_in, sign_in_with_password

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("role", sorted(Role.values))
def test_each_role_signs_in_lands_on_its_home_and_signs_out(page: Page, world: DemoWorld, role: str) -> None:
    sign_in(page, demo_email(role))
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("main")).to_contain_text(ROLE_HOMES[role].purpose)
    expect(page.locator("main")).to_contain_text(role_label(role))
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You have signed out")
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/sign-in/"))


def test_a_person_with_two_roles_chooses_which_to_work_in(page: Page, world: DemoWorld) -> None:
    sign_in(page, MULTI_ROLE_EMAIL)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Which role are you working in?")
    assert_accessible(page)
    page.get_by_label(re.compile("Safeguarding lead, Mersey Vale College")).check()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("main")).to_contain_text(ROLE_HOMES[Role.SAFEGUARDING_LEAD].purpose)


def test_a_wrong_code_then_the_right_one(page: Page, world: DemoWorld) -> None:
    email = demo_email(Role.PANEL_CHAIR)
    sign_in_with_password(page, email)
    page.get_by_label("Security code").fill("123456")
    page.get_by_role("button", name="Continue").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("Security code")).to_be_focused()
    assert_accessible(page)
    # django-otp refuses any attempt within a second of a wrong code (throttling), as a person
    # retyping a code would never notice.
    time.sleep(1.1)
    device = TOTPDevice.objects.get(user__email=email)
    page.get_by_label("Security code").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("main")).to_contain_text(ROLE_HOMES[Role.PANEL_CHAIR].purpose)


def test_repeated_wrong_passwords_lock_the_sign_in(page: Page, world: DemoWorld, settings) -> None:  # type: ignore[no-untyped-def]
    email = demo_email(Role.REFERRER)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in_with_password(page, email, "not my password at all")
        expect(page.locator(".govuk-error-summary")).to_contain_text(
            "Enter a correct email address and password"
        )
    sign_in_with_password(page, email, "not my password at all")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign-in is locked for now")
    assert_accessible(page)
    # Once locked, even the right password is refused until the lock ends.
    sign_in_with_password(page, email, DEMO_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign-in is locked for now")


def test_an_idle_session_ends(page: Page, world: DemoWorld, settings) -> None:  # type: ignore[no-untyped-def]
    # The real timeout is 30 minutes (checked in the unit tests); here it is shortened to 2 seconds.
    settings.SESSION_COOKIE_AGE = 2
    sign_in(page, demo_email(Role.ANALYST))
    expect(page.locator("main")).to_contain_text(ROLE_HOMES[Role.ANALYST].purpose)
    time.sleep(3)
    page.goto("/account/")
    expect(page).to_have_url(re.compile(r"/sign-in/"))


def test_a_forgotten_password_is_reset_by_email(page: Page, world: DemoWorld) -> None:
    email = demo_email(Role.CHANNEL_COORDINATOR)
    page.goto("/sign-in/")
    page.get_by_role("link", name="I have forgotten my password").click()
    page.get_by_label("Email address").fill(email)
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    link = next(word for word in mail.outbox[-1].body.split() if "/set-password/" in word)
    page.goto(urlsplit(link).path)
    page.get_by_label("New password", exact=True).fill("a fresh and rather long password")
    page.get_by_label("Confirm new password").fill("a fresh and rather long password")
    page.get_by_role("button", name="Set password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your password is set")
    sign_in(page, email, "a fresh and rather long password")
    expect(page.locator("main")).to_contain_text(ROLE_HOMES[Role.CHANNEL_COORDINATOR].purpose)


def test_an_invited_person_sets_a_password_and_an_authenticator(page: Page, world: DemoWorld) -> None:
    sign_in(page, demo_email(Role.ORGANISATION_ADMINISTRATOR))
    page.get_by_role("link", name="Users").first.click()
    page.get_by_role("link", name="Invite someone").click()
    page.get_by_role("button", name="Send invitation").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the person's full name")
    assert_accessible(page)
    page.get_by_label("Full name").fill("Jordan Blake")
    page.get_by_label("Email address").fill("jordan.blake@example.org")
    page.get_by_label("Channel coordinator").check()
    page.get_by_role("button", name="Send invitation").click()
    expect(page.locator("main")).to_contain_text("Jordan Blake")
    page.get_by_role("button", name="Sign out").click()

    link = next(word for word in mail.outbox[-1].body.split() if "/set-password/" in word)
    page.goto(urlsplit(link).path)
    page.get_by_label("New password", exact=True).fill("jordan's long new password")
    page.get_by_label("Confirm new password").fill("jordan's long new password")
    page.get_by_role("button", name="Set password").click()
    sign_in_with_password(page, "jordan.blake@example.org", "jordan's long new password")
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your authenticator app")
    assert_accessible(page)
    device = TOTPDevice.objects.get(user__email="jordan.blake@example.org", confirmed=False)
    page.get_by_label("Security code from your app").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your backup codes")
    expect(page.locator("#backup-codes li")).to_have_count(10)
    page.get_by_role("link", name="I have saved my codes").click()
    expect(page.locator("main")).to_contain_text(ROLE_HOMES[Role.CHANNEL_COORDINATOR].purpose)
