"""Production settings are secure by default, and the demo mode cannot pass the deploy check."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "cornerstone.settings",
    "DJANGO_SECRET_KEY": "x" * 20 + "a-long-random-looking-production-secret-for-the-test-0123456789",
    "DJANGO_ALLOWED_HOSTS": "cornerstone.example.org",
    "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
}


def run(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CORNERSTONE_"))}
    return subprocess.run(  # noqa: S603 - fixed arguments, our own interpreter
        [sys.executable, *args], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=120
    )


def test_production_settings_are_secure_by_default() -> None:
    script = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({k: getattr(s, k) for k in ['DEBUG', 'DEMO_MODE', 'SESSION_COOKIE_SECURE', "
        "'CSRF_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', 'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', "
        "'SESSION_COOKIE_NAME', 'CSRF_COOKIE_NAME', 'X_FRAME_OPTIONS', 'SESSION_COOKIE_AGE']}))"
    )
    result = run(["-c", script], **PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["DEBUG"] is False and values["DEMO_MODE"] is False
    assert (
        values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"] and values["SESSION_COOKIE_HTTPONLY"]
    )
    assert values["SESSION_COOKIE_NAME"].startswith("__Host-") and values["CSRF_COOKIE_NAME"].startswith(
        "__Host-"
    )
    assert values["SECURE_SSL_REDIRECT"] and values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["X_FRAME_OPTIONS"] == "DENY"
    assert values["SESSION_COOKIE_AGE"] == 1800


def test_production_refuses_to_start_without_a_secret_key() -> None:
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_SECRET_KEY"}
    result = run(["manage.py", "check"], **env)
    assert result.returncode != 0
    assert "Set DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.parametrize(
    ("extra", "passes"),
    [({}, True), ({"CORNERSTONE_DEMO_MODE": "1", "DJANGO_SECURE_COOKIES": "1"}, False)],
    ids=["production", "demo-mode"],
)
def test_the_deploy_check_fails_with_the_demo_mode_on(extra: dict[str, str], passes: bool) -> None:
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION_ENV, **extra)
    assert (result.returncode == 0) is passes, result.stdout + result.stderr
    if not passes:
        assert "cornerstone.E001" in result.stderr
