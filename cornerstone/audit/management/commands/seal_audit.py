"""Seal both logs now. The task worker does this after every commit; run this from cron as a
backstop, so rows left by a failed or missed task are never waiting long."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cornerstone.audit.chain import CHAINED_MODELS, log_name, log_title, seal


class Command(BaseCommand):
    help = "Seal every committed, unsealed row of the audit trail and the access log into their hash chains."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = {log_name(model): seal(model) for model in CHAINED_MODELS}
        total = sum(counts.values())
        detail = ", ".join(f"{log_title(log).lower()} {count}" for log, count in counts.items())
        self.stdout.write(f"Sealed {total} row{'s' if total != 1 else ''} ({detail}).")
