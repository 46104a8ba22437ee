from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from cornerstone.accounts import services
from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.accounts.tests.helpers import sign_in
from cornerstone.audit.models import AuditEvent
from cornerstone.demo.generator import DEMO_PASSWORD, DemoWorld, demo_email

pytestmark = pytest.mark.django_db


def emailed_link(body: str) -> str:
    """The path of the set-password link in an email."""
    url = next(word for word in body.split() if "/set-password/" in word)
    return urlsplit(url).path


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_sign_in_needs_password_then_security_code(client: Client, world: DemoWorld) -> None:
    email = demo_email(Role.CHANNEL_COORDINATOR)
    response = client.post("/sign-in/", {"username": email, "password": DEMO_PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/second-factor/"
    # Signed in with a password only: every other page sends you to the second factor.
    assert client.get("/")["Location"] == "/second-factor/"
    assert client.get("/account/")["Location"] == "/second-factor/"

    device = TOTPDevice.objects.get(user__email=email)
    response = client.post("/second-factor/", {"code": current_code(device)})
    assert response["Location"] == "/"
    home = client.get("/")
    assert home.status_code == 200
    assert "Channel coordinator" in home.content.decode()
    assert AuditEvent.objects.filter(action="session.sign_in", actor__email=email).count() == 1


def test_wrong_password_is_refused_in_plain_english_and_keeps_the_email(
    client: Client, world: DemoWorld
) -> None:
    email = demo_email(Role.REFERRER)
    response = client.post("/sign-in/", {"username": email, "password": "not the password"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter a correct email address and password" in page
    assert "govuk-error-summary" in page
    assert f'value="{email}"' in page
    assert "_auth_user_id" not in client.session


def test_a_wrong_security_code_is_refused(client: Client, world: DemoWorld) -> None:
    client.post("/sign-in/", {"username": demo_email(Role.REFERRER), "password": DEMO_PASSWORD})
    response = client.post("/second-factor/", {"code": "000000"})
    assert response.status_code == 200
    assert "The security code is not right" in response.content.decode()
    assert client.get("/")["Location"] == "/second-factor/"


def test_repeated_failures_lock_the_sign_in(client: Client, world: DemoWorld) -> None:
    email = demo_email(Role.REFERRER)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/sign-in/", {"username": email, "password": "wrong password"})
    # Locked: even the right password is refused now.
    response = client.post("/sign-in/", {"username": email, "password": DEMO_PASSWORD})
    assert response.status_code == 429
    assert "Sign-in is locked" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_new_user_must_set_up_an_authenticator_and_gets_backup_codes(
    client: Client, world: DemoWorld
) -> None:
    user = world.users_by_role[Role.REFERRER]
    TOTPDevice.objects.filter(user=user).delete()
    client.post("/sign-in/", {"username": user.email, "password": DEMO_PASSWORD})
    setup = client.get("/second-factor/")
    assert "Set up your authenticator app" in setup.content.decode()
    assert "<svg" in setup.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post("/second-factor/", {"code": current_code(device)})
    assert response["Location"] == "/second-factor/backup-codes/"
    codes_page = client.get("/second-factor/backup-codes/").content.decode()
    assert codes_page.count("<code>") == services.BACKUP_CODE_COUNT
    # Shown once only.
    assert client.get("/second-factor/backup-codes/")["Location"] == "/"


def test_a_backup_code_works_once(world: DemoWorld) -> None:
    user = world.users_by_role[Role.REFERRER]
    codes = services.backup_codes_regenerate(actor=Actor(user=user))
    for attempt in range(2):
        client = Client()
        client.post("/sign-in/", {"username": user.email, "password": DEMO_PASSWORD})
        response = client.post("/second-factor/", {"code": codes[0]})
        if attempt == 0:
            assert response["Location"] == "/"
        else:
            assert response.status_code == 200


def test_sign_out_everywhere_ends_other_sessions(world: DemoWorld) -> None:
    user = world.users_by_role[Role.PANEL_CHAIR]
    laptop, phone = sign_in(Client(), user), sign_in(Client(), user)
    assert phone.get("/").status_code == 200
    laptop.post("/account/sign-out-everywhere/")
    assert phone.get("/")["Location"].startswith("/sign-in/")
    assert laptop.get("/")["Location"].startswith("/sign-in/")


def test_a_deactivated_account_is_signed_out_at_once(client: Client, world: DemoWorld) -> None:
    referrer = world.memberships_by_role[Role.REFERRER]
    sign_in(client, referrer.user)
    admin = Actor.for_membership(world.memberships_by_role[Role.SYSTEM_ADMINISTRATOR])
    services.user_deactivate(actor=admin, user=referrer.user, reason="Left the school")
    assert client.get("/")["Location"].startswith("/sign-in/")
    response = Client().post("/sign-in/", {"username": referrer.user.email, "password": DEMO_PASSWORD})
    assert "Enter a correct email address and password" in response.content.decode()


def test_sessions_end_after_thirty_idle_minutes() -> None:
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST  # activity renews the expiry: it is an idle timeout


def test_sign_out_needs_a_post_and_ends_the_session(client: Client, world: DemoWorld) -> None:
    sign_in(client, world.users_by_role[Role.ANALYST])
    assert client.get("/sign-out/").status_code == 405
    response = client.post("/sign-out/")
    assert response["Location"] == "/signed-out/"
    assert client.get("/")["Location"].startswith("/sign-in/")


def test_password_reset_by_email(client: Client, world: DemoWorld) -> None:
    user = world.users_by_role[Role.PANEL_MEMBER]
    response = client.post("/password-reset/", {"email": user.email})
    assert response["Location"] == "/password-reset/sent/"
    assert len(mail.outbox) == 1
    page = client.get(emailed_link(mail.outbox[0].body), follow=True)
    assert "Set your password" in page.content.decode()
    form_url = page.redirect_chain[-1][0]
    short = client.post(form_url, {"new_password1": "short", "new_password2": "short"})
    assert "This password is too short" in short.content.decode()
    done = client.post(
        form_url, {"new_password1": "a new and long password", "new_password2": "a new and long password"}
    )
    assert done["Location"] == "/set-password/done/"
    user.refresh_from_db()
    assert user.check_password("a new and long password")
    assert AuditEvent.objects.filter(action="user.password_reset", object_id=str(user.pk)).exists()


def test_password_reset_does_not_reveal_whether_an_account_exists(client: Client, world: DemoWorld) -> None:
    response = client.post("/password-reset/", {"email": "nobody@example.org"})
    assert response["Location"] == "/password-reset/sent/"
    assert mail.outbox == []


def test_an_invitation_lets_the_person_set_a_password(
    client: Client, world: DemoWorld, django_capture_on_commit_callbacks: Any
) -> None:
    admin = world.memberships_by_role[Role.ORGANISATION_ADMINISTRATOR]
    sign_in(client, admin.user, admin)
    # The invitation is emailed only once the new user is committed.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/users/invite/",
            {
                "full_name": "Priya Shah",
                "email": "Priya.Shah@Example.org",
                "job_title": "",
                "role": Role.CHANNEL_COORDINATOR,
            },
        )
    assert response["Location"] == "/users/"
    assert mail.outbox[0].to == ["priya.shah@example.org"]
    invited = Client()
    page = invited.get(emailed_link(mail.outbox[0].body), follow=True)
    form_url = page.redirect_chain[-1][0]
    invited.post(
        form_url, {"new_password1": "priya's long password", "new_password2": "priya's long password"}
    )
    assert AuditEvent.objects.filter(action="user.accept_invitation").count() == 1


def test_the_invite_form_keeps_what_was_typed_and_saves_nothing_on_error(
    client: Client, world: DemoWorld
) -> None:
    admin = world.memberships_by_role[Role.ORGANISATION_ADMINISTRATOR]
    sign_in(client, admin.user, admin)
    response = client.post("/users/invite/", {"full_name": "Sam Jones", "email": "not-an-email", "role": ""})
    page = response.content.decode()
    assert "Enter an email address in the correct format" in page
    assert "Select a role" in page
    assert 'value="Sam Jones"' in page
    assert not world.organisations["warrington"].memberships.filter(user__full_name="Sam Jones").exists()
