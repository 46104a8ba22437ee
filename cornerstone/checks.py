"""Deploy checks of our own: ``manage.py check --deploy`` fails if the demo mode is on."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def demo_mode_is_off(app_configs: Any, **kwargs: Any) -> list[Error]:
    errors = []
    if settings.DEMO_MODE:
        errors.append(
            Error(
                "CORNERSTONE_DEMO_MODE is on. It relaxes cookie security and uses a built-in "
                "secret key, and must never be on in production.",
                id="cornerstone.E001",
            )
        )
    if not settings.SESSION_COOKIE_SECURE or not settings.CSRF_COOKIE_SECURE:
        errors.append(Error("Session and CSRF cookies must be secure in production.", id="cornerstone.E002"))
    if "console" in settings.EMAIL_BACKEND or "locmem" in settings.EMAIL_BACKEND:
        errors.append(Error("Configure a real email backend for production.", id="cornerstone.E003"))
    return errors
