from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Print the current TOTP code of a demo user (demo mode only)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("email")

    def handle(self, *args: Any, email: str, **options: Any) -> None:
        if not settings.DEMO_MODE:
            raise CommandError("demo_totp only runs with CORNERSTONE_DEMO_MODE=1.")
        device = TOTPDevice.objects.filter(user__email=email.lower(), confirmed=True).first()
        if device is None:
            raise CommandError(f"No demo user with an authenticator is called {email}.")
        code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
        self.stdout.write(f"{code:0{device.digits}d}")
